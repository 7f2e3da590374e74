"""Which web pages may call the API from a browser: the ``RAGQA_CORS_ORIGINS`` allowlist.

The widget's script and stylesheet load from anywhere (script and link tags need no CORS), but its ``fetch``
calls to ``/ask`` and ``/feedback`` from another site's page are preflighted by the browser. Allowed origins get
the preflight answered with the methods and headers the widget uses; any other origin gets a 400 in the API's
JSON error shape saying which setting to change, instead of Starlette's bare "Disallowed CORS origin".
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from fastapi import FastAPI
from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response

from ragqa.config import Settings

ALLOW_METHODS = ("GET", "POST", "OPTIONS")
ALLOW_HEADERS = ("content-type", "authorization", "x-api-key", "x-request-id")
EXPOSE_HEADERS = ("x-request-id", "retry-after")


class CorsConfigError(ValueError):
    """``RAGQA_CORS_ORIGINS`` holds something that is not an origin."""


def parse_origins(value: str) -> list[str]:
    """``https://a.example, http://localhost:3000`` -> a list of origins; ``*`` allows every origin.

    An origin is ``scheme://host[:port]`` with no path: browsers send exactly that in the ``Origin`` header,
    so anything else could never match and is refused with a message saying how to write it.
    """
    origins = []
    for raw in value.split(","):
        origin = raw.strip().rstrip("/")
        if not origin:
            continue
        if origin == "*":
            origins.append(origin)
            continue
        parts = urlsplit(origin)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.path or parts.query or parts.fragment:
            raise CorsConfigError(
                f"RAGQA_CORS_ORIGINS: {raw.strip()!r} is not an origin; write each as scheme://host[:port] "
                "with no path, e.g. https://example.com,http://localhost:3000 (or * for any site)"
            )
        origins.append(f"{parts.scheme}://{parts.netloc.lower()}")
    return origins


class AllowlistCORSMiddleware(CORSMiddleware):
    """Starlette's CORS handling, with refused preflights explained in the API's JSON error shape."""

    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code == 200:
            return response
        origin = request_headers["origin"]
        reasons = []
        if not self.is_allowed_origin(origin):
            reasons.append(f"origin {origin} is not allowed to call this API: add it to RAGQA_CORS_ORIGINS")
        method = request_headers["access-control-request-method"]
        if method not in self.allow_methods:
            reasons.append(f"method {method} is not allowed (allowed: {', '.join(self.allow_methods)})")
        requested = request_headers.get("access-control-request-headers")
        if requested is not None and not self.allow_all_headers:
            refused = [h.strip() for h in requested.lower().split(",") if h.strip() not in self.allow_headers]
            if refused:
                allowed = ", ".join(sorted(set(self.allow_headers)))
                reasons.append(f"headers {', '.join(refused)} are not allowed (allowed: {allowed})")
        message = "; ".join(reasons) or "CORS preflight refused"
        body = {"error": {"status": 400, "type": "cors_rejected", "message": message, "fields": []}}
        headers = {k: v for k, v in response.headers.items() if k.lower() not in ("content-length", "content-type")}
        return Response(json.dumps(body), status_code=400, headers=headers, media_type="application/json")


def install_cors(app: FastAPI, settings: Settings) -> None:
    """Answer preflights for the allowlisted origins (none when the setting is empty: same-origin use only)."""
    app.add_middleware(
        AllowlistCORSMiddleware,
        allow_origins=parse_origins(settings.cors_origins),
        allow_methods=ALLOW_METHODS,
        allow_headers=ALLOW_HEADERS,
        expose_headers=EXPOSE_HEADERS,
        allow_private_network=True,
        max_age=600,
    )
