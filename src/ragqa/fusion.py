"""Pure ranking functions: score normalization, weighted fusion, metadata cues, diversification.

Why separate: each rule is a few lines of numpy over plain arrays, unit-tested without a model, and
the benchmark sweep (``bench/sweep_fusion.py``) calls the very same functions the service uses.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

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


_NAME_SPLIT = re.compile(r"\s+[-|:]\s+")


def _words(text: str) -> str:
    return " " + " ".join(re.findall(r"[a-z0-9]+", text.lower())) + " "


def name_variants(name: str) -> list[str]:
    """A metadata value and its leading part: "The Independent - Sports" -> also "The Independent"."""
    variants = [name]
    head = _NAME_SPLIT.split(name, maxsplit=1)[0]
    if head != name:
        variants.append(head)
    return [v for v in variants if len(_words(v).strip()) >= 3]


@lru_cache(maxsize=8192)
def _variant_words(value: str) -> tuple[str, ...]:
    return tuple(_words(v) for v in name_variants(value))


def mentioned(query: str, values: Sequence[str]) -> set[str]:
    """The values (e.g. source names) that the query names as whole words, case-insensitively."""
    q = _words(query)
    return {value for value in values if any(variant in q for variant in _variant_words(value))}


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


def top_indices(scores: np.ndarray, n: int, mask: np.ndarray | None = None) -> np.ndarray:
    """Indices of the ``n`` highest scores (only where ``mask`` is true), best first."""
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
        n = min(n, int(mask.sum()))
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
    boosted: np.ndarray | None = None,
    boost: float = 0.0,
    sentence: np.ndarray | None = None,
    sentence_weight: float = 0.0,
) -> np.ndarray:
    """The fused score of every chunk: standardized dense and BM25 scores blended, plus a metadata boost.

    ``boosted`` marks chunks whose metadata the question names (e.g. its source); they gain ``boost``
    standard deviations, a soft preference rather than a filter, since the question may be wrong.
    ``sentence`` (each chunk's best single-sentence BM25 score) adds ``sentence_weight`` times its
    standardized value, for evidence that is one sentence of a chunk about something else.
    """
    fused = weighted_fusion(zscore(dense, mask), zscore(keyword, mask), keyword_weight)
    if sentence is not None and sentence_weight:
        fused = fused + sentence_weight * zscore(sentence, mask)
    if boosted is not None and boost:
        fused = fused + boost * boosted.astype(np.float32)
    return fused


def merge_heads(order: Sequence[int], heads: Sequence[Sequence[int]], scores: np.ndarray) -> list[int]:
    """``order`` with the heads of several rankings taken in turns at the front, then the rest in order.

    Multi-hop questions need one piece of evidence per clause (or per source they name); the single
    summed ranking tends to fill the top with chunks answering one part. Each head is a short ranking
    (e.g. a clause's best two chunks); heads take turns, the head whose first item scores highest in
    ``scores`` going first, so the overall best chunk stays first.
    """
    heads = sorted((list(h) for h in heads if len(h)), key=lambda h: -float(scores[h[0]]))
    front = interleave(heads, sum(len(h) for h in heads))
    taken = set(front)
    return front + [i for i in order if i not in taken]


_MONTH_NAMES = "january february march april may june july august september october november december".split()
_ISO_DAY = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_WRITTEN_DAY = re.compile(
    r"\b(" + "|".join(m.capitalize() for m in _MONTH_NAMES) + r")\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b"
)


def mentioned_days(query: str) -> set[str]:
    """Calendar days the question names ("October 2, 2023", "2023-10-02") as ISO strings."""
    days = {f"{y}-{m}-{d}" for y, m, d in _ISO_DAY.findall(query)}
    for month, day, year in _WRITTEN_DAY.findall(query):
        days.add(f"{year}-{_MONTH_NAMES.index(month.lower()) + 1:02d}-{int(day):02d}")
    return days


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


_CLAUSE_SPLIT = re.compile(
    r",?\s+\b(?:while|whereas|and also|as well as|but|and then|and|compared to|than|versus|after|before)\b\s+"
    r"(?=(?:the|a|an|does|did|do|is|was|has|had|in|according|as|what|which|who|how|\w+ing)\b)"
    r"|,?\s+\b(?:while|whereas|in contrast to|as opposed to|compared (?:to|with))\s+(?=(?-i:['\"‘“A-Z]))"
    r"|,\s+\b(?:while|whereas|in contrast to|as opposed to|or)\b\s+"
    r"|[;?]|,\s+(?=and\b)",
    re.IGNORECASE,
)
_TRAILING_ASIDE = re.compile(r"\s\([^()]*\)?\s*$")
MIN_CLAUSE_WORDS = 4


def without_aside(text: str) -> str:
    """``text`` without a trailing parenthesized aside, where a follow-up carries its earlier question
    (``answering.followup.heuristic_rewrite``): context for the meaning, not words the evidence needs."""
    return _TRAILING_ASIDE.sub("", text).strip()


def split_clauses(question: str) -> list[str]:
    """The parts of a compound question ("Does X report A, while Y reports B?") -> ["Does X report A", ...].

    Multi-hop questions join one claim per article with "while", "and does", "as well as"...; each
    part searched alone finds its own article. Returns [] for a question with fewer than two parts.
    """
    question = without_aside(question)
    parts = [p.strip(" ,") for p in _CLAUSE_SPLIT.split(question) if p]
    parts = [p for p in parts if len(p.split()) >= MIN_CLAUSE_WORDS]
    return parts if len(parts) > 1 else []
