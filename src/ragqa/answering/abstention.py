"""When to say "the articles do not say": evidence signals computed from the question and its hits.

Why not one similarity threshold: unanswerable questions over a news corpus are usually topical (they
name real topics, people and events), so the best passage is as similar to them as to answerable
ones. What gives them away is what the corpus cannot contain: they attribute facts to publications
the corpus has no articles from ("a Bloomberg article"), or name people and things it never
mentions ("Rajat Taneja"). The dense threshold still catches plainly off-topic questions.
Calibrated on MultiHop-RAG dev (docs/quality.md); idf-weighted term coverage was measured too and
separated poorly (AUC 0.72), so it is not used.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ragqa.records import CorpusView, Hit
from ragqa.retrieval import query
from ragqa.retrieval.lexical import terms


@dataclass(frozen=True)
class Evidence:
    """The signals the decision uses (also returned for debugging and calibration)."""

    dense_top: float
    unknown_sources: frozenset[str] = frozenset()
    unknown_names: frozenset[str] = frozenset()


_CAPITALIZED = re.compile(r"(?<=[a-z0-9,;:'\"’)]\s)([A-Z][A-Za-z0-9]+)")


def unknown_names(question: str, has_term: Callable[[str], bool]) -> set[str]:
    """Capitalized words inside the question (names, not its first word) that the corpus never uses.

    A question about "Rajat Taneja" or "CareCredit" cannot be answered by articles that never name
    them, however similar the rest of the question is to them.
    """
    out = set()
    for word in _CAPITALIZED.findall(question):
        word_terms = terms(word)
        if word_terms and not any(has_term(t) for t in word_terms):
            out.add(word)
    return out


def gather(question: str, hits: Sequence[Hit], corpus: CorpusView | None = None) -> Evidence:
    """Evidence for one question and its retrieved passages."""
    dense_top = max((h.dense for h in hits), default=0.0)
    if corpus is None:
        return Evidence(dense_top)
    names = unknown_names(question, corpus.has_term) if corpus.has_term else set()
    return Evidence(dense_top, frozenset(unknown_sources(question, corpus.sources)), frozenset(names))


def should_abstain(
    question: str,
    hits: Sequence[Hit],
    min_dense: float,
    corpus: CorpusView | None = None,
    check_unknown: bool = True,
) -> bool:
    """Abstain when nothing was found, the best passage is far from the question, or (``check_unknown``) the
    question names a publication or a name the corpus does not contain."""
    return not hits or abstains(gather(question, hits, corpus), min_dense, check_unknown)


def abstains(evidence: Evidence, min_dense: float, check_unknown: bool = True) -> bool:
    """The rule over gathered evidence (pure, so calibration and tests apply it to recorded signals)."""
    if evidence.dense_top < min_dense:
        return True
    return check_unknown and bool(evidence.unknown_sources or evidence.unknown_names)


_NAME = r"['\"‘“]?((?:The\s+)?[A-Z][\w.&’'-]*(?:\s+(?:[A-Z][\w.&’'-]*|of|and|for|&|-|\|))*)['\"’”]?"
_ATTRIBUTION = [
    re.compile(
        r"\b(?:article|report|piece|story|coverage|analysis|editorial|column|feature|review|post|publication)s?"
        r"\s+(?:by|from|in)\s+(?:the\s+)?(?:an?\s+)?" + _NAME
    ),
    re.compile(r"\b(?:reported|published|written|covered|discussed|highlighted)\s+(?:by|in)\s+(?:the\s+)?" + _NAME),
    re.compile(_NAME + r"(?:'s|’s)?\s+(?:article|report|piece|story|coverage|analysis|editorial)s?\b"),
]
_NOT_A_NAME = frozenset(
    "The A An In On Of This That These Those Both Another Which What Who How Does Did January February March April "
    "May June July August September October November December".split()
)


def attributed_sources(question: str) -> set[str]:
    """Publication names the question attributes its facts to ("a Bloomberg article", "reported by Wired")."""
    names = set()
    for pattern in _ATTRIBUTION:
        for match in pattern.finditer(question):
            name = match.group(1).strip(" '\"’”-|")
            if name and name not in _NOT_A_NAME and not name.startswith(("Considering", "Does", "Did")):
                names.add(name)
    return names


def unknown_sources(question: str, known: Sequence[str]) -> set[str]:
    """Attributed publications that match none of the corpus's sources (empty when sources are unknown).

    A question that asks what a publication reported cannot be answered from articles of other
    publications; when the corpus records no sources at all, nothing can be judged.
    """
    if not known:
        return set()
    lowered = [k.lower() for k in known]
    missing = set()
    for name in attributed_sources(question):
        n = name.lower()
        if query.mentioned(name, known) or any(n in k or k in n for k in lowered):
            continue
        missing.add(name)
    return missing
