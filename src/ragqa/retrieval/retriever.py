"""Search over one loaded index version: dense (FAISS vectors) and keyword (BM25) scores, fused.

With a flat (exact) index every chunk is scored both ways (a matrix-vector product over FAISS's own storage
and a BM25 lookup, a few milliseconds for tens of thousands of chunks), so metadata filters are a mask applied
before ranking, and the fusion is the tuned blend in ``fusion.hybrid_scores`` (see docs/quality.md).

With an approximate index (HNSW, IVF: ``index.ann``) only candidates are fused: the dense top
``ann_candidates`` from FAISS (the filter mask passed as an ID selector) together with the BM25 and best-sentence
top as many, within the filter and within each source or period the question names. Candidates get their exact
dense, BM25 and best-sentence scores; dense scores are standardized with the mean and deviation of a fixed sample
of the (filtered) collection. Above ``WHOLE_LEXICAL_ROWS`` chunks the sentences are never all scored: the
best-sentence candidates are among the BM25 top ``RESCORE_POOL`` times as many, and best-sentence scores are
standardized by a fixed sample too. A filter that leaves at most ``ann_threshold`` chunks is scored exactly over
those chunks, so a narrow filter still returns ``top_k``.
"""

from __future__ import annotations

import logging
from concurrent.futures import Executor, Future
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

import faiss
import numpy as np
from threadpoolctl import threadpool_limits

from ragqa.config import Settings
from ragqa.embedding.encoder import Encoder
from ragqa.index.ann import DenseSearcher, exact_view
from ragqa.index.chunk_table import chunk_columns, chunks_at
from ragqa.index.store import LoadedIndex
from ragqa.observability import tracing
from ragqa.records import CorpusView, Hit
from ragqa.retrieval import fusion
from ragqa.retrieval import query as query_cues
from ragqa.retrieval.filters import FilterColumns, Filters, day_key
from ragqa.retrieval.keyword import KeywordIndex, tokenize
from ragqa.retrieval.searcher import QueryVectors

log = logging.getLogger(__name__)

WHOLE_LEXICAL_ROWS = 100_000
"""An approximate index over at most this many chunks scores every chunk and sentence (exact statistics and
candidates, as before): up to there that is as fast as the sampled path or faster (docs/benchmarks.md)."""
RESCORE_POOL = 2
"""With an approximate index, the BM25 top ``RESCORE_POOL * ann_candidates`` are candidates, and the best-sentence
candidates are among them: every sentence is never scored (docs/benchmarks.md measures what this changes)."""

SCORED_ROWS = 16_384
"""Above ``WHOLE_LEXICAL_ROWS`` chunks, a filter or period of at most this many chunks (a named day: 5,700 at a
million) gets its dense candidates by scoring each of its rows from the kept codes (``DenseSearcher.keep_codes``):
1.4 ms for a day, where FAISS's scan of every list with the rows as a selector took 6.5 ms."""

STATS_SAMPLE = 4096
"""Rows whose exact dense scores give the mean and deviation that standardize an approximate index's scores."""
WORDS_CACHED = 256
"""Words a filtered ``corpus_view`` remembers whether the filters' passages use: a question's few, asked again by
each reading of its evidence."""


def limit_threads() -> None:
    """Start-up setting for a serving process: one FAISS and one BLAS thread.

    One query at a time is faster single-threaded on two cores (stack-facts). numpy's OpenBLAS threads spin
    after each matrix-vector product and starve the encoder's threads: with two BLAS threads a query's encode
    took 39 ms inside search vs 19 ms alone (docs/benchmarks.md). Process-wide, so it is called by whoever
    starts the process (``Services.build``), never at import.
    """
    faiss.omp_set_num_threads(1)
    threadpool_limits(1, user_api="blas")


def _quick_stats(scores: np.ndarray, mask: np.ndarray | None) -> tuple[float, float]:
    """``fusion.score_stats`` of a long array without a mask, from its sum and its (BLAS) dot product with itself:
    a third of the time of ``mean`` and ``std`` (0.2 vs 0.7 ms at a million), the deviation within about 1e-5."""
    if mask is not None or not len(scores):
        return fusion.score_stats(scores, mask)
    mean = float(scores.sum()) / len(scores)
    return mean, max(float(np.dot(scores, scores)) / len(scores) - mean * mean, 0.0) ** 0.5


@dataclass(frozen=True)
class _Lexical:
    """The scores of one text that need no query vector (see ``Retriever._lexical``)."""

    keyword: np.ndarray
    sentence: np.ndarray | None
    sources: np.ndarray | None
    days: np.ndarray | None
    documents: np.ndarray | None = None


@dataclass(frozen=True)
class _Ranked:
    """A search's scores: of every chunk (``rows`` None), or of the candidate ``rows`` of an approximate index
    (sorted)."""

    rows: np.ndarray | None
    scores: np.ndarray
    dense: np.ndarray
    keyword: np.ndarray


@dataclass(frozen=True)
class RetrievalOptions:
    """How passages are ranked: the ranking fields of ``Settings``, whose defaults (tuned in docs/quality.md)
    are the only ones; ``from_settings(Settings())`` gives them."""

    hybrid: bool
    keyword_weight: float
    sentence_weight: float
    keyword_k1: float
    keyword_b: float
    source_boost: float
    date_boost: float
    document_boost: float
    source_picks: int
    per_doc_cap: int
    rerank_model: str
    rerank_candidates: int
    ann_candidates: int = 200
    ann_exact_rows: int = 100_000
    ann_ef_search: int | None = None
    ann_nprobe: int | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> RetrievalOptions:
        return cls(
            hybrid=settings.hybrid_search,
            keyword_weight=settings.keyword_weight,
            sentence_weight=settings.sentence_weight,
            keyword_k1=settings.keyword_k1,
            keyword_b=settings.keyword_b,
            source_boost=settings.source_boost,
            date_boost=settings.date_boost,
            document_boost=settings.document_boost,
            source_picks=settings.source_picks,
            per_doc_cap=settings.per_doc_cap,
            rerank_model=settings.rerank_model,
            rerank_candidates=settings.rerank_candidates,
            ann_candidates=settings.ann_candidates,
            ann_exact_rows=settings.ann_threshold,
            ann_ef_search=settings.ann_ef_search,
            ann_nprobe=settings.ann_nprobe,
        )


class Retriever(QueryVectors):
    """Hybrid retrieval over one immutable index version (swapped whole on reload)."""

    def __init__(
        self,
        index: LoadedIndex,
        embedder: Encoder,
        options: RetrievalOptions | None = None,
        executor: Executor | None = None,
    ) -> None:
        """``executor`` encodes questions while the searching thread scores their words; without one the
        question is encoded first, on the searching thread."""
        self.index = index
        super().__init__(embedder)
        self.options = options or RetrievalOptions.from_settings(Settings())
        self._executor = executor
        chunks = index.chunks
        ann = index.manifest.ann_params
        self._searcher: DenseSearcher | None = None
        self._vectors = np.zeros((0, embedder.dimension), np.float32)
        if chunks and ann.kind != "flat":
            self._searcher = DenseSearcher(index.faiss_index, ann, self.options.ann_ef_search, self.options.ann_nprobe)
            rng = np.random.default_rng(0)
            size = min(len(chunks), STATS_SAMPLE)
            self._sample = np.sort(rng.choice(len(chunks), size, replace=False))
            self._sample_vectors = self._searcher.vectors_at(self._sample)  # ~6 MB, saves a gather a query
            self._moments: tuple[np.ndarray, np.ndarray] | None = None
            if len(chunks) > WHOLE_LEXICAL_ROWS:
                self._searcher.keep_codes()
                sample = self._sample_vectors.astype(np.float64)
                self._moments = (sample.mean(axis=0), np.cov(sample, rowvar=False, bias=True))
        elif chunks:
            # no copy: FAISS's own storage (a product over it is as fast as FAISS's search and gives every score)
            view = exact_view(index.faiss_index)
            self._vectors = view if view is not None else index.vectors()
        self._keyword = (
            KeywordIndex.for_version(index, self.options.keyword_k1, self.options.keyword_b)
            if self.options.hybrid
            else None
        )
        # the fields every chunk's mask or cap needs, read as columns (no ``Chunk`` objects: see ``ChunkTable``)
        doc_ids, source, category, published_at = chunk_columns(
            chunks, ("doc_id", "source", "category", "published_at")
        )
        self.columns = FilterColumns.from_columns(source, category, published_at)
        self._doc_ids = doc_ids
        self.documents = {d.doc_id: d for d in index.document_records}
        self._file_names = query_cues.FileNames(self.documents)
        # each chunk's document as a number, built with the version (not on the first question naming a file)
        self._doc_codes = np.zeros(0, np.int32)
        self._doc_number: dict[str, int] = {}
        if self._file_names:
            listed, codes = np.unique(np.asarray(doc_ids, dtype=object), return_inverse=True)
            self._doc_number = {str(doc_id): n for n, doc_id in enumerate(listed)}
            self._doc_codes = codes.astype(np.int32)
        self._word_spread: dict[str, bool] = {}
        self.sources = sorted({s for s in set(source) if s})
        self._source_masks: dict[str, np.ndarray] = {}
        self._reranker = None
        if self.options.rerank_model:
            from ragqa.retrieval.rerank import Reranker

            self._reranker = Reranker(self.options.rerank_model)

    @property
    def version(self) -> str:
        return self.index.version

    def corpus_view(self, filters: Filters | None = None) -> CorpusView:
        """The corpus facts abstention checks: its vocabulary (with keyword search on) and its sources.

        With ``filters``, a word is used only when a passage they admit uses it (in some form): a question is judged
        as over a collection of those documents alone. Why: "what was decided about bonfires" before a notice saying
        "the Committee has decided" was published counted "decided" as the word the minutes' "It was agreed that
        bonfires will be banned" lacks, and abstained, although the range leaves no passage saying it."""
        keyword = self._keyword
        if keyword is None:
            return CorpusView(None, self.sources)
        mask = self.columns.mask(filters)
        has_term = keyword.doc_freq.__contains__
        if mask is not None:
            admitted = mask

            @lru_cache(maxsize=WORDS_CACHED)
            def has_term(word: str) -> bool:
                return word in keyword.doc_freq and bool(admitted[keyword.rows_with([word])].any())

        return CorpusView(has_term, self.sources, keyword.idf, keyword.doc_freq)

    def mentioning(self, words: list[str]) -> list[str] | None:
        """The documents with a chunk holding every one of ``words`` (``keyword.tokenize``'s), in index order;
        None without keyword search (nothing to tell from)."""
        if self._keyword is None:
            return None
        return list(dict.fromkeys(self._doc_ids[int(r)] for r in self._keyword.rows_with(words)))

    def keyword_scores(self, query: str) -> np.ndarray:
        """BM25 score of the query for every chunk (zeros when keyword search is off)."""
        if self._keyword is None:
            return np.zeros(self.index.chunk_count, np.float32)
        return self._keyword.scores(query)

    def metadata_mask(self, text: str) -> np.ndarray | None:
        """Chunks whose source the text names ("according to Harbour Times ..."), or None."""
        named = query_cues.attributed(text, self.sources)
        if not named:
            return None
        return self.source_mask(named)

    def source_mask(self, sources: set[str] | list[str]) -> np.ndarray:
        """Chunks from any of these sources (one cached mask per source: an isin over strings is slow). Read-only:
        one source's mask is the cached array itself (a copy of a million flags cost 0.1 ms, several a search)."""
        masks = []
        for source in sources:
            if source not in self._source_masks:
                found = np.isin(self.columns.source, [source.strip().lower()])
                found.flags.writeable = False
                self._source_masks[source] = found
            masks.append(self._source_masks[source])
        if len(masks) == 1:
            return masks[0]
        return np.logical_or.reduce(masks) if masks else np.zeros(self.index.chunk_count, bool)

    def named_mask(self, text: str) -> np.ndarray | None:
        """Chunks of the documents the text names by a word of their file name ("widget3": Widget-3.1.txt), or None."""
        if self._keyword is None or not self._file_names:
            return None
        named = query_cues.named_files(text, self._file_names, self._distinctive)
        if not named:
            return None
        wanted = [self._doc_number[doc_id] for doc_id in named if doc_id in self._doc_number]  # chunkless: none
        return np.isin(self._doc_codes, wanted) if wanted else None

    def _distinctive(self, word: str) -> bool:
        """Whether at most half of the documents use ``word`` ("python" in a folder of Python READMEs is not)."""
        if word not in self._word_spread:
            words = tokenize(word)
            self._word_spread[word] = bool(words) and len(self.mentioning(words) or []) * 2 <= len(self.documents)
        return self._word_spread[word]

    def day_mask(self, text: str) -> np.ndarray | None:
        """Chunks published within a period the text names ("on October 2, 2023", "in late June 2020"), or None."""
        periods = query_cues.mentioned_dates(text, yearless=True, today=date.today())
        if not periods:
            return None
        first, last = self.columns.first_day, self.columns.last_day  # 0: no date, below every period
        masks = []
        for start, end in periods:
            if start.startswith(query_cues.YEARLESS):  # that day of any year: compare MMDD of dates with a day
                month_day = np.where(first == last, first % 10000, 0)  # 0: no day, below every day of a year
                masks.append((month_day >= day_key(start)) & (month_day <= day_key(end)))
            else:  # periods sharing a day: a month-dated chunk is within "late September 2022"
                masks.append((first > 0) & (first <= day_key(end)) & (last >= day_key(start)))
        return np.logical_or.reduce(masks)

    def _lexical(self, text: str, scored: bool = True) -> _Lexical:
        """Everything of a text's score that needs no query vector: BM25, best sentence, named sources and days.
        Not ``scored``: the named sources and days only (``keyword`` empty, ``sentence`` None)."""
        o = self.options
        with tracing.span("ragqa.keyword_search"):
            return _Lexical(
                keyword=self.keyword_scores(text) if scored else np.zeros(0, np.float32),
                sentence=(
                    self._keyword.sentence_scores(text)
                    if scored and o.sentence_weight and self._keyword is not None
                    else None
                ),
                sources=self.metadata_mask(text) if o.source_boost else None,
                days=self.day_mask(text) if o.date_boost else None,
                documents=self.named_mask(text) if o.document_boost else None,
            )

    def _fused(
        self,
        lexical: _Lexical,
        dense: np.ndarray,
        mask: np.ndarray | None,
        dense_stats: tuple[float, float] | None = None,
        rows: np.ndarray | None = None,
        lexical_stats: tuple[tuple[float, float], tuple[float, float] | None] | None = None,
    ) -> np.ndarray:
        """Hybrid score of every chunk, or of ``rows`` only: chunks from the sources the question attributes to
        gain ``source_boost``, chunks published in the periods it names ``date_boost``, chunks of the documents it
        names by their file names ``document_boost``. With ``rows`` (an
        approximate index's candidates, all within the filter) ``dense``, ``lexical.keyword`` and
        ``lexical.sentence`` hold those rows' scores, standardized with ``dense_stats`` and ``lexical_stats``
        (BM25, best sentence: see ``_rank_candidates``)."""
        o = self.options
        keyword, sentence = lexical.keyword, lexical.sentence
        keyword_stats = sentence_stats = None
        sources, days, documents = lexical.sources, lexical.days, lexical.documents
        if rows is not None:
            assert lexical_stats is not None
            keyword_stats, sentence_stats = lexical_stats
            sources = sources[rows] if sources is not None else None
            days = days[rows] if days is not None else None
            documents = documents[rows] if documents is not None else None
            mask = None
        scores = fusion.hybrid_scores(
            dense,
            keyword,
            o.keyword_weight,
            mask,
            sentence=sentence,
            sentence_weight=o.sentence_weight,
            dense_stats=dense_stats,
            keyword_stats=keyword_stats,
            sentence_stats=sentence_stats,
        )
        if o.source_boost and sources is not None:
            scores = scores + o.source_boost * sources
        if o.date_boost and days is not None:
            scores = scores + o.date_boost * days
        if o.document_boost and documents is not None:
            scores = scores + o.document_boost * documents
        return scores

    def rank(
        self, query: str, mask: np.ndarray | None = None, depth: int = 0
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(ranking scores, dense cosines, BM25 scores) of every chunk.

        With an approximate index only candidates (at least ``depth`` dense ones) are scored; the others rank
        and score ``-inf`` (see ``_rank_candidates``).

        Splitting compound questions into clauses ranked better on MultiHop-RAG alone (its question templates)
        and changed nothing elsewhere, so it was removed (docs/quality.md).

        The question is encoded on another thread while this one scores its words (the encoder releases the
        GIL): on two cores an int8 search took 11.8 ms instead of 13.9 (docs/benchmarks.md).
        """
        ranked = self._ranked(query, mask, depth)
        if ranked.rows is None:
            return ranked.scores, ranked.dense, ranked.keyword
        n = self.index.chunk_count
        scores = np.full(n, -np.inf, np.float32)
        dense = np.full(n, -np.inf, np.float32)
        scores[ranked.rows], dense[ranked.rows] = ranked.scores, ranked.dense
        return scores, dense, self.keyword_scores(query_cues.keyword_text(query))

    def _ranked(self, query: str, mask: np.ndarray | None, depth: int) -> _Ranked:
        """``rank``'s scores: of every chunk with an exact index, of the candidates only with an approximate one."""
        o = self.options
        if self._searcher is not None:
            return self._rank_candidates(query, mask, depth)
        if not o.hybrid:
            q = self.query_vectors([query])[0]
            with tracing.span("ragqa.dense_search", {"ragqa.index_kind": "flat"}):
                dense = self._vectors @ q
            return _Ranked(None, dense, dense, np.zeros_like(dense))
        vector: Future[np.ndarray] | None = None
        if self._executor is not None:
            vector = self._executor.submit(tracing.in_this_context(self.query_vectors), [query])
        # a trailing aside (a follow-up's earlier question) steers the dense side only
        words = query_cues.keyword_text(query)
        question = self._lexical(words)
        q = (vector.result() if vector is not None else self.query_vectors([query]))[0]
        with tracing.span("ragqa.dense_search", {"ragqa.index_kind": "flat"}):
            dense = self._vectors @ q
        return _Ranked(None, self._fused(question, dense, mask), dense, question.keyword)

    def _rank_candidates(self, query: str, mask: np.ndarray | None, depth: int) -> _Ranked:
        """``rank`` over an approximate index: candidates are the dense, BM25 and best-sentence top
        ``max(ann_candidates, depth)`` within the filter and within each source or period the question names (the
        ones boosts and ``heads`` favour); they get exact scores and are fused alone (every candidate is within the
        filter). Above ``WHOLE_LEXICAL_ROWS`` chunks no search scores every sentence (7.5M at a million chunks:
        half of a 48 ms search, docs/benchmarks.md): the best-sentence candidates are the BM25 top
        ``RESCORE_POOL * want``, their best sentences are scored through the postings, and a fixed sample gives
        the statistics that standardize them (``KeywordIndex.sentence_stats``)."""
        o = self.options
        assert self._searcher is not None
        vector: Future[np.ndarray] | None = None
        if self._executor is not None and o.hybrid:
            vector = self._executor.submit(tracing.in_this_context(self.query_vectors), [query])
        words = query_cues.keyword_text(query)
        whole = self.index.chunk_count <= WHOLE_LEXICAL_ROWS
        question = self._lexical(words, scored=whole) if o.hybrid else None
        keyword = self._keyword if question is not None else None
        terms = keyword.words(words) if keyword is not None else None
        q = (vector.result() if vector is not None else self.query_vectors([query]))[0]
        want = max(o.ann_candidates, depth)
        within: list[tuple[np.ndarray | None, str | None]] = [(mask, None)]  # (rows, the source they are if named)
        if question is not None:
            named = query_cues.attributed(query, self.sources) | query_cues.attributed(words, self.sources)
            for source in sorted(named):
                only = self.source_mask([source])
                within.append((only, source) if mask is None else (only & mask, None))
            if question.days is not None:
                within.append((question.days if mask is None else question.days & mask, None))
        rows = []
        with tracing.span("ragqa.dense_search", {"ragqa.index_kind": self.index.manifest.ann_params.kind}):
            shared = not whole and (len(within) > 1 or mask is not None)  # else FAISS's own coarse step is cheaper
            order = self._searcher.probe_order(q) if shared else None
            for subset, source_name in within:
                if order is not None:
                    rows.append(self._listed_candidates(q, want, order, subset, source_name))
                else:
                    rows.append(self._dense_candidates(q, want, subset, source_name))
        sentences = bool(o.sentence_weight)
        scores = question.keyword if question is not None else np.zeros(0, np.float32)
        if question is not None and whole:
            for subset, _ in within:
                rows.append(fusion.top_indices(question.keyword, want, subset))
                if question.sentence is not None:
                    rows.append(fusion.top_indices(question.sentence, want, subset))
        elif keyword is not None and terms is not None:
            with tracing.span("ragqa.keyword_search"):
                scores = keyword.chunk_scores(terms.chunk)
                pool = RESCORE_POOL * want if sentences else want
                rows += [fusion.top_indices(scores, pool, subset) for subset, _ in within]
        candidates = np.unique(np.concatenate(rows)).astype(np.int64)
        dense = self._searcher.scores_at(q, candidates)
        if question is None or keyword is None or terms is None:
            return _Ranked(candidates, dense, dense, np.zeros(len(candidates), np.float32))
        sample = self._stats_rows(mask)
        with tracing.span("ragqa.keyword_search"):
            if whole:  # every sentence scored: the exact statistics, as the flat path's
                best = question.sentence
                best_stats = fusion.score_stats(best, mask) if best is not None else None
                best = best[candidates] if best is not None else None
            elif sentences:
                best, best_stats = keyword.sentence_scores_and_stats(terms, candidates, sample)
            else:
                best = best_stats = None
            lexical_stats = (fusion.score_stats(scores, mask) if whole else _quick_stats(scores, mask), best_stats)
            question = replace(question, keyword=scores[candidates], sentence=best)
        fused = self._fused(
            question, dense, mask, self._dense_stats(q, sample), rows=candidates, lexical_stats=lexical_stats
        )
        return _Ranked(candidates, fused.astype(np.float32), dense, question.keyword)

    def _dense_candidates(
        self, q: np.ndarray, want: int, subset: np.ndarray | None, source: str | None = None
    ) -> np.ndarray:
        """The dense top ``want`` within ``subset``: by the approximate index, or by brute force over the subset
        when it holds at most ``ann_exact_rows`` chunks or the approximate search found too few in it.
        ``source``: ``subset`` is exactly that source's chunks (the searcher keeps a copy of them to scan)."""
        assert self._searcher is not None
        count = self.index.chunk_count if subset is None else int(np.count_nonzero(subset))
        if count == 0:
            return np.zeros(0, np.int64)
        if subset is not None and count <= self.options.ann_exact_rows:
            return self._searcher.exact_top(q, want, subset, source)[0]
        rows, _ = self._searcher.top(q, want, subset)
        if len(rows) < min(want, count):
            rows, _ = self._searcher.exact_top(q, want, subset)
        return rows

    def _listed_candidates(
        self,
        q: np.ndarray,
        want: int,
        order: tuple[np.ndarray, np.ndarray],
        subset: np.ndarray | None,
        source: str | None,
    ) -> np.ndarray:
        """``_dense_candidates`` of an IVF index over more than ``WHOLE_LEXICAL_ROWS`` chunks: every search of the
        question probes the lists of one coarse ranking (``order``), and a named source's copy is searched through
        its nearest lists, not scanned whole (``DenseSearcher.lists_top``)."""
        assert self._searcher is not None
        count = self.index.chunk_count if subset is None else int(np.count_nonzero(subset))
        if count == 0:
            return np.zeros(0, np.int64)
        small = subset is not None and count <= self.options.ann_exact_rows
        if source is not None and small:
            rows = self._searcher.lists_top(q, want, order, subset, source)[0]
            if len(rows) < min(want, count):  # a source far from the question: every list of its copy
                rows = self._searcher.lists_top(q, want, order, subset, source, every=True)[0]
            return rows
        if subset is not None and count <= SCORED_ROWS and self._searcher.keeps_codes:
            inside = np.flatnonzero(subset)
            return inside[fusion.top_indices(self._searcher.scores_at(q, inside), want)]
        every = small
        rows = self._searcher.lists_top(q, want, order, subset, every=every)[0]
        if len(rows) < min(want, count):
            rows = self._searcher.lists_top(q, want, order, subset, every=True)[0]
        return rows

    def _stats_rows(self, mask: np.ndarray | None) -> np.ndarray | None:
        """At most ``STATS_SAMPLE`` rows of the (filtered) collection, ascending, whose exact scores give the
        statistics that standardize an approximate index's scores (a fixed sample: the same question always ranks
        the same); None for the whole collection's sample, ``_sample``."""
        if mask is None:
            return None
        rows = np.flatnonzero(mask)
        if len(rows) > STATS_SAMPLE:
            rows = np.sort(rows[np.random.default_rng(0).integers(0, len(rows), STATS_SAMPLE)])
        return rows

    def _dense_stats(self, q: np.ndarray, sample: np.ndarray | None) -> tuple[float, float]:
        """Mean and standard deviation of the dense scores over the (filtered) collection, from the exact scores
        of its ``_stats_rows``; above ``WHOLE_LEXICAL_ROWS`` chunks, without a filter, from the moments of the
        fixed sample's vectors (the same figures within float rounding; reading 6 MB of vectors took 0.5 ms)."""
        assert self._searcher is not None
        if sample is None and self._moments is not None:  # the sample's mean vector and covariance: 0.6 MB, not 6
            mean, covariance = self._moments
            q64 = q.astype(np.float64)
            return float(mean @ q64), float(max(q64 @ covariance @ q64, 0.0)) ** 0.5
        scores = self._sample_vectors @ q if sample is None else self._searcher.scores_at(q, sample)
        if len(scores) == 0:
            return 0.0, 0.0
        return float(scores.mean()), float(scores.std())

    def heads(
        self, query: str, scores: np.ndarray, mask: np.ndarray | None, rows: np.ndarray | None = None
    ) -> list[list[int]]:
        """The best chunk of each source a question attributes to (when it names several), taking turns at the
        top, so that each source's evidence is near the top (docs/quality.md). With ``rows``, ``scores`` (and
        ``mask``) are those chunks' and the heads are positions in them."""
        o = self.options
        heads = []
        named = query_cues.attributed(query, self.sources) if o.source_picks else set()
        if len(named) > 1:
            for source in sorted(named):
                within = self.source_mask([source])
                within = within if rows is None else within[rows]
                heads.append(fusion.top_indices(scores, o.source_picks, within if mask is None else within & mask))
        return [[int(i) for i in h if np.isfinite(scores[i])] for h in heads]  # -inf: not a candidate

    def search(self, query: str, top_k: int, filters: Filters | None = None) -> list[Hit]:
        """The ``top_k`` best passages for ``query`` among those passing ``filters``, best first.

        Orders, heads and caps work on positions in ``_Ranked``'s arrays: every chunk with an exact index, the
        candidates with an approximate one (so a million-chunk search never selects over a million scores)."""
        if self.index.chunk_count == 0 or top_k <= 0:
            return []
        mask = self.columns.mask(filters)
        pool = max(top_k, self.options.rerank_candidates if self._reranker else 0) * 4
        ranked = self._ranked(query, mask, depth=pool)
        rows = ranked.rows if ranked.rows is not None else np.arange(len(ranked.scores))
        within = mask if ranked.rows is None else None  # candidates are all within the filter
        order = fusion.top_indices(ranked.scores, pool, within)
        heads = self.heads(query, ranked.scores, within, ranked.rows) if self.options.hybrid else []
        if heads:
            order = np.asarray(fusion.merge_heads([int(i) for i in order], heads, ranked.scores), dtype=np.int64)
        if self._reranker is not None:
            head = order[: self.options.rerank_candidates]
            reranked = self._reranker.order(query, chunks_at(self.index.chunks, rows[head]))
            order = np.asarray(np.concatenate([head[reranked], order[len(head) :]]), dtype=np.int64)
        at = {int(r): i for i, r in zip(order.tolist(), rows[order].tolist())}
        chosen = fusion.cap_per_group(list(at), self._doc_ids, self.options.per_doc_cap, top_k)
        found = chunks_at(self.index.chunks, chosen)
        return [
            Hit(c, float(ranked.scores[at[r]]), float(ranked.dense[at[r]]), float(ranked.keyword[at[r]]))
            for c, r in zip(found, chosen)
        ]
