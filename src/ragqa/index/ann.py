"""Which FAISS index holds a version's vectors, how it is built, and how it is searched.

Why: scoring every chunk with a matrix-vector product is exact and takes a few milliseconds for tens of
thousands of chunks, but grows linearly; millions of chunks need an approximate (ANN) index. Small
collections stay exact (``IndexFlatIP``); above ``RAGQA_ANN_THRESHOLD`` chunks ``RAGQA_ANN=auto`` builds an
HNSW graph. The kind and its parameters are recorded in the manifest (``Manifest.ann``); an index written
before ANN existed has none and is a flat one.

Kinds:

* ``flat``: ``IndexFlatIP``, exact.
* ``hnsw``: ``IndexHNSWFlat`` (inner product). Its storage is a flat index, so vectors stay exact (incremental
  builds reuse them losslessly, and candidates are re-scored exactly); costs the graph (~``2 * M`` ids a vector).
* ``ivf``: ``IndexIVFScalarQuantizer`` (8-bit, inner product) with a direct map (``reconstruct`` works). A
  quarter of flat's memory and a much faster build than HNSW, but the vectors it keeps are 8-bit
  approximations: an incremental build reuses those (cosine error ~1e-3).
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from typing import Any, Literal

import faiss
import numpy as np

from ragqa.config import Settings
from ragqa.index.manifest import AnnParams

AnnChoice = Literal["auto", "flat", "hnsw", "ivf"]
KINDS = ("flat", "hnsw", "ivf")
_faiss: Any = faiss
"""faiss's bundled type hints lack the search-parameter classes of recent releases."""
_TRAIN_PER_LIST = 64
"""k-means training rows per IVF list (FAISS warns below 39)."""


@dataclass(frozen=True)
class AnnSpec:
    """How a build chooses and parameterizes its FAISS index (``RAGQA_ANN*`` settings)."""

    choice: AnnChoice = "auto"
    threshold: int = 100_000
    hnsw_m: int = 32
    ef_construction: int = 80
    ef_search: int = 128
    ivf_nlist: int = 0
    nprobe: int = 32

    @classmethod
    def from_settings(cls, settings: Settings) -> AnnSpec:
        return cls(
            choice=settings.ann,
            threshold=settings.ann_threshold,
            hnsw_m=settings.ann_hnsw_m,
            ef_construction=settings.ann_ef_construction,
            ef_search=settings.ann_ef_search or 128,
            ivf_nlist=settings.ann_ivf_nlist,
            nprobe=settings.ann_nprobe or 32,
        )

    def kind_for(self, count: int) -> str:
        """The kind a collection of ``count`` vectors gets: ``auto`` is exact below the threshold, HNSW above."""
        if self.choice != "auto":
            return self.choice
        return "flat" if count < self.threshold else "hnsw"

    def params_for(self, kind: str, count: int) -> AnnParams:
        """The kind and its parameters as the manifest records them (search-time ones are defaults for serving)."""
        if kind == "hnsw":
            params = {"M": self.hnsw_m, "ef_construction": self.ef_construction, "ef_search": self.ef_search}
        elif kind == "ivf":
            nlist = self.ivf_nlist or round(4 * math.sqrt(max(count, 1)))
            nlist = max(1, min(nlist, count // 39 if count >= 39 else 1))
            params = {"nlist": nlist, "nprobe": min(self.nprobe, nlist), "sq_bits": 8}
        elif kind == "flat":
            params = {}
        else:
            raise ValueError(f"unknown ANN kind {kind!r}: use one of auto, {', '.join(KINDS)}")
        return AnnParams(kind=kind, params=params)


def build(vectors: np.ndarray, dimension: int, spec: AnnSpec | None = None) -> tuple[faiss.Index, AnnParams]:
    """A FAISS index holding ``vectors`` (row i = id i) of the kind ``spec`` picks for their number."""
    spec = spec or AnnSpec()
    data = np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1, dimension)
    ann = spec.params_for(spec.kind_for(len(data)), len(data))
    return build_kind(data, dimension, ann), ann


def build_kind(data: np.ndarray, dimension: int, ann: AnnParams) -> faiss.Index:
    """A FAISS index of exactly the kind and parameters ``ann`` names (also used by benchmarks)."""
    data = np.ascontiguousarray(data, dtype=np.float32).reshape(-1, dimension)
    p = ann.params
    index: faiss.Index
    if ann.kind == "flat":
        index = faiss.IndexFlatIP(dimension)
    elif ann.kind == "hnsw":
        hnsw = faiss.IndexHNSWFlat(dimension, int(p["M"]), faiss.METRIC_INNER_PRODUCT)
        hnsw.hnsw.efConstruction = int(p["ef_construction"])
        hnsw.hnsw.efSearch = int(p["ef_search"])
        index = hnsw
    elif ann.kind == "ivf":
        quantizer = faiss.IndexFlatIP(dimension)
        ivf = faiss.IndexIVFScalarQuantizer(  # faiss's Python wrapper keeps ``quantizer`` alive with it
            quantizer, dimension, int(p["nlist"]), faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT
        )
        if len(data):
            rng = np.random.default_rng(0)
            sample = min(len(data), _TRAIN_PER_LIST * int(p["nlist"]))
            rows = np.sort(rng.choice(len(data), sample, replace=False)) if sample < len(data) else slice(None)
            ivf.train(data[rows])
        ivf.nprobe = int(p["nprobe"])
        ivf.make_direct_map()  # so ``reconstruct`` (incremental builds, exact re-scoring) works
        index = ivf
    else:
        raise ValueError(f"unknown ANN kind {ann.kind!r}")
    if len(data):
        index.add(data)
    return index


def exact_view(index: faiss.Index) -> np.ndarray | None:
    """The stored vectors as a read-only numpy view of FAISS's own memory (no copy), when stored exactly.

    Flat and HNSW-flat indexes keep float32 rows; IVF-SQ keeps codes (None: use ``reconstruct_batch``).
    The view is valid while ``index`` lives.
    """
    inner = faiss.downcast_index(index)
    if isinstance(inner, faiss.IndexHNSWFlat):
        inner = faiss.downcast_index(inner.storage)
    if not isinstance(inner, faiss.IndexFlat) or inner.ntotal == 0:
        return None
    view = faiss.rev_swig_ptr(inner.get_xb(), inner.ntotal * inner.d).reshape(inner.ntotal, inner.d)
    view.flags.writeable = False
    return view


@dataclass(frozen=True)
class _Codes:
    """An IVF-SQ (8-bit, by residual) index's codes in row order, with what decodes them: row i's vector is
    ``centroids[lists[i]] + low + (codes[i] + 0.5) * step`` (FAISS's 8-bit decoding)."""

    codes: np.ndarray
    lists: np.ndarray
    centroids: np.ndarray
    low: np.ndarray
    step: np.ndarray


class DenseSearcher:
    """Dense search over one loaded FAISS index: approximate top-n (optionally within a row mask) and exact
    scores of given rows. ``ef_search`` / ``nprobe`` override the manifest's search-time parameters."""

    def __init__(
        self, index: faiss.Index, ann: AnnParams, ef_search: int | None = None, nprobe: int | None = None
    ) -> None:
        self.index = index
        self.kind = ann.kind
        self.ntotal = int(index.ntotal)
        self.ef_search = int(ef_search or ann.params.get("ef_search", 128))
        self.nprobe = int(nprobe or ann.params.get("nprobe", 32))
        self._view = exact_view(index)
        self._subsets: dict[str, faiss.Index] = {}
        self._subsets_lock = threading.Lock()
        self._centroids: np.ndarray | None = None
        self._codes: _Codes | None = None

    def keep_codes(self) -> bool:
        """For an IVF-SQ index (8-bit, by residual): keep a copy of its codes in row order, so ``scores_at`` decodes
        rows with numpy instead of FAISS's ``reconstruct_batch`` (a scalar loop, about 1.6 microseconds a row: 1.4 ms
        for a search's 800 candidates at a million rows, against 0.2-0.45). Costs ``d`` bytes a row (384 MB at a
        million) and a second at load; the scores equal FAISS's within float rounding (1e-7). False: other kinds."""
        inner = faiss.downcast_index(self.index)
        qt_8bit = faiss.ScalarQuantizer.QT_8bit
        if not isinstance(inner, faiss.IndexIVFScalarQuantizer) or inner.sq.qtype != qt_8bit or not inner.by_residual:
            return False
        if self._codes is not None:
            return True
        d, size = int(inner.d), int(inner.code_size)
        codes = np.empty((self.ntotal, size), np.uint8)
        lists = np.empty(self.ntotal, np.int32)
        stored = inner.invlists
        assert stored is not None
        for number in range(int(inner.nlist)):
            count = stored.list_size(number)
            if count:
                ids = faiss.rev_swig_ptr(stored.get_ids(number), count)
                codes[ids] = faiss.rev_swig_ptr(stored.get_codes(number), count * size).reshape(count, size)
                lists[ids] = number
        view = exact_view(inner.quantizer)
        centroids = view if view is not None else inner.quantizer.reconstruct_n(0, int(inner.nlist))
        trained = faiss.vector_to_array(inner.sq.trained).astype(np.float32)
        self._codes = _Codes(codes, lists, centroids, trained[:d], trained[d:] / np.float32(255.0))
        return True

    @property
    def keeps_codes(self) -> bool:
        """Whether ``scores_at`` decodes kept codes (``keep_codes``): scoring a few thousand rows is then cheap."""
        return self._codes is not None

    def vectors_at(self, rows: np.ndarray) -> np.ndarray:
        """The stored vectors of ``rows`` (a copy; exact for flat and HNSW, decoded 8-bit codes for IVF)."""
        if len(rows) == 0:
            return np.zeros((0, self.index.d), np.float32)
        if self._view is not None:
            return self._view[rows]
        return self.index.reconstruct_batch(np.asarray(rows, dtype=np.int64))

    def scores_at(self, query: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """Inner products of ``query`` with the stored vectors of ``rows``."""
        if len(rows) == 0:
            return np.zeros(0, np.float32)
        kept = self._codes
        if kept is not None:  # (centroid + low + (code + 0.5) * step) . query, the product split by term
            q = np.asarray(query, np.float32)
            residual = (kept.codes[rows].astype(np.float32) + np.float32(0.5)) @ (kept.step * q)
            return np.asarray(kept.centroids[kept.lists[rows]] @ q + np.float32(kept.low @ q) + residual, np.float32)
        return self.vectors_at(rows) @ query

    def exact_top(
        self, query: np.ndarray, n: int, mask: np.ndarray | None = None, subset: str | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Like ``top`` but by brute force over the rows ``mask`` selects: exact over HNSW's flat storage; every
        list of an IVF index (8-bit scores). For filtered subsets too small for a graph or list search.

        ``subset`` names ``mask`` when it is always the same rows (a source's chunks): an IVF-SQ index then scans
        a copy of only those rows' list entries (``_ivf_subset``), with the same results, scores and ties.
        """
        inner = faiss.downcast_index(self.index)
        if isinstance(inner, faiss.IndexHNSWFlat):
            return self._search(faiss.downcast_index(inner.storage), query, n, mask, faiss.SearchParameters())
        if isinstance(inner, faiss.IndexIVF):
            params = _faiss.SearchParametersIVF(nprobe=int(inner.nlist))
            if subset is not None and mask is not None and isinstance(inner, faiss.IndexIVFScalarQuantizer):
                return self._search(self._ivf_subset(inner, subset, mask), query, n, None, params)
            return self._search(self.index, query, n, mask, params)
        return self._search(self.index, query, n, mask, faiss.SearchParameters())

    def probe_order(self, query: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
        """An IVF index's lists by the inner product of ``query`` with their centroids, best first, and those
        products: the coarse quantizer's search over every list, done once a query for all its ``lists_top``
        searches. None for other kinds.

        Why: each FAISS search ranks the 4,000 centroids of a million-row index again (about 0.4 ms), and a
        question naming sources searched up to four times."""
        inner = faiss.downcast_index(self.index)
        if not isinstance(inner, faiss.IndexIVFScalarQuantizer):
            return None
        if self._centroids is None:
            view = exact_view(inner.quantizer)
            self._centroids = view if view is not None else inner.quantizer.reconstruct_n(0, int(inner.nlist))
        assert self._centroids is not None
        products = self._centroids @ np.asarray(query, np.float32)
        order = np.argsort(-products, kind="stable")
        return order, products[order]

    def lists_top(
        self,
        query: np.ndarray,
        n: int,
        order: tuple[np.ndarray, np.ndarray],
        mask: np.ndarray | None = None,
        source: str | None = None,
        every: bool = False,
    ) -> tuple[np.ndarray, np.ndarray]:
        """``top`` of an IVF-SQ index probing the first ``nprobe`` lists of ``order`` (``probe_order``; ``every``:
        all of them, as ``exact_top``), only rows where ``mask`` is true. ``source`` names ``mask`` as the rows of
        that source: its copy (``_ivf_subset``) is searched instead, by default with about as many of its rows
        scanned as a whole-index search scans (``nprobe * ntotal / rows`` lists) rather than all of them.

        Why: a full scan of a 95,000-row source took 3.8 ms at a million rows, a tenth of a search; its top is found
        in the lists nearest the query as the whole index's is (docs/benchmarks.md, "Scale")."""
        inner: Any = faiss.downcast_index(self.index)
        index, probes = inner, self.nprobe
        if source is not None and mask is not None:
            index, mask = self._ivf_subset(inner, source, mask), None
            probes = math.ceil(self.nprobe * self.ntotal / max(int(index.ntotal), 1))
        lists = int(inner.nlist) if every else min(int(inner.nlist), probes)
        n = min(n, self.ntotal)
        if n <= 0:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        bitmap = selector = None
        params = _faiss.SearchParametersIVF(nprobe=lists)
        if mask is not None:
            bitmap = np.packbits(mask, bitorder="little")
            selector = faiss.IDSelectorBitmap(len(mask), faiss.swig_ptr(bitmap))
            params.sel = selector
        q = np.ascontiguousarray(query, dtype=np.float32).reshape(1, -1)
        keys = np.ascontiguousarray(order[0][:lists], dtype=np.int64).reshape(1, -1)
        coarse = np.ascontiguousarray(order[1][:lists], dtype=np.float32).reshape(1, -1)
        scores, ids = np.empty((1, n), np.float32), np.empty((1, n), np.int64)
        index.search_preassigned_c(
            1, faiss.swig_ptr(q), n, faiss.swig_ptr(keys), faiss.swig_ptr(coarse), faiss.swig_ptr(scores),
            faiss.swig_ptr(ids), False, params,
        )  # fmt: skip
        del bitmap, selector  # both must outlive the search
        keep = ids[0] >= 0
        return ids[0][keep], scores[0][keep]

    def _ivf_subset(self, inner: Any, name: str, mask: np.ndarray) -> faiss.Index:
        """An IVF-SQ index holding only the rows ``mask`` selects: the same quantizer, the same trained scalar
        quantizer, and each list's entries of those rows, copied in list order. Built on first use (tens of
        milliseconds) and kept: scanning every list of it visits those rows in the same order as scanning the
        whole index with ``mask`` as a selector, so results are identical.

        Why: the selector still walks every one of the index's rows; at a million rows that was 10 ms for a
        5,000- or a 95,000-row source, against 1-4 ms for the copy (docs/benchmarks.md, "Scale"). Memory: the
        copied codes (d bytes + 8 per row) of the named sources looked up at least once.
        """
        with self._subsets_lock:
            found = self._subsets.get(name)
            if found is not None:
                return found
            sub = faiss.IndexIVFScalarQuantizer(
                inner.quantizer, inner.d, inner.nlist, inner.sq.qtype, inner.metric_type, inner.by_residual
            )
            sub.sq = inner.sq
            sub.is_trained = True
            lists, size, added = inner.invlists, inner.code_size, sub.invlists
            assert lists is not None and added is not None
            for number in range(inner.nlist):
                count = lists.list_size(number)
                if not count:
                    continue
                ids = faiss.rev_swig_ptr(lists.get_ids(number), count)
                keep = np.flatnonzero(mask[ids])
                if len(keep):
                    codes = faiss.rev_swig_ptr(lists.get_codes(number), count * size).reshape(count, size)
                    kept_ids, kept_codes = np.ascontiguousarray(ids[keep]), np.ascontiguousarray(codes[keep])
                    added.add_entries(number, len(keep), faiss.swig_ptr(kept_ids), faiss.swig_ptr(kept_codes))
                    sub.ntotal += len(keep)
            self._subsets[name] = sub
            return sub

    def top(self, query: np.ndarray, n: int, mask: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(rows, scores) of up to ``n`` best rows by the index's search, only rows where ``mask`` is true.

        The mask goes to FAISS as an ID selector (a bitmap), so rows outside it are skipped during the search,
        not dropped after it. An approximate search may return fewer than asked under a very narrow mask;
        callers score such masks exactly instead (see ``Retriever``).
        """
        params: faiss.SearchParameters
        if self.kind == "hnsw":
            params = _faiss.SearchParametersHNSW(efSearch=max(self.ef_search, n))
        elif self.kind == "ivf":
            params = _faiss.SearchParametersIVF(nprobe=self.nprobe)
        else:
            params = faiss.SearchParameters()
        return self._search(self.index, query, n, mask, params)

    def _search(
        self, index: faiss.Index, query: np.ndarray, n: int, mask: np.ndarray | None, params: faiss.SearchParameters
    ) -> tuple[np.ndarray, np.ndarray]:
        n = min(n, self.ntotal)
        if n <= 0:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        bitmap = None
        selector = None
        if mask is not None:
            bitmap = np.packbits(mask, bitorder="little")
            selector = faiss.IDSelectorBitmap(len(mask), faiss.swig_ptr(bitmap))
            params.sel = selector
        q = np.ascontiguousarray(query, dtype=np.float32).reshape(1, -1)
        scores, ids = index.search(q, n, params=params)
        del bitmap, selector  # both must outlive the search
        keep = ids[0] >= 0
        return ids[0][keep].astype(np.int64), scores[0][keep]
