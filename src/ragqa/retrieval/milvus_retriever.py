"""Search over a version published into Milvus (``RAGQA_STORE=milvus``): the engine finds, ragqa fuses.

With the default ``blend`` ranker Milvus runs the dense search (inner product over the stored MiniLM vectors), the
BM25 full-text search over each chunk's keyword text and over single sentences, all under the request's filter
expression, and again within each source or day the question names; ragqa then fuses the candidates with the same
standardized blend and boosts as the in-process ``Retriever`` and puts the best chunk of each named source near the
top. ``rrf`` and ``weighted`` fuse inside the engine instead (one ``hybrid_search`` with Milvus's ``RRFRanker`` or
``WeightedRanker``): fewer round trips, a lower MRR. Weights were tuned on the tune half of MultiHop-RAG
(docs/benchmarks.md, "Milvus store"); rankings differ a little from the in-process store, whose BM25 is bm25s's.
Versions share their collections, so every search and count also filters on the served version's rows
(``since``/``until``, ``milvus_store.visible``).
"""

from __future__ import annotations

import math
from concurrent.futures import Executor
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from ragqa.config import Settings
from ragqa.embedding.encoder import Encoder
from ragqa.index.engine_holder import ENGINE_UNREACHABLE
from ragqa.index.holder import IndexUnavailable
from ragqa.index.milvus_store import (
    CHUNK_FIELDS,
    EngineIndex,
    EngineVersion,
    chunk_from,
    sentence_collection,
    visible,
)
from ragqa.index.milvus_store import expression_in as _in
from ragqa.index.milvus_store import expression_literal as _literal
from ragqa.index.store import LoadedIndex
from ragqa.ingest.chunking import split_sentences
from ragqa.ingest.dates import overlaps
from ragqa.observability import tracing
from ragqa.records import CorpusView, Hit
from ragqa.retrieval import fusion
from ragqa.retrieval import query as query_cues
from ragqa.retrieval.filters import Filters
from ragqa.retrieval.keyword import keyword_text, tokenize
from ragqa.retrieval.searcher import QueryVectors


@dataclass(frozen=True)
class EngineOptions:
    """How the engine ranks: ranker kind and parameters, candidates per list, the in-process cues kept."""

    ranker: str = "blend"
    rrf_k: int = 20
    keyword_weight: float = 0.4
    candidates: int = 100
    source_picks: int = 1
    per_doc_cap: int = 0
    cue_weight: float = 0.5
    """Weight of each search restricted to a named source or day, relative to the unrestricted ones."""
    normalize: bool = True
    """``WeightedRanker(norm_score=...)``: map each list's scores into [0, 1] (arctan) before weighting."""
    blend_keyword_weight: float = 0.4
    """``ranker="blend"``: share of the standardized BM25 score (``RAGQA_KEYWORD_WEIGHT``)."""
    sentence_weight: float = 0.25
    """``ranker="blend"``: weight of a chunk's standardized best-sentence BM25 score (``RAGQA_SENTENCE_WEIGHT``)."""
    source_boost: float = 3.0
    date_boost: float = 1.0
    stats_depth: int = 1000
    """``ranker="blend"``: BM25 results read to estimate the mean and deviation of BM25 scores over the collection."""

    @classmethod
    def from_settings(cls, settings: Settings) -> EngineOptions:
        return cls(
            ranker=settings.milvus_ranker,
            rrf_k=settings.milvus_rrf_k,
            keyword_weight=settings.milvus_keyword_weight,
            candidates=settings.milvus_candidates,
            source_picks=settings.source_picks,
            per_doc_cap=settings.per_doc_cap,
            blend_keyword_weight=settings.keyword_weight,
            sentence_weight=settings.sentence_weight,
            source_boost=settings.source_boost,
            date_boost=settings.date_boost,
        )


def bm25_text(text: str) -> str:
    """The words BM25 sees, as the in-process keyword index sees them (``tokenize``: stopwords dropped, plurals
    folded), joined by spaces for Milvus's plain ``standard`` analyzer; apostrophes dropped, since it splits there."""
    return " ".join(t.replace("'", "").replace("\u2019", "") for t in tokenize(text))


def engine_version(index: LoadedIndex) -> EngineVersion:
    """What publishing a built version needs from retrieval: each chunk's keyword text (the in-process BM25's) and
    the vocabulary abstention checks (term -> chunks holding it, as ``KeywordIndex.doc_freq``)."""
    texts = [keyword_text(c) for c in index.chunks]
    vocabulary: dict[str, int] = {}
    for text in texts:
        for term in set(tokenize(text) or ["\x00empty"]):
            vocabulary[term] = vocabulary.get(term, 0) + 1
    sentences = []
    for row, chunk in enumerate(index.chunks):
        for start, end in split_sentences(chunk.text):
            words = bm25_text(chunk.text[start:end])
            if words:
                sentences.append((row, words))
    return EngineVersion(keywords=[bm25_text(t) for t in texts], vocabulary=vocabulary, sentences=sentences)


def filter_expression(filters: Filters | None) -> str:
    """The Milvus boolean expression of ``filters`` ("" when nothing is filtered): the conditions of
    ``FilterColumns.mask`` (case-insensitive sources and categories, inclusive days, undated chunks excluded)."""
    if filters is None or not filters.active:
        return ""
    parts = []
    if filters.source:
        parts.append(_in("source_key", [s.strip().lower() for s in filters.source]))
    if filters.category:
        parts.append(_in("category_key", [c.strip().lower() for c in filters.category]))
    if filters.published_after or filters.published_before:
        parts.append('day != ""')
    if filters.published_after:
        parts.append(_from_day(filters.published_after.isoformat()))
    if filters.published_before:
        parts.append(f"day <= {_literal(filters.published_before.isoformat())}")
    return " and ".join(parts)


def _from_day(start: str) -> str:
    """``day`` ends on or after ``start``: a later day, month or year, or ``start``'s own month or year (which
    sort before its days: ``dates.overlaps``)."""
    return f"(day >= {_literal(start)} or {_in('day', [start[:7], start[:4]])})"


def day_expression(periods: list[tuple[str, str]]) -> str:
    """``day`` shares a day with one of ``periods`` (``dates.overlaps`` as an expression)."""
    return " or ".join(f"(day <= {_literal(end)} and {_from_day(start)})" for start, end in periods)


def _search_failed(exc: Exception) -> IndexUnavailable:
    """A search Milvus could not run: 503 (``IndexUnavailable``), the cause for logs and operators only."""
    return IndexUnavailable(f"Milvus search failed: {' '.join(str(exc).split())[:300]}", ENGINE_UNREACHABLE)


def _deep_stats(top: list[float], size: int) -> tuple[float, float]:
    """Mean and deviation over ``size`` chunks of scores known only for the top ones (the rest score about 0, as
    chunks without a query word do): what ``fusion.zscore`` computes over every chunk in process."""
    mean = float(np.sum(top)) / max(size, 1)
    return mean, math.sqrt(max(float(np.sum(np.square(top))) / max(size, 1) - mean * mean, 0.0))


def _both(base: str, extra: str) -> str:
    return f"({base}) and ({extra})" if base and extra else base or extra


class EngineRetriever(QueryVectors):
    """Hybrid retrieval over one version in Milvus; the same surface the answer pipeline and services use as
    ``Retriever`` (``search``, ``version``, ``index``, ``documents``, ``corpus_view``, ``prime_vectors``)."""

    def __init__(
        self,
        index: EngineIndex,
        client: Any,
        embedder: Encoder,
        options: EngineOptions | None = None,
        executor: Executor | None = None,
    ) -> None:
        self.index = index
        self.client = client
        super().__init__(embedder)
        self.options = options or EngineOptions()
        self._executor = executor
        self.documents = {d.doc_id: d for d in index.document_records}
        self.sources = list(index.sources)
        self._vocabulary = index.vocabulary
        self._size = index.chunk_count
        self._visible = visible(index.seq) if index.seq else ""
        """ANDed into every search and count: the rows of this version among those of all kept versions."""

    @property
    def version(self) -> str:
        return self.index.version

    def idf(self, term: str) -> float:
        """Smoothed inverse document frequency over the chunks (``KeywordIndex.idf``'s formula)."""
        return math.log(1 + (self._size + 1) / (self._vocabulary.get(term, 0) + 0.5))

    def corpus_view(self, filters: Filters | None = None) -> CorpusView:
        """The corpus facts abstention checks, from the vocabulary published with the version: the whole version's,
        whatever ``filters`` (no word-to-passage lookup is kept beside Milvus to narrow it)."""
        return CorpusView(self._vocabulary.__contains__, self.sources, self.idf, self._vocabulary)

    def mentioning(self, words: list[str]) -> list[str] | None:
        """Not told by this store (no word-to-document lookup is kept beside Milvus): such questions are answered
        from the passages."""
        return None

    def _requests(self, query: str, vector: np.ndarray, expr: str, limit: int) -> tuple[list[Any], list[float]]:
        """The searches to fuse and their weights: dense and BM25 over the filter, and again within each source or
        period the question names (the cues the in-process ranking boosts)."""
        from pymilvus import AnnSearchRequest

        o = self.options
        words = query_cues.keyword_text(query)
        terms = bm25_text(words)
        cues: list[str] = []
        named = sorted(query_cues.attributed(query, self.sources))
        if named:
            cues.append(_in("source_key", [s.strip().lower() for s in named]))
        periods = query_cues.mentioned_dates(words, today=date.today())
        if periods:
            cues.append(day_expression(periods))
        dense = vector.astype(np.float32).tolist()
        requests, weights = [], []
        # RRF has no weights: a cue's searches are repeated round(cue_weight) times instead
        repeats = max(round(o.cue_weight), 1 if o.cue_weight else 0) if o.ranker == "rrf" else 1 if o.cue_weight else 0
        for n, extra in enumerate(["", *[c for c in cues for _ in range(repeats)]]):
            where = _both(expr, extra)
            share = 1.0 if n == 0 else o.cue_weight
            requests.append(AnnSearchRequest([dense], "dense", {"metric_type": "IP"}, limit, expr=where or None))
            weights.append(share * (1.0 - o.keyword_weight))
            if terms:
                requests.append(AnnSearchRequest([terms], "sparse", {"metric_type": "BM25"}, limit, expr=where or None))
                weights.append(share * o.keyword_weight)
        return requests, weights

    def _ranker(self, weights: list[float]) -> Any:
        from pymilvus import RRFRanker, WeightedRanker

        if self.options.ranker == "rrf":
            return RRFRanker(self.options.rrf_k)
        return WeightedRanker(*weights, norm_score=self.options.normalize)

    def _search(self, field: str, data: Any, where: str, limit: int, fields: list[str]) -> list[dict[str, Any]]:
        """One engine search (``dense``: inner product; ``sparse``: BM25 of the text) under ``where``."""
        metric = "IP" if field == "dense" else "BM25"
        found = self.client.search(
            self.index.collection,
            data=[data],
            anns_field=field,
            filter=where,
            limit=limit,
            search_params={"metric_type": metric},
            output_fields=fields,
        )
        return list(found[0]) if found else []

    def _blend(self, query: str, vector: np.ndarray, expr: str, top_k: int) -> list[Hit]:
        """``ranker="blend"``: the engine finds candidates (dense and BM25 top lists within the filter and within
        each source or period the question names, as ``Retriever._rank_candidates`` does over an approximate index);
        ragqa fuses them with the in-process blend: standardized dense and BM25 scores (collection statistics from a
        vector sample and a deep BM25 list), plus the source and date boosts and the heads of named sources."""
        o = self.options
        words = query_cues.keyword_text(query)
        named = sorted(query_cues.attributed(query, self.sources) | query_cues.attributed(words, self.sources))
        periods = query_cues.mentioned_dates(words, today=date.today())
        terms = bm25_text(words)
        day_cue = day_expression(periods)
        subsets = [expr, *(_both(expr, _in("source_key", [s.strip().lower()])) for s in named)]
        if day_cue:
            subsets.append(_both(expr, day_cue))
        scalar = ["source_key", "day", "doc_id"]
        meta: dict[int, dict[str, Any]] = {}
        dense: dict[int, float] = {}
        keyword: dict[int, float] = {}
        deep: list[float] = []
        for n, where in enumerate(subsets):
            for r in self._search("dense", vector.astype(np.float32).tolist(), where, o.candidates, scalar):
                dense[int(r["id"])] = float(r["distance"])
                meta[int(r["id"])] = r["entity"]
            if not terms:
                continue
            found = self._search(
                "sparse", terms, where, max(o.stats_depth, o.candidates) if n == 0 else o.candidates, scalar
            )
            if n == 0:
                deep = [float(r["distance"]) for r in found]
            for r in found[: o.candidates]:
                keyword[int(r["id"])] = float(r["distance"])
                meta[int(r["id"])] = r["entity"]
        best, best_deep = self._sentence_scores(terms, expr) if o.sentence_weight and terms else ({}, [])
        for row in sorted(best, key=lambda r: -best[r])[: o.candidates]:
            meta.setdefault(row, {})
        if not meta:
            return []
        missing = [i for i in meta if i not in dense or not meta[i]]
        if missing:
            for r in self.client.query(self.index.collection, ids=missing, output_fields=["dense", *scalar]):
                dense[int(r["row"])] = float(np.dot(np.asarray(r["dense"], np.float32), vector))
                meta[int(r["row"])] = {k: r[k] for k in scalar}
        ids = sorted(meta)
        size = self._count(expr)
        sample = self.index.dense_sample @ vector
        d = fusion.standardize(np.array([dense[i] for i in ids], np.float32), float(sample.mean()), float(sample.std()))
        k = np.array([keyword.get(i, 0.0) for i in ids], np.float32)
        kz = fusion.standardize(k, *_deep_stats(deep, size))
        scores = fusion.weighted_fusion(d, kz, o.blend_keyword_weight)
        if best:
            b = np.array([best.get(i, 0.0) for i in ids], np.float32)
            scores = scores + o.sentence_weight * fusion.standardize(b, *_deep_stats(best_deep, size))
        if o.source_boost and named:
            keys = {s.strip().lower() for s in named}
            scores = scores + o.source_boost * np.array([meta[i]["source_key"] in keys for i in ids], np.float32)
        if o.date_boost and periods:
            days = [str(meta[i]["day"]) for i in ids]
            inside = [any(overlaps(day, start, end) for start, end in periods) for day in days]
            scores = scores + o.date_boost * np.array(inside, np.float32)
        order = [int(i) for i in np.argsort(-scores, kind="stable")]
        heads_named = sorted(query_cues.attributed(query, self.sources)) if o.source_picks else []
        if len(heads_named) > 1:
            heads = []
            for source in heads_named:
                key = source.strip().lower()
                heads.append([j for j in order if meta[ids[j]]["source_key"] == key][: o.source_picks])
            order = fusion.merge_heads(order, heads, scores)
        chosen = fusion.cap_per_group(order, [str(meta[i]["doc_id"]) for i in ids], o.per_doc_cap, top_k)
        rows = {
            int(r["row"]): r
            for r in self.client.query(self.index.collection, ids=[ids[j] for j in chosen], output_fields=CHUNK_FIELDS)
        }
        return [
            Hit(chunk_from(rows[ids[j]]), float(scores[j]), dense[ids[j]], keyword.get(ids[j], 0.0))
            for j in chosen
            if ids[j] in rows
        ]

    def _sentence_scores(self, terms: str, expr: str) -> tuple[dict[int, float], list[float]]:
        """Each chunk's best single-sentence BM25 score among the top sentences within ``expr``, and those best
        scores (for the collection statistics)."""
        found = self.client.search(
            sentence_collection(self.index.collection),
            data=[terms],
            anns_field="sparse",
            filter=expr,
            limit=max(self.options.stats_depth, self.options.candidates),
            search_params={"metric_type": "BM25"},
            output_fields=["row"],
        )
        best: dict[int, float] = {}
        for r in found[0] if found else []:
            row = int(r["entity"]["row"])
            best[row] = max(best.get(row, 0.0), float(r["distance"]))
        return best, list(best.values())

    def _count(self, expr: str) -> int:
        """Chunks passing ``expr`` (the version's size when nothing but the version is filtered)."""
        if expr == self._visible:
            return self._size
        found = self.client.query(self.index.collection, filter=expr, output_fields=["count(*)"])
        return int(found[0]["count(*)"]) if found else 0

    def search(self, query: str, top_k: int, filters: Filters | None = None) -> list[Hit]:
        """The ``top_k`` best passages for ``query`` among those passing ``filters``, best first."""
        if self._size == 0 or top_k <= 0:
            return []
        o = self.options
        vector = self.query_vectors([query])[0]
        expr = _both(self._visible, filter_expression(filters))
        if o.ranker == "blend":
            try:
                return self._blend(query, vector, expr, top_k)
            except Exception as exc:
                raise _search_failed(exc) from None
        pool = max(top_k * 4, 20)
        limit = max(o.candidates, pool)
        requests, weights = self._requests(query, vector, expr, limit)
        with tracing.span("ragqa.engine_search", {"ragqa.requests": len(requests)}):
            try:
                found = self.client.hybrid_search(
                    self.index.collection,
                    requests,
                    self._ranker(weights),
                    limit=pool,
                    output_fields=[*CHUNK_FIELDS, "dense"],
                )
            except Exception as exc:
                raise _search_failed(exc) from None
        rows = [dict(r["entity"], score=float(r["distance"])) for r in (found[0] if found else [])]
        scores = np.array([r["score"] for r in rows], np.float32)
        order = list(range(len(rows)))
        named = sorted(query_cues.attributed(query, self.sources)) if o.source_picks else []
        if len(named) > 1:
            heads = []
            for source in named:
                key = source.strip().lower()
                within = [i for i in order if rows[i]["source"].strip().lower() == key]
                heads.append(within[: o.source_picks])
            order = fusion.merge_heads(order, heads, scores)
        chosen = fusion.cap_per_group(order, [r["doc_id"] for r in rows], o.per_doc_cap, top_k)
        return [
            Hit(chunk_from(rows[i]), rows[i]["score"], float(np.dot(np.asarray(rows[i]["dense"], np.float32), vector)))
            for i in chosen
        ]


def publish_to_milvus(settings: Settings) -> tuple[str | None, bool]:
    """Publish the locally live version of ``settings.index_dir`` into Milvus (``ragqa index`` with
    ``RAGQA_STORE=milvus``, after its build): (the version, whether Milvus changed). Holds the build lock, so
    concurrent indexers publish one at a time and always the version live on disk."""
    from ragqa.index import milvus_store
    from ragqa.index.build import build_lock
    from ragqa.index.store import live_version, load_version

    client = milvus_store.connect(settings)
    try:
        with build_lock(settings.index_dir, wait=True):
            version = live_version(settings.index_dir)
            if version is None:
                return None, False
            index = load_version(settings.index_dir, version)
            changed = milvus_store.publish_version(
                client,
                settings.milvus_collection,
                index,
                engine_version(index),
                keep=settings.keep_versions,
                num_shards=settings.milvus_num_shards,
                replica_number=settings.milvus_replica_number,
                bm25_k1=settings.keyword_k1,
                bm25_b=settings.keyword_b,
            )
            return version, changed
    finally:
        client.close()
