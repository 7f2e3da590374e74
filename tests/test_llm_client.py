"""The LLM client against faked HTTP (respx): faults a real server cannot be made to produce on demand.

Every upstream here is a respx fake, named as such; the real llama.cpp server is in test_llm_server.py.
"""

import asyncio
import json
import time

import httpx
import pytest
import respx

from ragqa.answering.llm import CircuitBreaker, LLMClient, LLMError, parse_retry_after
from ragqa.config import Settings

BASE = "http://llm.test/v1"
URL = BASE + "/chat/completions"
MESSAGES = [{"role": "user", "content": "hi"}]


def completion(text: str) -> dict:
    return {"choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}]}


def chunk(text: str | None, finish: str | None = None) -> str:
    delta = {} if text is None else {"content": text}
    return "data: " + json.dumps({"choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}) + "\n\n"


def client(**kwargs) -> LLMClient:
    options = {"retries": 2, "backoff_s": 0.01, "timeout_s": 5.0, "api_key": "sk-test", "model": "m"}
    options.update(kwargs)
    return LLMClient(BASE, **options)


def run(coro):
    return asyncio.run(coro)


async def complete(llm: LLMClient) -> str:
    try:
        return (await llm.complete(MESSAGES)).text
    finally:
        await llm.aclose()


async def stream(llm: LLMClient) -> list[str]:
    try:
        return [piece async for piece in llm.stream(MESSAGES)]
    finally:
        await llm.aclose()


@respx.mock
def test_request_carries_key_model_and_max_tokens():
    route = respx.post(URL).mock(return_value=httpx.Response(200, json=completion("fine [1]")))
    assert run(complete(client(max_tokens=77, extra_body={"top_k": 5, "max_tokens": 1}))) == "fine [1]"
    request = route.calls.last.request
    assert request.headers["authorization"] == "Bearer sk-test"
    body = json.loads(request.content)
    assert body["max_tokens"] == 77 and body["model"] == "m" and body["stream"] is False and body["top_k"] == 5


@respx.mock
def test_5xx_is_retried_with_backoff_then_succeeds():
    route = respx.post(URL).mock(
        side_effect=[httpx.Response(502), httpx.Response(503), httpx.Response(200, json=completion("ok"))]
    )
    assert run(complete(client())) == "ok"
    assert route.call_count == 3


@respx.mock
def test_5xx_retries_are_bounded():
    route = respx.post(URL).mock(return_value=httpx.Response(500, json={"error": {"message": "boom"}}))
    with pytest.raises(LLMError) as info:
        run(complete(client(retries=2)))
    assert info.value.reason == "llm_server_error" and "boom" in str(info.value)
    assert route.call_count == 3


@respx.mock
def test_429_honours_retry_after():
    route = respx.post(URL).mock(
        side_effect=[httpx.Response(429, headers={"Retry-After": "0.3"}), httpx.Response(200, json=completion("ok"))]
    )
    started = time.monotonic()
    assert run(complete(client(backoff_s=0.0))) == "ok"
    assert time.monotonic() - started >= 0.28
    assert route.call_count == 2


@respx.mock
def test_a_retry_after_longer_than_the_limit_is_not_waited_for():
    route = respx.post(URL).mock(return_value=httpx.Response(503, headers={"Retry-After": "3600"}))
    started = time.monotonic()
    with pytest.raises(LLMError) as info:
        run(complete(client(max_retry_wait_s=5)))
    assert info.value.reason == "llm_server_error" and route.call_count == 1
    assert time.monotonic() - started < 2


@pytest.mark.parametrize(
    "status, body, reason",
    [
        (401, {"error": {"message": "Invalid API Key", "type": "authentication_error"}}, "llm_unauthorized"),
        (400, {"error": {"message": "request (3041 tokens) exceeds the available context size"}}, "context_overflow"),
        (400, {"error": {"message": "This model's maximum context length is 4096 tokens"}}, "context_overflow"),
        (400, {"error": {"message": "temperature must be <= 2"}}, "llm_bad_request"),
        (404, {"error": {"message": "model not found"}}, "llm_bad_request"),
    ],
)
@respx.mock
def test_client_errors_are_classified_and_not_retried(status, body, reason):
    route = respx.post(URL).mock(return_value=httpx.Response(status, json=body))
    with pytest.raises(LLMError) as info:
        run(complete(client()))
    assert info.value.reason == reason and info.value.status == status
    assert route.call_count == 1


@pytest.mark.parametrize(
    "content",
    [b"<html>bad gateway</html>", b'{"choices": []}', b'{"choices": [{"message": {"content": 5}}]}', b"[1, 2]"],
)
@respx.mock
def test_garbage_json_is_a_bad_response(content):
    respx.post(URL).mock(return_value=httpx.Response(200, content=content))
    with pytest.raises(LLMError) as info:
        run(complete(client()))
    assert info.value.reason == "llm_bad_response"


@respx.mock
def test_connection_errors_are_retried_then_reported():
    route = respx.post(URL).mock(side_effect=httpx.ConnectError("refused"))
    with pytest.raises(LLMError) as info:
        run(complete(client(retries=1)))
    assert info.value.reason == "llm_unreachable" and route.call_count == 2


@respx.mock
def test_a_slow_answer_hits_the_total_timeout():
    async def slow(request):
        await asyncio.sleep(5)
        return httpx.Response(200, json=completion("late"))

    respx.post(URL).mock(side_effect=slow)
    started = time.monotonic()
    with pytest.raises(LLMError) as info:
        run(complete(client(timeout_s=0.3)))
    assert info.value.reason == "llm_timeout"
    assert time.monotonic() - started < 2


@respx.mock
def test_read_timeout_from_the_transport_is_a_timeout():
    respx.post(URL).mock(side_effect=httpx.ReadTimeout("read timed out"))
    with pytest.raises(LLMError) as info:
        run(complete(client()))
    assert info.value.reason == "llm_timeout"


@respx.mock
def test_stream_yields_pieces_until_done():
    body = chunk(None) + chunk("Hello") + chunk(" world [1]") + chunk(None, "stop") + "data: [DONE]\n\n"
    route = respx.post(URL).mock(return_value=httpx.Response(200, content=body.encode()))
    assert run(stream(client())) == ["Hello", " world [1]"]
    assert json.loads(route.calls.last.request.content)["stream"] is True


@respx.mock
def test_stream_that_stops_without_done_is_interrupted():
    respx.post(URL).mock(return_value=httpx.Response(200, content=(chunk("Hel") + chunk("lo")).encode()))
    with pytest.raises(LLMError) as info:
        run(stream(client()))
    assert info.value.reason == "llm_stream_interrupted"


@respx.mock
def test_stream_with_garbage_event_is_a_bad_response():
    respx.post(URL).mock(return_value=httpx.Response(200, content=(chunk("a") + "data: {not json\n\n").encode()))
    with pytest.raises(LLMError) as info:
        run(stream(client()))
    assert info.value.reason == "llm_bad_response"


@respx.mock
def test_a_slow_stream_is_cut_at_the_stream_deadline():
    async def trickle():
        yield chunk("a").encode()
        for _ in range(100):
            await asyncio.sleep(0.1)
            yield chunk("b").encode()

    respx.post(URL).mock(return_value=httpx.Response(200, content=trickle()))
    pieces: list[str] = []

    async def consume():
        llm = client(stream_timeout_s=0.5)
        try:
            async for piece in llm.stream(MESSAGES):
                pieces.append(piece)
        finally:
            await llm.aclose()

    started = time.monotonic()
    with pytest.raises(LLMError) as info:
        run(consume())
    assert info.value.reason == "llm_timeout"
    assert 0.4 < time.monotonic() - started < 3
    assert pieces[0] == "a" and 1 < len(pieces) < 10


@respx.mock
def test_stream_status_errors_are_retried_before_the_first_piece():
    body = chunk("ok") + chunk(None, "stop")
    route = respx.post(URL).mock(side_effect=[httpx.Response(503), httpx.Response(200, content=body.encode())])
    assert run(stream(client())) == ["ok"]
    assert route.call_count == 2


@respx.mock
def test_circuit_breaker_opens_after_repeated_failures_and_recovers():
    now = [0.0]
    breaker = CircuitBreaker(failures=2, reset_s=10, clock=lambda: now[0])
    route = respx.post(URL).mock(side_effect=httpx.ConnectError("refused"))

    async def attempt():
        llm = client(retries=0, breaker=breaker)
        try:
            await llm.complete(MESSAGES)
        except LLMError as exc:
            return exc.reason
        finally:
            await llm.aclose()
        return "ok"

    assert run(attempt()) == "llm_unreachable"
    assert run(attempt()) == "llm_unreachable"
    assert breaker.state == "open"
    assert run(attempt()) == "circuit_open" and route.call_count == 2  # no call went out
    now[0] = 11.0
    assert breaker.state == "half-open"
    route.mock(side_effect=None, return_value=httpx.Response(200, json=completion("back")))
    assert run(attempt()) == "ok" and breaker.state == "closed"


def test_breaker_half_open_allows_a_single_trial():
    now = [0.0]
    breaker = CircuitBreaker(failures=1, reset_s=5, clock=lambda: now[0])
    breaker.failure()
    assert not breaker.allow()
    now[0] = 6
    assert breaker.allow() and not breaker.allow()
    breaker.failure()
    assert breaker.state == "open"


def test_retry_after_parsing():
    assert parse_retry_after("2") == 2.0
    assert parse_retry_after("1.5") == 1.5
    assert parse_retry_after(None) is None and parse_retry_after("soon") is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    future = parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0)
    assert future == pytest.approx(10.0)


def test_bad_settings_are_refused_with_a_hint():
    with pytest.raises(ValueError, match="including /v1"):
        LLMClient("llm.test:8080")
    with pytest.raises(ValueError, match="including /v1"):
        LLMClient.from_settings(Settings(llm_base_url="localhost:8080"))
    with pytest.raises(ValueError, match="not valid JSON"):
        LLMClient.from_settings(Settings(llm_base_url=BASE, llm_extra_body="{top_k: 5"))
    with pytest.raises(ValueError, match="JSON object"):
        LLMClient.from_settings(Settings(llm_base_url=BASE, llm_extra_body="[1]"))
    assert LLMClient.from_settings(Settings(llm_base_url="")) is None


@respx.mock
def test_a_404_says_to_check_the_base_url():
    respx.post(URL).mock(return_value=httpx.Response(404, text="Not Found"))
    with pytest.raises(LLMError, match="ends with /v1"):
        run(complete(client()))
