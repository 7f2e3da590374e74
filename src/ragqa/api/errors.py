"""One JSON error shape for every 4xx/5xx: ``{"error": {"status", "type", "message", "fields"}}``.

Validation messages name the field and say what to send; unexpected errors never leak a traceback.
"""

from __future__ import annotations

import difflib
import logging
import types
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Annotated, Any, Union, get_args, get_origin

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from ragqa.api.schemas import VISIBLE, FiltersIn
from ragqa.api.security import is_admin
from ragqa.chat.conversation_db import ConversationStoreError
from ragqa.index.holder import IndexUnavailable
from ragqa.retrieval.filters import FilterError

log = logging.getLogger(__name__)


def error_response(
    status: int,
    type_: str,
    message: str,
    fields: list[dict[str, Any]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    body = {"error": {"status": status, "type": type_, "message": message, "fields": fields or []}}
    return JSONResponse(body, status_code=status, headers=headers)


_LOCATIONS = ("body", "query", "path", "header", "cookie")
"""Where FastAPI found a field: the first item of an error's ``loc``, not part of the field's name (a body field may
itself be called ``query``, as ``/search``'s is)."""


def _field_name(err: dict) -> str:
    if err.get("type") == "json_invalid":  # its loc holds the character where parsing failed, not a field
        return "body"
    loc = tuple(err.get("loc", ()))
    parts = [str(p) for p in (loc[1:] if loc and loc[0] in _LOCATIONS else loc)]
    return ".".join(parts) or "body"


def _json_error(err: dict) -> str:
    """Invalid JSON, with the character (0-based, as Python's JSON errors count) where parsing failed."""
    loc = tuple(err.get("loc", ()))
    where = f" at character {loc[1]}" if len(loc) > 1 and isinstance(loc[1], int) else ""
    why = err.get("ctx", {}).get("error", "parse error")
    return f"the request body is not valid JSON{where} ({why}): send a JSON object"


def _not_json(content_type: str | None) -> str:
    sent = repr(content_type) if content_type else "none"
    return (
        f"the request body must be sent with Content-Type: application/json (this request sent {sent}): set that header"
    )


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The pydantic models a field's type holds: itself, or those of an optional, a union, a list or a dict."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    origin = get_origin(annotation)
    args = get_args(annotation)
    if origin is Annotated:
        return _models_in(args[0])
    if origin is dict:
        return _models_in(args[1]) if len(args) == 2 else []
    if origin in (Union, types.UnionType, list, tuple, set, frozenset, Sequence):
        return [model for arg in args for model in _models_in(arg)]
    return []


def fields_at(model: type[BaseModel] | None, path: Sequence[str | int]) -> list[str]:
    """The fields a request may send in the object at ``path`` of a ``model`` body (an error's ``loc`` without
    "body" and the field itself); list indexes are read through, and an object no model describes has none.

    >>> from ragqa.api.schemas import AskRequest
    >>> fields_at(AskRequest, ["filters"])
    ['source', 'category', 'published_after', 'published_before']
    """
    models = [model] if model is not None else []
    for part in path:
        if isinstance(part, int):  # a list's item: its models were taken with the list
            continue
        models = [
            found
            for current in models
            for name, field in current.model_fields.items()
            if part in (name, field.alias)
            for found in _models_in(field.annotation)
        ]
    names = (field.alias or name for current in models for name, field in current.model_fields.items())
    return list(dict.fromkeys(names))


def closest_field(name: str, known: Sequence[str]) -> str | None:
    """The known field ``name`` was most likely meant as (``difflib``'s closest, case aside), else None.

    Why: ``{"question": "deposit", "topk": 3}`` was told "topk is not a known field: remove it", not that it
    is ``top_k``.

    >>> closest_field("topk", ["question", "top_k", "filters"]), closest_field("colour", ["question", "top_k"])
    ('top_k', None)
    """
    by_fold = {field.casefold(): field for field in known}
    found = difflib.get_close_matches(name.casefold(), list(by_fold), n=1)
    return by_fold[found[0]] if found else None


def _instead(err: dict) -> str:
    """What to do with an unknown field: the known field it is closest to (``ctx.known``: the fields beside it),
    then what its route says (``ctx.instead``: a document's field a corpus .jsonl record may use,
    ``api.documents``), the keys ``filters`` takes, or remove it."""
    ctx = err.get("ctx", {})
    said = ctx.get("instead")
    if not (isinstance(said, str) and said):
        said = "remove it"
        if _field_name(err).startswith("filters."):
            said = f"remove it (filters take {', '.join(FiltersIn.model_fields)})"
    loc = tuple(err.get("loc", ()))
    meant = closest_field(str(loc[-1]), ctx.get("known", ())) if loc else None
    if meant is None or f'"{meant}"' in said:  # none, or the route already says where it goes
        return said
    return f"did you mean {meant}? If not, {said}"


def _describe(err: dict, content_type: str | None = None) -> str:
    kind = err.get("type", "")
    field = _field_name(err)
    if kind == "json_invalid":
        return _json_error(err)
    if kind == "string_pattern_mismatch" and err.get("ctx", {}).get("pattern") == VISIBLE:
        return f"{field} is blank: send at least one visible character"
    if kind == "missing":
        return f"{field} is required"
    if kind == "extra_forbidden":
        return f"{field} is not a known field: {_instead(err)}"
    if kind == "model_attributes_type" or kind == "dict_type":
        if isinstance(err.get("input"), bytes):  # FastAPI passes a body it did not parse as JSON (its type) as bytes
            return _not_json(content_type)
        if field != "body":  # '"filters": "Coastal Herald"': the field is wrong, not the body
            return f"{field} must be a JSON object"
        return "the request body must be a JSON object"
    message = err.get("msg", "is invalid").removeprefix("Value error, ")
    return f"{field}: {message}"


def _body_model(request: Request) -> type[BaseModel] | None:
    """The model of the body of the route that refused the request, if FastAPI read it as one."""
    body = getattr(request.scope.get("route"), "body_field", None)
    annotation = getattr(getattr(body, "field_info", None), "annotation", None)
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def with_known_fields(err: dict, model: type[BaseModel] | None) -> dict:
    """An unknown body field's error with the fields beside it in ``model`` (``ctx.known``), which its message
    offers the closest of; other errors as they are."""
    loc = tuple(err.get("loc", ()))
    if err.get("type") != "extra_forbidden" or not loc or loc[0] != "body" or "known" in err.get("ctx", {}):
        return err
    return {**err, "ctx": {**err.get("ctx", {}), "known": fields_at(model, loc[1:-1])}}


async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    sent = request.headers.get("content-type")
    model = _body_model(request)
    errors = [with_known_fields(e, model) for e in exc.errors()]
    fields = [{"field": _field_name(e), "message": _describe(e, sent)} for e in errors]
    message = "; ".join(f["message"] for f in fields) or "invalid request"
    return error_response(422, "invalid_request", message, fields)


_UNPARSEABLE_BODY = "There was an error parsing the body"
"""FastAPI's 400 detail for a body it cannot even decode (e.g. not UTF-8); reported like invalid JSON instead."""


async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    headers = getattr(exc, "headers", None) or {}
    if exc.status_code == 405 and headers.get("Allow"):  # "GET /ask": say which method the route takes
        message = f"{request.method} is not allowed on {request.url.path}: use {headers['Allow']}"
        return error_response(405, "method_not_allowed", message, headers=headers)
    if exc.status_code == 400 and exc.detail == _UNPARSEABLE_BODY:
        message = "the request body is not valid UTF-8 JSON: send a JSON object"
        return error_response(422, "invalid_request", message, [{"field": "body", "message": message}])
    kinds = {
        401: "unauthorized",
        403: "forbidden",
        404: "not_found",
        405: "method_not_allowed",
        408: "timeout",
        409: "conflict",
        413: "too_large",
        429: "rate_limited",
    }
    return error_response(
        exc.status_code,
        kinds.get(exc.status_code, "http_error"),
        str(exc.detail),
        headers=getattr(exc, "headers", None),
    )


async def filter_error(_: Request, exc: FilterError) -> JSONResponse:
    field = f"filters.{exc.field}"
    return error_response(422, "invalid_request", f"{field}: {exc.message}", [{"field": field, "message": exc.message}])


async def index_unavailable(request: Request, exc: IndexUnavailable) -> JSONResponse:
    """503: the short reason on open routes (no index path or file), the detail for a caller that passed
    ``require_admin``; the holder has logged the detail already."""
    message = str(exc) if is_admin(request) else exc.public
    return error_response(503, "index_unavailable", message, headers={"Retry-After": "5"})


async def conversations_unavailable(_: Request, exc: ConversationStoreError) -> JSONResponse:
    """503 when the shared conversation database cannot be used (locked too long, unwritable): the path stays in
    the log, the open route says only what to do."""
    log.error("conversation store: %s", exc)
    return error_response(
        503,
        "conversations_unavailable",
        "conversations cannot be used right now: try again",
        headers={"Retry-After": "5"},
    )


async def unexpected_error(_: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error")
    return error_response(500, "internal_error", "the server hit an unexpected error; it has been logged")


def install_error_handlers(app: FastAPI) -> None:
    """Every error as ``{"error": {...}}`` JSON with the status that says whose mistake it was."""
    handlers: list[tuple[type[Exception], Callable[[Request, Any], Awaitable[JSONResponse]]]] = [
        (RequestValidationError, validation_error),
        (StarletteHTTPException, http_error),
        (IndexUnavailable, index_unavailable),
        (FilterError, filter_error),
        (ConversationStoreError, conversations_unavailable),
        (Exception, unexpected_error),
    ]
    for kind, handler in handlers:
        app.add_exception_handler(kind, handler)
