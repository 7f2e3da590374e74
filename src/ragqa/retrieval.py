"""Search over one loaded index version: the question's vector against FAISS, best passages first."""

from __future__ import annotations

from dataclasses import dataclass

import faiss
import numpy as np

from ragqa.chunking import Chunk
from ragqa.embedding import Embedder
from ragqa.store import LoadedIndex

faiss.omp_set_num_threads(1)  # one query at a time is faster single-threaded on two cores (stack-facts)


@dataclass(frozen=True)
class Hit:
    """A retrieved passage and its cosine similarity to the query."""

    chunk: Chunk
    score: float


class Retriever:
    """Dense retrieval over one immutable index version (swapped whole on reload)."""

    def __init__(self, index: LoadedIndex, embedder: Embedder) -> None:
        self.index = index
        self.embedder = embedder

    @property
    def version(self) -> str:
        return self.index.version

    def search(self, query: str, top_k: int) -> list[Hit]:
        """The ``top_k`` passages closest to ``query``, best first."""
        vector = self.embedder.encode_query(query)
        return self.search_vector(vector, top_k)

    def search_vector(self, vector: np.ndarray, top_k: int) -> list[Hit]:
        """Nearest chunks to an already encoded query."""
        k = min(top_k, self.index.chunk_count)
        if k <= 0:
            return []
        scores, rows = self.index.faiss_index.search(vector.reshape(1, -1), k)
        return [Hit(self.index.chunks[int(r)], float(s)) for s, r in zip(scores[0], rows[0]) if r >= 0]
