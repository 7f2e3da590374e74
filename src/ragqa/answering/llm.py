"""An async client for any OpenAI-compatible chat completions server (llama.cpp, vLLM, Ollama, OpenAI).

Why our own small client instead of an SDK: the answer path needs exact control of what a failure is
(every failure becomes an ``LLMError`` with a short ``reason`` that the pipeline turns into a visible
fallback), of retries (bounded, with backoff, honouring ``Retry-After``), of timeouts (connect, read gap,
total) and of cancellation (closing the stream closes the upstream connection, so the server stops
generating). A circuit breaker makes a dead endpoint cost nothing after a few failures.
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import logging
import random
import time
from collections.abc import AsyncGenerator, Callable
from dataclasses import dataclass
from typing import Any

import httpx

from ragqa.answering.events import FallbackReason

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
Message = dict[str, str]


class LLMError(Exception):
    """The LLM call failed; ``reason`` is a short stable code (shown as ``fallback_reason``)."""

    def __init__(self, reason: FallbackReason, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.reason: FallbackReason = reason
        self.status = status


class CircuitBreaker:
    """Closed -> open after ``failures`` consecutive failures -> one trial call after ``reset_s`` (half-open).

    While open every call fails at once with ``circuit_open``: a dead endpoint must not add its timeout to
    every request.
    """

    def __init__(self, failures: int = 3, reset_s: float = 30.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.failures = failures
        self.reset_s = reset_s
        self._clock = clock
        self._consecutive = 0
        self._opened_at: float | None = None
        self._trial_running = False

    @property
    def state(self) -> str:
        if self._opened_at is None:
            return "closed"
        return "half-open" if self._clock() - self._opened_at >= self.reset_s else "open"

    def allow(self) -> bool:
        """Whether a call may go out now (in half-open, only one at a time)."""
        state = self.state
        if state == "closed":
            return True
        if state == "half-open" and not self._trial_running:
            self._trial_running = True
            return True
        return False

    def success(self) -> None:
        self._consecutive = 0
        self._opened_at = None
        self._trial_running = False

    def failure(self) -> None:
        self._consecutive += 1
        self._trial_running = False
        if self._opened_at is not None or self._consecutive >= self.failures:
            self._opened_at = self._clock()

    def release(self) -> None:
        """A call ended without telling anything about the endpoint's health (e.g. it was cancelled)."""
        self._trial_running = False


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date), None if absent/invalid."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _error_text(body: bytes) -> str:
    """The server's error message from an error body (OpenAI shape or plain text), shortened."""
    try:
        data = json.loads(body)
        error = data.get("error", data) if isinstance(data, dict) else data
        message = error.get("message", "") if isinstance(error, dict) else str(error)
        kind = error.get("type", "") if isinstance(error, dict) else ""
        text = f"{kind}: {message}" if kind else str(message)
    except (ValueError, AttributeError):
        text = body.decode("utf-8", "replace")
    return " ".join(text.split())[:300]


def classify_status(status: int, body: bytes) -> LLMError:
    """An ``LLMError`` for an HTTP error answer, with a reason the pipeline and the logs can act on."""
    text = _error_text(body)
    lowered = text.lower()
    if status in (401, 403):
        return LLMError("llm_unauthorized", f"the LLM server refused the API key (HTTP {status}): {text}", status)
    if status in (400, 413) and ("context" in lowered or "too long" in lowered or "maximum" in lowered):
        return LLMError("context_overflow", f"the prompt is over the LLM's context window: {text}", status)
    if status == 429:
        return LLMError("llm_rate_limited", f"the LLM server is rate limiting (HTTP 429): {text}", status)
    if status >= 500:
        return LLMError("llm_server_error", f"the LLM server failed (HTTP {status}): {text}", status)
    if status == 404:
        return LLMError(
            "llm_bad_request",
            f"the LLM server has no such route or model (HTTP 404): {text}; check that RAGQA_LLM_BASE_URL ends "
            "with /v1 and RAGQA_LLM_MODEL names a model it serves",
            status,
        )
    return LLMError("llm_bad_request", f"the LLM server rejected the request (HTTP {status}): {text}", status)


@dataclass(frozen=True)
class Completion:
    text: str
    finish_reason: str | None


class LLMClient:
    """Chat completions against ``base_url`` (which includes ``/v1``), plain or streamed."""

    def __init__(
        self,
        base_url: str,
        api_key: str = "",
        model: str = "default",
        *,
        timeout_s: float = 30.0,
        connect_timeout_s: float = 5.0,
        stream_timeout_s: float = 120.0,
        max_tokens: int = 512,
        temperature: float = 0.1,
        retries: int = 2,
        backoff_s: float = 0.5,
        max_retry_wait_s: float = 10.0,
        breaker: CircuitBreaker | None = None,
        extra_body: dict[str, Any] | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise ValueError(f"RAGQA_LLM_BASE_URL must be an http(s) URL including /v1, got {base_url!r}")
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.timeout_s = timeout_s
        self.stream_timeout_s = stream_timeout_s
        self.max_tokens = max_tokens
        self.temperature = temperature
        self.retries = retries
        self.backoff_s = backoff_s
        self.max_retry_wait_s = max_retry_wait_s
        self.breaker = breaker or CircuitBreaker()
        self.extra_body = dict(extra_body or {})
        self._client = httpx.AsyncClient(
            base_url=self.base_url + "/",
            headers=headers,
            timeout=httpx.Timeout(timeout_s, connect=min(connect_timeout_s, timeout_s)),
            transport=transport,
        )

    @classmethod
    def from_settings(cls, settings: Any) -> LLMClient | None:
        """The configured client, or None when ``RAGQA_LLM_BASE_URL`` is empty (extractive only)."""
        if not settings.llm_base_url:
            return None
        extra: dict[str, Any] = {}
        if settings.llm_extra_body:
            try:
                extra = json.loads(settings.llm_extra_body)
            except ValueError as exc:
                raise ValueError(f"RAGQA_LLM_EXTRA_BODY is not valid JSON ({exc}): set a JSON object") from exc
            if not isinstance(extra, dict):
                raise ValueError('RAGQA_LLM_EXTRA_BODY must be a JSON object, e.g. {"top_k": 40}')
        return cls(
            settings.llm_base_url,
            settings.llm_api_key,
            settings.llm_model,
            timeout_s=settings.llm_timeout_s,
            connect_timeout_s=settings.llm_connect_timeout_s,
            stream_timeout_s=settings.llm_stream_timeout_s,
            max_tokens=settings.llm_max_tokens,
            temperature=settings.llm_temperature,
            retries=settings.llm_retries,
            backoff_s=settings.llm_backoff_s,
            breaker=CircuitBreaker(settings.llm_breaker_failures, settings.llm_breaker_reset_s),
            extra_body=extra,
        )

    async def aclose(self) -> None:
        await self._client.aclose()

    def _body(self, messages: list[Message], max_tokens: int | None, stream: bool) -> dict[str, Any]:
        body: dict[str, Any] = {**self.extra_body}
        body.update(
            model=self.model,
            messages=messages,
            max_tokens=max_tokens or self.max_tokens,  # always sent: some servers generate until the window fills
            temperature=self.temperature,
            stream=stream,
        )
        return body

    def _wait_before_retry(self, attempt: int, response: httpx.Response | None) -> float | None:
        """Seconds to wait before retry ``attempt`` (1-based), or None when waiting is not worth it."""
        if attempt > self.retries:
            return None
        retry_after = parse_retry_after(response.headers.get("retry-after")) if response is not None else None
        if retry_after is not None:
            return retry_after if retry_after <= self.max_retry_wait_s else None
        return min(self.max_retry_wait_s, self.backoff_s * 2 ** (attempt - 1) * random.uniform(0.75, 1.25))

    async def _send(self, body: dict[str, Any], stream: bool) -> httpx.Response:
        """A 200 response (streaming when asked), after bounded retries; raises ``LLMError`` otherwise."""
        if not self.breaker.allow():
            raise LLMError("circuit_open", "the LLM endpoint failed repeatedly; not calling it for a while")
        attempt = 0
        while True:
            attempt += 1
            response: httpx.Response | None = None
            try:
                request = self._client.build_request("POST", "chat/completions", json=body)
                response = await self._client.send(request, stream=True)
            except httpx.TimeoutException as exc:
                self.breaker.failure()
                raise LLMError("llm_timeout", f"the LLM server did not answer in time ({type(exc).__name__})") from exc
            except httpx.TransportError as exc:
                error = LLMError("llm_unreachable", f"cannot reach the LLM server at {self.base_url}: {exc!r}")
            except BaseException:
                self.breaker.release()
                raise
            else:
                if response.status_code == 200:
                    return response
                content = await response.aread()
                await response.aclose()
                error = classify_status(response.status_code, content)
                if response.status_code not in RETRY_STATUSES:
                    self.breaker.release()  # the endpoint is alive; the request or the key is wrong
                    raise error
            wait = self._wait_before_retry(attempt, response)
            if wait is None:
                self.breaker.failure()
                raise error
            log.info("LLM call failed (%s), retry %d in %.2f s", error.reason, attempt, wait)
            await asyncio.sleep(wait)

    async def complete(self, messages: list[Message], max_tokens: int | None = None) -> Completion:
        """One non-streamed completion within ``timeout_s`` (retries included)."""
        body = self._body(messages, max_tokens, stream=False)
        try:
            async with asyncio.timeout(self.timeout_s):
                response = await self._send(body, stream=False)
                try:
                    content = await response.aread()
                finally:
                    await response.aclose()
        except TimeoutError as exc:
            self.breaker.failure()
            raise LLMError("llm_timeout", f"no complete LLM answer within {self.timeout_s} s") from exc
        except httpx.HTTPError as exc:
            self.breaker.failure()
            raise LLMError("llm_unreachable", f"the LLM connection failed while reading: {exc!r}") from exc
        try:
            data = json.loads(content)
            choice = data["choices"][0]
            text = choice["message"]["content"] or ""
            if not isinstance(text, str):
                raise TypeError("content is not a string")
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            self.breaker.failure()
            raise LLMError("llm_bad_response", f"the LLM server sent an unusable answer: {content[:200]!r}") from exc
        self.breaker.success()
        return Completion(text, choice.get("finish_reason"))

    async def stream(self, messages: list[Message], max_tokens: int | None = None) -> AsyncGenerator[str, None]:
        """Text pieces as the server generates them.

        Retries happen only before the first piece. The stream must end with ``data: [DONE]`` or a
        ``finish_reason``; a connection that drops first raises ``llm_stream_interrupted``. Closing this
        generator (or cancelling its task) closes the upstream connection.
        """
        body = self._body(messages, max_tokens, stream=True)
        deadline = asyncio.get_running_loop().time() + self.stream_timeout_s
        finished = False
        # The deadline wraps each await, never a ``yield``: a timeout scope left open across a yield would
        # fire inside whoever consumes this generator.
        try:
            async with asyncio.timeout_at(deadline):
                response = await self._send(body, stream=True)
            try:
                lines = response.aiter_lines()
                while not finished:
                    async with asyncio.timeout_at(deadline):
                        line = await anext(lines, None)
                    if line is None:
                        break
                    if not line.startswith("data:"):
                        continue  # blank separators, comments, "event:" lines
                    payload = line[5:].strip()
                    if payload == "[DONE]":
                        finished = True
                        break
                    piece, done = self._parse_chunk(payload)
                    finished = done
                    if piece:
                        yield piece
            finally:
                await response.aclose()
        except TimeoutError as exc:
            self.breaker.failure()
            raise LLMError("llm_timeout", f"the LLM stream did not finish within {self.stream_timeout_s} s") from exc
        except httpx.TimeoutException as exc:
            self.breaker.failure()
            raise LLMError("llm_timeout", f"the LLM stream stalled for over {self.timeout_s} s") from exc
        except httpx.HTTPError as exc:
            self.breaker.failure()
            raise LLMError("llm_stream_interrupted", f"the LLM stream broke off: {exc!r}") from exc
        if not finished:
            self.breaker.failure()
            raise LLMError("llm_stream_interrupted", "the LLM stream ended without [DONE] or a finish_reason")
        self.breaker.success()

    def _parse_chunk(self, payload: str) -> tuple[str, bool]:
        """(text piece, finished) from one ``data:`` payload of a chat.completion.chunk stream."""
        try:
            data = json.loads(payload)
        except ValueError as exc:
            self.breaker.failure()
            raise LLMError("llm_bad_response", f"the LLM stream sent a non-JSON event: {payload[:200]!r}") from exc
        if not isinstance(data, dict):
            raise LLMError("llm_bad_response", f"the LLM stream sent an unexpected event: {payload[:200]!r}")
        if "error" in data:
            raise LLMError(
                "llm_server_error", f"the LLM server reported an error mid-stream: {_error_text(payload.encode())}"
            )
        choices = data.get("choices") or []
        if not choices:
            return "", False  # e.g. a usage-only chunk
        choice = choices[0] if isinstance(choices[0], dict) else {}
        delta = choice.get("delta") or {}
        content = delta.get("content") if isinstance(delta, dict) else None
        if content is not None and not isinstance(content, str):
            raise LLMError("llm_bad_response", f"the LLM stream sent non-text content: {payload[:200]!r}")
        return content or "", choice.get("finish_reason") is not None
