"""Optional cross-encoder reranking of the fused candidates (off by default).

Why optional: a cross-encoder reads query and passage together and usually ranks better, but costs a
model pass per candidate and no reranker weights ship with ragqa; set ``RAGQA_RERANK_MODEL`` to a
sentence-transformers ``CrossEncoder`` name or folder to enable it.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from ragqa.embedding.encoder import ModelError
from ragqa.ingest.chunking import context_line
from ragqa.records import Chunk


class Reranker:
    """Scores (question, passage) pairs with a CrossEncoder and orders candidates by that score."""

    def __init__(self, model: str) -> None:
        if Path(model).exists():
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from sentence_transformers import CrossEncoder

        try:
            self._model = CrossEncoder(model, device="cpu")
        except Exception as exc:
            raise ModelError(
                f"cannot load reranker {model!r}: {exc}; set RAGQA_RERANK_MODEL to a local CrossEncoder folder "
                "or leave it empty to disable reranking"
            ) from exc
        self.name = model

    def scores(self, query: str, chunks: list[Chunk]) -> np.ndarray:
        """One relevance score per chunk (higher is better)."""
        if not chunks:
            return np.zeros(0, np.float32)
        pairs = [(query, f"{context_line(c.title, c.section)}: {c.text}") for c in chunks]
        out = self._model.predict(pairs, convert_to_numpy=True, show_progress_bar=False)
        out = np.asarray(out, dtype=np.float32)
        return out[:, -1] if out.ndim == 2 else out

    def order(self, query: str, chunks: list[Chunk]) -> np.ndarray:
        """Positions of ``chunks`` from most to least relevant (stable for ties)."""
        return np.argsort(-self.scores(query, chunks), kind="stable")
