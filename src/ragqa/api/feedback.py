"""Reader feedback on answers: ``POST /feedback`` stores a thumbs up/down for an answer, ``GET /admin/feedback``
lists them for the people running the backend.

``POST /feedback`` is as open as the widget's key, so it is bounded: a token bucket per client address and
conversation (``RAGQA_FEEDBACK_RATE_LIMIT``, 429), a number of rated answers per conversation (409) and of records
in all (503), both kept by the store, which also strips control characters from the texts.
"""

from __future__ import annotations

import logging
import re
from typing import Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel, ConfigDict, Field, JsonValue, ValidationInfo, field_validator

from ragqa.api.collections import open_collection
from ragqa.api.deps import ServicesDep, api_context
from ragqa.api.schemas import MAX_OFFSET, ErrorResponse, collection_field
from ragqa.api.security import PUBLIC_API_DEPENDENCIES, client_address, require_admin, too_many_requests
from ragqa.chat.conversation_db import ConversationStoreError
from ragqa.chat.feedback import (
    ConversationFeedbackFull,
    FeedbackRecord,
    FeedbackStoreError,
    FeedbackStoreFull,
    clean_text,
)
from ragqa.observability import metrics
from ragqa.services import Services

router = APIRouter()
log = logging.getLogger(__name__)

ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
ID_SCHEMA: dict[str, JsonValue] = {"pattern": f"^{ID_RE.pattern}$", "minLength": 1, "maxLength": 128}
"""Documented in the schema, checked by a validator whose message says what to send (not a bare regex)."""


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
    collection: str = collection_field()

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
        return clean_text(value).strip()


class FeedbackOut(BaseModel):
    id: int
    conversation_id: str
    answer_id: str
    rating: str
    comment: str
    question: str
    answer: str
    origin: str
    verified: bool = Field(
        description="The server's own conversation history held this answer (its answer_id, and the question and "
        "answer texts when the client sent them)."
    )
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


def _seen_by_server(services: Services, body: FeedbackRequest) -> bool:
    """Whether the live conversation history holds the rated answer (it expires, so often not): the turn given
    under ``answer_id``, agreeing with whichever of the question and answer texts the client sent; a turn stored
    without its id, by both texts.

    Why: a client that sent only the ids of an answer the history held (as the README invites) was told
    ``"verified": false``. The reader's copy of the texts is stored either way; this only tells admins which
    ratings the server vouches for.
    """
    try:
        turns = services.pipeline.conversations.history(body.conversation_id)
    except ConversationStoreError as exc:  # vouching is best effort: the feedback is stored all the same
        log.warning("conversation history not checked: %s", exc)
        return False
    for turn in turns:
        if turn.answer_id == body.answer_id:
            return body.question in ("", turn.question) and body.answer in ("", turn.answer.strip())
    return bool(body.question and body.answer) and any(
        not t.answer_id and t.question == body.question and t.answer.strip() == body.answer for t in turns
    )


@router.post(
    "/feedback",
    status_code=201,
    response_model=FeedbackOut,
    responses={code: {"model": ErrorResponse} for code in (401, 404, 408, 409, 413, 422, 429, 503)},
    dependencies=PUBLIC_API_DEPENDENCIES,  # same API keys and rate limit as /ask, when configured
)
def post_feedback(body: FeedbackRequest, request: Request) -> FeedbackOut:
    """Record a thumbs up/down (and optional comment) on an answer; rating it again updates the record. It is
    kept with the collection the answer came from (``collection``, default ``default``)."""
    _limit_feedback(request, body.conversation_id)
    services = open_collection(request, body.collection)
    try:
        record = services.feedback.record(
            body.conversation_id,
            body.answer_id,
            body.rating,
            comment=body.comment,
            question=body.question,
            answer=body.answer,
            origin=request.headers.get("origin", "")[:200],
            verified=_seen_by_server(services, body),
        )
    except ConversationFeedbackFull as exc:
        raise HTTPException(409, str(exc)) from exc
    except FeedbackStoreFull as exc:
        log.error("feedback not stored: %s", exc)
        raise HTTPException(503, "feedback is not being taken right now: the feedback store is full") from exc
    except FeedbackStoreError as exc:
        # an open route: the database's path stays in the log (and in /admin/feedback's errors)
        log.error("feedback not stored: %s", exc)
        raise HTTPException(503, "feedback cannot be stored right now: try again later") from exc
    return FeedbackOut.from_record(record)


def _limit_feedback(request: Request, conversation_id: str) -> None:
    """429 past ``RAGQA_FEEDBACK_RATE_LIMIT`` for this client and conversation: a reader rates a few answers a
    minute, a script filling the database many more. Keyed on the address even when API keys are on, since the
    widget's key is shared by every visitor."""
    limiter = api_context(request).feedback_limiter
    if limiter is None:
        return
    wait = limiter.acquire(f"{client_address(request)} {conversation_id}")
    if wait > 0:
        metrics.RATE_LIMITED.inc()
        raise too_many_requests(
            wait,
            f"too much feedback on this conversation from this client: at most {limiter.rate.requests} per "
            f"{limiter.rate.seconds:g} s",
        )


@router.get(
    "/admin/feedback",
    response_model=FeedbackList,
    dependencies=[Depends(require_admin)],
    responses={code: {"model": ErrorResponse} for code in (401, 403, 422, 503)},
)
def list_feedback(
    rating: Literal["up", "down"] | None = Query(None, description="Only 'up' or only 'down'."),
    limit: int = Query(100, ge=1, le=1000, description="Records to return, 1 to 1000."),
    offset: int = Query(0, ge=0, le=MAX_OFFSET, description=f"Records to skip, 0 to {MAX_OFFSET:_}."),
    *,
    services: ServicesDep,
) -> FeedbackList:
    """Feedback on answers, most recent first, with totals: which answers readers found wrong."""
    try:
        items = [FeedbackOut.from_record(r) for r in services.feedback.recent(rating, limit, offset)]
        counts = services.feedback.counts()
    except FeedbackStoreError as exc:
        raise HTTPException(503, str(exc)) from exc
    return FeedbackList(items=items, counts=counts, limit=limit, offset=offset)
