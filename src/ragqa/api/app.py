"""The FastAPI application factory: one fresh app per call over one ``Services`` object."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from fastapi import FastAPI

from ragqa import __version__
from ragqa.api import admin, ask, collections, documents, feedback, health, metrics, openai_compat, widget
from ragqa.api.auth_throttle import AuthThrottle
from ragqa.api.cors import install_cors
from ragqa.api.deps import ApiContext
from ragqa.api.errors import install_error_handlers
from ragqa.api.keys import load_key_ring
from ragqa.api.middleware import RequestContextMiddleware
from ragqa.api.ratelimit import Rate, RateLimiter, RateLimitSpecError, parse_rate
from ragqa.api.security import parse_api_keys
from ragqa.collections_registry import Collections
from ragqa.config import Settings
from ragqa.embedding.encoder import Encoder
from ragqa.services import Services

log = logging.getLogger(__name__)

ROUTERS = [
    ask.router,
    health.router,
    openai_compat.router,
    metrics.router,
    widget.router,
    feedback.router,
    admin.router,
    documents.router,
    collections.router,
]
"""Every router the app serves; each resource has its own module."""


async def _watch_index(services: Services, interval: float, named: Collections | None = None) -> None:
    """Pick up newly published index versions without a restart (of every collection in use)."""
    while True:
        await asyncio.sleep(interval)
        for each in named.loaded() if named is not None else [services]:
            try:
                await asyncio.to_thread(each.holder.reload_if_changed)
                each.pipeline.warm()  # a new version's sentences, in the background
            except Exception:  # a bad version must never stop the watcher
                log.exception("index reload failed (%s)", each.settings.index_dir)


def _rate(spec: str, variable: str) -> Rate | None:
    """``parse_rate``, with the variable named when the value is refused."""
    try:
        return parse_rate(spec)
    except RateLimitSpecError as exc:
        raise RateLimitSpecError(f"{variable}: {exc}") from None


def create_app(
    settings: Settings | None = None, services: Services | None = None, *, encoder: Encoder | None = None
) -> FastAPI:
    """Build the app over ``services``, or over services built here from ``settings`` (with ``encoder`` when
    given, else the configured one): the model and the index load now, not on a first request.

    Services passed in belong to the caller; services built here are closed with the app.
    """
    if services is None:
        services = Services.build(settings or Settings(), encoder)
        owned = True
    else:
        owned = False
    settings = services.settings
    # parsed now: a bad key list or rate fails at start-up, not on the first request
    rate = _rate(settings.rate_limit, "RAGQA_RATE_LIMIT")
    auth_failures = _rate(settings.auth_failure_limit, "RAGQA_AUTH_FAILURE_LIMIT")
    feedback_rate = _rate(settings.feedback_rate_limit, "RAGQA_FEEDBACK_RATE_LIMIT")
    plain_keys = parse_api_keys(settings.api_keys)
    named = Collections(services)
    context = ApiContext(
        services,
        plain_keys,
        RateLimiter(rate) if rate else None,
        auth_throttle=AuthThrottle(auth_failures) if auth_failures else None,
        feedback_limiter=RateLimiter(feedback_rate) if feedback_rate else None,
        key_ring=load_key_ring(settings, plain_keys),  # a bad keys file fails here, at start-up
        collections=named,
    )

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        watcher = asyncio.create_task(_watch_index(services, settings.reload_interval_s, named))
        services.pipeline.warm()
        try:
            # documents stored by a server that stopped before indexing them are indexed now
            await asyncio.to_thread(services.index_pending_documents)
        except Exception:  # the store being unreadable must not stop the server from answering
            log.exception("cannot check the document store for pending writes")
        # every other collection is loaded now, off the event loop, not by the first request that names it
        for name in named.names()[1:]:
            await asyncio.to_thread(named.get, name)
        try:
            yield
        finally:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher
            await named.aclose()  # the other collections' services are the app's own
            if owned:
                await services.aclose()

    app = FastAPI(
        title="ragqa",
        version=__version__,
        description="Cited answers over your own articles.",
        lifespan=lifespan,
    )
    app.state.context = context
    install_error_handlers(app)
    app.add_middleware(
        RequestContextMiddleware,
        max_body_bytes=settings.max_body_bytes,
        body_timeout_s=settings.body_timeout_s,
        max_upload_bytes=documents.upload_body_limit(settings),
    )
    install_cors(app, settings)  # outermost: preflights end here, every response gets CORS headers
    for router in ROUTERS:
        app.include_router(router)
    return app
