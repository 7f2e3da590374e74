"""CSV and TSV files: spreadsheets and help-desk exports, read as the documents or the text they hold.

The first row names the columns. Three shapes are common, and each is read as a person reads the sheet:

- **one article a row** (a column named as a JSONL record's text is, "text", "body", "content"...): each row is a
  document, its other columns its metadata, as ``corpus.record_to_document`` reads a JSONL record;
- **questions and answers** (a FAQ or help-desk export: a "question" and an "answer" column): one document whose
  sections are the questions, each over its answer, as an FAQ page is read;
- **anything else** (a price list, a roster): one document, a paragraph a row, each value after its column's name
  ("Route: 12; First ferry: 06:10"), as a table is read.

The delimiter is sniffed (comma, semicolon, tab or bar; a ``.tsv`` file is tab-separated).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from ragqa.ingest import tables

SUFFIXES = (".csv", ".tsv")
_QUESTION_KEYS = ("question", "questions", "q", "faq", "query")
_ANSWER_KEYS = ("answer", "answers", "a", "response", "reply", "solution", "resolution")


@dataclass(frozen=True)
class Sheet:
    """A delimited file's column names and rows (values by column name, blank cells as "")."""

    header: list[str]
    rows: list[dict[str, str]]

    def column(self, names: tuple[str, ...]) -> str:
        """The first column (as named in the file) whose name, case-folded, is one of ``names``; "" for none."""
        folded = {name.strip().casefold(): name for name in self.header}
        return next((folded[n] for n in names if n in folded), "")

    def markdown(self, title: str) -> str:
        """The sheet as Markdown the corpus reader reads, under ``title``: questions as headings over their
        answers, else a paragraph a row."""
        question, answer = self.column(_QUESTION_KEYS), self.column(_ANSWER_KEYS)
        blocks: list[str] = [f"# {title}"]
        for row in self.rows:
            if question and answer:
                asked, said = " ".join(row[question].split()), row[answer].strip()
                if asked and said:
                    blocks.append(f"## {asked}\n\n{said}")
                    continue
            line = tables.row_text(self.header, [" ".join(row[name].split()) for name in self.header])
            if line:
                blocks.append(line)
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
    reader = csv.reader(io.StringIO(raw), delimiter=delimiter)
    header = [name.strip() for name in next(reader, [])]
    if not any(header):
        raise ValueError("has no header row naming its columns")
    names: list[str] = []
    for i, name in enumerate(header):  # every column keeps its values: unnamed and repeated names made distinct
        name = name or f"column {i + 1}"
        names.append(name if name not in names else f"{name} {names.count(name) + 1}")
    rows = []
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(names):  # a value with the delimiter in it, unquoted: kept whole in the last column
            rest = (cell.strip() for cell in cells[len(names) - 1 :])
            cells = [*cells[: len(names) - 1], f"{delimiter} ".replace("\t ", " ").join(rest)]
        cells = [*cells, *[""] * (len(names) - len(cells))]
        rows.append(dict(zip(names, (cell.strip() for cell in cells), strict=True)))
    if not rows:
        raise ValueError("has no rows under its header")
    return Sheet(names, rows)
