"""An OpenAI-compatible facade: ``POST /v1/chat/completions`` and ``GET /v1/models``.

Any OpenAI client or chat UI can use ragqa as a model named ``ragqa`` (the ``default`` collection), or
``ragqa:<collection>`` for another collection (404 when it does not exist or the API key may not read it; any
other model name means ``default``, as before collections). The question is the last user message
with text; earlier user/assistant messages are the history (each question read as ``/ask`` reads one, so
follow-ups are rewritten from it; nothing is stored server-side); system and tool messages are ignored, since
ragqa's own instructions decide how it answers.
The answer carries its ``[n]`` markers; the cited passages come in the extra field ``sources`` (in the last
chunk when streaming), and ``ragqa`` holds mode, fallback_reason, abstained, index_version, answer_id, query (what
was searched for) and confidence. ``top_k`` and ``filters`` (as ``/ask`` reads them) are ragqa's own parameters;
a client passes them as extra body fields.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import AsyncIterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field, JsonValue, field_validator

from ragqa.answering.events import Citations, Delta, Done, Error, Event, Sources
from ragqa.answering.pipeline import collect
from ragqa.api.collections import open_collection, require_index
from ragqa.api.deps import CollectionsDep
from ragqa.api.schemas import (
    PUBLIC_ERRORS,
    VISIBLE,
    CitationOut,
    ErrorResponse,
    FiltersIn,
    has_visible,
    number_not_bool_or_text,
)
from ragqa.api.security import PUBLIC_API_DEPENDENCIES, request_scope
from ragqa.api.streaming import SSE_HEADERS

log = logging.getLogger(__name__)
MODEL_ID = "ragqa"
COLLECTION_PREFIX = MODEL_ID + ":"
router = APIRouter(prefix="/v1", tags=["openai-compatible"], dependencies=PUBLIC_API_DEPENDENCIES)


class _Message(BaseModel):
    model_config = ConfigDict(extra="allow")

    def text(self) -> str:
        """The message text (text parts of a multi-part content joined)."""
        content = getattr(self, "content", None)
        if isinstance(content, str):
            return content
        parts = content or []
        return "".join(str(p.get("text", "")) for p in parts if p.get("type") == "text")


MAX_MESSAGE_CHARS = 2000
"""The longest user message text, as the longest question of ``/ask``."""
MAX_MESSAGE_PARTS = 2000
"""The most parts a user message's content list may have."""

UserContent = (
    Annotated[str, Field(max_length=MAX_MESSAGE_CHARS)]
    | Annotated[list[dict[str, Any]], Field(max_length=MAX_MESSAGE_PARTS)]
)
"""Each member's own limit (a text's characters, a list's parts), as the schema shows it; ``not_too_long`` refuses
first, with one error that says which (a limit on the whole union counted a text's characters as "items")."""


class UserMessage(_Message):
    role: Literal["user"]
    content: UserContent | None = None

    @field_validator("content", mode="before")
    @classmethod
    def not_too_long(cls, content: Any) -> Any:
        if isinstance(content, str) and len(content) > MAX_MESSAGE_CHARS:
            raise ValueError(f"is {len(content)} characters, more than {MAX_MESSAGE_CHARS}: shorten the message")
        if isinstance(content, list) and len(content) > MAX_MESSAGE_PARTS:
            raise ValueError(f"has {len(content)} parts, more than {MAX_MESSAGE_PARTS}: send fewer content parts")
        return content


class OtherMessage(_Message):
    role: Literal["system", "developer", "assistant", "tool"]
    content: str | list[dict[str, Any]] | None = None


ChatMessage = Annotated[UserMessage | OtherMessage, Field(discriminator="role")]

QUESTION_SCHEMA: dict[str, JsonValue] = {
    "type": "object",
    "properties": {"role": {"const": "user"}, "content": {"type": "string", "minLength": 1, "pattern": VISIBLE}},
    "required": ["role", "content"],
}
"""What the schema says about ``messages``: it contains a user message with visible text (the question)."""


class ChatRequest(BaseModel):
    """What ragqa reads of an OpenAI chat request; other OpenAI parameters are accepted and ignored."""

    model_config = ConfigDict(extra="allow")

    model: str = MODEL_ID
    messages: list[ChatMessage] = Field(..., min_length=1, json_schema_extra={"contains": QUESTION_SCHEMA})
    stream: bool | None = Field(False, strict=True, description="null is false, as OpenAI reads it.")
    n: int | None = Field(
        None,
        description="Answers to give: one (a second would be the same extractive answer).",
        json_schema_extra={"minimum": 1, "maximum": 1},
    )
    top_k: int | None = Field(None, ge=1, le=20, description="ragqa extension: passages to retrieve.")
    filters: FiltersIn | None = Field(
        None, description="ragqa extension: only use passages matching these metadata conditions, as /ask does."
    )

    @field_validator("n")
    @classmethod
    def one_answer(cls, n: int | None) -> int | None:
        """Asked for several choices, a client would read one and miss the rest without a word."""
        if n is not None and n != 1:
            raise ValueError(f"is {n}, but ragqa gives one answer per request: send n=1 or leave it out")
        return n

    _top_k_a_number = field_validator("top_k", mode="before")(lambda cls, v: number_not_bool_or_text(v))

    @field_validator("messages")
    @classmethod
    def has_a_question(cls, messages: list[UserMessage | OtherMessage]) -> list[UserMessage | OtherMessage]:
        if question_index(messages) is None:
            raise ValueError("no question: send at least one user message with text (the last one is answered)")
        return messages


def question_index(messages: list[UserMessage | OtherMessage]) -> int | None:
    """Index of the question: the last user message with visible text (later messages are ignored)."""
    for i in range(len(messages) - 1, -1, -1):
        if messages[i].role == "user" and has_visible(messages[i].text()):
            return i
    return None


def exchanges_of(messages: list[UserMessage | OtherMessage]) -> list[tuple[str, str]]:
    """The question and answer pairs before the question (system and tool messages skipped), oldest first: the
    history, which the pipeline reads into turns as ``/ask`` would have stored them (``client_history``)."""
    pairs: list[tuple[str, str]] = []
    question: str | None = None
    for message in messages[: question_index(messages)]:
        if message.role == "user":
            question = message.text().strip()
        elif message.role == "assistant" and question:
            pairs.append((question, message.text()))
            question = None
    return pairs


def _extras(done: Done, citations: list) -> dict[str, Any]:
    return {
        "sources": [CitationOut.from_citation(c).model_dump() for c in citations],
        "ragqa": {
            "mode": done.mode,
            "fallback_reason": done.fallback_reason,
            "abstained": done.abstained,
            "index_version": done.index_version,
            "answer_id": done.answer_id,
            "query": done.query,
            "confidence": done.confidence,
        },
    }


def collection_of(model: str) -> str:
    """The collection a model name asks for: ``ragqa:<name>`` is ``<name>``, anything else ``default``."""
    return model[len(COLLECTION_PREFIX) :] if model.startswith(COLLECTION_PREFIX) else "default"


def model_of(collection: str) -> str:
    return MODEL_ID if collection == "default" else COLLECTION_PREFIX + collection


@router.get("/models")
def list_models(request: Request, collections: CollectionsDep) -> dict:
    """A model per collection this caller may read: ``ragqa`` (default) and ``ragqa:<collection>``."""
    scope = request_scope(request)
    return {
        "object": "list",
        "data": [
            {"id": model_of(name), "object": "model", "created": 0, "owned_by": "ragqa"}
            for name in collections.names()
            if scope.allows(name, "read")
        ],
    }


CHAT_RESPONSES: dict[int | str, dict[str, Any]] = {
    **PUBLIC_ERRORS,
    404: {"model": ErrorResponse, "description": "`ragqa:<collection>` names a collection the key may not read."},
    200: {
        "description": "A chat.completion, or with `stream: true` chat.completion.chunk events ending `data: [DONE]`.",
        "content": {"application/json": {}, "text/event-stream": {}},
    },
}


@router.post("/chat/completions", responses=CHAT_RESPONSES, response_model=None)
async def chat_completions(body: ChatRequest, request: Request) -> dict[str, Any] | StreamingResponse:
    """Answer the last user message from the indexed articles, in OpenAI's chat completion format."""
    collection = collection_of(body.model)
    services = open_collection(request, collection)
    require_index(services, collection)
    pipeline = services.pipeline
    _ = pipeline.holder.current  # no index: 503 before any stream starts
    question = body.messages[question_index(body.messages) or 0].text().strip()
    if len(question) > MAX_MESSAGE_CHARS:
        raise HTTPException(
            422, f"the question (the last user message) is over {MAX_MESSAGE_CHARS} characters: shorten it"
        )
    filters = body.filters.to_filters() if body.filters else None
    history = await pipeline.client_history(exchanges_of(body.messages), body.top_k, filters)
    created = int(time.time())
    if body.stream:
        events = pipeline.run(question, body.top_k, history=history, filters=filters)
        return StreamingResponse(
            _chunks(events, model_of(collection), created), media_type="text/event-stream", headers=SSE_HEADERS
        )
    result = await collect(pipeline.run(question, body.top_k, history=history, incremental=False, filters=filters))
    done = Done(
        result.conversation_id,
        result.answer_id,
        result.mode,
        result.fallback_reason,
        result.abstained,
        result.index_version,
        result.query,
        confidence=result.confidence,
    )
    return {
        "id": f"chatcmpl-{result.answer_id}",
        "object": "chat.completion",
        "created": created,
        "model": model_of(collection),  # the model that answered: "gpt-4" is answered as ragqa, and says so
        "choices": [{"index": 0, "message": {"role": "assistant", "content": result.answer}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
        **_extras(done, result.citations),
    }


async def _chunks(events: AsyncIterator[Event], model: str, created: int) -> AsyncIterator[str]:
    """Answer events as ``chat.completion.chunk`` lines, ending with ``data: [DONE]``."""
    chunk_id = "chatcmpl-"
    citations: list = []

    def chunk(delta: dict, finish: str | None = None, **extra: Any) -> str:
        data = {
            "id": chunk_id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            **extra,
        }
        return f"data: {json.dumps(data, ensure_ascii=False)}\n\n"

    try:
        async for event in events:
            if isinstance(event, Sources):
                chunk_id = f"chatcmpl-{event.answer_id}"
                yield chunk({"role": "assistant", "content": ""})
            elif isinstance(event, Delta):
                yield chunk({"content": event.text})
            elif isinstance(event, Citations):
                citations = event.citations
            elif isinstance(event, Done):
                yield chunk({}, "stop", **_extras(event, citations))
            elif isinstance(event, Error):
                error = {"error": {"message": event.message, "type": "upstream_error", "code": None}}
                yield f"data: {json.dumps(error)}\n\n"
                return
        yield "data: [DONE]\n\n"
    except Exception as exc:  # the stream has started: report in-band, as OpenAI servers do
        log.exception("chat completion stream failed")
        error = {"error": {"message": f"the answer failed: {type(exc).__name__}; it has been logged", "code": None}}
        yield f"data: {json.dumps(error)}\n\n"
    finally:
        await events.aclose()  # type: ignore[attr-defined]
