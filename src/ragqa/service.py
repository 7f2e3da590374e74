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
from ragqa.embedding import Embedder
from ragqa.retrieval import Hit, Retriever
from ragqa.store import IndexStoreError, check_compatible, live_version, load_version

log = logging.getLogger(__name__)


class IndexUnavailable(Exception):
    """No usable index is loaded yet."""


class IndexHolder:
    """The live retriever, reloaded when the ``CURRENT`` pointer moves to another version."""

    def __init__(self, index_dir: Path, embedder: Embedder) -> None:
        self.index_dir = index_dir
        self.embedder = embedder
        self._current: Retriever | None = None
        self._lock = threading.Lock()
        self.last_error: str | None = None
        self.refused: set[str] = set()

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

    def reload_if_changed(self) -> bool:
        """Load the published version if it is new; keep the old one if the new one is bad."""
        version = live_version(self.index_dir)
        if version is None:
            if self._current is None:
                self.last_error = f"no index in {self.index_dir}: build one with `ragqa index --index {self.index_dir}`"
            return False
        if (self._current is not None and self._current.version == version) or version in self.refused:
            return False
        with self._lock:
            if self._current is not None and self._current.version == version:
                return False
            try:
                index = load_version(self.index_dir, version)
                check_compatible(index.manifest, self.embedder.name, self.embedder.dimension)
            except IndexStoreError as exc:
                self.refused.add(version)
                self.last_error = str(exc)
                log.error("refusing index version %s: %s", version, exc)
                return False
            self._current = Retriever(index, self.embedder)
            self.last_error = None
            metrics.set_live_index(version, index.chunk_count)
            metrics.INDEX_RELOADS.inc()
            log.info("index version %s is live (%d chunks)", version, index.chunk_count)
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
        embedder = embedder or Embedder(settings.embedding_model, settings.embedding_batch_size, settings.torch_threads)
        holder = IndexHolder(settings.index_dir, embedder)
        holder.reload_if_changed()
        return cls(settings, embedder, holder)

    def search(self, query: str, top_k: int) -> tuple[list[Hit], str]:
        """The best passages for ``query`` and the index version they came from."""
        retriever = self.holder.current
        return retriever.search(query, top_k), retriever.version

    def retrieve(self, question: str, top_k: int | None = None) -> tuple[list[Hit], str]:
        """The passages an answer to ``question`` is built from, and their index version."""
        top_k = top_k or self.settings.default_top_k
        retriever = self.holder.current
        with metrics.RETRIEVAL_LATENCY.time():
            hits = retriever.search(question, top_k)
        return hits, retriever.version

    def extractive(self, question: str, hits: list[Hit]) -> ExtractiveAnswer:
        """The extractive answer (or abstention) from already retrieved passages."""
        with metrics.ANSWER_LATENCY.labels(mode="extractive").time():
            answer = extractive_answer(
                question, hits, self.settings.abstain_threshold, self.settings.answer_max_sentences
            )
        if answer.abstained:
            metrics.record_abstention("extractive")
        return answer

    def ask(self, question: str, top_k: int | None = None) -> AskResult:
        """An extractive answer with citations, or an abstention when the articles do not hold one."""
        t0 = time.perf_counter()
        hits, version = self.retrieve(question, top_k)
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
