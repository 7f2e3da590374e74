"""Words as keyword matching sees them: lowercase, stopwords dropped, plural/possessive endings folded.

``terms`` (and ``fold``, ``STOPWORDS``) live in ``ingest.words``, below the index that stores BM25 over them.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from ragqa.ingest.words import COUNTRY, MONTHS_SHORT, STOPWORDS, VERSION, fold, padded, plain, terms
from ragqa.ingest.words import WORD as _WORD

__all__ = ["STOPWORDS", "fold", "idf_weights", "stem", "stems", "terms"]


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

    Acronyms survive whatever their spelling: "U.S.", "US", "u.s." and "USA" all give "usa" (``terms``' country),
    while a lower-case "us" is a stopword and dropped. A text typed all in capitals ("WHO IS ZAMIR KABULOV") has no
    acronyms to tell from its words: its stopwords are dropped as in any text.
    """
    shouted = not any(c.islower() for c in text) and len(_WORD.findall(text)) >= 3
    text = _ACRONYM.sub(lambda m: m.group().replace(".", "").upper(), text)
    return [found for word in _WORD.findall(text) if (found := _word_stem(word, shouted)) is not None]


@lru_cache(maxsize=1 << 16)
def _word_stem(word: str, shouted: bool) -> str | None:
    """The stem of one word as written, None for a stopword. Cached: the answer step stems every sentence of
    its candidate passages, and a corpus repeats its words (a third of ``stems``' time went to these steps)."""
    if word in ("US", "USA"):
        return COUNTRY
    version = VERSION.fullmatch(word)
    if version:
        return version.group(1)
    if padded(word):
        return word.lstrip("0") or "0"  # "ADR-0019" typed "adr 19", as ``terms`` reads it
    lower = plain(word.lower())
    if lower.endswith(("'s", "’s")):
        lower = lower[:-2]
    lower = MONTHS_SHORT.get(lower, lower)  # "sept 2025": the month, as ``terms`` reads it
    if (lower in STOPWORDS or fold(lower) in STOPWORDS) and (shouted or not (word.isupper() and len(word) > 1)):
        return None  # "whats", "didnt", "theyre": stopwords typed without the apostrophe, as ``terms`` reads them
    found = str(_stemmer().stemWord(lower))
    return _IRREGULAR.get(found, found)


_IRREGULAR = {"wrote": "write", "written": "write"}
"""The irregular forms of the verb authorship questions ask with ("who wrote the guide" of "Written by Jane Doe"),
which Snowball leaves apart. Only these: every irregular form read as its base word (lemminflect's tables) made
unanswerable questions look answered as much as answerable ones (docs/quality.md)."""


def stem(word: str) -> str:
    """The Snowball stem of one lower-case word, as ``stems`` gives it ("reported" and "report": "report")."""
    found = str(_stemmer().stemWord(word))
    return _IRREGULAR.get(found, found)
