"""The question-answering service: retrieval plus answering over the live index, with no HTTP in it.

``IndexHolder`` keeps the live ``Retriever`` and swaps it whole when a new version is published;
a request takes one reference at its start, so it finishes on the version it began with.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from ragqa import metrics
from ragqa.answering.citations import Citation
from ragqa.answering.extractive import ExtractiveAnswer, extractive_answer
from ragqa.config import Settings
from ragqa.embedding import Embedder, embedder_from_settings
from ragqa.filters import Filters
from ragqa.retrieval import Hit, RetrievalOptions, Retriever
from ragqa.store import (
    IndexStoreError,
    LoadedIndex,
    check_compatible,
    live_version,
    load_newest_good,
    load_version,
)

log = logging.getLogger(__name__)


class IndexUnavailable(Exception):
    """No usable index is loaded yet."""


class IndexHolder:
    """The live retriever, reloaded when the ``CURRENT`` pointer moves to another version.

    A published version that fails verification is refused (the message names the file) and the
    holder keeps what it serves; if nothing is served yet (start-up), it falls back to the newest
    good older version and says so in ``problem``.
    """

    def __init__(self, index_dir: Path, embedder: Embedder, options: RetrievalOptions | None = None) -> None:
        self.index_dir = index_dir
        self.embedder = embedder
        self.options = options or RetrievalOptions()
        self._current: Retriever | None = None
        self._lock = threading.Lock()
        self.last_error: str | None = None
        self.refused: dict[str, str] = {}
        self.problem: str | None = None
        """Why the version served is not the published one (None when it is)."""
        self.load_seconds: float | None = None
        """How long reading and verifying the served version took (what a swap costs in the background)."""

    @property
    def current(self) -> Retriever:
        retriever = self._current
        if retriever is None:
            raise IndexUnavailable(
                self.last_error or f"no index loaded from {self.index_dir}: build one with `ragqa index`"
            )
        return retriever

    @property
    def loaded(self) -> bool:
        return self._current is not None

    @property
    def serving(self) -> Retriever | None:
        """The retriever requests get now, or None; take it once per request and keep it."""
        return self._current

    def published(self) -> str | None:
        """The version the ``CURRENT`` pointer names (it may be one that was refused)."""
        return live_version(self.index_dir)

    def _accept(self, index: LoadedIndex) -> None:
        check_compatible(index.manifest, self.embedder.name, self.embedder.dimension)

    def reload_if_changed(self) -> bool:
        """Load the published version if it is new; keep the old one if the new one is bad."""
        version = live_version(self.index_dir)
        if version is None:
            if self._current is None:
                self.last_error = f"no index in {self.index_dir}: build one with `ragqa index --index {self.index_dir}`"
            return False
        current = self._current
        if (current is not None and current.version == version) or version in self.refused:
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
                    return self._fall_back(version, str(exc))
                self.problem = f"published version {version} was refused ({exc}); still serving {current.version}"
                return False
            self._current = Retriever(index, self.embedder, self.options)
            self.load_seconds = time.perf_counter() - started
            self.last_error = None
            self.problem = None
            metrics.set_live_index(version, index.chunk_count)
            metrics.INDEX_RELOADS.inc()
            log.info("index version %s is live (%d chunks)", version, index.chunk_count)
            return True

    def _fall_back(self, bad: str, why: str) -> bool:
        """Serve the newest good version older than the refused ``bad`` one (start-up only)."""
        started = time.perf_counter()
        index, refused = load_newest_good(self.index_dir, before=bad, accept=self._accept)
        for version, message in refused.items():
            self.refused.setdefault(version, message)
            log.error("refusing index version %s: %s", version, message)
        if index is None:
            self.last_error = f"published index version {bad} is unusable ({why}) and no older version is good"
            return False
        self._current = Retriever(index, self.embedder, self.options)
        self.load_seconds = time.perf_counter() - started
        self.last_error = None
        metrics.set_live_index(index.version, index.chunk_count)
        self.problem = (
            f"published version {bad} was refused ({why}); serving {index.version}, the newest good older version"
        )
        log.warning("falling back to index version %s: %s", index.version, self.problem)
        return True


@dataclass
class AskResult:
    """An answer, the passages it cites, and where the time went."""

    answer: str
    citations: list[Citation]
    abstained: bool
    mode: str
    index_version: str
    timings_ms: dict[str, float] = field(default_factory=dict)


class QAService:
    """Answers questions and searches passages over the live index."""

    def __init__(self, settings: Settings, embedder: Embedder, holder: IndexHolder) -> None:
        self.settings = settings
        self.embedder = embedder
        self.holder = holder

    @classmethod
    def from_settings(cls, settings: Settings, embedder: Embedder | None = None) -> QAService:
        """Load the model (unless given) and whatever index is live."""
        embedder = embedder or embedder_from_settings(settings)
        holder = IndexHolder(settings.index_dir, embedder, RetrievalOptions.from_settings(settings))
        holder.reload_if_changed()
        return cls(settings, embedder, holder)

    def search(self, query: str, top_k: int, filters: Filters | None = None) -> tuple[list[Hit], str]:
        """The best passages for ``query`` (among those passing ``filters``) and their index version."""
        retriever = self.holder.current
        return retriever.search(query, top_k, filters), retriever.version

    def retrieve(
        self, question: str, top_k: int | None = None, filters: Filters | None = None
    ) -> tuple[list[Hit], str]:
        """The passages an answer to ``question`` is built from (among those passing ``filters``)."""
        top_k = top_k or self.settings.default_top_k
        retriever = self.holder.current
        with metrics.RETRIEVAL_LATENCY.time():
            hits = retriever.search(question, top_k, filters)
        return hits, retriever.version

    def extractive(self, question: str, hits: list[Hit]) -> ExtractiveAnswer:
        """The extractive answer (or abstention) from already retrieved passages."""
        corpus = self.holder.current.corpus_view() if self.holder.loaded else None
        with metrics.ANSWER_LATENCY.labels(mode="extractive").time():
            answer = extractive_answer(
                question,
                hits,
                self.settings.abstain_threshold,
                self.settings.answer_max_sentences,
                corpus=corpus,
                check_unknown=self.settings.abstain_unknown,
            )
        if answer.abstained:
            metrics.record_abstention("extractive")
        return answer

    def ask(self, question: str, top_k: int | None = None, filters: Filters | None = None) -> AskResult:
        """An extractive answer with citations, or an abstention when the articles do not hold one."""
        t0 = time.perf_counter()
        hits, version = self.retrieve(question, top_k, filters)
        t1 = time.perf_counter()
        answer = self.extractive(question, hits)
        t2 = time.perf_counter()
        return AskResult(
            answer=answer.text,
            citations=answer.citations,
            abstained=answer.abstained,
            mode="extractive",
            index_version=version,
            timings_ms={"retrieval": round((t1 - t0) * 1000, 2), "answer": round((t2 - t1) * 1000, 2)},
        )
