"""Publication dates in any common form ("June 29, 2020 at 3:52 p.m. PDT", "29 June 2020", "Jun. 29, 2020",
"2020-06-29T15:52:00Z") read once, at index time, into ISO 8601, so date filters and date cues work on every
corpus. Parsing is dateparser's (absolute dates only: "yesterday" in an archived article means nothing now).
A date naming only a month or a year ("September 2022") is kept as written and read as that period.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from datetime import date, datetime
from functools import lru_cache
from typing import Any

_HAS_TIME = re.compile(r"(?<![\d./])\d{1,2}[:.]\d{2}(?![./]?\d)")  # "15.52", not "29.06.2020"
_SETTINGS = {
    "PARSERS": ["absolute-time", "custom-formats"],
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PREFER_DAY_OF_MONTH": "first",
}


@lru_cache(maxsize=1)
def _dateparser() -> Any:
    import dateparser  # imported on first use: it loads its language data (about 0.4 s)

    return dateparser


def iso_day(year: str, month: str, day: str) -> str:
    """The ISO day of a year, month and day written in figures ("2021", "03", "02": "2021-03-02"); "" for no such
    day ("2021-02-30"), as a file name or an address may name one."""
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return ""


_FIGURES = re.compile(r"(?<![\d./-])(\d{1,2})([./])(\d{1,2})\2(\d{4}|\d{2})(?![\d./])")
_SPACED_ISO = re.compile(r"^(\d{4}-\d{2}-\d{2})[ ]+(?=\d)")
_LOOSE_OFFSET = re.compile(r"(?<=\d)[ ]*([+-])(\d{2}):?(\d{2})$")
"""A time's offset from UTC written after a space or without its colon, as Jekyll, Ruby and ``date`` write it
("09:00:00 +0000"): Python reads it, but ISO 8601 writes it "+00:00", right after the time."""


def either_way(text: str) -> tuple[str, str] | None:
    """The two ISO days a day in figures may be when its order is not plain, day first and month first
    ("12/03/2025": ``("2025-03-12", "2025-12-03")``); None for a plain one ("29/06/2020", "04/04/2020") or none.
    A year of two figures is read as ``strptime``'s ``%y`` reads it.

    Why: "12/03/2025" is 12 March in Britain and December 3 in the United States; dateparser reads it month first,
    so a date sent as the 12th of March was stored as the 3rd of December."""
    found = _FIGURES.search(text)
    if found is None:
        return None
    first, second, year = int(found.group(1)), int(found.group(3)), int(found.group(4))
    if first == second or max(first, second) > 12:
        return None
    year = year if len(found.group(4)) == 4 else year + (1900 if year >= 69 else 2000)
    day_first, month_first = iso_day(str(year), str(second), str(first)), iso_day(str(year), str(first), str(second))
    return (day_first, month_first) if day_first and month_first else None


def normalize_date(raw: str) -> str | None:
    """``raw`` as an ISO date (``2020-06-29``) or date-time (``2020-06-29T15:52:00-07:00``), or None when it
    holds no full date or one whose order is not plain (``either_way``: "03/04/2020" is kept as written rather than
    read wrong). Text that is already ISO is returned as it is, but for a space between the day and the time, as
    databases and CMS exports write it ("2025-01-14 19:42:00": "2025-01-14T19:42:00", ISO 8601's form), and for an
    offset from UTC written as Jekyll writes it ("2026-11-02 09:00:00 +0000": "2026-11-02T09:00:00+00:00", as a
    mail's date and an epoch time are given; it was stored with its space, no ISO date at all)."""
    text = raw.strip()
    if not text:
        return None
    try:
        datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    else:
        iso = _SPACED_ISO.sub(r"\1T", text)
        return _LOOSE_OFFSET.sub(r"\1\2:\3", iso) if iso[10:11] == "T" else iso
    if either_way(text) is not None:
        return None
    parsed = _dateparser().parse(text, languages=["en"], settings=_SETTINGS)
    if parsed is None:
        return None
    return parsed.isoformat() if _HAS_TIME.search(text) else parsed.date().isoformat()


def file_day(stamp: datetime | str) -> str:
    """The day of the time a file's properties say it was made ("2025-01-12T10:00:00+00:00": "2025-01-12", in the
    zone the time is written in), "" for none. Why: that time of day is when someone saved or built the file, not
    when its document was written, and answers said "published on January 12, 2025 at 10:00 a.m. (UTC)"."""
    if isinstance(stamp, datetime):
        return stamp.date().isoformat()
    found = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", stamp)
    return iso_day(*found.groups()) if found else (normalize_date(stamp) or "")[:10]


_REDUCED_ISO = re.compile(r"^\d{4}(?:-(?:0[1-9]|1[0-2]))?$")
_MONTH_SETTINGS = {**_SETTINGS, "REQUIRE_PARTS": ["month", "year"]}
_SEASONS = r"(?:spring|summer|autumn|fall|winter)"
_SEASON = re.compile(rf"^{_SEASONS}\s+(\d{{4}})\W*$", re.IGNORECASE)


@lru_cache(maxsize=4096)
def period_of(published_at: str) -> str:
    """The ISO form of a stored date at the precision it was written: ``2020-06-29`` for a day (an ISO date or
    date-time), ``2022-09`` for a month alone ("September 2022", "Sept. 2022", the running foot of a manual page),
    ``2022`` for a year alone or a season of it ("Spring 2019", as newsletters are dated); "" when it names none.

    Why: a month is a period, not an unknown date; a filter or a date cue matches it where the periods overlap.
    The reduced forms order as strings do (``"2022-09" < "2022-09-15" < "2022-10"``), which ``overlaps`` uses."""
    text = (published_at or "").strip()
    if not text:
        return ""
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    if _REDUCED_ISO.match(text):
        return text
    if either_way(text) is not None:  # "03/04/2020" names no one day, nor one month
        return ""
    day = normalize_date(text)  # a full date the index build would have made ISO (a chunk built before it)
    if day is not None:
        return day[:10]
    season = _SEASON.match(text)
    if season is not None:  # "Spring 2019": within its year ("winter" may run into the next; its year still holds)
        return season.group(1)
    parsed = _dateparser().parse(text, languages=["en"], settings=_MONTH_SETTINGS)
    if parsed is None or str(parsed.year) not in text:  # "June 29" is no month of 2029
        return ""
    return f"{parsed.year:04d}-{parsed.month:02d}"


def overlaps(period: str, start: str, end: str) -> bool:
    """Whether a ``period_of`` value ("2020-06-29", "2022-09", "2022") shares a day with the days ``start`` to
    ``end`` (ISO, inclusive). String comparisons only, as a Milvus expression can make them: a month or year sorts
    before its own days, so it starts in range when it equals the start's month or year."""
    return bool(period) and period <= end and (period >= start or period in (start[:7], start[:4]))


def first_and_last_day(period: str) -> tuple[str, str]:
    """The first and last ISO day of a ``period_of`` value (the same day twice for a day; "" twice for none)."""
    if len(period) == 10 or not period:
        return period, period
    if len(period) == 4:
        return f"{period}-01-01", f"{period}-12-31"
    year, month = int(period[:4]), int(period[5:7])
    return f"{period}-01", f"{period}-{calendar.monthrange(year, month)[1]:02d}"


def chronological(published_at: str) -> tuple[str, str]:
    """A sort key putting stored dates in time order whatever their form ("2020-06-29T15:52:00Z", "September
    2022"); a date that names no period sorts with the undated, first."""
    period = period_of(published_at)
    return (period, published_at) if period else ("", "")


_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)\.?"
_ORDINAL = r"\d{1,2}(?:st|nd|rd|th)?"
_DAY_WRITTEN = (
    rf"(?:{_WEEKDAY},?\s+)?(?:{_ORDINAL}\s+(?:of\s+)?{_MONTH},?\s+\d{{4}}|{_MONTH}\s+{_ORDINAL},?\s+\d{{4}})(?!\d)"
    r"|(?P<figures>\d{1,2}(?P<sep>[./])\d{1,2}(?P=sep)(?:\d{4}|\d{2}))(?![\d./])|\d{4}-\d{2}-\d{2}(?!\d)"
)
_DAY_WITHOUT_YEAR = re.compile(
    rf"(?:{_WEEKDAY},?\s+)?(?:{_ORDINAL}\s+(?:of\s+)?{_MONTH}|{_MONTH}\s+{_ORDINAL})", re.IGNORECASE
)


_OPENING_DAY = re.compile(rf"\s*(?:{_WEEKDAY},?\s+)?(?:{_DAY_WRITTEN})", re.IGNORECASE)


def opens_with_day(line: str) -> bool:
    """Whether ``line`` opens with a day in full ("2024-03-19 report received", "19 March 2024: ...", "March 19,
    2024 - ..."), as the entries of a timeline or a changelog do, a line each."""
    return _OPENING_DAY.match(line) is not None


def day_without_year(text: str) -> bool:
    """Whether ``text`` is a day whose year it leaves to its document ("Wednesday 2 April", a daily note's title;
    "April 2nd"): no date to store, but what a heading says about when."""
    return _DAY_WITHOUT_YEAR.fullmatch(text.strip()) is not None


_CLOCK = r"(?:,?\s+(?:at\s+)?(?:\d{1,2}(?:[:.]\d{2})?\s?[ap]\.?m\.?|\d{1,2}:\d{2})(?![\w:]))"
_AGENT = (
    r"(?:\s+by\s+(?:the\s+)?(?-i:[A-Z][\w'’&.-]*(?:\s+(?:of|and|for|the|&|[A-Z][\w'’&.-]*)){0,5})(?=\s+on\b)"
    r"|\s+by\s+the(?:\s+(?-i:[a-z]+)){1,2}(?:\s+of\s+(?:the\s+)?(?-i:[a-z]+))?(?=\s+on\b))?"
)
"""Who issued, adopted or approved the document, named before the day ("Adopted by the PCC on", "Approved by the
Board of Trustees on"): a capitalised name, or a body in lower case after "the" in a word or two and its "of ..."
("Adopted by the trustees on", "Approved by the full council on", "by the board of governors on"), so "approved by
members who met on ..." tells of a meeting."""
_CUE = (
    r"(?:date|dated|held|effective(?:\s+from|\s+as\s+of)?|for\s+(?:immediate\s+)?release|embargoed(?:\s+until)?"
    r"|(?:published|issued|released|posted|prepared|produced|compiled|presented|submitted"
    rf"|adopted|approved|agreed|ratified){_AGENT})(?:\s+on)?\s*:?"
)
_DAY_IN_LINE = re.compile(
    rf"(?:^|(?<=[,;:|\u2013\u2014])|(?<=\.)\s|\s[-\u2013\u2014]|\b{_CUE})\s*(?:{_CUE}\s*)?"
    rf"(?P<day>{_DAY_WRITTEN})(?P<time>{_CLOCK})?",
    re.IGNORECASE,
)
"""A day that opens a line or one of its clauses (after a comma, a colon, a dash or a sentence's end), or follows a
word saying it is the document's ("held on", "Published", "Dated", "Effective from", an estate agent's "Particulars
prepared 18 September 2026", a report's "Presented 24 March 2026" or "Submitted 24 March 2026", a press release's
"For immediate release 10 February 2026" or "Embargoed until 12 February 2026", the day it may be published; a
policy's "Adopted by the PCC on 14 October 2025" or "Approved by the Board on ...", the day it was issued in
force); with the time right after it, if any."""
TITLE_BLOCK_CHARS = 160
"""The longest line of a title block read for its day: a longer paragraph is body text, whose days are events it
tells of, not the document's own."""


def title_block_day(line: str) -> str:
    """The day (and time) a line of a document's title block names among other words, in ISO form, or "".

    Why: minutes and reports set their day in a line that goes on ("Tuesday 11th February 2025, 7.00pm, Council
    Chamber", "Minutes of the meeting held on 28/01/25 at 6.30pm in the Committee Room", "Excerpt: ... Published
    10 December 2024.") or in their title ("Planning Committee Minutes, 25 March 2025"), which a date line alone
    (``headers.read_date_line``) is not. The caller decides which lines are the title block's: a day deep in body
    prose is no publication date. A day in figures is read only when its order is plain ("28/01/25", not
    "03/04/25"); a year of two figures is this century's or the last, as dateparser reads it."""
    text = " ".join(line.split())
    if len(text) > TITLE_BLOCK_CHARS:
        return ""
    found = _DAY_IN_LINE.search(text)
    if found is None:
        return ""
    # a day in figures of no plain order, the 3rd of April or March the 4th, is left unread (``normalize_date``)
    return normalize_date(found.group("day") + (found.group("time") or "")) or ""


_MONTH_CUE = (
    r"(?:(?:first|last)\s+)?(?:published|issued|released|updated?|revised|dated)(?:\s+(?:in|on))?\s*:?"
    r"|(?:publication|issue|release)\s+date\s*:?"
)
_MONTH_IN_LINE = re.compile(
    rf"\b(?:{_MONTH_CUE})\s*(?P<month>{_MONTH},?\s+(?:19|20)\d{{2}})(?![\w/.-]*\d)", re.IGNORECASE
)


def title_block_month(line: str) -> str:
    """The month of a year a line of a document's title block says it was published, issued or updated in, among
    other words, as written ("Kestrel Park Leisure Centre swimming lesson programme Published December 2025":
    "December 2025"), or "". Read as that month (``period_of``), as a month alone under a title is.

    Why: a leaflet set "Published December 2025" right under its subtitle, in the same paragraph; a day there is
    read (``title_block_day``), a month was not, and the PDF was dated the day its file was built. Only after a word
    saying the month is the document's, an update's too ("Planning register update February 2026", a workbook's
    title): "Programme for December 2025" names the month it is about.

    >>> title_block_month("Lesson programme Published December 2025")
    'December 2025'
    >>> title_block_month("Updated: May 2024"), title_block_month("Programme for December 2025")
    ('May 2024', '')
    >>> title_block_month("Planning register update February 2026")
    'February 2026'
    """
    text = " ".join(line.split())
    if len(text) > TITLE_BLOCK_CHARS:
        return ""
    found = _MONTH_IN_LINE.search(text)
    return found.group("month") if found is not None else ""


_NAMED = re.compile(
    rf"(?P<day>{_DAY_WRITTEN})|\b(?P<month>{_MONTH},?\s+(?:19|20)\d{{2}})(?!\d)"
    rf"|\b(?P<season>{_SEASONS}\s+(?:19|20)\d{{2}})(?!\d)",
    re.IGNORECASE,
)
_ENDS_RANGE = re.compile(r"(?:\b(?:to|until|till|through|thru|and)|[-\u2013\u2014/&])\s*$", re.IGNORECASE)
_RANGE_START = re.compile(
    rf"(?:^|(?<=\s))(?:(?P<day>{_ORDINAL})(?:\s+(?:of\s+)?(?P<month>{_MONTH}))?|(?P<alone>{_MONTH}))"
    r"\s*(?:\b(?:to|until|till|through|thru|and)|[-\u2013\u2014/&])\s*$",
    re.IGNORECASE,
)
"""The start of a range whose year (and month) only its end writes: "April to ", "Jan-", "1-", "28 June to "."""


def named_in_title(title: str) -> str:
    """The first day (ISO) or month of a year (as written) a short title names among its words, without a word
    saying it is the document's ("What's On April 2026": "April 2026"; "Subscription rates from 1 April 2026":
    "2026-04-01"), a range's start ("Events April to June 2026": "April 2026"; "1-30 April 2026": "2026-04-01"),
    or "": none, or a range's end alone ("Fees until June 2026").

    Why: a workbook's title property naming the month it lists or the day its rates take effect from left its sheets
    undated. That day is what the document is about or when it takes effect, not the day it says it was published
    (``title_block_day``, ``title_block_month``): a weaker date, for the caller to read only when nothing else dates
    the document. A range is called by its start ("the March to May programme" is March's), which writes its year
    only at the end: "What's On March to May 2026" was undated.

    >>> named_in_title("What's On April 2026"), named_in_title("Subscription rates from 1 April 2026")
    ('April 2026', '2026-04-01')
    >>> named_in_title("Events April to June 2026"), named_in_title("Winter lets December to February 2027")
    ('April 2026', 'December 2026')
    >>> named_in_title("Fees until June 2026"), named_in_title("Budget 2026")
    ('', '')
    >>> named_in_title("Volunteer task days, spring 2026"), named_in_title("Walks May to summer 2026")
    ('spring 2026', '')
    """
    text = " ".join(title.split())
    if len(text) > TITLE_BLOCK_CHARS:
        return ""
    for found in _NAMED.finditer(text):
        if found.group("season"):  # "spring 2026", as "Date: Spring 2019" dates a page (``period_of``)
            if _ENDS_RANGE.search(text[: found.start()]):
                continue
            return found.group("season")
        if _ENDS_RANGE.search(text[: found.start()]):
            if start := _range_start(text[: found.start()], found):
                return start
            continue
        if found.group("month"):
            return found.group("month")
        if day := normalize_date(found.group("day")):  # a day in figures of no plain order is none
            return day[:10]
    return ""


def _range_start(before: str, end: re.Match[str]) -> str:
    """The start of a range written before its end (``end``, a ``_NAMED`` match), in its year: a month as written
    ("April to June 2026": "April 2026"; the year before when it is later in the year, "December to February
    2027"), or a day in ISO ("1-30 April 2026", "28 June to 3 July 2026"); "" when no day or month starts it ("until
    June 2026"), or only a day does before a month ("3 - June 2026")."""
    start = _RANGE_START.search(before)
    if start is None:
        return ""
    if end.group("month"):
        last = (int(end.group("month")[-4:]), _month_number(end.group("month")))
    elif ended := normalize_date(end.group("day")):
        last = (int(ended[:4]), int(ended[5:7]))
    else:
        return ""
    month = start.group("month") or start.group("alone")
    if month is None and end.group("month"):
        return ""
    number = _month_number(month) if month else last[1]
    year = last[0] - (number > last[1])
    if start.group("alone"):
        return f"{month} {year}"
    return iso_day(str(year), str(number), re.sub(r"\D", "", start.group("day")))


def _month_number(written: str) -> int:
    """The number of a month written in English, in full or short ("Sept. 2025": 9)."""
    return [name.casefold() for name in calendar.month_abbr].index(written.strip()[:3].casefold())


_AS_AT = re.compile(
    rf"\b(?:(?:correct|accurate|current)\s+(?:as\s+)?(?:at|of|on)|as\s+(?:at|of))\s+"
    rf"(?P<date>{_DAY_WRITTEN}|{_MONTH},?\s+(?:19|20)\d{{2}}(?!\d))",
    re.IGNORECASE,
)
_AS_AT_WORDS = 3
"""The most words a sentence may say before its "as at" ("List as at", "Figures correct as of", "Average waits as
at"): what the figures are, not a sentence telling of a change ("Prices will rise as of 1 April 2027")."""
_NOT_YET = frozenset("will shall would should may might must to be from until effective valid rise change".split())


def as_at_day(note: str) -> str:
    """The day (ISO) or month (as written) a note says its sheet's figures stand at ("List as at 1 December 2025.
    Average wait ...", "Figures correct as of 31 March 2026", "Prices correct at January 2026"), or "": a sentence
    saying what is as at a day in a few words, not one telling of a change to come.

    Why: a society's waiting list said when it was drawn up only in its note under the table; undated, its newer
    waiting times lost to an older FAQ's, and "when was the waiting list last updated" had no answer.

    >>> as_at_day("List as at 1 December 2025. Average wait: 18 months."), as_at_day("Correct at March 2026")
    ('2025-12-01', 'March 2026')
    >>> as_at_day("Prices will rise as of 1 April 2027."), as_at_day("The hall was booked as of Monday.")
    ('', '')
    """
    for sentence in re.split(r"(?<=[.!?])\s+", " ".join(note.split())):
        found = _AS_AT.search(sentence)
        if found is None:
            continue
        before = sentence[: found.start()].casefold().split()
        if len(before) > _AS_AT_WORDS or _NOT_YET.intersection(before):
            continue
        written = found.group("date").rstrip(".")
        if day := normalize_date(written):  # a day in figures of no plain order is none
            return day[:10]
        if period_of(written):
            return written
    return ""


_CLOSING_DAY = re.compile(rf"^[^,]*\S,\s*(?P<day>{_DAY_WRITTEN})$", re.IGNORECASE)
CLOSING_DAY_CHARS = 80
"""The longest line read for the day it ends with (``closing_day``): a title block's line, not a sentence's end."""


def closing_day(line: str) -> str:
    """The ISO day a short line ends with after its only comma, the words before it naming who issued the
    document and what it is ("Harrowfield Libraries press release, 15 September 2026", "Ashcombe Council news, 3 May
    2024"), or "". Why: a press release in plain text set so under its title was left undated; a line that opens with
    its day is a date line (``headers.read_date_line``), and one that goes on after its day ("..., 15 September 2026,
    7pm, Town Hall"), ends or holds a sentence ("The ferry sank off the pier, 3 May 2024.") is none. A day in
    figures is read only when its order is plain."""
    text = " ".join(line.split())
    found = _CLOSING_DAY.match(text) if len(text) <= CLOSING_DAY_CHARS else None
    if found is None or re.search(r"[.!?:;]\s", text[: found.start("day")]):
        return ""
    return normalize_date(found.group("day")) or ""


_REVISION_CUE = (
    r"(?:last\s+)?(?:revised|updated|reviewed|amended)(?:\s+(?:on|in))?"
    r"|date\s+of\s+(?:last\s+)?(?:revision|update|review)|(?:last\s+)?(?:revision|update)\s+date"
)
_MONTH_IN_FIGURES = r"(?P<month>0?[1-9]|1[0-2])[/.](?P<year>(?:19|20)\d{2})"
_REVISION = re.compile(
    r"^(?:(?:this|the)\s+[a-z]+(?:\s+[a-z]+){0,2}\s+(?:was|were|is|has\s+been)\s+|(?!(?:i|we|you|they)\s)[a-z]+\s+)?"
    rf"(?:{_REVISION_CUE})\s*[:\-\u2013]?\s*"
    rf"(?P<date>{_DAY_WRITTEN}|{_MONTH},?\s+(?:19|20)\d{{2}}|{_MONTH_IN_FIGURES})\s*\.?$",
    re.IGNORECASE,
)
"""A paragraph that says when its document was last revised and no more: "Last revised: June 2022.", "Date of
revision: 17 May 2023", "Revised: 02/2024", "This leaflet was last revised in August 2024.", "Page last reviewed:
12 May 2023". Not "Next review due: May 2025" (a day to come) nor a sentence that goes on."""


def revision_day(paragraph: str) -> str:
    """The day or month a paragraph of its own says its document was last revised (``_REVISION``): an ISO day, a
    month as written ("June 2022"), or one in figures as ISO ("02/2024": "2024-02"); "" for none.

    Why: patient leaflets, policies and guidance end with the date their text was last revised, the date they are
    current from, as a page dates itself "Last updated". A day in figures is read only when its order is plain, as
    ``title_block_day`` reads one."""
    found = _REVISION.match(" ".join(paragraph.split()))
    if found is None:
        return ""
    if found.group("month"):
        return f"{found.group('year')}-{int(found.group('month')):02d}"
    text = found.group("date")
    return normalize_date(text) or (text if period_of(text) else "")


def last_revision(paragraphs: Iterable[str]) -> str:
    """The latest day or month a paragraph of its own among ``paragraphs`` says its document was last revised
    (``revision_day``), or "". Why: one rule for a PDF's and a Word file's text; a dental leaflet's "This leaflet was
    last revised in March 2025." dated it as a PDF, not as a Word file.

    >>> last_revision(["Do not rinse.", "Next review due: May 2026", "This leaflet was last revised in May 2023."])
    'May 2023'"""
    days = [day for paragraph in paragraphs if (day := revision_day(paragraph))]
    return max(days, key=period_of, default="")


_DAY_BEFORE_MONTH = re.compile(rf"(?<![\w.,:/£$€]){_ORDINAL}\s+(?:of\s+)?{_MONTH}(?![a-z])")
_MONTH_BEFORE_DAY = re.compile(rf"(?<!\w){_MONTH}\s+{_ORDINAL}(?!\d|[.:,%]\d)")
"""A day written with its month's name, day first ("3 March", "the 19th of June") or month first ("March 3", "Jun.
29"), with a year or without ("closed on 25 and 26 December"). The month's name is capitalised, as English writes
it: "you may 2 ..." is no day; "May 2024" (a month alone) neither way."""


def writes_day_first(text: str) -> bool | None:
    """Whether ``text`` writes its days day first ("3 March 2026", "29/06/2020") more often than month first
    ("March 3, 2026", "06/29/2020"): True, False the other way, None when as often (none at all). A day in figures
    counts only when its order is plain ("03/04/2020" is either).

    Why: an answer writes a document's day as its readers do; a British brewery's page saying "Last updated on
    3 March 2026" was answered "March 3, 2026". Only a text tells: a stored date is ISO whatever its source wrote.

    >>> writes_day_first("Last updated on 3 March 2026"), writes_day_first("Published June 29, 2020, on Monday")
    (True, False)
    >>> writes_day_first("Published in September 2025") is None
    True
    """
    first = len(_DAY_BEFORE_MONTH.findall(text))
    later = len(_MONTH_BEFORE_DAY.findall(text))
    for found in _FIGURES.finditer(text):
        day, month = int(found.group(1)), int(found.group(3))
        first += day > 12 >= month
        later += month > 12 >= day
    return None if first == later else first > later
