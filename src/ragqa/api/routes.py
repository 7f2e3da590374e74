"""``/ask``, ``/search``, ``/health`` and ``/ready``: parse, call the service, shape the response."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from ragqa.api.schemas import (
    AskRequest,
    AskResponse,
    CitationOut,
    ErrorResponse,
    Passage,
    SearchRequest,
    SearchResponse,
)
from ragqa.api.security import PUBLIC_API_DEPENDENCIES
from ragqa.api.streaming import sse_response
from ragqa.pipeline import AnswerPipeline, collect
from ragqa.service import QAService

router = APIRouter()
ERRORS = {
    code: {"model": ErrorResponse}
    for code in (401, 413, 422, 429, 503)  # 401/429 only when RAGQA_API_KEYS / RAGQA_RATE_LIMIT are set
}


def service_of(request: Request) -> QAService:
    return request.app.state.service


def pipeline_of(request: Request) -> AnswerPipeline:
    """The app's answer pipeline, built on first use over the app's service and settings."""
    state = request.app.state
    pipeline = getattr(state, "pipeline", None)
    if pipeline is None:
        pipeline = state.pipeline = AnswerPipeline(state.service, state.settings)
    return pipeline


ASK_RESPONSES = {
    **ERRORS,
    200: {
        "description": "The answer as JSON, or with `stream: true` as `text/event-stream` events "
        "`sources`, `delta`..., `citations`, `done` (or `error`).",
        "content": {"text/event-stream": {}},
    },
}


@router.post("/ask", response_model=AskResponse, responses=ASK_RESPONSES, dependencies=PUBLIC_API_DEPENDENCIES)
async def ask(body: AskRequest, request: Request):
    """Answer a question from the indexed articles, citing passages with [n] markers."""
    pipeline = pipeline_of(request)
    _ = pipeline.service.holder.current  # no index: 503 as JSON, before any stream starts
    filters = body.filters.to_filters() if body.filters else None
    events = pipeline.run(body.question, body.top_k, body.conversation_id, incremental=body.stream, filters=filters)
    if body.stream:
        return sse_response(events)
    result = await collect(events)
    return AskResponse(
        answer=result.answer,
        citations=[CitationOut.from_citation(c) for c in result.citations],
        abstained=result.abstained,
        mode=result.mode,
        fallback_reason=result.fallback_reason,
        conversation_id=result.conversation_id,
        answer_id=result.answer_id,
        index_version=result.index_version,
        timings_ms=result.timings_ms,
    )


@router.post("/search", response_model=SearchResponse, responses=ERRORS, dependencies=PUBLIC_API_DEPENDENCIES)
def search(body: SearchRequest, request: Request) -> SearchResponse:
    """The passages closest to a query, best first."""
    filters = body.filters.to_filters() if body.filters else None
    hits, version = service_of(request).search(body.query, body.top_k, filters)
    return SearchResponse(results=[Passage.from_hit(h) for h in hits], index_version=version)


@router.get("/health")
def health() -> dict:
    """Alive: the process answers (the index may still be loading)."""
    return {"status": "ok"}


@router.get("/ready", responses={503: {"model": ErrorResponse}})
def ready(request: Request):
    """Ready: an index is loaded; reports its version, size, model and encoder runtimes (questions, index).

    ``status`` is ``degraded`` (still 200: answers are served) when the published version was
    refused and an older good one is served instead; ``problem`` says which file failed.
    """
    service = service_of(request)
    holder = service.holder
    retriever = holder.serving
    if retriever is None:
        return JSONResponse({"status": "not_ready", "reason": holder.last_error or "no index loaded"}, status_code=503)
    index = retriever.index
    problem = holder.problem
    return {
        "status": "degraded" if problem else "ready",
        "index_version": index.version,
        "published_version": holder.published(),
        "problem": problem,
        "chunk_count": index.chunk_count,
        "document_count": index.manifest.get("document_count"),
        "model": service.embedder.name,
        "encoder_runtime": service.embedder.runtime,
        "index_encoder_runtimes": index.manifest.get("encoder_runtimes", []),
        "built_at": index.manifest.get("built_at"),
    }
