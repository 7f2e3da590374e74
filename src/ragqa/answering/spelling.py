"""A question's word that the corpus never uses, read as the corpus word it is one slip away from ("who is
kabulv" -> "kabulov", "afganistan" -> "afghanistan").

Why: people type fast; a misspelt name misses every keyword match and every sentence, so the answer abstains
or quotes the wrong passage. Only lower-case words of five letters or more that the whole corpus never uses are
corrected, and only when English rarely uses them either (wordfreq: "steep" is a word even in a corpus without
it); a capitalized unknown word is more likely a name typed with care, a short one an acronym. A slip becomes the
corpus word within one edit (two from eight letters) that starts with the same letter: the nearest, then the
closest in spelling ("stong": "strong" rather than "stone"), then the more frequent. rapidfuzz computes the
distances.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA
from wordfreq import zipf_frequency

from ragqa.ingest.words import STOPWORDS, fold

MIN_LETTERS = 5
_WORD = re.compile(r"(?<![\w'’./\\@-])[a-z][a-z'’-]*[a-z](?![\w'’-])(?![./\\@]\w|/)")
"""A lower-case word as typed, not a piece of a path, address or file name ("/tmp", "python.org", "docs.rs",
"tmp/"): those are written as they are, so they are never respelt ("/tmp" read as "/temporary")."""


def _edits(word: str) -> int:
    return 1 if len(word) < 8 else 2


class Speller:
    """The corpus's words by first letter, to find the one a misspelt word was meant to be."""

    def __init__(self, vocabulary: Iterable[str], frequency: Callable[[str], float]) -> None:
        self._frequency = frequency
        self._words: dict[str, list[str]] = defaultdict(list)
        for word in vocabulary:
            if len(word) >= MIN_LETTERS - 1 and word.isalpha():
                self._words[word[0]].append(word)

    def correct(self, word: str) -> str | None:
        """The corpus word ``word`` (lower case, unknown to the corpus) is a slip of, or None."""
        found = process.extract(
            word, self._words.get(word[0], []), scorer=OSA.distance, score_cutoff=_edits(word), limit=8
        )
        if not found:
            return None
        best = min(found, key=lambda f: (f[1], -fuzz.ratio(word, f[0]), -self._frequency(f[0])))
        return str(best[0])


ENGLISH_ZIPF = 2.5
"""A word at least this common in English (wordfreq's Zipf scale: 3 is once per million words) is a word, not a
slip, even where the corpus never uses it ("steep", "regard"); common misspellings sit below ("independant" 2.35,
"strenght" 2.24, "kabulv" 0)."""


def misspelt(question: str, has_term: Callable[[str], bool] | None) -> list[str]:
    """The question's lower-case words of five letters or more that the corpus never uses and English rarely
    does: slips, maybe."""
    if has_term is None:
        return []
    words = {m.group() for m in _WORD.finditer(question)}
    unknown = [w for w in words if len(w) >= MIN_LETTERS and w not in STOPWORDS and not has_term(fold(w))]
    return sorted(w for w in unknown if zipf_frequency(w, "en") < ENGLISH_ZIPF)


SPELLINGS = (
    ("isation", "ization"),
    ("ising", "izing"),
    ("ised", "ized"),
    ("ise", "ize"),
    ("yse", "yze"),
    ("ence", "ense"),
    ("our", "or"),
    ("tre", "ter"),
    ("ogue", "og"),
    ("elled", "eled"),
    ("alled", "aled"),
    ("elling", "eling"),
    ("alling", "aling"),
)
"""British and American spellings of one word ("licence" and "license", "colour" and "color", "organise" and
"organize", "centre" and "center", "travelled" and "traveled"): a person writes one, the corpus may use the other."""


CLIPPINGS = {
    "abbrev": "abbreviation",
    "ack": "acknowledge",
    "acct": "account",
    "amt": "amount",
    "app": "application",
    "approx": "approximately",
    "apps": "applications",
    "arg": "argument",
    "args": "arguments",
    "avg": "average",
    "biz": "business",
    "cmd": "command",
    "cmds": "commands",
    "config": "configuration",
    "db": "database",
    "dep": "dependency",
    "deps": "dependencies",
    "dept": "department",
    "devs": "developers",
    "dir": "directory",
    "dirs": "directories",
    "doc": "document",
    "docs": "documentation",
    "econ": "economy",
    "edu": "education",
    "env": "environment",
    "fav": "favorite",
    "fave": "favorite",
    "func": "function",
    "gov": "government",
    "govt": "government",
    "hrs": "hours",
    "impl": "implementation",
    "info": "information",
    "intel": "intelligence",
    "intl": "international",
    "intro": "introduction",
    "lang": "language",
    "lib": "library",
    "libs": "libraries",
    "max": "maximum",
    "meds": "medications",
    "mgmt": "management",
    "mgr": "manager",
    "min": "minimum",
    "mins": "minutes",
    "msg": "message",
    "num": "number",
    "org": "organization",
    "orgs": "organizations",
    "param": "parameter",
    "params": "parameters",
    "perf": "performance",
    "pic": "picture",
    "pics": "pictures",
    "pkg": "package",
    "pkgs": "packages",
    "ppl": "people",
    "prod": "production",
    "pts": "points",
    "qtr": "quarter",
    "qty": "quantity",
    "repo": "repository",
    "repos": "repositories",
    "secs": "seconds",
    "spec": "specification",
    "specs": "specifications",
    "stats": "statistics",
    "tech": "technical",
    "tmp": "temporary",
    "var": "variable",
    "vars": "variables",
    "vax": "vaccine",
    "ver": "version",
    "vid": "video",
    "vids": "videos",
    "wk": "week",
    "wks": "weeks",
    "yd": "yard",
    "yds": "yards",
    "yr": "year",
    "yrs": "years",
}
"""Words people clip or shorten when they type ("max berths", "the config dir", "min ship length", "how many ppl"),
with the word they stand for ("passing yds", "avg price", "the intel briefing", "can devs overrule the tech
committee"); read as the whole word where the corpus never uses the clipped one but uses the whole. A clipping
with two common readings is left out: "temp" (temporary, temperature), "admin" (administrator, administration),
"exec" (executive, execute), "vet" (veteran, veterinarian), "gen", "sen", "pres", "dev", "rep"."""


def spelt_otherwise(question: str, has_term: Callable[[str], bool] | None) -> dict[str, str]:
    """The question's lower-case words that the corpus never uses but writes in the other English spelling or in
    full, with that spelling ("the tool's licence" over docs saying "license"; "the color of the flag" over a
    British text; "max" over a text saying "maximum")."""
    if has_term is None:
        return {}
    found = {}
    for word in {m.group() for m in _WORD.finditer(question)}:
        whole = CLIPPINGS.get(word)
        if whole is not None and not has_term(word) and has_term(whole):
            found[word] = whole
            continue
        if len(word) < MIN_LETTERS or word in STOPWORDS or has_term(fold(word)):  # not "four" as "for"
            continue
        for a, b in (*SPELLINGS, *((b, a) for a, b in SPELLINGS)):
            at = word.find(a)
            other = word[:at] + b + word[at + len(a) :] if at > 0 else ""
            if other and has_term(fold(other)):
                found[word] = other
                break
        else:
            hyphened = _hyphened(word)
            if hyphened is not None and all(has_term(fold(part)) for part in hyphened.split("-")):
                found[word] = hyphened
            elif (apart := _apart(word, has_term)) is not None:
                found[word] = apart
    return found


def written_apart(apart: str, texts: Iterable[str]) -> bool:
    """Whether ``texts`` write the two words of a compound read apart (``spelt_otherwise``: "harbour master") next
    to each other, in any case, a space or a hyphen between: the check that the corpus writes the compound so, and
    does not merely use its halves ("upper" and "casing" of a text about "\\MakeUppercase" and casings).

    >>> written_apart("harbour master", ["its new Deputy Harbour Master"])
    True
    """
    first, second = apart.split()
    pattern = re.compile(rf"(?<![\w-]){re.escape(first)}[\s-]+{re.escape(second)}(?![\w-])", re.IGNORECASE)
    return any(pattern.search(text) for text in texts)


COMPOUND_PART = 4
"""The fewest letters each half of a closed compound has ("harbour|master", "life|boat"): shorter ones split
words that are none ("the|rapist", "in|tense")."""


def _apart(word: str, has_term: Callable[[str], bool]) -> str | None:
    """A closed compound the corpus never uses written as the two words it uses ("harbourmaster": "harbour
    master", over "its new Deputy Harbour Master"): each half of ``COMPOUND_PART`` letters or more, a word English
    uses (``ENGLISH_ZIPF``), commoner than the compound, and no stopword; the split with the longest shorter half
    when several are; None without one. English writes many compounds now closed, now open ("harbour master",
    "car park", "lifeboat"), and a keyword index reads the two forms as different words; a word commoner than its
    halves is one of its own ("football" is no "foot ball")."""
    whole = zipf_frequency(word, "en")
    splits = [
        (word[:at], word[at:])
        for at in range(COMPOUND_PART, len(word) - COMPOUND_PART + 1)
        if all(
            part not in STOPWORDS and max(whole, ENGLISH_ZIPF) <= zipf_frequency(part, "en") and has_term(fold(part))
            for part in (word[:at], word[at:])
        )
    ]
    if not splits:
        return None
    first, second = max(splits, key=lambda pair: min(len(pair[0]), len(pair[1])))
    return f"{first} {second}"


HYPHENED_PREFIXES = ("e", "co", "re", "pre", "non", "multi", "sub")
"""Prefixes English writes now joined, now with a hyphen ("email", "e-mail"; "cooperative", "co-operative";
"nonmember", "non-member")."""


def _hyphened(word: str) -> str | None:
    """``word`` with a hyphen after the prefix it starts with (``HYPHENED_PREFIXES``), None without one: "email":
    "e-mail". The corpus reads a hyphened word as its two parts, so "email" never matched "E-mail: ..." rows."""
    prefix = next((p for p in HYPHENED_PREFIXES if word.startswith(p) and len(word) - len(p) >= 3), None)
    return None if prefix is None or "-" in word else f"{prefix}-{word[len(prefix) :]}"


_GLUED = re.compile(r"(?<![\w.,])(\d+(?:\.\d+)?)(?!(?:st|nd|rd|th|s)\b)([a-z]{1,4})\b", re.IGNORECASE)
"""A number with its unit typed together ("5ghz", "16a", "2.4GHz"); not an ordinal ("2nd") or a decade
("1990s")."""


def units_apart(question: str, has_term: Callable[[str], bool] | None) -> str:
    """The question with a number and its unit typed together written apart when the corpus never uses them
    together but uses the unit ("does it support 5ghz wifi" over a text saying "5 GHz"). Only in the question:
    a text's "3Q" or "5G" is one word, as its writer meant."""
    if has_term is None:
        return question

    def apart(m: re.Match[str]) -> str:
        glued = m.group().lower()
        return m.group() if has_term(glued) or not has_term(m.group(2).lower()) else f"{m.group(1)} {m.group(2)}"

    return _GLUED.sub(apart, question)


def corrected(words: Iterable[str], speller: Speller) -> dict[str, str]:
    """Each word the speller can read as a corpus word, with that word."""
    return {w: c for w in words if (c := speller.correct(w)) is not None}


def respell(text: str, names: Mapping[str, str]) -> str:
    """``text`` with each lower-case word in ``names`` replaced by its correction."""
    if not names:
        return text
    return _WORD.sub(lambda m: names.get(m.group(), m.group()), text)


_APOSTROPHE_DROPPED = {
    "whos": "who's",
    "whats": "what's",
    "wheres": "where's",
    "whens": "when's",
    "hows": "how's",
    "whys": "why's",
    "thats": "that's",
    "theres": "there's",
    "heres": "here's",
    "hes": "he's",
    "shes": "she's",
    "isnt": "isn't",
    "arent": "aren't",
    "wasnt": "wasn't",
    "werent": "weren't",
    "dont": "don't",
    "doesnt": "doesn't",
    "didnt": "didn't",
    "cant": "can't",
    "couldnt": "couldn't",
    "wouldnt": "wouldn't",
    "shouldnt": "shouldn't",
    "hasnt": "hasn't",
    "havent": "haven't",
    "hadnt": "hadn't",
    "wont": "won't",
    "youre": "you're",
    "theyre": "they're",
}
_BARE_CONTRACTION = re.compile(r"\b(?:" + "|".join(_APOSTROPHE_DROPPED) + r")\b", re.IGNORECASE)


def with_apostrophes(question: str) -> str:
    """The question with the contractions typed without their apostrophe written with it ("whos the author" ->
    "who's the author"): every rule that reads a question's wording (what is asked about the article, the kind
    of answer, follow-ups) then sees one form. A word typed in capitals ("WHOS") is left alone: it may be a
    name."""

    def restore(match: re.Match[str]) -> str:
        word = match.group()
        if word.isupper():
            return word
        full = _APOSTROPHE_DROPPED[word.lower()]
        return full[0].upper() + full[1:] if word[0].isupper() else full

    return _BARE_CONTRACTION.sub(restore, question)
