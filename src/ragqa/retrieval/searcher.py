"""What the answer pipeline and the services need of a served index version, whichever store holds it.

``Retriever`` (the in-process FAISS + BM25 version) and ``EngineRetriever`` (a version in Milvus) both provide it,
so ``Services`` and ``AnswerPipeline`` hold an ``IndexHolder[Searcher]`` and never ask which store is configured.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from ragqa.index.store import LoadedIndex
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

    def corpus_view(self) -> CorpusView: ...

    def prime_vectors(self, table: dict[str, np.ndarray]) -> None: ...
