"""Keyword (BM25) search beside the dense index, over each chunk's title, source, date and text.

Why: MiniLM alone misses exact names, numbers and the "according to Harbour Times ... in October"
cues that questions carry; BM25 catches them. A version stores its BM25 indexes (``index.bm25``, written with
the version): they are memory-mapped on load. Versions written before that, or stored with another ``k1``/``b``
than the settings ask, are indexed in memory from the loaded chunks, as every version once was; the scores are
the same either way.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ragqa.index import bm25 as stored
from ragqa.index.bm25 import DEFAULT_B, DEFAULT_K1, ChunkBM25, KeywordIndexes, SentenceBM25, date_words, keyword_text
from ragqa.index.store import LoadedIndex
from ragqa.ingest.words import terms
from ragqa.records import Chunk
from ragqa.retrieval.lexical import stem

__all__ = [
    "DEFAULT_B",
    "DEFAULT_K1",
    "KeywordIndex",
    "QueryWords",
    "SentenceIndex",
    "block_scores",
    "date_words",
    "keyword_text",
    "stats_blocks",
    "tokenize",
]

log = logging.getLogger(__name__)


def tokenize(text: str) -> list[str]:
    """Lowercase content words with plural folding (the same vocabulary as answer scoring)."""
    return terms(text)


STATS_BLOCKS = 64
"""The sample that standardizes best-sentence scores when not every sentence is scored: this many runs of
``STATS_BLOCK`` consecutive chunks (4,096 chunks) at fixed random places."""
STATS_BLOCK = 64


def _postings(matrix: Mapping[str, Any], token: int) -> tuple[np.ndarray, np.ndarray]:
    """The rows holding vocabulary id ``token`` (ascending) and their BM25 terms, from bm25s's CSC matrix."""
    indptr = np.asarray(matrix["indptr"])  # plain arrays: indexing a memmap builds a memmap each time
    start, end = int(indptr[token]), int(indptr[token + 1])
    return np.asarray(matrix["indices"][start:end]), np.asarray(matrix["data"][start:end])


def _plain(matrix: Mapping[str, Any]) -> dict[str, np.ndarray]:
    """bm25s's CSC arrays as plain ndarrays over the same memory (no copy). Why: slicing a memmap builds a memmap
    object each time, tens of microseconds over the 50 slices of a long question."""
    return {key: np.asarray(matrix[key]) for key in ("indptr", "indices", "data")}


def block_scores(matrix: Mapping[str, Any], tokens: Sequence[int], starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """BM25 of the rows of the ranges ``[starts[i], ends[i])`` (ascending), in order, for the vocabulary ids
    ``tokens``: bm25s's ``get_scores_from_ids`` at those rows, bit for bit (each token's terms added in token order,
    in float32), without scoring the other rows.

    Why ranges: a token's postings within a range are one slice of its posting list, found by two binary searches,
    so a sample of runs of chunks, or the sentences of a few hundred chunks, cost two searches a range and token."""
    sizes = ends - starts
    out = np.zeros(int(sizes.sum()), np.float32)
    offset = np.cumsum(sizes) - sizes - starts  # a row's place in ``out``, less the row
    found: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    kind = np.asarray(matrix["indices"][:0]).dtype
    bounds = np.concatenate([starts, ends])
    if len(bounds) and np.can_cast(np.min_scalar_type(int(bounds.max())), kind):
        bounds = bounds.astype(kind)  # as the postings: int64 bounds made searchsorted convert the list (5x slower)
    order = np.argsort(bounds, kind="stable")
    ascending, back = bounds[order], np.argsort(order)  # searched in order: a third faster through a long list
    for token in tokens:
        if token not in found:
            posting, data = _postings(matrix, token)
            lo, hi = np.split(np.searchsorted(posting, ascending)[back], 2)
            counts = hi - lo
            hits = np.arange(int(counts.sum())) + np.repeat(lo - np.cumsum(counts) + counts, counts)
            found[token] = posting[hits] + np.repeat(offset, counts), data[hits]
        places, values = found[token]
        out[places] += values
    return out


def stats_blocks(rows: int) -> tuple[np.ndarray, np.ndarray]:
    """The fixed sample of ``STATS_BLOCKS`` runs of ``STATS_BLOCK`` chunks (every chunk, when that is fewer)."""
    if rows <= STATS_BLOCKS * STATS_BLOCK:
        return np.zeros(1, np.int64), np.full(1, rows, np.int64)
    starts = np.sort(np.random.default_rng(0).choice(rows // STATS_BLOCK, STATS_BLOCKS, replace=False))
    starts = starts.astype(np.int64) * STATS_BLOCK
    return starts, starts + STATS_BLOCK


def _stats(scores: np.ndarray) -> tuple[float, float]:
    """Mean and deviation as ``fusion.score_stats`` computes them."""
    return (float(scores.mean()), float(scores.std())) if len(scores) else (0.0, 0.0)


@dataclass(frozen=True)
class _Runs:
    """Sentence rows to score, ``[starts[i], ends[i])``, and where their best scores go: output ``targets[j]`` (of
    ``size``) is the best of the scored sentences from place ``at[j]`` to ``at[j + 1]`` (in range order)."""

    starts: np.ndarray
    ends: np.ndarray
    at: np.ndarray
    targets: np.ndarray
    size: int


@dataclass(frozen=True)
class QueryWords:
    """A query's vocabulary ids in the chunk and the sentence index (in query order, repeats kept as bm25s's)."""

    chunk: list[int]
    sentence: list[int]


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
        self._blocks: tuple[np.ndarray, np.ndarray] | None = None
        self._block_runs: _Runs | None = None
        self._matrix = _plain(self._index.bm25.scores) if self._index.bm25 is not None else None
        self._stemmed: dict[str, tuple[str, ...]] | None = None

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
        return self.chunk_scores([i for i in (self._index.word_id(t) for t in tokenize(query)) if i is not None])

    def chunk_scores(self, ids: Sequence[int]) -> np.ndarray:
        """BM25 of every chunk for the chunk index's vocabulary ids ``ids`` (``words(query).chunk``)."""
        scores = np.zeros(self.size, dtype=np.float32)
        if self._matrix is None:
            return scores
        for token in ids:  # bm25s's ``get_scores_from_ids``, bit for bit, without concatenating the postings first
            rows, values = _postings(self._matrix, token)
            np.add.at(scores, rows.astype(np.intp), values)  # 20% faster than with bm25s's int32 rows, copy included
        return scores

    def rows_with(self, words: Sequence[str]) -> np.ndarray:
        """The chunk rows holding every one of ``words`` (``tokenize``'s vocabulary) in some form ("investing" also
        as "invest", "invested", "investment": the corpus's words of its Snowball stem), ascending: unions and
        intersections of their posting lists, no score computed."""
        rows: np.ndarray | None = None
        for word in words:
            forms = {word, *self._forms().get(stem(word), ())}
            tokens = [t for t in (self._index.word_id(f) for f in sorted(forms)) if t is not None]
            if not tokens or self._matrix is None:
                return np.zeros(0, np.int64)
            matrix = self._matrix
            found = np.unique(np.concatenate([_postings(matrix, t)[0] for t in tokens]))
            rows = found if rows is None else np.intersect1d(rows, found, assume_unique=True)
        return np.zeros(0, np.int64) if rows is None else rows.astype(np.int64)

    def _forms(self) -> dict[str, tuple[str, ...]]:
        """Stem -> the corpus's words of that stem (built on first need: the vocabulary stemmed once)."""
        if self._stemmed is None:
            bm25 = self._index.bm25
            grouped: dict[str, list[str]] = {}
            for word in bm25.vocab_dict if bm25 is not None else ():
                if word:
                    grouped.setdefault(stem(word), []).append(word)
            self._stemmed = {key: tuple(words) for key, words in grouped.items()}
        return self._stemmed

    def sentence_scores(self, query: str) -> np.ndarray:
        """Each chunk's best single-sentence BM25 score for ``query`` (see ``SentenceIndex``)."""
        return self._sentences.best_scores(query)

    def words(self, query: str) -> QueryWords:
        """The query's word ids in both indexes (tokenized once, for ``chunk_scores`` and the sentence calls)."""
        tokens = tokenize(query)
        chunk = [i for i in (self._index.word_id(t) for t in tokens) if i is not None]
        return QueryWords(chunk, self._sentences.word_ids(tokens))

    def sentence_scores_at(self, words: QueryWords, rows: np.ndarray) -> np.ndarray:
        """``sentence_scores`` at ``rows`` (ascending) only, bit for bit, scoring their sentences alone."""
        return self._sentences.best_at(words.sentence, rows)

    def sentence_stats(self, words: QueryWords, rows: np.ndarray | None = None) -> tuple[float, float]:
        """Mean and deviation of the best-sentence scores over a fixed sample of chunks (``stats_blocks``), or
        over ``rows``: what standardizes them when only candidates are scored, as a sample does for the dense
        scores. Why: the exact statistics need every chunk's best sentence (7.5M sentences at a million chunks)."""
        if rows is not None:
            return _stats(self._sentences.best_at(words.sentence, rows))
        if self._blocks is None:
            self._blocks = stats_blocks(self.size)
        return _stats(self._sentences.best_in(words.sentence, *self._blocks))

    def sentence_scores_and_stats(
        self, words: QueryWords, rows: np.ndarray, sample: np.ndarray | None = None
    ) -> tuple[np.ndarray, tuple[float, float]]:
        """``sentence_scores_at(words, rows)`` and ``sentence_stats(words, sample)``, bit for bit, from one pass over
        the words' postings. Why: at a million chunks each pass costs about 40 microseconds a word, and the layout
        of the fixed sample's sentences is worked out once, not every search."""
        sentences = self._sentences
        if sample is None:
            if self._block_runs is None:
                self._block_runs = sentences.block_runs(*stats_blocks(self.size))
            runs = self._block_runs
        else:
            runs = sentences.chunk_runs(sample)
        best, stats = sentences.best_of(words.sentence, [sentences.chunk_runs(rows), runs])
        return best, _stats(stats)


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
        self._run_chunks = np.zeros(0, np.int64)  # chunks with sentences, ascending
        self._run_starts = np.zeros(1, np.int64)  # their first sentence rows, then the sentence count
        self._owners = np.zeros(0, np.int64)  # the chunk row of each sentence row (stored in chunk order, in runs)
        if self._bm25 is not None and len(indexes.run_starts):
            total = int(self._bm25.scores["num_docs"])
            runs = np.diff(np.append(np.asarray(indexes.run_starts, np.int64), total))
            owner_type = np.int32 if self.size < 2**31 else np.int64  # 30 MB instead of 60 at a million chunks
            self._owners = np.repeat(np.asarray(indexes.run_chunks, owner_type), runs)
            self._run_chunks = np.asarray(indexes.run_chunks, np.int64)
            self._run_starts = np.append(np.asarray(indexes.run_starts, np.int64), total)  # with the end
        self._matrix = _plain(self._bm25.scores) if self._bm25 is not None else {}

    def word_ids(self, tokens: list[str]) -> list[int]:
        """The sentence index's ids of ``tokens`` (those it holds)."""
        if self._bm25 is None:
            return []
        vocab = self._bm25.vocab_dict
        return [vocab[t] for t in tokens if t in vocab]

    def best_at(self, tokens: Sequence[int], chunks: np.ndarray) -> np.ndarray:
        """``best_scores`` at ``chunks`` (ascending; a sample may repeat one) only, bit for bit: each chunk's run of
        sentences is scored through the postings (``block_scores``)."""
        if self._bm25 is None or not len(self._run_chunks) or not tokens or not len(chunks):
            return np.zeros(len(chunks), np.float32)
        return self.best_of(tokens, [self.chunk_runs(chunks)])[0]

    def best_in(self, tokens: Sequence[int], starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
        """``best_scores`` of the chunks in the ranges ``[starts[i], ends[i])``, in order (see ``block_scores``)."""
        if self._bm25 is None or not len(self._run_chunks) or not tokens:
            return np.zeros(int((ends - starts).sum()), np.float32)
        return self.best_of(tokens, [self.block_runs(starts, ends)])[0]

    def chunk_runs(self, chunks: np.ndarray) -> _Runs:
        """The sentence runs of ``chunks`` (ascending, repeats allowed), for ``best_of``: one output per chunk."""
        if not len(self._run_chunks):
            empty = np.zeros(0, np.int64)
            return _Runs(empty, empty, empty, empty, len(chunks))
        run = np.searchsorted(self._run_chunks, chunks)
        has = run < len(self._run_chunks)
        has[has] = self._run_chunks[run[has]] == chunks[has]
        run = run[has]  # every run holds at least one sentence
        starts, ends = self._run_starts[run], self._run_starts[run + 1]
        return _Runs(starts, ends, np.cumsum(ends - starts) - (ends - starts), np.flatnonzero(has), len(chunks))

    def block_runs(self, starts: np.ndarray, ends: np.ndarray) -> _Runs:
        """The sentences of the chunks in the ranges ``[starts[i], ends[i])``, for ``best_of``: one output per chunk
        of the ranges, in order."""
        size = int((ends - starts).sum())
        if not len(self._run_chunks):
            empty = np.zeros(0, np.int64)
            return _Runs(empty, empty, empty, empty, size)
        first = self._run_starts[np.searchsorted(self._run_chunks, starts)]
        last = self._run_starts[np.searchsorted(self._run_chunks, ends)]
        owners = np.concatenate([self._owners[a:b] for a, b in zip(first.tolist(), last.tolist())]).astype(np.int64)
        places = owners - np.repeat(starts - (np.cumsum(ends - starts) - (ends - starts)), last - first)
        at = np.flatnonzero(np.diff(places, prepend=-1))
        return _Runs(first, last, at, places[at], size)

    def best_of(self, tokens: Sequence[int], runs: Sequence[_Runs]) -> list[np.ndarray]:
        """The best sentence scores each of ``runs`` asks for, from one ``block_scores`` over all their ranges
        (each sentence's score is the same sum in the same order whatever else is scored beside it)."""
        out = [np.zeros(r.size, np.float32) for r in runs]
        if self._bm25 is None or not tokens:
            return out
        scores = block_scores(
            self._matrix, tokens, np.concatenate([r.starts for r in runs]), np.concatenate([r.ends for r in runs])
        )
        offset = 0
        for best, r in zip(out, runs):
            count = int((r.ends - r.starts).sum())
            if len(r.at):
                best[r.targets] = np.maximum.reduceat(scores[offset : offset + count], r.at)
            offset += count
        return out

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
