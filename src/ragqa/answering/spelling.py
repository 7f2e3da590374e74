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

import calendar
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA
from wordfreq import zipf_frequency

from ragqa.ingest.words import STOPWORDS, fold
from ragqa.retrieval.lexical import stem

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

    def completions(self, start: str) -> list[str]:
        """The corpus words ``start`` begins and is shorter than, one form a Snowball stem (its commonest, then its
        shortest), the commonest first: what a clipped word may stand for.

        >>> words = {"secretary": 5, "seconded": 2, "second": 1}
        >>> Speller(words, words.__getitem__).completions("sec")
        ['secretary', 'seconded']
        """
        forms: dict[str, str] = {}
        for word in self._words.get(start[:1], []):
            if word.startswith(start) and len(word) > len(start):
                known = forms.get(key := stem(word))
                if known is None or (-self._frequency(word), len(word)) < (-self._frequency(known), len(known)):
                    forms[key] = word
        return sorted(forms.values(), key=lambda w: (-self._frequency(w), len(w), w))


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


MONTHS = {short.lower(): name.lower() for short, name in zip(calendar.month_abbr, calendar.month_name) if short}
MONTHS |= {"sept": "september"}
"""A month as people shorten it ("the feb newsletter", "the sept meeting"), with its name; "may" is its name."""


def spelt_otherwise(question: str, has_term: Callable[[str], bool] | None) -> dict[str, str]:
    """The question's lower-case words that the corpus never uses but writes in the other English spelling or in
    full, with that spelling ("the tool's licence" over docs saying "license"; "the color of the flag" over a
    British text; "max" over a text saying "maximum"; "the feb newsletter" over one titled "February 2026")."""
    if has_term is None:
        return {}
    found = {}
    for word in {m.group() for m in _WORD.finditer(question)}:
        whole = CLIPPINGS.get(word) or MONTHS.get(word)
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


COMPOUND_PART = 3
"""The fewest letters each half of a closed compound has ("harbour|master", "life|boat", "car|park"): shorter ones
split words that are none ("in|tense"); a stopword is no half either ("the|rapist")."""


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


CLIPPED_LETTERS = 3
"""The fewest letters of a clipped word ("sec", "exec", "defib"): two are an acronym's or anything's start."""
CLIPPED_BY = 3
"""The fewest letters a clipping drops ("exec|utive", "sec|retary"): a word one or two letters short of a corpus word
is a word of its own ("steep" of "steeple", "ban" of "bank")."""
SUFFIXES = frozenset(
    "s es ed er ers est ing ings ly ally ually ful fully less ness ment ments ist ists ism able ible al ial ic ical ous"
    " ive ity ship hood wise ward wards like y ish en ery".split()
)
"""Endings that make a word of another ("price|less", "art|ist", "event|ually"): the longer word is no reading of
the shorter, which is a word of its own."""
CLIPPED_ZIPF = 3.35
"""A word at least this common in English (wordfreq's Zipf scale) is read as a longer corpus word only where a passage
writes that word beside the question's ("membership sec" of "Membership Secretary"): alone, "net", "sings", "big",
"author", "recap" and "reuse" (3.37) are words, not clippings of "netflix", "singapore", "biggest", "authorized",
"recaptcha", "reuseaddr" (tune halves); "defib" (1.6), "veg" (3.3) and "exec" (3.32) are read as the one corpus word
they begin."""
_POSSESSIVE = re.compile(r"['’]s$")


def clippings(question: str, has_term: Callable[[str], bool] | None) -> dict[str, str]:
    """The question's lower-case words of ``CLIPPED_LETTERS`` or more that the corpus never writes, no stopword,
    each with the start it may clip, its possessive or plural dropped ("sec's": "sec", "subs": "sub")."""
    if has_term is None:
        return {}
    found = {}
    for typed in {m.group() for m in _WORD.finditer(question)}:
        start = fold(typed)
        if len(start) < CLIPPED_LETTERS or not start.isalpha() or {typed, start} & STOPWORDS:  # "does": no "doe"
            continue
        if not has_term(start):
            found[typed] = start
    return found


def read_clipping(question: str, typed: str, start: str, readings: Sequence[str], texts: Iterable[str]) -> str | None:
    """The corpus word a typed word the corpus never writes (``typed``, clipping ``start``) stands for, None when
    no one word does. Why: people clip words ("defib", "the subs", "membership sec", "chief exec", "grid ref") the
    corpus writes in full, and a clipped word misses every passage. A reading is a corpus word ``start`` begins
    (``readings``: ``Speller.completions``) ``CLIPPED_BY`` letters longer or more, not ``start`` made another word
    (``SUFFIXES``, or an English word after it: "price|less", "war|den"): the only one for a word English rarely
    uses (``CLIPPED_ZIPF``), else the only one ``texts`` (passages retrieved for the question) write beside a
    question word beside ``typed`` ("Membership Secretary"). A possessive stays ("sec's": "secretary's").

    >>> texts = ["Membership Secretary: Ruth Okonedo"]
    >>> read_clipping("the membership sec's phone", "sec's", "sec", ["secretary", "section"], texts)
    "secretary's"
    """
    fitting = [word for word in readings if _clips(start, word)]
    if len(fitting) > 1 or zipf_frequency(typed, "en") >= CLIPPED_ZIPF:
        stems = {stem(word): word for word in fitting}
        written = {stem(word.lower()) for word in _written_beside(question, typed, start, texts)}
        fitting = [stems[key] for key in written & stems.keys()]
    if len(fitting) != 1:
        return None
    possessive = _POSSESSIVE.search(typed)
    return fitting[0] + (possessive.group() if possessive else "")


def _clips(start: str, word: str) -> bool:
    """Whether ``word`` may be what ``start`` clips: ``CLIPPED_BY`` letters longer or more, its rest no ending
    (``SUFFIXES``) nor a word English uses."""
    rest = word[len(start) :]
    return len(rest) >= CLIPPED_BY and rest not in SUFFIXES and zipf_frequency(rest, "en") < ENGLISH_ZIPF


def _written_beside(question: str, typed: str, start: str, texts: Iterable[str]) -> list[str]:
    """The words ``texts`` write starting with ``start`` next to a content word the question has next to
    ``typed`` ("membership" before "sec's": "Secretary" of "Membership Secretary")."""
    words = [m.group().lower() for m in re.finditer(r"[\w'’]+", question)]
    at = [i for i, word in enumerate(words) if word == typed]
    beside = {words[j] for i in at for j in (i - 1, i + 1) if 0 <= j < len(words)} - STOPWORDS - {typed}
    clipped = rf"({re.escape(start)}[a-z]+)"
    found = []
    for word in beside:
        near = re.escape(word)
        pattern = re.compile(rf"(?<![\w-]){near}[\s-]+{clipped}|{clipped}[\s-]+{near}(?![\w-])", re.IGNORECASE)
        found += [m.group(1) or m.group(2) for text in texts for m in pattern.finditer(text)]
    return found


_THOUSANDS = re.compile(r"(?<![\w.,])(\d{1,3}(?:\.\d)?)k\b", re.IGNORECASE)
"""A figure in thousands typed with a "k" ("5k", "2.5K")."""


def thousands_written(question: str, has_term: Callable[[str], bool] | None) -> str:
    """The question with a figure in thousands typed with a "k" written in figures ("what was the 5k grant for":
    "5,000") where the corpus writes that figure and never the "k" ("a grant of £5,000"); a corpus writing "5k"
    means it so (a "5k" run).

    >>> thousands_written("the 5k grant", {"5000"}.__contains__)
    'the 5,000 grant'
    """
    if has_term is None:
        return question

    def written(m: re.Match[str]) -> str:
        figure = round(float(m.group(1)) * 1000)
        return f"{figure:,}" if has_term(str(figure)) and not has_term(m.group().lower()) else m.group()

    return _THOUSANDS.sub(written, question)


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
