"""Word documents (.docx) read as their authors laid them out: headings, tables, code, notes, no contents list.

Why not python-docx's ``Document.paragraphs`` alone: it lists the body's top-level paragraphs, so every table was
lost (a price list, a schedule, a "Note" box), and so was the text of content controls (a cover page's title, a
form's fields), text boxes, fields and tracked insertions. Code set in a monospaced style was read as prose, and a
shell prompt "# systemctl restart nginx" as a Markdown heading. A table of contents repeated every heading as
sentences that outranked the sections they name, headings typed as short bold paragraphs were sentences, and
Word's automatic list numbers were lost. Here:

- headings: the "Title" and "Heading N" styles, a paragraph's own outline level, and a short paragraph wholly in
  bold that does not end like a sentence (numbered "3.1. Scope" nests one level deeper than "3. Terms");
- code: a paragraph in a monospaced font or a code style, kept line for line in a fence;
- numbers: Word's automatic list and heading numbers written before their paragraphs, counted as Word counts them;
- tables: a table of data becomes one paragraph a row, each value after its column's name ("part: north pier;
  cost: 1.5M"), so a row answers on its own; a layout table (a "Note" box, a form) becomes its cells' text, a short
  label joined to the text beside it ("Note: ...");
- footnotes and endnotes follow the paragraph that points to them, text boxes the paragraph they are anchored to;
- a letter (a greeting in its head, a valediction and a name at its foot) is titled by its subject ("Re: ..."),
  not by its letterhead, as a PDF letter is (``headers.read_letter``), and a letter's head (the lines over its
  greeting) dates it by the day it gives there (``headers.letter_day``) when no title block does;
- left out: a table of contents (Word's "TOC" styles and content controls, or a run of lines that repeat the
  document's headings), tracked deletions, and the template's placeholder author.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ragqa.ingest.dates import file_day, last_revision, normalize_date, title_block_day
from ragqa.ingest.headers import (
    Signature,
    closing_signature,
    kicker,
    letter_day,
    minutes_by,
    name_and_role,
    read_byline,
    read_date_line,
    read_letter,
    salutation,
    titled_under,
)
from ragqa.ingest.tables import row_text

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.table import Table
    from docx.text.paragraph import Paragraph

_MONOSPACED = re.compile(r"mono|courier|consolas|menlo|monaco|lucida console|source code|fixed|typewriter", re.I)
_CODE_STYLE = re.compile(r"preformatted|\bcode\b|source|verbatim|macro|console", re.I)
_CONTENTS_STYLE = re.compile(r"^(?:toc\b|table of contents|contents heading|index \d)", re.I)
_CONTENTS_TITLES = frozenset({"contents", "table of contents"})
_NUMBERING = re.compile(r"^(?:\d+|[A-Z])(?:\.\d+)*\.?(?=\s)")
_PAGE_REFERENCE = re.compile(r"(?:\t|\.{3,}|\s{2,})\s*[\divxlc]+\s*$", re.I)
_SENTENCE_END = (".", ",", ";", "!", "?")
PLACEHOLDER_AUTHORS = frozenset(
    {
        "python-docx",
        "openpyxl",
        "microsoft office user",
        "windows user",
        "user",
        "admin",
        "administrator",
        "author",
        "unknown",
        "anonymous",
        "(anonymous)",
    }
)
"""Authors written by a template, a PDF library ("(anonymous)": reportlab's) or an installation, not by a person."""
TEMPLATE_CREATED = frozenset({"2013-12-23T23:15:00+00:00"})
"""The creation day of python-docx's template, which every file it writes keeps unless told otherwise: the
template's day, not the document's."""
_LOGIN = re.compile(r"[a-z][a-z0-9._-]{1,30}")
"""An account's login ("praman", "j.smith"): what an office program writes as the author of a file its user saved."""
_PLACEHOLDER_TITLE = re.compile(
    r"\(?(?:anonymous|untitled|untitled document|no title|title)\)?|microsoft (?:word|powerpoint|excel) - .*"
    r"|.*\.(?:docx?|odt|rtf|pages|tex|txt|indd|pptx?|xlsx?)",
    re.IGNORECASE,
)
"""Titles written by a program, not by the author: reportlab's "(anonymous)", "Untitled", Office's "Microsoft Word
- report.docx", a file's name."""


def placeholder_author(author: str) -> bool:
    """Whether a file's author property names no person: a template's or a library's default, or a login."""
    author = " ".join(author.split())
    return author.casefold() in PLACEHOLDER_AUTHORS or _LOGIN.fullmatch(author) is not None


def placeholder_title(title: str) -> bool:
    """Whether a file's title property is a program's default or a file name rather than a title."""
    return _PLACEHOLDER_TITLE.fullmatch(" ".join(title.split())) is not None


BOLD_HEADING_WORDS = 12
"""A bold paragraph of at most this many words may be a heading; a longer one is an emphasized sentence."""
LABEL_WORDS = 3
"""A table cell of at most this many words beside text is a label ("Note", "Warning", "Step 2")."""


@dataclass(frozen=True)
class Block:
    """One piece of the document in reading order: a heading (``level`` > 0), prose, code or a table row."""

    text: str
    kind: str = "prose"  # "heading", "prose", "code", "row", "contents"
    level: int = 0
    lines: tuple[str, ...] = ()
    """The lines a line break (Shift+Enter) sets a paragraph's text in, when it sets more than one: a letterhead's,
    an address's, written as one paragraph."""

    def longest_line(self) -> int:
        """The words of the block's longest line (its text's when it is one line).

        >>> Block("Haverleigh Council Civic Offices", lines=("Haverleigh Council", "Civic Offices")).longest_line()
        2"""
        return max(len(line.split()) for line in self.lines or (self.text,))


@dataclass(frozen=True)
class WordText:
    """A Word document's text as Markdown and the metadata it gives."""

    markdown: str
    title: str
    author: str
    published_at: str
    revised: str = ""
    """The day or month a paragraph of its own says the text was last revised (``dates.last_revision``, as a PDF's
    is read): its date when its head names none, before the day the file was made."""
    created: str = ""
    """The day the file was made (its properties'; not the time of day, which is when it was saved): a date only
    for a document that names none."""


def read_word(data: bytes) -> WordText:
    """The document's blocks as Markdown, with its title, author and date (properties first, styled lines next),
    and the revision a paragraph of its own states ("This leaflet was last revised in March 2025.").

    Raises ``ValueError`` when the bytes are not a Word document."""
    import docx

    document = docx.Document(io.BytesIO(data))
    reader = _Reader(document)
    blocks, signature = _signed(_without_contents(list(reader.blocks(document.element.body))))
    blocks, headline = _kicker_apart(blocks)
    signer, signed_on = (signature.name, signature.day) if signature is not None else ("", "")
    props = document.core_properties
    author = " ".join((props.author or "").split())
    if placeholder_author(author):
        author = ""
    title = " ".join((props.title or "").split())
    made = props.created
    created = "" if made is None or made.isoformat() in TEMPLATE_CREATED else file_day(made)
    named = _named_under(blocks, reader.styled.get("title", ""))
    styled_title = named or headline or reader.styled.get("title", "")
    heading = 1 if named else _under_kicker(blocks)
    return WordText(
        markdown=_markdown(blocks),
        title=("" if placeholder_title(title) else title) or _letter_subject(blocks) or styled_title,
        author=author
        or reader.styled.get("author", "")
        or _head_author(blocks, heading)
        or _minute_taker(blocks)
        or signer,
        published_at=reader.styled.get("date", "")
        or _head_day(blocks, heading)
        or _letter_day(blocks)
        or (normalize_date(signed_on) or signed_on),
        revised=last_revision(block.text for block in blocks if block.kind == "prose"),
        created=created,
    )


LETTER_HEAD_PARAGRAPHS = 15
"""The most paragraphs a letter may set over its greeting: its letterhead, the sender's and the reader's addresses
a line each, the day, references."""


def _letter_subject(blocks: list[Block]) -> str:
    """The subject of the letter the document is (``headers.read_letter``: "Re: Your rent from 7 April 2025" next
    to "Dear Tenant,", or a heading there; signed at its foot), or "". The greeting is in the letter's head: among
    its first ``LETTER_HEAD_PARAGRAPHS`` paragraphs, every one over it a short line (a letterhead's, an address's,
    the day), as a PDF letter greets in its first page's upper half.

    Why: a letter set the organisation's name in bold over its address, and was titled by that letterhead, as every
    letter the organisation sends is; "who signed the 2025 rent letter" answered '"Kestrel Vale Housing
    Association" was signed by ...'. The same letter as a PDF was titled by its subject. A title in the file's
    properties still comes first, as a PDF's does."""
    greeting = _greeting(blocks)
    letter = read_letter([(block.text, block.kind) for block in blocks], greeting) if greeting is not None else None
    return letter.subject if letter is not None else ""


def _greeting(blocks: list[Block]) -> int | None:
    """The index of the greeting ("Dear friends,") in the head of the letter the document opens with, or None: among
    its first ``LETTER_HEAD_PARAGRAPHS`` paragraphs, every one over it a short line (``_letter_subject``), or short
    lines a line break sets apart (``Block.lines``). Why: a council set its letterhead, three lines, as one paragraph
    broken with Shift+Enter; read as one line too long for a letter's head, the letter was titled by its file's name
    while the same letterhead a paragraph a line was titled by its subject."""
    for index, block in enumerate(blocks[: LETTER_HEAD_PARAGRAPHS + 1]):
        if salutation(block.text):
            return index
        if block.kind not in ("heading", "prose", "row") or block.longest_line() > TITLE_BLOCK_LINE_WORDS:
            return None
    return None


def _letter_day(blocks: list[Block]) -> str:
    """The day the letter the document opens with gives in its head, over its greeting (``headers.letter_day``:
    "23 November 2025" under the sender's address), or "". Why: a vicar's letter set it so, over a heading and its
    greeting, not under a title, and was dated the day its file was made; a letter's own day comes before that. A
    paragraph's lines are read a line each: a letterhead broken into lines may end with the day."""
    greeting = _greeting(blocks)
    if greeting is None:
        return ""
    head = [line for block in blocks[:greeting] for line in block.lines or (block.text,)]
    day = letter_day([*head, blocks[greeting].text], len(head))
    return normalize_date(day) or day


def _signed(blocks: list[Block]) -> tuple[list[Block], Signature | None]:
    """``blocks`` with the signature closing them (``headers.closing_signature``: a name, its role and/or its day,
    a paragraph each) as one paragraph, "Rosalind Achterberg, Head of Planning and Building Control", as a PDF's and
    a plain-text file's read, and the signature (None for none): its name signs, and its day dates, a document whose
    properties and title block give none, as a plain-text file's does.

    Why: a refusal notice ended with the name over the role, two paragraphs; the role read as a sentence without
    the name, the notice had no author, and "who signed the refusal notice" quoted other sentences. A charity's
    annual report ended "Dr ..." / "Chair of Trustees" / "18 September 2025", the day its board approved it, and
    named no other day: it was undated."""
    for size in (3, 2):
        tail = blocks[-size:]
        if len(blocks) <= size or any(block.kind != "prose" for block in tail):
            continue
        before = blocks[-size - 1].text if blocks[-size - 1].kind == "prose" else ""
        signature = closing_signature([before, "", *(block.text for block in tail)])
        if signature is not None and signature.lines == size:
            return [*blocks[:-size], Block(signature.line())], signature
    return blocks, None


def _named_under(blocks: list[Block], styled_title: str) -> str:
    """The title of a document whose "Title" paragraph names no kind of document (its organisation: "Northmoor
    Young Carers Trust") over a first-level heading saying what the document is ("Minutes of the Annual General
    Meeting"; ``headers.titled_under``, the rule the PDF and plain-text readers share), or "" for none. Why: the
    AGM's minutes were titled by the organisation's name, as every document it writes is, and the meeting's day
    under the heading was not read, so the file's creation date, the day they were saved, dated them. Such a
    document is titled by both ("Northmoor Young Carers Trust: Minutes of the Annual General Meeting"): the title
    keeps whose document it is, which tells one organisation's minutes from another's, and loses nothing if the
    guess is wrong."""
    if len(blocks) < 2 or not (blocks[0].kind == blocks[1].kind == "heading" and blocks[1].level == 1):
        return ""
    return titled_under(blocks[0].text, blocks[1].text) if blocks[0].text == styled_title else ""


def _head_day(blocks: list[Block], heading: int = 0) -> str:
    """The day the title, or a paragraph of its title block, names among other words (``dates.title_block_day``:
    "Date: Tuesday 22nd April 2025, 6.30pm, Committee Room", "Planning Committee Minutes, 25 March 2025"); "" when
    a byline or date line right under the title gives one (the Markdown reader reads those, ``headers``) or none
    does. Why: such lines go on after the day, so no date line was read and the file's creation date dated minutes.

    The title block's paragraphs are read up to ``TITLE_BLOCK_PARAGRAPHS`` of them, past short ones that name no day
    (``_title_block_line``): an annual report set its author and role ("Eleanor Brightwell, Head of Library
    Services") over "Presented to the Culture and Communities Committee, 24 March 2026", and was dated the day its
    file was made. A paragraph that ends as a sentence does ("Apologies and declarations of interest.") is the
    text's, and so is every day after it.

    ``heading``: the index of the heading that says what the document is, under the organisation's name
    (``_named_under``), or of the title under a kicker (``_under_kicker``); a date line under it is read here
    ("Saturday 18th November 2023, 11.00am, ..."), as the Markdown reader reads only the lines right under the
    first heading."""
    start = heading + 1 if blocks and blocks[heading].kind == "heading" else 0
    title = blocks[heading].text if start else ""
    read_as_head = not heading  # a date line the Markdown reader reads: right under the title, or its byline
    for block in blocks[start : start + TITLE_BLOCK_PARAGRAPHS]:
        if block.kind != "prose":
            break
        byline = read_byline(block.text)
        dated = read_date_line(block.text) or (byline.date if byline is not None else None)
        if dated is not None:
            return "" if read_as_head else (normalize_date(dated.text) or title_block_day(block.text))
        if byline is None:
            day = title_block_day(title) or title_block_day(block.text)
            if day or not start or not _title_block_line(block.text):
                return day
            read_as_head = False
    return title_block_day(title)


KICKER_PARAGRAPHS = 2
"""The most short paragraphs a document may set over its title (a press release's "PRESS RELEASE", the issuing
body's name)."""


HEADLINE_CHARS = 120
"""The longest paragraph under a kicker read as the headline when no heading style sets one: a title's length."""


def _kicker_apart(blocks: list[Block]) -> tuple[list[Block], str]:
    """``blocks`` with the kicker a press release opens with ("PRESS RELEASE", ``headers.kicker``; under at most
    ``KICKER_PARAGRAPHS`` - 1 short lines, the issuing body's name) as a line of the text however it is set, in bold
    or a heading style, and the headline under it (``_headline``): a heading of the first level when set as a plain
    paragraph and no heading follows among the short lines under the kicker (``_under_kicker``). Also the headline's
    text, the document's title, or "" when the document opens with no kicker.

    Why: a release set "PRESS RELEASE" in bold, so read as a heading, over its headline in the "Title" style; no title
    block was read under the headline, and "For immediate release: 10 February 2026" and "Tom Eckersley,
    Communications Officer" gave it no day and no author. Over a headline in the Normal style the kicker titled the
    release, as it titles every release its sender writes. The plain-text and Markdown readers read the line under a
    kicker as the title (``corpus._title_line``); so does this one, whatever the styles."""
    at = next(
        (
            index
            for index, block in enumerate(blocks[:KICKER_PARAGRAPHS])
            if block.kind in ("heading", "prose") and kicker(block.text)
        ),
        None,
    )
    if at is None or any(block.kind != "prose" or not _title_block_line(block.text) for block in blocks[:at]):
        return blocks, ""
    out = [*blocks[:at], Block(blocks[at].text, lines=blocks[at].lines), *blocks[at + 1 :]]
    heading = _under_kicker(out)
    if heading:
        return out, out[heading].text
    if at + 2 < len(out) and _headline(out[at + 1]):
        below = out[at + 1]
        out[at + 1] = Block(below.text, "heading", 1, below.lines)
        return out, below.text
    return out, ""


def _headline(block: Block) -> bool:
    """Whether a paragraph under a kicker reads as its headline: a line of prose no longer than a title
    (``HEADLINE_CHARS``), not ending as a sentence or a lead-in does, and no byline or date line, as the plain-text
    reader reads the line under a kicker (``corpus._titles_text``).

    >>> _headline(Block("Visiting star: pannier tank 7714 to headline Spring Steam Gala"))
    True
    >>> _headline(Block("For immediate release: 10 February 2026")), _headline(Block("We are delighted to say so."))
    (False, False)"""
    text = block.text
    return (
        block.kind == "prose"
        and len(text) <= HEADLINE_CHARS
        and not text.endswith((*_SENTENCE_END, ":"))
        and read_byline(text) is None
        and read_date_line(text) is None
    )


def _under_kicker(blocks: list[Block]) -> int:
    """The index of the heading that titles a document under the short lines it opens with (a kicker: "PRESS
    RELEASE", "News release" over the issuing body's name), or 0 when it opens with its title, or with a line that
    is text or names a day (a date line, a byline: the title block itself).

    Why: a press release set "PRESS RELEASE" over its headline (the Title) and "For immediate release: 10 February
    2026" under it; its title block was read from the kicker, which names no day, and the release was dated the day
    its file was made."""
    for index, block in enumerate(blocks[: KICKER_PARAGRAPHS + 1]):
        if block.kind == "heading":
            return index
        if (
            block.kind != "prose"
            or not _title_block_line(block.text)
            or read_byline(block.text) is not None
            or read_date_line(block.text) is not None
            or title_block_day(block.text)
        ):
            return 0
    return 0


def _head_author(blocks: list[Block], heading: int = 0) -> str:
    """The person a paragraph of the title block names with their job title (``headers.name_and_role``: "Marcus
    Bell, Sports Development Officer" under "Easter Multi-Sports Camp 2026"), or "". Why: the leaflet set its
    author so, without "By", and had none; the line stays text (it says who they are). A byline the Markdown
    reader reads ("By Jane Doe") comes first, and a paragraph ending as a sentence ends the block, as for its day
    (``_head_day``; ``heading`` as there: a press release's "Holly Tremayne, Communications Officer" under its
    kicker, headline and "For immediate release: 10 February 2026" named no author when only a title opening the
    document was read)."""
    if not blocks or blocks[heading].kind != "heading":
        return ""
    for block in blocks[heading + 1 : heading + 1 + TITLE_BLOCK_PARAGRAPHS]:
        if block.kind != "prose" or not _title_block_line(block.text) or read_byline(block.text) is not None:
            return ""
        if name := name_and_role(block.text):
            return name
    return ""


def _minute_taker(blocks: list[Block]) -> str:
    """The person the document's prose names as taking its minutes (``headers.minutes_by``: "Minutes: Helen
    Marsh." after who was present), or "" ("who signed the minutes" still reads the signature)."""
    return minutes_by([block.text if block.kind == "prose" else "" for block in blocks])


TITLE_BLOCK_PARAGRAPHS = 3
"""The most paragraphs under a Word document's title read for its day (an author's line, a subtitle, the day)."""
TITLE_BLOCK_LINE_WORDS = 12


def _title_block_line(text: str) -> bool:
    """Whether a paragraph under the title may be a line of its title block: short, and not ending as a sentence or
    a lead-in does ("Eleanor Brightwell, Head of Library Services"; not "Apologies and declarations of interest.")."""
    return len(text.split()) <= TITLE_BLOCK_LINE_WORDS and text.rstrip()[-1:] not in ".!?:"


def _markdown(blocks: list[Block]) -> str:
    lines: list[str] = []
    code = False
    for block in blocks:
        if code and block.kind != "code":
            lines += ["```", ""]
            code = False
        if block.kind == "heading":
            lines += ["", f"{'#' * min(block.level, 6)} {block.text}", ""]
        elif block.kind == "code":
            if not code:
                lines.append("```")
                code = True
            lines.append(block.text)
        else:  # prose, and a table's rows: a paragraph each
            lines += [block.text, ""]
    if code:
        lines.append("```")
    return "\n".join(lines).strip()


def _key(text: str) -> str:
    """A heading or a contents line compared: words only, case folded, page reference dropped."""
    return " ".join(_PAGE_REFERENCE.sub("", text).split()).casefold()


def _without_contents(blocks: list[Block]) -> list[Block]:
    """``blocks`` less a table of contents: lines in a contents style, and runs of two or more lines that each
    repeat a later heading (with the "Contents" line before them)."""
    headings = {_key(b.text) for b in blocks if b.kind == "heading"}
    kept: list[Block] = []
    i = 0
    while i < len(blocks):
        if blocks[i].kind == "contents":
            i += 1
            continue
        j = i
        while j < len(blocks) and blocks[j].kind in ("prose", "row") and _key(blocks[j].text) in headings:
            j += 1
        if j - i >= 2:
            if kept and kept[-1].kind == "prose" and _key(kept[-1].text) in _CONTENTS_TITLES:
                kept.pop()
            i = j
            continue
        kept.append(blocks[i])
        i += 1
    return kept


class _Reader:
    """Walks the document body in order; remembers the title, author and date lines pandoc-style files carry."""

    def __init__(self, document: WordDocument) -> None:
        self.document = document
        self.styled: dict[str, str] = {}
        self.notes = _notes(document)
        self.numbering = _Numbering(document)
        self.level = 1  # the last heading's level: bold headings nest under it
        self.styles: dict[str | None, _Style] = {}
        self.style_lists: dict[str | None, tuple[str, int]] = {}

    def style(self, paragraph: Paragraph) -> _Style:
        """The paragraph's style, looked up once a style (python-docx searches the styles part with XPath on every
        ``Paragraph.style``: most of the reading time before)."""
        key = paragraph._p.style
        if key not in self.styles:
            self.styles[key] = _style_of(paragraph)
        return self.styles[key]

    def blocks(self, element: Any) -> Iterator[Block]:
        from docx.oxml.ns import qn
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        for child in element.iterchildren():
            if child.tag == qn("w:p"):
                yield from self.paragraph(Paragraph(child, self.document))
            elif child.tag == qn("w:tbl"):
                yield from self.table(Table(child, self.document))
            elif child.tag == qn("w:sdt"):  # a content control: a cover page, a generated table of contents
                gallery = child.find(f".//{qn('w:docPartGallery')}")
                if gallery is not None and "contents" in (gallery.get(qn("w:val")) or "").lower():
                    continue
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    yield from self.blocks(content)

    def list_place(self, paragraph: Paragraph) -> tuple[str, int]:
        """The list and level a paragraph is numbered in: its own, else its style's (looked up once a style)."""
        own = _numbered(paragraph._p)
        if own is not None:
            return own
        key = paragraph._p.style
        if key not in self.style_lists:
            self.style_lists[key] = _style_list(paragraph)
        return self.style_lists[key]

    def paragraph(self, paragraph: Paragraph) -> Iterator[Block]:
        yield from self.text_paragraph(paragraph)
        for box in _text_boxes(paragraph._p):  # a sidebar, a pull quote: after the paragraph it is anchored to
            yield from self.blocks(box)

    def text_paragraph(self, paragraph: Paragraph) -> Iterator[Block]:
        written = _text(paragraph._p)
        text = " ".join(written.split())
        style = self.style(paragraph).name
        label = self.numbering.label(*self.list_place(paragraph))  # counted on empty items too, as Word counts
        if not text:
            return
        broken = tuple(" ".join(line.split()) for line in written.split("\n") if line.strip())
        lines = broken if len(broken) > 1 and not label else ()
        if label and not text.startswith(label):
            text = f"{label} {text}"
        lowered = style.lower()
        if _CONTENTS_STYLE.match(lowered):
            yield Block(text, "contents")
            return
        if lowered in ("author", "date") and lowered not in self.styled:
            self.styled[lowered] = text
        if lowered == "title":
            self.styled.setdefault("title", text)
            self.level = 1
            yield Block(text, "heading", 1, lines)
        elif (level := _heading_level(paragraph, lowered)) is not None:
            self.level = level
            yield Block(text, "heading", level, lines)
        elif _is_code(paragraph, self.style(paragraph)):
            yield from (Block(line.rstrip(), "code") for line in written.split("\n"))
        elif _bold_heading(paragraph, text, self.style(paragraph)):
            numbered = _NUMBERING.match(text)
            depth = numbered.group(0).rstrip(".").count(".") if numbered else 0
            yield Block(text, "heading", min(6, max(2, self.level + 1) + depth), lines)
        else:
            yield Block(text, lines=lines)
        for note in _note_ids(paragraph):
            if note in self.notes:
                yield Block(self.notes.pop(note))

    def table(self, table: Table) -> Iterator[Block]:
        rows = [_row_cells(row) for row in table.rows]
        texts = [[_cell_text(cell) for cell in row] for row in rows]
        filled = [[t for t in row if t] for row in texts]
        if sum(len(row) >= 2 for row in filled) >= 2:
            yield from _data_rows(table, texts)
            return
        label = ""
        for row in rows:
            for cell in row:
                text = _cell_text(cell)
                if not text:
                    continue
                if len(text.split()) <= LABEL_WORDS and not text.endswith(_SENTENCE_END):
                    label = f"{label} {text}".strip()
                    continue
                for block in self.blocks(cell._tc):
                    if label and block.kind == "prose":
                        block = Block(f"{label}: {block.text}")
                        label = ""
                    yield block
        if label:
            yield Block(label)


_SKIPPED = ("del", "moveFrom", "txbxContent", "Fallback", "footnoteReference", "endnoteReference", "pPr", "rPr")
"""What a paragraph's text leaves out: deleted and moved-away text of tracked changes, text boxes (read after it),
the fallback copy Word keeps of a drawing, note references (the notes follow the paragraph), properties."""


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _text(element: Any) -> str:
    """The text a reader sees in a paragraph. python-docx's ``Paragraph.text`` joins only the runs and links that
    are the paragraph's own children, so it drops tracked insertions (``w:ins``), the values of content controls
    (a form's "Prepared by" field), fields (``w:fldSimple``) and smart tags."""
    parts: list[str] = []
    for child in element:
        name = _local(child.tag)
        if name in _SKIPPED:
            continue
        if name == "t":
            parts.append(child.text or "")
        elif name == "tab":
            parts.append("\t")
        elif name in ("br", "cr"):
            parts.append("\n")
        elif name == "noBreakHyphen":
            parts.append("-")
        else:
            parts.append(_text(child))
    return "".join(parts)


def _text_boxes(element: Any) -> Iterator[Any]:
    """The text boxes anchored in a paragraph (their content elements; not the fallback copies)."""
    for child in element:
        name = _local(child.tag)
        if name == "txbxContent":
            yield child
        elif name not in ("Fallback", "pPr", "rPr", "t"):
            yield from _text_boxes(child)


@dataclass(frozen=True)
class _Style:
    """What a paragraph's style says: its name, font and boldness."""

    name: str
    font: str | None
    bold: bool


def _style_of(paragraph: Paragraph) -> _Style:
    try:
        style = paragraph.style
    except (KeyError, ValueError):  # a style id the styles part does not define
        style = None
    if style is None:
        return _Style("", None, False)
    return _Style(style.name or "", style.font.name, bool(style.font.bold))


def _numbered(element: Any) -> tuple[str, int] | None:
    """The list (``numId``) and level an element's paragraph properties number it in, if they do ("0" is Word's
    "not numbered": "")."""
    from docx.oxml.ns import qn

    properties = element.find(qn("w:pPr"))
    numbered = properties.find(qn("w:numPr")) if properties is not None else None
    if numbered is None:
        return None
    num = numbered.find(qn("w:numId"))
    ilvl = numbered.find(qn("w:ilvl"))
    num_id = num.get(qn("w:val"), "") if num is not None else ""
    return ("" if num_id == "0" else num_id), int(ilvl.get(qn("w:val"), "0")) if ilvl is not None else 0


def _style_list(paragraph: Paragraph) -> tuple[str, int]:
    """The list a paragraph's style (or a style it is based on) numbers it in: headings numbered "1.2" by their
    style; ("", 0) for none."""
    try:
        style = paragraph.style
    except (KeyError, ValueError):
        return "", 0
    for _ in range(10):  # a chain of styles based on each other, never a loop
        if style is None:
            break
        found = _numbered(style.element)
        if found is not None:
            return found
        style = style.base_style
    return "", 0


def _level(element: Any) -> _Level:
    from docx.oxml.ns import qn

    def value(tag: str, default: str) -> str:
        found = element.find(qn(tag))
        return found.get(qn("w:val"), default) if found is not None else default

    return _Level(value("w:numFmt", "decimal"), value("w:lvlText", ""), int(value("w:start", "1")))


_FORMATS = ("decimal", "decimalZero", "lowerLetter", "upperLetter", "lowerRoman", "upperRoman")


def _roman(n: int) -> str:
    values = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
              (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]  # fmt: skip
    out = ""
    for value, letters in values:
        while n >= value:
            out += letters
            n -= value
    return out


def _formatted(n: int, fmt: str) -> str:
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("lowerLetter", "upperLetter"):
        letters = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        return _roman(n).upper() if fmt == "upperRoman" else _roman(n)
    return str(n)


@dataclass(frozen=True)
class _Level:
    fmt: str
    text: str
    start: int


class _Numbering:
    """Word's automatic list and heading numbers ("1.", "2.3", "a)"), which the text of a paragraph does not hold:
    counted as Word counts them, a counter per list and level, a level's counters below it restarting."""

    def __init__(self, document: WordDocument) -> None:
        from docx.oxml.ns import qn

        self.levels: dict[str, dict[int, _Level]] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):  # no numbering part
            return
        abstract: dict[str, dict[int, _Level]] = {}
        for item in root.iterchildren(qn("w:abstractNum")):
            abstract[item.get(qn("w:abstractNumId"), "")] = {
                int(lvl.get(qn("w:ilvl"), "0")): _level(lvl) for lvl in item.iterchildren(qn("w:lvl"))
            }
        for num in root.iterchildren(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            levels = dict(abstract.get(ref.get(qn("w:val"), "") if ref is not None else "", {}))
            for override in num.iterchildren(qn("w:lvlOverride")):
                ilvl = int(override.get(qn("w:ilvl"), "0"))
                start = override.find(qn("w:startOverride"))
                if start is not None and ilvl in levels:
                    levels[ilvl] = replace(levels[ilvl], start=int(start.get(qn("w:val"), "1")))
            self.levels[num.get(qn("w:numId"), "")] = levels

    def label(self, num_id: str, ilvl: int) -> str:
        """The number Word shows before the paragraph ("" for a bullet or no list)."""
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, [0] * 9)
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else levels[ilvl].start
        level = levels[ilvl]
        if level.fmt not in _FORMATS:
            return ""

        def number(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            at = levels.get(k)
            value = counters[k] if counters[k] else (at.start if at else 1)
            return _formatted(value, at.fmt if at else "decimal")

        return re.sub(r"%(\d)", number, level.text).strip()


def _heading_level(paragraph: Paragraph, style: str) -> int | None:
    """The heading level a style ("Heading 2") or the paragraph's own outline level gives, else None."""
    from docx.oxml.ns import qn

    if style.startswith("heading"):
        digits = "".join(ch for ch in style if ch.isdigit())
        return int(digits) if digits else 1
    properties = paragraph._p.pPr
    outline = properties.find(qn("w:outlineLvl")) if properties is not None else None
    if outline is not None:
        value = int(outline.get(qn("w:val"), "9"))
        if value < 9:  # 9 is body text
            return value + 1
    return None


def _is_code(paragraph: Paragraph, style: _Style) -> bool:
    """A paragraph in a code style or with every run of text in a monospaced font (its own or its style's)."""
    if _CODE_STYLE.search(style.name):
        return True
    base = style.font
    fonts = [run.font.name or base for run in paragraph.runs if run.text.strip()]
    return bool(fonts) and all(font is not None and _MONOSPACED.search(font) for font in fonts)


def _bold_heading(paragraph: Paragraph, text: str, style: _Style) -> bool:
    """A short paragraph wholly in bold that does not end like a sentence: a heading typed without a style."""
    if len(text.split()) > BOLD_HEADING_WORDS or text.endswith(_SENTENCE_END) or text.endswith(":"):
        return False
    style_bold = style.bold
    runs = [run for run in paragraph.runs if run.text.strip()]
    return bool(runs) and all(run.bold or (run.bold is None and style_bold) for run in runs)


def _row_cells(row: Any) -> list[Any]:
    """A row's cells, a merged cell once."""
    cells: list[Any] = []
    for cell in row.cells:
        if not any(cell._tc is seen._tc for seen in cells):
            cells.append(cell)
    return cells


def _cell_text(cell: Any) -> str:
    from docx.oxml.ns import qn

    return " ".join(" ".join(_text(p).split()) for p in cell._tc.iter(qn("w:p"))).strip()


def _data_rows(table: Table, texts: list[list[str]]) -> Iterator[Block]:
    """A table of data, one block a row (``tables.row_text``), under its header row when it has one."""
    header = texts[0] if _has_header(table, texts) else []
    for row in texts[1:] if header else texts:
        if text := row_text(header, row):
            yield Block(text, "row")


def _has_header(table: Table, texts: list[list[str]]) -> bool:
    """The first row names the columns: marked as a header row, in a heading style or bold, or short names over
    every column (three columns or more), or over two columns of records (``_labels_over_records``)."""
    from docx.oxml.ns import qn

    first = table.rows[0]
    if first._tr.trPr is not None and first._tr.trPr.find(qn("w:tblHeader")) is not None:
        return True
    paragraphs = [p for cell in _row_cells(first) for p in cell.paragraphs if p.text.strip()]
    if paragraphs and all("heading" in _style_of(p).name.lower() for p in paragraphs):
        return True
    runs = [run for p in paragraphs for run in p.runs if run.text.strip()]
    if runs and all(run.bold for run in runs) and len(texts) > 1:
        return True
    names = texts[0]
    if len(names) == 2:
        return _labels_over_records(texts)
    return len(names) >= 3 and len(texts) > 2 and all(name and len(name.split()) <= 5 for name in names)


LABEL_ROWS = 3
"""The fewest rows under a two-column table's first row for it to be told apart as labels over records."""


def _labels_over_records(texts: list[list[str]]) -> bool:
    """Whether a two-column table's first row names its columns ("Councillor | Vote" over "Cllr Priya Patel |
    Against"): short labels without figures, over rows keyed by distinct first cells whose second cells recur
    (a vote, a status), neither label among them. Why: a form ("Site manager | Anna Berg") reads as "key: value"
    rows, each value its own, and a first row of labels read so ("Councillor: Vote") left every row unnamed; a
    checklist whose first row's value recurs ("Approved | Yes" over "Funded | Yes") stays a form."""
    names, rows = texts[0], texts[1:]
    if len(rows) < LABEL_ROWS or any(len(row) != 2 or not all(row) for row in texts):
        return False
    if not all(len(name.split()) <= LABEL_WORDS and not re.search(r"\d|[.;!?]$", name) for name in names):
        return False
    keys = [row[0].casefold() for row in rows]
    values = [row[1].casefold() for row in rows]
    return (
        len(set(keys)) == len(keys)
        and len(set(values)) < len(values)
        and names[0].casefold() not in keys
        and names[1].casefold() not in values
    )


def _note_ids(paragraph: Paragraph) -> list[str]:
    from docx.oxml.ns import qn

    return [
        ref.get(qn("w:id"), "")
        for tag in ("w:footnoteReference", "w:endnoteReference")
        for ref in paragraph._p.iter(qn(tag))
    ]


def _notes(document: WordDocument) -> dict[str, str]:
    """Footnotes' and endnotes' text by id (python-docx reads neither: their parts are parsed here)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    notes: dict[str, str] = {}
    for rel in document.part.rels.values():
        if rel.is_external or rel.reltype not in (RT.FOOTNOTES, RT.ENDNOTES):
            continue
        root = parse_xml(rel.target_part.blob)
        for note in root:
            if note.get(qn("w:type")) not in (None, "normal"):
                continue  # the separator lines Word keeps as notes
            text = " ".join("".join(t.text or "" for t in note.iter(qn("w:t"))).split())
            if text:
                notes[note.get(qn("w:id"), "")] = text
    return notes
