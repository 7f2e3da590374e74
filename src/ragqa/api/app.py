"""The FastAPI application factory: one fresh app per call, with its settings and service."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from fastapi import FastAPI

from ragqa import __version__
from ragqa.api.admin import router as admin_router
from ragqa.api.cors import install_cors
from ragqa.api.errors import install_error_handlers
from ragqa.api.middleware import RequestContextMiddleware
from ragqa.api.observability import router as metrics_router
from ragqa.api.openai_compat import router as openai_router
from ragqa.api.ratelimit import RateLimiter, parse_rate
from ragqa.api.routes import router
from ragqa.api.security import parse_api_keys
from ragqa.api.widget import router as widget_router
from ragqa.config import Settings
from ragqa.pipeline import AnswerPipeline
from ragqa.service import QAService

log = logging.getLogger(__name__)

ROUTERS = [router, openai_router, metrics_router, widget_router, admin_router]
"""Every router the app serves; each feature adds its own module's router here."""


async def _watch_index(service: QAService, interval: float) -> None:
    """Pick up newly published index versions without a restart."""
    while True:
        await asyncio.sleep(interval)
        try:
            await asyncio.to_thread(service.holder.reload_if_changed)
        except Exception:  # a bad version must never stop the watcher
            log.exception("index reload failed")


def create_app(settings: Settings | None = None, service: QAService | None = None) -> FastAPI:
    """Build the app; the model and index load at start-up unless a ready ``service`` is passed."""
    settings = settings or Settings()

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if getattr(app.state, "service", None) is None:
            app.state.service = await asyncio.to_thread(QAService.from_settings, settings)
        if getattr(app.state, "pipeline", None) is None:  # built now so a bad LLM setting fails at start-up
            app.state.pipeline = AnswerPipeline(app.state.service, settings)
        watcher = asyncio.create_task(_watch_index(app.state.service, settings.reload_interval_s))
        try:
            yield
        finally:
            pipeline = getattr(app.state, "pipeline", None)
            if pipeline is not None:
                await pipeline.aclose()
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher

    app = FastAPI(
        title="ragqa",
        version=__version__,
        description="Cited answers over your own articles.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.service = service
    app.state.api_keys = parse_api_keys(settings.api_keys)
    rate = parse_rate(settings.rate_limit)
    app.state.rate_limiter = RateLimiter(rate) if rate else None
    install_error_handlers(app)
    app.add_middleware(RequestContextMiddleware, max_body_bytes=settings.max_body_bytes)
    install_cors(app, settings)  # outermost: preflights end here, every response gets CORS headers
    for r in ROUTERS:
        app.include_router(r)
    return app
