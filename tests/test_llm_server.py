"""LLM answers against a real llama.cpp server (xllamacpp, tiny stories260K model) on a loopback port.

The model writes nonsense, so these tests check the protocol: what goes out, what comes back, and that every
failure (wrong key, prompt over the window, server killed mid-stream) ends as a visible fallback or an
``error`` event, never a hang. Where an answer must carry a citation, llama.cpp's own ``grammar`` request
parameter (sent through RAGQA_LLM_EXTRA_BODY) makes the model end its sentence with "[1]."
"""

import asyncio
import json
import re

import httpx
import openai
import pytest
from helpers.answers import ask as answer_with
from helpers.llm import start_llama, stop
from helpers.servers import free_port, serve_app
from helpers.sse import parse_sse

from ragqa.answering.llm import LLMClient, LLMError
from ragqa.api.app import create_app
from ragqa.observability.fallbacks import fallback_counts

QUESTION = "Who is Zamir Kabulov?"
CITING_GRAMMAR = json.dumps({"grammar": 'root ::= [A-Za-z ]{10,40} " [1]."'})
CITED_ANSWER = re.compile(r"^[A-Za-z ]+ \[1\]\.$")


@pytest.fixture(scope="module")
def llama():
    port = free_port()
    proc = start_llama(port)
    yield f"http://127.0.0.1:{port}/v1"
    stop(proc)


def llm_settings(settings, base_url: str, **overrides):
    values = {
        "llm_base_url": base_url,
        "llm_context_tokens": 2048,  # the server's n_ctx
        "llm_max_tokens": 64,
        "llm_chars_per_token": 1.3,  # its 512-token vocabulary makes tokens short
        "llm_temperature": 0.0,
        "llm_backoff_s": 0.05,
        "llm_rewrite_followups": False,
    }
    values.update(overrides)
    return settings.model_copy(update=values)


def ask(base: str, payload: dict) -> dict:
    response = httpx.post(base + "/ask", json=payload, timeout=60)
    assert response.status_code == 200, response.text
    return response.json()


def stream(base: str, payload: dict) -> list[tuple[str, dict]]:
    with httpx.stream("POST", base + "/ask", json={**payload, "stream": True}, timeout=60) as response:
        assert response.status_code == 200
        return parse_sse(list(response.iter_lines()))


def test_plain_and_streamed_completions_from_the_real_server_agree(llama):
    messages = [{"role": "user", "content": "Once upon a time"}]

    async def both():
        # no prompt cache: the second call must compute exactly what the first did
        llm = LLMClient(llama, max_tokens=24, temperature=0.0, extra_body={"cache_prompt": False})
        try:
            plain = await llm.complete(messages)
            pieces = [p async for p in llm.stream(messages)]
        finally:
            await llm.aclose()
        return plain, pieces

    plain, pieces = asyncio.run(both())
    assert plain.text and plain.finish_reason == "length"  # max_tokens was sent and obeyed
    assert len(pieces) > 3 and "".join(pieces) == plain.text


def test_cited_llm_answer_non_streamed(llama, settings, embedder):
    app = create_app(llm_settings(settings, llama, llm_extra_body=CITING_GRAMMAR), encoder=embedder)
    with serve_app(app) as base:
        body = ask(base, {"question": QUESTION})
        top = httpx.post(base + "/search", json={"query": QUESTION, "top_k": 1}, timeout=30).json()["results"][0]
    assert body["mode"] == "llm" and body["fallback_reason"] is None and body["abstained"] is False
    assert CITED_ANSWER.match(body["answer"]), body["answer"]
    [citation] = body["citations"]
    assert citation["n"] == 1 and citation["chunk_id"] == top["chunk_id"]  # source 1 is the best passage
    assert citation["supported"] is False  # a children's story sentence is not in the article
    assert {"retrieval", "llm", "verify", "total"} <= set(body["timings_ms"])


def test_cited_llm_answer_streamed(llama, settings, embedder):
    app = create_app(llm_settings(settings, llama, llm_extra_body=CITING_GRAMMAR), encoder=embedder)
    with serve_app(app) as base:
        events = stream(base, {"question": QUESTION, "top_k": 3})
    names = [n for n, _ in events]
    assert names[0] == "sources" and names[-2:] == ["citations", "done"] and set(names[1:-2]) == {"delta"}
    text = "".join(d["text"] for n, d in events if n == "delta")
    assert CITED_ANSWER.match(text), text
    citations, done = events[-2][1], events[-1][1]
    assert [c["n"] for c in citations["citations"]] == [1] and citations["citations"][0]["supported"] is False
    assert citations["citations"][0]["chunk_id"] == events[0][1]["passages"][0]["chunk_id"]
    assert done["mode"] == "llm" and done["fallback_reason"] is None


def test_uncited_llm_output_falls_back_visibly_and_is_counted(llama, settings, embedder, services, caplog):
    before = fallback_counts().get("no_valid_citation", 0)
    app = create_app(llm_settings(settings, llama), encoder=embedder)
    with serve_app(app) as base, caplog.at_level("WARNING", logger="ragqa.fallback"):
        body = ask(base, {"question": QUESTION})
    assert body["mode"] == "extractive" and body["fallback_reason"] == "no_valid_citation"
    assert body["answer"] == answer_with(services, QUESTION).answer
    assert fallback_counts()["no_valid_citation"] == before + 1
    assert any("reason=no_valid_citation" in r.getMessage() for r in caplog.records)


def test_wrong_api_key_is_a_401_and_falls_back(settings, embedder):
    port = free_port()
    proc = start_llama(port, api_key="right-key")
    base_url = f"http://127.0.0.1:{port}/v1"
    try:

        async def call():
            llm = LLMClient(base_url, api_key="wrong-key")
            try:
                await llm.complete([{"role": "user", "content": "hi"}])
            finally:
                await llm.aclose()

        with pytest.raises(LLMError) as info:
            asyncio.run(call())
        assert info.value.status == 401 and info.value.reason == "llm_unauthorized"

        app = create_app(llm_settings(settings, base_url, llm_api_key="wrong-key"), encoder=embedder)
        with serve_app(app) as base:
            body = ask(base, {"question": QUESTION})
            events = stream(base, {"question": QUESTION})
        assert body["mode"] == "extractive" and body["fallback_reason"] == "llm_unauthorized"
        assert body["citations"] and body["citations"][0]["supported"] is None
        assert events[-1][0] == "done" and events[-1][1]["fallback_reason"] == "llm_unauthorized"

        right = create_app(llm_settings(settings, base_url, llm_api_key="right-key"), encoder=embedder)
        with serve_app(right) as base:
            assert ask(base, {"question": QUESTION})["fallback_reason"] == "no_valid_citation"  # the key worked
    finally:
        stop(proc)


def test_a_prompt_that_cannot_fit_the_real_context_window_falls_back(llama, settings, embedder, services):
    # told the window is huge, ragqa still learns llama.cpp's n_ctx (2048) from /props; answers of 2,000 tokens
    # leave no room for a prompt in it. (The server's own 400 and the trimmed retry: test_llm_context.py.)
    overrides = {"llm_context_tokens": 100_000, "llm_max_tokens": 2000}
    app = create_app(llm_settings(settings, llama, **overrides), encoder=embedder)
    with serve_app(app) as base:
        body = ask(base, {"question": QUESTION, "top_k": 5})
        events = stream(base, {"question": QUESTION, "top_k": 5})
    assert body["mode"] == "extractive" and body["fallback_reason"] == "context_overflow"
    assert body["answer"] == answer_with(services, QUESTION, 5).answer
    assert events[-1][1]["fallback_reason"] == "context_overflow"


def test_context_budget_trims_the_prompt_to_fit_the_real_window(llama, settings, embedder):
    app = create_app(llm_settings(settings, llama, llm_extra_body=CITING_GRAMMAR), encoder=embedder)
    with serve_app(app) as base:
        body = ask(base, {"question": QUESTION, "top_k": 5})
    assert body["fallback_reason"] is None and body["mode"] == "llm"  # no 400: weak passages were dropped


def test_server_killed_mid_stream_ends_the_stream_and_later_calls_fall_back_fast(settings, embedder):
    port = free_port()
    proc = start_llama(port)
    # a long answer with bulky per-token log-probabilities, so the kill lands while tokens are still coming
    long_answer = json.dumps(
        {"grammar": 'root ::= "Kabulov is an envoy [1]." [a-z ]+', "logprobs": True, "top_logprobs": 20}
    )
    overrides = {
        "llm_extra_body": long_answer,
        "llm_max_tokens": 900,  # the prompt (learnt window 2048 from /props) keeps a cut passage beside it
        "llm_context_tokens": 100_000,
        "llm_breaker_failures": 2,
        "llm_retries": 1,
    }
    app = create_app(llm_settings(settings, f"http://127.0.0.1:{port}/v1", **overrides), encoder=embedder)
    try:
        with serve_app(app) as base:
            lines: list[str] = []
            with httpx.stream(
                "POST", base + "/ask", json={"question": QUESTION, "stream": True, "top_k": 1}, timeout=30
            ) as response:
                for line in response.iter_lines():
                    lines.append(line)
                    if line == "event: delta" and proc.poll() is None:
                        proc.kill()
            events = parse_sse(lines)
            assert events[0][0] == "sources" and events[1][0] == "delta"
            last, data = events[-1]
            assert last in ("error", "done"), events[-3:]
            if last == "error":
                assert "broke off" in data["message"]

            proc.wait(timeout=10)
            reasons = [ask(base, {"question": QUESTION})["fallback_reason"] for _ in range(3)]
            assert reasons[0] == "llm_unreachable" and reasons[-1] == "circuit_open", reasons
    finally:
        stop(proc)


def test_openai_client_streams_a_cited_llm_answer_through_the_facade(llama, settings, embedder):
    app = create_app(llm_settings(settings, llama, llm_extra_body=CITING_GRAMMAR), encoder=embedder)
    with serve_app(app) as base:
        client = openai.OpenAI(base_url=base + "/v1", api_key="unused", max_retries=0, timeout=60)
        chunks = list(
            client.chat.completions.create(model="ragqa", messages=[{"role": "user", "content": QUESTION}], stream=True)
        )
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert CITED_ANSWER.match(text), text
    last = chunks[-1]
    assert last.choices[0].finish_reason == "stop"
    assert last.model_extra["ragqa"]["mode"] == "llm" and len(last.model_extra["sources"]) == 1


ABSTAIN_GRAMMAR = json.dumps({"grammar": 'root ::= "The articles do not say."'})


def test_the_llms_own_abstention_is_returned_as_one(llama, settings, embedder):
    """With an LLM, evidence decides only clear absences: a question with some evidence goes to the LLM, which
    may itself say the articles do not say (forced here with a grammar on the real llama.cpp server)."""
    app = create_app(llm_settings(settings, llama, llm_extra_body=ABSTAIN_GRAMMAR), encoder=embedder)
    with serve_app(app) as base:
        body = ask(base, {"question": QUESTION})
        streamed = stream(base, {"question": QUESTION})
    assert body["mode"] == "llm" and body["abstained"] is True and body["fallback_reason"] is None
    assert body["answer"] == "The articles do not say." and body["citations"] == []
    done = streamed[-1][1]
    assert done["abstained"] is True and done["mode"] == "llm"
    assert "".join(d["text"] for n, d in streamed if n == "delta") == "The articles do not say."


def test_a_clear_absence_never_reaches_the_llm(settings, embedder):
    """Below the model's clear-absence level the answer is an abstention without an LLM call: a dead LLM
    endpoint is never contacted, so nothing falls back."""
    port = free_port()  # nothing listens here
    app = create_app(llm_settings(settings, f"http://127.0.0.1:{port}/v1"), encoder=embedder)
    with serve_app(app) as base:
        body = ask(base, {"question": "What is the capital of Australia?"})
        # a question's own cut-off above its confidence keeps it from the LLM too; below, the LLM is asked
        strict = ask(base, {"question": QUESTION, "min_confidence": 1.0})
        lenient = ask(base, {"question": "What is the capital of Australia?", "min_confidence": 0.0})
    assert body["abstained"] is True and body["mode"] == "extractive" and body["fallback_reason"] is None
    assert strict["abstained"] is True and strict["mode"] == "extractive" and strict["fallback_reason"] is None
    assert lenient["mode"] == "extractive" and lenient["fallback_reason"] == "llm_unreachable"
