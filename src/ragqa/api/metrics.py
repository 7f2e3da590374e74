"""``GET /metrics``: the Prometheus scrape endpoint (open, like ``/health``; it carries no answers or secrets)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from ragqa.api.deps import ServicesDep
from ragqa.observability import metrics

router = APIRouter()


@router.get("/metrics", response_class=Response, responses={200: {"content": {"text/plain": {}}}})
def prometheus_metrics(services: ServicesDep) -> Response:
    """Prometheus metrics (``ragqa_*`` plus process metrics such as resident memory)."""
    retriever = services.holder.serving
    if retriever is not None:
        metrics.set_live_index(retriever.index.version, retriever.index.chunk_count)
    body, content_type = metrics.render()
    return Response(body, media_type=content_type)
