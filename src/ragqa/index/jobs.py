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
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from ragqa.config import Settings
from ragqa.embedding.encoder import index_encoder_from_settings
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

    def snapshot(self) -> dict[str, Any]:
        return asdict(self)


class ReindexJobs:
    """Starts rebuilds in a background thread and keeps their state for polling."""

    def __init__(self, settings: Settings, holder: IndexHolder[Any]) -> None:
        self.settings = settings
        self.holder = holder
        self._lock = threading.Lock()
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._running: Job | None = None
        # builds use the index runtime (loaded on the first job that embeds), as `ragqa index` does
        self._embedder = LazyEncoder(settings.embedding_model, lambda: index_encoder_from_settings(settings))

    def start(self, full: bool = False) -> Job:
        """Queue a rebuild and return at once; ``JobRunning`` if one is still going."""
        with self._lock:
            if self._running is not None:
                raise JobRunning(self._running.id)
            job = Job(id=uuid.uuid4().hex[:12], full=full)
            self._running = job
            self._jobs[job.id] = job
            while len(self._jobs) > KEEP_JOBS:
                self._jobs.popitem(last=False)
        threading.Thread(target=self._run, args=(job,), name=f"reindex-{job.id}", daemon=True).start()
        return job

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
        holder.refused.pop(done.version, None)  # it was just verified: an older refusal (files since restored) is stale
        holder.reload_if_changed()
        return done

    def get(self, job_id: str) -> Job | None:
        return self._jobs.get(job_id)

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
            self.holder.reload_if_changed()  # swap now rather than at the next poll
            job.report = asdict(report)
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
                self._running = None
