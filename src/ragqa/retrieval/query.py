"""What a question says beyond its words: the sources and days it names, its clauses, a trailing aside.

Pure text functions (no arrays, no model), used by the retriever to build its cues and unit-tested directly.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

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
