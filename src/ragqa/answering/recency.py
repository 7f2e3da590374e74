"""When the question's time and the documents' times meet: the newer document's word first, and no other year's
figure for a year asked about.

Why: an organisation's documents update each other ("The deposit rises from £50 to £75 per booking" in a 2026
e-mail over the 2024 booking rules' "A deposit of £50 is taken"), and a reader takes the first sentence as the
answer: five of six black-box testers of one round found the superseded figure quoted first ("how much is the
machinery deposit now"). Only the order changes; the older sentences stay, cited, for a reader to see what
changed. And a question naming a year ("who won saltings ward in 2022") was answered with another year's rows,
sure of itself: a near-fact, where the articles do not say.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from ragqa.answering.evidence import CITED_WEIGHT, Candidate, Kind, holds_asked, holds_kind, with_heading
from ragqa.ingest.dates import first_and_last_day, period_of
from ragqa.retrieval.lexical import terms
from ragqa.retrieval.query import dated_spans

_NOW = re.compile(
    r"\b(?:now|currently|current|nowadays|these\s+days|at\s+(?:the\s+)?(?:moment|present)|presently|today"
    r"|latest|newest|any\s*more|this\s+year|at\s+the\s+minute)\b",
    re.IGNORECASE,
)
"""Words asking for the state of things today: the quoted sentences are ordered newest document first. Only these:
ordering every answer's sentences that give the kind of answer asked (two documents' fees, say) by their
documents' days lost more first sentences than it won on the tune halves (8 won, 17 lost), and "still" ("the db
file is still the same size") asks nothing of the present."""
_NAMES_TIME = re.compile(
    r"\b(?:1[89]\d\d|20\d\d|last\s+(?:year|month|week|time)|previous(?:ly)?|used\s+to|before|originally|old"
    r"|earlier|first|oldest|in\s+the\s+past|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?\s+\d)",
    re.IGNORECASE,
)
"""A question naming its own time ("in 2025", "the old fee", "what was it before") is answered for that time."""


def _period(candidate: Candidate) -> str:
    return period_of(candidate.hit.chunk.published_at)


def asks_now(question: str, context: str = "") -> bool:
    """Whether ``question`` asks for the state of things today and names no time of its own; a follow-up asks it
    when the question it follows (``context``) did ("how much is a 2 hour lesson now" -> "and automatic?").

    >>> asks_now("how much is a 2 hour lesson now"), asks_now("what was the fee in 2025"), asks_now("is it still on")
    (True, False, False)
    >>> asks_now("and automatic?", "how much is a 2 hour lesson now"), asks_now("and in 2024?", "what is it now")
    (True, False)
    """
    if _NAMES_TIME.search(question) or dated_spans(question, yearless=True):
        return False
    return _NOW.search(question) is not None or bool(context) and asks_now(context)


def newer_than(published_at: str) -> date | None:
    """The first day after the period ``published_at`` names, from which a document is newer than one so dated;
    None for an undated one (nothing to call newer). Why: a 2026 rate sheet updating a 2025 page repeats the
    question's words less often ("Tier: Hobby; Monthly: £20" against the page's prose on the Hobby tier), so the
    page's passages fill the search's places and the sheet is never read: a question about today searches again
    among the documents newer than the best passage's (``pipeline``), for ``newer_of_kind`` to weigh.

    >>> newer_than("2025-03-03T09:00:00+00:00"), newer_than("September 2025"), newer_than("")
    (datetime.date(2025, 3, 4), datetime.date(2025, 10, 1), None)
    """
    period = period_of(published_at)
    return date.fromisoformat(first_and_last_day(period)[1]) + timedelta(days=1) if period else None


NOW_MARGIN = 0.5
"""How far below the best chosen sentence's score a newer document's sentence of the kind asked may lie and still be
quoted for a question asking about today (``newer_of_kind``)."""
SAME_TOPIC = 0.05
"""How far below the best chosen sentence's passage's similarity to the question a newer document's passage may
lie and still be on its topic, its sentence of the kind asked quoted however far below ``NOW_MARGIN``
(``newer_of_kind``): "the boiler replacement has moved to Monday 19 January" updates "The hall will be closed from
Monday 5 January" and repeats fewer of the question's words ("when is the hall closed for the boiler works now"),
its e-mail as near the question as the first one (0.83 and 0.85)."""


def newer_of_kind(
    question: str,
    ranked: list[Candidate],
    chosen: list[Candidate],
    limit: int,
    cited: frozenset[str] = frozenset(),
    context: str = "",
) -> list[Candidate]:
    """``chosen`` and the best-ranked sentence holding the kind of answer asked (an amount, a day, a place) from a
    document newer than every chosen one that holds it, within ``NOW_MARGIN`` of the best's score or of a passage
    as near the question as the best's (``SAME_TOPIC``), when the question asks for the state of things today.
    Why: a price list of 2025 repeats the question's words more often than its
    2026 successor, so "what's the current price of a 1 hour lesson" chose three 2025 rows and never the 2026 one
    that replaced them (``newest_first`` only orders what was chosen). It takes the place of the last chosen sentence
    (``limit``: the answer's sentences); the chosen ones stay first, for ``newest_first`` to order. A question asking
    for no kind ("whats the current adult fare") asks for the kind of the best chosen sentence (an amount, a day).
    ``cited``: the documents a follow-up prefers (``evidence.CITED_WEIGHT``), left out of the margin: "where are her
    advice sessions held now?" asks for the newest word, not the cited article's. ``context``: the question a
    follow-up follows (``asks_now``)."""
    if not chosen or limit < 2 or not asks_now(question, context):
        return chosen
    holds = holds_asked(question) or _of_kind_of(chosen[0], question)
    if holds is None:
        return chosen
    periods = [_period(c) for c in chosen if holds(c)]
    if not periods or not all(periods):  # none of the kind, or an undated one: nothing to call older
        return chosen
    newest = max(periods)
    taken = {(c.hit.chunk.doc_id, c.start) for c in chosen}
    floor = _unpreferred(chosen[0], cited) - NOW_MARGIN
    topic = chosen[0].hit.dense - SAME_TOPIC
    for candidate in ranked:
        near = _unpreferred(candidate, cited) >= floor or candidate.hit.dense >= topic
        if not near or (candidate.hit.chunk.doc_id, candidate.start) in taken:
            continue
        if _period(candidate) > newest and holds(candidate):
            return [*chosen[: limit - 1], candidate]
    return chosen


def _unpreferred(candidate: Candidate, cited: frozenset[str]) -> float:
    return candidate.score - (CITED_WEIGHT if candidate.hit.chunk.doc_id in cited else 0.0)


def _of_kind_of(best: Candidate, question: str) -> Callable[[Candidate], bool] | None:
    """The test of a sentence holding an amount or a day next to the question's words, as ``best`` does; None when
    it holds neither."""
    asked = set(terms(question))
    kind = next((k for k in _STATE_KINDS if holds_kind(with_heading(best), k, asked, question, wide=True)), None)
    if kind is None:
        return None
    found: Kind = kind
    return lambda c: holds_kind(with_heading(c), found, asked, question, wide=True)


_STATE_KINDS: tuple[Kind, ...] = ("number", "date")


def newest_first(question: str, chosen: list[Candidate], context: str = "") -> list[Candidate]:
    """``chosen`` with the sentences of dated documents in the places they hold, newest document first (a
    document's own sentences keep their order, undated ones their places), when the question asks for the state
    of things today ("now", "current", "latest"); not when it names a time of its own or the sentences share one
    day. ``context``: the question a follow-up follows."""
    if len(chosen) < 2 or not asks_now(question, context):
        return chosen
    places = [i for i, c in enumerate(chosen) if _period(c)]
    if len({_period(chosen[i]) for i in places}) < 2:
        return chosen
    moved = sorted(places, key=lambda i: _period(chosen[i]), reverse=True)  # stable: a document's order stays
    out = list(chosen)
    for place, i in zip(places, moved, strict=True):
        out[place] = chosen[i]
    return out


ASKED_YEAR = re.compile(
    r"(?<![\w./-])(?<!\d\s)(?P<year>(?:19|20)\d\d)(?:\s*[/-]\s*(?P<next>\d\d(?:\d\d)?))?(?![\w-])(?!\s\d)"
)
"""A year a question names ("in 2022", "the 2027 agm"), or a span of two ("2026/27", "2026-2027")."""


def asked_years(question: str) -> list[tuple[str, ...]]:
    """The years a question names, a span of two as both ends ("2026/27": 2026 and 2027).

    >>> asked_years("what is the annual berth rate for 2027/28"), asked_years("who won in 2022?")
    ([('2027', '2028')], [('2022',)])
    >>> asked_years("what is iso 9001"), asked_years("call 0800 2022 123"), asked_years("rates for 2026-08")
    ([], [], [('2026',)])
    """
    found: list[tuple[str, ...]] = []
    for m in ASKED_YEAR.finditer(question):
        year, following = m.group("year"), m.group("next") or ""
        end = following if len(following) == 4 else year[:2] + following
        if following and 0 < int(end) - int(year) <= 5:  # "2026/27", not the month of "2026-08"
            found.append((year, end))
        else:
            found.append((year,))
    return found


def _names_year(candidate: Candidate, years: list[tuple[str, ...]]) -> bool:
    """Whether a passage names one of ``years``: a span by both its ends ("2025/26" is not named by a passage on
    "April 2024 to March 2025"), its end written in two figures after its start ("2025-26", "2025 26" of a title
    made from a file name) or in four; its document's file name counts ("hire-charges-2026-27.xlsx", whose sheet's
    title says "from 1 April 2026")."""
    chunk = candidate.hit.chunk
    seen = " ".join((chunk.text, chunk.title, chunk.section, chunk.doc_id, period_of(chunk.published_at)[:4]))
    for asked in years:
        if len(asked) == 1 and asked[0] in seen:
            return True
        if (
            len(asked) == 2
            and asked[0] in seen
            and (asked[1] in seen or re.search(rf"{asked[0]}(?:\s*[/–_-]\s*|\s+){asked[1][2:]}(?!\d)", seen))
        ):
            return True
    return False


def names_other_year(question: str, chosen: list[Candidate]) -> bool:
    """Whether a question names a year that none of the passages quoted for it mention: not in their text, their
    document's title or section, nor the year it is dated. "how many visiting yachts came in 2023" answered with
    the 2024 and 2025 figures, "when is the 2027 agm" with the 2026 meeting's day: a near-fact for another year, which
    six black-box testers of one round found answered instead of "The articles do not say". Chosen on the tune
    halves: 28 more unanswerable questions abstained over 21 sets, one answerable lost (its 2023 decision was not
    retrieved; a 2025 runbook's mention answered it by chance); MultiHop-RAG null queries 0.500 -> 0.523, its
    answerable ones abstained on 0.006 -> 0.013. Quoting first the sentences whose passages name the year (within
    0.5 of the best) won two first sentences and lost three abstentions and an answer: dropped."""
    years = asked_years(question)
    return bool(years and chosen) and not any(_names_year(c, years) for c in chosen)
