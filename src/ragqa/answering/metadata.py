"""Questions about an article itself (who wrote it, when it was published, its title, its outlet), answered
from the document's metadata and cited to the document, not searched for in its sentences.

Why: the byline and the date line are metadata, not passage text, so no sentence of the article answers
"who wrote this?"; and they are the first thing a reader checks to trust an answer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Literal

from ragqa.answering.citations import Citation, Claim, render_claims
from ragqa.records import DocumentRecord, Hit

Field = Literal["author", "published", "title", "outlet"]

_ABOUT_IT = r"(?:the |this |that )?(?:article|story|piece|report|post|text|op-ed|column|document|it|this)\b"
_PATTERNS: list[tuple[Field, re.Pattern[str]]] = [
    (
        "author",
        re.compile(
            rf"\bwho\s+(?:wrote|writes|authored|penned|reported)\s+{_ABOUT_IT}|\b(?:author|writer|"
            rf"byline|reporter)\s+of\s+{_ABOUT_IT}|\bwho(?:'s| is| was)\s+(?:the\s+)?(?:author|writer|"
            r"reporter)\b|\bby whom\b",
            re.I,
        ),
    ),
    (
        "published",
        re.compile(
            rf"\bwhen\s+(?:was|is|did)\s+{_ABOUT_IT}\s*(?:published|written|posted|released|"
            r"come out|dated|updated)|\b(?:publication|publish(?:ing)?|release)\s+(?:date|day|time)\b|"
            rf"\bwhat\s+(?:date|day|time)\s+(?:was|is)\s+{_ABOUT_IT}",
            re.I,
        ),
    ),
    (
        "title",
        re.compile(
            rf"\b(?:title|headline)\b.*\b{_ABOUT_IT}|\bwhat(?:'s| is)\s+{_ABOUT_IT}\s+(?:called|titled)|"
            r"\b(?:title|headline)\??\s*$",
            re.I,
        ),
    ),
    (
        "outlet",
        re.compile(
            rf"\b(?:which|what)\s+(?:newspaper|outlet|publication|paper|site|website|magazine|"
            rf"news ?(?:site|outlet|agency))\b.*\b(?:publish|ran|run|print|post)|\bwhere\s+(?:was|is)\s+"
            rf"{_ABOUT_IT}\s*(?:published|posted|from)",
            re.I,
        ),
    ),
]


def asked_field(question: str) -> Field | None:
    """Which piece of an article's metadata the question asks for, if it asks about the article itself."""
    for field, pattern in _PATTERNS:
        if pattern.search(question):
            return field
    return None


def _day(published_at: str) -> str:
    """An ISO date as people write it ("June 29, 2020", with the time when there is one)."""
    try:
        when = datetime.fromisoformat(published_at.replace("Z", "+00:00"))
    except ValueError:
        return published_at
    text = f"{when:%B} {when.day}, {when.year}"
    if "T" in published_at:
        hour = when.hour % 12 or 12
        text += f" at {hour}:{when.minute:02d} {'a.m.' if when.hour < 12 else 'p.m.'}"
        if when.utcoffset() is not None:
            text += f" (UTC{when:%z})"
    return text


def metadata_answer(
    question: str, hits: Sequence[Hit], documents: Mapping[str, DocumentRecord]
) -> tuple[str, list[Citation]] | None:
    """The answer from the best hit's document metadata, or None when the question is not about an article
    itself or that document does not record what is asked (then the passages are searched as usual)."""
    field = asked_field(question)
    if field is None or not hits:
        return None
    hit = hits[0]
    record = documents.get(hit.chunk.doc_id)
    if record is None:
        return None
    title = record.title or hit.chunk.title
    if field == "author" and record.author:
        sentence = f'"{title}" was written by {record.author}.'
    elif field == "published" and record.published_at:
        sentence = f'"{title}" was published on {_day(record.published_at)}.'
    elif field == "title" and title:
        sentence = f'The article is titled "{title}".'
    elif field == "outlet" and record.source:
        sentence = f'"{title}" was published by {record.source}.'
    else:
        return None
    return render_claims([Claim(sentence, (hit,))])
