"""The live version when chunks live in Milvus (``RAGQA_STORE=milvus``): hot reload by polling the catalog's
``live`` row instead of the ``CURRENT`` file.

Same contract as ``IndexHolder`` (which it extends, so ``Services``, the routes and the poll loop do not change):
a request takes one served object and finishes on it; a new version is swapped in whole once its manifest,
documents and vocabulary are read and its collection is loaded; a version that cannot be used is refused and the
one served stays. When Milvus cannot be reached the holder keeps what it serves and says why.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from ragqa.index import milvus_store
from ragqa.index.errors import IndexStoreError
from ragqa.index.holder import IndexHolder, Served, public_refusal, public_version
from ragqa.index.milvus_store import EngineUnavailable
from ragqa.index.store import LoadedIndex, check_compatible

log = logging.getLogger(__name__)

T = TypeVar("T", bound=Served)

ENGINE_UNREACHABLE = "the search engine cannot be reached"
NOTHING_PUBLISHED = "no index has been published to the search engine yet"


class EngineHolder(IndexHolder[T]):
    """``IndexHolder`` over versions published into Milvus (``index.milvus_store``)."""

    def __init__(
        self,
        client: Any,
        name: str,
        uri: str,
        model: str,
        dimension: int,
        serve: Callable[[LoadedIndex], T],
        index_dir: Path,
    ) -> None:
        super().__init__(index_dir, model, dimension, serve)
        self.client = client
        self.name = name
        self.uri = milvus_store.describe_uri(uri)
        self._published: str | None = None
        self._unreachable_reason = ""

    def published(self) -> str | None:
        """The version the catalog's ``live`` row names (the last one read; None if Milvus is unreachable)."""
        try:
            self._published = milvus_store.live_version(self.client, self.name)
        except EngineUnavailable:
            pass
        return self._published

    def reload_if_changed(self) -> bool:
        """Serve the published version if it is new; keep the current one if it is bad or Milvus is down."""
        try:
            version = milvus_store.live_version(self.client, self.name)
        except EngineUnavailable as exc:
            self._unreachable(exc)
            return False
        self._published = version
        self._unreachable_reason = ""
        if version is None:
            if self._current is None:
                self._not_ready(
                    f"no index published to Milvus collection {self.name!r} at {self.uri}: run `ragqa index` with "
                    "RAGQA_STORE=milvus",
                    NOTHING_PUBLISHED,
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
                index = milvus_store.load_engine_index(self.client, self.name, version)
                check_compatible(index.manifest, self.model, self.dimension)
            except EngineUnavailable as exc:
                self._unreachable(exc)
                return False
            except IndexStoreError as exc:
                self.refused[version] = str(exc)
                log.error("refusing Milvus index version %s: %s", version, exc)
                if current is None:
                    self._not_ready(
                        f"published version {version} is unusable ({exc})", f"{public_version(version)} "
                        f"{public_refusal(exc)}"
                    )  # fmt: skip
                else:
                    self._still_serving(version, exc, current.version)
                return False
            at = f" from Milvus {index.collection}" + (f" at seq {index.seq}" if index.seq else "")
            self._go_live(index, started, at)
            return True

    def _unreachable(self, exc: EngineUnavailable) -> None:
        """Milvus did not answer: keep serving what is served (its searches fail on their own), say why."""
        if self._current is None:
            self._not_ready(str(exc), ENGINE_UNREACHABLE)
        elif str(exc) != self._unreachable_reason:  # once per new reason: the poll repeats every second
            log.warning("cannot poll Milvus for a new version (still serving %s): %s", self._current.version, exc)
        self._unreachable_reason = str(exc)
