"""``GET /health`` (the process answers) and ``GET /ready`` (an index is loaded, and which one); both answer
``HEAD`` too (same status, no body)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from ragqa.api.deps import ServicesDep
from ragqa.api.schemas import ErrorResponse
from ragqa.index.store import is_version_id

router = APIRouter()


@router.get("/health")
@router.head("/health", include_in_schema=False)  # load balancers and uptime checks often probe with HEAD
def health() -> dict[str, str]:
    """Alive: the process answers (the index may still be loading)."""
    return {"status": "ok"}


@router.get("/ready", responses={503: {"model": ErrorResponse}}, response_model=None)
@router.head("/ready", include_in_schema=False, response_model=None)
def ready(services: ServicesDep) -> dict[str, Any] | JSONResponse:
    """Ready: an index is loaded; reports its version, size, model and encoder runtimes (questions, index).

    ``status`` is ``degraded`` (still 200: answers are served) when the published version was
    refused and an older good one is served instead. The route is open, so ``problem`` and the 503's ``reason``
    are short and name no path or file: ``/admin/index`` and the logs have the details.
    """
    status = services.status()
    index = status.index
    if index is None:
        return JSONResponse({"status": status.state, "reason": status.public_reason}, status_code=503)
    manifest = index.manifest
    published = status.published_version
    return {
        "status": status.state,
        "index_version": index.version,
        # a pointer naming anything but a version id is not repeated here (it says so in problem)
        "published_version": published if published is None or is_version_id(published) else None,
        "problem": status.public_problem,
        "chunk_count": index.chunk_count,
        "document_count": manifest.document_count,
        "model": services.encoder.name,
        "encoder_runtime": services.encoder.runtime,
        "index_encoder_runtimes": manifest.encoder_runtimes,
        "built_at": manifest.built_at,
        "sentence_vectors": services.warm_status(),
    }
