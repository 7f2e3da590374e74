"""Pure ranking functions: score normalization, weighted fusion, diversification.

Why separate: each rule is a few lines of numpy over plain arrays, unit-tested without a model, and
the benchmark sweep (``bench/sweep_fusion.py``) calls the very same functions the service uses.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def zscore(scores: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
    """Scores as standard deviations above the mean (over ``mask`` when given), so scales compare.

    Dense cosines cluster around 0.1-0.6 and BM25 scores are unbounded; standardizing each over the
    whole (filtered) collection makes "how exceptional is this chunk for this query" comparable.
    """
    scores = np.asarray(scores, dtype=np.float32)
    pool = scores if mask is None else scores[mask]
    if pool.size == 0:
        return np.zeros_like(scores)
    std = float(pool.std())
    if std < 1e-9:
        return np.zeros_like(scores)
    return (scores - float(pool.mean())) / std


def score_stats(scores: np.ndarray, mask: np.ndarray | None = None) -> tuple[float, float]:
    """The mean and deviation ``zscore`` standardizes with (over ``mask``), computed the same way; (0, 0) for
    an empty pool, which ``standardize`` turns into zeros as ``zscore`` does."""
    pool = np.asarray(scores, dtype=np.float32)
    if mask is not None:
        pool = pool[mask]
    if pool.size == 0:
        return 0.0, 0.0
    return float(pool.mean()), float(pool.std())


def standardize(scores: np.ndarray, mean: float, std: float) -> np.ndarray:
    """``zscore`` with given statistics (zeros when the deviation is nil, as ``zscore``)."""
    scores = np.asarray(scores, dtype=np.float32)
    if std < 1e-9:
        return np.zeros_like(scores)
    return (scores - mean) / std


def weighted_fusion(dense: np.ndarray, keyword: np.ndarray, keyword_weight: float) -> np.ndarray:
    """Convex blend of two standardized score arrays: ``(1 - w) * dense + w * keyword``."""
    if not 0.0 <= keyword_weight <= 1.0:
        raise ValueError(f"keyword_weight must be within [0, 1], got {keyword_weight}")
    return (1.0 - keyword_weight) * dense + keyword_weight * keyword


def reciprocal_rank_fusion(rankings: Sequence[Sequence[int]], k: float = 60.0) -> dict[int, float]:
    """Classic RRF (kept for comparison: the untuned baseline the weighted blend has to beat)."""
    fused: dict[int, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + 1.0 / (k + rank)
    return fused


def cap_per_group(order: Sequence[int], groups: Sequence[str], cap: int, limit: int) -> list[int]:
    """The first ``limit`` items of ``order`` with at most ``cap`` per group; overflow moves later.

    Multi-hop questions need evidence from several articles: a cap per document stops one long
    article filling the top of the list, while still returning ``limit`` items when there are few
    groups (the overflow fills the tail in its original order).
    """
    if cap <= 0:
        return list(order[:limit])
    taken: list[int] = []
    overflow: list[int] = []
    counts: dict[str, int] = {}
    for item in order:
        g = groups[item]
        if counts.get(g, 0) < cap:
            counts[g] = counts.get(g, 0) + 1
            taken.append(item)
            if len(taken) == limit:
                return taken
        else:
            overflow.append(item)
    return (taken + overflow)[:limit]


SAMPLED_TOP = 65_536
"""Score arrays at least this long pick their top through a sampled threshold first (``top_indices``)."""
_SAMPLE = 16_384


def _top_above_threshold(scores: np.ndarray, n: int, mask: np.ndarray | None) -> np.ndarray | None:
    """``top_indices`` among only the scores at or above a threshold read from a strided sample (expected to
    let about ``4 n`` through), or None when fewer than ``n`` pass. Every score above the ``n``-th best passes,
    so the top is the same up to exact ties at the cut."""
    stride = max(1, len(scores) // _SAMPLE)
    sample = scores[::stride] if mask is None else scores[::stride][mask[::stride]]
    j = (4 * n) // stride + 1
    if j > len(sample):
        return None
    threshold = np.partition(sample, len(sample) - j)[len(sample) - j]
    if not threshold > -np.inf:
        return None
    keep = scores >= threshold
    if mask is not None:
        keep &= mask
    rows = np.flatnonzero(keep)
    if len(rows) < n:
        return None
    part = rows[np.argpartition(-scores[rows], n - 1)[:n]]
    return part[np.argsort(-scores[part], kind="stable")]


def top_indices(scores: np.ndarray, n: int, mask: np.ndarray | None = None) -> np.ndarray:
    """Indices of the ``n`` highest scores (only where ``mask`` is true), best first.

    Why the threshold first on long arrays: an ``argpartition`` over a million scores took 11 ms here, and a
    1M-chunk search picked candidates that way once per subset (docs/benchmarks.md, "Scale"); comparing with a
    threshold and selecting among the few hundred that pass takes well under a millisecond.
    """
    if 0 < n and len(scores) >= SAMPLED_TOP:
        found = _top_above_threshold(scores, n, mask)
        if found is not None:
            return found
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
        n = min(n, int(np.count_nonzero(mask)))
    n = min(n, scores.shape[0])
    if n <= 0:
        return np.zeros(0, dtype=np.int64)
    part = np.argpartition(-scores, n - 1)[:n]
    return part[np.argsort(-scores[part], kind="stable")]


def hybrid_scores(
    dense: np.ndarray,
    keyword: np.ndarray,
    keyword_weight: float,
    mask: np.ndarray | None = None,
    sentence: np.ndarray | None = None,
    sentence_weight: float = 0.0,
    dense_stats: tuple[float, float] | None = None,
    keyword_stats: tuple[float, float] | None = None,
    sentence_stats: tuple[float, float] | None = None,
) -> np.ndarray:
    """The fused score of every chunk: standardized dense and BM25 scores blended.

    ``sentence`` (each chunk's best single-sentence BM25 score) adds ``sentence_weight`` times its
    standardized value, for evidence that is one sentence of a chunk about something else.
    ``dense_stats`` (mean, deviation) standardizes ``dense`` instead of its own statistics: an approximate
    index scores only candidates, so the collection's statistics come from a sample. ``keyword_stats`` and
    ``sentence_stats`` (``score_stats`` of the whole arrays) let the arrays given be the candidates' scores only.
    """
    dense_z = zscore(dense, mask) if dense_stats is None else standardize(dense, *dense_stats)
    keyword_z = zscore(keyword, mask) if keyword_stats is None else standardize(keyword, *keyword_stats)
    fused = weighted_fusion(dense_z, keyword_z, keyword_weight)
    if sentence is not None and sentence_weight:
        sentence_z = zscore(sentence, mask) if sentence_stats is None else standardize(sentence, *sentence_stats)
        fused = fused + sentence_weight * sentence_z
    return fused


def merge_heads(order: Sequence[int], heads: Sequence[Sequence[int]], scores: np.ndarray) -> list[int]:
    """``order`` with the heads of several rankings taken in turns at the front, then the rest in order.

    Questions that name several sources need one piece of evidence from each; the single
    summed ranking tends to fill the top with chunks answering one part. Each head is a short ranking
    (e.g. one source's best chunk); heads take turns, the head whose first item scores highest in
    ``scores`` going first, so the overall best chunk stays first.
    """
    heads = sorted((list(h) for h in heads if len(h)), key=lambda h: -float(scores[h[0]]))
    front = interleave(heads, sum(len(h) for h in heads))
    taken = set(front)
    return front + [i for i in order if i not in taken]


def interleave(rankings: Sequence[Sequence[int]], limit: int) -> list[int]:
    """Round-robin merge of several rankings without repeats: the first of each, then the second...

    Used to give every source a question names a place near the top, since multi-hop evidence comes
    from each of them.
    """
    out: list[int] = []
    seen: set[int] = set()
    for depth in range(max((len(r) for r in rankings), default=0)):
        for ranking in rankings:
            if depth < len(ranking) and ranking[depth] not in seen:
                seen.add(ranking[depth])
                out.append(ranking[depth])
                if len(out) == limit:
                    return out
    return out
