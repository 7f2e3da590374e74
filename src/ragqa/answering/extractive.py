"""Answer without an LLM: pick the sentences of the retrieved passages that best answer the question.

Scoring is lexical (how much of the question's weighted vocabulary a sentence covers) blended with
the passage's retrieval score, so it costs microseconds and needs no second model pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ragqa.answering import abstention
from ragqa.answering.citations import Citation, Claim, render_claims
from ragqa.ingest.chunking import split_sentences
from ragqa.records import CorpusView, Hit
from ragqa.retrieval.lexical import idf_weights, terms
from ragqa.retrieval.query import without_aside

ABSTAIN_MESSAGE = "The articles do not say. I could not find an answer to this question in the indexed articles."


@dataclass(frozen=True)
class ScoredSentence:
    """A candidate sentence, where it lies in its document, and how well it answers."""

    text: str
    start: int
    end: int
    hit: Hit
    score: float
    coverage: float


_OPENING_WORD = re.compile(r"[A-Za-z']+")
REFERRING_OPENERS = frozenset("he his she her it its they their this these those such but however also".split())


def refers_back(sentence: str) -> bool:
    """True when one of the sentence's first two words points back to the sentence before it."""
    return bool(REFERRING_OPENERS & {w.lower() for w in _OPENING_WORD.findall(sentence)[:2]})


@lru_cache(maxsize=4096)
def sentence_terms(text: str) -> tuple[tuple[int, int, frozenset[str]], ...]:
    """The sentences of a passage with the words each is scored on (cached: passages recur across questions).

    A sentence opening with a referring word ("But its commander, ...") is about what the sentence before
    named, so it gets that sentence's words too.
    """
    out = []
    previous: frozenset[str] = frozenset()
    for s, e in split_sentences(text):
        own = frozenset(terms(text[s:e]))
        out.append((s, e, own | previous if refers_back(text[s:e]) else own))
        previous = own
    return tuple(out)


def candidate_sentences(question: str, hits: list[Hit]) -> list[ScoredSentence]:
    """Every sentence of the hits, scored; best first."""
    # a follow-up's earlier question rides along as a trailing aside: it chose the passages, but the
    # sentences must answer what is asked now
    q_terms = set(terms(without_aside(question))) or set(terms(question))
    raw: list[tuple[str, int, int, Hit, frozenset[str]]] = []
    for hit in hits:
        text = hit.chunk.text
        for s, e, words in sentence_terms(text):
            raw.append((text[s:e], hit.chunk.start + s, hit.chunk.start + e, hit, words))
    if not raw:
        return []
    idf = idf_weights([r[4] for r in raw] + [q_terms])
    q_weight = sum(idf.get(t, 0.0) for t in q_terms) or 1.0
    top_score = max(h.dense for h in hits)
    scored = []
    for rank, (text, start, end, hit, s_terms) in enumerate(raw):
        coverage = sum(idf.get(t, 0.0) for t in q_terms & s_terms) / q_weight
        too_short = len(s_terms) < 3
        score = coverage + 0.5 * (hit.dense - top_score) - (0.3 if too_short else 0.0) - 0.0005 * rank
        scored.append(ScoredSentence(text, start, end, hit, score, coverage))
    scored.sort(key=lambda s: s.score, reverse=True)
    return scored


def select_sentences(question: str, hits: list[Hit], max_sentences: int = 3) -> list[ScoredSentence]:
    """Up to ``max_sentences`` answering sentences, without near-duplicates (overlapping chunks repeat text)."""
    chosen: list[ScoredSentence] = []
    seen_spans: set[tuple[str, int, int]] = set()
    seen_text: set[str] = set()
    for sentence in candidate_sentences(question, hits):
        key = (sentence.hit.chunk.doc_id, sentence.start, sentence.end)
        normalized = " ".join(sentence.text.lower().split())
        if key in seen_spans or normalized in seen_text:
            continue
        if chosen and sentence.coverage < 0.5 * chosen[0].coverage:
            break  # a much weaker sentence would dilute the answer
        seen_spans.add(key)
        seen_text.add(normalized)
        chosen.append(sentence)
        if len(chosen) == max_sentences:
            break
    return chosen


@dataclass(frozen=True)
class ExtractiveAnswer:
    text: str
    citations: list[Citation]
    abstained: bool


def extractive_answer(
    question: str,
    hits: list[Hit],
    threshold: float,
    max_sentences: int = 3,
    corpus: CorpusView | None = None,
    check_unknown: bool = True,
) -> ExtractiveAnswer:
    """The best sentences with ``[n]`` markers, or the abstention message when evidence is weak."""
    if abstention.should_abstain(question, hits, threshold, corpus, check_unknown):
        return ExtractiveAnswer(ABSTAIN_MESSAGE, [], True)
    sentences = select_sentences(question, hits, max_sentences)
    if not sentences:
        return ExtractiveAnswer(ABSTAIN_MESSAGE, [], True)
    text, citations = render_claims([Claim(s.text, (s.hit,)) for s in sentences])
    return ExtractiveAnswer(text, citations, False)
