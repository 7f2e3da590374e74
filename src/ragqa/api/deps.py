"""Typed dependencies: every router reaches the app's one ``Services`` object (and the API's access settings)
through these, never through ``app.state`` directly."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from ragqa.answering.pipeline import AnswerPipeline
from ragqa.api.auth_throttle import AuthThrottle
from ragqa.api.keys import KeyRing
from ragqa.api.ratelimit import RateLimiter
from ragqa.collections_registry import Collections
from ragqa.config import Settings
from ragqa.services import Services


@dataclass(frozen=True)
class ApiContext:
    """What ``create_app`` builds once: the services, and who may call (API keys, rate limiter, the throttle of
    failed authentications, the feedback limiter)."""

    services: Services
    api_keys: list[bytes]
    rate_limiter: RateLimiter | None
    auth_throttle: AuthThrottle | None = None
    feedback_limiter: RateLimiter | None = None
    key_ring: KeyRing = KeyRing()
    """Every API key, hashed, with the collections it may read and write (``api.keys``)."""
    collections: Collections | None = None
    """The named collections; ``create_app`` always sets it (None: only ``default``, built on first use)."""

    @property
    def keys_enabled(self) -> bool:
        return bool(self.api_keys) or self.key_ring.enabled


def api_context(request: Request) -> ApiContext:
    context: ApiContext = request.app.state.context
    return context


def get_services(request: Request) -> Services:
    return api_context(request).services


def get_collections(request: Request) -> Collections:
    context = api_context(request)
    if context.collections is None:
        collections = Collections(context.services)
        object.__setattr__(context, "collections", collections)
        return collections
    return context.collections


def get_pipeline(request: Request) -> AnswerPipeline:
    return api_context(request).services.pipeline


def get_settings(request: Request) -> Settings:
    return api_context(request).services.settings


ServicesDep = Annotated[Services, Depends(get_services)]
PipelineDep = Annotated[AnswerPipeline, Depends(get_pipeline)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
CollectionsDep = Annotated[Collections, Depends(get_collections)]
