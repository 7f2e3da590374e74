"""What a question says beyond its words: the sources it attributes to, the documents it names by their file
names, the periods it names, a trailing aside.

Pure text functions (no arrays, no model), used by the retriever to build its cues and unit-tested directly.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from ragqa.ingest.dates import overlaps, period_of
from ragqa.ingest.words import fold, terms

_NAME_SPLIT = re.compile(r"\s+[-|:]\s+")


def _words(text: str) -> str:
    return " " + " ".join(re.findall(r"[a-z0-9]+", text.lower())) + " "


def name_variants(name: str) -> list[str]:
    """A metadata value and its leading part: "The Independent - Sports" -> also "The Independent"."""
    variants = [name]
    head = _NAME_SPLIT.split(name, maxsplit=1)[0]
    if head != name:
        variants.append(head)
    return [v for v in variants if len(_words(v).strip()) >= 3]


@lru_cache(maxsize=8192)
def _variant_words(value: str) -> tuple[str, ...]:
    return tuple(_words(v) for v in name_variants(value))


_WORK = r"(?:article|articles|report|reports|story|stories|piece|pieces|coverage|editorial|column|op ed|post|posts)"
_SAYS = (
    r"(?:reported|reports|report|says|said|say|wrote|writes|write|published|publishes|claims|claimed|claim|"
    r"suggests|suggested|suggest|notes|noted|note|argues|argued|highlights|highlighted|discussed|discusses|"
    r"covered|covers|states|stated|mentions|mentioned|describes|described|explains|explained|reveals|revealed)"
)
_BEFORE = re.compile(
    rf"\b(?:according to|reported by|reported in|published by|published in|written by|covered by|per"
    rf"|{_WORK} (?:in|from|by|on))(?: the| a| an)?$"
)
_AFTER = re.compile(rf"^ (?:s )?(?:{_WORK}|{_SAYS}|reporter|reporters|journalist|journalists|writer|writers)\b")
_JOINED = re.compile(r"^ (?:and|or|as well as|and the|or the)(?: the)? $")


def attributed(query: str, values: Sequence[str]) -> set[str]:
    """The sources a question attributes its facts to, named as whole names (any case): "according to X",
    "X reported", "in an X article", "X's coverage", and names listed with one of those ("reported by X and Y").

    A source name used as a common word ("the nature of", "cell membrane") attributes nothing.
    """
    q = _words(query)
    found: list[tuple[int, int, str]] = []
    for value in values:
        for variant in _variant_words(value):
            start = q.find(variant)
            while start != -1:
                found.append((start, start + len(variant) - 1, value))
                start = q.find(variant, start + 1)
    found.sort()
    marked = {i for i, (s, e, _) in enumerate(found) if _BEFORE.search(q[:s]) or _AFTER.match(q[e:])}
    changed = True
    while changed:  # a name listed next to an attributed one is attributed too
        changed = False
        for i in range(len(found) - 1):
            if (i in marked) != (i + 1 in marked) and _JOINED.match(q[found[i][1] : found[i + 1][0] + 1]):
                marked |= {i, i + 1}
                changed = True
    return {found[i][2] for i in marked}


_FILE_ID = re.compile(r"(?:^|/)([^/#]+?)\.[A-Za-z][A-Za-z0-9]{0,4}$")
_NAME_PART = re.compile(r"[a-z][a-z0-9]*|\d+(?:\.\d+)*")
_VERSION_WORD = re.compile(r"\b(?:v|ver|version)\s*(?=\d)")
_GLUED = re.compile(r"([a-z]{2,}?)v?(\d+(?:\.\d+)*)")


@dataclass(frozen=True)
class FileName:
    """What a document's file name calls it: "Widget-3.1.txt" -> words ("widget",), version "3.1" (words folded as
    keyword search folds them: "recipes.md" -> "recipe")."""

    words: tuple[str, ...]
    version: str


def file_name(doc_id: str) -> FileName | None:
    """The name of a document read from a file (an id ending in a file suffix), None for any other id."""
    found = _FILE_ID.search(doc_id)
    if not found:
        return None
    parts = _NAME_PART.findall(found.group(1).lower())
    words = tuple(fold(p) for p in parts if p[0].isalpha() and len(p) > 1)
    versions = [p for p in parts if p[0].isdigit()]
    return FileName(words, versions[0] if versions else "") if words else None


def _same_version(asked: str, version: str) -> bool:
    """ "3" asks for "3.0" and "3.0" for "3": a version agrees with any it is a prefix of, part by part."""
    a, b = asked.split("."), version.split(".")
    return a[: len(b)] == b[: len(a)]


class FileNames:
    """The documents read from files, by the words of their names: a question looks up only its own words (a
    folder of 100,000 files costs a search no more than one of ten)."""

    def __init__(self, doc_ids: Iterable[str]) -> None:
        self.by_word: dict[str, list[tuple[str, str]]] = {}  # word -> (doc id, its file's version)
        self.count = 0
        for doc_id in doc_ids:
            name = file_name(doc_id)
            if name is None:
                continue
            self.count += 1
            for word in dict.fromkeys(name.words):
                self.by_word.setdefault(word, []).append((doc_id, name.version))

    def __bool__(self) -> bool:
        return self.count > 0


def named_files(query: str, names: FileNames, distinctive: Callable[[str], bool]) -> set[str]:
    """The documents a question names by a word of their file name: "does widget3 support proxies" names
    Widget-3.1.txt, "frobnicate dry run" frobnicate.md. A version written after the word ("widget 3", "widgetv3",
    "widget version 3.1") must agree with the file's. Only a ``distinctive`` word names (one most documents do not use,
    unlike "python" in a folder of Python packages' READMEs), and naming every document names none.
    """
    text = _VERSION_WORD.sub("", query.lower())
    tokens = _NAME_PART.findall(text)
    asked: list[tuple[str, str]] = []  # (word, the version written after it or "")
    for i, token in enumerate(tokens):
        if not token[0].isalpha():
            continue
        after = tokens[i + 1] if i + 1 < len(tokens) and tokens[i + 1][0].isdigit() else ""
        asked.append((fold(token), after))  # "recipe" names recipes.md, "guides" guide.md
        glued = _GLUED.fullmatch(token)
        if glued:  # "widget3", "widgetv3"
            asked.append((glued.group(1), glued.group(2)))
    found: set[str] = set()
    for word, version in asked:
        files = names.by_word.get(word)
        if files and distinctive(word):
            found.update(doc for doc, own in files if not version or not own or _same_version(version, own))
    return found if len(found) < names.count else set()


_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
MONTH_NAMES = _MONTH
"""A month's name or its short form, as a pattern ("january", "feb", "sept")."""


def month_numbered(written: str) -> int:
    """The month a name or its short form names; 0 for none.

    >>> month_numbered("Feb"), month_numbered("sept."), month_numbered("spring")
    (2, 9, 0)
    """
    return _MONTHS.get(written.casefold().rstrip("."), 0)


_PART = (
    r"(?:(?P<part>early|mid|middle of|late|end of|beginning of|start of"
    r"|(?:the\s+)?(?:first|second|third|fourth|last)\s+week\s+of)[\s-]+)?"
)
_YEAR_WRITTEN = r"(?P<year>\d{4}\b|['’]\d{2}\b|\d{2}(?=\s*(?:[?!.,;:)]|$)))"
"""A year after a month: four digits, or two as people type them ("aug '93", "16 aug 93" closing the question)."""
_DAY_FIRST = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_MONTH})\.?,?\s+{_YEAR_WRITTEN}", re.I
)
_MONTH_FIRST = re.compile(
    rf"\b{_PART}(?P<month>{_MONTH})\.?(?:\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?|\s+of(?=\s+\d{{4}}\b))?,?\s+"
    rf"{_YEAR_WRITTEN}",
    re.I,
)
""""June 29, 2020", "late June 2020", "March of 2020" (four digits after "of": not "may of 93 people")."""


def full_year(written: str, after_day: bool = True, today: date | None = None) -> int | None:
    """The year ``written`` after a month: four digits as they are; two ("'93", "93") of the century that puts it no
    later than next year. None for two bare digits after a month with no day that could be its day ("aug 16")."""
    digits = written.lstrip("'’")
    if len(digits) == 4:
        return int(digits)
    two = int(digits)
    if written == digits and not after_day and two <= 31:
        return None
    return two + (2000 if two <= ((today or date.today()).year + 1) % 100 else 1900)


_ISO_DAY = re.compile(r"\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b")
_NUMERIC_DAY = re.compile(r"(?<![\d/.-])(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2}(?![/.]?\d))\b")
"""29/06/2020 or 06/29/2020: the order is read from which number can be a month (both days when both can); a
two-digit year with slashes only ("6/29/20": 2020; "1.2.20" is a version) is of the century that puts it no later
than next year."""
_YEARLESS = [
    re.compile(rf"\b(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*[,:–-]?\s*\d)", re.I),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_MONTH})\b(?!\.?,?\s*\d)", re.I),
]
""""october 12", "12th of oct": a day of whatever year (news readers often leave the year out)."""
_NUMERIC_YEARLESS = re.compile(
    r"\b(?:on|since|from|after|before|by|until|till|dated)\s+(?P<a>\d{1,2})/(?P<b>\d{1,2})(?![/\d])(?!\s*(?:of|%))",
    re.I,
)
""""on 11/10": a day of whatever year written in figures, after a word that makes it a time (not "3/4 of them")."""
_MONTH_ALONE = re.compile(
    rf"\b(?:in|during|from|over|last|this\s+past)\s+{_PART}"
    r"(?P<month>january|february|march|april|may|june|july|august|september|october|november|december)\b"
    r"(?!\.?,?\s*(?:\d|of\b))",
    re.I,
)
""""in november", "during late june": a month of whatever year, named after a word that makes it a time ("may" and
"june" alone may be a verb or a name)."""
_LAST_MONTH = re.compile(r"(?:last|this\s+past)\s+(?!(?:the\s+)?(?:first|second|third|fourth|last)\s+week)", re.I)
"""A month named as the latest one ("last june"), read from ``today`` when there is one, not as a part of it ("last
week of june")."""
YEARLESS = "0000"
"""The year of a period that names none: it matches that day of any year."""
_PARTS = {"early": (1, 10), "beginning of": (1, 10), "start of": (1, 10), "mid": (11, 20), "middle of": (11, 20)}
_WEEKS = {"first": (1, 7), "second": (8, 14), "third": (15, 21), "fourth": (22, 28)}
"""The week of a month a question names ("the first week of july 2020"); the last is its last seven days."""
_YEAR_PART = re.compile(
    r"\b(?P<part>early|mid|middle\s+of|late|end\s+of|beginning\s+of|start\s+of|(?:the\s+)?(?:first|second)\s+half\s+of"
    r"|h[12])[\s-]+(?:the\s+year\s+)?(?P<year>(?:19|20)\d\d)\b",
    re.I,
)
"""A part of a year: "early 2020" (its first third), "mid-2020", "late 2019", "the first half of 2023", "h2 2023"."""
_YEAR_THIRDS = {"early": (1, 4), "beginning": (1, 4), "start": (1, 4), "mid": (5, 8), "middle": (5, 8), "late": (9, 12)}
_JOINTS = r"-|–|to|until|till|through|thru|and"
"""What joins the two ends of a range of days or months."""
_MONTH_RANGE = re.compile(
    rf"\b(?P<opener>(?:from|between)\s+)?(?P<first>{_MONTH})\.?\s*(?P<joint>{_JOINTS})\s*"
    rf"(?P<last>{_MONTH})\.?,?\s+(?P<year>\d{{4}})\b",
    re.I,
)
"""Months joined over the year named after the second ("from june to august 2020", "dec-feb 2021")."""


def mentioned_dates(query: str, yearless: bool = False, today: date | None = None) -> list[tuple[str, str]]:
    """The periods a question names, as inclusive ISO day ranges: "October 2, 2023", "2 Oct 2023", "2023/10/02"
    and "02/10/2023" are one day, "September 2001" the month, "late June 2020" its last third, "the last week of
    june 2020" its last seven days, "early 2020" and "the first half of 2023" parts of a year, "from june to august
    2020" three months; any case, abbreviations with or without a dot. A bare year names no period (too many numbers
    look like years).
    With ``yearless``, "october 2" is that day of any year too (its year is ``YEARLESS``); with ``today``,
    "yesterday", "last week", "this month" or "the past 3 days" are read from that day (a question's words, not a
    passage's, whose "yesterday" is its own)."""
    return [period for period, _ in dated_spans(query, yearless, today)]


def dated_spans(
    query: str, yearless: bool = False, today: date | None = None
) -> list[tuple[tuple[str, str], tuple[int, int]]]:
    """``mentioned_dates`` with where in ``query`` each period is written."""
    return list(_dated_spans(query, yearless, today))


@lru_cache(maxsize=2048)
def _dated_spans(query: str, yearless: bool, today: date | None) -> tuple[tuple[tuple[str, str], tuple[int, int]], ...]:
    """``dated_spans``, cached: one answer reads the question's dates five times over (retrieval's day mask, the
    listing and byline checks, the evidence), and a passage's again whenever it is retrieved (0.15-0.2 ms a
    reading)."""
    found: list[tuple[tuple[str, str], tuple[int, int]]] = []

    def add(span: tuple[int, int], year: int, month: int, first: int, last: int) -> None:
        if not 1 <= month <= 12:
            return
        last = min(last, calendar.monthrange(year or 2000, month)[1])  # year 0: any year, February 29 included
        if 1 <= first <= last:
            found.append(((f"{year:04d}-{month:02d}-{first:02d}", f"{year:04d}-{month:02d}-{last:02d}"), span))

    taken: list[tuple[int, int]] = []
    for pattern in (_DAY_FIRST, _MONTH_FIRST):
        for m in pattern.finditer(query):
            year = full_year(m.group("year"), after_day=bool(m.group("day")))
            if year is None or any(s <= m.start() < e for s, e in taken):
                continue
            taken.append(m.span())
            month = _MONTHS[m.group("month").lower()]
            if m.group("day"):
                add(m.span(), year, month, int(m.group("day")), int(m.group("day")))
                continue
            part = " ".join((m.groupdict().get("part") or "").lower().split())
            if part.endswith("week of"):  # "the last week of june 2020": its last seven days
                which = part.split()[-3]
                days = calendar.monthrange(year, month)[1]
                first, last = _WEEKS.get(which, (days - 6, days))
            else:
                first, last = _PARTS.get(part, (21, 31) if part in ("late", "end of") else (1, 31))
            add(m.span(), year, month, first, last)
    for m in _ISO_DAY.finditer(query):
        add(m.span(), int(m.group(1)), int(m.group(2)), int(m.group(3)), int(m.group(3)))
    for m in _NUMERIC_DAY.finditer(query):
        a, b, y = (int(g) for g in m.groups())
        if len(m.group(3)) == 2:
            if "." in m.group():
                continue
            y = full_year(m.group(3)) or y
        for d, mo in dict.fromkeys(((a, b), (b, a)) if a <= 12 else ((a, b),)):
            add(m.span(), y, mo, d, d)
    if yearless:
        # "between October 5 and October 9, 2023": a day without a year is in the year the question names
        year = int(found[0][0][0][:4]) if found else 0
        for pattern in _YEARLESS:
            for m in pattern.finditer(query):
                if m.group("month") == "may" or any(s <= m.start() < e for s, e in taken):
                    continue  # "may 5 people ..." is not a date
                taken.append(m.span())
                day = int(m.group("day"))
                add(m.span(), year, _MONTHS[m.group("month").lower()], day, day)
        for m in _NUMERIC_YEARLESS.finditer(query):
            a, b = int(m.group("a")), int(m.group("b"))
            span = (m.start("a"), m.end())
            for d, mo in dict.fromkeys(((b, a), (a, b))):  # 11/10: Nov 10 or 11 Oct; 12/25 only one of them
                add(span, year, mo, d, d)
        for m in _MONTH_ALONE.finditer(query):
            if any(s <= m.start("month") < e for s, e in taken):
                continue
            month = _MONTHS[m.group("month").lower()]
            if today is not None and not year and _LAST_MONTH.match(m.group()):
                # "last june", "this past march": the latest one before this month (in December 2026, June 2026)
                add(m.span(), today.year - (month >= today.month), month, 1, 31)
                continue
            part = " ".join((m.group("part") or "").lower().split())
            if part.endswith("week of"):  # "the last week of june": its last seven days (of a 30-day June)
                days = calendar.monthrange(year or 2001, month)[1]
                first, last = _WEEKS.get(part.split()[-3], (days - 6, days))
            else:
                first, last = _PARTS.get(part, (21, 31) if part in ("late", "end of") else (1, 31))
            add(m.span(), year, month, first, last)
    for m in _SEASON.finditer(query):  # "summer 2020", "q3 2023", "the third quarter of 2023"
        first_month, last_month = _SEASON_MONTHS.get((m.group("season") or "").lower()) or _quarter(m)
        found.append((_months(int(m.group("year")), first_month, last_month), m.span()))  # winter: Dec to Feb
    for m in _YEAR_PART.finditer(query):
        part = m.group("part").lower()
        if "half" in part or part in ("h1", "h2"):
            first_month, last_month = (1, 6) if part in ("h1",) or "first" in part else (7, 12)
        else:
            first_month, last_month = _YEAR_THIRDS.get(part.split()[0], (9, 12))  # "end of": the last third
        found.append((_months(int(m.group("year")), first_month, last_month), m.span()))
    for m in _MONTH_RANGE.finditer(query):
        if (m.group("joint").lower() == "and" or m.group("first").lower() == "may") and not m.group("opener"):
            continue  # "june and august 2020" names two months; "may to ..." may be the verb
        first_month, last_month = _MONTHS[m.group("first").lower()], _MONTHS[m.group("last").lower()]
        year = int(m.group("year"))  # the year of the last month: "december to february 2021" starts in 2020
        found.append((_months(year - (first_month > last_month), first_month, last_month), m.span()))
    if today is not None:
        found += _relative(query, today)
    return tuple(found + _ranges(query, found, yearless))


_UNITS = {"day": 1, "days": 1, "week": 7, "weeks": 7, "month": 31, "months": 31, "year": 366, "years": 366}
_COUNTS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10}
_RELATIVE = re.compile(
    r"\b(?:(?P<day>today|yesterday)|(?P<which>this|last|past|previous)\s+(?P<unit>week|month|year)(?!\s+of\b)"
    r"|(?:the\s+)?(?:past|last)\s+(?P<n>\d{1,3}|a|one|two|three|four|five|six|seven|ten)\s+(?P<units>days|weeks|months))\b",
    re.I,
)


def _relative(query: str, today: date) -> list[tuple[tuple[str, str], tuple[int, int]]]:
    """Periods named relative to ``today``: "today", "yesterday", "this/last week" (Monday to Sunday), "this/last
    month", "this/last year", "the past week" and "the past 3 days" (back from today)."""
    out = []
    for m in _RELATIVE.finditer(query):
        if m.group("day"):
            first = last = today - timedelta(days=1 if m.group("day").lower() == "yesterday" else 0)
        elif m.group("unit") and m.group("which").lower() == "past":  # "the past week": the last seven days
            first, last = today - timedelta(days=_UNITS[m.group("unit").lower()]), today
        elif m.group("unit"):
            unit, previous = m.group("unit").lower(), m.group("which").lower() != "this"
            if unit == "week":
                monday = today - timedelta(days=today.weekday() + (7 if previous else 0))
                first, last = monday, min(monday + timedelta(days=6), today)
            elif unit == "month":
                first = today.replace(day=1)
                if previous:
                    first = (first - timedelta(days=1)).replace(day=1)
                last = min(first.replace(day=calendar.monthrange(first.year, first.month)[1]), today)
            else:
                first = date(today.year - previous, 1, 1)
                last = min(date(first.year, 12, 31), today)
        else:
            count = int(m.group("n")) if m.group("n").isdigit() else _COUNTS[m.group("n").lower()]
            first, last = today - timedelta(days=count * _UNITS[m.group("units").lower()]), today
        out.append(((first.isoformat(), last.isoformat()), m.span()))
    return out


_SEASON_MONTHS = {"spring": (3, 5), "summer": (6, 8), "fall": (9, 11), "autumn": (9, 11), "winter": (12, 2)}
_ORDINAL_QUARTERS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
_SEASON = re.compile(
    r"\b(?:(?:the\s+)?(?P<season>spring|summer|fall|autumn|winter)|(?:q|quarter\s+)(?P<q>[1-4])"
    r"|(?:the\s+)?(?P<nth>first|second|third|"
    r"fourth|1st|2nd|3rd|4th)\s+quarter)\s+(?:of\s+)?(?P<year>(?:19|20)\d\d)\b",
    re.I,
)


def _months(year: int, first_month: int, last_month: int) -> tuple[str, str]:
    """The first day of ``first_month`` of ``year`` to the last of ``last_month``, in the next year when it comes
    earlier in the calendar (winter 2023: December 2023 to February 2024)."""
    end_year = year + 1 if last_month < first_month else year
    last = calendar.monthrange(end_year, last_month)[1]
    return f"{year:04d}-{first_month:02d}-01", f"{end_year:04d}-{last_month:02d}-{last:02d}"


def _quarter(m: re.Match[str]) -> tuple[int, int]:
    quarter = int(m.group("q")) if m.group("q") else _ORDINAL_QUARTERS[m.group("nth").lower()]
    return 3 * quarter - 2, 3 * quarter


_RANGE_WORDS = re.compile(rf"^\s*(?:{_JOINTS})\s*$", re.I)
_RANGE_OPENERS = re.compile(r"(?:\bbetween|\bfrom)\s*$", re.I)
_DAY_RANGE = re.compile(
    rf"\b(?P<month>{_MONTH})\.?\s+(?P<first>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*[-–]\s*|\s+(?:to|thru|through|till|until)"
    r"\s+(?:the\s+)?)(?P<last>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>\d{4})\b|(?!\s*[,.:/-]?\s*\d))",
    re.I,
)
"""Days of one month: "October 12-13, 2023", "oct 2nd to the 6th" (a day range of any year: only in a question)."""
_WEEK_OF = re.compile(r"\b(?:the\s+)?week\s+(?:of|starting|beginning)\s+(?:the\s+)?$", re.I)
"""Before a day, "the week of nov 13": that day and the six after it."""


def _days(period: tuple[str, str]) -> int:
    """How many days a period spans (a yearless one read in a leap year)."""
    first, last = (date.fromisoformat(("2000" + d[4:]) if d.startswith(YEARLESS) else d) for d in period)
    return (last - first).days


def _ranges(
    query: str, found: Sequence[tuple[tuple[str, str], tuple[int, int]]], yearless: bool = False
) -> list[tuple[tuple[str, str], tuple[int, int]]]:
    """Periods from one named day to another ("between October 1 and October 15, 2023", "from 1/10/2023 to
    15/10/2023", "October 12-13, 2023", with ``yearless`` "oct 2 to 6"), and the week of a day ("the week of
    november 13, 2023"), written over the days they join (which stay named too)."""
    joins: dict[tuple[int, int], tuple[str, str]] = {}
    for a, (a_start, a_end) in found:
        for b, (b_start, b_end) in found:
            joined = _RANGE_WORDS.match(query[a_end:b_start]) if a_end <= b_start else None
            if joined is None or (joined.group().strip() == "and" and not _RANGE_OPENERS.search(query[:a_start])):
                continue
            start, end = a[0], b[1]
            if start.startswith(YEARLESS) != end.startswith(YEARLESS) or start > end:
                continue
            span = (a_start, b_end)  # of two readings of "1/10/2023 to 15/10/2023", the shorter period
            if span not in joins or _days((start, end)) < _days(joins[span]):
                joins[span] = (start, end)
    out = [(period, span) for span, period in joins.items()]
    for m in _DAY_RANGE.finditer(query):
        month, first, last = _MONTHS[m.group("month").lower()], int(m.group("first")), int(m.group("last"))
        if m.group("year") is None and (not yearless or m.group("month").lower() == "may"):
            continue  # "may 2 to 6 people": not a date
        year = int(m.group("year") or 0)
        if 1 <= first < last <= calendar.monthrange(year or 2000, month)[1]:
            out.append(((f"{year:04d}-{month:02d}-{first:02d}", f"{year:04d}-{month:02d}-{last:02d}"), m.span()))
    for (start, end), (at, upto) in found:
        week = _WEEK_OF.search(query[:at])
        if week is not None and start == end:
            out.append((_week_from(start), (week.start(), upto)))
    return out


def _week_from(day: str) -> tuple[str, str]:
    """A day and the six after it (a yearless week stops at the year's end: it matches any year's days)."""
    if not day.startswith(YEARLESS):
        return day, (date.fromisoformat(day) + timedelta(days=6)).isoformat()
    last = date.fromisoformat("2000" + day[4:]) + timedelta(days=6)
    return day, (YEARLESS + last.isoformat()[4:]) if last.year == 2000 else YEARLESS + "-12-31"


def within(published_at: str, period: tuple[str, str]) -> bool:
    """Whether a publication date falls in a period of ``mentioned_dates`` (any year for a yearless one); a date
    naming only its month or year ("September 2022") is within the periods it shares a day with."""
    day = period_of(published_at)
    start, end = period
    if start.startswith(YEARLESS):
        return len(day) == 10 and start[5:] <= day[5:] <= end[5:]
    return overlaps(day, start, end)


_TRAILING_ASIDE = re.compile(r"\s\([^()]*\)?\s*$")


def without_aside(text: str) -> str:
    """``text`` without a trailing parenthesized aside, where a follow-up carries its earlier question
    (``answering.followup.heuristic_rewrite``): context for the meaning, not words the evidence needs."""
    return _TRAILING_ASIDE.sub("", text).strip()


WHAT_WHEN = (
    r"\b(?:what|which)\s+(?:year|day|date|time|month|decade|century)\b"
    r"(?=\W*$|\s+(?:is|are|was|were|do|does|did|will|would|can|could|should|has|have|had|the|a|an|this|that|my|our"
    r"|your|their|its|his|her|i|we|you|they|he|she|it|on|in|at)\b)"
)
""""what year did", "what time is": when, asked with a noun. Only before a verb, a determiner or the question's end:
"what time zone", "which year group" name a thing."""
HOW = re.compile(rf"\bhow\s+(?:much|many|long|old|often|far|big|large|soon)\b|{WHAT_WHEN}", re.IGNORECASE)
""""how much", "what year did", "what time is": the word after the question word says what kind of answer is asked
for, not what about."""
_WHAT_WHEN = re.compile(WHAT_WHEN, re.IGNORECASE)
FILLER = frozenset("whose else anyone anybody anything someone somebody something more other others another".split())
"""Words a chat follow-up asks with that name nothing ("anyone else?", "whose speech", "anything more?")."""


def without_form(text: str, how: bool = True) -> str:
    """``text`` less its kind-of-answer words (``HOW``; with ``how`` False only "what time", "what year" ...), when
    a content word is left: what a question is about.

    Why: "what time is midnight mass" asks when, as "when is midnight mass" does; matched as a word, its "time"
    ranked a table's "Time: 8.00am" rows above the letter saying "Midnight Mass begins at 11.30pm".

    >>> without_form("what time is midnight mass"), without_form("how much does colour printing cost")
    ('is midnight mass', 'does colour printing cost')
    >>> without_form("how much is it on what day is it", how=False)
    'how much is it on is it'
    >>> without_form("what time zone is the call in"), without_form("what year?")
    ('what time zone is the call in', 'what year?')
    """
    left = " ".join((HOW if how else _WHAT_WHEN).sub(" ", text).split())
    return left if terms(left) else text


def content_words(text: str) -> list[str]:
    """``text``'s content words (``terms``) less the kind-of-answer words (``HOW``) and ``FILLER``: "how much?",
    "what year?" and "anyone else?" have none."""
    return [w for w in terms(HOW.sub(" ", text)) if w not in FILLER]


_AUTHORSHIP = ("wrote", "written", "write", "author", "authors")
"""How texts say who wrote something ("Written by ...", "its author, ...") and how people ask it ("who wrote
the guide"): irregular forms no stemmer unites, and the noun for the verb."""
_AUTHORSHIP_ASKED = re.compile(r"\b(?:wrote|written|writes?|authors?|authored)\b", re.I)


_WRITTEN_OUT = re.compile(rf"\b(?:{_MONTH})\b.*\b\d{{4}}\b", re.I)


def dates_written_out(query: str) -> list[str]:
    """The days and months ``query`` writes with numbers or a two-digit year ("16/08/93", "2023-10-02", "aug '93"),
    as texts write them ("16 August 1993", "August 1993"): keyword search then matches the month's name and the
    whole year. Dates already so written are left alone."""
    out = []
    for (first, last), (start, end) in dated_spans(query):
        year, month, day = (int(part) for part in first.split("-"))
        if _WRITTEN_OUT.search(query[start:end]) or first[:7] != last[:7]:
            continue
        name = calendar.month_name[month]
        out.append(f"{day} {name} {year}" if first == last else f"{name} {year}")
    return out


def keyword_text(query: str) -> str:
    """The words keyword search scores: the query without a follow-up's aside and its kind-of-answer words
    (``without_form``), unless no content word is left ("When? (who is kabulov)", "how much (what did nixon ask
    congress for)"): then the aside is what is asked.
    A question about authorship also looks for every way of saying it (``_AUTHORSHIP``), and one naming a day in
    numbers for the day written out (``dates_written_out``)."""
    main = without_form(without_aside(query))
    if not (main == query.strip() or content_words(main)):
        main = " ".join(HOW.sub(" ", re.sub(r"[()]", " ", query)).split())
    if _AUTHORSHIP_ASKED.search(main):
        said = set(main.lower().split())
        main = " ".join([main, *(word for word in _AUTHORSHIP if word not in said)])
    return " ".join([main, *dates_written_out(main)])
