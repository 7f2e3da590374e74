"""``POST /ask`` and ``POST /search``: parse, call the pipeline or the services, shape the response."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from ragqa.answering.pipeline import collect
from ragqa.api.collections import open_collection, require_index
from ragqa.api.schemas import (
    PUBLIC_ERRORS,
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

router = APIRouter(dependencies=PUBLIC_API_DEPENDENCIES)

COLLECTION_ERRORS: dict[int | str, dict[str, Any]] = {
    **PUBLIC_ERRORS,
    404: {"model": ErrorResponse, "description": "The `collection` does not exist or the API key may not read it."},
}
ASK_RESPONSES: dict[int | str, dict[str, Any]] = {
    **COLLECTION_ERRORS,
    200: {
        "description": "The answer as JSON, or with `stream: true` as `text/event-stream` events "
        "`sources`, `delta`..., `citations`, `done` (or `error`).",
        "content": {"text/event-stream": {}},
    },
}


@router.post("/ask", response_model=AskResponse, responses=ASK_RESPONSES)
async def ask(body: AskRequest, request: Request) -> AskResponse | StreamingResponse:
    """Answer a question from the indexed articles, citing passages with [n] markers."""
    services = open_collection(request, body.collection)
    require_index(services, body.collection)
    pipeline = services.pipeline
    _ = pipeline.holder.current  # no index: 503 as JSON, before any stream starts
    filters = body.filters.to_filters() if body.filters else None
    events = pipeline.run(
        body.question,
        body.top_k,
        body.conversation_id,
        incremental=body.stream,
        filters=filters,
        min_confidence=body.min_confidence,
    )
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
        query=result.query,
        confidence=result.confidence,
    )


@router.post("/search", response_model=SearchResponse, responses=COLLECTION_ERRORS)
def search(body: SearchRequest, request: Request) -> SearchResponse:
    """The passages closest to a query, best first."""
    services = open_collection(request, body.collection)
    require_index(services, body.collection)
    filters = body.filters.to_filters() if body.filters else None
    hits, version = services.search(body.query, body.top_k, filters)
    return SearchResponse(results=[Passage.from_hit(h) for h in hits], index_version=version)
