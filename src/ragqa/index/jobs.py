"""Background rebuilds started from the admin API: one at a time, with progress, no HTTP in here; and rollbacks,
which never run beside a rebuild.

The job uses its own encoder instance (loaded on first need), not the one answering queries:
a Hugging Face fast tokenizer is not safe to share between a build and concurrent requests, and
the build's batches would otherwise queue the queries behind them.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from ragqa.config import Settings
from ragqa.embedding.encoder import Encoder, index_encoder_from_settings
from ragqa.index.build import LazyEncoder, build_from_settings
from ragqa.index.holder import IndexHolder
from ragqa.index.manifest import Manifest
from ragqa.index.rollback import RolledBack, rollback
from ragqa.index.store import check_compatible

log = logging.getLogger(__name__)

JobStatus = Literal["queued", "running", "succeeded", "failed"]
KEEP_JOBS = 50
"""Finished jobs remembered for ``GET /admin/jobs/{id}``."""


class JobRunning(Exception):
    """A rebuild is already running; carries its id so the caller can follow it instead."""

    def __init__(self, job_id: str) -> None:
        super().__init__(
            f"a rebuild is already running (job {job_id}): follow it at /admin/jobs/{job_id} and retry when it ends"
        )
        self.job_id = job_id


@dataclass
class Job:
    """One rebuild: where it is and, once finished, what it did."""

    id: str
    full: bool
    trigger: str = "admin"
    """``admin`` (``POST /admin/reindex``) or ``documents`` (a write to ``/documents``, coalesced with others)."""
    status: JobStatus = "queued"
    stage: str = "queued"
    done: int = 0
    total: int = 0
    created_at: float = field(default_factory=time.time)
    started_at: float | None = None
    finished_at: float | None = None
    report: dict[str, Any] | None = None
    error: str | None = None
    live_version: str | None = None
    warnings: list[str] = field(default_factory=list)
    """What reading the uploads this build indexes found (an upload's front matter that is not valid YAML), which
    its report lists beside the corpus folder's: the stored document keeps what was read, not the file."""

    def snapshot(self) -> dict[str, Any]:
        return asdict(self)


class ReindexJobs:
    """Starts rebuilds in a background thread and keeps their state for polling."""

    def __init__(
        self,
        settings: Settings,
        holder: IndexHolder[Any],
        embedder: Encoder | LazyEncoder | None = None,
        publish: Callable[[], object] | None = None,
    ) -> None:
        """``publish`` runs after each build and rollback (``RAGQA_STORE=milvus``: copy the live version into
        Milvus, where the holder reads it)."""
        self.settings = settings
        self.holder = holder
        self._publish = publish
        self._lock = threading.Lock()
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._running: Job | None = None
        self._next: Job | None = None
        """The one build queued behind the running one, which every document write arriving meanwhile joins."""
        # builds use the index runtime (loaded on the first job that embeds), as `ragqa index` does; ``embedder``
        # replaces it (tests pass the fake encoder)
        self._embedder: Encoder | LazyEncoder = embedder or LazyEncoder(
            settings.embedding_model, lambda: index_encoder_from_settings(settings)
        )

    def start(self, full: bool = False) -> Job:
        """Queue a rebuild and return at once; ``JobRunning`` if one is still going."""
        with self._lock:
            if self._running is not None:
                raise JobRunning(self._running.id)
            job = self._remember(Job(id=uuid.uuid4().hex[:12], full=full))
            self._running = job
        self._launch(job)
        return job

    def request_build(self, warnings: Sequence[str] = ()) -> Job:
        """The incremental build that will include every write committed before this call (``/documents``);
        ``warnings`` (what reading an upload found) are listed in its report.

        Writes are coalesced: with no build running one starts now; while one runs (it may have read the
        documents already) the caller gets the single build queued behind it, which every write arriving
        meanwhile joins, so a burst of writes costs at most two builds and publishes at most two versions.
        """
        with self._lock:
            if self._next is not None:
                self._next.warnings.extend(w for w in warnings if w not in self._next.warnings)
                return self._next
            job = self._remember(
                Job(id=uuid.uuid4().hex[:12], full=False, trigger="documents", warnings=list(dict.fromkeys(warnings)))
            )
            if self._running is not None:
                self._next = job
                return job
            self._running = job
        self._launch(job)
        return job

    def _remember(self, job: Job) -> Job:
        """Keep ``job`` for polling (call holding ``_lock``)."""
        self._jobs[job.id] = job
        while len(self._jobs) > KEEP_JOBS:
            self._jobs.popitem(last=False)
        return job

    def _launch(self, job: Job) -> None:
        threading.Thread(target=self._run, args=(job,), name=f"reindex-{job.id}", daemon=True).start()

    def rollback(self, version: str | None = None) -> RolledBack:
        """Publish an earlier good version again (default: the newest one before the live one) and serve it before
        returning.

        ``JobRunning`` while a rebuild job runs and ``BuildLocked`` while another writer (a CLI build, ``--watch``)
        holds the lock: a rollback never waits for a build, which would publish over it right after.
        """
        holder = self.holder

        def compatible(manifest: Manifest) -> None:
            check_compatible(manifest, holder.model, holder.dimension)

        with self._lock:  # no job starts while the pointer moves
            if self._running is not None:
                raise JobRunning(self._running.id)
            done = rollback(self.settings.index_dir, version, accept=compatible)
            if self._publish is not None:
                self._publish()
        holder.refused.pop(done.version, None)  # it was just verified: an older refusal (files since restored) is stale
        holder.reload_if_changed()
        return done

    def get(self, job_id: str) -> Job | None:
        return self._jobs.get(job_id)

    @property
    def embedder(self) -> Encoder | LazyEncoder:
        """What builds embed with (collections share it: the index model loads once)."""
        return self._embedder

    @property
    def running(self) -> Job | None:
        return self._running

    def _run(self, job: Job) -> None:
        job.status = "running"
        job.started_at = time.time()

        def progress(stage: str, done: int, total: int) -> None:
            job.stage, job.done, job.total = stage, done, total

        try:
            report = build_from_settings(
                self.settings,
                self._embedder,
                full=job.full,
                wait=True,  # a CLI or --watch build holds the lock: queue behind it
                progress=progress,
            )
            if self._publish is not None:
                progress("publishing to the store", 0, 1)
                self._publish()
            self.holder.reload_if_changed()  # swap now rather than at the next poll
            job.report = asdict(report)
            job.report["warnings"] = [*report.warnings, *(w for w in job.warnings if w not in report.warnings)]
            serving = self.holder.serving
            job.live_version = serving.version if serving is not None else None
            job.status = "succeeded"
        except Exception as exc:  # the job reports every failure; the server keeps running
            log.exception("reindex job %s failed", job.id)
            job.error = str(exc) or type(exc).__name__
            job.status = "failed"
        finally:
            job.finished_at = time.time()
            with self._lock:
                following, self._next = self._next, None
                self._running = following
            if following is not None:
                self._launch(following)
