"""Spreadsheets (CSV, TSV and Excel workbooks) and help-desk exports, read as the documents or the text they hold.

The first row names the columns. Three shapes are common, and each is read as a person reads the sheet:

- **one article a row** (a column named as a JSONL record's text is, "text", "body", "content"...): each row is a
  document, its other columns its metadata, as ``corpus.record_to_document`` reads a JSONL record;
- **questions and answers** (a FAQ or help-desk export: a "question" and an "answer" column): one document whose
  sections are the questions, each over its answer, as an FAQ page is read;
- **anything else** (a price list, a roster): one document, a paragraph a row, each value after its column's name
  ("Route: 12; First ferry: 06:10"), as a table is read; a note under the table (a sentence in one cell, or a cell
  set apart by a blank row: "Multihulls are charged at 1.5 times the monohull rate.") as a sentence of its own.

The delimiter is sniffed (comma, semicolon, tab or bar; a ``.tsv`` file is tab-separated). An Excel workbook
(``.xlsx``, read with openpyxl: the values its cells show, formulas as last computed) is read sheet by sheet, each
sheet as one of the shapes above.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from xml.etree import ElementTree

from ragqa.ingest import number_formats, tables
from ragqa.ingest.dates import as_at_day, title_block_day, title_block_month
from ragqa.ingest.formats import check_package
from ragqa.ingest.word import placeholder_author, placeholder_title

SUFFIXES = (".csv", ".tsv")
WORKBOOK_SUFFIXES = (".xlsx",)
_QUESTION_KEYS = ("question", "questions", "q", "faq", "query")
_ANSWER_KEYS = ("answer", "answers", "a", "response", "reply", "solution", "resolution")


@dataclass(frozen=True)
class Sheet:
    """A delimited file's column names and rows (values by column name, blank cells as "")."""

    header: list[str]
    rows: list[dict[str, str]]
    title: tuple[str, ...] = ()
    """The lines a sheet sets over its column names ("Leading scorers 2024/25 (league games only)")."""
    notes: int = 0
    """How many of the last rows are notes under the table, not records (``_notes_under``)."""
    joiner: str = ", "
    """What joins the cells an unquoted delimiter split a note into ("Counts by volunteer surveyors, April ...")."""

    def note_lines(self) -> list[str]:
        """The notes under the table, each its row's filled cells joined as written."""
        return [self.joiner.join(v for v in row.values() if v) for row in self.rows[len(self.rows) - self.notes :]]

    def column(self, names: tuple[str, ...]) -> str:
        """The first column (as named in the file) whose name, case-folded, is one of ``names``; "" for none."""
        folded = {name.strip().casefold(): name for name in self.header}
        return next((folded[n] for n in names if n in folded), "")

    def as_at(self) -> str:
        """The day or month a note under the table, or a line over its header, says the sheet stands at
        (``dates.as_at_day``: "List as at 1 December 2025. Average wait ..."), or "": its date when nothing better
        dates it (its title, its file's name)."""
        return next((day for line in [*self.title, *self.note_lines()] if (day := as_at_day(line))), "")

    def markdown(self, title: str) -> str:
        """The sheet as Markdown the corpus reader reads, under ``title``: questions as headings over their
        answers, else a paragraph a row."""
        question, answer = self.column(_QUESTION_KEYS), self.column(_ANSWER_KEYS)
        blocks: list[str] = [f"# {title}", *self.title]
        records = len(self.rows) - self.notes
        for row in self.rows[:records]:
            if question and answer:
                asked, said = " ".join(row[question].split()), row[answer].strip()
                if asked and said:
                    blocks.append(f"## {asked}\n\n{said}")
                    continue
            line = tables.row_text(self.header, [" ".join(row[name].split()) for name in self.header])
            if line:
                blocks.append(line)
        blocks.extend(" ".join(note.split()) for note in self.note_lines())
        return "\n\n".join(blocks)


def read_sheet(raw: str, suffix: str) -> Sheet:
    """The rows of a CSV or TSV text; ``ValueError`` when it has no row under its header."""
    delimiter = "\t"
    if suffix != ".tsv":
        try:  # only the delimiter is sniffed: quoting is the standard one (a doubled quote inside a quoted value)
            delimiter = csv.Sniffer().sniff(raw[:65536], delimiters=",;\t|").delimiter
        except csv.Error:  # rows of unequal length: the delimiter the header line uses most, a comma by default
            first = raw.split("\n", 1)[0]
            delimiter = max(",;\t|", key=lambda d: (first.count(d), d == ","))
    return sheet_of(csv.reader(io.StringIO(raw), delimiter=delimiter), f"{delimiter} ".replace("\t ", " "))


def sheet_of(lines: Iterable[Sequence[str]], joiner: str = ", ") -> Sheet:
    """A sheet from its rows of cells, the first naming the columns (``_title_over_header``: after the lines of a
    title set over them); ``ValueError`` when no row is under it. Cells beyond the named columns (a value holding
    the delimiter, unquoted) join the last one with ``joiner``."""
    title, rows_in = _title_over_header(iter(lines))
    header = [name.strip() for name in next(rows_in, [])]
    if not any(header):
        raise ValueError("has no header row naming its columns")
    names: list[str] = []
    for i, name in enumerate(header):  # every column keeps its values: unnamed and repeated names made distinct
        name = name or f"column {i + 1}"
        names.append(name if name not in names else f"{name} {names.count(name) + 1}")
    rows: list[dict[str, str]] = []
    apart: list[bool] = []  # whether a blank row is over each row
    gap = False
    for cells in rows_in:
        if not any(cell.strip() for cell in cells):
            gap = bool(rows)
            continue
        apart.append(gap)
        gap = False
        if len(cells) > len(names):
            rest = (cell.strip() for cell in cells[len(names) - 1 :])
            cells = [*cells[: len(names) - 1], joiner.join(rest)]
        cells = [*cells, *[""] * (len(names) - len(cells))]
        rows.append(dict(zip(names, (cell.strip() for cell in cells), strict=True)))
    if not rows:
        raise ValueError("has no rows under its header")
    used = [name for i, name in enumerate(names) if header[i] or any(row[name] for row in rows)]
    if len(used) < len(names):  # a workbook's empty columns right of its table
        rows = [{name: row[name] for name in used} for row in rows]
    return Sheet(used, rows, title, _notes_under(rows, apart), joiner)


def _notes_under(rows: Sequence[dict[str, str]], apart: Sequence[bool]) -> int:
    """How many of a sheet's last rows are notes under its table, each a sentence of its own, not a record: rows
    of one filled cell in a sheet of several columns, standing alone after the table (a blank row between them and
    its last record) or a sentence in a column of short values (``_sentence``; its records hold none). Why: a
    tariff's "Multihulls are charged at 1.5 times the monohull rate.", one cell under "Length overall" (or merged
    across the columns), read "Length overall: Multihulls are charged ...", a length it is not. A record whose
    other cells are blank ("Laundry", priced on request) stays one: a short value, right under the one before.
    ``apart``: whether a blank row is over each row.

    >>> table = [{"Item": "Shore power", "Charge": "£4.75"}, {"Item": "Laundry", "Charge": ""}]
    >>> _notes_under([*table, {"Item": "Prices include VAT at 20 percent.", "Charge": ""}], [False] * 3)
    1
    >>> _notes_under(table, [False, False])
    0
    """
    if len(rows[0]) < 2:
        return 0
    lone = [_lone_cell(row) for row in rows]
    start = len(rows)
    while start > 1 and lone[start - 1]:
        start -= 1
    if start == len(rows) or lone[start - 1]:  # no run of lone cells, or no record of several over it
        return 0
    notes = next((i for i in range(start, len(rows)) if apart[i]), len(rows))
    records = rows[:start]
    while notes > start:
        name = lone[notes - 1]
        if not _sentence(rows[notes - 1][name]) or any(_sentence(row[name]) for row in records):
            break
        notes -= 1
    return len(rows) - notes


def _lone_cell(row: dict[str, str]) -> str:
    """The column of a row's only filled cell, or of its first when its filled cells are the first ones and read
    together as a sentence (``_sentence``): a note an unquoted comma split ("Counts by volunteer surveyors" / "April
    to July 2025. Figures correct as of 30 September 2025."); "" for a record. Why: the split note read as a record,
    "Species: Counts by volunteer surveyors; Unit: April to July 2025. ...", and its "as of" day dated nothing.

    >>> _lone_cell({"Species": "Counts by surveyors", "Unit": "April to July 2025. Figures as of 30 June.", "N": ""})
    'Species'
    >>> _lone_cell({"Item": "Laundry", "Charge": "On request", "Note": ""})
    ''"""
    names = list(row)
    filled = [name for name in names if row[name]]
    if len(filled) == 1:
        return filled[0]
    split = 1 < len(filled) < len(names) and filled == names[: len(filled)]
    return filled[0] if split and _sentence(", ".join(row[name] for name in filled)) else ""


def _sentence(text: str) -> bool:
    """Whether a cell's text reads as a sentence: more words than a label has (``tables.LABEL_WORDS``), ending with
    a full stop, a question or an exclamation mark ("Stay 7 nights, pay for 5 (October to March only).")."""
    return len(text.split()) > tables.LABEL_WORDS and bool(re.search(r"[.!?][)\]\"'\u2019\u201d]*$", text.strip()))


TITLE_ROWS = 3
"""The most lines of title a sheet sets over its column names (a title, a subtitle, "Updated 9 March 2025")."""


def _title_over_header(rows_in: Iterator[Sequence[str]]) -> tuple[tuple[str, ...], Iterator[Sequence[str]]]:
    """The lines of title over a sheet's column names, and its rows from the one naming the columns on (blank
    rows above it left out). A title is up to ``TITLE_ROWS`` rows of one filled cell each (merged cells hold their
    value in the first), over a row of several distinct names. Why: a league's scorers sheet titled in A1 alone
    ("Premier Division 2024/25 - leading scorers") over "Rank, Player, Club, Goals" read every row under the title
    ("Premier Division ... leading scorers: 1, Kofi Mensah, ..."). A sheet of one column is left as it is."""
    ahead: list[Sequence[str]] = []
    for cells in rows_in:
        if not ahead and not any(cell.strip() for cell in cells):
            continue  # blank rows over the first filled one
        ahead.append(cells)
        if len(_filled(cells)) > 1 or sum(bool(_filled(row)) for row in ahead) > TITLE_ROWS:
            break
    if len(ahead) < 2:
        return (), itertools.chain(ahead, rows_in)
    names = _filled(ahead[-1])
    titles = [_filled(row) for row in ahead[:-1]]
    if (
        len(names) < 2
        or len(set(names.values())) < len(names)
        or all(_NUMBER.fullmatch(name) for name in names.values())
        or any(len(title) > 1 or min(title, default=0) > min(names) for title in titles)
    ):  # not names over columns, or a lone cell right of where they start (a header leaving its first blank)
        return (), itertools.chain(ahead, rows_in)
    return tuple(value for title in titles for value in title.values()), itertools.chain(ahead[-1:], rows_in)


def _filled(cells: Sequence[str]) -> dict[int, str]:
    """A row's filled cells by their column's index."""
    return {i: cell.strip() for i, cell in enumerate(cells) if cell.strip()}


_NUMBER = re.compile(r"[-+]?[\d.,]+%?")


def read_workbook(data: bytes) -> list[tuple[str, Sheet]]:
    """The named sheets of an Excel workbook that hold rows under a header (``sheet_of``); the
    values are those the cells show, formulas as Excel last computed them. ``ValueError`` when none does."""
    import openpyxl

    check_package(data, ".xlsx")
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    sheets = []
    try:
        for sheet in book.worksheets:
            sheet.reset_dimensions()  # the size a file declares may be wrong (some programs write "A1"): read all
            lines = ([_shown(cell.value, cell.number_format or "General") for cell in row] for row in sheet.iter_rows())
            try:
                sheets.append((sheet.title, sheet_of(lines)))
            except ValueError:
                continue  # an empty sheet, or a chart's
    finally:
        book.close()
    if not sheets:
        raise ValueError("has no sheet with rows under a header row")
    return sheets


_CORE = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
}


def workbook_properties(data: bytes) -> tuple[str, str]:
    """The title and author an Excel workbook's properties give (``docProps/core.xml``), "" for a program's
    default ("openpyxl", "Microsoft Office User", a file name). Why: a workbook titled "Benefits Summary 2025" by
    "People Operations" was titled by its file's name, and "who wrote the benefits summary" quoted its rows."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            root = ElementTree.fromstring(archive.read("docProps/core.xml"))
    except (KeyError, OSError, zipfile.BadZipFile, ElementTree.ParseError):
        return "", ""
    title = " ".join((root.findtext("dc:title", default="", namespaces=_CORE) or "").split())
    author = " ".join((root.findtext("dc:creator", default="", namespaces=_CORE) or "").split())
    return ("" if placeholder_title(title) else title), ("" if placeholder_author(author) else author)


def workbook_date(title: str) -> str:
    """The day (ISO) or month (as written) a workbook's title property names, as a PDF's or a Word file's title is
    read (``dates.title_block_day``, ``dates.title_block_month``), or "".

    Why: "Planning register update February 2026" was undated, so the newest register was missing from "the latest
    document" and from date filters. Its "created" and "modified" properties are not read: they are when a program
    saved the file (openpyxl sets both to the moment it writes one), not when the figures were published.

    >>> workbook_date("Ferry timetable, 14 March 2025"), workbook_date("Planning register update February 2026")
    ('2025-03-14', 'February 2026')
    >>> workbook_date("Budget 2026")
    ''
    """
    return title_block_day(title) or title_block_month(title)


def _shown(value: object, number_format: str = "General") -> str:
    """A cell's value as a person reads it: a number as its format shows it (``number_formats.shown``: £9.80,
    12.5%, 12,500), else 4000 not 4000.0; a day as 2020-06-29, a blank cell as ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float) and (formatted := number_formats.shown(value, number_format)) is not None:
        return formatted
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.time):
        return value.isoformat(timespec="minutes" if not value.second and not value.microsecond else "seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
