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
import re
from functools import lru_cache
from importlib import resources

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from ragqa.api.deps import ServicesDep, api_context
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


def _documents_html(services: Services, open_server: bool) -> str:
    """The indexed articles as an HTML list (the demo page says what can be asked about).

    Listed only while the question routes are open (no ``RAGQA_API_KEYS``): anyone can then read titles and URLs
    through ``/search`` anyway. With keys on, the list is for operators, at ``GET /documents`` (admin token), as a
    page a browser opens without credentials must not give away what keys protect.
    """
    if not open_server:
        return (
            '<p class="muted">The list of indexed articles is for operators: <code>GET /documents</code> with the '
            "admin token.</p>"
        )
    retriever = services.holder.serving
    if retriever is None:
        return '<p class="muted">No index is loaded yet: build one with <code>ragqa index</code>.</p>'
    docs = retriever.index.documents()
    items = []
    for doc in docs[:DEMO_DOCUMENTS_SHOWN]:
        title = html.escape(doc.title or doc.doc_id)
        if doc.url.startswith(("http://", "https://")):
            title = f'<a href="{html.escape(doc.url, quote=True)}" rel="noopener">{title}</a>'
        passages = "passage" if doc.chunk_count == 1 else "passages"
        items.append(f'<li>{title} <span class="muted">({doc.chunk_count} {passages})</span></li>')
    more = len(docs) - DEMO_DOCUMENTS_SHOWN
    if more > 0:
        items.append(f'<li class="muted">and {more} more</li>')
    return '<ul class="docs">' + "".join(items) + "</ul>"


_SLOT = re.compile(r"\{\{([A-Z_]+)\}\}")
SNIPPET_PLACEHOLDER = "https://HOST"
"""What the embed snippet shows for the server's address until ``RAGQA_PUBLIC_URL`` says it."""


def demo_html(services: Services, open_server: bool) -> str:
    """The demo page. Its widget tag is relative (``widget.js``, the API beside it) unless ``RAGQA_PUBLIC_URL`` is
    set, and the embed snippet shows that URL or a placeholder: never the request's ``Host`` header, which a client
    chooses (a forged one would end up in a page a cache may keep and serve to others)."""
    public = services.settings.public_url
    if public:
        url = html.escape(public, quote=True)
        tag = f'<script src="{url}/widget.js" data-api="{url}" defer></script>'
        note = ""
    else:
        url = SNIPPET_PLACEHOLDER
        tag = '<script src="widget.js" defer></script>'  # the API is the script's own folder (widget.js's default)
        note = (
            f'<p class="muted">Replace <code>{url}</code> with the address other sites reach this server at; set '
            "<code>RAGQA_PUBLIC_URL</code> on the server and this page shows it.</p>"
        )
    values = {
        "DOCUMENTS": _documents_html(services, open_server),
        "SNIPPET_URL": url,
        "SNIPPET_NOTE": note,
        "WIDGET_TAG": tag,
    }
    # one pass: text filled in (a title, say) is never searched for slots again
    return _SLOT.sub(lambda m: values[m.group(1)], _asset("demo.html").decode())


@router.get("/", include_in_schema=False, response_class=HTMLResponse)
def demo_page(request: Request, services: ServicesDep) -> HTMLResponse:
    """The widget embedded exactly as a site would embed it, and the indexed articles while the server is open."""
    open_server = not api_context(request).keys_enabled
    return HTMLResponse(demo_html(services, open_server), headers={"Cache-Control": "no-cache"})
