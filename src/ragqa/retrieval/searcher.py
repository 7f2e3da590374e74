"""What the answer pipeline and the services need of a served index version, whichever store holds it.

``Retriever`` (the in-process FAISS + BM25 version) and ``EngineRetriever`` (a version in Milvus) both provide it,
so ``Services`` and ``AnswerPipeline`` hold an ``IndexHolder[Searcher]`` and never ask which store is configured.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from ragqa.embedding.encoder import Encoder
from ragqa.index.store import LoadedIndex
from ragqa.observability import tracing
from ragqa.records import CorpusView, DocumentRecord, Hit
from ragqa.retrieval.filters import Filters


class Searcher(Protocol):
    """One served index version: search it, describe it."""

    @property
    def version(self) -> str: ...

    @property
    def index(self) -> LoadedIndex: ...

    @property
    def documents(self) -> dict[str, DocumentRecord]: ...

    def search(self, query: str, top_k: int, filters: Filters | None = None) -> list[Hit]: ...

    def corpus_view(self, filters: Filters | None = None) -> CorpusView:
        """The corpus facts abstention checks; with ``filters``, as far as the store can tell, of the passages they
        admit."""
        ...

    def mentioning(self, words: list[str]) -> list[str] | None:
        """The documents holding every one of ``words`` somewhere in one passage; None when the store cannot
        tell (the question is then answered from the passages)."""
        ...

    def prime_vectors(self, table: dict[str, np.ndarray]) -> None: ...


class QueryVectors:
    """Question vectors for either store: primed ones (``ragqa eval`` caches a benchmark's) first, the rest from
    the encoder, whose own LRU keeps recent questions."""

    embedder: Encoder

    def __init__(self, embedder: Encoder) -> None:
        self.embedder = embedder
        self._primed: dict[str, np.ndarray] = {}

    def query_vectors(self, texts: list[str]) -> np.ndarray:
        """Query vectors, one row per text (primed ones from the table, others cached by the embedder)."""
        fresh = [t for t in texts if t not in self._primed]
        with tracing.span("ragqa.encode_question", {"ragqa.questions": len(fresh)}):
            encoded = dict(zip(fresh, self.embedder.encode_queries(fresh))) if fresh else {}
        return np.stack([self._primed[t] if t in self._primed else encoded[t] for t in texts])

    def prime_vectors(self, table: dict[str, np.ndarray]) -> None:
        """Use already computed query vectors (e.g. cached by ``ragqa eval``)."""
        self._primed.update(table)
