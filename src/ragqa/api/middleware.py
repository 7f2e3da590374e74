"""One ASGI middleware for what every request needs: a request id, a body size and time limit, metrics and an
access log.

Why pure ASGI (not ``BaseHTTPMiddleware``): it adds no extra task per request and sees the body as it
streams, so an oversized chunked body is cut off without being read into memory. It also turns any
unhandled exception into the JSON 500 itself, so even that response carries ``X-Request-ID`` and is counted.

Why a body deadline here: uvicorn (h11) has no timeout of its own while it waits for a request body, so a client
that declares ``Content-Length: 100`` and sends nothing would hold its connection (and a worker task) forever.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
import uuid

from fastapi import HTTPException
from opentelemetry import trace
from opentelemetry.trace import SpanKind
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ragqa.api.errors import error_response
from ragqa.observability import metrics, tracing
from ragqa.observability.logs import request_id_var

log = logging.getLogger("ragqa.access")
errors_log = logging.getLogger("ragqa.api")

REQUEST_ID_HEADER = "x-request-id"
_VALID_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")


def request_id_from(headers: list[tuple[bytes, bytes]]) -> str:
    """The caller's ``X-Request-ID`` when it is a sane token (<= 128 of ``[A-Za-z0-9._:-]``), else a new one."""
    for name, value in headers:
        if name.lower() == REQUEST_ID_HEADER.encode():
            given = value.decode("latin-1").strip()
            if _VALID_ID.match(given):
                return given
            break
    return uuid.uuid4().hex


def _too_large(limit: int) -> HTTPException:
    return HTTPException(413, f"request body is larger than {limit} bytes: send a smaller body")


def _too_slow(timeout_s: float) -> HTTPException:
    return HTTPException(
        408,
        f"the request body did not arrive within {timeout_s:g} s of its headers: send the whole body at once",
        headers={"Connection": "close"},  # the rest of the body may still come: this connection is done
    )


class RequestContextMiddleware:
    """Request id in and out, body size limit (413) and deadline (408), request metrics and a JSON access log
    line. ``body_timeout_s`` counts from when the headers are in until the body's last byte is."""

    def __init__(
        self,
        app: ASGIApp,
        max_body_bytes: int = 1_048_576,
        body_timeout_s: float | None = 30.0,
        max_upload_bytes: int | None = None,
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.body_timeout_s = body_timeout_s
        self.max_upload_bytes = max_upload_bytes
        """The limit of document writes (``POST /documents``, ``PUT /documents/{id}``: uploads and batches)."""

    def _limit(self, scope: Scope) -> int:
        if (
            self.max_upload_bytes is not None
            and scope.get("method") in ("POST", "PUT")
            and (scope.get("path") == "/documents" or str(scope.get("path", "")).startswith("/documents/"))
        ):
            return max(self.max_upload_bytes, self.max_body_bytes)
        return self.max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        request_id = request_id_from(scope.get("headers", []))
        token = request_id_var.set(request_id)
        scope.setdefault("state", {})["request_id"] = request_id
        status = {"code": 500, "started": False}
        limit = self._limit(scope)

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                status["started"] = True
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode()))
                message = {**message, "headers": headers}
            await send(message)

        received = 0
        timeout_s = self.body_timeout_s
        body_deadline = None if timeout_s is None else time.monotonic() + timeout_s

        async def receive_with_limit() -> Message:
            nonlocal received, body_deadline
            if body_deadline is None:  # the body is in (or no deadline): e.g. waiting for a disconnect
                message = await receive()
            else:
                try:
                    message = await asyncio.wait_for(receive(), max(0.0, body_deadline - time.monotonic()))
                except TimeoutError:
                    raise _too_slow(timeout_s or 0.0) from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _too_large(limit)
                if not message.get("more_body", False):
                    body_deadline = None
            elif message["type"] == "http.disconnect":
                body_deadline = None
            return message

        method = scope.get("method", "")
        request_span = tracing.start_span(
            f"HTTP {method}", {"http.request.method": method, "url.path": scope.get("path", "")}, SpanKind.SERVER
        )
        try:
            with trace.use_span(request_span, end_on_exit=False):
                declared = _content_length(scope)
                if declared is not None and declared > limit:
                    response = error_response(413, "too_large", str(_too_large(limit).detail))
                    await response(scope, receive, send_with_id)
                else:
                    await self.app(scope, receive_with_limit, send_with_id)
        except Exception:
            errors_log.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            tracing.failed(request_span, "unhandled_exception")
            if not status["started"]:
                response = error_response(
                    500, "internal_error", "the server hit an unexpected error; it has been logged"
                )
                await response(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - start
            route = _route_template(scope)
            request_span.update_name(f"HTTP {method} {route}")
            request_span.set_attribute("http.route", route)
            request_span.set_attribute("http.response.status_code", int(status["code"]))
            if int(status["code"]) >= 500:
                tracing.failed(request_span, str(status["code"]))
            request_span.end()
            metrics.HTTP_REQUESTS.labels(route=route, method=method, status=str(status["code"])).inc()
            metrics.HTTP_LATENCY.labels(route=route, method=method).observe(elapsed)
            client = scope.get("client")
            log.info(
                "%s %s %d",
                method,
                scope.get("path", ""),
                status["code"],
                extra={
                    "method": method,
                    "path": scope.get("path", ""),
                    "route": route,
                    "status": status["code"],
                    "duration_ms": round(elapsed * 1000, 2),
                    "client": client[0] if client else "",
                    "caller": scope.get("state", {}).get("caller", ""),
                },
            )
            request_id_var.reset(token)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _route_template(scope: Scope) -> str:
    """The matched route's path template (bounded label values), or ``unmatched`` for 404s."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else "unmatched"
