"""Admin routes: start a rebuild, follow it, inspect the live index and its documents.

All of them sit behind ``require_admin`` (``Authorization: Bearer $RAGQA_ADMIN_TOKEN``; 403 with
how to enable them when no token is configured). The work happens in ``ragqa.reindex``.
"""

from __future__ import annotations

import threading

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from ragqa.api.schemas import ErrorResponse
from ragqa.api.security import require_admin
from ragqa.reindex import JobRunning, ReindexJobs
from ragqa.service import QAService
from ragqa.store import list_versions

router = APIRouter(dependencies=[Depends(require_admin)], tags=["admin"])
ERRORS = {401: {"model": ErrorResponse}, 403: {"model": ErrorResponse}}
_jobs_lock = threading.Lock()


class ReindexRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    full: bool = Field(False, description="Re-embed every document instead of only new and changed ones.")


class JobOut(BaseModel):
    """A rebuild job; ``stage``/``done``/``total`` come from the indexer's progress callback."""

    id: str
    full: bool
    status: str = Field(description="queued, running, succeeded or failed")
    stage: str
    done: int
    total: int
    created_at: float
    started_at: float | None
    finished_at: float | None
    report: dict | None = Field(description="The build report (counts, version, seconds) once succeeded.")
    error: str | None
    live_version: str | None = Field(description="The version the service answers from after the job.")


class IndexInfo(BaseModel):
    index_version: str
    published_version: str | None
    status: str = Field(description="ready, or degraded when the published version was refused")
    problem: str | None
    document_count: int
    chunk_count: int
    model: str
    dimension: int
    built_at: str | None
    build_seconds: float | None
    loaded_in_s: float | None = Field(description="How long the server took to read and verify this version.")
    corpus_fingerprint: str | None
    last_build: dict | None = Field(description="added/changed/removed/unchanged/embedded_chunks of the build")
    versions_on_disk: list[str]
    refused: dict[str, str]
    reindex_running: str | None


class DocumentOut(BaseModel):
    doc_id: str
    title: str
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


def _service(request: Request) -> QAService:
    return request.app.state.service


def jobs_of(request: Request) -> ReindexJobs:
    """The app's job runner, made on first use (no job runner exists until an admin asks)."""
    app = request.app
    with _jobs_lock:
        jobs = getattr(app.state, "reindex_jobs", None)
        if jobs is None:
            service = _service(request)
            jobs = ReindexJobs(app.state.settings, service.holder)
            app.state.reindex_jobs = jobs
    return jobs


@router.post(
    "/admin/reindex",
    status_code=202,
    response_model=JobOut,
    responses={**ERRORS, 409: {"model": ErrorResponse}, 422: {"model": ErrorResponse}},
)
def reindex(request: Request, body: ReindexRequest | None = None) -> JobOut:
    """Start a background rebuild (incremental unless ``full``); follow it at ``/admin/jobs/{id}``."""
    try:
        job = jobs_of(request).start(full=body.full if body else False)
    except JobRunning as exc:
        raise HTTPException(409, str(exc)) from None
    return JobOut(**job.snapshot())


@router.get("/admin/jobs/{job_id}", response_model=JobOut, responses={**ERRORS, 404: {"model": ErrorResponse}})
def job_status(job_id: str, request: Request) -> JobOut:
    """Progress of a rebuild job, and its report once it has finished."""
    job = jobs_of(request).get(job_id)
    if job is None:
        raise HTTPException(404, f"no job {job_id!r}: start one with POST /admin/reindex (finished jobs are kept 50)")
    return JobOut(**job.snapshot())


@router.get("/admin/index", response_model=IndexInfo, responses={**ERRORS, 503: {"model": ErrorResponse}})
def index_info(request: Request) -> IndexInfo:
    """The version the service answers from, its counts, build time and corpus fingerprint."""
    service = _service(request)
    holder = service.holder
    index = holder.current.index
    manifest = index.manifest
    running = getattr(request.app.state, "reindex_jobs", None)
    running_job = running.running if running is not None else None
    return IndexInfo(
        index_version=index.version,
        published_version=holder.published(),
        status="degraded" if holder.problem else "ready",
        problem=holder.problem,
        document_count=len(index.document_records),
        chunk_count=index.chunk_count,
        model=str(manifest.get("model")),
        dimension=int(manifest.get("dimension", index.faiss_index.d)),
        built_at=manifest.get("built_at"),
        build_seconds=manifest.get("build_seconds"),
        loaded_in_s=round(holder.load_seconds, 3) if holder.load_seconds is not None else None,
        corpus_fingerprint=manifest.get("corpus_fingerprint"),
        last_build=manifest.get("counts"),
        versions_on_disk=list_versions(holder.index_dir),
        refused=dict(holder.refused),
        reindex_running=running_job.id if running_job is not None else None,
    )


@router.get("/documents", response_model=DocumentsPage, responses={**ERRORS, 503: {"model": ErrorResponse}})
def documents(
    request: Request,
    offset: int = Query(0, ge=0, description="Documents to skip."),
    limit: int = Query(100, ge=1, le=1000, description="Documents to return, 1 to 1000."),
) -> DocumentsPage:
    """The indexed documents, in corpus order, with how many chunks each has."""
    index = _service(request).holder.current.index
    records = index.document_records
    return DocumentsPage(
        index_version=index.version,
        total=len(records),
        offset=offset,
        limit=limit,
        documents=[
            DocumentOut(
                doc_id=r.doc_id,
                title=r.title,
                url=r.url,
                source=r.source,
                published_at=r.published_at,
                category=r.category,
                chunk_count=r.chunk_count,
            )
            for r in records[offset : offset + limit]
        ],
    )
