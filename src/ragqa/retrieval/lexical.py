"""Words as keyword matching sees them: lowercase, stopwords dropped, plural/possessive endings folded."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have having
    he her here hers herself him himself his how i if in into is it its itself just me more most my myself no
    nor not now of off on once only or other our ours ourselves out over own same she should so some such than
    that the their theirs them themselves then there these they this those through to too under until up very
    was we were what when where which while who whom why will with would you your yours yourself yourselves
    said say says according tell told did does do done one ones us mr ms also s t""".split()
)
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")


@lru_cache(maxsize=1 << 16)
def fold(word: str) -> str:
    """Fold a lowercase word to a crude stem so "bounties"/"bounty" and "Russia's"/"Russia" match."""
    word = re.sub(r"['’]s$", "", word)
    word = word.replace("’", "'")
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def terms(text: str) -> list[str]:
    """Content words of ``text`` in order, folded."""
    return [fold(w) for w in (m.group().lower() for m in _WORD.finditer(text)) if w not in STOPWORDS]


def idf_weights(documents: Iterable[Iterable[str]]) -> dict[str, float]:
    """Smoothed inverse document frequency of each term over the given term sets."""
    counts: Counter[str] = Counter()
    n = 0
    for doc in documents:
        n += 1
        counts.update(set(doc))
    return {t: math.log(1 + (n + 1) / (c + 0.5)) for t, c in counts.items()}


_ACRONYM = re.compile(r"\b(?:[A-Za-z]\.){2,}(?![A-Za-z])")


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer  # PyStemmer: Snowball's English stemmer in C

    return Stemmer.Stemmer("english")


def stems(text: str) -> list[str]:
    """Content words of ``text`` as Snowball stems, case-folded ("killed"/"kill", "assessments"/"assess").

    Acronyms survive whatever their spelling: "U.S.", "US" and "u.s." all give "us", which as a lower-case word
    ("us") is a stopword and dropped.
    """
    text = _ACRONYM.sub(lambda m: m.group().replace(".", "").upper(), text)
    words = []
    for match in _WORD.finditer(text):
        word = match.group()
        lower = re.sub(r"['’]s$", "", word.lower())
        if lower in STOPWORDS and not (word.isupper() and len(word) > 1):
            continue
        words.append(lower)
    return list(_stemmer().stemWords(words))
