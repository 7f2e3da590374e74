""" "What does NPL stand for?": an acronym's expansion, read from the passage that defines it.

Why a path of its own: the sentence that answers ("... the National Physical Laboratory (NPL) ...") shares only
the acronym with the question, and "stand" matches "it stands on the Vistula", so the sentence evidence abstained
on the acronyms an article defines and answered for those it never uses. Here the answer is the phrase whose
initials spell the acronym next to it in parentheses ("National Physical Laboratory (NPL)", "major
histocompatibility complex (MHC)", "NPL (National Physical Laboratory)"), else a capitalized phrase spelling it in
a passage (as ``acronyms`` reads a short form the corpus never uses), cited to that passage. An acronym no
retrieved passage spells out goes the usual way, where a sentence that does not hold it counts as lacking the
kind of answer asked for (``evidence.holds_kind``); one a passage introduces in parentheses without spelling it
out ("Russian military intelligence (GRU)") is answered with that sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ragqa.answering.acronyms import spelled_out
from ragqa.ingest.chunking import split_sentences
from ragqa.ingest.words import STOPWORDS

_X = r"(?P<x>[A-Za-z][A-Za-z0-9&.]{1,9})"
_ASKED = [
    # "what does npl stand for", "what do the letters npl stand for", "what does the acronym npl stand for"
    re.compile(
        r"^\s*(?:so\s+|and\s+)?what(?:'s|’s|s|\s+(?:does|do|did|is|was|are))?\s+(?:the\s+)?"
        r"(?:letters\s+|acronym\s+|abbreviation\s+)?" + _X + r"\s+(?:stand|stands|stood)\s+for\b",
        re.IGNORECASE,
    ),
    # "npl stands for?", "npl is short for what"
    re.compile(r"^\s*" + _X + r"\s+(?:stands|is\s+short)\s+for\s*(?:what)?[\s?.!]*$", re.IGNORECASE),
    # "what is npl short for", "what's npl an abbreviation of"
    re.compile(
        r"^\s*what(?:'s|’s|s|\s+(?:is|was))\s+(?:the\s+)?"
        + _X
        + r"\s+(?:short|an?\s+(?:abbreviation|acronym))\s+(?:for|of)\b",
        re.IGNORECASE,
    ),
    # "full form of npl", "what is the full name of npl", "meaning of the acronym npl"
    re.compile(
        r"\b(?:full\s+(?:form|name)|expansion|meaning)\s+of\s+(?:the\s+)?(?:acronym\s+|abbreviation\s+)?"
        + _X
        + r"[\s?.!]*$",
        re.IGNORECASE,
    ),
    # "what does the acronym npl mean"
    re.compile(r"^\s*what\s+does\s+(?:the\s+)?(?:acronym|abbreviation)\s+" + _X + r"\s+mean\b", re.IGNORECASE),
]
_JOINERS = frozenset("of the and for on in to de du des la le &".split())
_WORDS = re.compile(r"[A-Za-z0-9][\w'’-]*|&")
_BEFORE_WORDS = 12
"""Words before "(NPL)" a phrase spelling it may take (with joining words)."""


def asked_expansion(question: str) -> str | None:
    """The acronym a question asks the expansion of ("what does npl stand for" -> "npl"), dots dropped ("u.s." ->
    "us"); None for any other question, and for "what does it stand for" (a follow-up about what "it" is; "IT" in
    capitals is an acronym)."""
    for pattern in _ASKED:
        found = pattern.search(question)
        if found:
            typed = found.group("x")
            acronym = typed.replace(".", "")
            # "it" and "us" typed in lower case are words; "IT" and "u.s." are acronyms
            common = typed.islower() and "." not in typed and acronym in STOPWORDS
            if 2 <= len(acronym) <= 8 and acronym.isalnum() and not common:
                return acronym
    return None


def _spells(words: Sequence[str], letters: str) -> bool:
    """Whether the words' initials, joining words skipped (but not first or last), are ``letters``."""
    if not words or words[0].lower() in _JOINERS or words[-1].lower() in _JOINERS:
        return False
    initials = "".join(w[0] for w in words if w.lower() not in _JOINERS)
    return initials.lower() == letters.lower()


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
    used = re.compile(rf"(?<![\w-]){letters}(?![\w-])", re.IGNORECASE)
    inside = re.compile(rf"\(\s*(?P<a>{letters})\s*\)", re.IGNORECASE)
    after = re.compile(rf"(?<![\w-])(?P<a>{letters})\s*\((?P<p>[^()]{{3,100}})\)", re.IGNORECASE)
    for n, text in enumerate(texts):
        for m in inside.finditer(text):
            phrase = _phrase_before(text[: m.start()], acronym)
            if phrase:
                return m.group("a"), " ".join(phrase.split()), n
        for m in after.finditer(text):
            words = _WORDS.findall(m.group("p"))
            if _spells(words, acronym):
                return m.group("a"), " ".join(m.group("p").split()), n
    for only_using in (True, False):
        for n, text in enumerate(texts):
            written = used.search(text)
            if only_using and not written:
                continue
            names = spelled_out([acronym.lower()], [text])
            if names:
                return (written.group() if written else acronym.upper()), names[acronym.lower()], n
    return None


def holds(sentence: str, acronym: str) -> bool:
    """Whether ``sentence`` uses the acronym (any case, whole word): what an answer to its expansion must do."""
    return re.search(rf"(?<![\w-]){re.escape(acronym)}(?![\w-])", sentence, re.IGNORECASE) is not None


def introduced(acronym: str, texts: Sequence[str]) -> tuple[str, int] | None:
    """(the sentence, the index of its text) that introduces the acronym in parentheses without spelling it out
    ("... Russian military intelligence (GRU) Unit 29155 ..."): what it is, when no phrase spells it."""
    inside = re.compile(rf"\(\s*{re.escape(acronym)}\s*\)", re.IGNORECASE)
    for n, text in enumerate(texts):
        for start, end in split_sentences(text):
            if inside.search(text[start:end]):
                return text[start:end].strip(), n
    return None
