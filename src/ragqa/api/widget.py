"""The chat widget's files and the demo page.

``GET /widget.js`` and ``GET /widget.css`` are the embeddable widget (plain JavaScript, no external fonts or
CDNs); ``GET /`` is a demo page embedding it with the one-tag snippet. The two files are sent gzip-compressed to
clients that accept it (compressed once per process), with an ETag per variant, ``Vary: Accept-Encoding`` and a
short public ``Cache-Control``, so a page embedding the widget downloads it once; ``HEAD`` answers too.
"""

from __future__ import annotations

import gzip
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


@lru_cache(maxsize=8)
def _asset_gzip(name: str) -> bytes:
    """The file gzip-compressed, once per process (level 9: the cost is paid once, every download gains)."""
    return gzip.compress(_asset(name), 9, mtime=0)  # mtime 0: the same bytes on every start


@lru_cache(maxsize=8)
def _asset_hash(name: str) -> str:
    return hashlib.sha256(_asset(name)).hexdigest()[:16]


def accepts_gzip(accept_encoding: str | None) -> bool:
    """Whether an ``Accept-Encoding`` value allows gzip: listed (or ``x-gzip``, or ``*`` when gzip is not named)
    with a q-value above 0, so ``gzip;q=0`` means no."""
    if not accept_encoding:
        return False
    qualities: dict[str, float] = {}
    for item in accept_encoding.split(","):
        coding, *params = (part.strip() for part in item.split(";"))
        coding = coding.lower()
        if not coding:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value.strip())
                except ValueError:
                    q = 0.0  # a malformed weight is not a yes
        qualities[coding] = max(q, qualities.get(coding, q))  # named twice: the better weight
    for coding in ("gzip", "x-gzip"):
        if coding in qualities:
            return qualities[coding] > 0
    return qualities.get("*", 0.0) > 0


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """``If-None-Match`` against ``etag`` with the weak comparison RFC 9110 asks for there: ``*``, or any tag of
    the comma-separated list equal to ``etag`` once a ``W/`` prefix is dropped."""
    if not if_none_match:
        return False
    if if_none_match.strip() == "*":
        return True
    opaque = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == opaque for tag in if_none_match.split(","))


def _static(name: str, request: Request) -> Response:
    compressed = accepts_gzip(request.headers.get("accept-encoding"))
    body = _asset_gzip(name) if compressed else _asset(name)
    # each variant its own tag, so no cache ever answers a gzip request with identity bytes or the reverse
    etag = '"' + _asset_hash(name) + ("-gz" if compressed else "") + '"'
    headers = {
        "ETag": etag,
        "Cache-Control": "public, max-age=300",  # short: a new version reaches embedding sites within minutes
        "Vary": "Accept-Encoding",
        "Cross-Origin-Resource-Policy": "cross-origin",  # embeddable from pages that set COEP
        "X-Content-Type-Options": "nosniff",
    }
    if etag_matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    if compressed:
        headers["Content-Encoding"] = "gzip"
    if request.method == "HEAD":  # the GET's headers (length included), no body
        headers["Content-Length"] = str(len(body))
        return Response(media_type=ASSETS[name], headers=headers)
    return Response(body, media_type=ASSETS[name], headers=headers)


@router.api_route("/widget.js", methods=["GET", "HEAD"], include_in_schema=False)
def widget_js(request: Request) -> Response:
    """The embeddable widget: ``<script src="https://HOST/widget.js" data-api="https://HOST" defer></script>``."""
    return _static("widget.js", request)


@router.api_route("/widget.css", methods=["GET", "HEAD"], include_in_schema=False)
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
