"""The chat widget's files and the demo page.

``GET /widget.js`` and ``GET /widget.css`` are the embeddable widget (plain JavaScript, no external fonts or
CDNs); ``GET /`` is a demo page embedding it with the one-tag snippet.
"""

from __future__ import annotations

import hashlib
import html
from functools import lru_cache
from importlib import resources

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from ragqa.api.deps import ServicesDep
from ragqa.services import Services

router = APIRouter()

ASSETS = {"widget.js": "text/javascript; charset=utf-8", "widget.css": "text/css; charset=utf-8"}


@lru_cache(maxsize=8)
def _asset(name: str) -> bytes:
    """A file of the ``ragqa/widget`` package folder (installed as package data, so it works from a wheel)."""
    return (resources.files("ragqa") / "widget" / name).read_bytes()


def _static(name: str, request: Request) -> Response:
    body = _asset(name)
    etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
    headers = {
        "ETag": etag,
        "Cache-Control": "public, max-age=300",  # short: a new version reaches embedding sites within minutes
        "Cross-Origin-Resource-Policy": "cross-origin",  # embeddable from pages that set COEP
        "X-Content-Type-Options": "nosniff",
    }
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=ASSETS[name], headers=headers)


@router.get("/widget.js", include_in_schema=False)
def widget_js(request: Request) -> Response:
    """The embeddable widget: ``<script src="https://HOST/widget.js" data-api="https://HOST" defer></script>``."""
    return _static("widget.js", request)


@router.get("/widget.css", include_in_schema=False)
def widget_css(request: Request) -> Response:
    """The widget's styles, loaded by widget.js into its shadow root."""
    return _static("widget.css", request)


DEMO_DOCUMENTS_SHOWN = 25


def _documents_html(services: Services) -> str:
    """The indexed articles as an HTML list (the demo page says what can be asked about)."""
    retriever = services.holder.serving
    if retriever is None:
        return '<p class="muted">No index is loaded yet: build one with <code>ragqa index</code>.</p>'
    docs = retriever.index.documents()
    items = []
    for doc in docs[:DEMO_DOCUMENTS_SHOWN]:
        title = html.escape(doc.title or doc.doc_id)
        if doc.url.startswith(("http://", "https://")):
            title = f'<a href="{html.escape(doc.url, quote=True)}" rel="noopener">{title}</a>'
        items.append(f'<li>{title} <span class="muted">({doc.chunk_count} passages)</span></li>')
    more = len(docs) - DEMO_DOCUMENTS_SHOWN
    if more > 0:
        items.append(f'<li class="muted">and {more} more</li>')
    return '<ul class="docs">' + "".join(items) + "</ul>"


@router.get("/", include_in_schema=False, response_class=HTMLResponse)
def demo_page(request: Request, services: ServicesDep) -> HTMLResponse:
    """A page listing the indexed articles, with the widget embedded exactly as a site would embed it."""
    base = str(request.base_url).rstrip("/")
    page = (
        _asset("demo.html")
        .decode()
        .replace("{{DOCUMENTS}}", _documents_html(services))
        .replace("{{API}}", html.escape(base, quote=True))
    )
    return HTMLResponse(page, headers={"Cache-Control": "no-cache"})
