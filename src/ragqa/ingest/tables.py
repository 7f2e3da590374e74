"""Table rows written as text that stands on its own: each value after its column's name.

Why: a row read as "| north pier | 1.5M | 2024 |" lacks the words a question uses for its columns ("how much
did the north pier cost", "when was it finished"): they are only in the header, which no chunk holding the row
may hold. "part: north pier; cost: 1.5M; finished: 2024" answers on its own and reads as a sentence when quoted.
Markdown pipe tables (Markdown files, HTML pages) and Word tables are written so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_RULE = re.compile(r"^(?=[^|]*\|)\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_CELL_BORDER = re.compile(r"(?<!\\)\|")


def row_text(header: Sequence[str], row: Sequence[str]) -> str:
    """A row as "name: value; name: value" (empty cells left out); without a header (or when the row has a
    different number of cells, or the header is empty), its first value names the rest: "Site manager: Anna
    Berg". Why the empty header: an info box in Markdown must have a header row and leaves it blank ("| | |" over
    "| Director | Ilse Marrow |"), and its rows read as bare values ("Director; Ilse Marrow")."""
    if any(header) and len(header) == len(row):
        named = zip(header, row, strict=True)
        return "; ".join(f"{_name(name)}: {value}" if _name(name) else value for name, value in named if value)
    values = [value for value in row if value]
    if not values:
        return ""
    return f"{_name(values[0])}: {'; '.join(values[1:])}" if len(values) > 1 else values[0]


LABEL_WORDS = 4
"""The most words an info box's label has ("Date of first release")."""


def pair_header(header: Sequence[str], title: str) -> bool:
    """Whether a two-column table's header row is a label and its value, as an info box opens ("| Book | The
    Cartographer's Daughter |" over "| Author | Helena Marchetti-Voss |"), not its columns' names: its second cell
    is a name (two words or more, its first and last capitalized) that the document's ``title`` holds ("Book
    review: The Cartographer's Daughter by ..."). Why: read as column names, every row came out garbled ("Book:
    Author; The Cartographer's Daughter: Helena Marchetti-Voss"). Narrow, as most two-column headers do name
    their columns ("Plan | Requests per minute" over "Starter | 60", "Competition | Seasons"), their rows read
    under them."""
    if len(header) != 2 or not header[0] or len(header[0].split()) > LABEL_WORDS:
        return False
    words = header[1].split()
    if len(words) < 2 or not (words[0][:1].isupper() and words[-1][:1].isupper()):
        return False
    named, titled = _words(header[1]), _words(title)
    return any(titled[i : i + len(named)] == named for i in range(len(titled) - len(named) + 1))


_BARE_FIGURE = re.compile(r"[\d\s.,/%-]+")
"""A cell of figures alone ("2024", "2023/24", "12.5%"): a year or an amount may name a column."""


def reads_as_form(rows: Sequence[Sequence[str]]) -> bool:
    """Whether a two-column table whose first row is not set apart (not bold, not marked) is a form, a label and
    its value a row ("Application number | WX/25/0412/FUL" over "Applicant | Ms Carys Penhallow"), not a header over
    records: every first cell is a label (words without figures, ``LABEL_WORDS`` at most, no two alike), and the
    first row's second cell is a value no column is named by (figures among other characters, more than
    ``LABEL_WORDS`` words), or its label ends with a form's colon. Why: a PDF's table was read under its first row,
    "Application number: Applicant; WX/25/0412/FUL: Ms Carys Penhallow", as the applicant's name. A first row
    of names stays the header ("Plan | Requests per minute" over "Starter | 60"), as does one over figures
    ("Year | Visitors" over "2021 | 5400").

    >>> reads_as_form([["Application number", "WX/25/0412/FUL"], ["Applicant", "Ms Carys Penhallow"]])
    True
    >>> reads_as_form([["Plan", "Requests per minute"], ["Starter", "60"]])
    False
    """
    if len(rows) < 2 or any(len(row) != 2 for row in rows):
        return False
    labels = [_name(row[0]).casefold() for row in rows]
    if len(set(labels)) < len(labels) or not all(
        label and len(label.split()) <= LABEL_WORDS and not re.search(r"\d", label) for label in labels
    ):
        return False
    first = rows[0][1].strip()
    valued = bool(re.search(r"\d", first)) and not _BARE_FIGURE.fullmatch(first)
    return valued or len(first.split()) > LABEL_WORDS or rows[0][0].rstrip().endswith(":")


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


_NAMED_VALUE = re.compile(r"[^:\n]{1,60}: [^\n]+")
"""A value after its name, as ``row_text`` writes it ("Price: £7.00")."""


def written_row(line: str, above: str = "") -> bool:
    """Whether ``line`` reads as a row ``row_text`` wrote: several values, one of them at least named ("Dish:
    Tiramisu; Description: Made with Marsala; Price: £7.00"), or a named value under another (``above``, the
    paragraph before it: "Fabric: Recycled nylon" over "Colours: Moss Green"). Why: a row is short and ends
    without a full stop, as a heading does, and the paragraph after a table is no text its last row heads."""
    parts = line.strip().split("; ")
    if len(parts) > 1:
        return any(_NAMED_VALUE.fullmatch(part) for part in parts)
    return bool(_NAMED_VALUE.fullmatch(parts[0])) and bool(_NAMED_VALUE.fullmatch(above.strip().split("; ")[0]))


def _name(text: str) -> str:
    """A column's or a row's name without the colon a form writes after it ("Name:")."""
    return text.rstrip().rstrip(":").rstrip()


def is_rule(line: str) -> bool:
    """The line under a Markdown table's header ("|---|:--:|")."""
    return bool(_RULE.match(line))


def cells(line: str) -> list[str]:
    """A Markdown table row's cells, as written ("| a | b \\| c |" -> ["a", "b \\| c"])."""
    inner = line.strip()
    if inner.startswith("|"):
        inner = inner[1:]
    if inner.endswith("|") and not inner.endswith("\\|"):
        inner = inner[:-1]
    return [cell.strip() for cell in _CELL_BORDER.split(inner)]
