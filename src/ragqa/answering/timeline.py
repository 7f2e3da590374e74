"""What happened in a period ("what happened in 2015", "in february", "in the 1980s", "on june 29"): the sentences
of the passages that mention a time within it, cited.

Why: such a question has no content word but its period, so the sentence evidence has nothing to match and
abstains, while the articles do say ("In February, Bulgarian prosecutors charged ...", "the 2018 assassination
attempt"). When articles were published in that period, the listing of them answers first
(``metadata.listing_periods``).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from datetime import date

from ragqa.answering.citations import Citation, Claim, render_claims
from ragqa.ingest.chunking import split_sentences
from ragqa.ingest.dates import period_of
from ragqa.ingest.words import terms
from ragqa.records import Hit
from ragqa.retrieval.query import YEARLESS, dated_spans, full_year

Period = tuple[str, str]

_HAPPENED = re.compile(
    r"^\W*(?:so\s+|and\s+)?(?:what|anything)\s+(?:else\s+|interesting\s+|important\s+)?(?:has\s+|had\s+|was\s+|"
    r"is\s+|were\s+)?(?:happened|happen|happens|happening|went\s+on|going\s+on|took\s+place|occurred)\s+"
    r"(?P<when>.+?)\W*$|^\W*(?:events|news)\s+(?:of|in|from|during|on)\s+(?P<events>.+?)\W*$",
    re.I,
)
_FRAMING = frozenset(terms("back around about year month time that then"))
"""Words around a period that ask nothing more ("back in 2015", "around that time in 1984")."""

_YEAR = re.compile(r"(?<![\d,.$£€])\b(1\d\d\d|20\d\d)\b(?!\d|[,.]\d|['’]?s\b)")
"""A year: not part of a number ("1,998", "2019.5", "$2019") and not a decade ("1990s"); "in 1998, when ..." is one."""
_DECADE = re.compile(r"\b(1\d\d0|20\d0)['’]?s\b")
_TYPED_YEAR = re.compile(r"(?<![\w'’])['’](\d\d)\b(?!['’]?s\b)")
_TYPED_DECADE = re.compile(r"(?<![\w'’])['’]?(\d)0['’]?s\b")
"""Years and decades as people type them: "back in '93", "the 90s", "the '80s" (in a question only: a passage's
"in their 20s" is an age)."""
_MONTH_NAMES = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_BARE_MONTH = re.compile(
    rf"\b(?:in|during|since|by|until|of|from|early|late|mid|last|this|next)\s+(?:the\s+)?"
    rf"(?P<month>{'|'.join(_MONTH_NAMES)})\b(?!\s*,?\s*\d)",
    re.I,
)
"""A month named without a year or day ("in February"); in a passage "may" only when written "May" (else it is a
verb)."""


def periods_in(text: str, typed: bool = False, today: date | None = None) -> list[Period]:
    """Every time ``text`` names, as inclusive ISO day ranges: full and yearless dates (``dated_spans``), bare years
    ("in 2015", "the 2018 attempt"), decades ("the 1980s") and months without a year ("in February"), the last
    with the year ``YEARLESS``. ``typed``: a question, whose "in may" is the month even in lower case; ``today``:
    its "last week" is read from that day."""
    spans = dated_spans(text, yearless=True, today=today)
    found = [period for period, _ in spans]
    taken = [span for _, span in spans]

    def free(at: int) -> bool:
        return not any(start <= at < end for start, end in taken)

    for m in _DECADE.finditer(text):
        if free(m.start()):
            year = int(m.group(1))
            found.append((f"{year:04d}-01-01", f"{year + 9:04d}-12-31"))
    for m in _YEAR.finditer(text):
        if free(m.start()):
            found.append((f"{m.group(1)}-01-01", f"{m.group(1)}-12-31"))
    for m in _TYPED_DECADE.finditer(text) if typed else ():
        if free(m.start()):
            year = full_year(f"{m.group(1)}0", today=today) or 0
            found.append((f"{year:04d}-01-01", f"{year + 9:04d}-12-31"))
    for m in _TYPED_YEAR.finditer(text) if typed else ():
        if free(m.start()):
            year = full_year(m.group(), today=today) or 0
            found.append((f"{year:04d}-01-01", f"{year:04d}-12-31"))
    for m in _BARE_MONTH.finditer(text):
        month = m.group("month")
        if free(m.start("month")) and (typed or month.lower() != "may" or month == "May"):
            number = _MONTH_NAMES[month.lower()]
            last = calendar.monthrange(2000, number)[1]  # any year: February 29 included
            found.append((f"{YEARLESS}-{number:02d}-01", f"{YEARLESS}-{number:02d}-{last:02d}"))
    return found


def asked_period(question: str) -> list[Period]:
    """The periods a question asks what happened in ("what happened in 2015", "anything happen back in february",
    "events of the 1980s"); empty for other questions and when it asks about more than the period ("what happened
    to the embargo in 1974" is left to the sentence evidence)."""
    found = _HAPPENED.match(question)
    if found is None:
        return []
    when = found.group("when") or found.group("events")
    periods = periods_in(when, typed=True)
    rest = when
    for pattern in (_DECADE, _YEAR, _TYPED_DECADE, _TYPED_YEAR, _BARE_MONTH):
        rest = pattern.sub(" ", rest)
    for _, (start, end) in sorted(dated_spans(when, yearless=True), key=lambda s: s[1], reverse=True):
        rest = rest[:start] + " " + rest[end:]
    if not periods or set(terms(rest)) - _FRAMING:
        return []
    return periods


_OPENING = re.compile(r"^\W*(?:and|also|then|so|but|what\s+about|how\s+about)\b", re.I)


def asked_again(question: str, earlier: str) -> str | None:
    """A follow-up naming only another period after a "what happened" question, asked in full ("and in 2016?"
    after "what happened in 2015" -> "what happened in 2016"); None otherwise. ``earlier``: the previous standalone
    query, its own earlier question maybe in parentheses after it."""
    if not any(asked_period(part.strip()) for part in re.split(r"[()]", earlier) if part.strip()):
        return None
    rest = _OPENING.sub("", question).strip()
    again = f"what happened {rest}"
    return again if rest and asked_period(again) else None


def overlaps(mentioned: Period, asked: Period) -> bool:
    """Whether a time a sentence names lies in (or across) an asked period. A yearless question ("in february")
    takes a month or a day of any year, not a year or a decade; a yearless mention ("In February"; see
    ``dated``) says nothing of a year a question names, and a longer time than the one asked ("in 2023" for
    "on 26 december 2023") says nothing of it either."""
    if asked[0].startswith(YEARLESS):
        return _short(mentioned) and mentioned[0][5:] <= asked[1][5:] and asked[0][5:] <= mentioned[1][5:]
    if mentioned[0].startswith(YEARLESS):
        return False
    if _days(mentioned) > _days(asked):  # "the 2023 Game Awards" says nothing of what happened on 26 December 2023
        return False
    return mentioned[0] <= asked[1] and asked[0] <= mentioned[1]


def _days(period: Period) -> int:
    """How many days a period spans."""
    return (date.fromisoformat(period[1]) - date.fromisoformat(period[0])).days + 1


def _short(period: Period) -> bool:
    """At most a month: a day or a month of one year (or of any)."""
    return period[0][:7] == period[1][:7]


def dated(period: Period, published_at: str) -> Period:
    """A yearless time a passage names ("In February") in the year before its publication that makes it past: in
    an article of June 2020, February 2020; of January 2021, February 2020. Other periods as they are."""
    day = period_of(published_at)
    if not period[0].startswith(YEARLESS) or len(day) < 10:  # no day to count back from: "September 2022"
        return period
    year = int(day[:4]) - (period[0][5:] > day[5:10])
    end = f"{year:04d}{period[1][4:]}"
    if end[5:] == "02-29" and not calendar.isleap(year):  # "In February" of a year with no 29th
        end = f"{year:04d}-02-28"
    return f"{year:04d}{period[0][4:]}", end


def happenings(periods: Sequence[Period], passages: Sequence[Hit], limit: int) -> list[tuple[str, Hit]]:
    """Up to ``limit`` sentences of the passages (in their order) naming a time within one of ``periods``, each
    with its passage, each sentence once."""
    found: list[tuple[str, Hit]] = []
    seen: set[str] = set()
    for hit in passages:
        text = hit.chunk.text
        for start, end in split_sentences(text):
            sentence = text[start:end]
            named = [dated(m, hit.chunk.published_at) for m in periods_in(sentence)]
            if sentence in seen or not any(overlaps(m, p) for m in named for p in periods):
                continue
            seen.add(sentence)
            found.append((sentence, hit))
            if len(found) >= limit:
                return found
    return found


def happened_answer(found: Sequence[tuple[str, Hit]]) -> tuple[str, list[Citation]] | None:
    """The sentences, each cited to its passage; None when there are none."""
    return render_claims([Claim(sentence, (hit,)) for sentence, hit in found]) if found else None
