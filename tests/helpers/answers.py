"""Answers and index holders in-process, built the way ``Services`` builds them."""

from __future__ import annotations

import asyncio
from pathlib import Path


def ask(services, question: str, top_k: int | None = None):
    """One answer through the one answer pipeline (what ``/ask`` and ``ragqa ask`` do)."""
    return asyncio.run(services.pipeline.answer(question, top_k, history=[]))


def holder_for(index: Path, embedder):
    """An ``IndexHolder`` of ``index`` serving ``Retriever`` objects with ``embedder``, as ``Services`` builds it."""
    from ragqa.index.holder import IndexHolder
    from ragqa.retrieval.retriever import Retriever

    return IndexHolder(index, embedder.name, embedder.dimension, lambda loaded: Retriever(loaded, embedder))
