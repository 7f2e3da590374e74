""" "What does NPL stand for?": an acronym's expansion, read from the passage that defines it.

Why a path of its own: the sentence that answers ("... the National Physical Laboratory (NPL) ...") shares only
the acronym with the question, and "stand" matches "it stands on the Vistula", so the sentence evidence abstained
on the acronyms an article defines and answered for those it never uses. Here the answer is the phrase whose
initials spell the acronym next to it in parentheses ("National Physical Laboratory (NPL)", "major
histocompatibility complex (MHC)", "NPL (National Physical Laboratory)"), else a capitalized phrase spelling it in
a passage, cited to that passage. An acronym no
retrieved passage spells out goes the usual way, where a sentence that does not hold it counts as lacking the
kind of answer asked for (``evidence.holds_kind``); one a passage introduces in parentheses without spelling it
out ("Russian military intelligence (GRU)") is answered with that sentence. "What is the gru" is answered with
the sentence introducing the acronym first too (``asked_what_is``), then the sentences that answer best.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from ragqa.answering.acronyms import JOINERS, JOINING_WORDS, of_words
from ragqa.ingest.chunking import split_sentences
from ragqa.ingest.words import STOPWORDS

_X = r"['\"‘“]?(?P<x>[A-Za-z][A-Za-z0-9&.]{1,9})['\"’”]?"
_WHERE = r"(?:\s+(?:at|in|of|from|on)\s+(?:the\s+)?[\w'’.&-]+)?"
"""Where the acronym belongs, between it and the verb: "what's FAIR at the lab short for", "what does nsc in the us
stand for"."""
_OPENING = r"^\s*(?:[^,?]{1,80},\s*)?"
"""Where the question starts, after what it is about if it says so first: "engadget headphone deals, what's ANC
short for"."""
_ASKED = [
    # "what does npl stand for", "what do the letters npl stand for", "what does the acronym npl stand for"
    re.compile(
        _OPENING + r"(?:so\s+|and\s+)?what(?:'s|’s|s|\s+(?:does|do|did|is|was|are))?\s+(?:the\s+)?"
        r"(?:letters\s+|acronym\s+|abbreviation\s+)?" + _X + _WHERE + r"\s+(?:stand|stands|stood)\s+for\b",
        re.IGNORECASE,
    ),
    # "npl stands for?", "npl is short for what"
    re.compile(_OPENING + _X + r"\s+(?:stands|is\s+short)\s+for\s*(?:what)?[\s?.!]*$", re.IGNORECASE),
    # "what is npl short for", "what's npl an abbreviation of"
    re.compile(
        _OPENING
        + r"what(?:'s|’s|s|\s+(?:is|was))\s+(?:the\s+)?"
        + _X
        + _WHERE
        + r"\s+(?:short|an?\s+(?:abbreviation|acronym))\s+(?:for|of)\b",
        re.IGNORECASE,
    ),
    # "full form of npl", "what is the full name of npl", "the expansion of the acronym npl"
    re.compile(
        r"\b(?:full\s+(?:form|name)|expansion)\s+of\s+(?:the\s+)?(?:acronym\s+|abbreviation\s+)?" + _X + r"[\s?.!]*$",
        re.IGNORECASE,
    ),
    # "what does the acronym npl mean", "npl full form"
    re.compile(_OPENING + r"what\s+does\s+(?:the\s+)?(?:acronym|abbreviation)\s+" + _X + r"\s+mean\b", re.IGNORECASE),
    re.compile(r"^\s*" + _X + r"\s+(?:full\s+form|expansion)[\s?.!]*$", re.IGNORECASE),
]
_MEANING = [
    # "npl meaning?", "meaning of npl": maybe its letters, maybe what it is
    re.compile(r"^\s*" + _X + r"\s+meaning[\s?.!]*$", re.IGNORECASE),
    re.compile(r"\bmeaning\s+of\s+(?:the\s+)?(?:acronym\s+|abbreviation\s+)?" + _X + r"[\s?.!]*$", re.IGNORECASE),
]
_ALIAS = r"(?:(?:or|also|aka|a\.k\.a\.|known\s+as|hereafter|henceforth)\s+)?"
"""What may stand before an acronym in its parenthesis: "quantum electrodynamics (or QED)"."""
_GLOSS = r"\s*[A-Za-z][A-Za-z'’-]*(?:\s+[A-Za-z][A-Za-z'’-]*){1,7}\s*"
"""A parenthesis that may say what an acronym before it is: words only ("QED (quantum electrodynamics)", not
"OLED (up from 512 GB)")."""
_CAPITALIZED = re.compile(r"[A-Z][\w'’-]*(?:\s+" + JOINERS + r"[A-Z][\w'’-]*)*")
_DOTTED = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]?")
"""An acronym typed with dots ("u.s.", "u.k"), not a name with a dot ("x.25")."""
_JOINERS = frozenset(JOINING_WORDS)
_WORDS = re.compile(r"[A-Za-z0-9][\w'’-]*|&")
_BEFORE_WORDS = 12
_SAID = re.compile(
    r"\b(?:stands?\s+for|short\s+for|acronym\s+for|abbreviation\s+(?:of|for))\s+(?P<p>[^.;:()\[\]]{3,80})", re.I
)
"""A sentence saying what its acronym means after it (or the sentence before it) used the acronym: "vim is a text
editor. Its name, which stands for vi improved, ..."."""
"""Words before "(NPL)" a phrase spelling it may take (with joining words)."""


@lru_cache(maxsize=256)
def _used(acronym: str) -> re.Pattern[str]:
    """The acronym as a whole word, in any case ("npl", "NPL", not "NPLs" or "x-npl")."""
    return re.compile(rf"(?<![\w-]){re.escape(acronym)}(?![\w-])", re.IGNORECASE)


def asked_expansion(question: str, strictly: bool = False) -> str | None:
    """The acronym a question asks the expansion of ("what does npl stand for", "npl meaning" -> "npl"), dots
    dropped ("u.s." -> "us"); with ``strictly``, only when it asks for the letters ("stand for", "short for",
    "full form"), not its "meaning", which may be what it is. None for any other question, and for "what does it
    stand for" (a follow-up about what "it" is; "IT" in capitals is an acronym) or "x.25"."""
    for pattern in _ASKED + ([] if strictly else _MEANING):
        found = pattern.search(question)
        if found:
            typed = found.group("x")
            if "." in typed and not _DOTTED.fullmatch(typed):
                return None
            acronym = typed.replace(".", "")
            # "it" and "us" typed in lower case are words; "IT" and "u.s." are acronyms
            common = typed.islower() and "." not in typed and acronym in STOPWORDS
            if 2 <= len(acronym) <= 8 and acronym.isalnum() and not common:
                return acronym
    return None


_WHAT_IS = re.compile(
    r"^\s*(?:so\s+|and\s+)?(?:what|who)(?:'s|’s|s|\s+(?:is|are|was|were))\s+(?:the\s+|an?\s+)?" + _X + r"\s*[?.!]*$",
    re.IGNORECASE,
)


def asked_what_is(question: str) -> str | None:
    """The one word a question asks what it is ("what is the gru", "what's nato?" -> "gru", "nato"), when it may be
    an acronym (2 to 8 letters, not a common word typed in lower case: "what is it"); None otherwise."""
    found = _WHAT_IS.match(question)
    if found is None:
        return None
    typed = found.group("x")
    word = typed.replace(".", "")
    if not word.isalnum() or not 2 <= len(word) <= 8 or (typed.islower() and word in STOPWORDS):
        return None
    return word


def _initials(word: str) -> set[str]:
    """What one word may give an acronym: its first letter; a hyphenated word each part's too ("role-playing":
    "r" or "rp"); a word in capitals all its letters ("MLB Network": "MLBN")."""
    out = {word[0].lower()}
    parts = [p for p in re.split(r"[-‐]", word) if p]
    if len(parts) > 1:
        out.add("".join(p[0] for p in parts).lower())
    if len(word) > 1 and word.isupper() and word.isalpha():
        out.add(word.lower())
    return out


def _spells(words: Sequence[str], letters: str) -> bool:
    """Whether two words or more, by their initials (``_initials``), joining words skipped or not (but never first
    or last), spell ``letters``."""
    if len(words) < 2 or words[0].lower() in _JOINERS or words[-1].lower() in _JOINERS:
        return False  # a single word is the acronym itself ("GOP"), not what it stands for
    target = letters.lower()

    def rest(i: int, j: int) -> bool:
        if i == len(words):
            return j == len(target)
        if words[i].lower() in _JOINERS and rest(i + 1, j):
            return True
        return any(target.startswith(part, j) and rest(i + 1, j + len(part)) for part in _initials(words[i]))

    return rest(0, 0)


def _abbreviates(words: Sequence[str], letters: str) -> bool:
    """Whether two words or more spell ``letters`` as an abbreviation may, not only by initials: its letters in
    order within the words, the first one opening the first word and each word giving at least one ("vim": "vi
    improved"; "qed": "quantum electrodynamics"). Schwartz and Hearst's test for a short form's
    long form (2003), with every word required to count."""
    if len(words) < 2 or len(words) > len(letters) + 5 or {words[0].lower(), words[-1].lower()} & _JOINERS:
        return False
    target = letters.lower()
    if words[0][0].lower() != target[0]:
        return False

    def rest(i: int, j: int) -> bool:  # words[i:] spell target[j:], each content word taking at least a letter
        if j == len(target):
            return i == len(words)
        if i == len(words):
            return False
        word = words[i].lower()
        if word in _JOINERS and rest(i + 1, j):
            return True
        if word[0] != target[j]:
            return False
        taken = j + 1
        for letter in word[1:]:  # the longest run of the word's letters the target goes on with, then less
            if taken < len(target) and letter == target[taken]:
                taken += 1
        return any(rest(i + 1, k) for k in range(taken, j, -1))

    return rest(0, 0)


def _phrase_before(text: str, letters: str) -> str | None:
    """The phrase ending ``text`` (a parenthesis aside allowed in between: "Laboratory (United Kingdom)") whose
    initials spell ``letters``."""
    text = re.sub(r"\s*\([^()]{0,60}\)\s*$", "", text.rstrip())
    spans = [m for m in _WORDS.finditer(text)][-_BEFORE_WORDS:]
    for i in range(len(spans)):
        words = [m.group() for m in spans[i:]]
        if text[spans[-1].end() :].strip() == "" and _spells(words, letters):
            return text[spans[i].start() : spans[-1].end()]
    return None


def defined(acronym: str, texts: Sequence[str]) -> tuple[str, str, int] | None:
    """(the acronym as written, the phrase it stands for, the index of the text that says so), or None.

    First a definition: a phrase spelling it just before "(NPL)" or just inside "NPL (...)"; then, in a text that
    uses the acronym, a capitalized phrase spelling it; then any capitalized phrase spelling it."""
    letters = re.escape(acronym)
    used = _used(acronym)
    # a plural's too: "portable oxygen concentrators (POCs)"
    inside = re.compile(rf"\(\s*{_ALIAS}(?P<a>{letters})(?:s|['’]s)?\s*(?:for\s+short\s*)?\)", re.IGNORECASE)
    after = re.compile(rf"(?<![\w-])(?P<a>{letters})(?:s|['’]s)?\s*\((?P<p>[^()]{{3,100}})\)", re.IGNORECASE)
    for n, text in enumerate(texts):
        for m in inside.finditer(text):
            phrase = _phrase_before(text[: m.start()], acronym)
            if phrase:
                return m.group("a"), " ".join(phrase.split()), n
        for m in after.finditer(text):
            words = _WORDS.findall(m.group("p"))
            if _spells(words, acronym) or _abbreviates(words, acronym):
                return m.group("a"), " ".join(m.group("p").split()), n
    for n, text in enumerate(texts):
        before = 0  # the acronym may be the sentence's own or the one before's ("vim is ... Its name ...")
        for start, end in split_sentences(text):
            written = used.search(text, before, end)
            stated = _SAID.search(text, written.end(), end) if written else None
            phrase = _spelling_clause(stated.group("p"), acronym) if written and stated else None
            if written and phrase:
                return written.group(), phrase, n
            before = start
    for only_using in (True, False):
        for n, text in enumerate(texts):
            written = used.search(text)
            if only_using and not written:
                continue
            phrase = _capitalized_spelling(text, acronym)
            if phrase:
                return (written.group() if written else acronym.upper()), phrase, n
    return None


def _spelling_clause(said: str, letters: str) -> str | None:
    """The words after "stands for" that spell ``letters``, up to a comma: the last comma up to which they still
    do, as the phrase may hold commas itself ("create, read, update, delete" for "crud"); None when none does."""
    pieces = said.split(",")
    for end in range(len(pieces), 0, -1):
        phrase = ",".join(pieces[:end])
        if _abbreviates(_WORDS.findall(phrase), letters):
            return " ".join(phrase.split())
    return None


def _capitalized_spelling(text: str, letters: str) -> str | None:
    """A run of capitalized words in ``text`` (small joining words between) part of which spells ``letters``
    ("National Security Council", "MLB Network"), the most frequent, of words English uses (``acronyms.of_words``:
    not a person's name); None when none does."""
    found: Counter[str] = Counter()
    for run in _CAPITALIZED.finditer(text):
        words = _WORDS.findall(run.group())
        for i in range(len(words)):
            for j in range(i + 1, min(len(words), i + len(letters) + 4) + 1):
                if _spells(words[i:j], letters) and of_words(" ".join(words[i:j])):
                    found[re.sub(r"['’]s$", "", " ".join(words[i:j]))] += 1  # "MLB Network's" names it too
    return found.most_common(1)[0][0] if found else None


def holds(sentence: str, acronym: str) -> bool:
    """Whether ``sentence`` uses the acronym (any case, whole word): what an answer to its expansion must do."""
    return _used(acronym).search(sentence) is not None


def introduced(acronym: str, texts: Sequence[str]) -> tuple[str, int] | None:
    """(the sentence, the index of its text) that introduces the acronym with a parenthesis whose words do not spell
    it ("... Russian military intelligence (GRU) Unit 29155 ...", "QED (quantum electrodynamics)"): what it is,
    when no phrase spells it."""
    letters = re.escape(acronym)
    inside = re.compile(
        rf"\(\s*{_ALIAS}{letters}\s*(?:for\s+short\s*)?\)|(?<![\w-]){letters}\s*\({_GLOSS}\)", re.IGNORECASE
    )
    for n, text in enumerate(texts):
        for start, end in split_sentences(text):
            if inside.search(text[start:end]):
                return text[start:end].strip(), n
    return None


def written_as_acronym(acronym: str, texts: Sequence[str]) -> bool:
    """Whether the passages write it as an acronym (in capitals, at least two: "GOP", "vBNS"), or never use it at
    all: then only a passage spelling it out can say what it stands for. A word they write in lower case
    ("antigen") may be explained in other ways."""
    written = [m.group() for text in texts for m in _used(acronym).finditer(text)]
    return not written or any(sum(c.isupper() for c in w) >= 2 for w in written)
