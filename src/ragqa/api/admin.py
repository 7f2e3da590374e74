"""Admin routes: start a rebuild, follow it, roll back to an earlier version, inspect the live index and its
documents.

All of them sit behind ``require_admin`` (``Authorization: Bearer $RAGQA_ADMIN_TOKEN``; 403 with
how to enable them when no token is configured). The work happens in ``ragqa.index.jobs``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from ragqa.api.collections import not_found, require_index
from ragqa.api.deps import CollectionsDep, ServicesDep
from ragqa.api.schemas import MAX_OFFSET, ErrorResponse
from ragqa.api.security import require_admin
from ragqa.index.build import BuildLocked
from ragqa.index.engine_holder import EngineHolder
from ragqa.index.errors import IndexStoreError, VersionNotFound
from ragqa.index.holder import NOT_LOADED, IndexUnavailable
from ragqa.index.jobs import JobRunning, JobStatus
from ragqa.index.milvus_store import EngineUnavailable, published_versions
from ragqa.index.store import list_versions
from ragqa.services import IndexState, Services

router = APIRouter(dependencies=[Depends(require_admin)], tags=["admin"])
ERRORS: dict[int | str, dict[str, Any]] = {401: {"model": ErrorResponse}, 403: {"model": ErrorResponse}}


def collection_services(
    collections: CollectionsDep,
    collection: str = Query("default", min_length=1, max_length=100, description="The collection (default: default)."),
) -> Services:
    """The services of the collection an admin route names in ``?collection=`` (404 when there is none)."""
    services = collections.get(collection)
    if services is None:
        raise not_found(collection)
    return services


CollectionServicesDep = Annotated[Services, Depends(collection_services)]


class ReindexRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    full: bool = Field(
        False, strict=True, description="Re-embed every document instead of only new and changed ones (true/false)."
    )


class RollbackRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: str | None = Field(
        None,
        max_length=200,
        description="The version to publish again (default: the newest good one older than the live one).",
    )


class RollbackOut(BaseModel):
    previous_version: str | None = Field(description="The version that was live before the rollback.")
    version: str = Field(description="The version now published (the same one when it already was).")
    live_version: str | None = Field(description="The version the service answers from after the rollback.")


class JobOut(BaseModel):
    """A rebuild job; ``stage``/``done``/``total`` come from the indexer's progress callback."""

    id: str
    full: bool
    trigger: str = Field(
        "admin", description="admin (POST /admin/reindex) or documents (writes to /documents, coalesced)"
    )
    status: JobStatus = Field(description="queued, running, succeeded or failed")
    stage: str
    done: int
    total: int
    created_at: float
    started_at: float | None
    finished_at: float | None
    report: dict[str, Any] | None = Field(description="The build report (counts, version, seconds) once succeeded.")
    error: str | None
    live_version: str | None = Field(description="The version the service answers from after the job.")


class IndexInfo(BaseModel):
    index_version: str
    published_version: str | None
    status: IndexState = Field(description="ready, or degraded when the published version was refused")
    problem: str | None
    document_count: int
    chunk_count: int
    model: str
    dimension: int
    built_at: str | None
    build_seconds: float | None
    loaded_in_s: float | None = Field(description="How long the server took to read and verify this version.")
    corpus_fingerprint: str | None
    last_build: dict[str, int] | None = Field(
        description="added/changed/removed/unchanged/embedded_chunks of the build"
    )
    versions_on_disk: list[str]
    versions_in_engine: list[str] | None = Field(
        None, description="RAGQA_STORE=milvus: versions published in Milvus, oldest first; null otherwise"
    )
    refused: dict[str, str]
    reindex_running: str | None
    sentence_vectors: dict[str, str | int | None] = Field(
        description="Sentence vectors encoded ahead of questions (RAGQA_SENTENCE_VECTORS_WARM): state (off, waiting, "
        "warming, done, full, failed), sentences held, version"
    )


class DocumentOut(BaseModel):
    """One indexed document of ``GET /documents``, named by ``id`` as the other ``/documents`` routes name it."""

    id: str = Field(description="The document's id, as POST, PUT and GET /documents/{id} name it.")
    doc_id: str = Field(description="The same as id, kept for clients that read the list under this name.")
    title: str
    author: str = ""
    url: str
    source: str
    published_at: str
    category: str
    chunk_count: int


class DocumentsPage(BaseModel):
    index_version: str
    total: int
    offset: int
    limit: int
    documents: list[DocumentOut]


@router.post(
    "/admin/reindex",
    status_code=202,
    response_model=JobOut,
    responses={
        **ERRORS,
        404: {"model": ErrorResponse},
        408: {"model": ErrorResponse},
        409: {"model": ErrorResponse},
        422: {"model": ErrorResponse},
    },
)
def reindex(services: CollectionServicesDep, body: ReindexRequest | None = None) -> JobOut:
    """Start a background rebuild (incremental unless ``full``); follow it at ``/admin/jobs/{id}``."""
    try:
        job = services.jobs.start(full=body.full if body else False)
    except JobRunning as exc:
        raise HTTPException(409, str(exc)) from None
    return JobOut(**job.snapshot())


@router.get("/admin/jobs/{job_id}", response_model=JobOut, responses={**ERRORS, 404: {"model": ErrorResponse}})
def job_status(job_id: str, services: ServicesDep, collections: CollectionsDep) -> JobOut:
    """Progress of a rebuild job (of any collection), and its report once it has finished."""
    job = services.jobs.get(job_id) or collections.find_job(job_id)
    if job is None:
        raise HTTPException(404, f"no job {job_id!r}: start one with POST /admin/reindex (finished jobs are kept 50)")
    return JobOut(**job.snapshot())


@router.post(
    "/admin/rollback",
    response_model=RollbackOut,
    responses={**ERRORS, 404: {"model": ErrorResponse}, 409: {"model": ErrorResponse}, 422: {"model": ErrorResponse}},
)
def rollback(services: CollectionServicesDep, body: RollbackRequest | None = None) -> RollbackOut:
    """Publish an earlier version again and serve it before answering; newer versions stay on disk until pruned.

    404 for a version not on disk; 409 when nothing older is good, the version fails verification or was built for
    another model, or a rebuild is running (a build would publish over the rollback).
    """
    try:
        done = services.jobs.rollback(body.version if body else None)
    except VersionNotFound as exc:
        raise HTTPException(404, str(exc)) from None
    except BuildLocked:
        raise HTTPException(409, "another index build holds the lock: retry when it has finished") from None
    except (JobRunning, IndexStoreError) as exc:
        raise HTTPException(409, str(exc)) from None
    serving = services.holder.serving
    return RollbackOut(
        previous_version=done.previous,
        version=done.version,
        live_version=serving.version if serving is not None else None,
    )


@router.get(
    "/admin/index",
    response_model=IndexInfo,
    responses={**ERRORS, 404: {"model": ErrorResponse}, 503: {"model": ErrorResponse}},
)
def index_info(services: CollectionServicesDep) -> IndexInfo:
    """The version the service answers from, its counts, build time and corpus fingerprint; ``problem`` and a
    503's message name the file that failed and the index folder (``/ready`` gives only a short reason)."""
    status = services.status()
    index = status.index
    if index is None:
        raise IndexUnavailable(status.reason or "no index loaded", status.public_reason or NOT_LOADED)
    manifest = index.manifest
    running_job = services.jobs.running
    return IndexInfo(
        index_version=index.version,
        published_version=status.published_version,
        status=status.state,
        problem=status.problem,
        document_count=len(index.document_records),
        chunk_count=index.chunk_count,
        model=manifest.model,
        dimension=manifest.dimension,
        built_at=manifest.built_at or None,
        build_seconds=manifest.build_seconds,
        loaded_in_s=round(status.load_seconds, 3) if status.load_seconds is not None else None,
        corpus_fingerprint=manifest.corpus_fingerprint,
        last_build=manifest.counts,
        versions_on_disk=list_versions(services.holder.index_dir),
        versions_in_engine=_engine_versions(services),
        refused=status.refused,
        reindex_running=running_job.id if running_job is not None else None,
        sentence_vectors=services.warm_status(),
    )


def _engine_versions(services: Services) -> list[str] | None:
    """The versions Milvus holds for this collection (what readers can switch to), None for the local store; []
    when Milvus cannot be reached (``problem`` says why)."""
    holder = services.holder
    if not isinstance(holder, EngineHolder):
        return None
    try:
        return published_versions(holder.client, holder.name)
    except EngineUnavailable:
        return []


@router.get(
    "/documents",
    response_model=DocumentsPage,
    responses={**ERRORS, 404: {"model": ErrorResponse}, 422: {"model": ErrorResponse}, 503: {"model": ErrorResponse}},
)
def documents(
    request: Request,
    services: CollectionServicesDep,
    offset: int = Query(0, ge=0, le=MAX_OFFSET, description=f"Documents to skip, 0 to {MAX_OFFSET:_}."),
    limit: int = Query(100, ge=1, le=1000, description="Documents to return, 1 to 1000."),
) -> DocumentsPage:
    """The indexed documents of a collection, in corpus order, with how many chunks each has."""
    require_index(services, request.query_params.get("collection", "default"))
    index = services.holder.current.index
    records = index.document_records
    return DocumentsPage(
        index_version=index.version,
        total=len(records),
        offset=offset,
        limit=limit,
        documents=[
            DocumentOut(
                id=r.doc_id,
                doc_id=r.doc_id,
                title=r.title,
                author=r.author,
                url=r.url,
                source=r.source,
                published_at=r.published_at,
                category=r.category,
                chunk_count=r.chunk_count,
            )
            for r in records[offset : offset + limit]
        ],
    )
