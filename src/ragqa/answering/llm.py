"""An async client for any OpenAI-compatible chat completions server (llama.cpp, vLLM, Ollama, OpenAI).

Why our own small client instead of an SDK: the answer path needs exact control of what a failure is
(every failure becomes an ``LLMError`` with a short ``reason`` that the pipeline turns into a visible
fallback), of retries (bounded, with backoff, honouring ``Retry-After``), of timeouts (connect, read gap,
total) and of cancellation (closing the stream closes the upstream connection, so the server stops
generating). A circuit breaker makes a dead endpoint cost nothing after a few failures.

The client also learns the server's real context window and tokenizer density (``learn``): from an overflow
error that names them (llama.cpp: ``n_ctx`` and ``n_prompt_tokens``; vLLM and OpenAI in the message), and once,
up front, from llama.cpp's ``GET /props`` and ``POST /tokenize`` (``probe``). The configured budget and
characters-per-token ratio are only ever lowered, so a prompt that fitted before still fits.
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import logging
import random
import re
import threading
import time
from collections.abc import AsyncGenerator, Callable
from dataclasses import dataclass
from typing import Any

import httpx

from ragqa.answering.events import FallbackReason
from ragqa.observability import tracing

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
Message = dict[str, str]

RATIO_SAFETY = 0.9
"""A measured characters-per-token ratio is used times this: other text (names, numbers) packs fewer characters."""
MIN_CHARS_PER_TOKEN = 0.5
CALIBRATION_TEXT = (
    "GENEVA - The envoy, Maria Kowalczyk-Okafor, said on Tuesday that talks on the 2,400-km border had "
    'resumed on March 3, 2020, after a 14-day pause; officials called the leaked figures (about 37%) "not '
    'credible". The U.N. spokesman declined to comment on the report\'s findings, citing "ongoing" reviews.'
)
"""News-like text (names, numbers, punctuation) that ``probe`` has the server tokenize to measure the ratio."""


class LLMError(Exception):
    """The LLM call failed; ``reason`` is a short stable code (shown as ``fallback_reason``).

    A ``context_overflow`` may say what the server reported: its window (``n_ctx``) and the real token count
    of the prompt sent (``prompt_tokens``), so the caller can trim the prompt to fit and retry.
    """

    def __init__(
        self,
        reason: FallbackReason,
        message: str,
        status: int | None = None,
        *,
        n_ctx: int | None = None,
        prompt_tokens: int | None = None,
    ) -> None:
        super().__init__(message)
        self.reason: FallbackReason = reason
        self.status = status
        self.n_ctx = n_ctx
        self.prompt_tokens = prompt_tokens


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


_WINDOW_PATTERNS = (
    # llama.cpp: "request (3449 tokens) exceeds the available context size (2048 tokens)"
    re.compile(r"request \((?P<prompt>\d+) tokens\) exceeds the available context size \((?P<ctx>\d+) tokens\)"),
    # vLLM / OpenAI: "maximum context length is 4096 tokens. However, you requested 5120 tokens (4608 in the
    # messages, 512 in the completion)" or "... your messages resulted in 9001 tokens"
    re.compile(
        r"maximum context length is (?P<ctx>\d+) tokens.*?(?:\((?P<prompt>\d+) in the messages"
        r"|messages resulted in (?P<prompt2>\d+) tokens)",
        re.S,
    ),
    re.compile(r"maximum context length is (?P<ctx>\d+) tokens"),
)


def _positive_int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def overflow_numbers(body: bytes) -> tuple[int | None, int | None]:
    """(context window, prompt tokens) as an overflow error reports them; None where it does not say.

    llama.cpp sends both as JSON fields (``exceed_context_size_error`` with ``n_ctx`` and ``n_prompt_tokens``);
    older llama.cpp, vLLM and OpenAI only in the message text.
    """
    n_ctx = prompt = None
    try:
        data = json.loads(body)
    except ValueError:
        data = None
    error = data.get("error", data) if isinstance(data, dict) else None
    if isinstance(error, dict):
        n_ctx, prompt = _positive_int(error.get("n_ctx")), _positive_int(error.get("n_prompt_tokens"))
        message = str(error.get("message", ""))
    else:
        message = body.decode("utf-8", "replace")
    for pattern in _WINDOW_PATTERNS:
        if (n_ctx is not None and prompt is not None) or not (match := pattern.search(message)):
            continue
        found = match.groupdict()
        n_ctx = n_ctx or int(found["ctx"])
        tokens = found.get("prompt") or found.get("prompt2")
        prompt = prompt or (int(tokens) if tokens else None)
    return n_ctx, prompt


def classify_status(status: int, body: bytes) -> LLMError:
    """An ``LLMError`` for an HTTP error answer, with a reason the pipeline and the logs can act on."""
    text = _error_text(body)
    lowered = text.lower()
    if status in (401, 403):
        return LLMError("llm_unauthorized", f"the LLM server refused the API key (HTTP {status}): {text}", status)
    if status in (400, 413) and ("context" in lowered or "too long" in lowered or "maximum" in lowered):
        n_ctx, prompt_tokens = overflow_numbers(body)
        return LLMError(
            "context_overflow",
            f"the prompt is over the LLM's context window: {text}",
            status,
            n_ctx=n_ctx,
            prompt_tokens=prompt_tokens,
        )
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
    prompt_tokens: int | None = None
    completion_tokens: int | None = None


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
        context_tokens: int = 4096,
        chars_per_token: float = 3.0,
    ) -> None:
        """``context_tokens`` and ``chars_per_token`` are the configured budget and estimate; what the server
        reports can lower them (``learn``), never raise them."""
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
        self.configured_context_tokens = context_tokens
        self._context_tokens = context_tokens
        self._chars_per_token = chars_per_token
        self.server_n_ctx: int | None = None
        """The context window the server reported, once it has."""
        self._learn_lock = threading.Lock()
        self._probe_state = "todo"  # "todo" -> "running" -> "done" (back to "todo" if the server was unreachable)
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
            context_tokens=settings.llm_context_tokens,
            chars_per_token=settings.llm_chars_per_token,
        )

    @property
    def context_tokens(self) -> int:
        """The context window prompts are fitted to: the configured one, or less if the server said so."""
        return self._context_tokens

    @property
    def chars_per_token(self) -> float:
        """Characters per token for prompt estimates: the configured ratio, or less if the server showed so."""
        return self._chars_per_token

    def learn(self, n_ctx: int | None = None, chars: int = 0, prompt_tokens: int | None = None) -> bool:
        """Lower the budget to a window the server reported (less a margin for the chat template and estimate
        error) and the ratio to ``chars`` / ``prompt_tokens`` (times ``RATIO_SAFETY``), remembered for every
        later request. Whether anything changed (then a smaller prompt is worth a retry); logged when it did.
        """
        with self._learn_lock:  # requests on other threads or tasks may learn at the same time
            old_context, old_ratio = self._context_tokens, self._chars_per_token
            if n_ctx is not None and n_ctx > 0:
                self.server_n_ctx = n_ctx
                if n_ctx < self.configured_context_tokens:
                    usable = n_ctx - max(16, n_ctx // 32)
                    self._context_tokens = min(self._context_tokens, usable)
            if prompt_tokens and chars > 0:
                measured = max(MIN_CHARS_PER_TOKEN, chars / prompt_tokens * RATIO_SAFETY)
                self._chars_per_token = min(self._chars_per_token, round(measured, 3))
            changed = (self._context_tokens, self._chars_per_token) != (old_context, old_ratio)
            context, ratio = self._context_tokens, self._chars_per_token
        if changed:
            told = n_ctx or self.server_n_ctx
            room = context - self.max_tokens
            log.warning(
                "%s, prompt budget %s %d tokens (%d for the prompt, %d for the answer); "
                "chars per token now %.2f (was %.2f)%s",
                f"LLM context is {told} tokens (server said)" if told else "LLM prompt measured by the server",
                f"shrunk from {old_context} to" if context != old_context else "stays",
                context,
                room,
                self.max_tokens,
                ratio,
                old_ratio,
                "; little room for a prompt: serve a larger context or lower RAGQA_LLM_MAX_TOKENS"
                if room < 256
                else "",
            )
        return changed

    def _server_root(self) -> str:
        """The server's own root (``/props`` and ``/tokenize`` live beside ``/v1``, not under it)."""
        return self.base_url.removesuffix("/v1")

    async def probe(self) -> None:
        """Once per client: ask llama.cpp's ``GET /props`` for the context window and have ``POST /tokenize``
        measure the ratio, so the first prompt already fits. Servers without them (404 or any other answer)
        are left alone and never asked again; an unreachable one is asked again on a later call while the
        circuit breaker is closed. Concurrent callers do not wait for a running probe.
        """
        if self._probe_state != "todo" or self.breaker.state != "closed":
            return
        self._probe_state = "running"
        root = self._server_root()
        timeout = httpx.Timeout(min(self.timeout_s, 5.0))
        try:
            response = await self._client.get(root + "/props", timeout=timeout)
            props = response.json() if response.status_code == 200 else None
            settings = props.get("default_generation_settings") if isinstance(props, dict) else None
            n_ctx = _positive_int(settings.get("n_ctx") if isinstance(settings, dict) else None)
            if n_ctx is None and isinstance(props, dict):
                n_ctx = _positive_int(props.get("n_ctx"))
            if n_ctx is None:
                log.info(
                    "LLM server has no /props context size (HTTP %d); using the configured budget", response.status_code
                )
                self._probe_state = "done"
                return
            chars = prompt_tokens = 0
            counted = await self._client.post(root + "/tokenize", json={"content": CALIBRATION_TEXT}, timeout=timeout)
            tokens = counted.json().get("tokens") if counted.status_code == 200 else None
            if isinstance(tokens, list) and tokens:
                chars, prompt_tokens = len(CALIBRATION_TEXT), len(tokens)
            self.learn(n_ctx, chars, prompt_tokens or None)
            self._probe_state = "done"
        except (httpx.TransportError, httpx.TimeoutException) as exc:
            log.info("LLM server probe failed (%r); asking again later", exc)
            self._probe_state = "todo"
        except (ValueError, AttributeError) as exc:  # not JSON, or JSON of another shape
            log.info("LLM server's /props or /tokenize answer is unusable (%r); using the configured budget", exc)
            self._probe_state = "done"
        except Exception as exc:  # a best-effort probe must never cost an answer
            log.warning("LLM server probe failed unexpectedly (%r); using the configured budget", exc)
            self._probe_state = "done"
        except BaseException:  # cancelled: a later call may probe
            self._probe_state = "todo"
            raise

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
                if error.reason == "context_overflow":
                    chars = sum(len(str(m.get("content") or "")) for m in body.get("messages", ()))
                    self.learn(error.n_ctx, chars, error.prompt_tokens)
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
        """One non-streamed completion within ``timeout_s`` (retries included), traced as ``ragqa.llm``."""
        with tracing.span("ragqa.llm", self._span_attributes(stream=False)) as current:
            try:
                completion = await self._complete(messages, max_tokens)
            except LLMError as exc:
                tracing.failed(current, exc.reason)
                raise
            tracing.set_attributes(
                current,
                {
                    "gen_ai.usage.input_tokens": completion.prompt_tokens,
                    "gen_ai.usage.output_tokens": completion.completion_tokens,
                    "gen_ai.response.finish_reasons": (completion.finish_reason,) if completion.finish_reason else None,
                },
            )
            return completion

    def _span_attributes(self, stream: bool) -> dict[str, Any]:
        return {"gen_ai.operation.name": "chat", "gen_ai.request.model": self.model, "ragqa.llm.stream": stream}

    async def _complete(self, messages: list[Message], max_tokens: int | None = None) -> Completion:
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
        usage = data.get("usage") if isinstance(data.get("usage"), dict) else {}
        return Completion(
            text,
            choice.get("finish_reason"),
            _positive_int(usage.get("prompt_tokens")),
            _positive_int(usage.get("completion_tokens")),
        )

    async def stream(self, messages: list[Message], max_tokens: int | None = None) -> AsyncGenerator[str, None]:
        """Text pieces as the server generates them.

        Retries happen only before the first piece. The stream must end with ``data: [DONE]`` or a
        ``finish_reason``; a connection that drops first raises ``llm_stream_interrupted``. Closing this
        generator (or cancelling its task) closes the upstream connection.
        """
        # not a current span: this generator yields, and a context held across a yield leaks into the consumer
        current = tracing.start_span("ragqa.llm", self._span_attributes(stream=True))
        pieces = 0
        try:
            async for piece in self._stream(messages, max_tokens):
                pieces += 1
                yield piece
        except LLMError as exc:
            tracing.failed(current, exc.reason)
            raise
        except BaseException:  # closed or cancelled by the consumer
            tracing.failed(current, "cancelled")
            raise
        finally:
            current.set_attribute("ragqa.llm.pieces", pieces)
            current.end()

    async def _stream(self, messages: list[Message], max_tokens: int | None = None) -> AsyncGenerator[str, None]:
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
