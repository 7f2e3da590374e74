"""A PDF's text read with its layout: headings, paragraphs, code, and no page furniture.

A PDF holds positioned glyphs, not paragraphs. Read page by page as plain lines (the first reader), every line
break looked like a sentence's end, words hyphenated at a line's end stayed split ("com- mands"), ligatures
stayed single glyphs ("conﬁguration" matched no question's "configuration"), headings were sentences of the
text, and running heads, page numbers and tables of contents' dot leaders were read as prose. pdfminer.six's
layout analysis (MIT) gives the lines in reading order, columns included, with each glyph's font and size; this
module decides what they are:

- a **heading** is a short line set larger than the body text, or wholly in bold, or wholly in a font the body
  seldom uses (a run-in subsection title);
- a **code** line is wholly in a monospaced font: it keeps its line;
- every other line is **prose**, joined to the next line of its paragraph, a hyphen at the line's end dropped
  unless the document spells the word with it elsewhere;
- a **table** ruled with lines (pdfplumber finds it) is read row by row, each row a paragraph of its own naming
  its cells by the header's ("Key figure: Revenue; 2022: 142.6; 2023: 168.3"), as Word tables are read, a cell's
  text wrapped in its width read whole; read as lines, it came out column by column, a year's figures in a
  passage of their own far from the row's name; its rest on the next page, its header not repeated, reads under
  that header (``_Table.goes_on_from``);
- a line opening with a bullet is a list item, a paragraph of its own; a glyph no encoding maps is read as the
  bullet the PDF standard has it show (a code WinAnsiEncoding leaves unused: reportlab's bullets) or not at all,
  never as pdfminer's "(cid:127)";
- a line repeated at the top or bottom of most pages (a running head or foot), a page number, a contents page's
  column of page references and a table of contents' entries (the lines with dot leaders) are dropped.

Offsets into the text are exact, so chunks know their page and citations can say "p. 4".
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from ragqa.ingest.chunking import CODE_INDENT, continues
from ragqa.ingest.dates import (
    TITLE_BLOCK_CHARS,
    last_revision,
    named_in_title,
    normalize_date,
    title_block_day,
    title_block_month,
)
from ragqa.ingest.headers import (
    ENDS_ON_A_YEAR,
    byline_after_date,
    date_line_day,
    dates_over_name,
    ends_on_its_day,
    is_role,
    looks_like_name,
    minutes_by,
    read_byline,
    read_date_line,
    read_letter,
    read_period_line,
    salutation,
    signatory,
    signs_as,
    split_name_and_date,
    titled_under,
    valediction,
)
from ragqa.ingest.tables import reads_as_form, row_text
from ragqa.records import Document, Section

log = logging.getLogger(__name__)

_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})
_SPACING_ACCENTS = {"¨": "\u0308", "´": "\u0301", "˜": "\u0303", "¸": "\u0327", "˚": "\u030a", "ˇ": "\u030c"}
_ACCENTED = re.compile("([" + "".join(_SPACING_ACCENTS) + r"])\s?([A-Za-z])")
_LEADERS = re.compile(r"(?:\s?\.){4,}\s*\d{0,4}\s*$|(?:\s?\.){2,}\s*\d{1,4}\s*$")
"""Dot leaders, with the page number a table of contents sets after them (not an ellipsis, ". . .", that ends a
line of prose)."""
_PAGE_NUMBER = re.compile(r"^[\s\-–—]*(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?[\s\-–—]*$", re.IGNORECASE)
_BARE_NUMBER = re.compile(r"^\s*[\-–—]?\s*\d{1,4}\s*[\-–—]?\s*$")
_BOLD = re.compile(r"bold|black|heavy|semibold|demi|cmbx|cmb\d", re.IGNORECASE)
_MONO = re.compile(r"mono|courier|typewriter|consol|cmtt|cmsltt|\btt\d", re.IGNORECASE)
_SENTENCE_END = ".!?:"
_CONTENTS = frozenset({"contents", "table of contents"})
_MARGIN = 0.09
"""The share of a page's height at its top and at its bottom where running heads, feet and page numbers sit."""


@dataclass(eq=False)
class _Line:
    text: str
    page: int
    box: int
    top: float
    """Its distance from the page's top, as a share of the page's height."""
    size: float
    font: str
    bold: bool
    mono: bool
    in_margin: bool
    kind: str = "prose"
    """"prose", "heading", "code", "table" (a ruled table's row) or "field" (a line of the title block)."""
    wraps: bool = False
    """The typesetter broke the line before it in its box here: its first word would not have fitted at that line's
    end (``_broke``). Such a line in its box's type goes on the heading, or the title block's line, before it: one
    wrapped at the column's width, not a line of its own."""


def clean_glyphs(text: str) -> str:
    """Ligatures as their letters and a spacing accent before its letter composed with it ("M¨uller": "Müller"),
    as TeX's fonts set them, so the words match the ones people type."""
    text = _ACCENTED.sub(lambda m: unicodedata.normalize("NFC", m.group(2) + _SPACING_ACCENTS[m.group(1)]), text)
    return text.translate(_LIGATURES)


def _font_name(name: str) -> str:
    return name.split("+", 1)[-1]


_UNDEFINED_GLYPH = re.compile(r"\(cid:(\d+)\)")
"""What pdfminer.six writes for a glyph whose code its font's encoding does not map to a character."""
BULLET = "•"


def _ansi_fonts(page: Any) -> frozenset[str]:
    """The names of a pdfplumber page's fonts that use WinAnsiEncoding (named, or as the base of their own); not a
    name the page also gives a font of another encoding (a glyph knows its font's name only)."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import literal_name

    ansi: set[str] = set()
    other: set[str] = set()
    for reference in (resolve1((page.page_obj.resources or {}).get("Font")) or {}).values():
        spec = resolve1(reference)
        if not isinstance(spec, dict) or not spec.get("BaseFont"):
            continue
        encoding = resolve1(spec.get("Encoding"))
        if isinstance(encoding, dict):
            encoding = resolve1(encoding.get("BaseEncoding"))
        named = encoding is not None and literal_name(encoding) == "WinAnsiEncoding"
        (ansi if named else other).add(literal_name(resolve1(spec["BaseFont"])))
    return frozenset(ansi - other)


def _glyph(text: str, font: str, ansi_fonts: frozenset[str]) -> str:
    """A glyph's text, set in ``font``. One no encoding maps ("(cid:127)") is no text of the document's: a bullet
    when its font uses WinAnsiEncoding and its code is above 32, which the PDF standard has every unused code of
    that encoding show (ISO 32000-1, annex D; reportlab sets its bullets so, at 127), else nothing."""
    undefined = _UNDEFINED_GLYPH.fullmatch(text)
    if undefined is None:
        return text
    return BULLET if font in ansi_fonts and int(undefined.group(1)) > 32 else ""


Box = tuple[float, float, float, float]
"""A rectangle of a page: x0, top, x1, bottom, in points from the page's left and top (pdfplumber's)."""


CellLine = tuple[str, bool]
"""A line of a table's cell, and whether it goes on the line before it (the cell's width broke the text there)."""


def _grid(table: list[list[list[CellLine]]]) -> list[list[str]] | None:
    """A table's rows of cells' text (its first row, the header, each cell's lines one name), or None when it
    cannot be read row by row. ``table``: each row's cells, each cell's lines.

    A row whose every line break is a wrap (``_cell_lines``) is one row; else cells of as many lines each are as
    many rows (a body ruled only around it, "2021" over "2022"), their wrapped lines joined if that makes them as
    many. Not read (None): fewer than two columns, or cells of different numbers of lines either way (a body of
    one tall cell a column: its lines stay prose, as they were). A table of one row is read only as the rest of
    one on the page before (``_Table.rows``)."""
    if not table or max(len(row) for row in table) < 2:
        return None
    rows: list[list[str]] = [[" ".join(text for text, _ in cell) for cell in table[0]]]
    for row in table[1:]:
        lines = [[text for text, _ in cell] for cell in row]
        joined = [_joined(cell) for cell in row]
        if all(len(cell) <= 1 for cell in joined):
            lines = joined
        elif len({len(cell) for cell in lines if cell}) > 1:
            lines = joined
            if len({len(cell) for cell in lines if cell}) > 1:
                return None
        height = max((len(cell) for cell in lines), default=1)
        rows += [[cell[i] if len(cell) == height else "" for cell in lines] for i in range(height)]
    return rows


def _joined(cell: list[CellLine]) -> list[str]:
    """A cell's lines, each wrapped line joined to the one it goes on."""
    out: list[str] = []
    for text, wraps in cell:
        if wraps and out:
            out[-1] += " " + text
        else:
            out.append(text)
    return out


TABLE_RULES = 4
"""The fewest lines and rectangles a page draws for a ruled table to be looked for on it."""


@dataclass(frozen=True)
class _Table:
    """A ruled table of a page, read row by row (``tables.row_text``) under its first row, or under the header of
    the table it goes on from (``continued``)."""

    box: Box
    columns: tuple[float, ...]
    """Its columns' left edges and its right edge."""
    grid: list[list[str]]
    bold: tuple[bool, bool]
    """Whether its first row is wholly bold, and its second."""
    continued: _Table | None = None

    @property
    def form(self) -> bool:
        """A form of two columns, a label and its value a row, its first row too (``tables.reads_as_form``)."""
        return self.continued is None and not self.bold[0] and reads_as_form(self.grid)

    @property
    def header(self) -> list[str]:
        if self.continued is not None:
            return self.continued.header
        return [] if self.form else self.grid[0]

    @property
    def rows(self) -> list[str]:
        body = self.grid if self.continued is not None or self.form else self.grid[1:]
        return [text for row in body if (text := row_text(self.header, row))]

    def goes_on_from(self, last: _Table) -> bool:
        """Whether this table, the first thing on its page, goes on from ``last``, the last thing on the page
        before: it is ruled at the same columns, and its first row is set as ``last``'s rows are, not as the
        header it does not repeat (``last``'s header is wholly bold, its rows are not). Why: a trustees' table
        split over two pages (reportlab repeats no header unless told to) read its second part under that part's
        first row ("Chair of Trustees: Treasurer; Dr Margaret Okonjo-Hale: Fiona Achterberg"). A table under a
        header set as its rows are stays as it was: nothing tells it from a table of its own."""
        first = last
        while first.continued is not None:
            first = first.continued
        return (
            first.bold == (True, False)
            and not self.bold[0]
            and len(self.columns) == len(last.columns)
            and all(abs(a - b) <= COLUMN_SLACK for a, b in zip(self.columns, last.columns, strict=True))
        )


COLUMN_SLACK = 3.0
"""How far apart (in points) two tables' rules may be for their columns to be the same."""


def _tables_of(page: Any, ansi_fonts: frozenset[str]) -> list[_Table]:
    """The ruled tables of a pdfplumber page that may read row by row (``_Table.rows``)."""
    from pdfminer.layout import LTCurve

    found: list[_Table] = []
    if sum(isinstance(element, LTCurve) for element in page.layout) < TABLE_RULES:
        return found  # no ruling to find a table by (pdfminer's lines and rectangles are curves): reading every
        # glyph as pdfplumber's objects to find none cost as much as laying the page out
    for table in page.find_tables():
        cells, bold = [], []
        for row in table.rows:
            row_chars = [char for char in page.chars if _holds(row.bbox, char)]
            held = [[c for c in row_chars if _holds(cell, c)] for cell in row.cells]
            if held and row.cells[-1] is not None:
                beyond = (table.bbox[2], row.bbox[1], float("inf"), row.bbox[3])  # off the page too, as pdfminer reads
                held[-1] += _running_on(held[-1], [char for char in page.chars if _holds(beyond, char)])
            cells.append([_cell_lines(chars, cell, ansi_fonts) for chars, cell in zip(held, row.cells, strict=True)])
            shown = [c for c in row_chars if c["text"].strip()]
            bold.append(bool(shown) and all(_BOLD.search(_font_name(c["fontname"])) for c in shown))
        grid = _grid(cells)
        if grid is None:
            continue
        edges = (*(column.bbox[0] for column in table.columns), table.bbox[2])
        found.append(_Table(tuple(table.bbox), edges, grid, (bold[0], len(bold) > 1 and bold[1])))
    return found


def _running_on(chars: list[dict[str, Any]], beyond: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The glyphs of ``beyond`` (right of a table's last column, in a row's height) that go on a line of the
    cell's ``chars``: each on that line's baseline, as near the glyph before it as a space is wide. Why: a cell's
    text a typesetter does not wrap runs past the table's right rule (reportlab's plain strings), and read within
    the cell only, a decision notice's proposal lost its last words ("... with" for "... with outdoor seating
    area"). Text beside the table, a column of its own, is left to be read as it was."""
    taken: list[dict[str, Any]] = []
    for char in sorted(beyond, key=lambda c: c["x0"]):
        line = [c for c in chars + taken if abs(c["bottom"] - char["bottom"]) < 0.2 * char["size"]]
        last = max(line, key=lambda c: c["x1"], default=None)
        if last is not None and char["x0"] >= last["x0"] and char["x0"] - last["x1"] <= 0.5 * char["size"]:
            taken.append(char)
    return taken


def _holds(box: Box | None, char: dict[str, Any]) -> bool:
    """Whether a box holds the middle of a pdfplumber glyph, as pdfplumber places a glyph in a table's cell."""
    if box is None:
        return False
    x, y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
    return box[0] <= x < box[2] and box[1] <= y < box[3]


def _cell_lines(chars: list[dict[str, Any]], cell: Box | None, ansi_fonts: frozenset[str]) -> list[CellLine]:
    """A table cell's lines of text, each marked whether the cell's width broke the text before it.

    A line broke there when the next line's first word would not have fitted at its end, the cell's padding
    (its text's inset from the left rule) kept on the right too: the typesetter wrapped the text ("Relief of
    wheeze or" over "breathlessness"). Short lines that would have fitted on one are lines of their own, as the
    rows of a body ruled only around it are ("2021" over "2022")."""
    from pdfplumber.utils import chars_to_textmap

    if cell is None or not chars:
        return []
    lines = chars_to_textmap(chars).extract_text_lines(return_chars=True)
    inset = min(line["x0"] for line in lines) - cell[0]
    out: list[CellLine] = []
    previous: dict[str, Any] | None = None
    for line in lines:
        text = line["text"]
        for char in line["chars"]:
            if _UNDEFINED_GLYPH.fullmatch(char["text"]):
                text = text.replace(char["text"], _glyph(char["text"], char["fontname"], ansi_fonts), 1)
        text = " ".join(clean_glyphs(text).split())
        if text:
            out.append((text, previous is not None and _wrapped(previous, line, cell[2] - inset)))
            previous = line
    return out


def _wrapped(line: dict[str, Any], following: dict[str, Any], right: float) -> bool:
    """Whether the first word of the pdfplumber line ``following`` would have overrun ``right`` set after
    ``line``'s end (``_overruns``): the line was wrapped there."""
    first = following["text"].split()[0]
    chars = following["chars"][: len(first)]
    if not chars:
        return False
    return _overruns(line["x1"], (chars[0]["x0"], chars[-1]["x1"], chars[0]["size"]), right)


def _overruns(end: float, word: tuple[float, float, float], right: float) -> bool:
    """Whether ``word`` (its left, its right and its type size) set after a line ending at ``end``, with a space
    between (a quarter of the type size), would have overrun ``right``: a typesetter filling lines broke the line
    before the word.

    >>> _overruns(500.0, (72.0, 112.0, 14.0), 523.0), _overruns(300.0, (72.0, 112.0, 14.0), 523.0)
    (True, False)
    """
    left, x1, size = word
    return end + 0.25 * size + (x1 - left) > right


def _broke(line: Any, following: Any, page_lines: list[Any]) -> bool:
    """Whether the typesetter broke the pdfminer line ``line`` before ``following``, the next line of its box: the
    first word of ``following`` would have overrun the right edge of ``line``'s column (``_overruns``), the farthest
    the other lines of the page starting where it starts reach. Why: a heading too long for the page ("Question 2:
    Are you prepared to take part in action short of a" over "strike?") is one heading, two short lines stacked in
    one type ("Buses and Trams in Ashcombe" over "Version 7.2") are two. A line fewer than ``COLUMN_LINES`` others
    start with is judged so only when it and ``following`` are centred in the page's text column (``_frame``), as a
    title's style sets them: the line, as wide as that column at most, would not have held the word ("Hazel Dormouse
    Monitoring at Pennock Wood:" over "2025 Report"). Else not known (False), as for lines centred on no column
    ("Xavier Leroy" over "INRIA Rocquencourt" on a title page, one of them starting where the date under them does)."""
    from pdfminer.layout import LTChar

    column = [other.x1 for other in page_lines if other is not line and abs(other.x0 - line.x0) <= COLUMN_SLACK]
    word: list[Any] = []
    for item in following:
        if not isinstance(item, LTChar) or not item.get_text().strip():
            if word:
                break
            continue
        word.append(item)
    if not word:
        return False
    set_word = (word[0].x0, word[-1].x1, word[0].size)
    if len(column) >= COLUMN_LINES:
        return _overruns(line.x1, set_word, max(column))
    frame = _frame(page_lines)
    if frame is None or not (_centred(line, frame) and _centred(following, frame)):
        return False
    return _overruns(line.x1, set_word, line.x0 + frame[1] - frame[0])


def _frame(page_lines: list[Any]) -> tuple[float, float] | None:
    """The left and right edges of a page's text column: where most of its pdfminer lines start, and the farthest
    those lines reach; None when fewer than ``COLUMN_LINES`` lines start there."""
    if not page_lines:
        return None
    left = Counter(round(line.x0) for line in page_lines).most_common(1)[0][0]
    starting = [line.x1 for line in page_lines if abs(line.x0 - left) <= COLUMN_SLACK]
    return (left, max(starting)) if len(starting) >= COLUMN_LINES else None


def _centred(line: Any, frame: tuple[float, float]) -> bool:
    """Whether a pdfminer line is centred in ``frame`` (``_frame``) and does not start at its left edge.

    >>> class Line: x0, x1 = 97.1, 498.2
    >>> _centred(Line, (78.0, 515.1)), _centred(Line, (97.0, 515.1))
    (True, False)
    """
    left, right = frame
    return line.x0 > left + COLUMN_SLACK and abs((line.x0 + line.x1) / 2 - (left + right) / 2) <= CENTRE_SLACK


CENTRE_SLACK = 8.0
"""How far (in points) a centred line's middle may lie from its column's middle as found (``_frame``): the farthest
line of ragged text falls short of the column's right edge by part of a word, which moves the middle found left."""


COLUMN_LINES = 3
"""The fewest other lines starting where a line starts for its column's right edge to be known (``_broke``)."""


def _inside(box: Box, height: float, tables: list[_Table]) -> int | None:
    """The index of the table whose box holds the middle of a pdfminer line's box (x0, y0, x1, y1 from the page's
    bottom), or None."""
    x, y = (box[0] + box[2]) / 2, height - (box[1] + box[3]) / 2
    return next(
        (
            i
            for i, table in enumerate(tables)
            if table.box[0] <= x <= table.box[2] and table.box[1] <= y <= table.box[3]
        ),
        None,
    )


def _continued(tables: list[_Table], last: _Table | None, page: Any) -> tuple[list[_Table], _Table | None]:
    """A page's tables that read row by row, the first one under the header of ``last`` (the table that ended the
    page before) when it goes on from it (``_Table.goes_on_from``) and nothing but the page's margin is over it;
    and the table that ends this page, nothing but its margin under it, else None."""
    if tables and last is not None:
        first = min(range(len(tables)), key=lambda i: tables[i].box[1])
        head = tables[first]
        if not any(bottom <= head.box[1] for _, bottom in _text_lines(page, tables)) and head.goes_on_from(last):
            tables = [*tables[:first], replace(head, continued=last), *tables[first + 1 :]]
    tables = [table for table in tables if table.rows]
    if not tables:
        return tables, None
    tail = max(tables, key=lambda table: table.box[3])
    return tables, None if any(top >= tail.box[3] for top, _ in _text_lines(page, tables)) else tail


def _text_lines(page: Any, tables: list[_Table]) -> list[tuple[float, float]]:
    """The top and bottom (from the page's top) of a pdfminer page's lines of text outside ``tables`` and the
    page's margins."""
    from pdfminer.layout import LTTextBox

    height = page.height or 1.0
    return [
        (height - line.y1, height - line.y0)
        for element in page
        if isinstance(element, LTTextBox)
        for line in element
        if line.get_text().strip()
        and _inside(line.bbox, height, tables) is None
        and not (height - line.y1 < _MARGIN * height or line.y0 < _MARGIN * height)
    ]


def _lines_of(data: bytes) -> tuple[list[_Line], int]:
    """Every text line of the PDF in reading order, with its font, size and place, and a ruled table's rows (a
    line each) where its first line was; and the number of pages."""
    import pdfplumber
    from pdfminer.layout import LTChar, LTTextBox

    lines: list[_Line] = []
    pages = 0
    box_number = 0
    last: _Table | None = None  # the table that ended the page before
    with pdfplumber.open(io.BytesIO(data), laparams={}) as document:
        for page_number, plumbed in enumerate(document.pages):
            pages += 1
            page = plumbed.layout
            height = page.height or 1.0
            ansi_fonts = _ansi_fonts(plumbed)
            tables, last = _continued(_tables_of(plumbed, ansi_fonts), last, page)
            placed: set[int] = set()
            read: list[tuple[_Line, tuple[float, float]]] = []  # the page's lines, each with its left and right
            page_lines = [
                line
                for element in page
                if isinstance(element, LTTextBox)
                for line in element
                if line.get_text().strip() and _inside(line.bbox, height, tables) is None
            ]
            for element in page:
                if not isinstance(element, LTTextBox):
                    continue
                box_number += 1
                before: Any = None  # the box's last line read
                for line in element:
                    inside = _inside(line.bbox, height, tables)
                    if inside is not None:
                        before = None
                        if inside not in placed:
                            placed.add(inside)
                            box_number += 1
                            table = tables[inside]
                            top = table.box[1] / height
                            read += [
                                (
                                    _Line(row, page_number, box_number, top, 0.0, "", False, False, False, "table"),
                                    (table.box[0], table.box[2]),
                                )
                                for row in table.rows
                            ]
                        continue
                    glyphs = [
                        (item, _glyph(item.get_text(), getattr(item, "fontname", ""), ansi_fonts)) for item in line
                    ]
                    chars = [c for c, glyph in glyphs if isinstance(c, LTChar) and glyph.strip()]
                    text = " ".join(clean_glyphs("".join(glyph for _, glyph in glyphs)).split())
                    if not chars or not text:
                        continue
                    fonts = Counter(_font_name(c.fontname) for c in chars)
                    sizes = Counter(round(c.size, 1) for c in chars)
                    read.append(
                        (
                            _Line(
                                text=text,
                                page=page_number,
                                box=box_number,
                                top=(height - line.y1) / height,
                                size=sizes.most_common(1)[0][0],
                                font=fonts.most_common(1)[0][0] if len(fonts) == 1 else "",
                                bold=all(_BOLD.search(_font_name(c.fontname)) for c in chars),
                                mono=all(_MONO.search(_font_name(c.fontname)) for c in chars),
                                in_margin=height - line.y1 < _MARGIN * height or line.y0 < _MARGIN * height,
                                wraps=before is not None and _broke(before, line, page_lines),
                            ),
                            (line.x0, line.x1),
                        )
                    )
                    before = line
            lines += _tables_placed(read)
    body = _body_size([kept for kept in lines if kept.kind != "table"])
    for row in lines:
        if row.kind == "table":  # in the body's size: a row is neither small print nor a heading
            row.size = body
    return lines, pages


def _tables_placed(read: list[tuple[_Line, tuple[float, float]]]) -> list[_Line]:
    """A page's lines, each with its left and right edge, in reading order, with each table's rows (read where its
    first line came in pdfminer's order) before the first line of the page under the table's top in its column
    (``_column``); where they were when there is none. Why: pdfminer orders a page's text boxes, not its tables,
    and gave a programme's headings "Soloists" and "Running order" before both tables' cells, set in from the
    margin: the soloists' table was read under "Running order" (testers' bb75).

    >>> def line(text, top, kind="prose"): return _Line(text, 0, 1, top, 10.0, "", False, False, False, kind)
    >>> read = [(line("A", 0.1), (72, 120)), (line("B", 0.5), (72, 500)), (line("row", 0.2, "table"), (150, 400))]
    >>> [placed.text for placed in _tables_placed(read)]
    ['A', 'row', 'B']
    """
    out = list(read)
    for box in dict.fromkeys(line.box for line, _ in read if line.kind == "table"):
        rows = [entry for entry in out if entry[0].box == box and entry[0].kind == "table"]
        rest = [entry for entry in out if not (entry[0].box == box and entry[0].kind == "table")]
        top = rows[0][0].top
        left, right = _column(rows[0][1], [edges for line, edges in rest if not line.in_margin])
        under = next(
            (
                index
                for index, (line, (x0, x1)) in enumerate(rest)
                if line.kind != "table" and line.top > top and x0 < right and x1 > left
            ),
            None,
        )
        if under is not None:
            out = [*rest[:under], *rows, *rest[under:]]
    return [line for line, _ in out]


def _column(table: tuple[float, float], lines: list[tuple[float, float]]) -> tuple[float, float]:
    """The left and right edges of the column a table stands in: its own widened to the page's lines that reach
    over or under it (each line's left and right), so that a heading set left of a table set in from the margin is
    of its column, and the other column of a page of two is not.

    >>> _column((190.0, 410.0), [(72.0, 130.0), (72.0, 515.0)]), _column((320.0, 540.0), [(72.0, 290.0)])
    ((72.0, 515.0), (320.0, 540.0))
    """
    left, right = table
    over = [(x0, x1) for x0, x1 in lines if x0 < table[1] and x1 > table[0]]
    return min([left, *(x0 for x0, _ in over)]), max([right, *(x1 for _, x1 in over)])


def _furniture(lines: list[_Line], pages: int) -> set[int]:
    """Indexes of the lines that are page furniture: a running head or foot (the same line, numbers aside, in a
    margin of at least two pages and a third of them), a page number in a margin, a column of bare numbers (a
    table of contents' page references)."""

    def key(line: _Line) -> str:
        return re.sub(r"\d+", "#", line.text.casefold())

    pages_of: dict[str, set[int]] = {}
    for line in lines:
        if line.in_margin:
            pages_of.setdefault(key(line), set()).add(line.page)
    repeated = {k for k, seen in pages_of.items() if len(seen) >= max(2, pages / 3)}
    repeated |= {key(line) for line in _second_page_head(lines, pages)}
    numbers: dict[int, list[int] | None] = {}  # each box's numbers, None once a line is not one
    for line in lines:
        found = numbers.get(line.box, [])
        bare = _BARE_NUMBER.match(line.text)
        numbers[line.box] = found + [int(re.sub(r"\D", "", line.text))] if found is not None and bare else None
    references = {box for box, found in numbers.items() if found and _page_references(found, pages)}
    drop = set()
    for index, line in enumerate(lines):
        if line.in_margin and (key(line) in repeated or _PAGE_NUMBER.match(line.text)):
            drop.add(index)
        elif line.box in references:
            drop.add(index)
    return drop


def _second_page_head(lines: list[_Line], pages: int) -> list[_Line]:
    """The running head of a file of two pages, which sets it on its second page only: the line atop that page, in
    its top margin, set smaller than the body text; none for any other file (a running head repeats there).

    Why: a two-page conditions of carriage set "BTA Conditions of Carriage - Version 7.2" in 8 pt atop its second
    page; seen on one page, it was no running head, and set in a font the body seldom uses it opened a section
    that swallowed the heading of the one running on from the page before ("5. Animals"). A small line at the foot
    of that page stays: there it may be a footnote, text the file says once."""
    if pages != 2:
        return []
    second = [line for line in lines if line.page == 1 and line.kind != "table"]
    if not second:
        return []
    top = min(second, key=lambda line: line.top)
    body = _body_size(lines)
    small = top.size < body - 0.5
    return [top] if top.in_margin and top.top < _MARGIN and small and top.text[-1] not in ".!?" else []


PAGE_SLACK = 10
"""How far past the last page a number may go and still be a page reference (a front matter numbered apart)."""


def _page_references(numbers: list[int], pages: int) -> bool:
    """Whether a box of bare numbers reads as a contents page's page references: pages of the file, in order. Not
    a table's column of figures ("5400", "7125", "8810"; "2021", "2022"), which were dropped with them."""
    return all(n <= pages + PAGE_SLACK for n in numbers) and numbers == sorted(numbers)


def _body_size(lines: list[_Line]) -> float:
    """The size of the body text: the one most glyphs are set in."""
    weight: Counter[float] = Counter()
    for line in lines:
        weight[line.size] += len(line.text)
    return weight.most_common(1)[0][0] if weight else 0.0


def _classify(lines: list[_Line], body_size: float) -> None:
    """Mark each line heading, code or prose, against the body text's size and font (those of most glyphs).

    A heading is short, does not open with a bracket or a bullet, and does not end as a sentence or clause does
    ("What is COM?" may): set larger than the body, or wholly in bold, or wholly in a font the body seldom uses
    over a line that opens a sentence (an italic word in a grammar, "ident", is no heading). A heading wrapped at
    the column's width (``_wrapped_lines``) is judged whole, its length by its lines: its first line, full, was
    too long for a heading of one line, and its last word alone was the heading."""
    font_weight: Counter[str] = Counter()
    for line in lines:
        font_weight[line.font] += len(line.text)
    total = sum(font_weight.values())
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.mono:
            line.kind = "code"
            index += 1
            continue
        count = _wrapped_lines(lines, index)
        heading = lines[index : index + count]
        index += count
        text = " ".join(part.text for part in heading)
        words = text.split()
        following = lines[index].text if index < len(lines) else ""
        if count > HEADING_LINES or len(words) > HEADING_WORDS * count:
            continue
        if text[-1] in ".,;:" or not any(c.isalpha() for c in text):
            continue
        if text[0] in "([<*•":
            continue  # a note set apart in its own type ("(issue 486)", "[see below]") or an item: text, not a heading
        larger = line.size >= body_size * 1.12
        rare_font = bool(line.font) and font_weight[line.font] < 0.05 * total and len(words) >= 2
        if larger or (line.bold and not following[:1].islower()) or (rare_font and following[:1].isupper()):
            for part in heading:
                part.kind = "heading"


HEADING_WORDS = 12
"""The most words of a heading's line."""
HEADING_LINES = 3
"""The most lines a heading wraps over; a longer paragraph in a heading's type is text (a lead paragraph)."""


def _wrapped_lines(lines: list[_Line], index: int) -> int:
    """How many lines from ``lines[index]`` are one paragraph in one type: it and the lines of its box that go on
    where the typesetter broke the line before them (``_Line.wraps``), in its size and font.

    >>> first = _Line("Question 2: Are you prepared to take part in action short of a", 0, 5, 0.5, 14, "B", 1, 0, 0)
    >>> _wrapped_lines([first, replace(first, text="strike?", wraps=True), replace(first, text="Yes")], 0)
    2
    """
    end = index + 1
    while end < len(lines) and lines[end].wraps and _same_type(lines[end - 1], lines[end]):
        end += 1
    return end - index


def _same_type(previous: _Line, line: _Line) -> bool:
    """Whether two lines are of one box and set in one type (size, font, weight, monospacing)."""
    return (previous.box, previous.size, previous.font, previous.bold, previous.mono) == (
        line.box,
        line.size,
        line.font,
        line.bold,
        line.mono,
    )


def _without_contents(lines: list[_Line]) -> list[_Line]:
    """``lines`` without a table of contents: from a heading "Contents" to the next heading as large."""
    out: list[_Line] = []
    skipping: _Line | None = None
    for line in lines:
        if skipping is not None:
            if line.kind == "heading" and line.size >= skipping.size and line.page <= skipping.page + 3:
                skipping = None
            elif line.page <= skipping.page + 3:
                continue
            else:
                skipping = None
        if line.kind == "heading" and line.text.casefold().strip() in _CONTENTS:
            skipping = line
            continue
        out.append(line)
    return out


_NOTICES = frozenset("note notice tip hint important caution warning danger attention".split())
"""The labels of the notes and safety notices manuals set in boxes (ANSI Z535's and ISO 3864's signal words among
them): "WARNING" over "Never run the engine in a closed garage."."""


def _notices_led(lines: list[_Line]) -> list[_Line]:
    """``lines`` with each notice's label ("WARNING", "Note") leading the text under it ("Warning: Never run the
    engine in a closed garage."), as admonitions read in every format. Why: set in bold over its box, the label was
    a heading: each box opened a section named "WARNING", and its passage lost the section it belongs to ("7.4
    Changing a wheel")."""
    out: list[_Line] = []
    for index, line in enumerate(lines):
        label = line.text.rstrip(":!").strip()
        under = lines[index + 1] if index + 1 < len(lines) else None
        if (
            line.kind == "heading"
            and label.casefold() in _NOTICES
            and under is not None
            and under.kind == "prose"
            and under.page == line.page
            and not under.text.startswith(BULLET)
        ):
            under.text = f"{label.capitalize()}: {under.text}"
            continue
        out.append(line)
    return out


def _signatures(lines: list[_Line], body_size: float) -> list[_Line]:
    """``lines`` with each signature, a name over its role and/or its day, as one line of text: "Dr Margaret
    Okonjo-Hale, Chair of Trustees, 21 September 2023".

    Why: a chair's foreword ends with the chair's name in italic over "Chair of Trustees" and the day; the name, a
    short line in a rare font over a capitalised one, was a heading, the section it opened held "Chair of Trustees
    21 September 2023" alone, and no sentence said who the chair is or who signed the foreword. A signature is a
    name alone on its line (``headers.signatory``, as a letter's signatory is read) set no larger than the body,
    after the section's text, with a role and/or a date line under it (``headers.signs_as``), and ending the
    section (the next line is a heading, or none) or closing a letter (a valediction above it: a P.S. may
    follow)."""
    out: list[_Line] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        count = _signature_at(lines, index, body_size)
        if count:
            parts = [part.text for part in lines[index : index + count]]
            line = replace(line, text=", ".join(parts), kind="prose")
        out.append(line)
        index += max(count, 1)
    return out


def _signature_at(lines: list[_Line], index: int, body_size: float) -> int:
    """How many lines the signature opening at ``lines[index]`` takes (``_signatures``), or 0 when it is none: its
    name, or its labelled day over its name and role (``headers.dates_over_name``: "Dated Friday 10 April 2026" /
    "Margaret Ellison-Pryce" / "Returning Officer", as statutory notices sign; ``headers.closing_signature`` reads
    plain text's so)."""
    if (
        index + 2 < len(lines)
        and _signs_as(lines[index], lines[index + 1]) == "date"
        and dates_over_name(lines[index].text)
    ):
        named = _named_at(lines, index + 1, body_size, lines[index])
        return named + 1 if named else 0
    return _named_at(lines, index, body_size)


def _named_at(lines: list[_Line], index: int, body_size: float, day: _Line | None = None) -> int:
    """How many lines from the name ``lines[index]`` the signature takes (``_signatures``), or 0 when it is none;
    ``day``: the signature's day, the line over the name, when the name must have a role under it."""
    line = lines[index]
    first = index - 1 if day is not None else index
    before = lines[first - 1] if first else None
    if (
        before is None
        or before.kind != "prose"
        or line.kind not in ("prose", "heading")
        or line.size >= body_size * 1.12
        or signatory(line.text) != line.text
    ):
        return 0
    if (day or line).box == before.box and before.text[-1] not in _SENTENCE_END and not valediction(before.text):
        return 0  # the last line of a paragraph wrapped before a name ("... presented by" over "Dr Jane Smith")
    end = index + 1
    if end < len(lines) and _signs_as(lines[end], line) == "role":
        end += 1
    if day is None and end < len(lines) and _signs_as(lines[end], line) == "date":
        end += 1
    if end == index + 1:
        return 0
    closes = end == len(lines) or lines[end].kind == "heading" or valediction(before.text)
    return end - index if closes or _small_print(lines[end:], body_size) else 0


def _small_print(lines: list[_Line], body_size: float) -> bool:
    """Whether ``lines`` (what follows a signature) are all set smaller than the body: a notice's foot under its
    signature ("Wexcombe District Council, Council Offices, Market Street ..." in 8 pt under 10 pt text), which
    the signature still ends the text above."""
    return bool(lines) and all(line.size < body_size - 0.5 for line in lines)


def _closing_signature(lines: list[_Line], body_size: float) -> tuple[str, str]:
    """The name and the ISO day ("" each when not given) of the signature ending the text (``_signature_at``;
    small print after it aside), or ``("", "")``.

    Why: a decision notice ends with "Rosalind Achterberg" over "Head of Planning and Building Control" and no
    author of its own; "who signed the decision notice" quoted other sentences. A statement of persons nominated
    ended "Dated Friday 10 April 2026" / the returning officer's name / her role, and was dated the day its file was
    built, months later. As a plain-text notice's signature does (``headers.closing_signature``), it signs and dates
    a text that names no author and no day."""
    end = len(lines)
    while end and _small_print(lines[end - 1 : end], body_size):
        end -= 1
    for index in range(max(end - 3, 0), end):
        if _signature_at(lines, index, body_size) == end - index:
            signed = [line.text for line in lines[index:end]]
            dated = [found.text for text in signed if signs_as(text) == "date" and (found := read_date_line(text))]
            name = next(text for text in signed if signs_as(text) != "date")
            return signatory(name), next((day for text in dated if (day := normalize_date(text))), "")
    return "", ""


def _signs_as(line: _Line, name: _Line) -> str:
    """What a line under a signature's name ``name`` gives: "role" ("Chair of Trustees", "Headteacher, Hollybrook
    Primary"), "date" ("21 September 2023"), or "" when it is neither or is set apart from the name."""
    if line.page != name.page or line.kind not in ("prose", "heading"):
        return ""
    return signs_as(line.text)


def _joins(previous: _Line, line: _Line) -> bool:
    """Whether ``line`` goes on the paragraph ``previous`` ended: the same text box, or a sentence left open
    that the next box in the same type size (the next column or page) goes on. A line opening with its only
    bullet is a list item of its own (items set close together share a box); bullets set between the words ("a
    • b • c") separate them, and a line may open with one."""
    if (
        previous.kind != "prose"
        or line.kind != "prose"
        or (line.text.startswith(BULLET) and line.text.count(BULLET) == 1)
    ):
        return False
    if previous.box == line.box:
        return not _dated_line_ends(previous.text, line.text)
    same_size = abs(previous.size - line.size) < 0.5
    return same_size and previous.text[-1] not in _SENTENCE_END and continues(previous.text, line.text, None)


def _dated_line_ends(line: str, following: str) -> bool:
    """Whether ``line`` ends on the day it says is the document's ("Effective from 1 March 2024", "Issued 1 July
    2024") and ``following`` opens a sentence: a title block's line set in the box of the paragraph under it, which
    read as one sentence with it ("Issued 1 July 2024 Vet fees are covered ...")."""
    return following[:1].isupper() and ends_on_its_day(line) != ""


def _wraps_heading(previous: _Line, line: _Line) -> bool:
    """Whether ``line`` is the rest of the heading ``previous`` began: a heading of the same box and size; or the
    rest of a title block's line wrapped at the column's width (``_Line.wraps``), in its type (a subtitle too long
    for the page: "Federated Union of Public Employees (FUPE): Brackenford City Branch -" over "Industrial Action
    Ballot" was two paragraphs). The block's lines stacked in one box are each a paragraph of its own ("Sofia
    Lindqvist" over "27 June 2024")."""
    if previous.kind == line.kind == "field":
        return line.wraps and _same_type(previous, line)
    return previous.kind == line.kind == "heading" and previous.box == line.box and previous.size == line.size


def _dehyphenate(first: str, second: str, vocabulary: set[str]) -> str | None:
    """The join of a line ending in a hyphenated word part with the next line, the hyphen dropped ("com-" +
    "mands") unless the document spells the word with it and never without ("third-" + "party"); None when the
    line does not end so."""
    head = re.search(r"([A-Za-z]+)-$", first)
    tail = re.match(r"([a-z]+)", second)
    if head is None or tail is None:
        return None
    joined = (head.group(1) + tail.group(1)).casefold()
    hyphenated = f"{head.group(1)}-{tail.group(1)}".casefold()
    if hyphenated in vocabulary and joined not in vocabulary:
        return first + second
    return first[:-1] + second


class _Writer:
    """Lays lines out as text: prose joined into paragraphs, headings and code on lines of their own; keeps where
    each page starts and where each heading is."""

    def __init__(self, pages: int, vocabulary: set[str]) -> None:
        self.text = ""
        self.page_starts = [-1] * pages
        self.headings: list[tuple[str, int]] = []
        self.previous: _Line | None = None
        self.vocabulary = vocabulary

    def add(self, line: _Line) -> None:
        previous = self.previous
        if previous is not None and _wraps_heading(previous, line):
            if line.kind == "heading":
                heading, offset = self.headings[-1]
                self.headings[-1] = (heading + " " + line.text, offset)
            self.text += " " + line.text
        elif previous is not None and _joins(previous, line):
            tail = _dehyphenate(self.text[-64:], line.text, self.vocabulary)
            self._page(line, len(self.text) + (0 if tail is not None else 1))
            self.text = self.text[:-64] + tail if tail is not None else self.text + " " + line.text
        else:
            if self.text:
                code = previous is not None and previous.kind == "code" and line.kind == "code"
                self.text += "\n" if code else "\n\n"
            self._page(line, len(self.text))
            if line.kind == "heading":
                self.headings.append((line.text, len(self.text)))
            self.text += (CODE_INDENT + line.text) if line.kind == "code" else line.text
        self.previous = line

    def _page(self, line: _Line, offset: int) -> None:
        if self.page_starts[line.page] < 0:
            self.page_starts[line.page] = offset

    def starts(self) -> tuple[int, ...]:
        """Where each page starts; a page without text starts where the text after it does."""
        starts = list(self.page_starts)
        following = len(self.text)
        for number in range(len(starts) - 1, -1, -1):
            if starts[number] < 0:
                starts[number] = following
            following = starts[number]
        return tuple(starts)


@dataclass(frozen=True)
class TitlePage:
    """What a first page's title block says: the title (its largest heading), and the author and date set in
    short lines under it, as reports, papers and manuals set them ("Jane Roe", "12 March 2021"), or the day the
    title or the paragraph under it names among other words (minutes: "held on 28/01/25 at 6.30pm in ...")."""

    title: str = ""
    author: str = ""
    published_at: str = ""


@dataclass(frozen=True)
class Layout:
    """A PDF's laid-out text, its sections, where each page starts in the text, its title block, the day or month
    its text says it was last revised ("This leaflet was last revised in May 2023"; ``dates.revision_day``), and
    the day its closing signature gives."""

    text: str
    sections: tuple[Section, ...]
    page_starts: tuple[int, ...]
    head: TitlePage
    revised: str = ""
    signed: str = ""


def _paragraphs(lines: list[_Line]) -> list[str]:
    """The text of each paragraph (a box's lines) outside tables, for the rules that read paragraphs of their own
    (``dates.last_revision``, ``headers.minutes_by``)."""
    paragraphs: list[list[_Line]] = []
    for line in lines:
        if line.kind == "table":
            continue
        if paragraphs and paragraphs[-1][-1].box == line.box:
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
    return [" ".join(line.text for line in paragraph) for paragraph in paragraphs]


_AFFILIATION_MARK = re.compile(r"(?<=[a-zà-ÿ])(?:\d{1,2}(?:,\d{1,2})*|[*†‡§¶]+)")
_AFFILIATION = re.compile(r"\b(?:University|Institute|Department|Faculty|College|Laboratory|School|Cent(?:er|re))\b")
"""A line of the authors' institutions under their names, which the paper's date may follow."""
_NAME_LIST = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*")


def _authors(line: str) -> str:
    """A paper's author line ("Ilse Vanderberg1, Tomasz Kowalczyk2, Aiko Mori1", "A. Roe* and B. Lund†") as
    names without their affiliation marks ("Ilse Vanderberg, Tomasz Kowalczyk and Aiko Mori"), or "" when the line
    is not two or more names, each of two to four capitalised words; a job title is none ("Tom Hendry, Pharmacy
    Manager" is one name)."""
    names = [n.strip() for n in _NAME_LIST.split(_AFFILIATION_MARK.sub("", line)) if n.strip() and not is_role(n)]
    if len(names) < 2 or not all(
        2 <= len(n.split()) <= 4 and all(w[:1].isupper() for w in n.split()) and looks_like_name(n) for n in names
    ):
        return ""
    return f"{', '.join(names[:-1])} and {names[-1]}"


TITLE_BLOCK_WORDS = 12
"""The most words of a title block's line that is a paragraph of its own ("Model year 2024 — 1.5 T-GDi petrol and
1.5 T-GDi mild hybrid", a publisher's address); a longer line, or the first line of a paragraph that wraps, is body
text when it has more than six."""


@dataclass
class _Block:
    """What the short lines under a title say: its author, its day, a month or season alone ("May 2024"), and the
    index of the line the block ends at."""

    author: str = ""
    named: bool = False
    """The author is a name alone on its line ("Harrowfield Libraries" under the title: maybe an organisation's), no
    byline's: a byline after it ("Issued 1 September 2026 by Marcus Ellery, ...") names the author instead."""
    published_at: str = ""
    effective: bool = False
    """The day is the one the document takes effect ("Version 7.2 - effective from 1 April 2026"): a day it was
    issued or published on, under it, dates it instead."""
    period: str = ""
    stop: int = 0

    def name(self, author: str, byline: bool) -> None:
        """Take ``author`` unless an author is known already; one a byline names replaces a name alone."""
        if not self.author or (self.named and byline):
            self.author, self.named = author, not byline

    def day(self, day: str, line: str, updated: bool) -> None:
        """Take ``day``, which ``line`` names, unless a day is known already; one it was issued or published on
        replaces the day it takes effect (not the day it was last ``updated``: "Effective Date: 1 April 2025" over
        "Last updated: 14 March 2025" is a policy of 1 April, as it was)."""
        effective = _EFFECTIVE.search(line) is not None
        if day and (not self.published_at or (self.effective and not effective and not updated)):
            self.published_at, self.effective = day, effective


_EFFECTIVE = re.compile(r"\beffective\b", re.IGNORECASE)


def _title_page(lines: list[_Line], body_size: float, own_title: str = "") -> TitlePage:
    """The first page's title (its largest heading lines, in the page's upper half) and the author and date of
    the short lines right under it, up to the first heading that is neither; those lines are fields, each a
    paragraph of its own (not headings that would open sections, nor one sentence: "Sofia Lindqvist 27 June
    2024"). A subtitle naming the day ("Minutes of the meeting held on 9 December 2025 at 7.30pm in the Church
    Hall", in a subtitle's type) is one too: read past as a heading, it left the minutes dated the day the file was
    built. ``own_title``: the file's title property, whose day ("Planning Committee Minutes, 25 March 2025") is
    the title's."""
    first_page = [line for line in lines if line.page == 0 and line.kind == "heading" and line.top < 0.5]
    if not first_page:
        return TitlePage()
    largest = max(line.size for line in first_page)
    title_lines = [line for line in first_page if line.size == largest]
    after = lines.index(title_lines[-1]) + 1
    block = _title_block(lines, after, largest, body_size)
    subtitle = _subtitle(lines, after, largest) if block.stop == after else 0
    if subtitle:  # the block goes on under it when its lines are the block's, or a subtitle names its day
        under = _title_block(lines, after + subtitle, largest, body_size)
        if under.author or under.published_at or under.period or _opening_day(lines, after, under.stop):
            block = under
    for line in lines[after : block.stop]:
        line.kind = "field"
    title = " ".join(line.text for line in title_lines)
    named = title_block_day(own_title) or title_block_day(title)
    title = titled_under(title, _paragraph_under(lines, after)) or title  # "<organisation>: Conditions of Hire"
    published_at = block.published_at or named or _opening_day(lines, after, block.stop)
    month = block.period or _opening_day(lines, after, block.stop, title_block_month)
    return TitlePage(title, block.author, published_at or month or _dated_under(lines, block.stop, body_size))


def _paragraph_under(lines: list[_Line], index: int) -> str:
    """The text of the paragraph at ``lines[index]``, right under the title on the first page (a subtitle, or a
    paragraph in the body's type: its lines those of one box, in one type), when it may say what the document is
    (``headers.titled_under``): no longer than a title block's line (``dates.TITLE_BLOCK_CHARS``) and not ending as
    a sentence does; "" otherwise. Why: a village hall's minutes set "Minutes of the Trustees' Meeting held on ..."
    in the body's type under the trust's name, the title, and were titled by the name alone, as its conditions of
    hire were (testers' bb76, 3.)."""
    if index >= len(lines) or lines[index].page != 0 or lines[index].kind == "table":
        return ""
    first = lines[index]
    paragraph = [first]
    for line in lines[index + 1 :]:
        if line.page != 0 or line.box != first.box or line.size != first.size or line.kind == "table":
            break
        paragraph.append(line)
    text = " ".join(line.text for line in paragraph)
    return "" if len(text) > TITLE_BLOCK_CHARS or text.endswith((".", "!", "?", ":")) else text


def _dated_under(lines: list[_Line], stop: int, body_size: float) -> str:
    """The day or month of a date line of its own (``_date_line``) right under the heading a title block ends at,
    on the first page: a subtitle set in the sections' type ("St Aldhelm's Church, Wexcombe" over "Adopted by the
    PCC on 14 October 2025", the next heading "1. Statement" in its type) ends the block as the first section's
    heading would, and the policy was dated the day its file was built. "" for none.

    A date line set no larger than the body in a font it seldom uses (``_date_line``: a day, or the month it was
    published, "Published May 2025" in small italic type) was read as a heading, and the annual report under it was
    dated the day its file was built: it dates the document too, a line of the block (a field), not a heading."""
    if stop + 1 >= len(lines) or lines[stop].kind != "heading" or lines[stop].page != 0:
        return ""
    line = lines[stop + 1]
    if line.page != 0:
        return ""
    if line.kind == "heading":
        small = line.size <= body_size and not line.bold and not _wraps_heading(lines[stop], line)
        day = _date_line(line.text) if small else ""
        if day:
            line.kind = "field"
        return day
    alone = (
        stop + 2 >= len(lines) or lines[stop + 2].box != line.box or _dated_line_ends(line.text, lines[stop + 2].text)
    )
    return _date_line(line.text) if line.kind == "prose" and alone else ""


def _title_block(lines: list[_Line], start: int, largest: float, body_size: float) -> _Block:
    """The author and date the short lines from ``start`` give, up to the first line that is body text, small
    print, or a heading that is neither (the first section's). A line set at least in the body's size is no small
    print however large the title (a 24 pt title over a 10 pt "Sofia Lindqvist" and "27 June 2024": it ended the
    block, and the date was lost), nor is a date line (``_date_line``: a day or a month) set smaller still, as a
    brochure sets its "Particulars prepared 18 September 2026" or "Published December 2025" in small italic type (it
    ended the block, and was a heading); a month alone ("May 2024") is the block's period, as a labelled one is a
    header's; a byline after the day ("Issued 27 June 2024 by Marco Bellandi, Technical Services") names the author,
    as it does in an article's head."""
    block = _Block(stop=len(lines))
    for index, line in enumerate(lines[start:], start=start):
        words = line.text.split()
        names = "" if line.bold else _authors(line.text)
        if block.author and line.page == 0 and _AFFILIATION.search(line.text):  # the authors' institutions
            continue
        following = lines[index + 1] if index + 1 < len(lines) else None
        # a paragraph of one line: the next line is another box's, or set in another size (a 13 pt version line over
        # a 9 pt "Issued ..." in its box), or the line ends on the day it says is the document's, which ends its
        # paragraph as the text is written (``_dated_line_ends``: "Version 4 - effective from 1 March 2026" over
        # "Issued 2 February 2026 by ..." in its box and size)
        alone = (
            following is None
            or following.box != line.box
            or following.size != line.size
            or _dated_line_ends(line.text, following.text)
        )
        day_line = date_line_day(line.text)
        if (
            line.page != 0
            or (len(words) > 6 and not names and not (alone and len(words) <= TITLE_BLOCK_WORDS))
            or line.text[-1] in ".!?:"
            or (line.size < min(largest / 2, body_size - 0.5) and not _date_line(line.text))  # a date line set small
            or line.kind == "table"
        ):
            block.stop = index
            break
        date = read_date_line(line.text)
        iso = normalize_date(date.text) if date is not None else None
        dated = iso is not None or title_block_day(line.text) != ""
        # "By Dr James Whitlow": the name, not "By ..."; "Issued 27 June 2024 by Marco Bellandi": after the day
        byline = read_byline(line.text) or (byline_after_date(line.text) if dated else None)
        if byline is not None and byline.author:
            names = byline.author
        # a name, maybe with its role after a comma ("Dr James Whitlow, GP partner")
        name = line.text.split(",")[0]
        capitalised = all(word[0].isupper() for word in name.split()) and not any(c.isdigit() for c in line.text)
        named = 2 <= len(name.split()) <= 4 and capitalised and not line.bold and looks_like_name(name)
        period = read_period_line(line.text) or title_block_month(line.text)  # "May 2024", "Published May 2024"
        by = byline is not None and bool(byline.author)
        if iso is not None or period or day_line:
            block.day(iso or day_line, line.text, date is not None and date.updated)
            block.period = block.period or period
            if byline is not None and by:  # "Posted on 10 October 2023 by Maria Lopez"
                block.name(byline.author, True)
        elif named or names:
            # the first name(s) under the title, without a role after them; an affiliation may follow
            block.name(names or split_name_and_date(line.text)[0], by)
        elif line.kind == "heading":
            block.stop = index
            break  # the first section's heading
    return block


SUBTITLES = 3
"""The most subtitles a title block may set between its title and its author or date (a brochure's address and its
price)."""


def _subtitle(lines: list[_Line], index: int, largest: float) -> int:
    """How many lines the subtitles right under the title take from ``lines[index]`` (headings' wrapped lines too),
    or 0 when there is none: up to ``SUBTITLES`` headings set smaller than the title, each in a type no heading
    after it is set in (a section's heading shares its type with the other sections'), none of them a date line
    (the block's own, a day's or a month's). Why: "Model GP-40" between a title and its "Issued 27 June 2024" ended
    the title block, which lost the date, and opened a section; so did an estate agent's brochure's address (12 pt)
    and price (15 pt bold) over its "Particulars prepared 18 September 2026"; and a season brochure's "Published
    December 2025" in small italic type under its subtitle was read as a second subtitle, the PDF left undated."""
    count = 0
    for _ in range(SUBTITLES):
        at = index + count
        line = lines[at] if at < len(lines) else None
        if line is None or line.kind != "heading" or line.page != 0 or line.size >= largest:
            break
        if _date_line(line.text):
            break
        wrapped = 1
        while (
            at + wrapped < len(lines)
            and _wraps_heading(lines[at + wrapped - 1], lines[at + wrapped])
            and not _date_line(lines[at + wrapped].text)  # the block's date line, set as the subtitle is
        ):
            wrapped += 1
        # a date line in its type is the block's, not a section's ("Version 7.2 - effective from 1 April 2026")
        if any(
            o.kind == "heading" and o.size == line.size and o.font == line.font and not _date_line(o.text)
            for o in lines[at + wrapped :]
        ):
            break
        count += wrapped
    return count


def _date_line(text: str) -> str:
    """What a title block's line that is a date and no more says: its day (``headers.date_line_day``), else the month or
    season it is alone ("November 2025") or ends on after a word saying the month is the document's ("Published
    December 2025"), as written; "" for none.

    >>> _date_line("Published December 2025"), _date_line("Spring 2026"), _date_line("Issued 12 March 2026")
    ('December 2025', 'Spring 2026', '2026-03-12')
    >>> _date_line("Wrenfield Arts Centre - January to April 2026")
    ''
    """
    if day := date_line_day(text):
        return day
    return read_period_line(text) or title_block_month(text) if ENDS_ON_A_YEAR.search(text) else ""


def _opening_day(lines: list[_Line], after: int, stop: int, read: Callable[[str], str] = title_block_day) -> str:
    """The day a title block's lines name among other words (``dates.title_block_day``), else the paragraph that
    ends it: the first page's first prose ("Minutes of the meeting held on 28/01/25 at 6.30pm in the Committee
    Room"), not a section's. ``read``: what is read of each (``dates.title_block_month``: the month it was
    published, "... lesson programme Published December 2025", once no day dates the document)."""
    block: list[str] = []  # each line of the block, a heading wrapped over two read whole ("... held on 9" / "May")
    for index in range(after, stop):
        if block and _wraps_heading(lines[index - 1], lines[index]):
            block[-1] += " " + lines[index].text
        else:
            block.append(lines[index].text)
    for text in block:
        if day := read(text):
            return day
    if stop >= len(lines) or lines[stop].page != 0 or lines[stop].kind != "prose":
        return ""
    paragraph = [lines[stop]]
    for line in lines[stop + 1 :]:
        if line.box != paragraph[0].box or line.kind != "prose" or not _joins(paragraph[-1], line):
            break  # a dated line ends its paragraph: "Effective from 1 March 2024" over the summary in its box
        paragraph.append(line)
    return read(" ".join(line.text for line in paragraph))


def _letter(lines: list[_Line]) -> tuple[str, str]:
    """A letter's subject and the author its signature names ("" each when none), when the PDF is a letter
    (``headers.read_letter``): it greets its reader in its first page's upper half ("Dear Parents and Carers,") and
    closes with a valediction ("Yours sincerely,") and a signature near its end. A subject set as a heading is the
    whole of it, every line of its box (a subject wrapping on to a second line)."""
    opening = next(
        (i for i, line in enumerate(lines) if line.page == 0 and line.top < 0.5 and salutation(line.text)), None
    )
    letter = read_letter([(line.text, line.kind) for line in lines], opening) if opening is not None else None
    if letter is None:
        return "", ""
    if letter.heading is None:
        return letter.subject, letter.signed
    box = lines[letter.heading].box
    return " ".join(other.text for other in lines if other.kind == "heading" and other.box == box), letter.signed


def read_pdf_layout(data: bytes, title: str = "") -> Layout:
    """The PDF's text with headings on lines of their own and paragraphs reflowed, its sections, where each page
    starts in the text, and its title block (``title``: the file's title property, a day it names among other
    words the title's).

    Small print set inside a paragraph that has not ended (a footnote, or a page's foot between the two halves of
    a sentence running on to the next page) is laid out after that paragraph."""
    lines, pages = _lines_of(data)
    drop = _furniture(lines, pages)
    kept = [
        line
        for index, line in enumerate(lines)
        if index not in drop and not _LEADERS.search(line.text) and (line.mono or any(c.isalnum() for c in line.text))
    ]
    body_size = _body_size(kept)
    _classify(kept, body_size)
    kept = _notices_led(_without_contents(kept))
    signer, signed_on = _closing_signature(kept, body_size)
    kept = _signatures(kept, body_size)
    vocabulary = {w.casefold() for line in kept for w in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", line.text)}
    vocabulary |= {part for word in list(vocabulary) for part in word.split("-")}

    head = _title_page(kept, body_size, title)
    subject, signed = _letter(kept)
    paragraphs = _paragraphs(kept)
    # minutes are their taker's before a title page's names, often who was present; the chair only signed them
    author = signed or minutes_by(paragraphs) or head.author or signer
    head = replace(head, title=subject or head.title, author=author)
    writer = _Writer(pages, vocabulary)
    held: list[_Line] = []
    body: _Line | None = None  # the last line set in the body's size
    for line in kept:
        small = line.kind == "prose" and line.size < body_size - 0.5
        open_paragraph = body is not None and body.kind == "prose" and body.text[-1] not in _SENTENCE_END
        if small and (held or open_paragraph) and (body is None or line.box != body.box):
            held.append(line)
            continue
        if held and not (body is not None and writer.previous is body and _joins(body, line)):
            for aside in held:
                writer.add(aside)
            held = []
        writer.add(line)
        if not small:
            body = line
    for aside in held:
        writer.add(aside)
    starts = writer.starts()
    sections = _by_page(writer.text, _sections(writer.text, writer.headings, head.title), starts)
    return Layout(writer.text, sections, starts, head, last_revision(paragraphs), signed_on)


def _sections(text: str, headings: list[tuple[str, int]], title: str) -> tuple[Section, ...]:
    """A section per heading whose body holds text; the text before the first heading is a section under the
    title. Headings in a row but the title ("Version 2.1" over "Copyright 2019") are read as the first
    lines of the last one's body, so their words are indexed too (a chapter's heading over its first sub-heading
    too: left out of the text as Markdown leaves it, it cost the PDF chats' tune half two unanswered turns)."""
    sections: list[Section] = []
    ends = [offset for _, offset in headings] + [len(text) + 2]
    if ends[0] > 0 and text[: ends[0]].strip():
        sections.append(Section(title, 0, max(ends[0] - 2, 0)))
    pending: int | None = None
    for (heading, offset), end in zip(headings, ends[1:], strict=True):
        body = offset + len(heading) + 2
        if body < end - 2 and text[body : end - 2].strip():
            sections.append(Section(heading, body if pending is None else pending, end - 2))
            pending = None
        # the title's heading, also under the line saying what the document is ("<organisation>: Conditions of Hire")
        elif pending is None and not (offset == 0 and (heading == title or title.startswith(f"{heading}: "))):
            pending = offset
    return tuple(sections)


def _by_page(text: str, sections: tuple[Section, ...], page_starts: tuple[int, ...]) -> tuple[Section, ...]:
    """``sections`` cut where a page's first paragraph starts, so that no chunk spans two pages and a citation's
    page is the page of its text (a paragraph running on from the page before stays whole)."""
    out: list[Section] = []
    for section in sections:
        start = section.start
        for page_start in page_starts:
            if not start < page_start < section.end:
                continue
            cut = page_start if text[page_start - 2 : page_start] == "\n\n" else text.find("\n\n", page_start) + 2
            if start < cut < section.end and text[start:cut].strip() and text[cut : section.end].strip():
                out.append(Section(section.heading, start, cut - 2))
                start = cut
        out.append(Section(section.heading, start, section.end))
    return tuple(out)


def layout_document(
    data: bytes, doc_id: str, path: str, title: str, author: str, created: str, named: str = ""
) -> Document:
    """A ``Document`` of the PDF's laid-out text. Title and author: the file's metadata's, else its title page's.
    Date: the title page's, else the last revision its text states ("Date of last revision: 17 May 2023"), else
    the day its closing signature gives ("Dated Friday 10 April 2026" over the signer's name), else the day its
    file's name names (``named``: "2025-12-09-minutes.pdf"), else the first day or month its title names among
    other words ("PCC Minutes 9 December 2025"; ``dates.named_in_title``), else the file's creation date
    (``created``). Every date the file says wins over its creation date because that is only when it was made: a
    file is made again (exported, regenerated, printed to PDF) whenever someone builds it, often long after its
    text last changed (a leaflet revised in May 2023 and built in December 2026 read as December 2026's)."""
    laid = read_pdf_layout(data, title)
    title = title or laid.head.title
    return Document(
        doc_id=doc_id,
        title=title,
        text=laid.text,
        sections=laid.sections or (Section(title, 0, len(laid.text)),),
        author=author or laid.head.author,
        published_at=laid.head.published_at or laid.revised or laid.signed or named or named_in_title(title) or created,
        path=path,
        page_starts=laid.page_starts,
    )
