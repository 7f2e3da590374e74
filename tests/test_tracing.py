"""Traces: one /ask gives the expected span tree (the SDK's in-memory exporter, a real uvicorn server with the fake
encoder), and `ragqa serve` exports spans over OTLP/HTTP to a receiver on loopback when the standard variables
ask for it (real model, real server, real protobuf)."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from helpers.servers import start_server, stop_server
from helpers.tiny_app import serve_tiny_app
from opentelemetry import trace
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.util._once import Once

from ragqa.observability.tracing import export_requested


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    """The global tracer provider set to record into memory for one test, then unset again (the SDK allows one
    provider per process: resetting it is test-only)."""
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    yield exporter
    provider.shutdown()
    trace._TRACER_PROVIDER = None  # noqa: SLF001 - test-only reset of the process-wide provider
    trace._TRACER_PROVIDER_SET_ONCE = Once()  # noqa: SLF001


def _children(all_spans: list[ReadableSpan], parent: ReadableSpan) -> list[ReadableSpan]:
    return [s for s in all_spans if s.parent is not None and s.parent.span_id == parent.context.span_id]


def _descendants(all_spans: list[ReadableSpan], parent: ReadableSpan) -> list[ReadableSpan]:
    """Every span under ``parent`` (FastAPI adds spans of its own between the request and the route's work)."""
    found = _children(all_spans, parent)
    return found + [d for child in found for d in _descendants(all_spans, child)]


def test_one_ask_yields_the_request_span_with_its_stages_and_the_request_id(tmp_path: Path, spans) -> None:
    with serve_tiny_app(tmp_path) as base:
        response = httpx.post(
            base + "/ask", json={"question": "Which unit offered the bounties?"}, headers={"X-Request-ID": "trace-me-1"}
        )
    assert response.status_code == 200, response.text
    finished = list(spans.get_finished_spans())
    requests = [s for s in finished if s.name == "HTTP POST /ask"]
    assert len(requests) == 1, [s.name for s in finished]
    request = requests[0]
    assert request.kind == trace.SpanKind.SERVER
    assert request.attributes["http.response.status_code"] == 200
    assert request.attributes["ragqa.request_id"] == "trace-me-1"
    stages = {s.name: s for s in _descendants(finished, request)}
    assert {"ragqa.retrieve", "ragqa.answer"} <= set(stages), sorted(stages)
    retrieve = stages["ragqa.retrieve"]
    assert retrieve.attributes["ragqa.hits"] >= 1 and retrieve.attributes["ragqa.request_id"] == "trace-me-1"
    inside = {s.name for s in _children(finished, retrieve)}
    assert {"ragqa.encode_question", "ragqa.keyword_search", "ragqa.dense_search"} <= inside, sorted(inside)
    assert "ragqa.abstained" in stages["ragqa.answer"].attributes
    # every span of the request belongs to its one trace
    assert {s.context.trace_id for s in finished if s.name.startswith("ragqa.")} == {request.context.trace_id}


def test_a_refused_request_is_a_span_too(tmp_path: Path, spans) -> None:
    with serve_tiny_app(tmp_path) as base:
        assert httpx.post(base + "/ask", json={"question": ""}).status_code == 422
    (request,) = [s for s in spans.get_finished_spans() if s.name.startswith("HTTP POST")]
    assert request.attributes["http.response.status_code"] == 422


def test_export_is_off_unless_the_standard_variables_ask() -> None:
    assert not export_requested({})
    assert export_requested({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318"})
    assert export_requested({"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://127.0.0.1:4318/v1/traces"})
    assert not export_requested({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://x:4318", "OTEL_SDK_DISABLED": "true"})


class _Receiver(http.server.BaseHTTPRequestHandler):
    """An OTLP/HTTP trace receiver: decodes each POST /v1/traces as the collector would."""

    received: list[ExportTraceServiceRequest] = []

    def do_POST(self) -> None:  # noqa: N802 - the http.server API
        body = self.rfile.read(int(self.headers.get("content-length", 0)))
        if self.path == "/v1/traces":
            request = ExportTraceServiceRequest()
            request.ParseFromString(body)
            self.received.append(request)
        self.send_response(200)
        self.send_header("content-type", "application/x-protobuf")
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


def test_ragqa_serve_exports_its_spans_over_otlp_when_asked(index_dir: Path) -> None:
    receiver = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    _Receiver.received = []
    env = {
        "OTEL_EXPORTER_OTLP_ENDPOINT": f"http://127.0.0.1:{receiver.server_port}",
        "OTEL_SERVICE_NAME": "ragqa-test",
        "OTEL_BSP_SCHEDULE_DELAY": "200",
    }
    proc, base = start_server(index_dir, extra_env=env)
    try:
        answer = httpx.post(base + "/ask", json={"question": "Who is Zamir Kabulov?"}, timeout=60)
        assert answer.status_code == 200
        names: set[str] = set()
        service = set()
        for _ in range(100):
            for request in list(_Receiver.received):
                for resource_spans in request.resource_spans:
                    for attribute in resource_spans.resource.attributes:
                        if attribute.key == "service.name":
                            service.add(attribute.value.string_value)
                    for scope_spans in resource_spans.scope_spans:
                        names.update(s.name for s in scope_spans.spans)
            if "HTTP POST /ask" in names:
                break
            threading.Event().wait(0.1)
    finally:
        stop_server(proc)
        receiver.shutdown()
    assert {"HTTP POST /ask", "ragqa.retrieve", "ragqa.answer"} <= names, sorted(names)
    assert service == {"ragqa-test"}


def test_an_index_build_is_a_span_with_its_counts(tmp_path: Path, spans) -> None:
    from helpers.fake_encoder import FakeEncoder
    from helpers.tiny_corpus import write_tiny_corpus

    from ragqa.config import Settings
    from ragqa.index.build import build_from_settings

    settings = Settings(corpus_dir=write_tiny_corpus(tmp_path / "corpus"), index_dir=tmp_path / "index")
    report = build_from_settings(settings, FakeEncoder())
    (build,) = [s for s in spans.get_finished_spans() if s.name == "ragqa.index_build"]
    assert build.attributes["ragqa.index_version"] == report.version
    assert build.attributes["ragqa.chunks"] == report.chunks > 0


@pytest.mark.slow  # starts llama.cpp
def test_each_call_to_a_real_llama_cpp_server_is_a_span_with_model_and_tokens(spans) -> None:
    import asyncio

    from helpers.llm import start_llama, stop
    from helpers.servers import free_port

    from ragqa.answering.llm import LLMClient

    port = free_port()
    proc = start_llama(port)

    async def both() -> None:
        llm = LLMClient(f"http://127.0.0.1:{port}/v1", model="stories", max_tokens=16, temperature=0.0)
        try:
            await llm.complete([{"role": "user", "content": "Once upon a time"}])
            assert [p async for p in llm.stream([{"role": "user", "content": "Once upon a time"}])]
        finally:
            await llm.aclose()

    try:
        asyncio.run(both())
    finally:
        stop(proc)
    calls = [s for s in spans.get_finished_spans() if s.name == "ragqa.llm"]
    assert [c.attributes["ragqa.llm.stream"] for c in calls] == [False, True]
    plain, streamed = calls
    assert plain.attributes["gen_ai.request.model"] == "stories"
    assert plain.attributes["gen_ai.usage.input_tokens"] > 0 and plain.attributes["gen_ai.usage.output_tokens"] > 0
    assert streamed.attributes["ragqa.llm.pieces"] > 0
    assert all(c.status.is_ok for c in calls)
