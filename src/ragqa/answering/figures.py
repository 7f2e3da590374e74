"""A figure the question names where the answer holds another one: another row's, another team's, another notice's.

Why: asked "cut off time at mile 10", the answer quoted the race rules' "Checkpoint: Mile 20 ... Cut-off time: 14:10"
sure of itself (0.92); "how much is a relay team of 6" the "Relay team (4 runners)" fee: a near-fact, where the
articles do not say. Only a figure the quoted passages never mention, and only where they give the word it labels
("mile", "team", "no.") another figure: a question whose figure the passages simply do not repeat ("which club has
over 300 members") is no such case. A figure is matched by its digits however it is written ("10.30" and
"10:30am", "1,500" and "1500", "No. 09" and "no. 9"); years and dates are read by ``answering.recency`` and the
retrieval's date filter, so they are left out here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ragqa.answering.evidence import Candidate
from ragqa.answering.recency import ASKED_YEAR
from ragqa.retrieval.query import dated_spans

_FIGURE = re.compile(
    r"(?<![\w.,:/])(?>\d+(?:[.,:]\d+)*)"
    r"(?:\s?(?:am|pm|a\.m\.|p\.m\.)|(?:km|kg|g|m|mm|cm|mph|p|ml|mg|l|h|hrs?|mins?|s|gb|mb|kb|tb|kw|kwh|mw|mwh)\b)?"
    r"(?![\w/])",
    re.IGNORECASE,
)
"""A figure standing alone ("mile 10", "team of 6", "£54", "10.30am", "5km", "wl-0402"), not part of a word ("mp3",
"2nd") nor a slashed date."""
_NUMBER = re.compile(r"\d+(?:[.:]\d+)*")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_NO_FRACTION = re.compile(r"\.0+$")
_WORD = re.compile(r"[a-z]+", re.IGNORECASE)
_FILLER = frozenset("of the a an at for in on to by with from is are was were".split())
"""Words between a label and its figure ("team of 6", "at mile 10" reads "mile")."""


def _figure(number: str) -> tuple[int, ...]:
    """A number as its runs of digits, a fraction of zeros dropped: "10.30" and "10:30" -> (10, 30), "£54.00" ->
    (54,), "0402" -> (402,)."""
    return tuple(int(run) for run in re.split(r"[.:]", _NO_FRACTION.sub("", number)))


@dataclass(frozen=True)
class AskedFigure:
    """A figure of the question and the words labelling it: the content word before it ("mile" of "mile 10", "team"
    of "team of 6"), and the word after it ("runners" of "6 runners")."""

    figure: tuple[int, ...]
    before: str
    after: str


def asked_figures(question: str) -> list[AskedFigure]:
    """The figures a question names, leaving out its years and dates, with the words labelling them.

    >>> [(f.figure, f.before, f.after) for f in asked_figures("cut off time at mile 10")]
    [((10,), 'mile', '')]
    >>> [(f.figure, f.before, f.after) for f in asked_figures("is there a creche during the 10.30 service")]
    [((10, 30), 'during', 'service')]
    >>> [f.figure for f in asked_figures("how much is 1,500 sq ft, wl-0402 or the 2nd mp3")]
    [(1500,), (402,)]
    >>> asked_figures("what happened on 14/08/2026 in 2025"), asked_figures("rates for 2026/27")
    ([], [])
    """
    blanked = list(question)
    spans = [span for _, span in dated_spans(question, yearless=True)]
    spans += [m.span() for m in ASKED_YEAR.finditer(question)]
    for start, end in spans:
        blanked[start:end] = " " * (end - start)
    text = _THOUSANDS.sub("", "".join(blanked))
    found = []
    for m in _FIGURE.finditer(text):
        words_before = [w.lower() for w in _WORD.findall(text[: m.start()])][-3:]
        before = next((w for w in reversed(words_before) if w not in _FILLER), "")
        following = _WORD.match(text[m.end() :].lstrip())
        after = following.group().lower() if following and following.group().lower() not in _FILLER else ""
        found.append(AskedFigure(_figure(_NUMBER.search(m.group()).group()), before, after))  # type: ignore[union-attr]
    return found


def _passages(candidates: Iterable[Candidate]) -> str:
    seen: dict[str, str] = {}
    for candidate in candidates:
        chunk = candidate.hit.chunk
        seen.setdefault(chunk.chunk_id, " ".join((chunk.text, chunk.title, chunk.section)))
    return _THOUSANDS.sub("", "\n".join(seen.values()))


_RANGE = re.compile(r"(\d+)\s*(?:to|-|–|and)\s*(\d+)(?!\d)")
_BOUND = re.compile(
    r"(?:over|under|above|below|up\s+to|more\s+than|less\s+than|at\s+least|from|aged?)\s+(\d+)"
    r"|(\d+)\s*(?:\+|(?:\w+\s+)?(?:and|or)\s+(?:over|under|above|below|more|less|older|younger)|plus)",
    re.IGNORECASE,
)
"""A figure bounding others: "over 12", "under 16s", "12 and over", "18+", "from 4" ("aged 12" too: an age asked
of is within a band the passage gives with one end)."""


def _singular(word: str) -> str:
    """A label's singular, to find it in either number ("weeks" as "week"; "bus" and "class" stay)."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")) else word


def _labelled_bound(label: str) -> re.Pattern[str]:
    """A bound naming its label between the word and the figure, or after it with "onwards": "from week 30
    onwards", "after week 12", "week 30 or later" (not "from Sunday 30", a day, nor "3.7.0 or later", a version
    that bounds no other label's figures)."""
    return re.compile(
        rf"\b(?:from|over|under|above|below|after|before|until)\s+{label}\w*\s+\d+"
        rf"|\b{label}\w*\s+\d+\s*(?:onwards|or\s+(?:more|over|later|after))",
        re.IGNORECASE,
    )


def _within(asked: AskedFigure, text: str) -> bool:
    """Whether ``text`` gives a range holding the figure asked ("children aged 1 to 3 years" holds 2) or bounds such
    figures by the word labelling it ("over 12 years", "18+ runners"): then the passage may answer for it, and no
    other row's figure is given."""
    if len(asked.figure) != 1:
        return False
    if any(int(low) <= asked.figure[0] <= int(high) for low, high in _RANGE.findall(text)):
        return True
    stems = [re.escape(_singular(word)) for word in (asked.before, asked.after) if word]
    if any(_labelled_bound(stem).search(text) for stem in stems):
        return True
    return any(
        re.search(rf"\b{stem}", text[max(0, m.start() - 30) : m.end() + 30], re.IGNORECASE)
        for m in _BOUND.finditer(text)
        for stem in stems
    )


def _labelled(asked: AskedFigure, text: str) -> set[tuple[int, ...]]:
    """The figures ``text`` gives the words labelling ``asked`` ("Mile 20", "Relay team (4", "4 runners")."""
    found: set[tuple[int, ...]] = set()
    if asked.before:
        label = rf"\b{re.escape(asked.before)}(?:e?s)?\b[\s(:#.]*(?:(?:of|no|number)\.?\s*)?(\d+(?:[.:]\d+)*)"
        found |= {_figure(m.group(1)) for m in re.finditer(label, text, re.IGNORECASE)}
    if asked.after:
        label = rf"(\d+(?:[.:]\d+)*)\s*-?\s*{re.escape(asked.after)}"
        found |= {_figure(m.group(1)) for m in re.finditer(label, text, re.IGNORECASE)}
    return found


LONG_QUESTION = 20
"""Words beyond which a question gathers facts from several places ("Which supplier, named in the March minutes as
the cheapest of 3 quotes, later raised its prices by 12% according to the autumn newsletter ..."): its figures need
not all be in the passages quoted, and none is read as asked of another row. Short questions, as people type them,
name the one row they ask about."""


def names_other_figure(question: str, chosen: list[Candidate]) -> bool:
    """Whether a question names a figure that none of the passages quoted for it mention, where they give the word
    labelling it another figure: "cut off time at mile 10" answered with the Mile 20 row, "notice no. 09" with No.
    07's. Chosen on the tune halves (docs/quality.md, fifty-ninth session): 21 more unanswerable questions abstained
    over 18 sets, one answerable lost; any figure the passages lack, label or none, lost 20 answers for 33."""
    figures = asked_figures(question)
    if not figures or not chosen or len(question.split()) > LONG_QUESTION:
        return False
    text = _passages(chosen)
    held = {_figure(m.group()) for m in _NUMBER.finditer(text)}
    held |= {(year[0] % 100,) for year in list(held) if len(year) == 1 and 1900 <= year[0] < 2100}  # "the 73 crisis"
    return any(
        asked.figure not in held and _labelled(asked, text) - {asked.figure} and not _within(asked, text)
        for asked in figures
    )
