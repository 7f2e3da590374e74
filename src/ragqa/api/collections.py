"""``POST/GET/DELETE /collections``, and how every route turns a ``collection`` name into that collection's services.

A caller learns nothing about a collection outside its API key's scope: asking for it answers the same 404 as a
collection that does not exist. Creating and deleting collections needs the admin token; listing shows the
admin every collection and an API key the ones it may read.
"""

from __future__ import annotations

import asyncio
from typing import Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi import Path as PathParam
from pydantic import BaseModel, ConfigDict, Field

from ragqa.api.deps import CollectionsDep, get_collections
from ragqa.api.keys import Access
from ragqa.api.schemas import ErrorResponse
from ragqa.api.security import request_scope, require_admin, require_admin_or_api_access
from ragqa.collections_registry import (
    DEFAULT,
    NAME_PATTERN,
    CollectionExists,
    CollectionNameError,
    Collections,
)
from ragqa.services import Services

router = APIRouter(tags=["collections"])
ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ErrorResponse} for code in (401, 403, 404, 409, 422, 429)}


def not_found(name: str) -> HTTPException:
    """The one answer for a collection that does not exist and for one the caller may not see."""
    return HTTPException(404, f"collection {name[:100]!r} does not exist (GET /collections lists those you may use)")


def open_collection(request: Request, name: str, access: Access = "read") -> Services:
    """The services of collection ``name`` for this caller: 404 when it does not exist or is outside the key's
    scope (the same answer), 403 when the key may read it but ``access`` is ``write``."""
    scope = request_scope(request)
    if not scope.allows(name, "read"):
        raise not_found(name)
    services = get_collections(request).get(name)
    if services is None:
        raise not_found(name)
    if access == "write" and not scope.allows(name, "write"):
        raise HTTPException(
            403, f"this API key may read collection {name[:100]!r} but not write it: use a key with write access"
        )
    return services


def require_index(services: Services, name: str) -> None:
    """503 before answering from a collection other than ``default`` that has no index yet (``default`` keeps
    its own 503, raised by the holder)."""
    if name != DEFAULT and not services.holder.loaded:
        raise HTTPException(
            503,
            f"collection {name[:100]!r} has no indexed documents yet: add some with POST /documents "
            f"(collection {name[:100]!r}) and wait for their build",
            headers={"Retry-After": "5"},
        )


class CollectionSettings(BaseModel):
    """What a collection may set for itself; unset fields take the server's settings. The model is the server's."""

    model_config = ConfigDict(extra="forbid")

    chunk_max_tokens: int | None = Field(None, ge=16, le=512, strict=True, description="Chunk size in model tokens.")
    chunk_overlap_sentences: int | None = Field(None, ge=0, le=5, strict=True, description="Sentences shared.")
    default_top_k: int | None = Field(None, ge=1, le=20, strict=True, description="Passages an answer reads.")
    answer_max_sentences: int | None = Field(None, ge=1, le=10, strict=True, description="Extractive answer length.")
    keep_versions: int | None = Field(None, ge=1, le=100, strict=True, description="Good index versions kept.")
    ann: Literal["auto", "flat", "hnsw", "ivf"] | None = Field(None, description="The dense index kind.")


class CollectionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(
        ...,
        pattern=NAME_PATTERN,
        description="Lower-case letters, digits, - and _ (1 to 64, starting with a letter or digit).",
    )
    settings: CollectionSettings = Field(default_factory=CollectionSettings)


class CollectionOut(BaseModel):
    name: str
    model: str = Field(description="The embedding model (fixed: the server's).")
    created_at: float | None = Field(description="When it was created (null for default).")
    settings: dict[str, Any] = Field(description="The settings it sets for itself (the server's for the rest).")
    status: str = Field(description="ready, degraded or not_ready (no index yet)")
    index_version: str | None
    document_count: int
    chunk_count: int


class CollectionList(BaseModel):
    collections: list[CollectionOut]


class DeletedOut(BaseModel):
    name: str
    deleted: bool


def _describe(collections: Collections, name: str, services: Services) -> CollectionOut:
    info = collections.info(name)
    status = services.status()
    index = status.index
    return CollectionOut(
        name=name,
        model=info.model,
        created_at=info.created_at,
        settings=info.settings,
        status=status.state,
        index_version=index.version if index is not None else None,
        document_count=index.manifest.document_count if index is not None else 0,
        chunk_count=index.chunk_count if index is not None else 0,
    )


@router.post(
    "/collections",
    status_code=201,
    response_model=CollectionOut,
    responses=ERRORS,
    dependencies=[Depends(require_admin)],
)
async def create_collection(body: CollectionIn, collections: CollectionsDep) -> CollectionOut:
    """Create an empty collection (admin); fill it with `POST /documents` and `"collection": name`."""
    try:
        await asyncio.to_thread(collections.create, body.name, body.settings.model_dump(exclude_none=True))
    except (CollectionExists, CollectionNameError):
        raise HTTPException(409, f"collection {body.name!r} exists already") from None
    services = await asyncio.to_thread(collections.get, body.name)  # builds its services: off the event loop
    if services is None:  # deleted in between
        raise not_found(body.name)
    return _describe(collections, body.name, services)


@router.get(
    "/collections", response_model=CollectionList, responses=ERRORS, dependencies=[Depends(require_admin_or_api_access)]
)
def list_collections(request: Request, collections: CollectionsDep) -> CollectionList:
    """The collections this caller may read (the admin: all), `default` first."""
    scope = request_scope(request)
    out = []
    for name in collections.names():
        if not scope.allows(name, "read"):
            continue
        services = collections.get(name)
        if services is not None:
            out.append(_describe(collections, name, services))
    return CollectionList(collections=out)


@router.get(
    "/collections/{name}",
    response_model=CollectionOut,
    responses=ERRORS,
    dependencies=[Depends(require_admin_or_api_access)],
)
def get_collection(
    request: Request, collections: CollectionsDep, name: str = PathParam(..., max_length=100)
) -> CollectionOut:
    """One collection this caller may read: its model, index version and counts."""
    return _describe(collections, name, open_collection(request, name))


@router.delete(
    "/collections/{name}",
    response_model=DeletedOut,
    responses=ERRORS,
    dependencies=[Depends(require_admin)],
)
async def delete_collection(collections: CollectionsDep, name: str = PathParam(..., max_length=100)) -> DeletedOut:
    """Delete a collection (admin): its documents, index versions, conversations and feedback; not `default`."""
    if name == DEFAULT:
        raise HTTPException(409, "the default collection cannot be deleted (it is the server's own index)")
    services = collections.get(name)
    if services is None:
        raise not_found(name)
    running = services.jobs.running
    if running is not None:
        raise HTTPException(409, f"a build of collection {name!r} is running (job {running.id}): retry once it ends")
    if not await collections.delete(name):
        raise not_found(name)
    return DeletedOut(name=name, deleted=True)
