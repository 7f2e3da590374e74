"""Evidence at the level of sentences: does one sentence of the retrieved passages answer the question?

Why sentences and not the passage: a 256-token chunk's cosine to a five-word question says little (the
question "who is mark galeotti" is far from a chunk about heroin that names him), while the one sentence that
answers it is close to the question, shares its content words and holds the kind of thing asked for. Each
candidate sentence gets these signals, all corpus-agnostic:

- ``similarity``: cosine of the question to the sentence (all-MiniLM-L6-v2 was trained on question/answer
  pairs), computed for the few best sentences by words (``SIMILARITY_CANDIDATES``);
- ``coverage``: the share of the question's content words (stemmed, case-folded, weighted by rarity among the
  candidates) that the sentence holds, with the sentence before it when it opens with "he/its/but...";
- ``kind``: whether it holds the kind of answer asked for (who: a name; when: a date or time; where: a place;
  how many/much: a number or amount), next to the question's own words;
- ``unknown``: the share of the question's content words that the whole corpus never uses (a name the corpus
  lacks lowers confidence; it never decides alone);
- the question's length, alone and times the others: a sentence covers a short question whole, a long one in
  part.

``answering.abstention`` turns them into one calibrated probability that the articles answer the question.
"""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

import numpy as np

from ragqa.answering.expansions import asked_expansion, holds
from ragqa.answering.motions import (
    asks_of_motion,
    day_written,
    held_topic,
    implied,
    motion_words,
    records_motion,
    stated_before,
    stating,
    topic,
)
from ragqa.ingest import tables
from ragqa.ingest.chunking import is_note, split_sentences
from ragqa.ingest.formats import names_release
from ragqa.ingest.headers import SIGNATURE_WORDS, is_role, read_date_line, valediction, without_honorific
from ragqa.ingest.words import VERSION
from ragqa.records import Chunk, CorpusView, Hit
from ragqa.retrieval.lexical import idf_weights, stem, stems, terms
from ragqa.retrieval.query import MONTH_NAMES, YEARLESS, dated_spans, within, without_aside, without_form

Kind = Literal[
    "person", "date", "year", "place", "number", "definition", "expansion", "reason", "score", "phone", "other"
]
Vectorize = Callable[[list[str], list[str]], tuple[np.ndarray, np.ndarray]]
"""(questions, sentences) -> (question vectors, sentence vectors), unit length (``verify.SentenceVectors``)."""

SIMILARITY_CANDIDATES = 8
"""Sentences (best by words) whose similarity to the question is computed: one small batch per question."""

_OPENING_WORD = re.compile(r"[A-Za-z']+")
REFERRING_OPENERS = frozenset("he his she her it its they their this these those such but however also".split())


DOCUMENT_NOUNS = frozenset(
    "sheet factsheet page leaflet booklet brochure notice policy document guide form letter report newsletter"
    " handbook".split()
)
"""What a document calls itself ("This sheet was last revised ...", "This leaflet explains ...")."""


def names_the_document(sentence: str) -> bool:
    """Whether ``sentence`` opens on "This" naming the document it stands in: it speaks of the whole document, not
    of the sentence or the heading before it.

    >>> names_the_document("This handbook was last revised in February 2026."), names_the_document("This is it.")
    (True, False)"""
    words = [w.lower() for w in _OPENING_WORD.findall(sentence)[:2]]
    return words[:1] == ["this"] and len(words) == 2 and words[1].removesuffix("'s") in DOCUMENT_NOUNS


def dates_the_document(sentence: str) -> bool:
    """Whether ``sentence`` dates the document it stands in: a labelled date line ("Updated: 2026-01-20", as a
    page's ``article:modified_time`` is read), or a note naming the document and a date, as a handbook closes. It
    heads no section, no line heads it, and it is no answer's date: it says when the document was written, not
    when what it tells of happens.

    >>> dates_the_document("Updated: 2026-01-20"), dates_the_document("This handbook was last revised in May 2026.")
    (True, True)
    >>> dates_the_document("Opening times: Winter 2025"), dates_the_document("This leaflet tells you how to apply.")
    (False, False)"""
    dated = read_date_line(sentence) if len(sentence) <= DATE_LINE_CHARS else None
    if dated is not None:
        return dated.labelled and not dated.more
    return names_the_document(sentence) and bool(dated_spans(sentence))


DATE_LINE_CHARS = 120
"""A longer sentence is no date line."""


def refers_back(sentence: str) -> bool:
    """True when one of the sentence's first two words points back to the sentence before it; not "This" naming
    a document: "This sheet was last revised in February 2026." speaks of the document it closes, and read with the
    sentence before it was quoted after "It is not suitable for people with coeliac disease ..." (black-box report
    bb64, B5).

    >>> refers_back("This phenomenon is known as ..."), refers_back("This leaflet explains ..."), refers_back("But it")
    (True, False, True)"""
    if names_the_document(sentence):
        return False
    return bool(REFERRING_OPENERS & {w.lower() for w in _OPENING_WORD.findall(sentence)[:2]})


# ---------------------------------------------------------------- the kind of answer asked for

_PLACE_NOUNS = r"(?:country|city|region|place|state|province|town)"
_SCORE_ASKED = re.compile(
    r"\bfinal\s+score\b|\bwhat(?:'s|’s|\s+was|\s+is)\s+the\s+(?:final\s+)?score\b"
    r"|\bscore(?:line)?\s+(?:of|in|at|for)\b[^?]*\b(?:vs?\.?|versus|against)\s|\b(?:vs?\.?|versus)\s[^?]*\bscore\b"
)
"""A game's score asked for: "usc notre dame final score", "what was the score", "the score of everton v man utd";
not a review's ("what score did engadget give ...") nor a player's ("how many goals did he score")."""
_MEASURES = (
    r"(?:population|area|size|length|height|width|depth|weight|price|cost|budget|salary|revenue|capacity|speed"
    r"|distance|temperature|elevation|altitude|wingspan|lifespan|deductible|premium|fee|fare|rent|wage)s?"
)
"""What a question names when it asks for an amount without "how many": "what is the population of brindle", "what's
the deductible on the ppo plan"."""
_KIND_PATTERNS: list[tuple[Kind, re.Pattern[str]]] = [
    ("year", re.compile(r"\b(?:what|which|in what|in which) year\b")),
    ("person", re.compile(r"\bnames? of\b|\bwhat(?:'s| is| are| were) (?:the )?names?\b")),
    (
        "number",
        re.compile(
            r"\bhow (?:many|much|long|old|far|big|large|often)\b|\bwhat (?:percentage|share|number|amount)\b"
            rf"|\bwhat(?:'s|’s|\s+is|\s+was|\s+are|\s+were)\s+the\s+(?:\w+\s+){{0,2}}{_MEASURES}\b"
        ),
    ),
    (
        "date",
        re.compile(r"\bwhen\b|\bwhat (?:year|date|day|month|time|decade|century)\b|\bhow long ago\b|\bsince when\b"),
    ),
    ("place", re.compile(rf"\bwhere\b|\b(?:what|which) {_PLACE_NOUNS}\b")),
    (
        "definition",
        re.compile(
            r"^\s*(?:who|what)\s+(?:is|was|are|were)\s+"
            r"(?!the (?:\w+ )?(?:of|for|behind|in)\b)[^?]{1,60}\??\s*$"
        ),
    ),
    (
        "person",
        re.compile(
            r"\bwho(?:m|se)?\b|\bwhich (?:person|official|man|woman|leader|analyst|group|agency|organi[sz]ation)\b"
        ),
    ),
]


_ROLE_NOUNS = (
    r"(?:person|people|official|man|men|woman|women|leader|analyst|group|agency|organi[sz]ation|company|firm"
    r"|officer|commander|reporter|journalist|author|writer|president|minister|politician|scientist|researcher"
    r"|player|king|queen|spokes(?:man|woman|person)|director|founder|member|executive|employee|judge"
    r"|lawyer|senator|governor|mayor|artist|composer|architect|inventor|philosopher|team|club"
    r"|\w{2,}(?:ician|[ae]list)|\w{3,}(?<!l)ist)s?"  # "which biologist", "physician", "journalists"; not "checklist"
)
_MODIFIER = r"(?:(?!(?:is|are|was|were|do|does|did|has|have|had|can|could|will|would|should)\b)[\w'-]+ )?"
"""One word between "which" and the noun it asks about: "which coastal town", "which local reporters"."""
_COUNTED = (
    r"^(?!.*\b(?:what|which|who|whom|whose|when|where|why|how)\b).*\b(?:amount|total|tally|count|price|cost|fee)\W*$"
)
"""A search naming the figure it wants last, with no question word ("jpmorgan epstein settlement amount", "delta
gold amex annual fee"): a number."""
_PHONE_ASKED = re.compile(
    r"\b(?:tele)?phone(?:\s+(?:number|no))?\b|\b(?:tel|mobile|contact)\s+(?:number|no)\b|\bnumber\s+to\s+(?:call|ring)\b"
    r"|\bwho\s+(?:do|should|can|could)\s+(?:i|we)\s+(?:call|ring|phone)\b|\bwhat\s+number\s+(?:do|should|can)\b"
)
"""A telephone number asked for: "phone number for millbrook", "hannah pryce phone number", "my dog is ill at 10pm
who do i call" (a vet practice's and a press office's testers: the address beside it was quoted instead)."""
_PHONE = re.compile(r"(?<![\w/.-])\+?\(?\d[\d ()-]{5,16}\d(?![\w/.-])")


def _phone_numbers(sentence: str) -> list[tuple[int, int]]:
    """Where ``sentence`` gives a telephone number: seven figures or more, spaced or not ("01632 960 388")."""
    return [
        m.span()
        for m in _PHONE.finditer(sentence)
        if sum(ch.isdigit() for ch in m.group()) >= 7
        and not _ISO_DAY.fullmatch(m.group())
        and not _NOT_A_PHONE.search(sentence, max(0, m.start() - 30), m.start())
    ]


_NOT_A_PHONE = re.compile(
    r"\b(?:company|charity|registration|registered|vat|account|order|invoice|reference|ref|policy|case|ticket)"
    r"(?:\s+(?:number|no\.?|#))?\s*[:.]?\s*$",
    re.IGNORECASE,
)
"""What a long number that names something follows: "company number 08817264", "Charity No. 1098765"."""

_ISO_DAY = re.compile(r"\d{4}-\d\d-\d\d")


_WIDE_KIND_PATTERNS: list[tuple[Kind, re.Pattern[str]]] = [
    ("phone", _PHONE_ASKED),
    ("score", _SCORE_ASKED),
    _KIND_PATTERNS[0],
    _KIND_PATTERNS[1],
    ("number", re.compile(rf"{_KIND_PATTERNS[2][1].pattern}|\bwhat\s*(?:%|percent\b)|{_COUNTED}")),
    (
        "date",  # "when" opening the question, or ending it: not "exit code when there's a warning"
        re.compile(
            r"^\W*(?:(?:and|so|but|then)\W+)?(?:since |until |till |from )?when\b|\bwhen\W*$"
            r"|\b(?:know|tell me|say|said|remember|find out|wonder|ask) when\b"
            r"|\b(?:what|which) (?:year|date|day|month|time|decade|century)\b|\bhow long ago\b|\bsince when\b"
        ),
    ),
    ("place", re.compile(rf"\bwhere\b|\b(?:what|which) {_MODIFIER}(?:{_PLACE_NOUNS}|village|island|continent)\b")),
    (
        "definition",  # "who is the leader", "who is the mayor's deputy": a role, whose holder's name is asked
        re.compile(
            r"^\s*(?:who(?:\s+(?:is|was|are|were)|'s|’s)\s+(?!the\b|an?\b|\w+'s\b)"
            r"|what(?:\s+(?:is|was|are|were)|'s|’s)\s+(?!the (?:\w+ )?(?:of|for|behind|in)\b))[^?]{1,60}\??\s*$"
        ),
    ),
    ("person", re.compile(rf"\bwho(?:m|se)?\b|\b(?:which|what) {_MODIFIER}{_ROLE_NOUNS}\b")),
    ("reason", re.compile(r"\bwhy\b|\bwhat\s+(?:is|was|are|were)\s+the\s+(?:reason|point|purpose)\b")),
    # a question word asking for something else, or a yes/no question: a later "when" is a clause of it
    ("other", re.compile(r"\b(?:what|which|why|how)\b|^\s*(?:is|are|was|were|do|does|did|can|could|has|have|had)\b")),
]
_LEADING_CLAUSE = re.compile(r"^\s*(?:when|if)\b[^,?]*,\s*(?=(?:what|which|who|whom|whose|where|how)\b)")
"""A condition before the question proper: "When the tide turns, what happens to ..." asks what, not when."""


_CALLED = re.compile(
    r"^\W*what(?:'s|’s|s|\s+(?:is|are|was|were|did|do|does))\b(?P<thing>.*)\b(?:called|named)"
    r"(?:\s+(?:in|on|at|by)\b.*)?\W*$"
)
""""what is the gru unit called", "what did the message blocks end up being called", "what's the killer called in
the film": a term is asked for, capitalized or not ("packets"), not a definition, so no kind of answer is required
but a sentence giving a name comes first (``_NAMING``); "what happens when drop is called" is not one. Read as
"what is X", "what is the gru unit called" wanted a sentence describing the unit and abstained."""


def question_kind(question: str, wide: bool = False) -> Kind:
    """What kind of answer a question asks for, from its question words (any case).

    ``wide`` reads more of them, for putting the answer's sentences in order (``by_kind``): the question word that
    comes first decides ("who was president when ..." asks for a name), roles name people ("which reporters",
    "which biologist"), a word may come before a place ("which coastal town"), a "when" inside a clause asks
    nothing. The abstention model's feature reads the narrower patterns it was fit with (docs/quality.md)."""
    if asked_expansion(question) is not None:  # "what does npl stand for": a sentence using "NPL"
        return "expansion"
    text = question.lower()
    if _CALLED.match(text):
        return "other"
    if not wide:
        return next((kind for kind, pattern in _KIND_PATTERNS if pattern.search(text)), "other")
    if _PHONE_ASKED.search(text):  # "what is the phone number of the surgery": a number, not what the surgery is
        return "phone"
    text = _LEADING_CLAUSE.sub("", text)
    found = [
        (m.start(), order) for order, (_, pattern) in enumerate(_WIDE_KIND_PATTERNS) if (m := pattern.search(text))
    ]
    return _WIDE_KIND_PATTERNS[min(found)[1]][0] if found else "other"


_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?"
    r"|nov(?:ember)?|dec(?:ember)?"
)
_DATE_WORDS = re.compile(
    rf"\b(?:{_MONTHS})\.?\s+\d{{1,2}}\b|\b\d{{1,2}}\s+(?:{_MONTHS})\b|\b(?:1[5-9]|20)\d\d(?:s)?\b"
    r"|\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tomorrow)\b"
    r"|\b(?:last|next|this) (?:week|month|year)\b|\b\d+ (?:days|weeks|months|years) ago\b|\b\d{1,2}:\d\d\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(?:1[5-9]|20)\d\d\b(?!s)")
_ORDINALS = (
    r"\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth"
    r"|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty-first"
)
_ANY_YEAR = re.compile(
    r"\b(?:in|since|until|till|by|from|around|circa|c\.|after|before|during|of|between|and|to)\s+\d{3,4}\b(?![.,]\d)"
    r"|\b\d{1,4}\s*(?:AD|BC|BCE|CE)\b|\bA\.?D\.?\s*\d{1,4}\b"
    rf"|\b(?:{_MONTHS})\.?,?\s+\d{{3,4}}\b",
    re.IGNORECASE,
)
"""A year of any era: after a preposition ("in 1350", "by 950"), after a month or with its era ("AD 60")."""
_WIDE_DATE = re.compile(
    rf"\b(?:{_ORDINALS})(?:[/–-](?:{_ORDINALS}))?[\s-]+centur(?:y|ies)\b"
    r"|\b\d{1,2}\s*(?:am|pm|a\.m\.|p\.m\.)|\b(?:midnight|midday|noon)\b|\bv\d+(?:\.\d+)+\b|\b(?:version|release)\s+\d+(?:\.\d+)*\b"
    r"|\b(?:January|February|March|April|June|July|August|September|October|November|December)\b",
)
"""Dates ``_DATE_WORDS`` leaves out: a century, a time of day, a month alone, and the version a program changed
in ("added in v2.4.0": when, in documentation)."""
_DAY = re.compile(
    rf"\b(?:{_MONTHS})\.?\s+\d{{1,2}}\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\b", re.IGNORECASE
)
"""The day of a date ("August 1", "1st of August"): a number there is no count."""
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z'’-]+(?:\s+(?:[A-Z][a-z'’.-]+|[A-Z]\.))*")
_DESCRIBED = re.compile(r",\s+(?:a|an|the)\s|\b(?:is|was|are|were)\s+(?:a|an|the)\s", re.IGNORECASE)
_ROLES = (
    r"(?i:co-?founder|founder|ceo|cfo|coo|cto|chair(?:man|woman)?|president|director|executive|officer|chief|head"
    r"|manager|coach|analyst|spokes(?:man|woman|person)|minister|secretary|senator|governor|mayor|judge|attorney"
    r"|lawyer|professor|researcher|scientist|author|writer|reporter|editor|columnist|player|striker|quarterback"
    r"|pastor|priest|envoy|ambassador|commissioner|economist|strategist|investor|partner|engineer|designer|actor"
    r"|actress|singer|rapper|artist|producer|owner|leader|member|official|general|colonel|captain|chancellor"
    r"|entrepreneur|billionaire|host|critic|historian|expert|activist|advis[eo]r|aide|consultant|candidate"
    r"|commander|agent|prosecutor|star|veteran|(?:vice|deputy|assistant|former|senior)\s+\w+)"
)
_DESCRIBED_WIDE = re.compile(
    rf"\b{_ROLES}\s+(?=[A-Z][a-z])|[A-Z][\w'’-]+,\s+(?:[A-Z][\w&.-]*['’]s\s+|(?:then|longtime|acting|interim)\s+)?"
    rf"{_ROLES}\b",
)
"""A person described by a role, for the answer's order (``holds_kind`` with ``wide``): "Flexport founder Ryan
Petersen", "Dave Clark, Amazon's former senior vice president", "Ryan Petersen, chief executive officer of ..."."""
_ASKED_ROLE = re.compile(
    rf"^\W*(?:which|what)\s+{_MODIFIER}(?P<role>{_ROLES})s?\b"
    rf"|\bnames?\s+of\s+(?:the\s+|its\s+|their\s+)?{_MODIFIER}(?P<of>{_ROLES})s?\b"
    rf"|^\W*who(?:'s|’s|\s+is|\s+was|\s+are|\s+were)\s+the\s+{_MODIFIER}(?P<the>{_ROLES})s?\b",
    re.IGNORECASE,
)
"""A question asking who holds a role: "which governor fired her", "name of the judge in the fraud case", "who is
the coach of ...". The answer names someone by that role."""


@lru_cache(maxsize=256)
def _role_pattern(role: str) -> re.Pattern[str]:
    """A name with ``role`` written before it, or after it in apposition or as what the name is (``names_role``)."""
    written = rf"(?i:\b{re.escape(role)}s?)"
    name = r"[A-Z][\w'’-]+(?:\s+(?:[A-Z][\w.'’-]*|[A-Z]\.))*"
    return re.compile(
        rf"{written}\s+(?:[A-Z][\w.'’-]*\s+)?(?P<after>{name})"
        rf"|(?P<before>{name})(?:,|\s+(?:is|was|are|were|became|has\s+been|had\s+been))\s+(?:[\w'’-]+\s+){{0,4}}?"
        rf"{written}\b"
    )


def names_role(sentence: str, role: str, question_terms: set[str]) -> bool:
    """Whether ``sentence`` names someone (not only the question's own names) by ``role``, as news writes people:
    the role before the name ("Governor Albert Bryan Jr.", "head coach Scott Robertson") or after it ("Arthur
    Engoron, the judge overseeing the case", "Bowman was the director of ...")."""
    for m in _role_pattern(role).finditer(sentence):
        if set(terms(m.group("after") or m.group("before"))) - question_terms:
            return True
    return False


_PLACE = re.compile(
    r"\b(?:in|at|from|to|near|across|into|throughout|outside|inside)\s+(?:the\s+)?[A-Z][A-Za-z-]+"
    r"|\b[A-Z][a-z]+-based\b"  # "London-based analyst"
)
_PLACE_OF = re.compile(rf"\b{_PLACE_NOUNS} of (?:the\s+)?[A-Z][A-Za-z-]+")
"""A place named as one: "the port city of Marlow"."""
_CALENDAR_WORDS = frozenset(name.lower() for name in (*calendar.month_name, *calendar.day_name) if name)
"""Months and weekdays, capitalized as names are: "joined in February" names no place, "every Tuesday" no person."""


def _calendar_only(found: str, person: bool = False) -> bool:
    """Whether a capitalized span a place or a name (``person``) was read from is a month or a weekday (with its
    preposition); "May" may be a person's name.

    >>> _calendar_only("in February"), _calendar_only("Tuesday", True), _calendar_only("in St Aidan's")
    (True, True, False)
    >>> _calendar_only("in May"), _calendar_only("May", True)
    (True, False)"""
    words = [word.lower() for word in re.findall(r"[A-Z][A-Za-z]*", found)]
    if person and "may" in words:
        return False
    return bool(words) and all(word in _CALENDAR_WORDS for word in words)


FOCUS_WINDOW = 60
"""Characters around a question word within which the asked-for thing must lie ("its commander, Maj. Gen. ...")."""
_REASON = re.compile(
    r"\b(?:because|so\s+that|so\s+as\s+to|in\s+order\s+to|due\s+to|owing\s+to"
    r"|as\s+a\s+result|reasons?|therefore|thus|hence|otherwise|purpose|motivat(?:ed|ing|ion)|rationale|citing"
    r"|in\s+a\s+bid\s+to|(?:driven|prompted|caused)\s+by|to\s+explain)\b|:\s+to\s+\w+",
    re.I,
)
"""What says why: a cause ("because", "due to", "prompted by"), a consequence ("otherwise"), a purpose ("so that", "in
order to", "in a bid to", a list item's "name: to detect the current shell"), a motive ("one of its motivating
factors was") or what is cited to explain something ("citing 'extensive studies' to explain the move")."""
_COUNT = re.compile(
    r"\b(?!(?:1[5-9]|20)\d\d\b)\d[\d,.]*\b|\b(?:two|three|four|five|six|seven|eight|"
    r"nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundreds?|thousands?|millions?|billions?|dozens?|half|"
    r"several|percent)\b|[$€£%]",
    re.IGNORECASE,
)
_DESIGNATOR = re.compile(r"(?<=\S\s)[A-Z][\w-]*\.?\s$|\b[A-Za-z]\.$")
"""What a number that names rather than counts follows: a capitalized word within the sentence ("Unit 29155",
"Flight 17", "No. 5"; not "About 500" opening it) or a letter and a dot ("X.25")."""


_MONEY_ASKED = re.compile(
    r"^\W*how\s+much\s+(?:is|are|was|were)\s+(?!(?:it|that|this|there|left|needed|required|enough|too|more|less)\b)"
    r"[\w'’-]+(?:\s+[\w'’-]+){0,5}\W*$|"  # "how much is linden cottage", "how much is pho in hanoi": its price
    r"\bhow\s+much\s+(?:is|was|will|would|does|did|do|has|have|can|could)\b.*\b(?:make|makes|making|made)\b|"
    r"\bhow\s+much\b.*\b(?:money|cash|funding|funds?|funded|costs?|costing|paid|pays?|paying|spen[dt]|spends|spending"
    r"|raised?|raises|charged?|charges|fined?|fines|prices?|priced|worth|salary|salaries|wages?|invest(?:ed|s)?"
    r"|donated?|owed?|owes|earn(?:ed|s)?|sold|sell|sells|bid|valued|budget|revenue|profits?|afford|refund(?:ed)?)\b",
    re.IGNORECASE,
)
"""A "how much" asking for money ("how much did the startup raise", "how much does membership cost"), not for a
quantity ("how much hp could engines make")."""
_CURRENCY_CODES = (
    "USD|EUR|GBP|JPY|CNY|INR|AUD|CAD|CHF|NZD|SEK|NOK|DKK|PLN|CZK|HUF|RUB|TRY|ZAR|BRL|MXN|VND|THB|IDR|MYR|PHP|SGD|HKD"
    "|KRW|GEL|AED|SAR|ILS|EGP|KES|NGN|ARS|CLP|COP|PEN|UAH|RON|ISK|MAD|TND|LKR|NPR|PKR|BDT"
)
"""ISO 4217 codes written beside an amount, before or after it ("50,000 VND", "NOK 300")."""
_MONEY = re.compile(
    r"[$€£¥₹][A-Z]{0,3}\s?\d|\b(?:US|A|C|NZ|HK|S)\$\s?\d|\b\d[\d,.]*\s?[$€£¥₹¢]"
    rf"|\b\d[\d,.]*\s?(?:{_CURRENCY_CODES})\b|\b(?:{_CURRENCY_CODES})\s?\d"
    r"|\b\d[\d,.]*\s*(?:k|m|bn|thousand|million|billion|trillion)?\s*"
    r"(?:dollars?|euros?|pounds?|sterling|yen|yuan|rupees?|crores?|lakhs?|francs?|usd|eur|gbp|cents?|pence)\b"
    r"|\b\d{1,2}(?:\.\d{1,2})?(?-i:p)\b",
    re.IGNORECASE,
)
"""A sum of money: "$4", "£1.50", "€3", "3,50 €", "1.50 GBP", "NOK 300", "2 million dollars", and pence as a price list
writes them ("20p", "2.5p"; not a video's "1080p").

>>> [bool(_MONEY.search(t)) for t in ("Price per page: 20p", "£1.50", "1.50 GBP", "€3", "3,50 €", "$4", "1080p")]
[True, True, True, True, True, True, False]
"""


_SCORE = re.compile(
    r"(?<![\d/.:-])\d{1,3}\s?[-–—]\s?\d{1,3}(?![\d/.:%-])|\b\d{1,3}\s+to\s+\d{1,3}\b|\b\d{1,2}\.\d{1,2}\s\(\d{1,3}\)"
)
"""A game's score as reports write it: "a stunning 32-12 victory", "won 3 to 1", "5.12 (42)"; not a date
("2023-10-18")."""


def _counts(sentence: str) -> list[tuple[int, int]]:
    """Where ``sentence`` gives a count or an amount: numbers (not years, days of a date or designators) and number
    words."""
    dates = [m.span() for m in _DAY.finditer(sentence)]
    return [
        m.span()
        for m in _COUNT.finditer(sentence)
        if not m.group()[0].isdigit()
        or not (_DESIGNATOR.search(sentence, 0, m.start()) or any(s <= m.start() < e for s, e in dates))
    ]


@lru_cache(maxsize=1 << 16)
def _word_keys(word: str) -> tuple[frozenset[str], frozenset[str]]:
    """One written word's term and stem (cached: sentences are read word by word)."""
    return frozenset(terms(word)), frozenset(stems(word))


_ANCHOR = re.compile(rf"{VERSION.pattern}(?![\w-]|\.\w)|[A-Za-z0-9']+")
"""A word of the sentence, a version whole ("2.1.2": the question's term, not "2", "1" and "2")."""


def _near(sentence: str, spans: list[tuple[int, int]], question_terms: set[str]) -> bool:
    """Whether some span lies within ``FOCUS_WINDOW`` characters of a word of the question."""
    if not question_terms or not spans:
        return bool(spans)
    # a word of the question in another form counts too ("who commands" -> "its commander, Maj. Gen. ...")
    question_stems = set(stems(" ".join(sorted(question_terms))))
    anchors = []
    for m in _ANCHOR.finditer(sentence):
        term, word_stems = _word_keys(m.group())
        if term & question_terms or word_stems & question_stems:
            anchors.append(m.start())
    return any(abs(a - s) <= FOCUS_WINDOW or abs(a - e) <= FOCUS_WINDOW for s, e in spans for a in anchors)


def holds_kind(
    sentence: str, kind: Kind, question_terms: set[str], question: str = "", wide: bool = False, near: bool = True
) -> bool:
    """Whether ``sentence`` holds an answer of ``kind`` (not just the question's own words) near the question's
    own words: "who commands the unit" wants a name next to "unit", not any name in the sentence. An expansion
    ("what does npl stand for", ``question``) wants a sentence using the acronym.

    Asked how much money ("how much did the library cost"), only a sum of money counts, not "two million items".

    ``wide`` also finds years of any era ("in 1350"), centuries, months alone, versions and "the city of Marlow":
    for putting the answer's sentences in order (``by_kind``). The abstention model's feature reads the narrower
    forms it was fit with: with the wider ones and the model refit, the tune halves abstained less on unanswerable
    questions (docs/quality.md). With ``wide``, a month or a weekday is neither a place nor a person.

    ``near`` False takes the answer anywhere in the sentence: for one carrying on from a sentence that holds the
    question's words ("Tickets £12." after "Join us for a dawn chorus walk ...", ``with_kind``)."""
    if kind == "expansion":
        acronym = asked_expansion(question)
        return acronym is None or holds(sentence, acronym)
    if kind in ("date", "year"):
        spans = [m.span() for m in (_DATE_WORDS if kind == "date" else _YEAR).finditer(sentence)]
        if wide:
            spans += [m.span() for m in _ANY_YEAR.finditer(sentence)]
            spans += [m.span() for m in _WIDE_DATE.finditer(sentence)] if kind == "date" else []
    elif kind == "number" and _MONEY_ASKED.search(question):  # a sum of money, not "80% of its tenants"
        spans = [m.span() for m in _MONEY.finditer(sentence)]
    elif kind == "number":
        spans = _counts(sentence)
    elif kind in ("place", "person"):
        found = (_PLACE if kind == "place" else _NAME).finditer(sentence)
        spans = [m.span() for m in found if set(terms(m.group())) - question_terms]
        spans += [m.span() for m in _PLACE_OF.finditer(sentence)] if wide and kind == "place" else []
        spans = [(s, e) for s, e in spans if not _calendar_only(sentence[s:e], kind == "person")] if wide else spans
    elif kind == "phone":  # beside the address or the name it is for, not the question's words: "Telephone: 01632 ..."
        return bool(_phone_numbers(sentence))
    elif kind == "score":  # "32-12", "won 3 to 1", an Australian rules "5.12 (42)"
        spans = [m.span() for m in _SCORE.finditer(sentence)]
    elif kind == "reason":  # "why does typer depend on shellingham": "shellingham: to detect the current shell"
        spans = [m.span() for m in _REASON.finditer(sentence)]
    elif kind == "definition":
        # "Kabulov, a former KGB agent, ...", "X is an analyst": the subject is described, not just named
        spans = [m.span() for m in _DESCRIBED.finditer(sentence)]
        if wide and _WHO.match(question):  # "who is ryan petersen": a role describes a person
            spans += [m.span() for m in _DESCRIBED_WIDE.finditer(sentence)]
    else:
        return True
    return _near(sentence, spans, question_terms) if near else bool(spans)


# ---------------------------------------------------------------- candidate sentences


@dataclass(frozen=True)
class Candidate:
    """A sentence of a retrieved passage, where it lies in its document, and how well it answers."""

    text: str
    start: int
    end: int
    hit: Hit
    coverage: float
    similarity: float
    score: float
    words: frozenset[str] = frozenset()
    """The stems the sentence is scored on (its own, and its antecedent's when it refers back)."""


_QUOTES = ('"', "\u201c")
_LIST_ITEM = re.compile(r"[-*+•]\s")
_BOLD_LABEL = re.compile(r"(?:\*\*|__)[A-Z][\w ]{0,30}:(?:\*\*|__)")
_SPEECH = re.compile(r"\b(?:said|says|told|added|wrote|asked)\b", re.IGNORECASE)


_TURN = re.compile(
    r"^[ \t]*(?:[\[(]?\d{1,2}:\d{2}(?::\d{2})?[\])]?[ \t]+)?"
    r"(?P<who>[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’()-]*){0,3})[ \t]*:[ \t]+\S",
    re.MULTILINE,
)
"""A line opening with a speaker's label, maybe after a time: "RACHEL DUNN: Hi.", "SMITH: Yes.", "Q: Why?",
"[00:12:31] Maria: We cut travel." (``speaker_turns``)."""


@lru_cache(maxsize=4096)
def speaker_turns(text: str) -> tuple[tuple[int, int, str], ...]:
    """Where each speaker's turn is in a transcript's passage: (the offset after its label, the end of its line, the
    label as written), or none when the passage is no transcript: some label opens two lines or more, and there
    are two labels or more (a block of properties, "Date: ..." / "Owner: ...", names each key once)."""
    found = [(m.end() - 1, text.find("\n", m.end()), m.group("who")) for m in _TURN.finditer(text)]
    labels = [label for _, _, label in found]
    if len(set(labels)) < 2 or len(labels) == len(set(labels)):
        return ()
    return tuple((start, end if end >= 0 else len(text), label) for start, end, label in found)


def speaker_at(text: str, start: int) -> str:
    """The label of the speaker whose turn holds the sentence at ``start`` after the turn's first words ("RACHEL
    DUNN" for "Customers keep asking me about pricing" in "RACHEL DUNN: Hi. Customers keep asking ..."); "" when
    none does. Why: a transcript names who speaks once a turn, and "who asked about pricing" asks of a sentence
    that never names her."""
    for begins, ends, label in speaker_turns(text):
        if begins < start < ends and text[begins:start].strip():
            return label if len(label) > 2 else ""  # "Q:", "A:" name no one
    return ""


@lru_cache(maxsize=4096)
def sentence_stems(text: str) -> tuple[tuple[int, int, frozenset[str]], ...]:
    """The sentences of a passage with the stems each is scored on (cached: passages recur across questions).

    A sentence opening with a referring word ("But its commander, ...") is about what the sentence before
    named, so it gets that sentence's words too; so does a sentence after a question, which answers it ("When does
    the museum reopen? The doors open again on 3 May.": FAQ sections of news articles); a quotation
    going on after a sentence that says who spoke ("..., he said. \"Obviously, ...") gets that sentence's words,
    the speaker's name among them; a "label: value" note within a bulleted item ("**Default:** `10`.") gets
    the words of the item's first sentence, which names what the value is for.
    """
    out = []
    previous: frozenset[str] = frozenset()
    speaker: frozenset[str] = frozenset()
    item: frozenset[str] = frozenset()
    after_question = False
    for s, e in split_sentences(text):
        sentence = text[s:e]
        own = frozenset(stems(sentence))
        words = own
        line_start = text.rfind("\n", 0, s) + 1
        opens_item = False
        if not text[line_start:s].strip():  # opening its line: a list item, a wrapped line of one, or neither
            opens_item = _LIST_ITEM.match(sentence) is not None
            if opens_item:
                item = own
            elif line_start < 2 or text[line_start - 2] == "\n" or sentence.startswith("#"):
                item = frozenset()
        spoken = speaker_at(text, s)
        if spoken:  # a turn's later sentence is its speaker's words
            own = words = own | frozenset(stems(spoken))
        if refers_back(sentence) or after_question:
            words = own | previous
        elif sentence.startswith(_QUOTES) and speaker:
            # a quotation going on after '..., he said.' is the same speaker's words
            words = own | speaker
        elif item and not opens_item and (is_note(sentence) or _BOLD_LABEL.search(sentence)):
            # "- `berths` <number> The most berths to list.\nSpecify `0` for all. **Default:** `10`.": a value
            # stated within a bulleted item is for what the item's first sentence names
            words = own | item
        out.append((s, e, words))
        speaker = words if _SPEECH.search(sentence) else frozenset()
        previous = own
        after_question = sentence.rstrip().rstrip("\"”’'").endswith("?")
    return tuple(out)


WORD_WEIGHT = 1.0
SIMILARITY_WEIGHT = 0.75
PASSAGE_WEIGHT = 1.0
"""How a sentence's signals add up to rank sentences, chosen on the tune halves (``bench/sweep_sentences.py``,
docs/quality.md). A bonus for holding the kind of answer asked for and a penalty for lacking the question's most
specific word ranked better on one set at most, so they inform the abstention model only.

The passage's cosine weighs 1.0 since the thirty-fourth session (0.5 before): a pairwise logistic ranker fit on the
tune halves' candidates (``bench/rank_weights.py``: 1,138 answerable questions of 31 sets) weighed it 1.74 times
the words' coverage, and the sweep over the whole answer step put the gold answer in the chosen sentences
for 933 (0.5), 939 (1.0), 945 (1.5) and 945 (2.0) of them, in the first sentence for 763, 760, 758 and 753. 1.0,
with ``KIND_WEIGHT`` 0.3: 939 and 773; more answers in the documentation sets and chats, abstention about the same."""


CONTEXT_WEIGHT = 0.5
"""A follow-up's sentences gain this times the share of the earlier question's words they hold ("what did he
say?" after "who is kabulov?" prefers Kabulov's words): less than the question's own words weigh, so the topic
steers only between sentences that answer what is asked now. Checked on the conversation sets' tune halves
(``ragqa eval conversations``, follow-ups answered with the fact, default / Harvard): 0 gives 0.679 / 0.913, 0.25
and 0.5 give 0.679 / 0.957, 1.0 0.679 / 0.826, 1.5 0.607 / 0.783."""


def heading_alone_under(chunk: Chunk) -> str:
    """The heading of the section ``chunk`` is the whole of, when that is one sentence under a heading of its own
    (not the document's title): "License" over "The MIT License"; "" otherwise."""
    if not chunk.section or chunk.section == chunk.title or len(sentence_stems(chunk.text)) != 1:
        return ""
    return chunk.section


def with_heading(candidate: Candidate) -> str:
    """The sentence as the kind of answer is looked for in it: with its heading when it is alone under one, or
    under a release's, as it is scored (``_sole_sentence_context``, ``release_words``): "2.1.2 (2023-03-01)" over
    "- Dropped support for Python 3.7." says when that release came out; in a transcript, with its speaker's label
    (``speaker_at``)."""
    chunk = candidate.hit.chunk
    heading = heading_alone_under(chunk) or (chunk.section if release_words(chunk) else "")
    heading = heading or speaker_at(chunk.text, candidate.start - chunk.start)  # who speaks it, in a transcript
    return f"{heading}: {candidate.text}" if heading else candidate.text


def release_words(chunk: Chunk) -> frozenset[str]:
    """The words of the release ``chunk``'s section is under ("[1.1.0] - 2019-02-15 — Added": every item under
    it was added in 1.1.0; ``ingest.formats.names_release``), not the document's title; empty otherwise. A
    changelog's items never name their release: "what was added in 1.1.0" found none of them."""
    return section_words(chunk) if names_release(chunk.section) else frozenset()


def _sole_sentence_context(chunk: Chunk) -> tuple[frozenset[str], frozenset[str] | None]:
    """The words of a section's heading and its document's title, for a passage that is one sentence under its
    own heading: "The MIT License" or "Apache-2.0" under a README's "License". Such a sentence says what its
    heading names about what the document is about, and it is no fragment, however short (chosen on the tune
    halves of the two documentation sets it touches, +1 question each, every other set the same; with the
    heading's words alone, without the title's, one set only: docs/quality.md). Second, the heading's words alone
    when it heads a press release's back matter (``back_matter``; None otherwise): such matter is about the
    organisation, not the release's news, so a sentence under it takes the title's words only when it or its
    heading shares a word with the question ("who's the media contact for the wheat release", "who do journalists
    contact about the count"). Read once a passage."""
    heading = heading_alone_under(chunk)
    if not heading:
        return frozenset(), None
    words = frozenset(stems(heading))
    return words | frozenset(stems(chunk.title)), words if back_matter(heading) else None


_BACK_MATTER = re.compile(
    r"(?:notes?\s+(?:to|for)\s+(?:the\s+)?(?:editors?|news\s*desks?|journalists)|editors?['’]?s?\s+notes?"
    r"|about\s+\S.*|(?:media|press)\s+(?:contacts?|enquiries|inquiries|office|information|relations))[\s.:]*",
    re.IGNORECASE,
)


def back_matter(heading: str) -> bool:
    """Whether ``heading`` heads what a press release sets after its news for the editors who print it: its notes
    to editors, the "About <organisation>" paragraph, its media contacts. Why: "Notes to editors" over one contact
    line was scored with the release's title ("Count for district elections to be held overnight") and led the
    answer to "where is the count being held" (black-box report bb66, B6).

    >>> back_matter("Notes to editors"), back_matter("About Kestrel Yard Brewing"), back_matter("About")
    (True, True, False)"""
    return _BACK_MATTER.fullmatch(heading.strip()) is not None


TITLE_WORDS = 12
"""The most words of a line of a title block (``title_block_line``)."""
_TITLE_END = (".", "!", "?", ";", ",", ":")


def _title_like(line: str) -> bool:
    """Whether ``line`` could be a line of a title block: short, and ending no sentence nor label."""
    line = line.strip()
    return 0 < len(line.split()) <= TITLE_WORDS and not line.endswith(_TITLE_END) and not is_note(line)


def title_block_line(chunk: Chunk, start: int, end: int) -> bool:
    """Whether the sentence at ``start``-``end`` in ``chunk``'s text is a line of its document's title block: a whole
    line of a few words without a sentence's end that the document opens with (after its heading at most), after
    only lines like it or "label: value" notes ("Wexcombe District Council" / "Planning Committee Minutes, 20
    January 2026" / "Decision date: ...").
    Why: such a line names the document or who issued it; its words match any question about the document, and
    quoted it answered "who chairs the planning committee" (black-box report bb53, item 7).

    >>> text = chr(10).join(["Wexcombe District Council", "", "Minutes", "", "Present: Cllr Ashdown.", "", "Minutes"])
    >>> [title_block_line(Chunk("m:0", "m", "Minutes", "", 0, len(text), text), s, s + 7) for s in (0, 27, 54)]
    [False, True, False]"""
    text = chunk.text
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : len(text) if line_end < 0 else line_end]
    heading = len(chunk.section.strip() or chunk.title.strip()) + 2  # a heading line, which chunking takes out
    # or the title line over a block the first heading stands under, in the passage ("Chair's statement")
    above_heading = chunk.start <= len(chunk.title.strip()) + 2 and chunk.section.strip() in text.split("\n")
    if chunk.start > heading and not above_heading:
        return False
    if line.strip() != text[start:end].strip() or not _title_like(line):
        return False
    below = text[len(text) if line_end < 0 else line_end :].strip().split("\n")[0]
    if tables.written_row(below):
        return False  # a table's caption, quoted with its first row ("... leading scorers" / "Rank: 1; Player: ...")
    return all(_title_like(above) or is_note(above) for above in text[:line_start].split("\n") if above.strip())


def repeats_title(chunk: Chunk, sentence: str) -> bool:
    """Whether ``sentence`` is its document's title said again (a title block's or a cover's line): it names the
    document, and the year in "Share Offer 2025: Brackenfold Solar Extension" counts nothing (black-box report bb72,
    3.). It is left out for a question wanting a kind of answer the title does not hold (``candidates``): a
    headline ("Harbour dues frozen for Ardmorrow fishing fleet") still answers "are harbour dues going up".

    >>> repeats_title(Chunk("s:0", "s", "Share Offer 2025", "", 0, 16, "Share Offer 2025"), " share  offer 2025")
    True"""
    return " ".join(sentence.split()).casefold() == " ".join(chunk.title.split()).casefold()


_EXCLAMATION_WORDS = 6
"""The most words of an exclamation that only greets or cheers ("Race day is nearly here!", "Welcome back!")."""


def says_nothing(text: str, start: int, end: int) -> bool:
    """Whether the sentence at ``start``-``end`` in ``text`` says nothing a question asks: an exclamation of a few
    words without a figure ("Race day is nearly here!"), or a sign-off: a line ending in a comma opening its
    paragraph with only a signature's short lines under it ("See you on the start line,"). Why: an e-mail's
    exclamation opened the answers to "where does the race start now" and its sign-off was quoted (black-box report
    bb74, 5.). A greeting stays: "Dear Maple class parents," says whom a letter is for.

    >>> mail = chr(10).join(["Hi all,", "", "Race day is here! It starts at 9:00 by the hall.", "", "See you,", "Sam"])
    >>> [says_nothing(mail, mail.index(s), mail.index(s) + len(s)) for s in ("Hi all,", "Race day is here!")]
    [False, True]
    >>> says_nothing(mail, mail.index("See you"), mail.index("See you") + 8)
    True
    >>> says_nothing(mail, mail.index("It starts"), len(mail) - 20), says_nothing("We won 3-1!", 0, 11)
    (False, False)"""
    sentence = text[start:end].strip()
    if sentence.endswith("!"):
        return len(sentence.split()) <= _EXCLAMATION_WORDS and not any(c.isdigit() for c in sentence)
    if not sentence.endswith(",") or len(sentence.split()) > SIGNATURE_WORDS:
        return False
    before, after = text[:start].rstrip(" \t"), text[end:].lstrip(" \t")
    under = [line for line in after.split("\n") if line.strip()]  # the signature, at the text's end
    signs = len(under) < SIGN_OFF_LINES and all(len(line.split()) <= SIGNATURE_WORDS for line in under)
    return (not before or before.endswith("\n\n")) and (not after.strip() or after.startswith("\n")) and signs


def _names_person(line: str) -> bool:
    """Whether a title block's line is a byline: a name with an honorific or a role after it ("Dr Aisling Byrne MVB
    MRCVS", "Hannah Whitcombe RVN, Head Nurse"), not an organisation's or a document's name ("Wexcombe District
    Council", "Planning Committee Minutes, 20 January 2026")."""
    parts = [part.strip() for part in re.split(r"[,·|]", line)]
    return without_honorific(parts[0]) != parts[0] or any(is_role(part) for part in parts[1:] if part)


SIGN_OFF_LINES = 4
"""The most lines of a sign-off: the valediction, the name and a role or two ("Kind regards," / "Sam Reid" / "Bookings
Team" / "Corran Air")."""
_ASKS_SIGNER = re.compile(r"\b(?:sign(?:s|ed|ing|atory)?|sen[dt]|sender|wr[io]te|written|from)\b", re.IGNORECASE)
"""A question asking who signed or sent a letter, which its sign-off answers."""


def signed_off(text: str, start: int) -> bool:
    """Whether the sentence at ``start`` in ``text`` is part of a letter's sign-off: a short paragraph opening with
    a valediction, alone on its line or before the name ("Kind regards, Schedule Planning Team" / "Corran Air").
    Why: it says nothing a question asks but who signed, and its words ("schedule", "team") matched questions
    about the letter's content (black-box report bb55, B14).

    >>> letter = chr(10).join(["Please reply by 31 March.", "", "Kind regards, Schedule Planning Team", "Corran Air"])
    >>> signed_off(letter, letter.index("Kind")), signed_off(letter, letter.index("Corran")), signed_off(letter, 0)
    (True, True, False)"""
    opens = text.rfind("\n\n", 0, start)
    opens = 0 if opens < 0 else opens + 2
    closes = text.find("\n\n", start)
    lines = [line.strip() for line in text[opens : len(text) if closes < 0 else closes].split("\n") if line.strip()]
    if not lines or len(lines) > SIGN_OFF_LINES or any(len(line.split()) > SIGNATURE_WORDS for line in lines):
        return False
    return valediction(lines[0]) or valediction(lines[0].split(",")[0])


OpensSection = Callable[[Chunk], bool]
"""Whether a passage begins its section (False when that is not known)."""


def question_heading(chunk: Chunk) -> frozenset[str]:
    """The words of the section heading ``chunk`` is under when that heading is a question ("How is the council
    reacting to the report?", "1.2. What is this project?") and not the document's title; empty otherwise."""
    return section_words(chunk) if chunk.section.strip().endswith("?") else frozenset()


def heading_asked(chunk: Chunk, asked: set[str]) -> frozenset[str]:
    """The words of the section heading ``chunk`` is under when they name all the question asks of (with the
    document's title): its first sentence says what it names, without its words ("2. Time limit and the sweep
    vehicle" over "The course closes 6 hours 30 minutes after the start."; "Date of next meeting" over "Tuesday
    17 March 2026 at 7.00pm, Fellgate Mess Room.", with the title's "Board" a question asks of); empty otherwise."""
    heading = section_words(chunk)
    titled = heading | set(stems(chunk.title))
    if not asked or not asked & heading or not asked <= titled:
        return frozenset()
    return frozenset(heading | (asked & titled))


def section_words(chunk: Chunk) -> frozenset[str]:
    """The stems of the heading ``chunk`` is under, when that is not the document's title."""
    section = chunk.section.strip()
    return frozenset(stems(section)) if section and section != chunk.title.strip() else frozenset()


def _leading_notes(text: str, sentences: Sequence[tuple[int, int, frozenset[str]]]) -> int:
    """How many sentences open a section as "label: value" notes ("Added in: v2.4.0", "Status: beta"). They
    state what the heading names, which they never repeat, so a note sharing a word with the question is scored
    with the heading's words too, like the answer under a question heading: "when was harbour.moor added"."""
    count = 0
    for s, e, _ in sentences:
        if not is_note(text[s:e]):
            break
        count += 1
    return count


def _noted_words(chunk: Chunk) -> frozenset[str]:
    """What the "label: value" notes opening a section state something of: its heading, or the document's title
    when they open the document ("Incident commander: Marcus Oyelaran" under "Postmortem: Payments API outage", a
    catalogue record's "Maker: Josiah Pendry" under "Longcase clock"): "who was the incident commander for the
    payments api outage" found the summary naming the API instead."""
    return section_words(chunk) or frozenset(stems(chunk.title))


_FLAG = re.compile(r"(?<![\w./-])--?[A-Za-z0-9][\w-]*")
_OPTION = (
    r"--?(?:\[[\w-]+\])?[A-Za-z0-9][\w-]*(?:\[?=[^\s,\]]+\]?|\[[^\]\s]+\])?"
    r"(?:\s+(?:[A-Z][A-Z_]*|<[^>\s]+>|\[[^\]]+\])(?=[,/:\s]|$))?"
)
OPTION_TERM = re.compile(r"(?:[-*+•]\s+)?(?P<term>" + _OPTION + r"(?:(?:,\s*|/|\s+)" + _OPTION + r")*)(?=:?(?:\s|$))")
"""The options a line of a manual or a usage list defines, at its start: "-q, --quiet, --silent", "-o FILE",
"--output=FILE", "-C DIR, --directory=DIR", "-l/--list", "-k --keep", "--color[=WHEN]", "-n, --[no-]verify", or a
definition list's term read as "-x: Don't use ..." (``term``: the options alone)."""
_LISTED = re.compile(r"(?<![\w-])--?[A-Za-z0-9][\w-]*")
"""An option within such a list ("--list" after "-l/")."""
OPTION_WEIGHT = 1.0
"""What defining the command-line option a question names ("what does pack -z do": "-z, --zip ... Compress the
bundle") adds to a sentence's score: as much as holding every word of the question, which the keyword side cannot
tell apart ("-z" and "-Z", "bundle.Z" are all "z" to it). A row keyed by a number the question names
(``keyed_rows``) gets the same."""


_KEYED_ROW = re.compile(
    r"\s*(?:[-*•]\s+)?(?P<key>\d{1,4})(?:[ \t]{2,}|\t|[ \t]*[:—–][ \t]+)[A-Za-z][A-Za-z'’-]*[.,;:]?\s+[A-Za-z]"
)
"""A row of a list of values keyed by a number and said in words: "125    if the command is killed by a signal",
"2      Fatal error.", "- 404: Not Found" (exit statuses, return values, status codes); not a line of code
("404: not_found,") or a backtrace ("2: core::panicking::...")."""
_NUMBER = re.compile(r"(?<!\S)\d{1,4}(?=[?!.,;)]*(?:\s|$))")
"""A number standing alone in a question ("exit code 2"), not part of a place or a reference ("main.rs:2:5")."""


def keyed_rows(question: str, sentences: Sequence[str]) -> set[int]:
    """The sentences opening a row keyed by a number the question names ("what does xargs exit status 125 mean":
    "125    if the command is killed by a signal"), which another row shares more words with ("123    if any
    invocation of the command exited with status 1-125")."""
    numbers = set(_NUMBER.findall(question))
    if not numbers:
        return set()
    return {i for i, s in enumerate(sentences) if (row := _KEYED_ROW.match(s)) and row.group("key") in numbers}


def option_definitions(question: str, sentences: Sequence[str]) -> set[int]:
    """The sentences that define an option the question names, as written ("-z", "--verbose"); when none does, in
    any case ("tool -e" for "-E, --extended ...")."""
    flags = set(_FLAG.findall(question))
    if not flags:
        return set()
    listed = {}
    for i, sentence in enumerate(sentences):
        found = OPTION_TERM.match(sentence.strip())
        if found is not None:
            listed[i] = set(_LISTED.findall(found.group("term")))
    exact = {i for i, options in listed.items() if options & flags}
    if exact:
        return exact
    folded = {f.lower() for f in flags}
    return {i for i, options in listed.items() if {o.lower() for o in options} & folded}


CITED_WEIGHT = 0.5
"""What a follow-up's sentences gain for being of a document the answer before cited: "what club did he manage
before them", after an answer from a piece on Everton's manager, quoted an AFLW report's "played 40 games for three
clubs" (now the piece's "Burnley in their best moments [under Dyche] ..."). Chosen on the conversation sets' tune
halves (``ragqa eval conversations --split tune``, twelve sets): follow-ups answered with the fact, net over the
sets, 0 at 0.1, +1 at 0.2, +5 at 0.3, +7 at 0.4, +9 at 0.5 (none lost), +8 at 0.6 and +7 at 1.0 (a Word chat lost);
unanswerable turns abstained +1 (PDF chats) and -1 (news chats) from 0.2 on."""


Period = tuple[str, str]
"""Inclusive ISO days, as ``dated_spans`` gives them (the year ``YEARLESS``: that day of any year)."""


def _month_days(period: Period) -> list[tuple[str, str]]:
    """The "MM-DD" ranges of a period within a year, for comparing with a period of any year: one, or two when it
    runs over a year's end (winter: December to February), or the whole year when it lasts a year or more."""
    (first, last), start, end = period, period[0][5:], period[1][5:]
    if first[:4] == last[:4] or first.startswith(YEARLESS):
        return [(start, end)]
    if int(last[:4]) - int(first[:4]) > 1 or start <= end:
        return [("01-01", "12-31")]
    return [(start, "12-31"), ("01-01", end)]


def same_time(asked: Period, named: Period) -> bool:
    """Whether a period a passage names shares a day with one a question names; either's ``YEARLESS`` days are of
    any year ("14 august" is the 2026-08-14 of a table row).

    >>> same_time(("2026-04-01", "2026-04-30"), ("2026-04-09", "2026-04-09"))
    True
    >>> same_time(("0000-08-14", "0000-08-14"), ("2026-08-21", "2026-08-21"))
    False
    """
    if not (asked[0].startswith(YEARLESS) or named[0].startswith(YEARLESS)):
        return asked[0] <= named[1] and named[0] <= asked[1]
    return any(a <= n_end and n <= a_end for a, a_end in _month_days(asked) for n, n_end in _month_days(named))


def dates_held(question: str, text: str, sentences: Sequence[tuple[int, int]]) -> list[frozenset[str]]:
    """For each sentence of ``text``, the stems of the periods ``question`` names that the sentence names too, in
    any form: the words of a day as the person typed it, which the sentence may not share ("14 august" and "aug 14"
    of a row's "Date: 2026-08-14"; "in april 2026" of its 2026-04-09), while another row's numbers may ("14:58").

    >>> text = "Date: 2026-08-21; HW: 14:58. Date: 2026-08-14; HW: 08:41."
    >>> [sorted(words) for words in dates_held("high water on 14 august", text, [(0, 28), (29, len(text))])]
    [[], ['14', 'august']]
    """
    asked = [(period, frozenset(stems(question[s:e]))) for period, (s, e) in dated_spans(question, yearless=True)]
    held = [frozenset[str]() for _ in sentences]
    if not asked:
        return held
    for named, (at, _) in dated_spans(text, yearless=True):
        i = next((i for i, (s, e) in enumerate(sentences) if s <= at < e), None)
        if i is not None:
            held[i] = held[i].union(*(words for period, words in asked if same_time(period, named)))
    return held


def doer_nouns(asked: set[str]) -> dict[str, str]:
    """The stems of the doers' nouns of the question's words, each with the word's stem ("leader" of "lead",
    "organis" of "organiser"): a sentence naming the doer says who does it ("Leader: Tom Greaves" for "who leads
    the hedge laying", a spreadsheet's column, black-box report bb80, WT020), though the stemmer keeps the two
    apart.

    >>> doer_nouns({"lead", "hedg"})["leader"]
    'lead'
    """
    return {
        noun: word
        for word in asked
        if len(word) > 2 and word.isalpha()
        for noun in {stem(word + ending) for ending in _AGENT_ENDINGS}
        if noun != word and noun not in asked
    }


def candidates(
    question: str,
    hits: Sequence[Hit],
    vectorize: Vectorize | None = None,
    top_n: int | None = None,
    context: str = "",
    opens_section: OpensSection | None = None,
    cited: frozenset[str] = frozenset(),
) -> list[Candidate]:
    """Every sentence of the hits, best first; the ``top_n`` best by words also get their similarity.

    ``context`` is the earlier question a follow-up refers to (see ``CONTEXT_WEIGHT``); ``cited``, the documents
    the answer before cited, whose sentences a follow-up prefers (``CITED_WEIGHT``). A section headed by a
    question answers it in its first sentence, as a sentence after a question in the text does
    (``sentence_stems``): that sentence is also scored with the heading's words, for passages ``opens_section``
    says begin their section (explainers and FAQs: "What are the council's goals?" over "Its plan is all about
    ...")."""
    # a follow-up's earlier question rides along as a trailing aside: it chose the passages, but the
    # sentences must answer what is asked now
    asked = without_aside(question) or question
    # "what time is midnight mass": not a table's "Time:" rows. "how much", "how many" stay: the abstention model
    # was fit with them, and left out they made unanswerable "how many singers are in the choir" look answered
    q_stems = set(stems(without_form(asked, how=False)))
    c_stems = set(stems(context)) - q_stems
    signer_asked = _ASKS_SIGNER.search(asked) is not None
    kind = question_kind(asked)
    asked_terms = set(terms(asked))
    asks_who = kind == "person" or (kind == "definition" and _WHO.match(asked) is not None)
    # asked who seconded the boiler motion: a "Proposed by ..., seconded by ..." line is about the motion above it
    motion_topic = topic(asked) if asks_of_motion(asked) else None
    doers = doer_nouns(q_stems) if asks_who else {}  # "Leader: Tom Greaves" says who leads
    raw: list[tuple[str, int, int, Hit, frozenset[str], bool]] = []
    read: dict[int, str] = {}  # what a sentence's similarity is taken of, when not of its own text
    for hit in hits:
        text = hit.chunk.text
        sentences = sentence_stems(text)
        spans = [(s, e) for s, e, _ in sentences]
        dated = dates_held(asked, text, spans)
        released = release_words(hit.chunk)
        titled, back = _sole_sentence_context(hit.chunk)
        opens = opens_section is not None and opens_section(hit.chunk)
        asked_above = question_heading(hit.chunk) if opens else frozenset()
        notes = _leading_notes(text, sentences) if opens else 0
        # a heading naming what is asked: its first sentence after any notes says it ("The course closes ...")
        named_above = heading_asked(hit.chunk, q_stems) if opens and not asked_above else frozenset()
        noted = _noted_words(hit.chunk) if notes else frozenset()
        for i, (s, e, words) in enumerate(sentences):
            if not signer_asked and signed_off(text, s):
                continue  # a letter's "Kind regards, ..." and the name under it: who signed, nothing else
            if says_nothing(text, s, e):
                continue  # "Race day is nearly here!", "See you on the start line,"
            typed = kind not in ("other", "expansion")  # a headline as title says what "is it ..." asks
            held = _YEAR.sub("", text[s:e]) if kind == "number" else text[s:e]  # "Share Offer 2025" counts nothing
            if typed and repeats_title(hit.chunk, text[s:e]) and not holds_kind(held, kind, asked_terms, asked):
                continue  # the document's name, which a question about it matches and which answers nothing
            if kind not in ("other", "expansion") and title_block_line(hit.chunk, s, e):
                # the document's name and its issuer's: "who" only when it is a byline, another kind if it holds it
                if not (_names_person(text[s:e]) if asks_who else holds_kind(text[s:e], kind, asked_terms, asked)):
                    continue
            if motion_topic is not None and records_motion(text[s:e]):
                motion = motion_words(text, spans, i, section_words(hit.chunk))
                stating_it = [text[spans[j][0] : spans[j][1]] for j in stated_before(text, spans, i)]
                # with the document's title and day ("the october meeting"), which the minutes name once
                named = f"{hit.chunk.title} {day_written(hit.chunk.published_at)}"
                written = " ".join([named, hit.chunk.section, *stating_it])
                topical = held_topic(motion_topic, motion | frozenset(stems(named)), written)
                if topical is None:
                    continue  # another motion's line: its names answer nothing of this one
                words = words | motion | topical | implied(text[s:e])
                stated = stating(text, spans, i)
                if stated is not None:  # its similarity read with the motion it records, as it is quoted
                    read[len(raw)] = f"{text[spans[stated][0] : spans[stated][1]]} {text[s:e]}"
            around = titled if back is None or (words | back) & q_stems else back
            heading = (asked_above if i == 0 else frozenset()) | (named_above if i == notes else frozenset())
            # a note says what the question asks only when it speaks of it ("Default: false" for "default of x",
            # not for "what does x do", where it would be the heading's best match and say nothing)
            heading |= noted if i < notes and words & q_stems else frozenset()
            done = frozenset(verb for noun, verb in doers.items() if noun in words)  # "Leader:" leads
            raw.append(
                (
                    text[s:e],
                    hit.chunk.start + s,
                    hit.chunk.start + e,
                    hit,
                    words | around | released | heading | dated[i] | done,
                    bool(around),
                )
            )
    if not raw:
        return []
    idf = idf_weights([r[4] for r in raw] + [q_stems | c_stems])
    q_weight = sum(idf.get(t, 0.0) for t in q_stems) or 1.0
    c_weight = sum(idf.get(t, 0.0) for t in c_stems) or 1.0
    top_dense = max(h.dense for h in hits)
    texts = [r[0] for r in raw]
    defining = option_definitions(asked, texts) | keyed_rows(asked, texts)
    lexical: list[tuple[float, float, int]] = []
    for rank, (_, _, _, hit, s_stems, sole) in enumerate(raw):
        coverage = sum(idf.get(t, 0.0) for t in q_stems & s_stems) / q_weight
        too_short = sum(t.count(".") + 1 for t in s_stems) < 3 and not sole  # "Release: 0.1" is three words
        score = WORD_WEIGHT * coverage + PASSAGE_WEIGHT * (hit.dense - top_dense) - (0.3 if too_short else 0.0)
        score += OPTION_WEIGHT if rank in defining else 0.0
        if c_stems:
            score += CONTEXT_WEIGHT * sum(idf.get(t, 0.0) for t in c_stems & s_stems) / c_weight
        if hit.chunk.doc_id in cited:
            score += CITED_WEIGHT
        lexical.append((score - 0.0005 * rank, coverage, rank))
    lexical.sort(key=lambda item: -item[0])
    similarity = np.zeros(len(raw), dtype=np.float32)
    top_n = SIMILARITY_CANDIDATES if top_n is None else top_n
    if vectorize is not None and top_n > 0:
        chosen = [item[-1] for item in lexical[:top_n]]
        question_vectors, sentence_vectors = vectorize([asked], [read.get(r, raw[r][0]) for r in chosen])
        similarity[chosen] = sentence_vectors @ question_vectors[0]
    out = []
    for base, coverage, rank in lexical:
        sentence, start, end, hit, words, _ = raw[rank]
        sim = float(similarity[rank])
        out.append(Candidate(sentence, start, end, hit, coverage, sim, base + SIMILARITY_WEIGHT * sim, words))
    out.sort(key=lambda c: -c.score)
    return out


KIND_WEIGHT = 0.3
"""How much a chosen sentence holding the kind of answer asked for (``holds_kind``: a name near the question's
words for "who", a date for "when", a number for "how many") gains when the answer's sentences are put in order,
so the one that says it comes first: a reader reads the first sentence. It orders the sentences ``candidates``'
ranking chose and weighs no evidence (the abstention model was fit on that ranking). Chosen on the tune halves of
13 sets (``bench/sweep_sentences.py KIND_WEIGHT=0,0.1,0.2,0.3,0.5,1``, the share of answerable questions with the
gold answer in the first sentence, mean over the sets): 0 gave 0.731, 0.1 0.745, 0.2 0.743, 0.3 0.754, 0.5 and 1
0.754; 0.1 was kept then for SQuAD's 400 (0.828 against 0.818 at 0.3). Over the 31 sets of the thirty-fourth
session, 0.3 puts the fact first for 771 of 1,138 tune questions against 763 at 0.1 (SQuAD's 400: 2 fewer), and
with ``PASSAGE_WEIGHT`` 1.0 for 773; which sentences are chosen never changes."""


_HOW_TO = re.compile(
    r"(?:^|[,;:]\s)\W*(?:how\s+(?:do|can|could|would|should|shall)\s+(?:i|you|we|one)|how\s+to)\b", re.I
)
"""Asked how to do something, the question opening with it or its last clause ("new parser breaks my code, how to go
back to the old one"): 1 more answer on the tune halves, none lost (16 questions of 8 sets ask so)."""
_IMPERATIVE = re.compile(
    r"^\W*(?:turn|disable|enable|stop|start|make|get|set|change|run|install|uninstall|remove|delete|add|create|use"
    r"|show|hide|list|find|check|convert|read|write|send|print|skip|keep|limit|allow|prevent|force|reset|restore"
    r"|update|upgrade|downgrade|build|compile|configure|switch|pick|catch|call|open|close|save|load|copy|move|rename"
    r"|export|generate|parse|format|sort|count|measure|pass|return|raise|ignore|exclude|include|silence|suppress"
    r"|increase|decrease|speed|clean|clear|wipe|undo|revert|roll|go|fix|avoid|detect|display|log|redirect|split"
    r"|join|merge|combine|match|replace|strip|trim|extract|share|schedule|wait|retry|kill|exit|quit)\b"
    r"(?!\s+(?:of|value|values|type|types|order|statement|statements)\b)",  # "list of ...", "return value of ..."
    re.I,
)
"""A request typed as an instruction, an imperative verb first ("turn off the error markers", "get a backtrace when
my program panics"): asked how to do something, as "how do i ..." is. Chosen on the tune halves (docs/quality.md):
any question opening without a question word or auxiliary also took problem statements and keyword queries ("__del__
not running after i do del obj"), 6 answers gained and 3 lost against 4 and 1."""
_ENV_VAR = re.compile(
    r"\$?\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b|\$[A-Z]{3,}\b|\b[A-Z]{4,}(?=\s*=|\s+(?:environment\s+)?variable)",
    re.ASCII,
)
"""An environment variable as documentation writes it: "RUST_BACKTRACE", "$HOME", "PYTHONOLDPARSER=1", "the
PYTHONNODEBUGRANGES environment variable"; not a word in capitals ("WARNING: ...")."""
_COMMAND = re.compile(r"^(?:[-*•]\s+|[$#>%]\s+)?[a-z][\w.+/-]*(?:[ \t]+\S+)*$")
"""A line of code or a command as documentation shows it: one line, opening with a lower-case program or
keyword ("pkg install editor", "$ pkg hold package_name", "* tool shell <version> -- ..."), no sentence
punctuation at its end."""


def is_code_line(sentence: str) -> bool:
    """Whether ``sentence`` looks like one line of code or a command (``_COMMAND``)."""
    line = sentence.strip()
    if "\n" in line or len(line) > 120 or line.endswith((".", "!", "?", ":", '"', "”", ",")):
        return False
    return _COMMAND.match(line) is not None


def _uses_question_word(sentence: str, question_terms: set[str]) -> bool:
    """Whether ``sentence`` holds a word of the question, in any form (stems)."""
    return bool(set(stems(sentence)) & set(stems(" ".join(sorted(question_terms)))))


def gives_option(sentence: str, question_terms: set[str]) -> bool:
    """Whether ``sentence`` names a command-line option or an environment variable and a word of the question: how to
    do something is often said in prose ("use the -X no_debug_ranges command line option or the PYTHONNODEBUGRANGES
    environment variable"), not on a line of its own."""
    return bool(_FLAG.search(sentence) or _ENV_VAR.search(sentence)) and _uses_question_word(sentence, question_terms)


def is_command(sentence: str, question_terms: set[str]) -> bool:
    """Whether ``sentence`` is a command or line of code using a word of the question ("how do i hold a package":
    "pkg hold package_name")."""
    return is_code_line(sentence) and _uses_question_word(sentence.strip(), question_terms)


KIND_MARGIN = 1.5
"""How far below the best sentence's score a sentence holding the kind of answer asked for may lie and still take
the last place of an answer whose chosen sentences hold none (``with_kind``). Chosen on the tune halves of 24
question sets and 400 SQuAD 2.0 questions (share of answerable questions with the gold answer in the chosen
sentences, docs/quality.md): none 826/973, 0.5 830, 1.0 834, 1.5 835, unbounded 835. Measured before the
sentence was required to come from the best sentence's document, which kept the gains and dropped sentences of
other articles from SQuAD's answers."""


_NAMING = re.compile(
    r"\b(?:(?:is|was|are|were|be|been|being)\s+(?:called|named|dubbed|nicknamed|known\s+as)|(?:his|her|its|their)\s+"
    r"name\s+(?:is|was)|goes\s+by|went\s+by)\s+[\"“‘']?[A-Z0-9]",
)
"""A sentence giving something's name ("... – his name is John Carver", "a unit known as 29155"): what "what's the
killer called" asks for, though it shares fewer of the question's words than one that only mentions the killer."""


def holds_asked(question: str) -> Callable[[Candidate], bool] | None:
    """The test of whether a sentence holds the kind of answer ``question`` asks for (asked how to do something, as
    "how do i ..." or as an instruction: the command, or the option or variable that does it), or None when it asks
    for no particular kind."""
    asked = without_aside(question) or question
    called = _CALLED.match(asked.lower())
    if called is not None:  # a sentence giving a name to at least half of what is named ("the city centre")
        thing = set(stems(called.group("thing")))
        return lambda c: _NAMING.search(c.text) is not None and 2 * len(thing & c.words) >= len(thing)
    kind = question_kind(asked, wide=True)
    how_to = kind == "other" and (_HOW_TO.search(asked) is not None or _IMPERATIVE.search(asked) is not None)
    if kind == "other" and not how_to:
        return None
    question_terms = set(terms(asked))
    if how_to:
        return lambda c: is_command(c.text, question_terms) or gives_option(c.text, question_terms)
    if kind in _VALUE_KINDS:  # a record's field line is about the record: its value need not be near the words
        return lambda c: holds_kind(
            with_heading(c), kind, set() if _FIELD_LINE.match(c.text) else question_terms, asked, wide=True
        )
    return lambda c: holds_kind(with_heading(c), kind, question_terms, asked, wide=True)


_VALUE_KINDS = frozenset({"number", "date", "year", "score"})
_FIELD_LINE = re.compile(r"^[A-Z][\w ()/&'’-]{0,40}:\s+\S[^\n]{0,160}$")
"""A record's "Label: value" line ("Price display: Guide Price £425,000" of a property listing, "Attendance: 112" of
a match's facts): it states a fact of what the record is about, whose name it seldom repeats, so asked "how much is
linden cottage" the listing's price line holds the answer though "Linden Cottage" is only in its address line."""


def _names_asked_role(question: str) -> Callable[[Candidate], bool] | None:
    """The test of whether a sentence names someone by the role ``question`` asks the holder of ("which governor
    fired her": "Governor Albert Bryan Jr."), or as doing what it asks who did ("who seconded the motion":
    "Seconded by Cllr Lloyd."; "who owns crumb & co": "Owners Nadia and Sam Ferris ..."); None when it asks
    neither."""
    asked = without_aside(question) or question
    if question_kind(asked, wide=True) != "person":
        return None
    role = _ASKED_ROLE.search(asked)
    if role is None:
        return _names_doer(asked)
    named = " ".join((role.group("role") or role.group("of") or role.group("the")).lower().split())
    question_terms = set(terms(asked))
    return lambda c: names_role(c.text, named, question_terms)


_WHO_DID = re.compile(
    r"^\W*who\s+(?:(?:has|had|have)\s+)?(?!(?:is|was|are|were|will|would|can|could|did|does|do|should|may|might|else"
    r"|has|had|have|exactly|actually|got|get|gets|made|makes)\b)(?P<verb>[a-z]{3,})\b",
    re.IGNORECASE,
)
_AGENT_ENDINGS = ("er", "r", "or")
"""What makes a doer's noun of a verb: "own" gives "owner", "second" "seconder", "direct" "director"."""


def _names_doer(asked: str) -> Callable[[Candidate], bool] | None:
    """The test of whether a sentence names someone next to the verb a "who did it" question asks, or its doer's
    noun ("who seconded": "Seconded by Cllr Lloyd."; "who owns": "Owners Nadia and Sam Ferris"); None for another
    question. A chosen sentence naming someone else ("Cllr Patel moved that ...") answers nothing of it."""
    did = _WHO_DID.match(asked)
    if did is None:
        return None
    verb = did.group("verb").lower()
    root = stem(verb)
    forms = {root} | {stem(root + ending) for ending in _AGENT_ENDINGS}
    question_terms = set(terms(asked))

    def names_doer(candidate: Candidate) -> bool:
        return bool(forms & candidate.words) and any(
            set(terms(m.group())) - question_terms for m in _NAME.finditer(candidate.text)
        )

    return names_doer


_DOER = r"[A-Z][a-z'’-]+(?:\s+(?:[A-Z][a-z'’.-]+|[A-Z]\.))+"
"""A name of two words or more as minutes write it: "Aisha Bello", "Cllr Marsh", "J. R. Hartley"."""
_WORD = re.compile(r"[A-Za-z]+")


def _says_who_did(asked: str) -> Callable[[str], bool] | None:
    """The test of whether a sentence gives the doer a "who did it" question asks for right beside its verb: after
    "by" ("Proposed by Kwame Boateng, seconded by Naomi Steadman.") or before the verb ("Aisha Bello seconded
    it"); None for another question. Such a line says who did it outright, where ``_names_doer`` only finds the
    verb and a name anywhere ("Kudus said Ten Hag must score goals").

    >>> says = _says_who_did("who seconded the rent rise")
    >>> says("Proposed by Rajesh Varma, seconded by Aisha Bello."), says("Rajesh Varma proposed a rise, seconded.")
    (True, False)"""
    did = _WHO_DID.match(asked)
    if did is None:
        return None
    root = stem(did.group("verb").lower())
    by = re.compile(rf"\s+by\s+{_DOER}")
    named_before = re.compile(rf"{_DOER}\s+$")

    def says(text: str) -> bool:
        for word in _WORD.finditer(text):
            if stem(word.group().lower()) != root:
                continue
            if by.match(text, word.end()) or named_before.search(text, 0, word.start()):
                return True
        return False

    return says


def with_kind(question: str, ranked: Sequence[Candidate], chosen: list[Candidate], limit: int) -> list[Candidate]:
    """``chosen`` and the best-ranked other sentence holding the kind of answer asked for, when none of them holds
    it (in the last place, when ``chosen`` already has ``limit`` sentences): asked "when was path.matchesGlob
    added", the sentences saying what it does rank above "Added in: v20.17.0" on the question's words, and the
    answer would give no date. Asked who holds a role ("which governor fired her"), when the chosen sentences
    name people but none by that role, the best other sentence that does ("Governor Albert Bryan Jr. ..."). Only a
    sentence of the best sentence's document, within ``KIND_MARGIN`` of its score: a date from another article
    answers nothing, nor does the document's own date line (``dates_the_document``: "Updated: 2026-01-20" asked
    "what time does the tea room open", black-box report bb80, bug 10). The first sentences stay, as the best
    evidence. The sentence right after the best one in its paragraph comes before any other (``_carried_on``)."""
    holds = holds_asked(question)
    # a sentence ending on a colon is quoted with what it introduces ("... use git pull:" and the command under it)
    if holds is None or not chosen or limit < 2 or any(c.text.rstrip().endswith(":") for c in chosen):
        return chosen
    test = holds
    says: Callable[[str], bool] | None = None
    following = _carried_on(question, ranked, chosen[0])
    if following is not None and not any(holds(c) for c in chosen) and not any(_same(c, following) for c in chosen):
        return _placed(chosen, following, limit, holds)
    if any(holds(c) for c in chosen):  # asked "which governor" or "who seconded", a name is not enough
        role = _names_asked_role(question)
        if role is None or any(role(c) for c in chosen):
            return chosen
        test = role
        says = _says_who_did(without_aside(question) or question)
    taken = {(c.hit.chunk.doc_id, c.start) for c in chosen}
    texts = {" ".join(c.text.lower().split()) for c in chosen}
    documents = {c.hit.chunk.doc_id for c in chosen}
    for candidate in ranked:
        if candidate.score < chosen[0].score - KIND_MARGIN:
            break
        outright = says is not None and says(candidate.text)
        if candidate.hit.chunk.doc_id != chosen[0].hit.chunk.doc_id and not (
            outright and candidate.hit.chunk.doc_id in documents
        ):
            continue
        if (candidate.hit.chunk.doc_id, candidate.start) in taken or " ".join(candidate.text.lower().split()) in texts:
            continue
        if test(candidate) and not _dates_only_the_document(question, candidate.text):
            # "seconded by Naomi Steadman" takes the last place from a sentence naming someone else
            return _placed(chosen, candidate, limit, test if outright else holds)
    return chosen


def _dates_only_the_document(question: str, sentence: str) -> bool:
    """Whether ``sentence`` dates its document (``dates_the_document``) and the question asks not of that: "Updated:
    2026-01-20" answers no "what time does the tea room open", but "Effective Date: 1 April 2025" answers "when did
    the expenses policy come into effect", whose words its label shares.

    >>> _dates_only_the_document("what time does the tea room open", "Updated: 2026-01-20")
    True
    >>> _dates_only_the_document("when did the policy come into effect", "Effective Date: 1 April 2025")
    False
    """
    return dates_the_document(sentence) and not set(stems(question)) & set(stems(_DAY_WORDS.sub(" ", sentence)))


_DAY_WORDS = re.compile(rf"[\d/.,:-]+|\b(?:{MONTH_NAMES})\b", re.I)
"""A date line's day, month and figures: what is left is its label ("Effective Date", "Updated")."""


_CARRIED_KINDS = frozenset({"number", "date", "year", "place", "person"})
"""The kinds of answer a sentence carrying on from the best one may give without the question's words: an amount,
a day, a place, a person."""


def _same(one: Candidate, other: Candidate) -> bool:
    """Whether two candidates are the same sentence (overlapping passages repeat one)."""
    return (one.hit.chunk.doc_id, one.start) == (other.hit.chunk.doc_id, other.start) or " ".join(
        one.text.lower().split()
    ) == " ".join(other.text.lower().split())


def _carried_on(question: str, ranked: Sequence[Candidate], best: Candidate) -> Candidate | None:
    """The sentence right after ``best`` on its line (its paragraph), when it holds the amount, day, place or person
    asked for anywhere in it, within ``KIND_MARGIN`` of ``best``'s score; else None. It goes on about what ``best``
    names without repeating the question's words, which is why it ranks low and its answer lies far from them: "Join
    warden Tom Greaves for a dawn chorus walk ... Tickets £12, including breakfast." asked "how much is the dawn
    chorus walk", "Three quotes for resurfacing the car park were considered. The trustees accepted the quote of
    £11,950." asked how much the resurfacing costs (testers bb80, bb76, bb78)."""
    asked = without_aside(question) or question
    kind = question_kind(asked, wide=True)
    if kind not in _CARRIED_KINDS or _CALLED.match(asked.lower()):
        return None
    chunk = best.hit.chunk
    after = [c for c in ranked if c.hit.chunk.chunk_id == chunk.chunk_id and c.start >= best.end]
    if not after:
        return None
    following = min(after, key=lambda c: c.start)
    if "\n" in chunk.text[best.end - chunk.start : following.start - chunk.start]:
        return None  # another paragraph, list item or row may turn to another topic ("- The kitchen has two fridges")
    if following.score < best.score - KIND_MARGIN or dates_the_document(following.text):
        return None
    held = holds_kind(with_heading(following), kind, set(terms(asked)), asked, wide=True, near=False)
    return following if held else None


def _placed(
    chosen: list[Candidate], candidate: Candidate, limit: int, holds: Callable[[Candidate], bool]
) -> list[Candidate]:
    """``chosen`` with ``candidate`` after them; once they are ``limit``, in the place of the last one that holds no
    answer of the kind asked, and none when every one does: a sentence brought in for using the verb asked ("... to
    level the scores") must not push out one naming who scored."""
    if len(chosen) < limit:
        return [*chosen, candidate]
    spare = next((i for i in range(len(chosen) - 1, -1, -1) if not holds(chosen[i])), None)
    return chosen if spare is None else [*chosen[:spare], *chosen[spare + 1 : limit], candidate]


_ONE_OF = re.compile(r"\b(?:one|once|twice|single|a\s+(?:dozen|hundred|thousand|million|billion|couple))\b", re.I)
"""A figure ``_COUNT`` leaves out as too common a word elsewhere: "for one year", "twice a day"."""
_YEAR_FIGURE = re.compile(r"\b\d{3,4}\b")
_HOW_OFTEN = re.compile(r"\bhow\s+often\b|\bhow\s+frequently\b", re.I)
_FREQUENCY = re.compile(
    r"\b(?:hourly|daily|nightly|weekly|fortnightly|monthly|quarterly|annually|yearly|biannually|weekdays|weekends"
    r"|(?:every|each|per|a)\s+(?:other\s+|second\s+|few\s+|\w+\s+)?(?:hour|day|night|week|fortnight|month|quarter"
    r"|year|term|season|morning|evening|weekday|monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?)\b",
    re.I,
)
"""How often something happens, said without a figure: "Milk is collected every other day", "bins are emptied
weekly", "the board meets each quarter" (a co-op tester's "how often is milk collected" was abstained on as a
question for a number the answer lacks)."""


_METHOD_ASKED = re.compile(
    r"\b(?:decide|determine|choose|work\s+out|figure\s+out|find\s+out|calculate|compute|check|count|know|tell|see)"
    r"\s+how\s+(?:many|much|old)\b",
    re.IGNORECASE,
)
"""A question asking how to find a figure out, not the figure: "what's the right way to decide how many worker
threads to spawn" (the answer is "os.availableParallelism()")."""


_TIME_ASKED = re.compile(
    r"\bwhat\s+times?\b(?!\s+(?:of\s+(?:the\s+)?(?:year|day|week|month|season|life)|zones?|frames?|periods?|limits?"
    r"|scales?|span)\b)",
    re.IGNORECASE,
)
"""A time of day asked for: "what time does the agm start", "till what time can kids stay", "wednesday communion
what time"; not a season ("what time of year"), a zone or a span."""
_NUMBER_WORDS = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|ninety)"
_TIME_OF_DAY = re.compile(
    r"\b\d{1,2}[:.]\d\d\b|\b\d{1,2}\s*(?:am|pm|a\.m\.|p\.m\.)|\b[012]\d[0-5]\d\s*(?:hrs|hours|h)\b"
    r"|\b(?:noon|midday|midnight|o['’]clock|dawn|dusk|sunrise|sunset|half\s+past|quarter\s+(?:past|to)|any\s*time"
    r"|all\s+day|24\s*(?:hours|/\s*7))\b"
    rf"|\bat\s+{_NUMBER_WORDS}\b|\b(?:\d+|an?|half\s+an|{_NUMBER_WORDS})\s+(?:minutes?|mins?|hours?|hrs?)\s+"
    r"(?:before|after|earlier|later|prior)\b"
    r"|\b(?:opens?|opening|closes?|hours|from|between)\W+\d{1,2}\s*(?:[-–]|to|until|till)\s*\d{1,2}\b"
    r"|\bclosed\b(?!\s+(?:until|from|for|while|between|during|to|since)\b)",
    re.IGNORECASE,
)
"""What says when in a day, loosely: a clock time ("7.30pm", "18:00", "10am"), noon, dusk, a time relative to
another ("25 minutes before", "an hour after"), opening hours ("open 9 to 5") or that a place is closed then
("Sunday: Closed"); not "closed until 31 March", a date."""


_MEASURE_UNITS = (
    r"(?:years?|yrs?|months?|weeks?|days?|nights?|hours?|hrs?|minutes?|mins?|seconds?|secs?|hectares?|ha|acres?"
    r"|miles?|mi|km|kilomet(?:re|er)s?|met(?:re|er)s?|m|cm|mm|ft|feet|foot|inch(?:es)?|kg|g|grams?|tonnes?|tons?"
    r"|litres?|liters?|ml|l|mph|kph|percent|per\s+cent|%|st|nd|rd|th|am|pm|degrees?|kb|mb|gb|tb|w|kw|watts?)\b"
)
_MEASURE_AFTER = re.compile(rf"\s*-?\s*{_MEASURE_UNITS}", re.IGNORECASE)
_COUNT_ASKED = re.compile(rf"\bhow\s+many\s+(?:more\s+|fewer\s+)?(?!{_MEASURE_UNITS}|times\b)[a-z]", re.IGNORECASE)
"""Things counted ("how many juniors are in the club"), not a measure ("how many hours", "how many miles")."""


def _counts_things(text: str) -> bool:
    """Whether ``text`` counts something other than money or a measure: "24 stalls", "twelve riders"; not "£12",
    "40 years", "42 hectares", "25%"."""
    money = [m.span() for m in _MONEY.finditer(text)]
    return any(
        not any(a <= s < b or a < e <= b for a, b in money)
        and text[s:e] not in "$€£%"
        and not _MEASURE_AFTER.match(text, e)
        for s, e in _counts(text)
    )


def lacks_asked_kind(question: str, texts: Sequence[str]) -> bool:
    """Whether an answer (its sentences with their headings, and what it quotes with them) holds nothing of the
    kind a question asks for: no figure at all for how many, how much, how old (a count, an amount, a number word,
    anywhere), no number of three or four figures for what year. "how much was each bounty" was answered "Russian
    bounties were paid to Taliban-linked militias": every word matched but the one thing asked. Such an answer
    cannot hold what was asked, so the articles do not say. Read loosely on purpose (a figure away from the
    question's words, or of another kind than asked, lets the answer stand: the abstention model weighs those).
    Only where the question's first question word asks for the figure ("which header tells me how long to wait"
    asks for a header). Chosen on the tune halves (docs/quality.md): of the questions it decides, about three of
    four are unanswerable; dates, places, definitions and "who" lost more answers than they won ("Lene is a nurse
    ... and coordinates the response team": a name opening a sentence reads as no name). Asked what time, no time
    of day anywhere (``_TIME_OF_DAY``): "what time does the agm start" was answered with the AGM's day alone at 0.63
    (testers bb76, bb80, bb75); every gold of the question sets for "what time" is a time of day or one relative to
    another ("25 minutes before"). Asked how many things, money and measures are no count of them: "how many otters
    live on the river lenn" was answered with "for the first time in 40 years" at 0.90 (tester bb80, WT103), "how
    many vouchers did citizens advice issue last year" with "a voucher is valid for 10 days".

    >>> lacks_asked_kind("what time does the agm start", ["The AGM will be held on Saturday 17 October 2026."])
    True
    >>> lacks_asked_kind("what time does the agm start", ["The AGM starts at 7.30pm."])
    False"""
    if not texts:
        return False
    asked = without_aside(question) or question
    kind = question_kind(asked)
    if _TIME_ASKED.search(asked) and question_kind(asked, wide=True) == "date":
        return not any(_TIME_OF_DAY.search(text) for text in texts)
    if kind not in ("number", "year") or question_kind(asked, wide=True) != kind or _METHOD_ASKED.search(asked):
        return False  # "which header tells me how long to wait": a header is asked for, not a figure
    if kind == "number":
        often = _HOW_OFTEN.search(asked) is not None
        if _COUNT_ASKED.search(asked):  # "how many juniors": a fee or a span of years counts none
            return not any(_counts_things(text) or _ONE_OF.search(text) for text in texts)
        return not any(
            _counts(text) or _ONE_OF.search(text) or _MONEY.search(text) or (often and _FREQUENCY.search(text))
            for text in texts
        )
    return not any(_YEAR_FIGURE.search(text) for text in texts)


def by_kind(question: str, chosen: list[Candidate]) -> list[Candidate]:
    """The chosen sentences in the order the answer gives them: by score, ``KIND_WEIGHT`` added to those holding
    the kind of answer ``question`` asks for. Asked how to do something ("how do i hold a package"), the command
    that does it is that kind (documentation shows it on a line of its own, after the sentence introducing it).
    Last come photo credits and, asked who, what, when ..., sentences of the question's own words alone."""
    holds = holds_asked(question)
    if len(chosen) < 2:
        return chosen
    if holds is None and not _WH.match(question):
        return chosen
    raised = [
        c.score
        + (KIND_WEIGHT * holds(c) if holds is not None else 0.0)
        - (1.0 if tells_nothing(question, c) else 0.0)
        - (1.0 if _PHOTO_CREDIT.search(c.text) else 0.0)
        for c in chosen
    ]
    return [c for _, c in sorted(zip(raised, chosen, strict=True), key=lambda pair: -pair[0])]


def tells_nothing(question: str, candidate: Candidate) -> bool:
    """Whether, asked who, what, when ..., a sentence holds only the question's own words: a heading "Tony
    Petitti" answers nothing of "who is tony petitti", nor "Fadergate" of "what's fadergate". A letter ending
    it is a value, which ``terms`` takes for the article: "Standards check: Grade A." answers "what's tomasz's
    standards check grade" as "Grade B." does.

    >>> tells_nothing("what's the grade", Candidate("Grade A.", 0, 8, None, 0.0, 0.0, 0.0))  # type: ignore[arg-type]
    False"""
    if _WH.match(question) is None or set(terms(candidate.text)) - set(terms(question)):
        return False
    return not _LETTER_VALUE.search(candidate.text)


_LETTER_VALUE = re.compile(r"(?<=\w )[A-Z][.!]?$")
"""A capital letter ending a sentence ("Grade A.", "Plan B"): a grade's or a plan's value, not an article."""


_WHO = re.compile(r"^\W*who\b", re.IGNORECASE)
_WH = re.compile(r"^\W*(?:who|whom|whose|what|which|when|where|why|how)\b", re.IGNORECASE)
_PHOTO_CREDIT = re.compile(
    r"(?:\bGetty\s+Images|\bAP\s+Photo|\bShutterstock|\biStock(?:photo)?|\bAFP|\bCredit:\s*\S+(?:\s+\S+)?)\W*$"
    r"|^\W*(?:Photo(?:graph)?|Image|Credit|Picture)s?:",
)
"""A photo's caption or credit line ("Dave Clark (L) and Ryan Petersen (R) Getty Images", "Photograph: ... /AFP"):
what the page showed beside the text, quoted last."""


def rejudged(
    judged: str,
    shown: Candidate,
    hits: Sequence[Hit],
    vectorize: Vectorize | None = None,
    opens_section: OpensSection | None = None,
) -> list[Candidate]:
    """The candidates scored for ``judged`` (a follow-up with the words of what it refers to, ``followup.re_asked``),
    the sentence ``shown`` first, for ``evidence``.

    Why: "who got rid of it" alone shares nothing with "... repealed the speed limit, Bill Clinton ..."; judged
    with what "it" is, the sentence's evidence is what it would be for the standalone question. The sentence
    itself is still chosen by what is asked now (``CONTEXT_WEIGHT``), and ``extractive_answer`` averages the two
    readings' probabilities ("who is its commander?" is answered by its own words). Chosen on the conversation
    sets' tune halves (docs/quality.md): of the readings alone, judged, the better of the two and their mean,
    the mean answered 74 of 98 answerable follow-ups (alone 67, the better 76) and abstained on 3 of 5
    unanswerable turns (alone 3, the better 2)."""
    ranked = candidates(judged, hits, vectorize, opens_section=opens_section)
    shown_at = (shown.start, shown.hit.chunk.chunk_id)
    same = next((c for c in ranked if (c.start, c.hit.chunk.chunk_id) == shown_at), None)
    if same is None:
        return ranked
    if same.similarity == 0.0 and vectorize is not None:  # not among the few best by words for ``judged``
        question_vectors, sentence_vectors = vectorize([judged], [same.text])
        same = replace(same, similarity=float(sentence_vectors[0] @ question_vectors[0]))
    return [same] + [c for c in ranked if (c.start, c.hit.chunk.chunk_id) != shown_at]


def dated_away(question: str, hits: Sequence[Hit]) -> str:
    """The question without the dates it names that a retrieved passage was published on: its publication date
    answers those words, which no sentence repeats ("what happened to wall street on october 12" against a
    story of October 12 saying "Wall Street fell"). A date no passage was published on stays and counts. (Kept
    too when a passage's text names it, it made the minutes' "held on Thursday 14 March 2024" line the answer to
    "who sent apologies to the trustees meeting in march 2024": three tune questions lost, one won; dropped.) It is
    kept when a passage of another date names it in its text, as a table's row does ("tide times 14/08/2026" of a
    row "Date: 2026-08-14" beside an e-mail sent that day): that sentence must hold it."""
    spans = [
        span
        for period, span in dated_spans(question, yearless=True)
        if any(within(hit.chunk.published_at, period) for hit in hits)
        and not any(
            same_time(period, named)
            for hit in hits
            if not within(hit.chunk.published_at, period)
            for named, _ in dated_spans(hit.chunk.text, yearless=True)
        )
    ]
    for start, end in sorted(spans, reverse=True):
        question = question[:start] + question[end:]
    return " ".join(question.split()) if spans else question


_MONTH_NAMES = calendar.month_name


def _day(iso: str) -> tuple[int, int, int]:
    year, month, day = (int(part) for part in iso.split("-"))
    return year, month, day


def dates_as_written(question: str, hits: Sequence[Hit]) -> str:
    """The question with each day it names written out ("12/05/1999" -> "12 May 1999", "October 16th" -> "16
    October") when a retrieved passage mentions that day in any form: the sentence that answers then shares the
    words of its date however the person typed it. Of a day's two readings ("12/05": 12 May or December 5) the
    one a passage mentions is taken; a day no passage mentions stays as typed."""
    days = [(_day(period[0]), span) for period, span in dated_spans(question, yearless=True) if period[0] == period[1]]
    if not days:
        return question
    mentioned = {
        _day(period[0])
        for hit in hits
        for period, _ in dated_spans(hit.chunk.text, yearless=True)
        if period[0] == period[1]
    }
    written: dict[tuple[int, int], str] = {}
    for (year, month, day), span in days:
        if span in written:
            continue  # the other reading of "12/05/1999" was mentioned
        if any(m == month and d == day and (y == year or not y or not year) for y, m, d in mentioned):
            written[span] = f"{day} {_MONTH_NAMES[month]}" + (f" {year}" if year else "")
    for (start, end), text in sorted(written.items(), reverse=True):
        question = question[:start] + text + question[end:]
    return question


def missing_rare(question: str, sentence_words: frozenset[str], corpus: CorpusView | None) -> float:
    """How specific the most specific question word is that the sentence lacks (among words the corpus knows):
    its corpus rarity over the rarest known question word's (0: it lacks none of them; 1: it lacks the most
    specific one, as in "who commands the unit" against "the unit was sloppy").

    A word counts as held when its stem is among the stems the sentence is scored on (``Candidate.words``), as
    coverage counts it: "report" is held by "reported", and by the sentence a "He ..." sentence refers back to."""
    if corpus is None or corpus.has_term is None or corpus.rarity is None:
        return 0.0
    known = {w for w in terms(without_form(without_aside(question) or question, how=False)) if corpus.has_term(w)}
    if not known:
        return 0.0
    rarity = {w: corpus.rarity(w) for w in known}
    lacking = {w for w in known if stem(w) not in sentence_words}
    return max((rarity[w] for w in lacking), default=0.0) / (max(rarity.values()) or 1.0)


def unknown_share(question: str, corpus: CorpusView | None) -> float:
    """The share of the question's content words that the corpus never uses (0 when that cannot be known)."""
    if corpus is None or corpus.has_term is None:
        return 0.0
    words = set(terms(without_form(without_aside(question) or question, how=False)))
    if not words:
        return 0.0
    return sum(not corpus.has_term(w) for w in words) / len(words)


@dataclass(frozen=True)
class Evidence:
    """The signals of the best candidate sentence, and of the question against the corpus."""

    similarity: float
    coverage: float
    missing: float
    kind: bool
    """The best sentence holds the kind of answer asked for (always, for questions that ask no kind)."""
    passage: float
    unknown: float
    words: int
    """The question's content words: what one sentence's similarity and coverage mean depends on it."""

    def features(self) -> list[float]:
        """In the order of ``abstention.FEATURES``.

        The signals are also given times the log of the question's length: one sentence covers a five-word
        question whole but only a part of a thirty-word one, whose passage and similarity then say more than
        its coverage (fit on the tune halves of short and long question sets alike).
        """
        length = math.log1p(self.words)
        return [
            self.similarity,
            self.coverage,
            self.missing,
            0.0 if self.kind else 1.0,
            self.passage,
            self.unknown,
            length,
            self.similarity * length,
            self.passage * length,
            self.coverage * length,
        ]


def evidence(
    question: str,
    ranked: Sequence[Candidate],
    hits: Sequence[Hit],
    corpus: CorpusView | None,
    kind_of: str | None = None,
) -> Evidence:
    """What the best sentences say about whether the question is answered (no candidates: no evidence).
    ``kind_of``: the question whose wording says what kind of answer is asked for, when ``question`` is a
    follow-up with an earlier question's words added (``rejudged``); by default ``question`` itself."""
    unknown = unknown_share(question, corpus)
    asked = without_aside(question) or question
    words = len(set(terms(asked)))
    if not ranked:
        return Evidence(0.0, 0.0, 1.0, False, max((h.dense for h in hits), default=0.0), unknown, words)
    best = ranked[0]
    kind_asked = without_aside(kind_of) if kind_of else asked
    return Evidence(
        similarity=max((c.similarity for c in ranked[:SIMILARITY_CANDIDATES]), default=0.0),
        coverage=best.coverage,
        missing=missing_rare(question, best.words or frozenset(stems(best.text)), corpus),
        kind=holds_kind(with_heading(best), question_kind(kind_asked), set(terms(asked)), kind_asked),
        passage=max(h.dense for h in hits),
        unknown=unknown,
        words=words,
    )
