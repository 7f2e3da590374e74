"""Traces: OpenTelemetry spans for each request and the stages inside it, exported over OTLP when asked.

Why OpenTelemetry: any tracing backend (Jaeger, Tempo, Honeycomb, an OTel collector) reads OTLP, and the
standard ``OTEL_*`` variables configure it, so operators need nothing ragqa-specific. Export is on when
``OTEL_EXPORTER_OTLP_ENDPOINT`` (or ``OTEL_EXPORTER_OTLP_TRACES_ENDPOINT``) is set and ``OTEL_SDK_DISABLED`` is not
``true``: spans then go over OTLP/HTTP (protobuf, port 4318 on a collector) in batches, named by
``OTEL_SERVICE_NAME`` (default ``ragqa``), with ``OTEL_EXPORTER_OTLP_HEADERS`` and the other exporter variables
honoured by the SDK itself. Otherwise the API's no-op tracer answers every call: no SDK is imported, nothing is
recorded or sent.

Spans (each with the request id as ``ragqa.request_id`` when there is one):
``HTTP <method> <route>`` (the request) > ``ragqa.retrieve`` > ``ragqa.encode_question``, ``ragqa.keyword_search``,
``ragqa.dense_search``; ``ragqa.answer`` (sentence selection and abstention); ``ragqa.llm`` (model, tokens,
outcome); ``ragqa.verify`` (support check of an LLM's citations); and ``ragqa.index_build`` for builds.
"""

from __future__ import annotations

import contextvars
import logging
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, ParamSpec, TypeVar

from opentelemetry import trace
from opentelemetry.trace import Span, SpanKind, Status, StatusCode
from opentelemetry.util.types import AttributeValue

from ragqa.observability.logs import request_id_var

log = logging.getLogger(__name__)

TRACER_NAME = "ragqa"
_configured = False
P = ParamSpec("P")
R = TypeVar("R")


def export_requested(env: Mapping[str, str] = os.environ) -> bool:
    """Whether the standard OTel variables ask for spans to be exported."""
    if env.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        return False
    return bool(
        env.get("OTEL_EXPORTER_OTLP_ENDPOINT", "").strip() or env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "").strip()
    )


def configure_tracing(env: Mapping[str, str] = os.environ) -> bool:
    """Install the SDK's tracer provider with a batching OTLP/HTTP exporter when the environment asks for it
    (once per process); returns whether spans are exported."""
    global _configured
    if _configured:
        return True
    if not export_requested(env):
        return False
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    # Resource.create reads OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES; "ragqa" when neither names it
    resource = Resource.create({} if env.get("OTEL_SERVICE_NAME") else {"service.name": "ragqa"})
    provider = TracerProvider(resource=resource)
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)
    _configured = True
    endpoint = env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") or env.get("OTEL_EXPORTER_OTLP_ENDPOINT")
    log.info("exporting traces over OTLP/HTTP to %s", endpoint)
    return True


def tracer() -> trace.Tracer:
    """The ragqa tracer (a proxy until a provider is installed, so it may be taken at any time)."""
    return trace.get_tracer(TRACER_NAME)


def _attributes(attributes: Mapping[str, AttributeValue | None] | None) -> dict[str, AttributeValue]:
    out: dict[str, AttributeValue] = {k: v for k, v in (attributes or {}).items() if v is not None}
    request_id = request_id_var.get()
    if request_id:
        out.setdefault("ragqa.request_id", request_id)
    return out


@contextmanager
def span(
    name: str, attributes: Mapping[str, AttributeValue | None] | None = None, kind: SpanKind = SpanKind.INTERNAL
) -> Iterator[Span]:
    """A span around a block, current inside it (children nest under it); an exception marks it failed."""
    with tracer().start_as_current_span(name, kind=kind, attributes=_attributes(attributes)) as current:
        yield current


def start_span(
    name: str, attributes: Mapping[str, AttributeValue | None] | None = None, kind: SpanKind = SpanKind.INTERNAL
) -> Span:
    """A span that is not made current, for work that yields (an async generator must not hold a context
    across its ``yield``s) or outlives a block; the caller ends it."""
    return tracer().start_span(name, kind=kind, attributes=_attributes(attributes))


def failed(target: Span, reason: str) -> None:
    """Mark a span as failed with a short reason (an error type, never a secret)."""
    target.set_attribute("error.type", reason)
    target.set_status(Status(StatusCode.ERROR, reason))


def in_this_context(fn: Callable[P, R]) -> Callable[P, R]:
    """``fn`` bound to the current context, so spans it opens on another thread (an executor) nest under the
    span current here instead of starting a trace of their own."""
    context = contextvars.copy_context()

    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        return context.run(fn, *args, **kwargs)

    return run


def traced(name: str, fn: Callable[P, R]) -> Callable[P, R]:
    """``fn`` run inside a span of its own (for work handed to a thread)."""

    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with span(name):
            return fn(*args, **kwargs)

    return run


def set_attributes(target: Span, attributes: Mapping[str, Any]) -> None:
    """Set the attributes that have a value."""
    for key, value in attributes.items():
        if value is not None:
            target.set_attribute(key, value)
