"""Who may call what: the admin token for ``/admin/*`` (API keys for the public routes live here too).

Tokens are compared in constant time; a missing configuration answers 403 with how to enable it.
"""

from __future__ import annotations

import hmac

from fastapi import HTTPException, Request


def _bearer(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def require_admin(request: Request) -> None:
    """Dependency for admin routes: ``Authorization: Bearer $RAGQA_ADMIN_TOKEN``."""
    expected = request.app.state.settings.admin_token
    if not expected:
        raise HTTPException(403, "admin routes are disabled: set RAGQA_ADMIN_TOKEN to enable them")
    given = _bearer(request)
    if not given or not hmac.compare_digest(given.encode(), expected.encode()):
        raise HTTPException(
            401,
            "missing or wrong admin token: send Authorization: Bearer <RAGQA_ADMIN_TOKEN>",
            headers={"WWW-Authenticate": "Bearer"},
        )
