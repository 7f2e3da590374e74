"""``GET /metrics``: the Prometheus scrape endpoint (open, like ``/health``; it carries no answers or secrets)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ragqa import metrics

router = APIRouter()


@router.get("/metrics", response_class=Response, responses={200: {"content": {"text/plain": {}}}})
def prometheus_metrics(request: Request) -> Response:
    """Prometheus metrics (``ragqa_*`` plus process metrics such as resident memory)."""
    service = getattr(request.app.state, "service", None)
    if service is not None and service.holder.loaded:
        index = service.holder.current.index
        metrics.set_live_index(index.version, index.chunk_count)
    body, content_type = metrics.render()
    return Response(body, media_type=content_type)
