"""Keyword (BM25) search beside the dense index, over each chunk's title, source, date and text.

Why: MiniLM alone misses exact names, numbers and the "according to TechCrunch ... in October"
cues that questions carry; BM25 catches them. A version stores its BM25 indexes (``index.bm25``, written with
the version): they are memory-mapped on load. Versions written before that, or stored with another ``k1``/``b``
than the settings ask, are indexed in memory from the loaded chunks, as every version once was; the scores are
the same either way.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator, Mapping

import numpy as np

from ragqa.index import bm25 as stored
from ragqa.index.bm25 import DEFAULT_B, DEFAULT_K1, ChunkBM25, KeywordIndexes, SentenceBM25, date_words, keyword_text
from ragqa.index.store import LoadedIndex
from ragqa.ingest.words import terms
from ragqa.records import Chunk

__all__ = ["DEFAULT_B", "DEFAULT_K1", "KeywordIndex", "SentenceIndex", "date_words", "keyword_text", "tokenize"]

log = logging.getLogger(__name__)


def tokenize(text: str) -> list[str]:
    """Lowercase content words with plural folding (the same vocabulary as answer scoring)."""
    return terms(text)


class DocFreq(Mapping[str, int]):
    """Word -> number of chunks holding it, read from the chunk matrix (no per-word Python objects)."""

    def __init__(self, index: ChunkBM25) -> None:
        self._index = index

    def __getitem__(self, word: str) -> int:
        found = self._index.word_id(word)
        if found is None:
            raise KeyError(word)
        return int(self._index.doc_freq[found])

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._index.word_id(word) is not None

    def __iter__(self) -> Iterator[str]:
        bm25 = self._index.bm25
        return iter(w for w in (bm25.vocab_dict if bm25 is not None else {}) if w in self)

    def __len__(self) -> int:
        return len(self._index.doc_freq)


class KeywordIndex:
    """BM25 scores of a query against every chunk of one index version."""

    def __init__(
        self,
        chunks: list[Chunk] | None = None,
        k1: float = DEFAULT_K1,
        b: float = DEFAULT_B,
        *,
        indexes: KeywordIndexes | None = None,
    ) -> None:
        """Built in memory from ``chunks``, or over ``indexes`` already built (a version's stored ones)."""
        if indexes is None:
            indexes = stored.build(chunks or [], k1, b)
        self.stored = indexes.stored
        self._index = indexes.chunks
        self.size = indexes.chunks.size
        self.doc_freq = DocFreq(indexes.chunks)
        self.max_idf = self.idf("\x00never-seen")
        self._sentences = SentenceIndex(indexes=indexes.sentences)

    @classmethod
    def for_version(cls, index: LoadedIndex, k1: float = DEFAULT_K1, b: float = DEFAULT_B) -> KeywordIndex:
        """The version's stored indexes when they were computed with ``k1`` and ``b``, else built in memory."""
        kept = index.keyword
        if kept is not None and kept.k1 == k1 and kept.b == b:
            return cls(indexes=kept)
        if kept is not None:
            log.warning(
                "index version %s stores BM25 with k1=%s b=%s, the settings ask k1=%s b=%s: indexing in memory",
                index.version,
                kept.k1,
                kept.b,
                k1,
                b,
            )
        elif index.chunks:
            log.info(
                "index version %s stores no BM25 indexes (written before they were): indexing in memory", index.version
            )
        return cls(list(index.chunks), k1, b)  # every chunk built once, for the in-memory indexes

    def idf(self, term: str) -> float:
        """Smoothed inverse document frequency over the chunks; highest for words the corpus never uses."""
        return math.log(1 + (self.size + 1) / (self.doc_freq.get(term, 0) + 0.5))

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of ``query`` for every chunk (zeros when no query word is in the corpus)."""
        ids = [i for i in (self._index.word_id(t) for t in tokenize(query)) if i is not None]
        if not ids or self._index.bm25 is None:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._index.bm25.get_scores_from_ids(ids), dtype=np.float32)

    def sentence_scores(self, query: str) -> np.ndarray:
        """Each chunk's best single-sentence BM25 score for ``query`` (see ``SentenceIndex``)."""
        return self._sentences.best_scores(query)


class SentenceIndex:
    """BM25 over the single sentences of every chunk; a chunk scores as its best sentence.

    Why: evidence is often one sentence inside a 200-token chunk about something else, and
    chunk-level BM25 dilutes it. Adding the best sentence's score lifted MultiHop-RAG dev MAP@10 by
    about 0.02 and MRR@10 by 0.04 (docs/quality.md). 64,492 sentences for MultiHop-RAG's 7,475 chunks.
    """

    def __init__(
        self,
        chunks: list[Chunk] | None = None,
        k1: float = DEFAULT_K1,
        b: float = DEFAULT_B,
        *,
        indexes: SentenceBM25 | None = None,
    ) -> None:
        """Built in memory from ``chunks``, or over ``indexes`` already built."""
        if indexes is None:
            indexes = stored.build_sentence_bm25(chunks or [], k1, b)
        self.size = indexes.size
        self._bm25 = indexes.bm25
        self._owners = np.zeros(0, np.int64)  # the chunk row of each sentence row (stored in chunk order, in runs)
        if self._bm25 is not None and len(indexes.run_starts):
            total = int(self._bm25.scores["num_docs"])
            runs = np.diff(np.append(np.asarray(indexes.run_starts, np.int64), total))
            owner_type = np.int32 if self.size < 2**31 else np.int64  # 30 MB instead of 60 at a million chunks
            self._owners = np.repeat(np.asarray(indexes.run_chunks, owner_type), runs)

    def best_scores(self, query: str) -> np.ndarray:
        """The highest sentence score of each chunk (zeros when no query word is in any sentence).

        Only the sentences holding a query word (score > 0) are visited: each chunk keeps the maximum of its
        visited sentences, the others scoring 0. Why: a maximum over every chunk's run of sentences
        (``np.maximum.reduceat``, a million runs at a million chunks) took 30 ms a query (docs/benchmarks.md).
        """
        best = np.zeros(self.size, dtype=np.float32)
        if self._bm25 is None or not len(self._owners):
            return best
        vocab = self._bm25.vocab_dict
        ids = [vocab[t] for t in tokenize(query) if t in vocab]
        if ids:
            scores = np.asarray(self._bm25.get_scores_from_ids(ids), dtype=np.float32)
            touched = np.flatnonzero(scores > 0)  # BM25 scores are positive: exactly the sentences with a word
            np.maximum.at(best, self._owners[touched], scores[touched])
        return best
