"""The live index version, swapped whole when a new one is published (hot reload).

``IndexHolder`` turns each accepted ``LoadedIndex`` into a served object (the ``Retriever``) with a factory
it is given, so this module knows nothing of retrieval; a request takes one reference at its start and
finishes on the version it began with.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from ragqa.index.errors import IndexCorrupt, IndexMismatch, IndexStoreError
from ragqa.index.store import (
    LoadedIndex,
    check_compatible,
    is_version_id,
    live_version,
    load_newest_good,
    load_version,
)
from ragqa.observability import metrics

log = logging.getLogger(__name__)


class Served(Protocol):
    """What the holder serves: anything built over one loaded version."""

    @property
    def version(self) -> str: ...

    @property
    def index(self) -> LoadedIndex: ...


T = TypeVar("T", bound=Served)


NO_INDEX_BUILT = "no index has been built yet"
NOT_LOADED = "no index is loaded yet"
"""Short reasons for open routes: they never name the index folder or its files (those stay in the logs, on the
admin routes and in the CLI)."""


class IndexUnavailable(Exception):
    """No usable index is loaded yet.

    ``str(exc)`` is the detail (the index folder, the file that failed) for logs, operators and the CLI; ``public``
    is the short reason an open route answers with, since paths tell an outsider about the server's disk.
    """

    def __init__(self, detail: str, public: str = NOT_LOADED) -> None:
        super().__init__(detail)
        self.public = public


def public_refusal(exc: IndexStoreError) -> str:
    """Why a version was refused, in words that name no path or file (the full message is logged)."""
    if isinstance(exc, IndexMismatch):
        return "was built for another model or format"
    if isinstance(exc, IndexCorrupt):
        return "failed verification"
    return "could not be loaded"


def public_version(version: str) -> str:
    """``version`` when it is a version id; a pointer holding anything else is not repeated to outsiders."""
    return f"published version {version}" if is_version_id(version) else "the published version"


class IndexHolder(Generic[T]):
    """The live retriever, reloaded when the ``CURRENT`` pointer moves to another version.

    A published version that fails verification is refused (the message names the file) and the
    holder keeps what it serves; if nothing is served yet (start-up), it falls back to the newest
    good older version and says so in ``problem``.
    """

    def __init__(self, index_dir: Path, model: str, dimension: int, serve: Callable[[LoadedIndex], T]) -> None:
        self.index_dir = index_dir
        self.model = model
        self.dimension = dimension
        self._serve = serve
        self._current: T | None = None
        self._lock = threading.Lock()
        self.last_error: str | None = None
        """Why nothing is served, with paths and files (None once something is)."""
        self.public_error: str | None = None
        """``last_error`` without paths or file names, for open routes."""
        self.refused: dict[str, str] = {}
        self.problem: str | None = None
        """Why the version served is not the published one (None when it is)."""
        self.public_problem: str | None = None
        """``problem`` without paths or file names, for open routes."""
        self.load_seconds: float | None = None
        """How long reading and verifying the served version took (what a swap costs in the background)."""

    @property
    def current(self) -> T:
        retriever = self._current
        if retriever is None:
            raise IndexUnavailable(
                self.last_error or f"no index loaded from {self.index_dir}: build one with `ragqa index`",
                self.public_error or NOT_LOADED,
            )
        return retriever

    @property
    def loaded(self) -> bool:
        return self._current is not None

    @property
    def serving(self) -> T | None:
        """The retriever requests get now, or None; take it once per request and keep it."""
        return self._current

    def published(self) -> str | None:
        """The version the ``CURRENT`` pointer names (it may be one that was refused)."""
        return live_version(self.index_dir)

    def _accept(self, index: LoadedIndex) -> None:
        check_compatible(index.manifest, self.model, self.dimension)

    def reload_if_changed(self) -> bool:
        """Load the published version if it is new; keep the old one if the new one is bad."""
        version = live_version(self.index_dir)
        if version is None:
            if self._current is None:
                self._not_ready(
                    f"no index in {self.index_dir}: build one with `ragqa index --index {self.index_dir}`",
                    NO_INDEX_BUILT,
                )
            return False
        if not self._is_new(version):
            return False
        with self._lock:
            current = self._current
            if current is not None and current.version == version:
                return False
            started = time.perf_counter()
            try:
                index = load_version(self.index_dir, version)
                self._accept(index)
            except IndexStoreError as exc:
                if live_version(self.index_dir) != version:
                    # The pointer moved on while we read (the version may have been pruned): no verdict.
                    log.info("index version %s was replaced while loading it; trying again", version)
                    return False
                self.refused[version] = str(exc)
                log.error("refusing index version %s: %s", version, exc)
                if current is None:
                    return self._fall_back(version, exc)
                self._still_serving(version, exc, current.version)
                return False
            self._go_live(index, started)
            return True

    def _is_new(self, version: str) -> bool:
        """Whether the published ``version`` is neither served nor refused already (a cheap check before the
        lock; the served version is checked again under it)."""
        current = self._current
        return not ((current is not None and current.version == version) or version in self.refused)

    def _still_serving(self, version: str, exc: IndexStoreError, serving: str) -> None:
        """Say that ``version`` was refused while ``serving`` stays live (full reason for logs, a public one)."""
        self.problem = f"published version {version} was refused ({exc}); still serving {serving}"
        self.public_problem = f"{public_version(version)} {public_refusal(exc)}; still serving {serving}"

    def _go_live(self, index: LoadedIndex, started: float, where: str = "") -> None:
        """Serve ``index`` from now on (requests already running finish on the one they began with)."""
        self._current = self._serve(index)
        self.load_seconds = time.perf_counter() - started
        self.last_error = self.public_error = None
        self.problem = self.public_problem = None
        metrics.set_live_index(index.version, index.chunk_count)
        metrics.INDEX_RELOADS.inc()
        log.info("index version %s is live%s (%d chunks)", index.version, where, index.chunk_count)

    def _not_ready(self, detail: str, public: str) -> None:
        """Say why nothing is served; logged once per new reason (the poll repeats it every second)."""
        if detail != self.last_error:
            log.warning("index not ready: %s", detail)
        self.last_error = detail
        self.public_error = public

    def _fall_back(self, bad: str, error: IndexStoreError) -> bool:
        """Serve the newest good version older than the refused ``bad`` one (start-up only)."""
        why = str(error)
        started = time.perf_counter()
        index, refused = load_newest_good(self.index_dir, before=bad, accept=self._accept)
        for version, message in refused.items():
            self.refused.setdefault(version, message)
            log.error("refusing index version %s: %s", version, message)
        if index is None:
            self._not_ready(
                f"published index version {bad} is unusable ({why}) and no older version is good",
                f"{public_version(bad)} {public_refusal(error)} and no older version is good",
            )
            return False
        self._current = self._serve(index)
        self.load_seconds = time.perf_counter() - started
        self.last_error = self.public_error = None
        metrics.set_live_index(index.version, index.chunk_count)
        self.problem = (
            f"published version {bad} was refused ({why}); serving {index.version}, the newest good older version"
        )
        self.public_problem = (
            f"{public_version(bad)} {public_refusal(error)}; serving {index.version}, the newest good older version"
        )
        log.warning("falling back to index version %s: %s", index.version, self.problem)
        return True
