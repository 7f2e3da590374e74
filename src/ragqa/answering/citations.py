"""Number cited passages in order of first use and render ``[n]`` markers.

Pure and model-free, so the numbering rules are tested directly.
"""

from __future__ import annotations

from dataclasses import dataclass

from ragqa.retrieval import Hit


@dataclass(frozen=True)
class Citation:
    """Passage number ``n`` in the answer text and the retrieved passage it points to.

    ``supported`` says whether the sentences citing it were checked against the passage and held up
    (None when no check ran, as in extractive answers, whose sentences are quoted from the passage).
    """

    n: int
    hit: Hit
    supported: bool | None = None


@dataclass(frozen=True)
class Claim:
    """One sentence of an answer and the passages that support it."""

    text: str
    sources: tuple[Hit, ...]


def render_claims(claims: list[Claim]) -> tuple[str, list[Citation]]:
    """Answer text with ``[n]`` after each claim, and exactly the cited passages, numbered by first use."""
    numbers: dict[str, int] = {}
    citations: list[Citation] = []
    parts: list[str] = []
    for claim in claims:
        marks = []
        for hit in claim.sources:
            key = hit.chunk.chunk_id
            if key not in numbers:
                numbers[key] = len(numbers) + 1
                citations.append(Citation(numbers[key], hit))
            if numbers[key] not in marks:
                marks.append(numbers[key])
        suffix = "".join(f"[{n}]" for n in marks)
        parts.append(f"{claim.text} {suffix}" if suffix else claim.text)
    return " ".join(parts), citations
