"""The chat widget in a real browser: Debian's Chromium driven by Playwright, against a real ``ragqa serve``.

Nothing is mocked: the demo page, the widget, ``/ask`` streaming, ``/feedback`` and CORS all go over loopback
to the server. Slow and failing networks are produced with Chromium's own network emulation (DevTools
protocol), not with fake responses. Screenshots land in ``test-artifacts/`` for a human to look at.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import re
import threading
from collections.abc import Iterator

import httpx
import pytest
from helpers import ROOT
from helpers.browser import CHROMIUM
from helpers.servers import free_port

if not CHROMIUM.exists() and os.environ.get("RAGQA_REQUIRE_BROWSER") != "1":
    pytest.skip(
        f"no Chromium at {CHROMIUM} (apt-get install -y chromium); .ci/run installs it", allow_module_level=True
    )

from playwright.sync_api import Page, expect  # noqa: E402

expect.set_options(timeout=20_000)  # a shared two-core machine: give assertions room, they pass early anyway
ARTIFACTS = ROOT / "test-artifacts"
ON_CORPUS = "Who is Zamir Kabulov?"
OFF_CORPUS = "What is the capital of Australia?"
ABSTAIN_LABEL = "Not found in the articles"


@pytest.fixture
def base(widget_server) -> str:
    return widget_server["base"]


@pytest.fixture
def page(page: Page) -> Page:
    page.set_default_timeout(20_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    assert errors == [], f"JavaScript errors on the page: {errors}"


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"widget-{name}.png"))


def open_widget(page: Page) -> None:
    page.get_by_role("button", name="Open chat").click()
    expect(page.get_by_role("dialog", name="Ask the articles")).to_be_visible()


def question_box(page: Page):
    return page.get_by_role("textbox", name="Your question")


def ask(page: Page, question: str) -> None:
    box = question_box(page)
    box.fill(question)
    box.press("Enter")


def answer(page: Page, i: int = -1):
    answers = page.get_by_role("article", name="Answer")
    return answers.last if i == -1 else answers.nth(i)


def wait_answered(page: Page, i: int = -1):
    node = answer(page, i)
    expect(node).to_have_attribute("aria-busy", "false")
    expect(node).to_have_class(re.compile(r"\brq-done\b"))
    return node


def stored(page: Page) -> dict:
    """The widget's localStorage record (one key per API base)."""
    raw = page.evaluate(
        "() => { const k = Object.keys(localStorage).find(k => k.startsWith('ragqa-widget:'));"
        " return k ? localStorage.getItem(k) : null; }"
    )
    assert raw, "the widget stored nothing in localStorage"
    return json.loads(raw)


def throttle(page: Page, bytes_per_second: float | None, offline: bool = False):
    """Chromium's own network emulation: a slow or absent network between the page and the real server."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": offline,
            "latency": 0,
            "downloadThroughput": bytes_per_second or -1,
            "uploadThroughput": -1,
        },
    )
    return cdp


def test_ask_streams_a_cited_answer_and_opens_the_highlighted_passage(page: Page, base: str):
    page.goto(base + "/")
    open_widget(page)
    expect(question_box(page)).to_be_focused()
    with page.expect_response(lambda r: r.url == base + "/ask") as response_info:
        ask(page, ON_CORPUS)
    response = response_info.value
    assert response.headers["content-type"].startswith("text/event-stream")
    assert response.request.post_data_json == {"question": ON_CORPUS, "stream": True}

    expect(page.get_by_text(ON_CORPUS, exact=True)).to_be_visible()
    node = wait_answered(page)
    expect(node).to_contain_text("Kabulov")
    expect(node).to_contain_text("[1]")
    expect(node).not_to_have_class(re.compile("rq-abstained"))
    cite = node.get_by_role("button", name=re.compile(r"^Source 1: What's behind Russia's growing ties")).first
    expect(cite).to_have_text("[1]")
    shot(page, "answer")
    answer_text = re.sub(r"\s*\[\d+\]", "", node.locator(".rq-text").text_content())

    cite.click()
    source = page.get_by_role("region", name="What's behind Russia's growing ties with the Taliban")
    expect(source).to_be_visible()
    expect(source.get_by_role("heading", name="What's behind Russia's growing ties with the Taliban")).to_be_focused()
    expect(source).to_contain_text("How is Moscow reacting")  # the section
    mark = source.locator("mark")
    expect(mark.first).to_be_visible()
    highlighted = " ".join(mark.all_text_contents())
    assert "Putin's envoy to Afghanistan" in highlighted
    assert " ".join(highlighted.split()) in " ".join(answer_text.split()), "only the cited sentence is highlighted"
    passage = source.locator("blockquote").text_content()
    assert len(passage) > len(highlighted) + 100, "the whole passage is shown around the highlight"
    shot(page, "passage")

    page.keyboard.press("Escape")  # closes the passage, not the chat, and focus returns to the [1] button
    expect(source).to_be_hidden()
    expect(page.get_by_role("dialog", name="Ask the articles")).to_be_visible()
    expect(cite).to_be_focused()


def test_a_slow_stream_shows_progress_until_the_answer_is_complete(page: Page, base: str):
    page.goto(base + "/")
    open_widget(page)
    throttle(page, 2_000)  # the passages alone are several kB: the events take seconds to arrive
    ask(page, ON_CORPUS)
    node = answer(page)
    expect(node).to_contain_text("Searching the articles")
    expect(node).to_have_attribute("aria-busy", "true")
    expect(page.get_by_role("log", name="Conversation")).to_have_attribute("aria-busy", "true")
    expect(page.get_by_role("button", name="Stop the answer")).to_be_visible()
    expect(page.get_by_role("button", name="Send question")).to_be_hidden()
    shot(page, "waiting")
    question_box(page).fill("And who is Galeotti?")
    question_box(page).press("Enter")  # while the answer comes: kept in the box, and the hint says why
    expect(page.get_by_text("Wait for the answer (or press Stop)")).to_be_visible()
    expect(question_box(page)).to_have_value("And who is Galeotti?")
    wait_answered(page)
    expect(page.get_by_text("Wait for the answer (or press Stop)")).to_have_count(0)
    expect(node).not_to_contain_text("Searching the articles")
    expect(node.get_by_role("button", name=re.compile("^Source 1")).first).to_be_visible()
    expect(page.get_by_role("button", name="Send question")).to_be_visible()
    expect(page.get_by_role("log", name="Conversation")).to_have_attribute("aria-busy", "false")


def test_stop_button_ends_a_slow_answer_and_the_next_one_works(page: Page, base: str):
    page.goto(base + "/")
    open_widget(page)
    cdp = throttle(page, 500)
    ask(page, ON_CORPUS)
    stop = page.get_by_role("button", name="Stop the answer")
    expect(stop).to_be_visible()
    expect(answer(page)).to_contain_text("Searching the articles")
    stop.click()
    expect(answer(page)).to_contain_text("Stopped.")
    expect(answer(page)).to_have_attribute("aria-busy", "false")
    expect(page.get_by_role("button", name="Send question")).to_be_visible()
    expect(question_box(page)).to_be_focused()
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    ask(page, ON_CORPUS)
    expect(wait_answered(page, 1)).to_contain_text("[1]")


def test_off_corpus_question_shows_the_abstention(page: Page, base: str):
    page.goto(base + "/")
    open_widget(page)
    ask(page, OFF_CORPUS)
    node = wait_answered(page)
    expect(node).to_have_class(re.compile(r"\brq-abstained\b"))
    expect(node.get_by_text(ABSTAIN_LABEL)).to_be_visible()
    expect(node).to_contain_text("The articles do not say")
    expect(node.get_by_role("button", name=re.compile("^Source"))).to_have_count(0)
    # what came closest is offered to read, never as a source of the answer
    closest = node.get_by_role("button", name=re.compile("^Closest passage"))
    expect(closest).to_have_count(3)
    shot(page, "abstained")
    closest.first.click()
    source = page.get_by_role("region", name="What's behind Russia's growing ties with the Taliban")
    expect(source).to_be_visible()
    expect(source).to_contain_text("Closest passage 1")
    expect(source.locator("mark")).to_have_count(0)
    page.keyboard.press("Escape")
    expect(closest.first).to_be_focused()


def test_follow_up_stays_in_the_conversation_and_survives_a_reload(page: Page, base: str):
    bodies: list[dict] = []
    page.on("request", lambda r: bodies.append(r.post_data_json) if r.url == base + "/ask" else None)
    page.goto(base + "/")
    open_widget(page)
    ask(page, ON_CORPUS)
    wait_answered(page)
    conversation = stored(page)["conversation_id"]
    assert conversation and "conversation_id" not in bodies[0]

    ask(page, "What did he say about the intelligence reports?")
    follow_up = wait_answered(page, 1)
    expect(follow_up).not_to_have_class(re.compile("rq-abstained"))
    expect(follow_up).to_contain_text("[1]")
    assert bodies[1]["conversation_id"] == conversation
    assert stored(page)["conversation_id"] == conversation

    page.reload()
    expect(page.get_by_role("dialog", name="Ask the articles")).to_be_visible()  # it was open: it reopens
    expect(page.get_by_role("article", name="Answer")).to_have_count(2)
    expect(page.get_by_text(ON_CORPUS, exact=True)).to_be_visible()
    restored = answer(page, 0).get_by_role("button", name=re.compile("^Source 1")).first
    restored.click()  # citations survive the reload too
    expect(page.locator("blockquote mark").first).to_be_visible()
    page.keyboard.press("Escape")
    ask(page, "And what does Russia want in Afghanistan?")
    wait_answered(page, 2)
    assert bodies[-1]["conversation_id"] == conversation
    shot(page, "conversation")

    page.get_by_role("button", name="Start a new conversation").click()
    expect(page.get_by_role("article", name="Answer")).to_have_count(0)
    ask(page, ON_CORPUS)
    wait_answered(page)
    assert "conversation_id" not in bodies[-1]
    assert stored(page)["conversation_id"] != conversation


LOG_LEFT_BELOW = (
    "() => { const log = document.querySelector('[data-ragqa-widget]').shadowRoot.querySelector('.rq-log');"
    " return [log.scrollHeight - log.clientHeight, log.scrollHeight - log.scrollTop - log.clientHeight]; }"
)


def test_a_long_paste_is_said_to_be_cut_and_a_reload_opens_at_the_latest_answer(page: Page, base: str):
    """A black-box test: a 2,585-character paste was cut to 2,000 without a word, and after a reload the
    conversation showed its oldest message."""
    page.set_viewport_size({"width": 420, "height": 560})
    page.goto(base + "/")
    open_widget(page)
    question_box(page).fill("x" * 2500)
    expect(page.get_by_text("Questions are limited to 2,000 characters")).to_be_visible()
    question_box(page).fill("")
    for question in (ON_CORPUS, "What did he say about the intelligence reports?", ON_CORPUS):
        ask(page, question)
        wait_answered(page)
    expect(page.get_by_text("Questions are limited to 2,000 characters")).to_have_count(0)
    page.reload()
    expect(page.get_by_role("article", name="Answer")).to_have_count(3)
    expect(answer(page)).to_be_visible()
    overflow, left_below = page.evaluate(LOG_LEFT_BELOW)
    assert overflow > 100 and left_below < 40, (overflow, left_below)  # it scrolls, and is at its end


def test_two_tabs_show_one_conversation(page: Page, base: str):
    """Both tabs wrote the conversation to one storage key: after a reload, one tab's turns were gone."""
    page.goto(base + "/")
    other = page.context.new_page()
    other.goto(base + "/")
    open_widget(page)
    open_widget(other)
    ask(page, ON_CORPUS)
    wait_answered(page)
    expect(other.get_by_role("article", name="Answer")).to_have_count(1)  # shown in the other tab as it is stored
    ask(other, "What did he say about the intelligence reports?")
    wait_answered(other)
    page.reload()
    expect(page.get_by_role("article", name="Answer")).to_have_count(2)
    other.close()


def test_keyboard_only_use_and_aria(page: Page, base: str):
    page.goto(base + "/")
    launcher = page.get_by_role("button", name="Open chat: Ask the articles")
    expect(launcher).to_have_attribute("aria-expanded", "false")
    for _ in range(6):  # the launcher is in the page's Tab order (after the page's own focusable parts)
        page.keyboard.press("Tab")
        if launcher.evaluate("el => el.getRootNode().activeElement === el"):
            break
    expect(launcher).to_be_focused()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Ask the articles")
    expect(dialog).to_be_visible()
    expect(page.get_by_role("button", name="Close chat: Ask the articles")).to_have_attribute("aria-expanded", "true")
    expect(dialog.get_by_role("log", name="Conversation")).to_be_visible()
    box = question_box(page)
    expect(box).to_be_focused()

    page.keyboard.type("first line")
    page.keyboard.press("Shift+Enter")  # a new line, not a send
    page.keyboard.type("second line")
    assert box.input_value() == "first line\nsecond line"
    expect(page.get_by_role("article", name="Answer")).to_have_count(0)
    box.fill("")
    page.keyboard.type(ON_CORPUS)
    page.keyboard.press("Enter")
    node = wait_answered(page)
    expect(box).to_have_value("")
    expect(box).to_be_focused()
    expect(node.get_by_role("group", name="Rate this answer")).to_be_visible()

    # Tab from the input backwards reaches the answer's buttons; Enter on [1] opens the passage.
    cite = node.get_by_role("button", name=re.compile("^Source 1")).first
    cite.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("region", name=re.compile("Russia's growing ties"))).to_be_visible()
    page.keyboard.press("Escape")
    expect(cite).to_be_focused()
    page.keyboard.press("Escape")  # second Escape closes the chat, focus back on the launcher
    expect(dialog).to_be_hidden()
    launcher = page.get_by_role("button", name="Open chat: Ask the articles")
    expect(launcher).to_be_focused()
    expect(launcher).to_have_attribute("aria-expanded", "false")


def test_phone_width_fills_the_screen_without_sideways_scrolling(page: Page, base: str):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(base + "/")
    open_widget(page)
    ask(page, ON_CORPUS)
    node = wait_answered(page)
    dialog = page.get_by_role("dialog", name="Ask the articles")
    box = dialog.bounding_box()
    assert box["x"] == 0 and box["y"] == 0 and box["width"] == 360 and box["height"] == 740
    expect(page.get_by_role("button", name=re.compile("^Close chat: "))).to_be_hidden()  # the panel has its own
    expect(page.get_by_role("button", name="Close chat", exact=True)).to_be_visible()
    widths = page.evaluate(
        "() => { const r = document.querySelector('[data-ragqa-widget]').shadowRoot;"
        " const log = r.querySelector('.rq-log'); return [log.scrollWidth, log.clientWidth]; }"
    )
    assert widths[0] <= widths[1], f"the conversation scrolls sideways: {widths}"
    send = page.get_by_role("button", name="Send question").bounding_box()
    assert send["x"] + send["width"] <= 360 and send["width"] >= 40 and send["height"] >= 40  # a thumb-sized target
    expect(node.get_by_role("button", name=re.compile("^Source 1")).first).to_be_visible()
    shot(page, "phone")
    node.get_by_role("button", name=re.compile("^Source 1")).first.click()
    expect(page.locator("blockquote mark").first).to_be_visible()
    shot(page, "phone-passage")


def test_thumbs_up_and_down_reach_feedback(page: Page, base: str, widget_server):
    page.goto(base + "/")
    open_widget(page)
    ask(page, ON_CORPUS)
    node = wait_answered(page)
    down = node.get_by_role("button", name="Unhelpful or wrong answer")
    up = node.get_by_role("button", name="Helpful answer")
    expect(down).to_have_attribute("aria-pressed", "false")
    with page.expect_response(lambda r: r.url == base + "/feedback") as posted:
        down.click()
    assert posted.value.status == 201
    expect(down).to_have_attribute("aria-pressed", "true")
    expect(node.get_by_role("status").filter(has_text="Thanks")).to_be_visible()
    comment = node.get_by_role("textbox", name=re.compile("What was wrong"))
    expect(comment).to_be_focused()
    comment.fill("It should name his title first.")
    node.get_by_role("button", name="Send comment").click()
    expect(node.get_by_text("Thanks, your comment was sent.")).to_be_visible()
    shot(page, "feedback")

    conversation_id, answer_id = stored(page)["conversation_id"], stored(page)["messages"][1]["answer_id"]
    headers = {"Authorization": f"Bearer {widget_server['admin_token']}"}
    items = httpx.get(base + "/admin/feedback", headers=headers).json()["items"]
    mine = [i for i in items if i["answer_id"] == answer_id]
    assert len(mine) == 1, items
    row = mine[0]
    assert row["conversation_id"] == conversation_id and row["rating"] == "down"
    assert row["comment"] == "It should name his title first."
    assert row["question"] == ON_CORPUS and "Kabulov" in row["answer"]
    assert row["verified"] is True, "the server's own conversation holds this question and answer"

    up.click()
    expect(up).to_have_attribute("aria-pressed", "true")
    expect(down).to_have_attribute("aria-pressed", "false")
    items = httpx.get(base + "/admin/feedback", headers=headers).json()["items"]
    row = next(i for i in items if i["answer_id"] == answer_id)
    assert row["rating"] == "up" and row["comment"] == "It should name his title first."

    page.reload()  # the rating shown survives a reload
    expect(wait_answered(page).get_by_role("button", name="Helpful answer")).to_have_attribute("aria-pressed", "true")


def test_network_failure_shows_an_error_with_a_working_retry(page: Page, base: str):
    page.goto(base + "/")
    open_widget(page)
    cdp = throttle(page, None, offline=True)
    ask(page, ON_CORPUS)
    alert = answer(page).get_by_role("alert")
    expect(alert).to_contain_text("Could not reach the server")
    shot(page, "error")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    alert.get_by_role("button", name="Retry").click()
    node = wait_answered(page)
    expect(node).to_contain_text("[1]")
    expect(page.get_by_role("article", name="Answer")).to_have_count(1)  # the failed attempt was replaced
    expect(page.get_by_text(ON_CORPUS, exact=True)).to_have_count(1)


def test_server_side_errors_are_shown_with_their_message(page: Page, base: str):
    page.goto(base + "/")
    open_widget(page)
    # The textarea stops at 2000 characters like the API; a longer question can only come from a script.
    assert question_box(page).get_attribute("maxlength") == "2000"
    page.evaluate(
        "() => { const r = document.querySelector('[data-ragqa-widget]').shadowRoot;"
        " const box = r.querySelector('textarea'); box.removeAttribute('maxlength'); box.value = 'x'.repeat(2001);"
        " box.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true})); }"
    )
    alert = answer(page).get_by_role("alert")
    expect(alert).to_contain_text("at most 2000 characters")
    expect(alert.get_by_role("button", name="Retry")).to_be_visible()


def host_page(base: str, collection: str = "") -> bytes:
    chosen = f' data-collection="{collection}"' if collection else ""
    return (
        "<!doctype html><html><head><title>Someone else's site</title><link rel='icon' href='data:,'></head>"
        "<body><h1>A news site</h1>"
        f'<script src="{base}/widget.js" data-api="{base}" data-title="Ask our archive"{chosen} defer></script>'
        "</body></html>"
    ).encode()


@contextlib.contextmanager
def embedding_site(port: int, base: str, collection: str = "") -> Iterator[str]:
    """Another site (another origin: another port on loopback) whose page embeds the widget with the one tag."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the stdlib's name)
            body = host_page(base, collection)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
        server.server_close()


def test_widget_embedded_on_an_allowed_site_calls_the_api_across_origins(page: Page, base: str, widget_server):
    with embedding_site(widget_server["embed_port"], base) as site:
        assert site == widget_server["origin"]
        page.goto(site + "/")
        page.get_by_role("button", name="Open chat: Ask our archive").click()
        with page.expect_response(lambda r: r.url == base + "/ask") as response_info:
            ask(page, ON_CORPUS)
        response = response_info.value
        assert response.request.all_headers()["origin"] == site
        assert response.all_headers()["access-control-allow-origin"] == site
        node = wait_answered(page)
        expect(node).to_contain_text("[1]")
        shot(page, "cross-origin")


def test_widget_on_a_site_not_in_the_allowlist_is_refused_by_the_browser(page: Page, base: str, widget_server):
    with embedding_site(free_port(), base) as site:
        assert site != widget_server["origin"]
        page.goto(site + "/")
        page.get_by_role("button", name="Open chat: Ask our archive").click()  # the script itself loads anywhere
        ask(page, ON_CORPUS)
        expect(answer(page).get_by_role("alert")).to_contain_text("Could not reach the server")


def test_data_collection_asks_that_collection_and_keeps_its_feedback_there(page: Page, base: str, widget_server):
    """A site embedding the widget with data-collection: questions and ratings go to that collection."""
    admin = {"Authorization": f"Bearer {widget_server['admin_token']}"}
    assert httpx.post(base + "/collections", json={"name": "archive"}, headers=admin).status_code == 201
    document = {
        "collection": "archive",
        "id": "cape-quillon",
        "title": "Cape Quillon light",
        "text": "The Cape Quillon lighthouse was built in 1871 by the engineer Mara Lind.",
    }
    job = httpx.post(base + "/documents", json=document, headers=admin).json()["job_id"]
    for _ in range(600):
        status = httpx.get(base + f"/admin/jobs/{job}", headers=admin).json()["status"]
        if status in ("succeeded", "failed"):
            break
        page.wait_for_timeout(200)
    assert status == "succeeded"
    try:
        with embedding_site(widget_server["embed_port"], base, collection="archive") as site:
            page.goto(site + "/")
            page.get_by_role("button", name="Open chat: Ask our archive").click()
            with page.expect_request(lambda r: r.url == base + "/ask") as asked:
                ask(page, "Who built the Cape Quillon lighthouse?")
            assert json.loads(asked.value.post_data)["collection"] == "archive"
            node = wait_answered(page)
            expect(node).to_contain_text("Mara Lind")
            with page.expect_response(lambda r: r.url == base + "/feedback") as rated:
                node.get_by_role("button", name="Helpful answer").click()
            assert rated.value.status == 201
            assert json.loads(rated.value.request.post_data)["collection"] == "archive"
            assert rated.value.json()["verified"] is True, "the archive collection's conversation holds the answer"
    finally:
        httpx.delete(base + "/collections/archive", headers=admin)


def test_a_quoted_line_of_code_shows_as_code_with_its_brackets(page: Page, base: str, widget_server):
    """A line of code an answer quotes keeps its brackets (no "(ref. 10, 20, 30)", no citation link) and shows as
    code; the answer's own marker after it is a citation."""
    admin = {"Authorization": f"Bearer {widget_server['admin_token']}"}
    assert httpx.post(base + "/collections", json={"name": "manual"}, headers=admin).status_code == 201
    document = {
        "collection": "manual",
        "id": "berths",
        "title": "Harbour scripting manual",
        "text": "To create the berth list, write:\n\n    let berths = vec![10, 20, 30];\n\nIt holds three berths.",
    }
    job = httpx.post(base + "/documents", json=document, headers=admin).json()["job_id"]
    for _ in range(600):
        status = httpx.get(base + f"/admin/jobs/{job}", headers=admin).json()["status"]
        if status in ("succeeded", "failed"):
            break
        page.wait_for_timeout(200)
    assert status == "succeeded"
    try:
        with embedding_site(widget_server["embed_port"], base, collection="manual") as site:
            page.goto(site + "/")
            page.get_by_role("button", name="Open chat: Ask our archive").click()
            ask(page, "how do i create the berth list")
            node = wait_answered(page)
            expect(node.locator("code.rq-code")).to_have_text("let berths = vec![10, 20, 30];")
            expect(node.get_by_role("button", name=re.compile(r"^Source 1\b")).first).to_be_visible()
            expect(node.get_by_role("button", name=re.compile(r"^Source (?:10|20|30)\b"))).to_have_count(0)
            expect(node).not_to_contain_text("ref.")
            shot(page, "code-answer")
    finally:
        httpx.delete(base + "/collections/manual", headers=admin)


def test_event_stream_parser_gives_the_same_events_for_any_chunking(page: Page, base: str):
    """The widget's own SSE parser, fed a real stream from the server cut at every offset and with CRLF lines."""
    body = httpx.post(base + "/ask", json={"question": ON_CORPUS, "stream": True}, timeout=30).text
    page.goto(base + "/")
    result = page.evaluate(
        """(body) => {
          const lib = window.__ragqaWidget.lib;
          const run = (chunks) => { const out = []; const p = lib.SSEParser((n, d) => out.push([n, d]));
            chunks.forEach((c, i) => p.feed(c, i === chunks.length - 1)); return JSON.stringify(out); };
          const whole = run([body]);
          const bad = [];
          for (const text of [body, body.replace(/\\n/g, '\\r\\n')]) {
            for (let i = 0; i <= text.length; i += 7) {
              if (run([text.slice(0, i), text.slice(i)]) !== whole) bad.push(i);
            }
            const chars = Array.from(text);
            if (run(chars) !== whole) bad.push('one char at a time');
          }
          return {whole: JSON.parse(whole), bad};
        }""",
        body,
    )
    assert result["bad"] == []
    names = [e[0] for e in result["whole"]]
    assert names[0] == "sources" and names[-1] == "done" and "delta" in names and "citations" in names
    text = "".join(e[1]["text"] for e in result["whole"] if e[0] == "delta")
    assert "[1]" in text and "Kabulov" in text


def test_brackets_inside_code_are_no_citation_links(page: Page, base: str):
    page.goto(base + "/")
    tokens = page.evaluate("() => window.__ragqaWidget.lib.tokenize('Use `let x = v[1];` here [2]. See [1].')")
    assert tokens == [{"text": "Use `let x = v[1];` here "}, {"n": 2}, {"text": ". See "}, {"n": 1}, {"text": "."}]
    split = "() => window.__ragqaWidget.lib.codePieces('Use `let x = v[1];` here, or:\\n```\\nrun\\n```')"
    pieces = page.evaluate(split)
    assert pieces == [
        {"text": "Use ", "code": False},
        {"text": "let x = v[1];", "code": True},
        {"text": " here, or:\n", "code": False},
        {"text": "\nrun\n", "code": True},
    ]


def test_highlighting_finds_paraphrased_claims_too(page: Page, base: str):
    """LLM answers paraphrase: the passage sentence sharing most of the claim's content words is highlighted."""
    page.goto(base + "/")
    result = page.evaluate(
        """() => {
          const lib = window.__ragqaWidget.lib;
          const passage = 'Moscow wants stability. Kabulov, a former KGB agent, has worked on Afghanistan since the '
            + '1980s. He met the envoy of the U.S. government in Jan. 2020 and said the U.S. forces would leave.\\n\\n'
            + 'Kabulov said little else.';
          const claims = lib.claimsByCitation('Kabulov is a former KGB agent who worked on Afghanistan [1]. '
            + 'Unrelated words here [2].');
          const slice = (spans) => spans.map(s => passage.slice(s[0], s[1]));
          return {claims, sentences: slice(lib.sentenceSpans(passage)),
                  spans: slice(lib.highlightSpans(passage, claims[1])),
                  none: lib.highlightSpans(passage, claims[2])};
        }"""
    )
    assert result["claims"] == {
        "1": ["Kabulov is a former KGB agent who worked on Afghanistan"],
        "2": ["Unrelated words here"],
    }
    assert result["sentences"] == [
        "Moscow wants stability.",
        "Kabulov, a former KGB agent, has worked on Afghanistan since the 1980s.",
        "He met the envoy of the U.S. government in Jan. 2020 and said the U.S. forces would leave.",
        "Kabulov said little else.",
    ]
    assert result["spans"] == ["Kabulov, a former KGB agent, has worked on Afghanistan since the 1980s."]
    assert result["none"] == []
