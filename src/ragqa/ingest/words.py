"""Words as keyword matching sees them: lowercase, stopwords dropped, plural/possessive endings folded.

Why here, below ``index``: the build writes a version's BM25 indexes (``index.bm25``) with the same words that
search and answer scoring use (``retrieval.lexical`` re-exports these), so the tokenizer sits in the lowest stage
that needs it, beside sentence splitting (``chunking``). Changing it changes stored BM25 indexes: bump
``TOKENIZER`` so versions written before are re-indexed in memory on load instead of scored with stale words.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

TOKENIZER = 7
"""Version of ``terms``, recorded beside every stored BM25 index (2: words of any script, accents folded; 3:
initials with dots one word, "US" the country; 4: a version or decimal number one word, "v2.1.3" as "2.1.3"; 5: a
number with thousands separators one word, "1,000" as "1000"; 6: a number without its leading zeros, tried for a
day, replaced by 7: a number of three digits or more without its leading zeros, "0019" as "19", and a shortened
month as the month, "sept" as "september")."""

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have having
    he her here hers herself him himself his how i if in into is it its itself just me more most my myself no
    nor not now of off on once only or other our ours ourselves out over own same she should so some such than
    that the their theirs them themselves then there these they this those through to too under until up very
    was we were what when where which while who whom why will with would you your yours yourself yourselves
    said say says according tell told did does do done one ones us mr ms also s t""".split()
    # contractions, with the apostrophe or typed without it ("whats" folds to "what" below)
    + """don't doesn't didn't isn't wasn't aren't weren't can't couldn't won't wouldn't shouldn't hasn't haven't
    hadn't i'm i've i'd i'll you're you've we're we've they're they've dont doesnt didnt isnt wasnt arent werent
    couldnt wouldnt shouldnt hasnt havent hadnt im ive youre theyre""".split()
)
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
"""Characters a page may hide inside a word: a soft hyphen, zero-width spaces and joiners, a byte order mark
("Stellan S\u200b\u200bkarsgård" in a news feed). They join the word's letters, and are dropped from its term."""
WORD = re.compile(
    r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w,]|\.\d)"
    r"|(?<![\w.])(?!\d\d?\.\d\d?\.\d{4}\b)[vV]?\d+(?:\.\d+)+(?![\w-]|\.\w)"
    r"|(?<![^\W\d_]\.)\b(?:[^\W\d_]\.){1,4}[^\W\d_]\b\.?(?!\w)"
    rf"|[^\W_](?:[^\W_]|[\u0300-\u036f{INVISIBLE}]+(?=[^\W_]))*(?:['’][^\W_]+)?"
)
"""A word of any script: letters and digits, an apostrophe's ending ("Russia's") and what ``INVISIBLE`` names
within it. Letters of every script count, so "Zürich" is one word, not "z" and "rich". Single letters joined by
dots are one word, as they are read: "U.S." and "U.K." are "us" and "uk", not "u" and "s". So is a version or a
decimal number ("2.1.3", "v5.0.0", "3.5"; ``VERSION``): "what changed in foo 2.1.3" is not about every release
numbered with a 2, a 1 or a 3. A day written with dots ("29.06.2020") stays three numbers, as its other forms are.
A number with thousands separators is one number ("1,000", "1,240.50"): "how much do 1000 brochures cost" is about
"1,000 brochures" (``THOUSANDS``)."""
THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
"""A number ``WORD`` finds with its thousands separators; its term is the number without them."""
VERSION = re.compile(r"[vV]?(\d+(?:\.\d+)+)")
"""A version or decimal number as ``WORD`` finds it; its term is the number without the "v"."""
COUNTRY = "usa"
"""The term of "US", "U.S." and "USA": written so, "us" is the country, never the stopword (a question's lower-case
"the us" is written "US" first: ``answering.typed.with_country_written``)."""
_LETTERS = str.maketrans({"ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"})
"""Latin letters that Unicode does not decompose into a base letter and an accent."""


@lru_cache(maxsize=1 << 16)
def plain(word: str) -> str:
    """A lower-case word as people type it without accents: "zürich" and "zurich", "skarsgård" and
    "skarsgard", "łódź" and "lodz" are one word; hidden characters dropped. Other scripts are kept as written."""
    if word.isascii():
        return word
    word = unicodedata.normalize("NFKD", word.translate(_LETTERS))
    return "".join(c for c in word if not unicodedata.combining(c) and c not in INVISIBLE)


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


MONTHS_SHORT = {
    "feb": "february",
    "apr": "april",
    "jun": "june",
    "jul": "july",
    "aug": "august",
    "sep": "september",
    "sept": "september",
    "oct": "october",
    "nov": "november",
    "dec": "december",
}
"""A month as people shorten it ("sept 2025", "Feb. 2026"): the same word as the month written out. Not "jan" (a
name), "mar" (a verb) nor "may" (a month in full)."""


def _term(word: str) -> str | None:
    """A lower-case word's term, None for a stopword as written or once folded ("what's", "whats", "it’s"); a
    month shortened its full name (``MONTHS_SHORT``)."""
    word = plain(word)
    word = MONTHS_SHORT.get(word, word)
    if word in STOPWORDS:
        return None
    folded = fold(word)
    return None if folded in STOPWORDS else folded


@lru_cache(maxsize=1 << 16)
def _written_term(written: str) -> str | None:
    """The term of a word as written: initials with dots lose them, "US" in capitals is the country, a number of
    three digits or more its leading zeros ("ADR-0019" is typed "adr 19"; "04:30" keeps its "04", which a question
    about route 4 does not mean). Cached: the
    answer step reads every sentence of its candidate passages word by word, and a corpus repeats its words."""
    if "," in written and THOUSANDS.fullmatch(written):
        return written.replace(",", "")
    if "." in written:
        version = VERSION.fullmatch(written)
        if version:
            return version.group(1)
        written = written.replace(".", "")
        if written.lower() == "us":
            return COUNTRY
    elif written == "US":
        return COUNTRY
    elif padded(written):
        return written.lstrip("0") or "0"
    return _term(written.lower())


def padded(word: str) -> bool:
    """Whether ``word`` is a number of three digits or more padded with zeros ("0019", "007"): a code's padding, read
    without it; not a time's or a day's two digits ("04:30", "05/03")."""
    return word[:1] == "0" and len(word) > 2 and word.isascii() and word.isdigit()


def terms(text: str) -> list[str]:
    """Content words of ``text`` in order, folded."""
    return [t for word in WORD.findall(text) if (t := _written_term(word)) is not None]


STOP = -1
"""The id ``TermIds`` gives a stopword: kept in place so a caller counts words with ``ids.count(STOP)``."""


class TermIds:
    """Texts as vocabulary ids: ``[words[i] for i in ids(text) if i != STOP] == terms(text)``.

    Why: the BM25 build tokenizes every text of a collection (a million chunks, ten million sentences);
    ``terms`` lowercases, filters and folds each word in Python. Here each distinct word as written is folded once,
    so a text costs one ``findall`` and a C-level dict lookup per word.
    """

    RAW_LIMIT = 1 << 22
    """Distinct written forms remembered at most (then forgotten, not the vocabulary): bounds the memory."""

    def __init__(self) -> None:
        self.words: list[str] = []
        """Id -> term."""
        self._ids: dict[str, int] = {}
        self._raw: dict[str, int] = {}

    def id(self, term: str) -> int:
        """The id of ``term``, a new one the first time it is seen."""
        found = self._ids.get(term)
        if found is None:
            found = self._ids[term] = len(self.words)
            self.words.append(term)
        return found

    def __call__(self, text: str) -> list[int]:
        """The ids of the words of ``text`` in order, ``STOP`` for each stopword."""
        raw = WORD.findall(text)
        try:
            return list(map(self._raw.__getitem__, raw))
        except KeyError:
            if len(self._raw) > self.RAW_LIMIT:
                self._raw.clear()
            for word in raw:
                if word not in self._raw:
                    term = _written_term(word)
                    self._raw[word] = STOP if term is None else self.id(term)
            return list(map(self._raw.__getitem__, raw))
