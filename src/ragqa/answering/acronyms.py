"""A question's acronym that the articles never use, read as the name they spell out ("who is the nsc
spokesman" -> "who is the National Security Council spokesman").

Why: people type short forms ("nsc", "un", "fbi", "ww2") that an article writes out in full; the question's words then
miss every sentence and the answer abstains. Only a word the whole corpus never uses is expanded, and only to a
capitalized phrase of the passages retrieved for the question whose initials spell it, so a question whose
words the corpus knows is never changed. The phrase must be made of words English uses ("National Security
Council"): a person's name is not an acronym's reading ("what tv show ..." is not about "Thorstein Veblen").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping
from functools import lru_cache

from wordfreq import zipf_frequency

from ragqa.answering.spelling import ENGLISH_ZIPF
from ragqa.ingest.words import STOPWORDS, fold

_CANDIDATE = re.compile(r"(?<![\w'’.-])(?:[A-Za-z]{2,6}[1-9]?|[A-Za-z][1-9])(?![\w'’-])")
_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV", "5": "V", "6": "VI", "7": "VII", "8": "VIII", "9": "IX"}
_NUMBERED = re.compile(r"^([a-z]{2,}|[a-z](?=\d))(?:([1-9])|(ii|iii|iv|vi|vii|viii|ix))$", re.IGNORECASE)
JOINING_WORDS = ("of", "the", "and", "for", "on", "in", "to", "de", "du", "des", "la", "le", "&")
"""Small words a name may hold between the words its initials come from ("Federal Bureau of Investigation")."""
JOINERS = r"(?:(?:" + "|".join(JOINING_WORDS) + r")\s+)*"


def _initial(letter: str, inner: bool) -> str:
    """What one letter of an acronym stands for: a capitalized word, a capital alone or with a dot ("John F.
    Kennedy"), and inside the acronym a small joining word too ("boq": "Bank of Queensland")."""
    # a capital alone ("World War I") or followed by a lower-case letter: "II" is not a word starting with "I"
    word = rf"{letter.upper()}(?:[a-z'’][\w'’-]*|\.)?"
    joining = [w for w in JOINING_WORDS if w[0] == letter.lower()] if inner else []
    return rf"(?:{word}|{'|'.join(joining)})" if joining else word


def _phrase(letters: str, number: str = "") -> re.Pattern[str]:
    """Capitalized words whose initials are ``letters``, small joining words allowed between them, then the
    ``number`` (a pattern) when given. The parts of a hyphenated name have an initial each ("sbf": "Sam
    Bankman-Fried"), and an acronym may keep a joining word's ("potus": "President of the United States")."""
    last = len(letters) - 1
    words = [_initial(letter, 0 < i < last) for i, letter in enumerate(letters)] + ([number] if number else [])
    return re.compile(r"(?<![\w-])" + (r"(?:\s+" + JOINERS + r"|-)").join(words) + r"(?![\w-])")


@lru_cache(maxsize=256)
def _readings(acronym: str) -> tuple[re.Pattern[str], ...]:
    """The phrases an acronym may stand for, in order: its letters as initials ("National Security Council",
    "Federal Bureau of Investigation"), then, for a numbered one, its initials and its number written either way
    ("ww2", "wwii": "World War II" or "World War 2"), and for a chief officer's, the post without "Officer"
    ("ceo": "Chief Executive", "chief executive")."""
    numbered = _NUMBERED.match(acronym)
    readings = [] if acronym[-1].isdigit() else [_phrase(acronym)]
    if numbered:
        roman = (_ROMAN.get(numbered.group(2) or "") or numbered.group(3)).upper()
        arabic = numbered.group(2) or str(list(_ROMAN.values()).index(roman) + 1)
        readings.append(_phrase(numbered.group(1), f"(?:{roman}|{arabic})"))
    chief = _CHIEF.match(acronym)
    if chief:  # "ceo": "Chief Executive", as a British text titles the post, in either case
        letter = chief.group(1)
        readings.append(
            re.compile(rf"(?<![\w-])[Cc]hief\s+[{letter.upper()}{letter}][a-z]+(?:\s+[Oo]fficer)?(?![\w-])")
        )
    return tuple(readings)


_CHIEF = re.compile(r"^c([a-z])o$", re.IGNORECASE)
"""A chief officer's initials ("ceo", "cfo", "cto"), whose post a text may name without "Officer"."""


_POSSESSIVE = re.compile(r"['’]s?$")


def _named(phrase: str) -> str:
    """A phrase as a name, on one line and without the possessive it may be written with: "sbf" reads "Sam
    Bankman-Fried", however often the articles write "Sam Bankman-Fried's"."""
    return _POSSESSIVE.sub("", " ".join(phrase.split()))


_ABBREVIATIONS = frozenset("mr mrs ms dr jr sr st vs ft mt co inc ltd etc aka approx esp misc".split())
"""Short forms of single words, never of names."""


def _may_abbreviate(word: str) -> bool:
    """Whether a word may be an acronym: not a stopword or a one-word abbreviation ("Sr", "vs"); two letters
    only in capitals or all in lower case ("EU", "un"), since "Jr" or "Dr" is a title."""
    lower = word.lower()
    if lower in STOPWORDS or lower in _ABBREVIATIONS:
        return False
    return len(word) > 2 or word.isupper() or word.islower()


def unknown_short_words(question: str, has_term: Callable[[str], bool] | None) -> list[str]:
    """The question's short words (2 to 6 letters, maybe a digit after: "ww2") that the corpus never uses:
    acronyms, maybe."""
    if has_term is None:
        return []
    words = (m.group() for m in _CANDIDATE.finditer(question))
    return sorted({w.lower() for w in words if _may_abbreviate(w) and not has_term(fold(w.lower()))})


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def of_words(phrase: str) -> bool:
    """Whether every word of a phrase is one English uses (wordfreq, ``spelling.ENGLISH_ZIPF``), as the words of
    an organisation's, a war's or a programme's name are ("Federal Bureau of Investigation", "World War II");
    a person's name holds a rare one ("Thorstein Veblen", "Enric Miralles"), and a two-letter acronym typed in
    lower case ("tv", "pc") spells some person's initials in most long articles."""
    words = [w for w in _WORD.findall(phrase) if w.lower() not in JOINING_WORDS and not w.isupper()]
    return all(zipf_frequency(w, "en") >= ENGLISH_ZIPF for w in words)


@lru_cache(maxsize=256)
def _term(letters: str) -> re.Pattern[str]:
    """Words of any case whose initials are ``letters`` (each of three letters or more), small joining words
    allowed between them: a term the articles write in lower case ("quantum mechanics", "Turing machine")."""
    words = [rf"[{letter.upper()}{letter.lower()}][a-z'’-]{{2,}}" for letter in letters]
    return re.compile(r"(?<![\w-])" + (r"\s+" + JOINERS).join(words) + r"(?![\w-])")


TERM_USES = 2
"""How often the passages must write a lower-case term for an acronym to be read as it: a term is repeated
where it is discussed, a chance pair of words with those initials is not."""


ONCE_INITIALS = 4
"""Initials from which a phrase of English words the corpus writes once is a reading of them: four capitalized words
spelling the acronym asked ("fscs": a key facts document's one "Financial Services Compensation Scheme") are no
chance pair; two or three may be ("Dina Paul Lee", "The Project Leader")."""


EVERYDAY_ZIPF = 5.0
"""A term's rarest word is rarer in English than this (wordfreq's Zipf scale): "quantum" 4.1, "relativity" 3.3,
"machine" 4.9; a chance pair of everyday words ("many times": 6.0 and 5.6) names nothing."""


def _term_like(phrase: str) -> bool:
    """Whether a phrase may name a term: it starts and ends with a word that is no stopword, holds no stopword
    between but joining words, and one of its words is rarer than everyday English ("theory of computation",
    not "the moon" or "many times")."""
    words = [w.lower() for w in phrase.split()]
    inner = [w for w in words[1:-1] if w not in JOINING_WORDS]
    if any(w in STOPWORDS for w in [words[0], words[-1], *inner]):
        return False
    return min(zipf_frequency(w, "en") for w in words if w not in JOINING_WORDS) < EVERYDAY_ZIPF


def _term_reading(letters: str, texts: list[str]) -> str | None:
    """The most frequent term of ``texts`` (``_term``) that ``letters`` abbreviate, written at least ``TERM_USES``
    times, of words English uses (``of_words``) and ``_term_like``; None when there is none."""
    if not letters.isalpha() or len(letters) > 4:
        return None
    found = Counter(
        phrase.lower()
        for text in texts
        for m in _term(letters).finditer(text)
        if of_words(phrase := " ".join(m.group().split())) and _term_like(phrase)
    )
    best = found.most_common(1)
    return best[0][0] if best and best[0][1] >= TERM_USES else None


_NAME_GOES_ON = re.compile(r"[ \t]+[A-Z][a-z]")
"""A capitalized word right after a phrase: the phrase is part of a longer name, which two letters do not spell
("ml" is not "Martin Luther" of "Martin Luther King Jr. Day")."""


def spelled_out(words: Iterable[str], texts: Iterable[str]) -> dict[str, str]:
    """For each word, the capitalized phrase of ``texts`` it stands for (``_readings``, the first that some text
    holds; its most frequent phrase when several are), else the lower-case term it abbreviates ("qm": "quantum
    mechanics", ``_term_reading``); words nothing spells are left out. The phrase must be ``of_words`` unless the
    acronym is one no English text uses (``looked_up_whole``: three letters or more): people call the famous by
    their initials ("sbf": "Sam Bankman-Fried", "aoc"), while two letters spell some person's name in most long
    articles ("what tv show ..."), or the start of a longer name (``_NAME_GOES_ON``)."""
    texts = list(texts)
    names: dict[str, str] = {}
    for word in words:
        for pattern in _readings(word):
            found = Counter(
                phrase
                for text in texts
                for m in pattern.finditer(text)
                if (of_words(phrase := _named(m.group())) or looked_up_whole(word))
                and not (len(word) == 2 and _NAME_GOES_ON.match(text, m.end()))
            )
            if found:
                names[word] = found.most_common(1)[0][0]
                break
        else:
            term = _term_reading(word, texts)
            if term is not None:
                names[word] = term
    return names


CORPUS_WIDE_ZIPF = 3.5
"""Only a word rarer in English than this is looked up in the whole corpus ("dpl" 1.8, "gpu" 3.2; not "till" 4.8 or
"died" 5.2, which the corpus may never use while some capitalized phrase happens to have their initials)."""
CORPUS_WIDE_LIMIT = 50_000
"""Above this many chunks the corpus is not read whole for readings (``phrase_readings``)."""
_CAPITALIZED = re.compile(r"[A-Z][a-z'’]+")
"""A capitalized word, or a part of a hyphenated name ("Bankman-Fried": two initials)."""
_RUN_WORD = r"[A-Z][a-z'’]+(?:-[A-Za-z][a-z'’]+)*"
_RUN = re.compile(_RUN_WORD + r"(?:\s+" + JOINERS + _RUN_WORD + r")+")
_MAX_WORDS = 5


def looked_up_whole(word: str) -> bool:
    """Whether an acronym nothing retrieved spells out is looked up in the whole corpus (``phrase_readings``): three
    to five letters, and no everyday English word (``CORPUS_WIDE_ZIPF``)."""
    return word.isalpha() and 3 <= len(word) <= _MAX_WORDS and zipf_frequency(word, "en") < CORPUS_WIDE_ZIPF


def phrase_readings(texts: Iterable[str]) -> dict[str, str]:
    """For each initials (lower case), the capitalized phrase of ``texts`` with them, written at least ``TERM_USES``
    times and ``of_words``, the most frequent when several are: what an acronym stands for when the passages
    retrieved for its question never write it out ("how long does a dpl serve", where only the history says "Debian
    Project Leader" and the rules say "the Project Leader"). Phrases are runs of two to five capitalized words,
    small joining words allowed between them, starting at any capitalized word of a longer run that is no
    stopword ("The Debian Project Leader" holds "Debian Project Leader")."""
    counts: Counter[tuple[str, str]] = Counter()
    for text in texts:
        for run in _RUN.finditer(text):
            words = [(m.start(), m.end()) for m in _CAPITALIZED.finditer(run.group())]
            for first, (start, _) in enumerate(words):
                if run.group()[start : words[first][1]].lower() in STOPWORDS or run.group()[start - 1 : start] == "-":
                    continue
                for last in range(first + 1, min(first + _MAX_WORDS, len(words))):
                    if run.group()[words[last][1] : words[last][1] + 1] == "-":
                        continue  # not within a hyphenated name ("Sam Bankman" of "Sam Bankman-Fried")
                    phrase = _named(run.group()[start : words[last][1]])
                    initials = "".join(run.group()[s] for s, _ in words[first : last + 1]).lower()
                    counts[(initials, phrase)] += 1
                    kept = _kept_initials(run.group(), words[first : last + 1])
                    if kept != initials:  # "Statement of Persons Nominated": "SOPN" as well as "SPN"
                        counts[(kept, phrase)] += 1
    for (initials, phrase), uses in list(counts.items()):  # "Tree Preservation Orders" is a use of the singular
        if phrase.endswith("s") and (initials, phrase[:-1]) in counts:
            counts[(initials, phrase[:-1])] += uses
            del counts[(initials, phrase)]
    best: dict[str, tuple[bool, int, str]] = {}
    for (initials, phrase), uses in counts.items():
        # a person's initials only when three or more ("sbf"), after any phrase of English words
        worded = of_words(phrase)
        once = worded and len(initials) >= ONCE_INITIALS  # "Financial Services Compensation Scheme", written once
        if (
            (uses >= TERM_USES or once)
            and (worded or len(initials) >= 3)
            and (worded, uses) > best.get(initials, (False, 0))[:2]
        ):
            best[initials] = (worded, uses, phrase)
    return {initials: phrase for initials, (_, _, phrase) in best.items()}


def _kept_initials(run: str, words: list[tuple[int, int]]) -> str:
    """The initials of the capitalized ``words`` (spans of ``run``) with those of the joining words between them
    that initials keep (``_LETTERED``: "Statement of Persons Nominated": "sopn", "Bank of Queensland": "boq")."""
    letters = []
    for n, (start, end) in enumerate(words):
        letters.append(run[start].lower())
        if n + 1 < len(words):
            between = run[end : words[n + 1][0]].lower().split()
            letters.extend(w[0] for w in between if w in _LETTERED)
    return "".join(letters)


_HEADING_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def _as_capitalized(heading: str) -> str:
    """A heading typed in capitals with its words capitalized as a name's are, joining words in lower case
    ("ANNUAL REPORT OF THE PAROCHIAL CHURCH COUNCIL": "Annual Report of the Parochial Church Council"), so its
    names read as runs of capitalized words; any other heading as it is."""
    if any(c.islower() for c in heading) or len(_HEADING_WORD.findall(heading)) < 2:
        return heading

    def word(m: re.Match[str]) -> str:
        lower = m.group().lower()
        return lower if lower in JOINING_WORDS and m.start() > 0 else lower[0].upper() + lower[1:]

    return _HEADING_WORD.sub(word, heading)


def headed(title: str, section: str, text: str) -> str:
    """A passage's text under its document's title and its section's heading, each once, one a line, a heading in
    capitals capitalized as names are (``_as_capitalized``): what a passage's acronyms are read from. Why: many
    documents spell out the initials their text uses only in a title or heading ("St Aldhelm's Parochial Church
    Council" over minutes saying "the PCC", "Statement of Persons Nominated - North Ward"), which a chunk keeps
    apart from its text.

    Each heading ends with a full stop, so no phrase runs on from it into the next line ("General Public License"
    over a section "3. Object Code ..." is no "gpl3").

    >>> headed("ANNUAL REPORT OF THE PCC", "Finance", "The PCC met.")
    'Annual Report of the Pcc.\\nFinance.\\nThe PCC met.'
    """
    heads = dict.fromkeys(_as_capitalized(h.strip()) + "." for h in (title, section) if h.strip())
    return "\n".join([*heads, text])


def expand(text: str, names: Mapping[str, str]) -> str:
    """``text`` with each of the words in ``names`` (any case, whole words) replaced by its phrase, less a last
    word the text says next ("the nps score" is "the Net Promoter Score", not "... Score score")."""
    if not names:
        return text

    def phrase(m: re.Match[str]) -> str:
        name = names.get(m.group().lower())
        if name is None:
            return m.group()
        *words, last = name.split()
        after = re.match(r"\s+([\w'’-]+)", text[m.end() :])
        if words and after and after.group(1).lower() == last.lower():
            return " ".join(words)
        return name

    return _CANDIDATE.sub(phrase, text)


_NOT_IN_NAMES = ("to", "in", "on")
"""Joining words a typed name does not hold, though an article's may: "the mace to the Scottish Parliament" is
no name for "MSP"."""
_LETTERED = ("of", "and", "&")
"""The joining words whose letter some initials keep ("BoQ", "DoJ", "R&D"); "to" or "the" never count."""
_TYPED_WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?|\S")


def initials_typed(question: str) -> list[tuple[str, str]]:
    """(phrase, initials) for each run of three to five words of ``question`` that may be a name spelled out
    ("automatic data processing", "bank of queensland": joining words inside it, no stopword at its ends), longest
    first; which of them the articles write as initials is for the caller to check. Why: people type the name in
    full where an article only writes "ADP", and then no sentence holds the question's words."""
    words = [(m.group(), m.start(), m.end()) for m in _TYPED_WORD.finditer(question)]
    found: set[tuple[str, str]] = set()
    for first, (word, start, _) in enumerate(words):
        if not word.isalpha() or word.lower() in STOPWORDS:
            continue
        named, joined = "", ""  # initials without and with the joining words' ("FBI", "BoQ")
        for last in range(first, len(words)):
            text, _, end = words[last]
            if text.lower() in JOINING_WORDS and text.lower() not in _NOT_IN_NAMES and last > first:
                joined += text[0].lower() if text.lower() in _LETTERED else ""
                continue
            if not text.isalpha() or text.lower() in STOPWORDS or len(named) == _MAX_WORDS:
                break
            named, joined = named + text[0].lower(), joined + text[0].lower()
            found.update(
                (question[start:end], letters) for letters in {named, joined} if 3 <= len(letters) <= _MAX_WORDS
            )
    return sorted(found, key=lambda run: (-len(run[0]), run))


CLIPPED_LETTERS = 3
"""The fewest letters of a clipped word ("lib", "dem"): two are an acronym's or anything's start."""


def clipped_runs(question: str, unknown: Collection[str]) -> list[tuple[int, int, re.Pattern[str]]]:
    """(start, end, the pattern of the phrase they clip) for each run of two or three question words the corpus
    never uses (``unknown``: "lib dems", or "lib dems" and "dems win" of "lib dems win"), longest first:
    capitalized words, in order, each starting with one of them and longer (a plural's "s" aside: "Liberal
    Democrats")."""
    words = [(m.group(), m.start(), m.end()) for m in _TYPED_WORD.finditer(question)]
    runs = []
    for size in (3, 2):
        for first in range(len(words) - size + 1):
            run = words[first : first + size]
            if all(_clip(w, unknown) for w, _, _ in run):
                starts = [w[:-1] if w.endswith("s") and len(w) > CLIPPED_LETTERS else w for w, _, _ in run]
                capitalized = (rf"{re.escape(w[0].upper() + w[1:].lower())}[a-z'’]+" for w in starts)
                pattern = re.compile(r"(?<![\w-])" + r"\s+".join(capitalized) + r"(?![\w-])")
                runs.append((run[0][1], run[-1][2], pattern))
    return runs


def clipped(question: str, unknown: Collection[str], texts: Iterable[str]) -> dict[str, str]:
    """For each run of clipped words (``clipped_runs``: "lib dems"), the phrase of ``texts`` it clips, of words
    English uses (``of_words``), the most frequent; the longest run first, none overlapping another, runs nothing
    spells left out. Why: people clip a name to its words' first syllables ("lib dems" for "Liberal Democrats"),
    and every clipped word misses every passage. A single clipped word is left alone: "con" starts too many.

    >>> clipped("did the lib dems win", {"lib", "dems", "win"}, ["Party: Liberal Democrats; Votes: 1,066"])
    {'lib dems': 'Liberal Democrats'}
    """
    runs = clipped_runs(question, unknown)
    if not runs:
        return {}
    texts = list(texts)
    found: dict[str, str] = {}
    taken: list[tuple[int, int]] = []
    for start, end, pattern in runs:
        if any(start < e and s < end for s, e in taken):
            continue
        phrases = Counter(
            phrase for text in texts for m in pattern.finditer(text) if of_words(phrase := _named(m.group()))
        )
        if phrases:
            found[question[start:end]] = phrases.most_common(1)[0][0]
            taken.append((start, end))
    return found


def _clip(word: str, unknown: Collection[str]) -> bool:
    """Whether a typed word may be a clipped one: letters only, ``CLIPPED_LETTERS`` or more, never used."""
    return word.isalpha() and len(word) >= CLIPPED_LETTERS and word.lower() in unknown


def written_out(text: str, typed: str, phrase: str) -> str:
    """``text`` with the words ``typed`` (any case, whole words) replaced by ``phrase``."""
    return re.sub(rf"(?<![\w-]){re.escape(typed)}(?![\w-])", lambda _: phrase, text, flags=re.I)


def as_initials(text: str, phrase: str, initials: str) -> str:
    """``text`` with ``phrase`` (any case, whole words) written as ``initials`` in capitals."""
    return re.sub(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", initials.upper(), text, flags=re.I)


def stands_for_other(phrase: str, reading: str | None) -> bool:
    """Whether the articles spell the initials out (``reading``) as other words than the typed ``phrase``: "who
    proposed moving ci off jenkins" names no "PMC" where the articles write "Project Management Committee (PMC)"."""
    if reading is None:
        return False
    words = [w.lower() for w in _TYPED_WORD.findall(phrase) if w.lower() not in JOINING_WORDS]
    return words != [w.lower() for w in _TYPED_WORD.findall(reading) if w.lower() not in JOINING_WORDS]


def written_as_initials(initials: str, phrase: str, texts: Iterable[str]) -> bool:
    """Whether ``texts`` write ``initials`` in capitals ("ADP") and no text holds every word of ``phrase``: a run
    of words the passages use together ("antigen specificity allows responses") is the question's own wording,
    not a name they abbreviate."""
    capitals = re.compile(rf"(?<![\w-]){initials.upper()}(?![\w-])")
    words = {w.lower() for w in _TYPED_WORD.findall(phrase) if w.lower() not in JOINING_WORDS}
    texts = list(texts)
    return any(capitals.search(t) for t in texts) and not any(
        words <= {w.lower() for w in _TYPED_WORD.findall(t)} for t in texts
    )
