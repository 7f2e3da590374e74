"""Who may call what: the admin token for ``/admin/*`` and the API keys and rate limit for the public routes.

Tokens are compared in constant time; a missing configuration answers 403 with how to enable it.
Public routes (``/ask``, ``/search``, ``/v1/*``) attach ``PUBLIC_API_DEPENDENCIES``: an API key check when
``RAGQA_API_KEYS`` is set, then a token bucket per key (or per client address) when ``RAGQA_RATE_LIMIT`` is.
Wrong keys and tokens are counted per client address and key prefix (``RAGQA_AUTH_FAILURE_LIMIT``); an address
over the limit gets 429 before anything it presents is compared (``auth_throttle`` says why that order).
"""

from __future__ import annotations

import hashlib
import hmac

from fastapi import Depends, HTTPException, Request

from ragqa.api.deps import api_context, get_settings
from ragqa.api.keys import ALL, UNRESTRICTED, Scope
from ragqa.api.ratelimit import retry_after_header
from ragqa.observability import metrics


def _bearer(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def client_address(request: Request) -> str:
    """The client's address (proxies already resolved by ``ragqa serve``'s uvicorn settings)."""
    return request.client.host if request.client else "unknown"


def too_many_requests(wait_s: float, message: str) -> HTTPException:
    """A 429 whose message ends with when to retry, and the same in ``Retry-After`` (whole seconds)."""
    retry = retry_after_header(wait_s)
    return HTTPException(429, f"{message}; retry after {retry} s", headers={"Retry-After": retry})


def _refuse_if_throttled(request: Request, what: str) -> None:
    """429 for an address with too many failed authentications, before its credential is compared."""
    throttle = api_context(request).auth_throttle
    wait = throttle.wait(client_address(request)) if throttle is not None else 0.0
    if throttle is None or wait <= 0:
        return
    metrics.AUTH_THROTTLED.inc()
    raise too_many_requests(
        wait,
        f"too many wrong {what}s from this address: none is checked for {retry_after_header(wait)} s "
        f"(at most {throttle.rate.requests} failures per {throttle.rate.seconds:g} s, RAGQA_AUTH_FAILURE_LIMIT); "
        f"then send the right {what}",
    )


def _count_failure(request: Request, presented: str) -> None:
    """Charge a wrong credential to its address and key prefix (the key itself is never kept)."""
    throttle = api_context(request).auth_throttle
    if throttle is not None:
        throttle.failed(client_address(request), presented)


def require_admin(request: Request) -> None:
    """Dependency for admin routes: ``Authorization: Bearer $RAGQA_ADMIN_TOKEN``."""
    expected = get_settings(request).admin_token
    if not expected:
        raise HTTPException(403, "admin routes are disabled: set RAGQA_ADMIN_TOKEN to enable them")
    given = _bearer(request)
    if given:
        _refuse_if_throttled(request, "admin token")
    if not given or not hmac.compare_digest(given.encode(), expected.encode()):
        if given:
            _count_failure(request, given)
        raise HTTPException(
            401,
            "missing or wrong admin token: send Authorization: Bearer <RAGQA_ADMIN_TOKEN>",
            headers={"WWW-Authenticate": "Bearer"},
        )
    request.state.admin = True  # errors of this request may carry details (index paths) for the operator


def is_admin(request: Request) -> bool:
    """Whether this request passed ``require_admin``: only then may an error name paths and files."""
    return getattr(request.state, "admin", False) is True


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


def _presented_key(request: Request) -> str:
    return _bearer(request) or request.headers.get("x-api-key", "").strip()


def _caller(request: Request) -> str:
    """Who is calling: the key id when API keys are on, else the client address. Sets ``request.state.scope``:
    the collections the caller may read and write (``api.keys``)."""
    context = api_context(request)
    keys = context.api_keys
    ring = context.key_ring
    if not keys and not ring.enabled:
        request.state.scope = UNRESTRICTED
        return "addr:" + client_address(request)
    presented = _presented_key(request)
    if presented:
        _refuse_if_throttled(request, "API key")
    scope: Scope | None = None
    if presented and ring.enabled:
        scope = ring.match(presented)
    elif presented:  # a context built without a key ring: the plain keys read every collection
        match = _matching_key(presented.encode(), keys)
        scope = Scope(key_id(match), frozenset({ALL}), frozenset()) if match is not None else None
    if scope is None:
        if presented:
            _count_failure(request, presented)
        metrics.AUTH_FAILURES.inc()
        raise HTTPException(
            401,
            "missing or wrong API key: send Authorization: Bearer <key> or X-API-Key: <key> "
            "with one of the keys in RAGQA_API_KEYS (or RAGQA_API_KEYS_FILE)",
            headers={"WWW-Authenticate": "Bearer"},
        )
    request.state.scope = scope
    return scope.key_id


def request_scope(request: Request) -> Scope:
    """What the caller of this request may reach (set by ``require_api_access`` or the admin check)."""
    if is_admin(request):
        return UNRESTRICTED
    scope = getattr(request.state, "scope", None)
    return scope if isinstance(scope, Scope) else UNRESTRICTED


async def require_documents_access(request: Request) -> None:
    """Dependency for ``/documents`` routes: the admin token, or (when API keys are configured) an API key, whose
    scope each route then checks against the collection; without API keys, exactly ``require_admin``."""
    if not api_context(request).keys_enabled:
        require_admin(request)
        return
    await require_admin_or_api_access(request)


async def require_admin_or_api_access(request: Request) -> None:
    """The admin token (may reach every collection), else the public routes' check (``require_api_access``)."""
    given = _bearer(request)
    expected = get_settings(request).admin_token
    if given and expected:
        _refuse_if_throttled(request, "admin token or API key")
        if hmac.compare_digest(given.encode(), expected.encode()):
            request.state.admin = True
            return
    await require_api_access(request)


async def require_api_access(request: Request) -> str:
    """Dependency for public routes: the API key (when configured), then the rate limit; returns the caller id."""
    caller = _caller(request)
    request.state.caller = caller
    limiter = api_context(request).rate_limiter
    if limiter is not None:
        wait = limiter.acquire(caller)
        if wait > 0:
            metrics.RATE_LIMITED.inc()
            raise too_many_requests(
                wait,
                f"rate limit of {limiter.rate.requests} requests per {limiter.rate.seconds:g} s exceeded for this "
                f"{'API key' if caller.startswith('key:') else 'client'}",
            )
    return caller


PUBLIC_API_DEPENDENCIES = [Depends(require_api_access)]
"""Attach to public routers: ``APIRouter(dependencies=PUBLIC_API_DEPENDENCIES)`` or per route."""
