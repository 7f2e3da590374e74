"""Support check of an LLM answer's citations.

Each cited claim (the sentence before its markers) is compared with each passage it cites by
embedding similarity (best sentence of the passage) and by word overlap (share of the claim's content words
found in the passage). A pair passes when it is semantically close with some shared words
(similarity >= ``min_similarity`` and overlap >= ``min_overlap``), or when nearly all its words are in the
passage and it is not unrelated (overlap >= ``HIGH_OVERLAP`` and similarity >= ``FLOOR_SIMILARITY``: short
claims such as "Averyanov commands Unit 29155" embed far from a long sentence). A citation is ``supported``
when every claim citing it passes. Calibrated on hand-written pairs (``bench/support_calibration.py``): it
catches unrelated and made-up claims, not a claim that reuses the passage's words to say something else.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ragqa.answering.citations import Citation, cited_claims
from ragqa.ingest.chunking import split_sentences
from ragqa.retrieval.lexical import terms


def word_overlap(claim: str, passage: str) -> float:
    """Share of the claim's content words that occur in the passage."""
    claim_terms = set(terms(claim))
    if not claim_terms:
        return 1.0
    return len(claim_terms & set(terms(passage))) / len(claim_terms)


HIGH_OVERLAP = 0.75
FLOOR_SIMILARITY = 0.25


def supports(similarity: float, overlap: float, min_similarity: float = 0.6, min_overlap: float = 0.4) -> bool:
    """The support rule of the module docstring."""
    return (similarity >= min_similarity and overlap >= min_overlap) or (
        overlap >= HIGH_OVERLAP and similarity >= FLOOR_SIMILARITY
    )


@dataclass(frozen=True)
class SupportCheck:
    claim: str
    n: int
    similarity: float
    overlap: float
    supported: bool


class SentenceVectors:
    """Unit vectors of texts, with a bounded cache for passage sentences.

    Why a cache: the support check embeds every sentence of each cited passage, and popular passages are cited
    again and again. Each text is encoded alone: the int8 encoder quantizes a batch with one scale, so a
    sentence encoded among others gets a slightly other vector (cosine 0.994 on average, 0.984 at worst), and
    which others were new when it was first cached would decide answers; alone, the same question gets the same
    answer whatever was asked before (26.1 ms for 8 sentences, against 24.3 ms in one batch).
    """

    def __init__(
        self,
        encode: Callable[[list[str]], np.ndarray],
        max_sentences: int = 20_000,
        warm: Callable[[str], np.ndarray | None] | None = None,
    ) -> None:
        self._encode = encode
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._max = max_sentences
        self._lock = threading.Lock()
        self._warm = warm
        """Vectors computed ahead of questions (``SentenceWarmer.get``), looked up before the cache."""

    def encode(self, claims: list[str], sentences: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(claim vectors, sentence vectors), encoding only the sentences neither the warm vectors nor the cache
        hold."""
        known: dict[str, np.ndarray] = {}
        if self._warm is not None:
            known = {t: v for t in sentences if (v := self._warm(t)) is not None}
        with self._lock:
            known.update((t, self._cache[t]) for t in sentences if t not in known and t in self._cache)
        missing = [t for t in dict.fromkeys(sentences) if t not in known]
        texts = claims + missing
        # every sentence cached and no claim: no model pass
        vectors = np.concatenate([self._encode([text]) for text in texts]) if texts else None
        if vectors is not None:
            known.update(zip(missing, vectors[len(claims) :]))
        with self._lock:
            for text in sentences:
                self._cache[text] = known[text]
                self._cache.move_to_end(text)
            while len(self._cache) > self._max:
                self._cache.popitem(last=False)
        rows = [known[t] for t in sentences]
        width = vectors.shape[1] if vectors is not None else (rows[0].shape[0] if rows else 0)
        claim_vectors = vectors[: len(claims)] if vectors is not None else np.zeros((0, width), np.float32)
        return claim_vectors, np.stack(rows) if rows else np.zeros((0, width), np.float32)


def check_support(
    answer: str,
    citations: Sequence[Citation],
    encode: Callable[[list[str]], np.ndarray] | SentenceVectors,
    min_similarity: float = 0.6,
    min_overlap: float = 0.4,
) -> tuple[list[Citation], list[SupportCheck]]:
    """Citations with ``supported`` set, and the per-claim checks (for logs and tests).

    ``encode`` maps a list of texts to unit vectors (the embedder's ``encode``), or is a ``SentenceVectors``.
    """
    vectorizer = encode if isinstance(encode, SentenceVectors) else SentenceVectors(encode)
    by_n = {c.n: c for c in citations}
    claims = cited_claims(answer)
    pairs = [(claim, n) for claim in claims for n in claim.numbers if n in by_n]
    if not pairs:
        return [Citation(c.n, c.hit, None) for c in citations], []
    passage_sentences: dict[int, list[str]] = {}
    for n, citation in by_n.items():
        text = citation.hit.chunk.text
        passage_sentences[n] = [text[s:e] for s, e in split_sentences(text)] or [text]
    claim_texts = list(dict.fromkeys(claim.text for claim in claims))
    sentence_texts = [s for n in sorted(passage_sentences) for s in passage_sentences[n]]
    claim_vectors, sentence_vectors = vectorizer.encode(claim_texts, sentence_texts)
    claim_vec = {t: claim_vectors[i] for i, t in enumerate(claim_texts)}
    offset = 0
    sentence_vecs: dict[int, np.ndarray] = {}
    for n in sorted(passage_sentences):
        count = len(passage_sentences[n])
        sentence_vecs[n] = sentence_vectors[offset : offset + count]
        offset += count
    checks: list[SupportCheck] = []
    for claim, n in pairs:
        similarity = float(np.max(sentence_vecs[n] @ claim_vec[claim.text]))
        overlap = word_overlap(claim.text, by_n[n].hit.chunk.text)
        ok = supports(similarity, overlap, min_similarity, min_overlap)
        checks.append(SupportCheck(claim.text, n, round(similarity, 4), round(overlap, 4), ok))
    verdict: dict[int, bool] = {}
    for check in checks:
        verdict[check.n] = verdict.get(check.n, True) and check.supported
    return [Citation(c.n, c.hit, verdict.get(c.n)) for c in citations], checks
