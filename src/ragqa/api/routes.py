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
from ragqa.service import QAService

router = APIRouter()
ERRORS = {422: {"model": ErrorResponse}, 503: {"model": ErrorResponse}}


def service_of(request: Request) -> QAService:
    return request.app.state.service


@router.post("/ask", response_model=AskResponse, responses=ERRORS)
def ask(body: AskRequest, request: Request) -> AskResponse:
    """Answer a question from the indexed articles, citing passages with [n] markers."""
    result = service_of(request).ask(body.question, body.top_k)
    return AskResponse(
        answer=result.answer,
        citations=[CitationOut.from_citation(c) for c in result.citations],
        abstained=result.abstained,
        mode=result.mode,
        index_version=result.index_version,
        timings_ms=result.timings_ms,
    )


@router.post("/search", response_model=SearchResponse, responses=ERRORS)
def search(body: SearchRequest, request: Request) -> SearchResponse:
    """The passages closest to a query, best first."""
    hits, version = service_of(request).search(body.query, body.top_k)
    return SearchResponse(results=[Passage.from_hit(h) for h in hits], index_version=version)


@router.get("/health")
def health() -> dict:
    """Alive: the process answers (the index may still be loading)."""
    return {"status": "ok"}


@router.get("/ready", responses={503: {"model": ErrorResponse}})
def ready(request: Request):
    """Ready: an index is loaded; reports its version, size and model."""
    service = service_of(request)
    holder = service.holder
    if not holder.loaded:
        return JSONResponse({"status": "not_ready", "reason": holder.last_error or "no index loaded"}, status_code=503)
    index = holder.current.index
    return {
        "status": "ready",
        "index_version": index.version,
        "chunk_count": index.chunk_count,
        "document_count": index.manifest.get("document_count"),
        "model": service.embedder.name,
        "built_at": index.manifest.get("built_at"),
    }
