"""The LLM's real context window: learnt from the server (its overflow error, llama.cpp's ``/props`` and
``/tokenize``) instead of trusting RAGQA_LLM_CONTEXT_TOKENS and RAGQA_LLM_CHARS_PER_TOKEN.

Real llama.cpp servers (xllamacpp, the tiny stories260K model, whose 512-token vocabulary makes about 1.6
characters a token: the default guess of 3.0 overflows it) answer here, with the default 4,096-token budget.
Fakes, named as such: ``Gateway`` (an httpx transport in front of the real server that counts requests and,
like an API gateway forwarding only ``/v1``, can hide ``/props``) and respx upstreams for error shapes of
other servers.
"""

import asyncio
import json
import logging

import httpx
import pytest
import respx
from helpers.llm import start_llama, stop
from helpers.servers import free_port

from ragqa.answering.llm import LLMClient, LLMError, classify_status
from ragqa.answering.pipeline import AnswerPipeline, collect

QUESTION = "Who is Zamir Kabulov?"
SECOND_QUESTION = "What did Kabulov say about the bounty reports?"
CITING_GRAMMAR = {"grammar": 'root ::= [A-Za-z ]{10,40} " [1]."'}
MAX_TOKENS = 64
LLAMA_OVERFLOW = {
    "error": {
        "code": 400,
        "message": "request (603 tokens) exceeds the available context size (256 tokens), try increasing it",
        "type": "exceed_context_size_error",
        "n_prompt_tokens": 603,
        "n_ctx": 256,
    }
}
"""What llama.cpp (xllamacpp 2026.10) answers, with HTTP 400, to a 603-token prompt on a 256-token window."""


class Gateway(httpx.AsyncBaseTransport):
    """A fake gateway in front of a real server: forwards requests and records their paths; with ``hide_root``
    it forwards only ``/v1/...`` (``/props`` is then a 404, as behind a proxy exposing the OpenAI API alone)."""

    def __init__(self, hide_root: bool = False) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.hide_root = hide_root
        self.paths: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(request.url.path)
        if self.hide_root and not request.url.path.startswith("/v1/"):
            return httpx.Response(404, json={"error": {"code": 404, "message": "File Not Found"}})
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()

    def count(self, path: str) -> int:
        return sum(p == path for p in self.paths)


def _llama_server(ctx_size: int):
    port = free_port()
    proc = start_llama(port, ctx_size=ctx_size)
    yield f"http://127.0.0.1:{port}/v1"
    stop(proc)


@pytest.fixture(scope="module")
def llama():
    """The issue's server: llama.cpp with a 2,048-token window."""
    yield from _llama_server(2048)


@pytest.fixture(scope="module")
def llama_256():
    yield from _llama_server(256)


def default_budget(services):
    """The default settings (RAGQA_LLM_CONTEXT_TOKENS 4096, RAGQA_LLM_CHARS_PER_TOKEN 3.0) with short answers."""
    settings = services.settings.model_copy(update={"llm_max_tokens": MAX_TOKENS, "llm_rewrite_followups": False})
    assert settings.llm_context_tokens == 4096 and settings.llm_chars_per_token == 3.0
    return settings


def client_for(base_url: str, gateway: Gateway) -> LLMClient:
    return LLMClient(
        base_url, max_tokens=MAX_TOKENS, temperature=0.0, extra_body=CITING_GRAMMAR, retries=0, transport=gateway
    )


async def two_answers(pipeline: AnswerPipeline):
    """A plain answer, then a streamed one (as /ask and /ask with stream do)."""
    try:
        first = await collect(pipeline.run(QUESTION, history=[], incremental=False))
        second = await collect(pipeline.run(SECOND_QUESTION, history=[], incremental=True))
    finally:
        await pipeline.aclose()
    return first, second


# --- against real llama.cpp servers -------------------------------------------------------------------------


@pytest.mark.slow  # starts llama.cpp (its fixture's name is not one conftest knows)
def test_a_real_overflow_error_tells_the_window_and_the_prompts_real_tokens(llama_256):
    # llama.cpp counts the prompt after its chat template: the same count /apply-template + /tokenize give
    root = llama_256.removesuffix("/v1")
    messages = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Once upon a time " * 60}]
    templated = httpx.post(root + "/apply-template", json={"messages": messages}, timeout=10).json()["prompt"]
    tokens = httpx.post(root + "/tokenize", json={"content": templated, "add_special": True}, timeout=10).json()

    async def call():
        llm = LLMClient(llama_256, max_tokens=16, temperature=0.0, retries=0, transport=Gateway(hide_root=True))
        try:
            with pytest.raises(LLMError) as info:
                await llm.complete(messages)
            return info.value, llm.context_tokens, llm.chars_per_token
        finally:
            await llm.aclose()

    error, context_tokens, chars_per_token = asyncio.run(call())
    assert error.status == 400 and error.reason == "context_overflow"
    assert error.n_ctx == 256 and error.prompt_tokens == len(tokens["tokens"]) > 256
    # remembered: the window less a margin, and a ratio below the real one (characters sent / tokens counted)
    assert 200 <= context_tokens < 256
    real_ratio = sum(len(m["content"]) for m in messages) / error.prompt_tokens
    assert 0.8 * real_ratio <= chars_per_token < real_ratio


def test_default_budget_on_a_2048_window_retries_once_trimmed_and_remembers(llama, services, caplog):
    """The issue's case without /props (hidden by a gateway): the first answer overflows once, is retried with a
    trimmed prompt and comes from the LLM; the second goes out trimmed at once."""
    gateway = Gateway(hide_root=True)
    llm = client_for(llama, gateway)
    pipeline = AnswerPipeline(default_budget(services), services.holder, services.encoder, llm=llm)
    with caplog.at_level(logging.INFO, logger="ragqa"):
        first, second = asyncio.run(two_answers(pipeline))

    assert first.fallback_reason is None and first.mode == "llm", first.fallback_reason
    assert second.fallback_reason is None and second.mode == "llm", second.fallback_reason
    # one overflow, one retry, then one request for the second answer; /props was asked once (404) and never again
    assert gateway.count("/v1/chat/completions") == 3 and gateway.count("/props") == 1
    assert len(gateway.paths) == 4
    assert llm.context_tokens < 2048 and llm.chars_per_token < 2.0  # the model makes about 1.6 characters a token
    learnt = [r.getMessage() for r in caplog.records if "(server said)" in r.getMessage()]
    assert len(learnt) == 1 and "LLM context is 2048 tokens" in learnt[0] and "from 4096" in learnt[0], learnt
    # the citation points at a passage that was in the retried (trimmed) prompt
    [citation] = first.citations
    assert citation.n == 1 and citation.hit.chunk.chunk_id == first.hits[0].chunk.chunk_id


def test_a_real_overflow_that_no_trimming_can_fix_falls_back_after_one_request(llama, services):
    """Answers of 2,000 tokens leave no room in a 2,048-token window: after the server's 400 the prompt is not
    sent again, and the answer is the extractive one with reason context_overflow, as before."""
    gateway = Gateway(hide_root=True)
    llm = LLMClient(llama, max_tokens=2000, temperature=0.0, retries=0, transport=gateway)
    settings = services.settings.model_copy(update={"llm_max_tokens": 2000, "llm_rewrite_followups": False})
    pipeline = AnswerPipeline(settings, services.holder, services.encoder, llm=llm)

    async def answers():
        try:
            return [await collect(pipeline.run(QUESTION, history=[], incremental=i == 1)) for i in range(2)]
        finally:
            await pipeline.aclose()

    plain, streamed = asyncio.run(answers())
    extractive = asyncio.run(services.pipeline.answer(QUESTION, history=[]))
    assert plain.mode == "extractive" and plain.fallback_reason == "context_overflow"
    assert plain.answer == extractive.answer
    assert streamed.fallback_reason == "context_overflow"
    assert gateway.count("/v1/chat/completions") == 1  # the second answer knew better than to ask


def test_props_and_tokenize_tell_the_window_before_the_first_request(llama, services, caplog):
    """With llama.cpp's /props and /tokenize reachable, nothing overflows at all: both are asked once."""
    gateway = Gateway()
    llm = client_for(llama, gateway)
    pipeline = AnswerPipeline(default_budget(services), services.holder, services.encoder, llm=llm)
    with caplog.at_level(logging.INFO, logger="ragqa"):
        first, second = asyncio.run(two_answers(pipeline))

    assert first.fallback_reason is None and first.mode == "llm", first.fallback_reason
    assert second.fallback_reason is None and second.mode == "llm", second.fallback_reason
    assert gateway.paths == ["/props", "/tokenize", "/v1/chat/completions", "/v1/chat/completions"]
    assert llm.context_tokens < 2048 and llm.chars_per_token < 2.0
    assert any("LLM context is 2048 tokens (server said)" in r.getMessage() for r in caplog.records)


# --- fakes: error shapes and probes of other servers ---------------------------------------------------------

BASE = "http://llm.test/v1"


@pytest.mark.parametrize(
    "body, n_ctx, prompt_tokens",
    [
        (LLAMA_OVERFLOW, 256, 603),
        # older llama.cpp: the numbers only in the message
        (
            {"error": {"message": "request (3449 tokens) exceeds the available context size (2048 tokens)"}},
            2048,
            3449,
        ),
        (
            {
                "object": "error",
                "message": "This model's maximum context length is 4096 tokens. However, you requested 5120 tokens "
                "(4608 in the messages, 512 in the completion). Please reduce the length of the messages.",
            },
            4096,
            4608,
        ),
        (
            {
                "error": {
                    "message": "This model's maximum context length is 8192 tokens. However, your messages "
                    "resulted in 9001 tokens. Please reduce the length of the messages."
                }
            },
            8192,
            9001,
        ),
        ({"error": {"message": "the request exceeds the available context size, try increasing it"}}, None, None),
    ],
)
def test_overflow_errors_are_parsed_for_the_window_and_the_prompt_tokens_fake(body, n_ctx, prompt_tokens):
    error = classify_status(400, json.dumps(body).encode())
    assert error.reason == "context_overflow"
    assert (error.n_ctx, error.prompt_tokens) == (n_ctx, prompt_tokens)


@respx.mock
def test_a_server_without_props_is_probed_once_and_works_as_before_fake():
    props = respx.get("http://llm.test/props").mock(return_value=httpx.Response(404))
    chat = respx.post(BASE + "/chat/completions").mock(
        return_value=httpx.Response(200, json={"choices": [{"message": {"content": "ok"}, "finish_reason": "stop"}]})
    )

    async def calls():
        llm = LLMClient(BASE, context_tokens=4096, chars_per_token=3.0)
        try:
            for _ in range(3):
                await llm.probe()
                assert (await llm.complete([{"role": "user", "content": "hi"}])).text == "ok"
            return llm.context_tokens, llm.chars_per_token
        finally:
            await llm.aclose()

    assert asyncio.run(calls()) == (4096, 3.0)
    assert props.call_count == 1 and chat.call_count == 3


@respx.mock
def test_an_unreachable_probe_is_tried_again_later_fake():
    props = respx.get("http://llm.test/props").mock(
        side_effect=[
            httpx.ConnectError("refused"),
            httpx.Response(200, json={"default_generation_settings": {"n_ctx": 1024}}),
        ]
    )
    respx.post("http://llm.test/tokenize").mock(return_value=httpx.Response(404))

    async def probes():
        llm = LLMClient(BASE)
        try:
            await llm.probe()
            first = llm.context_tokens
            await llm.probe()
            await llm.probe()
            return first, llm.context_tokens
        finally:
            await llm.aclose()

    first, then = asyncio.run(probes())
    assert first == 4096 and then < 1024 and props.call_count == 2


@respx.mock
def test_an_overflow_without_numbers_teaches_nothing_fake():
    respx.post(BASE + "/chat/completions").mock(
        return_value=httpx.Response(400, json={"error": {"message": "prompt is too long"}})
    )

    async def call():
        llm = LLMClient(BASE, retries=0)
        try:
            with pytest.raises(LLMError):
                await llm.complete([{"role": "user", "content": "x" * 10_000}])
            return llm.context_tokens, llm.chars_per_token
        finally:
            await llm.aclose()

    assert asyncio.run(call()) == (4096, 3.0)


def test_a_larger_server_window_never_raises_the_configured_budget_fake():
    llm = LLMClient(BASE, context_tokens=2048, chars_per_token=1.3)
    llm.learn(n_ctx=32_768, chars=10_000, prompt_tokens=2_000)  # 5 characters a token: more than configured
    assert (llm.context_tokens, llm.chars_per_token) == (2048, 1.3)
    asyncio.run(llm.aclose())
