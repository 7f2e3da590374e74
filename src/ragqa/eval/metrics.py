"""Benchmark metrics, computed exactly as the benchmarks' own evaluators compute them.

MultiHop-RAG (arXiv 2401.15391): a retrieved chunk is relevant when any gold evidence fact, with
spaces and newlines removed, is a substring of the chunk text with spaces and newlines removed.
Hits@k, MRR@10 and MAP@10 follow the official ``retrieval_evaluate.py`` line by line (including
its quirk of dividing by the number of facts with duplicates counted).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from ragqa.answering.citations import in_code

REFERENCE_ROWS: list[dict] = [
    {
        "system": "voyage-02 + bge-reranker-large (paper, Table 5)",
        "hits@10": 0.7467,
        "mrr@10": 0.5860,
        "map@10": 0.4795,
        "hits@4": 0.6625,
    },
    {"system": "bge-large-en-v1.5 + bge-reranker-large (paper)", "hits@10": 0.7183, "mrr@10": 0.5630},
    {"system": "bge-large-en-v1.5 alone (paper)", "hits@10": 0.6718, "mrr@10": 0.4298},
    {"system": "ada-002 alone (paper)", "hits@10": 0.6381, "mrr@10": 0.4203},
    {
        "system": "bm25s k1 0.9 b 0.4, 256-token chunks (issue 3, held-out set)",
        "hits@10": 0.925,
        "mrr@10": 0.627,
        "map@10": 0.321,
        "hits@4": 0.790,
    },
]
"""Published figures printed beside ours (the last row is the BM25 baseline quoted in issue 3)."""


def _squash(text: str) -> str:
    return text.replace(" ", "").replace("\n", "")


@dataclass
class QueryScore:
    """Retrieval metrics of one query."""

    hits4: bool
    hits10: bool
    reciprocal_rank: float
    average_precision: float


def score_query(retrieved: Sequence[str], facts: Sequence[str]) -> QueryScore:
    """Official MultiHop-RAG metrics of one ranked list of chunk texts against the gold facts."""
    gold = [_squash(f) for f in facts]
    found: list[str] = []
    hits4 = hits10 = False
    first: int | None = None
    ap_sum = 0.0
    for rank, text in enumerate(retrieved[:10], start=1):
        text = _squash(text)
        if not any(g in text for g in gold):
            continue
        hits10 = True
        hits4 = hits4 or rank <= 4
        if first is None:
            first = rank
        new = 0
        for g in gold:
            if g in text and g not in found:
                new += 1
                found.append(g)
        ap_sum += new / rank
    return QueryScore(hits4, hits10, 1.0 / first if first else 0.0, ap_sum / min(len(gold), 10) if gold else 0.0)


@dataclass
class RetrievalMetrics:
    """Averages over a set of queries."""

    queries: int = 0
    hits4: float = 0.0
    hits10: float = 0.0
    mrr10: float = 0.0
    map10: float = 0.0
    by_type: dict[str, RetrievalMetrics] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "queries": self.queries,
            "hits@10": round(self.hits10, 4),
            "mrr@10": round(self.mrr10, 4),
            "map@10": round(self.map10, 4),
            "hits@4": round(self.hits4, 4),
        }
        if self.by_type:
            out["by_type"] = {k: v.as_dict() for k, v in sorted(self.by_type.items())}
        return out


def aggregate(scores: Sequence[QueryScore]) -> RetrievalMetrics:
    """Mean of per-query metrics."""
    n = len(scores)
    if n == 0:
        return RetrievalMetrics()
    return RetrievalMetrics(
        queries=n,
        hits4=sum(s.hits4 for s in scores) / n,
        hits10=sum(s.hits10 for s in scores) / n,
        mrr10=sum(s.reciprocal_rank for s in scores) / n,
        map10=sum(s.average_precision for s in scores) / n,
    )


def retrieval_metrics(runs: Sequence[tuple[str, Sequence[str], Sequence[str]]]) -> RetrievalMetrics:
    """Metrics over ``(question_type, retrieved texts, gold facts)`` triples, overall and by type."""
    scored = [(qtype, score_query(retrieved, facts)) for qtype, retrieved, facts in runs]
    total = aggregate([s for _, s in scored])
    for qtype in sorted({t for t, _ in scored}):
        total.by_type[qtype] = aggregate([s for t, s in scored if t == qtype])
    return total


_TYPOGRAPHIC = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
"""Curly quotes folded to straight ones: an editor or a converter curls "Deb'-ee-en" into "Deb\u2019-ee-en"."""


def _folded(text: str) -> str:
    return " ".join(text.lower().translate(_TYPOGRAPHIC).split())


def answer_contains(answer: str, gold_answers: Sequence[str]) -> bool:
    """SQuAD containment: some gold answer text appears in the answer (case, spacing and quote marks folded); a
    gold ISO day ("2023-12-19", as a document's metadata stores it) also as the answer writes days ("December 19,
    2023")."""
    norm = _folded(answer)
    golds = [form for g in gold_answers if g.strip() for form in (g, *_day_forms(g.strip()))]
    return any(_folded(g) in norm for g in golds)


def _day_forms(gold: str) -> list[str]:
    """The ways answers write the day an ISO date names ("December 19, 2023", "19 December 2023"); none for any
    other gold."""
    try:
        day = date.fromisoformat(gold) if _ISO_DAY.fullmatch(gold) else None
    except ValueError:
        day = None
    if day is None:
        return []
    month = day.strftime("%B")
    return [f"{month} {day.day}, {day.year}", f"{day.day} {month} {day.year}"]


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


_MARKER = re.compile(r"\s*\[\d+\]")


def first_claim(answer: str) -> str:
    """The answer up to its first citation marker (not a bracket inside code): the sentence a reader reads first."""
    first = next((m for m in _MARKER.finditer(answer) if not in_code(answer, m.start())), None)
    return answer if first is None else answer[: first.start()]


Split = Literal["tune", "check", "all"]
SPLIT_SEED = "ragqa-2026"
"""Fixed: every dev set is cut into the same tune and check halves on every run and machine."""


def split_of(key: str, seed: str = SPLIT_SEED) -> Literal["tune", "check"]:
    """The half a dev item belongs to, from a hash of its stable key (id or text): weights and thresholds are
    chosen on ``tune``; figures are reported on ``check``. Adding items never moves the others."""
    digest = hashlib.sha256(f"{seed}\0{key}".encode()).digest()
    return "tune" if digest[0] % 2 == 0 else "check"


def in_split(key: str, split: Split) -> bool:
    return split == "all" or split_of(key) == split
