"""Who may call what: the admin token for ``/admin/*`` and the API keys and rate limit for the public routes.

Tokens are compared in constant time; a missing configuration answers 403 with how to enable it.
Public routes (``/ask``, ``/search``, ``/v1/*``) attach ``PUBLIC_API_DEPENDENCIES``: an API key check when
``RAGQA_API_KEYS`` is set, then a token bucket per key (or per client address) when ``RAGQA_RATE_LIMIT`` is.
"""

from __future__ import annotations

import hashlib
import hmac

from fastapi import Depends, HTTPException, Request

from ragqa.api.deps import api_context, get_settings
from ragqa.api.ratelimit import retry_after_header
from ragqa.observability import metrics


def _bearer(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def require_admin(request: Request) -> None:
    """Dependency for admin routes: ``Authorization: Bearer $RAGQA_ADMIN_TOKEN``."""
    expected = get_settings(request).admin_token
    if not expected:
        raise HTTPException(403, "admin routes are disabled: set RAGQA_ADMIN_TOKEN to enable them")
    given = _bearer(request)
    if not given or not hmac.compare_digest(given.encode(), expected.encode()):
        raise HTTPException(
            401,
            "missing or wrong admin token: send Authorization: Bearer <RAGQA_ADMIN_TOKEN>",
            headers={"WWW-Authenticate": "Bearer"},
        )


def parse_api_keys(value: str) -> list[bytes]:
    """The configured API keys (comma-separated, blanks ignored) as bytes for constant-time comparison."""
    return [k.strip().encode() for k in (value or "").split(",") if k.strip()]


def key_id(key: bytes) -> str:
    """A short, non-reversible name for a key (for rate-limit buckets and logs; never the key itself)."""
    return "key:" + hashlib.sha256(key).hexdigest()[:12]


def _matching_key(given: bytes, keys: list[bytes]) -> bytes | None:
    """The configured key equal to ``given``; every key is compared so timing does not reveal which one."""
    found = None
    for key in keys:
        if hmac.compare_digest(given, key):
            found = key
    return found


def _caller(request: Request) -> str:
    """Who is calling: the key id when API keys are on, else the client address."""
    keys = api_context(request).api_keys
    if not keys:
        return "addr:" + (request.client.host if request.client else "unknown")
    given = (_bearer(request) or request.headers.get("x-api-key", "").strip()).encode()
    match = _matching_key(given, keys) if given else None
    if match is None:
        metrics.AUTH_FAILURES.inc()
        raise HTTPException(
            401,
            "missing or wrong API key: send Authorization: Bearer <key> or X-API-Key: <key> "
            "with one of the keys in RAGQA_API_KEYS",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return key_id(match)


async def require_api_access(request: Request) -> str:
    """Dependency for public routes: the API key (when configured), then the rate limit; returns the caller id."""
    caller = _caller(request)
    request.state.caller = caller
    limiter = api_context(request).rate_limiter
    if limiter is not None:
        wait = limiter.acquire(caller)
        if wait > 0:
            metrics.RATE_LIMITED.inc()
            raise HTTPException(
                429,
                f"rate limit of {limiter.rate.requests} requests per {limiter.rate.seconds:g} s exceeded for this "
                f"{'API key' if caller.startswith('key:') else 'client'}: retry after {retry_after_header(wait)} s",
                headers={"Retry-After": retry_after_header(wait)},
            )
    return caller


PUBLIC_API_DEPENDENCIES = [Depends(require_api_access)]
"""Attach to public routers: ``APIRouter(dependencies=PUBLIC_API_DEPENDENCIES)`` or per route."""
