"""The chat widget's files, the demo page, and reader feedback on answers.

``GET /widget.js`` and ``GET /widget.css`` are the embeddable widget (plain JavaScript, no external fonts or
CDNs); ``GET /`` is a demo page embedding it with the one-tag snippet; ``POST /feedback`` stores a thumbs
up/down for an answer and ``GET /admin/feedback`` lists them for the people running the backend.
"""

from __future__ import annotations

import hashlib
import html
import re
from functools import lru_cache
from importlib import resources
from typing import Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from ragqa.api.routes import pipeline_of
from ragqa.api.schemas import ErrorResponse
from ragqa.api.security import PUBLIC_API_DEPENDENCIES, require_admin
from ragqa.feedback import FeedbackRecord, FeedbackStore, FeedbackStoreError, default_feedback_path

router = APIRouter()

ASSETS = {"widget.js": "text/javascript; charset=utf-8", "widget.css": "text/css; charset=utf-8"}
ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
ID_SCHEMA = {"pattern": f"^{ID_RE.pattern}$", "minLength": 1, "maxLength": 128}
"""Documented in the schema, checked by a validator whose message says what to send (not a bare regex)."""


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


def _documents_html(request: Request) -> str:
    """The indexed articles as an HTML list (the demo page says what can be asked about)."""
    holder = request.app.state.service.holder
    if not holder.loaded:
        return '<p class="muted">No index is loaded yet: build one with <code>ragqa index</code>.</p>'
    docs = holder.current.index.documents()
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
def demo_page(request: Request) -> HTMLResponse:
    """A page listing the indexed articles, with the widget embedded exactly as a site would embed it."""
    base = str(request.base_url).rstrip("/")
    page = (
        _asset("demo.html")
        .decode()
        .replace("{{DOCUMENTS}}", _documents_html(request))
        .replace("{{API}}", html.escape(base, quote=True))
    )
    return HTMLResponse(page, headers={"Cache-Control": "no-cache"})


# --- feedback ---


class FeedbackRequest(BaseModel):
    """A reader's thumbs up or down on one answer, with an optional comment."""

    model_config = ConfigDict(extra="forbid")

    conversation_id: str = Field(
        ...,
        description="The conversation_id returned with the answer (done event or /ask).",
        json_schema_extra=ID_SCHEMA,
    )
    answer_id: str = Field(..., description="The answer_id returned with the answer.", json_schema_extra=ID_SCHEMA)
    rating: Literal["up", "down"] = Field(..., description="'up' (helpful) or 'down' (wrong or unhelpful).")
    comment: str = Field("", max_length=2000, description="Optional: what was wrong or good, up to 2000 characters.")
    question: str = Field("", max_length=2000, description="Optional: the question, as the reader asked it.")
    answer: str = Field("", max_length=20000, description="Optional: the answer text the reader rated.")

    @field_validator("conversation_id", "answer_id")
    @classmethod
    def an_id(cls, value: str, info: ValidationInfo) -> str:
        if not ID_RE.fullmatch(value):
            raise ValueError(
                f"send the {info.field_name} returned with the answer (1 to 128 letters, digits, '.', '_', ':' or '-')"
            )
        return value

    @field_validator("comment", "question", "answer")
    @classmethod
    def tidy(cls, value: str) -> str:
        return value.strip()


class FeedbackOut(BaseModel):
    id: int
    conversation_id: str
    answer_id: str
    rating: str
    comment: str
    question: str
    answer: str
    origin: str
    verified: bool = Field(description="The server's own conversation history held this question and answer.")
    created_at: str
    updated_at: str

    @classmethod
    def from_record(cls, record: FeedbackRecord) -> FeedbackOut:
        return cls(**record.to_dict())


class FeedbackList(BaseModel):
    items: list[FeedbackOut]
    counts: dict[str, int]
    limit: int
    offset: int


def feedback_store(request: Request) -> FeedbackStore:
    """The app's feedback store, opened on first use at ``RAGQA_FEEDBACK_DB`` or beside the index."""
    store = getattr(request.app.state, "feedback", None)
    if store is None:
        settings = request.app.state.settings
        store = FeedbackStore(settings.feedback_db or default_feedback_path(settings.index_dir))
        request.app.state.feedback = store
    return store


def _seen_by_server(request: Request, body: FeedbackRequest) -> bool:
    """Whether the live conversation history holds the rated question and answer (it expires, so often not).

    The reader's copy of the texts is stored either way; this only tells admins which ones the server vouches for.
    """
    if not body.question or not body.answer:
        return False
    turns = pipeline_of(request).conversations.history(body.conversation_id)
    return any(t.question == body.question and t.answer.strip() == body.answer for t in turns)


@router.post(
    "/feedback",
    status_code=201,
    response_model=FeedbackOut,
    responses={code: {"model": ErrorResponse} for code in (401, 413, 422, 429, 503)},
    dependencies=PUBLIC_API_DEPENDENCIES,  # same API keys and rate limit as /ask, when configured
)
def post_feedback(
    body: FeedbackRequest, request: Request, store: FeedbackStore = Depends(feedback_store)
) -> FeedbackOut:
    """Record a thumbs up/down (and optional comment) on an answer; rating it again updates the record."""
    try:
        record = store.record(
            body.conversation_id,
            body.answer_id,
            body.rating,
            comment=body.comment,
            question=body.question,
            answer=body.answer,
            origin=request.headers.get("origin", "")[:200],
            verified=_seen_by_server(request, body),
        )
    except FeedbackStoreError as exc:
        raise HTTPException(503, str(exc)) from exc
    return FeedbackOut.from_record(record)


@router.get(
    "/admin/feedback",
    response_model=FeedbackList,
    dependencies=[Depends(require_admin)],
    responses={code: {"model": ErrorResponse} for code in (401, 403, 422, 503)},
)
def list_feedback(
    rating: Literal["up", "down"] | None = Query(None, description="Only 'up' or only 'down'."),
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0),
    store: FeedbackStore = Depends(feedback_store),
) -> FeedbackList:
    """Feedback on answers, most recent first, with totals: which answers readers found wrong."""
    try:
        items = [FeedbackOut.from_record(r) for r in store.recent(rating, limit, offset)]
        counts = store.counts()
    except FeedbackStoreError as exc:
        raise HTTPException(503, str(exc)) from exc
    return FeedbackList(items=items, counts=counts, limit=limit, offset=offset)
