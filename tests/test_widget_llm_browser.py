"""The widget rendering a real LLM's answer token by token: llama.cpp (xllamacpp, the tiny stories260K model)
behind ragqa, served on loopback, in Debian's Chromium.

The extractive answers arrive in one burst, so only a generating model shows that the widget renders text as it
streams. A llama.cpp grammar makes the tiny model open with a cited claim (ragqa holds LLM text back until the
first valid citation) and then keep writing, one token per ``delta`` event.
"""

from __future__ import annotations

import json
import os
import re

import pytest
from helpers import ROOT
from helpers.browser import CHROMIUM

if not CHROMIUM.exists() and os.environ.get("RAGQA_REQUIRE_BROWSER") != "1":
    pytest.skip(
        f"no Chromium at {CHROMIUM} (apt-get install -y chromium); .ci/run installs it", allow_module_level=True
    )

from helpers.llm import start_llama, stop  # noqa: E402
from helpers.servers import free_port, serve_app  # noqa: E402
from playwright.sync_api import Page, expect  # noqa: E402

from ragqa.api.app import create_app  # noqa: E402

expect.set_options(timeout=20_000)  # a shared two-core machine: give assertions room, they pass early anyway
GRAMMAR = json.dumps({"grammar": 'root ::= "Kabulov called the intelligence fake [1]." [a-z ]{300,500} "."'})


@pytest.fixture(scope="module")
def llm_base_url():
    port = free_port()
    proc = start_llama(port)
    yield f"http://127.0.0.1:{port}/v1"
    stop(proc)


def llm_settings(settings, base_url: str, max_tokens: int = 400, grammar: str = GRAMMAR):
    return settings.model_copy(
        update={
            "llm_base_url": base_url,
            "llm_context_tokens": 2048,  # the llama.cpp server's n_ctx
            "llm_max_tokens": max_tokens,
            "llm_chars_per_token": 1.3,  # the model's 512-token vocabulary makes tokens short
            "llm_temperature": 0.0,
            "llm_extra_body": grammar,
            "llm_rewrite_followups": False,
            "llm_retries": 0,
        }
    )


@pytest.fixture
def llm_app_base(settings, embedder, llm_base_url):
    with serve_app(create_app(llm_settings(settings, llm_base_url), encoder=embedder)) as base:
        yield base


def test_llm_answer_appears_token_by_token_with_its_citation(page: Page, llm_app_base: str):
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(llm_app_base + "/")
    page.get_by_role("button", name="Open chat").click()
    # Record what the reader sees after every change while the answer is still marked busy.
    page.evaluate(
        """() => {
          window.__seen = [];
          const root = document.querySelector('[data-ragqa-widget]').shadowRoot;
          new MutationObserver(() => {
            const a = root.querySelector('article.rq-bot');
            const t = a && a.querySelector('.rq-text');
            if (a && t && a.getAttribute('aria-busy') === 'true') window.__seen.push(t.textContent.length);
          }).observe(root, {subtree: true, childList: true, characterData: true, attributes: true});
        }"""
    )
    box = page.get_by_role("textbox", name="Your question")
    box.fill("Who is Zamir Kabulov?")
    box.press("Enter")
    node = page.get_by_role("article", name="Answer").last
    expect(node).to_have_class(re.compile(r"\brq-done\b"), timeout=60_000)
    seen = page.evaluate("() => window.__seen")
    lengths = sorted(set(seen))
    final = len(node.locator(".rq-text").text_content())
    assert len(lengths) >= 3 and lengths[0] < final, f"text did not grow while streaming: {lengths} -> {final}"
    assert seen == sorted(seen), "streamed text only grows"

    expect(node).to_contain_text("Kabulov called the intelligence fake")
    stored = page.evaluate(
        "() => JSON.parse(localStorage.getItem(Object.keys(localStorage).find(k => k.startsWith('ragqa-widget:'))))"
    )
    assert stored["messages"][-1]["mode"] == "llm"
    node.get_by_role("button", name=re.compile("^Source 1")).first.click()
    mark = page.locator("blockquote mark")
    expect(mark.first).to_be_visible()
    # The LLM paraphrased: the passage sentence sharing the claim's words is highlighted, not the whole passage.
    expect(mark).to_have_count(1)
    assert mark.text_content().startswith("Zamir Kabulov") and "called the intelligence" in mark.text_content()
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    page.screenshot(path=str(ROOT / "test-artifacts" / "widget-llm-passage.png"))
    assert errors == [], f"JavaScript errors on the page: {errors}"


def test_llm_killed_mid_answer_shows_the_error_and_retry_gets_an_answer(page: Page, settings, embedder):
    """A real fault: the LLM server process is killed while the widget is showing its answer."""
    port = free_port()
    proc = start_llama(port)
    long_grammar = json.dumps({"grammar": 'root ::= "Kabulov called the intelligence fake [1]." [a-z ]{500,700} "."'})
    app = create_app(llm_settings(settings, f"http://127.0.0.1:{port}/v1", 600, long_grammar), encoder=embedder)
    try:
        with serve_app(app) as base:
            page.goto(base + "/")
            page.get_by_role("button", name="Open chat").click()
            box = page.get_by_role("textbox", name="Your question")
            box.fill("Who is Zamir Kabulov?")
            box.press("Enter")
            node = page.get_by_role("article", name="Answer").last
            expect(node).to_contain_text("Kabulov called the intelligence fake", timeout=30_000)
            stop(proc)  # mid-stream: the model is still writing its 500+ letters
            alert = node.get_by_role("alert")
            expect(alert).to_contain_text("broke off", timeout=30_000)
            expect(node).to_contain_text("Kabulov called the intelligence fake")  # what was shown stays
            expect(page.get_by_role("button", name="Send question")).to_be_visible()
            (ROOT / "test-artifacts").mkdir(exist_ok=True)
            page.screenshot(path=str(ROOT / "test-artifacts" / "widget-llm-broke-off.png"))

            alert.get_by_role("button", name="Retry").click()  # the LLM is gone: ragqa falls back to extractive
            retried = page.get_by_role("article", name="Answer").last
            expect(retried).to_have_class(re.compile(r"\brq-done\b"), timeout=60_000)
            expect(retried).to_contain_text("Putin's envoy to Afghanistan")
            expect(page.get_by_role("article", name="Answer")).to_have_count(1)
            stored = page.evaluate(
                "() => JSON.parse(localStorage.getItem("
                "Object.keys(localStorage).find(k => k.startsWith('ragqa-widget:'))))"
            )
            assert stored["messages"][-1]["mode"] == "extractive"
    finally:
        stop(proc)
