"""Read a corpus folder (``*.md``, ``*.txt``, ``*.jsonl``; HTML, PDF and DOCX through ``ingest.formats``,
reStructuredText through ``ingest.rst``) into plain ``Document`` records.

Unreadable files are skipped with a warning that names them, so one bad file never stops a build;
an empty corpus is an error because an empty index can only ever abstain.

Only files inside the corpus folder are read: every path is resolved, and a symlink whose target is
outside the folder (``/etc/passwd``, ``/proc/self/status``, another project's notes) is skipped and
reported, as is a dangling one. Symlinked sub-folders are never walked into (one pointing outside is
reported; the files of one pointing inside are read under their own names). A file reached under two
names (a symlink to another corpus file) is read once, under its real name when that is in the corpus.
"""

from __future__ import annotations

import csv
import errno
import html
import json
import logging
import os
import re
import stat
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path

from ragqa.ingest import apparatus, captions, converted, delimited, formats, mail, plain, rst, sites, tables
from ragqa.ingest.chunking import CODE_INDENT, continues
from ragqa.ingest.dates import closing_day, either_way, named_in_title, normalize_date, period_of
from ragqa.ingest.encoding import decode_text
from ragqa.ingest.headers import (
    ArticleHead,
    FrontMatter,
    Signature,
    capitalised,
    closing_byline,
    closing_signature,
    ends_release,
    field_lines,
    front_matter_problems,
    is_header_line,
    kicker,
    metadata_of,
    minutes_by,
    name_and_role,
    read_byline,
    read_date_line,
    record_field,
    split_front_matter,
    titled_under,
    titles_the_block,
    with_fields,
)
from ragqa.records import Document, Section

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (
    ".md",
    ".markdown",
    ".mdx",
    ".txt",
    ".jsonl",
    ".json",
    *delimited.SUFFIXES,
    *delimited.WORKBOOK_SUFFIXES,
    *mail.SUFFIXES,
    *formats.HTML_SUFFIXES,
    *formats.BINARY_SUFFIXES,
    *rst.SUFFIXES,
    *converted.SUFFIXES,
    *captions.SUFFIXES,
)


class CorpusError(Exception):
    """The corpus cannot be used at all (missing folder, no readable document)."""


def missing_corpus(corpus_dir: Path) -> CorpusError:
    """The error for a corpus folder that is not there."""
    return CorpusError(f"corpus folder {corpus_dir} does not exist: create it or set RAGQA_CORPUS_DIR")


@dataclass
class CorpusReport:
    """What reading the corpus found, for the build's printed summary."""

    files: int = 0
    documents: int = 0
    skipped: list[str] = field(default_factory=list)
    undated: list[str] = field(default_factory=list)
    """Documents whose publication date could not be read (kept with the raw text; no date filter matches them)."""
    warnings: list[str] = field(default_factory=list)
    """What was read but may not be what the writer meant: a front matter block that is not valid YAML, read line by
    line or kept as text (``headers.front_matter_problems``)."""
    refusing: str = ""
    """What a file with one record left out comes to when that refuses it whole ("refusing the upload bad.jsonl
    (nothing was stored)": ``document_store.parse_upload``), said in the log instead of "skipping"."""

    def skip(self, entry: str) -> None:
        """Note ``entry`` ("notes.jsonl:2: is not a JSON object") as left out, and log it as ``refusing`` says.

        Why: an upload refused whole for its bad line 2, whose response said "nothing was stored", was logged
        "skipping bad.jsonl line 2", as if the rest had been stored."""
        self.skipped.append(entry)
        if self.refusing:
            log.warning("%s: %s", self.refusing, entry)
        else:
            log.warning("skipping %s", entry)

    def skip_records(
        self, rel: str, failures: list[tuple[int, str]], noun: str = "records", place: str = "lines"
    ) -> None:
        """Note the records of file ``rel`` left out, ``failures`` by their number there (a line, a row) and why:
        once for each reason, with the count and the numbers when several share it ("stops.jsonl: 23 records have
        no text (lines 1-23): give it ..."), as ``skip`` notes one ("stops.jsonl:4: has no text: ...").

        Why: a JSONL export whose 23 records had no text said so 23 times in the same 300 characters, in the log,
        the build summary and every job report."""
        numbers_of: dict[str, list[int]] = {}
        for number, why in sorted(failures):
            numbers_of.setdefault(why, []).append(number)
        for why, numbers in numbers_of.items():
            if len(numbers) == 1:
                self.skip(f"{rel}:{numbers[0]}: {why}")
                continue
            head, colon, detail = why.partition(": ")
            said = _said_of_many(head)
            where = f"({place} {_number_spans(numbers)})"
            if said:
                self.skip(f"{rel}: {len(numbers)} {noun} {said} {where}{colon}{detail}")
            else:
                self.skip(f"{rel}: {len(numbers)} {noun} {where}: {why}")


_SPANS_SAID = 10
"""The most runs of numbers a grouped skip names ("lines 1-3, 7, 9-12"); the rest are counted."""


def _number_spans(numbers: list[int]) -> str:
    """Sorted numbers as runs: [1, 2, 3, 7, 9, 10] as "1-3, 7, 9-10"; past ``_SPANS_SAID`` runs, "and 40 more"."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    said = [f"{first}-{last}" if last > first else str(first) for first, last in runs[:_SPANS_SAID]]
    rest = sum(last - first + 1 for first, last in runs[_SPANS_SAID:])
    return ", ".join(said) + (f" and {rest} more" if rest else "")


def _said_of_many(reason: str) -> str:
    """What a record's reason says of several ("has no text": "have no text"; "is not a JSON object": "are not JSON
    objects"); "" when it is no such sentence (a JSON parser's message)."""
    verb, _, rest = reason.partition(" ")
    if verb == "has" and rest:
        return f"have {rest}"
    if verb == "is" and rest:
        single = re.fullmatch(r"(not )?an? (.+)", rest)
        return f"are {single.group(1) or ''}{single.group(2)}s" if single else f"are {rest}"
    return ""


# ---------------------------------------------------------------- markdown

_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\([^)]*\)")
_REF_LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\[[^\]]*\]")
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_ITALIC = re.compile(r"(?<![\w*\\])\*(?!\s)([^*\n]+?)(?<![\s\\])\*(?![\w*])")
_UNDERSCORED = re.compile(r"(?<![\w\\])_(?![\s_])([^_\n]+?)(?<![\s\\])_(?!\w)")
"""Emphasis written with underscores ("remove _all_ lines"); "HOME_DIR" and "snake_case" are words."""
_CODE = re.compile(r"`([^`]*)`")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
"""A backslash escape: CommonMark lets any ASCII punctuation be escaped ("\\<integer>")."""
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+\s*(?:[\"'(].*)?$")
_LINK_ONLY = re.compile(r"^\s*\[(?:\\.|[^\]\\])*\]\([^)]*\)\s*$")
_PICTURE = r"!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])"
_BADGE = re.compile(rf"\[{_PICTURE}\](?:\([^)]*\)|\[[^\]]*\])|{_PICTURE}")
_BADGES = re.compile(rf"^\s*(?:(?:{_BADGE.pattern})\s*)+$")
"""A line of images only, as a README's badges are ("[![PyPI version](...svg)](https://pypi.org/...)", "![Build
Status][ci]"): their alt texts ("Build Status codecov") say nothing a reader asks about."""


def _badges(line: str) -> bool:
    """Whether ``line`` holds only badges: linked images, or two images or more (a picture alone keeps its alt text
    as a caption)."""
    if not _BADGES.match(line):
        return False
    found = _BADGE.findall(line)
    return len(found) > 1 or line.lstrip().startswith("[")


_FENCE = sites.FENCE
"""A fenced code block opens or closes: its lines are kept as lines, indented by ``CODE_INDENT``."""
_SETEXT = re.compile(r"^\s{0,3}(?:=+|-{2,})\s*$")
"""The line under a heading written the other Markdown way ("Title" over "=====" or "-----")."""
_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_BLOCK = re.compile(r"^(?:\s*(?:[-*+]\s|\d{1,9}[.)]\s)|\s{0,3}(?:>|\||<|[-=*_]{3,}\s*$))")
"""A line that starts a block of its own (a list item, nested at any depth, a quotation, a table row, HTML, a
rule): never the rest of the paragraph above it."""
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s")
_QUOTE = re.compile(r"^(?:\s{0,3}>[ \t]?)+")
_ALERT = re.compile(r"^\[!(\w+)\][+-]?\s*(.*)$")
"""A GitHub alert or Obsidian callout opening a block quote ("> [!NOTE]", "> [!warning]- Data loss")."""
_FIELD_LINE = re.compile(r"^\s{0,3}[A-Z][\w'/&-]*(?:[ \t]+[\w'/&-]+){0,3}[ \t]*:[ \t]+\S")
"""A "Key: value" line ("Tags: planning", "Last edited time: July 2, 2020"): a run of them is a list of
properties (a Notion page's, minutes' "Date:" and "Attendees:"), one a line, not one paragraph."""
_ITEM_START = re.compile(r"^\s*(?:[-*+]|(\d{1,9})[.)])[ \t]*(\S?)")
"""A list item's marker, its number if any, and its first character (none: an empty item)."""


def _interrupts(line: str, in_list: bool, next_number: int = 0) -> bool:
    """Whether ``line`` starts a block that ends the paragraph above it, as CommonMark (and markdown-it) read it:
    in a list any item marker opens the next item, but outside one a list may interrupt a paragraph only when its
    item has text and, if numbered, is numbered 1. Why: a hard-wrapped sentence's next line may open with a number
    ("... runs from 1 to 21 March" over "2026. Prices: ..."); read as a list item, it kept a line break mid-sentence.
    ``next_number``: the number the last numbered list's next item takes; an item so numbered goes on that list
    even when the text between left it (a page converted from HTML writes an item's code block and the paragraph
    under it unindented: "1. By returning a tuple:", code, "This is the clearest.", "2. By using globals.").

    >>> _interrupts("2026. Prices: jersey £48.", False), _interrupts("1. Renew now.", False)
    (False, True)
    >>> _interrupts("2. Renew in May.", True), _interrupts("2. Renew in May.", False, 2), _interrupts("- red", False)
    (True, True, True)
    """
    if not _BLOCK.match(line):
        return False
    item = _ITEM_START.match(line)
    if in_list or item is None:
        return True
    return bool(item.group(2)) and (item.group(1) is None or int(item.group(1)) in (1, next_number))


_INLINE_HTML = re.compile(
    r"</?(?:br|b|i|em|strong|code|kbd|sup|sub|span|a|u|s|small|mark|abbr|tt|var|samp|cite|q|dfn|ins|del"
    r"|h[1-6]|p|div|center|img|picture|source|details|summary|figure|figcaption)\b(?:\s[^<>]*)?/?>|<!--.*?-->",
    re.IGNORECASE,
)
"""The HTML tags Markdown lets a writer use ("the default.<br>See also", "<kbd>Ctrl</kbd>", a README's centred
'<h4 align="center">Rapid fuzzy string matching</h4>' and logo '<img src=...>'), and comments: a reader sees
their text (an image shows no words); a line break is a space."""
_CODE_SPAN = sites.CODE_SPAN


def _without_inline_html(line: str) -> str:
    """``line`` without inline HTML tags outside code spans (where "`<b>`" is text)."""
    if "<" not in line:
        return line
    parts = _CODE_SPAN.split(line)
    return "".join(
        part
        if part.startswith("`")
        else _INLINE_HTML.sub(lambda m: " " if m.group()[1:3].lower() == "br" else "", part)
        for part in parts
    )


_WIKI_EMBED = re.compile(r"!\[\[[^\]\n]*\]\]")
_WIKI_LINK = re.compile(r"\[\[(?!\s)([^\]|#\n]*)(?:#([^\]|\n]*))?(?:\|([^\]\n]*))?\]\]")
"""``[[Sam Patel|Sam]]`` reads "Sam", ``[[Garden project]]`` and ``[[Garden project#Tasks]]`` "Garden project" (not
a shell's ``[[ -f x ]]``)."""


def clean_inline(line: str) -> str:
    """Reduce markdown inline syntax to the words a reader sees (links keep their text). Code spans lose their
    backticks and nothing else: emphasis and escapes are read outside them only, so ``__init__``, ``**kwargs``
    and a glob's ``**`` stay as written."""
    line = _without_inline_html(line)
    if "[[" in line:  # Obsidian's and wikis' links: an embed is nothing to read, a link its alias or target
        line = _WIKI_LINK.sub(lambda m: (m.group(3) or m.group(1)).strip(), _WIKI_EMBED.sub("", line))
    line = _IMAGE.sub(r"\1", line)
    line = _LINK.sub(r"\1", line)
    line = _REF_LINK.sub(r"\1", line)
    spans: list[str] = []

    def hold(match: re.Match) -> str:
        spans.append(match.group(1))
        return f"\ue000{len(spans) - 1}\ue001"

    line = _CODE.sub(hold, line) if "\ue000" not in line else _CODE.sub(r"\1", line)
    line = _EMPHASIS.sub(r"\2", line)
    line = _ITALIC.sub(r"\1", line)
    line = _UNDERSCORED.sub(r"\1", line)
    line = _ESCAPE.sub(r"\1", line)
    if "&" in line:  # entities read as what they show ("&lt;filename&gt;", "&nbsp;"), outside code spans
        line = html.unescape(line).replace("\xa0", " ")
    if spans:
        line = _HELD.sub(lambda m: spans[int(m.group(1))], line)
    return line.rstrip()


_HELD = re.compile("\ue000(\\d+)\ue001")
"""A code span held out of the emphasis rules (private-use characters around its number)."""


def _ends_paragraph(lines: list[str], number: int) -> bool:
    """Whether no paragraph text follows line ``number``: a link wrapped onto a line of its own inside a sentence
    ("has a\n[Code of Conduct](...)\nto which all contributors must adhere.") is the sentence's words."""
    following = lines[number + 1] if number + 1 < len(lines) else ""
    return not following.strip() or bool(_HEADING.match(following) or _BLOCK.match(following))


def _alone_in_section(lines: list[str]) -> set[int]:
    """The lines that are a section's only text: a bare link there is what the section says ("## License" over
    "[The MIT License](LICENSE)"), not navigation."""
    alone: set[int] = set()
    body: list[int] = []
    for number, line in enumerate([*lines, "# end"]):
        if _HEADING.match(line):
            if len(body) == 1:
                alone.update(body)
            body = []
        elif line.strip() and not _REFERENCE.match(line):
            body.append(number)
    return alone


def _titles_a_head(lines: list[str], number: int) -> bool:
    """Whether line ``number``, the first of a file without a heading above it, is a title over a byline ("Student
    tickets almost gone" over "Thea Rønning | 1 July 2025") or a date line ("Notice of application for a drought
    permit" over "Date of notice: 29 September 2025"), as a post copied out of a CMS or a plain-text title block
    sets it: a short line, no sentence, and under it a line naming an author (``headers.read_byline``, or a name
    and a job title, ``headers.name_and_role``) or the day, and nothing more (``headers.read_date_line``). Why:
    Markdown joined the two into one paragraph, and the post or notice had no title, author or date, where the same
    text saved as ``.txt`` had them. A byline may stand after blank lines, the title a paragraph of its own, as a
    CMS's copy leaves it ("Election count moves to Friday daytime" / "" / "By Hollie Brandwood"), as plain text
    reads it too (``_without_head_lines``); a date line so set is no title's, as a letter's head sets its day under
    the sender's address.

    >>> _titles_a_head(["Notice of a drought permit", "Date of notice: 29 September 2025"], 0)
    True
    >>> _titles_a_head(["Election count moves to Friday daytime", "", "By Hollie Brandwood | 14 April 2026"], 0)
    True
    >>> _titles_a_head(["The Vicarage, 2 Church Street, Wexcombe", "", "23 November 2025"], 0)
    False
    >>> _titles_a_head(["The following dates apply:", "1 July 2025"], 0)
    False
    >>> _titles_a_head(["Version: 3.1", "Reviewed: 2025-04-01"], 0)  # a record's header
    False"""
    text = clean_inline(lines[number]).strip()
    under = next((line for line in lines[number + 1 :] if line.strip()), "")
    below = clean_inline(under).strip()
    apart = number + 1 < len(lines) and not lines[number + 1].strip()  # the title a paragraph of its own
    if not text or not below or len(text) > 120 or text.endswith(".") or _BLOCK.match(lines[number]):
        return False
    if read_byline(text) is not None or read_date_line(text) is not None:
        return False  # the line is a byline or a date itself, read as one
    byline = read_byline(below)
    if byline is not None:
        return bool(byline.author)
    if name_and_role(below):
        return True  # "Priya Lomax, Trade Sales Manager": the author, as under a plain-text or a Word title
    if apart:
        return False  # a day alone under a paragraph of one line: a letter's under its sender's address
    if _FIELD_LINE.match(text) and _FIELD_LINE.match(below) and not titles_the_block(text):
        return False  # a record's header ("Version: 3.1" over "Reviewed: 2025-04-01"), read as its fields
    date = read_date_line(below)  # a sentence going on to its day ("... dates apply:") is no title
    return date is not None and not date.more and not text.endswith((":", ";", ","))


def _title_over_head(lines: list[str]) -> tuple[int, str]:
    """The number of a Markdown file's title line under a kicker or a letterhead (``_title_line``) that is a title
    over its byline or date (``_titles_a_head``), and what the letterhead adds to the title; (0, "") for none, or
    when the file opens with a heading or a block. Why: "PRESS RELEASE" over a headline and its "For immediate
    release" line, saved as Markdown, was one paragraph, and the release had no title of its own."""
    top = next((n for n, line in enumerate(lines) if line.strip()), len(lines))
    if top == len(lines) or _HEADING.match(lines[top]) or _BLOCK.match(lines[top]):
        return 0, ""
    at, over = _title_line([clean_inline(line) for line in lines[top:]])
    return (top + at, over) if at and _titles_a_head(lines, top + at) else (0, "")


def parse_markdown(
    raw: str, doc_id: str, path: str = "", head_lines: bool = True, title_block: bool = True
) -> Document:
    """Turn markdown into text plus sections; front matter, the title, byline and date become metadata
    (``ingest.headers`` says which forms are read). Without ``head_lines`` (a sheet's rows) no line under the title
    is read as a byline or date: "Date: 3 January 2025; Event: INSET day" is a row, not the sheet's date. Without
    ``title_block`` (a Word file's text: ``ingest.word`` reads its title block, whose lines stay text) a name and a
    job title under the title is no byline (``headers.ArticleHead.titled``)."""
    meta, raw = split_front_matter(raw, doc_id)
    lines = sites.reader_markdown(raw.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    lines = apparatus.without_apparatus(lines)  # a table of contents, a list of references, "Main article: ..."
    lines, signature = _signed(lines) if head_lines else (lines, None)  # a notice's name, role and day, as in text
    title = meta.title
    at, over = _title_over_head(lines) if head_lines and not title else (0, "")  # a kicker's, a letterhead's
    out: list[str] = []
    offset = 0
    sections: list[list] = []  # [heading, start, end]
    head = ArticleHead()
    seen_body = False
    head_fields = False  # the text so far is one run of "Key: value" lines, a record's header the head reads on in
    headed = head_over = False  # a heading was read; a second one: the article's head (byline, date) is over
    fence = ""  # the marker of the code block the line is in
    runs_on = False  # the last line emitted is paragraph text that the next one may continue
    single = False  # ... and it is one line of the source
    paragraph = ""  # ... as written
    in_list = False  # the last text was a list item or its indented paragraphs
    next_number = 0  # the number the next item of the section's last numbered list takes
    fields = False  # ... and the last line emitted is a "Key: value" line of its own
    header: list[str] | None = None  # the column names of the table the line is in

    def emit(text: str) -> int:
        nonlocal offset
        start = offset
        out.append(text)
        offset += len(text) + 1
        return start

    def blank() -> None:
        if out and out[-1] != "":
            emit("")

    def own_paragraph(text: str) -> None:
        """``text`` as a paragraph of its own (an update line, a table's row), in the first section if none began."""
        if not sections:
            sections.append([title, offset, offset])
        blank()
        emit(text)
        blank()

    alone = _alone_in_section(lines)
    above_levels: list[tuple[int, str]] = []  # the headings the next one may be under: (level, text)
    quoted = fence_quoted = False  # the last line was in a block quote; the code block the line is in, too
    for number, line in enumerate(lines):
        if number < at:  # "PRESS RELEASE" over the title: a line of the text, in no section, as in plain text
            if line.strip():
                emit(clean_inline(line).strip())
            else:
                blank()
            continue
        quote = _QUOTE.match(line) if not fence or fence_quoted else None
        if quote:  # a block quote reads as its text ("> [!NOTE]" as "Note:"), a block of its own
            line = line[quote.end() :]
            alert = None if quoted else _ALERT.match(line.strip())
            line = sites.lead(alert.group(1), alert.group(2) or None) if alert else line
        if bool(quote) != quoted and not fence:
            runs_on = False
        quoted = bool(quote)
        if fence or _FENCE.match(line):
            marker = _FENCE.match(line)
            if marker and (not fence or marker.group(1) == fence):
                fence = "" if fence else marker.group(1)
                fence_quoted = quoted
                blank()  # a code block is a block of its own
            elif line.strip():
                emit(CODE_INDENT + line.rstrip())
            runs_on = False
            continue
        setext = runs_on and single and not _BLOCK.match(paragraph) and _SETEXT.match(line)
        heading = None if setext else _HEADING.match(line)
        over_head = not (setext or heading or seen_body or (out and number != at)) and _titles_a_head(lines, number)
        if setext or heading or over_head:
            if heading:  # a heading's badges are pictures, not its words
                text = clean_inline(_IMAGE.sub("", heading.group(2))).strip()
            elif over_head:  # a title without "#" over its byline or date: a heading all the same
                text = clean_inline(line).strip()
            else:  # the paragraph line above, now underlined, was a heading
                above = out.pop()
                offset -= len(above) + 1
                text = above.strip()
            if not text:
                continue
            if at and number == at and over_head:
                title = f"{over}: {text}" if over else text  # under a letterhead, or a kicker
            if not title and not any(kept.strip() for kept in out) and not formats.names_a_section(text):
                title = text  # a heading below text heads a section ("## Compatibility" in a README opening with a
                # paragraph), not the document
            if sections:
                sections[-1][2] = max(sections[-1][1], offset - 1)
            head_over, headed = headed, True
            head.titled = title_block and not head_over and text == title  # a name and a job title under it: a byline
            blank()
            emit(text)
            level = len(heading.group(1)) if heading else 1 if over_head or line.lstrip().startswith("=") else 2
            while above_levels and above_levels[-1][0] >= level:
                above_levels.pop()
            release = next((t for _, t in reversed(above_levels) if t != title and formats.names_release(t)), "")
            above_levels.append((level, text))
            sections.append([f"{release} \u2014 {text}" if release else text, offset, offset])
            head.expecting_author = False
            runs_on = in_list = False
            next_number = 0
            continue
        if (not seen_body or head_fields) and head_lines and not head_over:  # a date under a section's heading is
            # the section's; a record's header ("Status: Accepted" over "Date: ..." and "Authors: ...") is the head
            plain = clean_inline(line).strip()
            if plain and head.take(plain):
                if head.kept and head_fields:  # an update line in a record's header: a line of it, as written
                    emit(plain)
                elif head.kept:  # an update line: a paragraph of the text, the head read on after it
                    own_paragraph(plain)
                    runs_on = in_list = False
                continue
        if _REFERENCE.match(line):
            continue  # "[hooks]: https://...": where a link goes, which the text never shows
        if _badges(line):
            continue
        if _LINK_ONLY.match(line) and number not in alone and not runs_on and _ends_paragraph(lines, number):
            continue  # a bare link amid paragraphs is navigation ("read also"), not article text
        if _RULE.match(line):  # a thematic break says nothing
            blank()
            runs_on = False
            continue
        if line.lstrip().startswith("<") and not _without_inline_html(line).strip():
            blank()  # tags alone, indented or not, as in an HTML block ('    <img src=... alt="Coverage">')
            runs_on = False
            continue
        if not runs_on and not in_list and line.startswith((CODE_INDENT, "\t")) and line.strip() and seen_body:
            emit(line.rstrip())  # an indented code block (not a list item's paragraph): a line of its own, as written
            continue
        if header is not None and "|" not in line:
            header = None
        if "|" in line and (header is not None or (number + 1 < len(lines) and tables.is_rule(lines[number + 1]))):
            if header is None:  # a table's header row: its names go into every row below
                header = [clean_inline(cell).strip() for cell in tables.cells(line)]
                if not tables.pair_header(header, title or formats.title_from(doc_id)):
                    continue
                header = []  # an info box's first label and value: a row, as the rows under it are
            if tables.is_rule(line):
                continue
            row = tables.row_text(header, [clean_inline(cell).strip() for cell in tables.cells(line)])
            if row:  # a paragraph of its own, so no sentence runs from one row into the next
                seen_body, head_fields = True, False
                own_paragraph(row)
            runs_on = in_list = False
            continue
        text = clean_inline(line)
        if not text.strip():
            blank()
            runs_on = head_fields = False
            continue
        field = bool(_FIELD_LINE.match(text))  # read without its emphasis: "**Credits:** 4" is a "Key: value" line
        head_fields = field and (head_fields or not seen_body) and not _BLOCK.match(line)
        seen_body = True
        if not sections:
            sections.append([title, offset, offset])
        continued = runs_on and not _interrupts(line, in_list, next_number) and not (field and fields)
        if continued:  # Markdown reads a paragraph's line breaks as spaces
            paragraph += " " + line.strip()  # cleaned whole: a link or emphasis may span a line break
            joined = clean_inline(paragraph)
            offset += len(joined) - len(out[-1])
            out[-1] = joined
            single = fields = False
        else:
            emit(text)
            paragraph, single, fields = line, True, field
        # two trailing spaces or a backslash break the line; a table row or HTML stands alone
        runs_on = not line.endswith(("  ", "\\")) and not line.lstrip().startswith(("|", "<"))
        item = None if continued else _ITEM_START.match(line) if _LIST_ITEM.match(line) else None
        next_number = int(item.group(1)) + 1 if item and item.group(1) else next_number
        in_list = bool(item) or (in_list and (line[:1].isspace() or continued))  # a lazy line goes on the item

    body = "\n".join(out).rstrip()
    if sections:
        sections[-1][2] = len(body)
    clean_sections = tuple(
        Section(h, s, min(e, len(body))) for h, s, e in sections if body[s : min(e, len(body))].strip()
    )
    return _document(doc_id, title or formats.title_from(doc_id), body, clean_sections, meta, head, path, signature)


def _document(
    doc_id: str,
    title: str,
    text: str,
    sections: tuple[Section, ...],
    meta: FrontMatter,
    head: ArticleHead,
    path: str,
    signature: Signature | None = None,
) -> Document:
    """A document whose metadata is its front matter's, else what its head's byline and date lines say, else (its
    author) who its head or foot says took its minutes (``headers.minutes_by``: "Minutes taken by: Tom Whitlock"),
    else what the signature closing it gives (``_signed``), else the byline it ends with (``headers.closing_byline``).
    Why: a signature without a day, read before the head, left an update's byline and date unread.

    >>> head = ArticleHead(author="Tom Ellery", published_at="18 October 2025")
    >>> doc = _document("u", "U", "Text.", (), FrontMatter(), head, "", Signature("Jo Amos", "Director", "", 2))
    >>> doc.author, doc.published_at
    ('Tom Ellery', '18 October 2025')"""
    taker = "" if meta.author or head.author else minutes_by([line for line in text.split("\n") if line.strip()])
    signer = signature.name if signature is not None else ""
    signed = None if meta.author or head.author or taker or signer else closing_byline(text)
    signed_on = signed.date.text if signed is not None and signed.date is not None else ""
    return Document(
        doc_id=doc_id,
        title=title,
        text=text,
        sections=sections,
        url=meta.url,
        source=meta.source,
        author=meta.author or head.author or taker or signer or (signed.author if signed is not None else ""),
        published_at=meta.published_at or head.published_at or (signature.day if signature else "") or signed_on,
        category=meta.category,
        path=path,
    )


def parse_plain_text(raw: str, doc_id: str, path: str = "", title_line: bool = False) -> Document:
    """Plain text: a short first line is the title (a heading, not a sentence of the text, so not one its next line
    goes on; with ``title_line``, a message's subject set over its text, the first line whatever it ends with; the
    line under a kicker, "PRESS RELEASE", or under a letterhead with it, ``_title_line``);
    headings laid out as lines of their own open sections (``ingest.plain``), and prose indented for layout is set
    flush left.

    Front matter, and byline and date lines right after the title, are read as in markdown and leave the text; a
    clearsigned text is read without its armour and signature (``plain.without_clearsign``).
    """
    meta, raw = split_front_matter(raw, doc_id)
    text = plain.without_clearsign(raw.replace("\r\n", "\n").replace("\r", "\n")).strip()
    at, over = _title_line(text.split("\n"))
    if at and not _titles_text(text.split("\n")[at:], meta, title_line):
        at, over = 0, ""
    above = "".join(line + "\n" for line in text.split("\n")[:at])  # a kicker, a letterhead: text over the title
    text = "\n".join(text.split("\n")[at:])
    first = text.partition("\n")[0]
    titled = _titles_text(text.split("\n"), meta, title_line)
    # a running head's runs of spaces ("LS(1)        User Commands        LS(1)") are one space in a title
    title = meta.title or (plain.without_mode_line(" ".join(first.split())) if titled else formats.title_from(doc_id))
    title = f"{over}: {title}" if over and not meta.title else title
    lines = text.split("\n")
    page = plain.manual_page(lines)
    if page is not None:
        title = meta.title or page.title or title
        meta = replace(meta, published_at=meta.published_at or page.date)
    head = ArticleHead(titled=titled)
    if titled:
        lines = _without_date_below_title(lines, head)
    lines, signature = _signed(lines)
    signed = signature.line() if signature is not None else ""
    laid = plain.layout(_without_head_lines(lines, 1 if titled else 0, head), skip_first=titled, signature=signed)
    text = laid.text.strip("\n")
    shift = len(laid.text) - len(laid.text.lstrip("\n")) - len(above)
    sections: list[Section] = []
    ends = [offset - shift for _, offset in laid.headings] + [len(above) + len(text) + 1]
    text = above + text
    # the title line heads the first section, as a Markdown title does
    lead = text.find("\n", len(above)) + 1 if titled else 0
    if ends[0] > lead and text[lead : ends[0]].strip():
        sections.append(Section(title, lead, ends[0] - 1))
    for (heading, offset), end in zip(laid.headings, ends[1:], strict=True):
        body = text.find("\n", offset - shift)
        if body >= 0 and body + 1 < end - 1:
            sections.append(Section(heading, body + 1, end - 1))
        elif offset in laid.outlined:  # a release over its parts ("** Bug fixes"): its line, with its day, is its text
            sections.append(Section(heading, offset - shift, body if body >= 0 else len(text)))
    whole = tuple(sections) or (Section(title, 0, len(text)),)
    return _document(doc_id, title, text, whole, meta, head, path, signature)


def _titles_text(lines: list[str], meta: FrontMatter, title_line: bool) -> bool:
    """Whether the first of ``lines`` titles the text under it (``parse_plain_text``)."""
    first, second = lines[0], lines[1].strip() if len(lines) > 1 else ""
    return any(line.strip() for line in lines[1:]) and (
        title_line
        or (
            not second[:1].islower()  # "... Supersedes Version 1.0 ratified" over "on July 5, 1997." is no title
            and len(first) <= 120
            and not first.rstrip().endswith((".", "?", "!"))
            and read_byline(first) is None
            and read_date_line(first) is None
            and not plain.STARRED.match(first)  # an outline's first heading or a list's first item is no title
            and not plain.DEBIAN_ENTRY.match(first)  # nor a changelog's newest entry
            and not formats.names_a_section(first)
            # kept from a header block ("Version: 015"), unless a title ("Candidate Interview: Marcus Lee, ...")
            and not (meta != FrontMatter() and is_header_line(first) and not titles_the_block(first))
        )
    )


LETTERHEAD_CHARS = 80
"""The longest line read as a letterhead over a title: an organisation's name."""


def _title_line(lines: list[str]) -> tuple[int, str]:
    """The number of the line that titles a plain text under the line it opens with, and what that line adds to
    the title; (0, "") when its first line is its title. Under a kicker ("PRESS RELEASE", ``headers.kicker``) the
    next line is the title, the headline; under a letterhead (a line of its own naming no kind of document, "ARDMORROW
    HARBOUR AUTHORITY") a line that says what the document is ("NOTICE TO MARINERS No. 09 of 2026", "New Member
    Welcome Pack") titles it with the letterhead, "ARDMORROW HARBOUR AUTHORITY: NOTICE TO MARINERS No. 09 of 2026",
    as a Word file's title naming the organisation over such a heading does (``headers.titled_under``, the rule the
    Word and PDF readers share).
    The letterhead may stand right over that line, as notices set it, when it reads as a name of its own
    (``_names_itself``).

    Why: a press release was titled "PRESS RELEASE", as every release of its sender is, and a notice on a letterhead
    by the letterhead; neither had the date line under its real title read.

    >>> _title_line(["PRESS RELEASE", "Library reopens", "", "Text."])
    (1, '')
    >>> _title_line(["Ashcombe Parish Council", "", "Minutes of the Annual Meeting", "", "Text."])
    (2, 'Ashcombe Parish Council')
    >>> _title_line(["NOTICE OF ELECTION", "", "Minutes of the Annual Meeting", "", "Text."])
    (0, '')
    >>> _title_line(["ARDMORROW HARBOUR AUTHORITY", "NOTICE TO MARINERS No. 09 of 2026", "", "Text."])
    (1, 'ARDMORROW HARBOUR AUTHORITY')"""
    first = lines[0].strip()
    below = next((n for n in range(1, len(lines)) if lines[n].strip()), 0)
    if not below:
        return 0, ""
    if kicker(first):
        return below, ""
    letterhead = (
        (below >= 2 or _names_itself(first, lines[below]))
        and len(first) <= LETTERHEAD_CHARS
        and not first.endswith((".", "!", "?", ":", ","))
        and read_byline(first) is None
        and read_date_line(first) is None
    )
    return (below, first) if letterhead and titled_under(first, lines[below].strip()) else (0, "")


def _names_itself(line: str, following: str) -> bool:
    """Whether ``line``, set right over ``following`` with no blank line between, is a line of its own naming its
    sender, a letterhead: every word capitalised ("HOLLINSFORD & DISTRICT ALLOTMENT SOCIETY", "Ashcombe Parish
    Council", ``headers.capitalised``) and no sentence going on at the next line (``chunking.continues``). Why: a
    notice set its letterhead right over "Notice of Annual General Meeting 2026", as notices are set, and was titled
    by the letterhead alone, where the same lines set apart were titled by both; a sentence wrapped before a
    document's name ("Please read the updated" over "Safeguarding Policy") is no letterhead.

    >>> _names_itself("ARDMORROW HARBOUR AUTHORITY", "NOTICE TO MARINERS No. 09 of 2026")
    True
    >>> _names_itself("Please read the updated", "Safeguarding Policy"), _names_itself("Welcome To The", "Report")
    (False, False)"""
    return capitalised(line) and not continues(line, following, None)


def _signed(lines: list[str]) -> tuple[list[str], Signature | None]:
    """``lines`` with the signature closing them (``headers.closing_signature``: a notice's or a letter's name, role
    and day, one a line) as one line, "Claire Ventnor, Society Secretary, 14 March 2025", as a PDF's reads, and the
    signature, whose name and day sign and date the text when nothing above does (``_document``). Why: the role and
    the day read as a sentence without the name, and the notice had no author or date.

    >>> _signed(["Notice", "", "Claire Ventnor", "Society Secretary", ""])[0]
    ['Notice', '', 'Claire Ventnor, Society Secretary', '']"""
    for end in _signature_ends(lines):
        signature = closing_signature(lines[:end])
        if signature is not None:
            last = end - next(n for n, line in enumerate(reversed(lines[:end])) if line.strip())
            return [*lines[: last - signature.lines], signature.line(), *lines[last:]], signature
    return lines, None


def _signature_ends(lines: list[str]) -> list[int]:
    """Where the signature that signs ``lines`` may end: at their end, and in a press release, right above the mark
    that ends its text ("ENDS", ``headers.ends_release``) or in the paragraph right under it, over the notes to
    editors. Why: a press release set "Ends" / "Rory Fairlie" / "Press Officer" / "2 March 2026" over its notes to
    editors and was neither signed nor dated."""
    ends = [len(lines)]
    marks = [n for n, line in enumerate(lines) if line.strip() and ends_release(line.strip())]
    if marks:
        mark = marks[-1]
        below = next((n for n in range(mark + 1, len(lines)) if lines[n].strip()), len(lines))
        after = next((n for n in range(below, len(lines)) if not lines[n].strip()), len(lines))
        ends += [mark, after]
    return ends


SUBTITLE_LINES = 3
"""How many lines of a title block may stand between the title and its date ("HARBORVIEW CITY COUNCIL" /
"PLANNING AND LAND USE HEARING - TRANSCRIPT" / "April 16, 2025")."""


def _without_date_below_title(lines: list[str], head: ArticleHead) -> list[str]:
    """``lines`` without the date line of the title block, which ``head`` reads: a date under up to
    ``SUBTITLE_LINES`` lines going on with the title (short, no sentence), or alone in the paragraph right after
    the block ("(Company number 11854302)" / "" / "Date: 20 February 2024"). Unchanged when the line right under
    the title is a byline or date (``_without_head_lines`` reads those) or there is none. Why: a hearing's and
    a resolution's day, written so, left them undated.

    A line of the block ending on a day after a comma (``dates.closing_day``: "Harrowfield Libraries press
    release, 15 September 2026") dates the text too, and stays in it: it says who issued it."""
    block = 0
    for number in range(1, min(len(lines), 2 + SUBTITLE_LINES)):
        line = lines[number].strip()
        if not line:
            break
        if read_date_line(line) is not None or read_byline(line) is not None:
            if number == 1:
                return lines
            return _head_read(lines, number, head) or lines  # "Owner: ..." over "Last reviewed ...": both
        if len(line) > 80 or line.endswith((".", "!", "?", ":")):
            return lines
        if day := closing_day(line):
            head.published_at = day
            return lines
        head.names(line)  # "Marcus Bell, Sports Development Officer": the author, and a line of the block all the same
        block = number
    if not block and (lifted := _organisation_apart(lines, head)):
        return lifted
    below = block + 1
    while below < len(lines) and not lines[below].strip():
        below += 1
    alone = below + 1 >= len(lines) or not lines[below + 1].strip()
    if (
        block
        and below < len(lines)
        and alone
        and read_date_line(lines[below].strip())
        and head.take(lines[below].strip())
    ):
        return [*lines[:below], *lines[below + 2 :]]  # its paragraph, and the blank line after it
    return lines


def _head_read(lines: list[str], start: int, head: ArticleHead) -> list[str] | None:
    """``lines`` without the run of byline and date lines ``head`` reads from ``start`` (``_without_head_lines``),
    or None when it reads none."""
    before = (head.author, head.published_at)
    text = _without_head_lines(lines, start, head)
    return text.split("\n") if (head.author, head.published_at) != before else None


def _organisation_apart(lines: list[str], head: ArticleHead) -> list[str] | None:
    """``lines`` with the organisation's name set apart under the title ("COMPLAINTS PROCEDURE" / "" / "Millbrook
    Dental Practice" / "" / "Owner: ..." / "Last reviewed 14 July 2025") set right under it, a line of the title
    block, and the byline and date lines under it read by ``head``; None when the paragraph under the title is no
    such name (a line of its own, every word capitalised, naming no kind of section: ``headers.capitalised``,
    ``formats.names_a_section``) or no byline or date follows it. Why: the policy had no author or date, and the
    practice's name headed the whole policy as its section; set tight, the lines were read.

    >>> head = ArticleHead(titled=True)
    >>> _organisation_apart(["NOTICE", "", "Calder Ltd", "", "Owner: Jo Amos", "", "Text."], head), head.author
    (['NOTICE', 'Calder Ltd', '', 'Text.'], 'Jo Amos')
    >>> _organisation_apart(["NOTICE", "", "Background", "", "Updated: 3 May 2024", "", "Text."], ArticleHead())"""
    name = next((n for n in range(1, len(lines)) if lines[n].strip()), 0)
    line = lines[name].strip() if name else ""
    if (
        not line
        or name + 1 >= len(lines)
        or lines[name + 1].strip()  # a paragraph of one line
        or len(line) > LETTERHEAD_CHARS
        or line.endswith((".", "!", "?", ":", ","))
        or not capitalised(line)
        or formats.names_a_section(line)
        or read_byline(line) is not None
        or read_date_line(line) is not None
    ):
        return None
    below = next((n for n in range(name + 1, len(lines)) if lines[n].strip()), 0)
    if not below or (read_byline(lines[below].strip()) is None and read_date_line(lines[below].strip()) is None):
        return None
    return _head_read([lines[0], lines[name], *lines[name + 1 :]], 2, head)


def _without_head_lines(lines: list[str], start: int, head: ArticleHead) -> str:
    """The text of ``lines`` without the byline and date lines ``head`` takes from ``start`` to the first paragraph.

    Unchanged when none is taken; else the blank lines around them shrink to one (none at the very top). A run of
    "Key: value" lines, a record's header ("Status: Accepted" over "Date: 11 February 2025" and "Authors: ..."), is
    read to its end, its other fields staying in the text: a status line first left the record undated.
    """
    end = start
    taken = False
    fields: list[str] = []  # the header's lines the head does not take
    while end < len(lines):
        line = lines[end].strip()
        if line and head.take(line):
            taken = True
            if head.named:  # a name and a job title: the author, and the line stays where it is
                fields.append(lines[end])
        elif line and _FIELD_LINE.match(line):
            fields.append(lines[end])
        elif line or fields:  # a paragraph, or the blank line closing the header's run
            break
        end += 1
    if not taken:
        return "\n".join(lines)
    gap = [""] if start and any(not line.strip() for line in lines[start:end]) else []
    return "\n".join([*lines[:start], *gap, *fields, *lines[end:]]).strip()


TEXT_KEYS = ("text", "body", "content", "article", "markdown", "html", "content_html", "body_html")
"""Where a JSONL record's text may be, in this order; HTML under any of them is read as an HTML page is."""
SUMMARY_KEYS = ("abstract", "summary", "description")
"""Where a titled record (a paper, a catalogue entry) keeps its text when it has none under ``TEXT_KEYS``: a lab's
list of papers gives title, authors, year and abstract. Not a record without a title (a ``package.json``'s
"description" says what the package is, not an article) nor a sheet's column (a price list's "description")."""
TEASER_KEYS = ("excerpt", "teaser", "lede", "dek", "standfirst", "snippet")
"""What a CMS export gives beside an article's text to announce it: not said again as a field line."""
YEAR_KEYS = ("year", "publication_year")
"""A record's year of publication, its date when it gives no fuller one: read as that year (``dates.period_of``)."""
ID_KEYS = ("id", "_id", "uuid", "guid")
_MARKUP = re.compile(
    r"^\s*<(?:!doctype|html|head|body|article|main|section|div|p|h[1-6]|ul|ol|table|figure|header|span|a)\b[^>]*>",
    re.IGNORECASE,
)

_CLOSED = re.compile(r"</[A-Za-z][\w-]*>\s*$")
"""HTML text ends on a closing tag; Markdown opening with an HTML block ("<p align=center>" over a README) does not."""
_PAGE = re.compile(r"<html\b", re.IGNORECASE)
_MARKDOWN_HEADING = re.compile(r"^#{1,6}[ \t]+\S", re.MULTILINE)
"""A record's text in Markdown: a line opening with "## " heads a section (no news text opens a line so)."""


def _record_text(value: object) -> str:
    """A text field's string, or the ``rendered`` string of a mapping (WordPress's ``{"rendered": "<p>..."}``)."""
    if isinstance(value, dict):
        value = value.get("rendered")
    return value if isinstance(value, str) and value.strip() else ""


def _record_body(record: dict) -> tuple[str, str]:
    """The key and the text of a record (``TEXT_KEYS``, else the longest of its ``SUMMARY_KEYS`` when it has a
    title, else its messages: ``_thread``); ("", ""). Why the longest: a property listing's one-line "summary"
    stood for it and its "description" of five paragraphs was dropped as the summary's repetition."""
    titled = any(_record_text(record.get(key)) for key in ("title", "headline", "subject"))
    found = next(((k, t) for k in TEXT_KEYS if (t := _record_text(record.get(k)))), ("", ""))
    if not found[1] and titled:
        summaries = [(k, t) for k in SUMMARY_KEYS if (t := _record_text(record.get(k)))]
        found = max(summaries, key=lambda pair: len(pair[1]), default=("", ""))
    return found if found[1] else _thread(record)


MESSAGE_KEYS = ("messages", "comments", "replies", "thread", "conversation", "updates", "notes")
"""Where a record keeps a list of messages, each an object with its own text: a helpdesk ticket's thread, a
forum topic's replies, an issue's comments, an incident's updates."""
_SENDER_KEYS = ("from", "author", "sender", "user", "by", "name", "agent")
_SENT_KEYS = ("sent_at", "created_at", "date", "timestamp", "time", "created", "posted_at", "updated_at")


def _thread(record: dict) -> tuple[str, str]:
    """The key and the text of a record's messages (``MESSAGE_KEYS``), a paragraph each, led by who wrote it, as
    what and when ("Hannah Okafor (customer), 2024-02-06 08:41: Hi, I got a new phone ..."); ("", "") for none.

    Why: a helpdesk or forum export keeps its text in such a list, not under one text key; every ticket of one was
    skipped as having no text."""
    for key in MESSAGE_KEYS:
        items = record.get(key)
        if not isinstance(items, list):
            continue
        paragraphs = [said for item in items if isinstance(item, dict) and (said := _message(item))]
        if paragraphs:
            return key, "\n\n".join(paragraphs)
    return "", ""


def _message(item: dict) -> str:
    """One message of a thread as a paragraph (``_thread``); "" when it has no text."""
    text = next((t for k in (*TEXT_KEYS, "message") if (t := _record_text(item.get(k)))), "").strip()
    if not text:
        return ""
    sender = next((n for k in _SENDER_KEYS if (n := _sender(item.get(k)))), "")
    role = item.get("role")
    who = f"{sender} ({role})" if sender and isinstance(role, str) and role.strip() else sender
    when = next((w for k in _SENT_KEYS if (w := _moment(item.get(k)))), "")
    lead = ", ".join(part for part in (who, when) if part)
    return f"{lead}: {text}" if lead else text


def _sender(value: object) -> str:
    """A message's sender as a name: a string, or the ``name`` (else ``email``) of an object."""
    if isinstance(value, dict):
        value = value.get("name") or value.get("email")
    return value.strip() if isinstance(value, str) else ""


def _moment(value: object) -> str:
    """A message's time as people write it ("2024-02-06 08:41 UTC" for "2024-02-06T08:41:00Z"); other text as it
    is."""
    if not isinstance(value, str) or not value.strip():
        return ""
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return value.strip()
    if len(value.strip()) <= 10:
        return moment.date().isoformat()
    zone = " UTC" if moment.utcoffset() == timedelta(0) else ""
    return f"{moment:%Y-%m-%d %H:%M}{zone}"


def _year_of(record: dict) -> str:
    """The year a record's ``YEAR_KEYS`` give (2023, "2023"), or ""."""
    keys = {str(key).strip().lower(): value for key, value in record.items()}
    for name in YEAR_KEYS:
        value = keys.get(name)
        written = str(value).strip() if isinstance(value, int | str) and not isinstance(value, bool) else ""
        if re.fullmatch(r"[12]\d{3}", written):
            return written
    return ""


def _no_text() -> ValueError:
    """The error for a record without text, saying where its text may be."""
    others = ", ".join(repr(k) for k in TEXT_KEYS[1:])
    summaries = ", ".join(repr(k) for k in SUMMARY_KEYS)
    return ValueError(
        f"has no text: give it as a string under 'text' (or {others}; {summaries} with a 'title'; or a list "
        "of messages with their text under 'messages')"
    )


def _record_id(record: dict, fallback_id: str) -> str:
    """A record's own id (``ID_KEYS``), else ``fallback_id`` (its place in its file)."""
    ids = (record.get(k) for k in ID_KEYS)
    return str(next((v for v in ids if isinstance(v, str | int) and str(v).strip()), fallback_id))


def record_to_document(record: dict, fallback_id: str, path: str = "", data: bool = False) -> Document:
    """One JSONL record to a Document: its text under one of ``TEXT_KEYS`` (``_record_body``), its metadata
    under the keys front matter uses (``headers.metadata_of``: "publishedAt", "authors", a source given as
    ``{"name": ...}``, a date in epoch seconds; else a ``year``), so an export from a CMS, a news API or a list of
    papers indexes as it is. Text that is HTML is read as an HTML page
    (its headings open sections); the record's own metadata comes first. With ``data`` (its file is a list of
    records of data: ``_reads_as_data``), a record without a text key is its fields (``_data_document``)."""
    key, text = _record_body(record)
    if not text:
        if data and not any(k in record for k in TEXT_KEYS):
            return _data_document(record, fallback_id, path)
        raise _no_text()
    meta = metadata_of(record)
    if not meta.published_at:
        meta = replace(meta, published_at=_year_of(record))
    subject = record.get("subject")
    titled_by_subject = not meta.title and isinstance(subject, str) and bool(subject.strip())
    if titled_by_subject:
        meta = replace(meta, title=" ".join(str(subject).split()))  # a ticket's or a message's subject is its title
    thread_key, thread = _thread(record) if key not in MESSAGE_KEYS else ("", "")
    text = f"{text.rstrip()}\n\n{thread}" if thread and "html" not in key else text
    # a teaser beside the text repeats it ("description", "excerpt"): no field line of its own; beside the longest
    # summary, a shorter one may say more ("Pets considered"): a field line unless the text holds it
    said = " ".join(text.casefold().split())
    teasers = (
        {k for k in SUMMARY_KEYS if " ".join(_record_text(record.get(k)).casefold().split()) in said}
        if key in SUMMARY_KEYS
        else set(SUMMARY_KEYS)
    )
    used = {key, thread_key, *TEXT_KEYS, *teasers, *TEASER_KEYS, *ID_KEYS, *(("subject",) * titled_by_subject)}
    used |= set(YEAR_KEYS) if meta.published_at == _year_of(record) else set()
    doc_id = _record_id(record, fallback_id)
    rest = {k: v for k, v in record.items() if k not in used}  # its other fields: "Key: value" lines
    if "html" in key or (_MARKUP.match(text) and _CLOSED.search(text)):
        # a fragment, as CMSs export it, is read as the article of a page
        whole = text if _PAGE.search(text) else f"<html><body><article>{text}</article></body></html>"
        page = _from_extracted(formats.extract_html(whole), path or doc_id)
        page = replace(
            page,
            doc_id=doc_id,
            title=meta.title or page.title,
            url=meta.url or page.url,
            source=meta.source or page.source,
            author=meta.author or page.author,
            published_at=meta.published_at or page.published_at,
            category=meta.category or page.category,
            path=path,
        )
        return _led_by_fields(page, field_lines(rest))
    text = text.replace("\r\n", "\n").strip()
    if key == "markdown" or _MARKDOWN_HEADING.search(text):
        # Markdown as a CMS or a notes app exports it: its headings open sections, not sentences of the text
        read = parse_markdown(text, doc_id, path)
        title = meta.title or read.title
        read = replace(
            read,
            title=title,
            sections=tuple(replace(section, heading=section.heading or title) for section in read.sections),
            url=meta.url,
            source=meta.source,
            author=meta.author or read.author,
            published_at=meta.published_at or read.published_at,
            category=meta.category,
        )
        return _led_by_fields(read, field_lines(rest))
    text = with_fields(rest, text)
    return Document(
        doc_id=doc_id,
        title=meta.title,
        text=text,
        sections=(Section(meta.title, 0, len(text)),),
        url=meta.url,
        source=meta.source,
        author=meta.author,
        published_at=meta.published_at,
        category=meta.category,
        path=path,
    )


NAME_KEYS = ("name", "label")
"""What titles a record of data that has no title: a stop's, a branch's or a product's name."""
DATA_FIELDS = 2
"""The fewest fields a record of data says, its title or name among them, to be a document ("name" and "phone"):
one alone ("stop_code") is no more than a key."""


def _data_document(record: dict, fallback_id: str, path: str) -> Document:
    """A record of data (a stop of a transit authority's export: "stop_code", "name", "routes",
    "wheelchair_accessible", "notes") as a CSV file's row is read: its fields as ``Key: value`` lines
    (``headers.field_lines``), titled by its title, else its name or label (``NAME_KEYS``), else its file's name;
    its metadata read as an article's is, and said in its lines too ("Date: 2026-12-03"); its id is its id only.
    ``ValueError`` (no text) for a record saying fewer than ``DATA_FIELDS`` fields."""
    meta = metadata_of(record)
    said = {k for k in record if str(k).strip().lower() in ID_KEYS}  # the record's id, not what it says
    title = meta.title
    if title:
        said |= {k for k in record if record_field(str(k)) == "title"}
    else:
        keys = (k for name in NAME_KEYS for k in record if str(k).strip().lower() == name and _record_text(record[k]))
        name_key = next(keys, None)
        if name_key is not None:
            title = " ".join(_record_text(record[name_key]).split())
            said.add(name_key)
    text = field_lines({k: v for k, v in record.items() if k not in said}, as_data=True)
    if len(text.splitlines()) + bool(title) < DATA_FIELDS:
        raise _no_text()
    title = title or formats.title_from(path or fallback_id)
    return Document(
        doc_id=_record_id(record, fallback_id),
        title=title,
        text=text,
        sections=(Section(title, 0, len(text)),),
        url=meta.url,
        source=meta.source,
        author=meta.author,
        published_at=meta.published_at,
        category=meta.category,
        path=path,
    )


def _led_by_fields(doc: Document, fields: str) -> Document:
    """``doc`` with a record's other fields (``headers.field_lines``) opening its text, in its first section when
    that opens the text, else in a section of their own under the title.

    Why: a record whose text is HTML or Markdown is parsed as a page is, and a field line set above it was lost (an
    HTML fragment's page has no place for it) or read as the page's own head ("Updated: 2025-02-08 16:30:00" left
    the text as a date line): a CMS export's update dates answered no "when was it updated"."""
    if not fields:
        return doc
    lead = len(fields) + 2
    sections = [replace(s, start=s.start + lead, end=s.end + lead) for s in doc.sections]
    if sections and sections[0].start == lead:
        sections[0] = replace(sections[0], start=0)
    else:
        sections.insert(0, Section(doc.title, 0, len(fields)))
    return replace(doc, text=f"{fields}\n\n{doc.text}", sections=tuple(sections))


# ---------------------------------------------------------------- files


def _read_bytes(path: Path, identity: tuple[int, int] | None = None) -> bytes:
    """The bytes of the regular file ``path``, which must not be a symlink.

    ``identity`` is the file's ``(st_dev, st_ino)`` when the corpus was scanned: a file swapped for
    another one (or a folder on its path swapped for a symlink) since then is refused, not read.
    """
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    with os.fdopen(os.open(path, flags), "rb") as fh:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise ValueError("is not a regular file")
        if identity is not None and (info.st_dev, info.st_ino) != identity:
            raise ValueError("was replaced by another file while the corpus was read")
        data = fh.read()
    if not data.strip():
        raise ValueError("is empty")
    return data


def _read_text(path: Path, identity: tuple[int, int] | None = None) -> str:
    """The text of the regular file ``path`` (see ``_read_bytes``) in the encoding it was saved in
    (``ingest.encoding``: a file that is not UTF-8 is named in the log with the encoding it was read in)."""
    text, read_as = decode_text(_read_bytes(path, identity))  # NotText is a ValueError: the file is skipped
    if read_as not in ("utf-8", "utf-8-sig"):
        log.warning("%s is not UTF-8: read as %s", path.name, read_as)
    if not text.strip():
        raise ValueError("is empty")
    return text


@dataclass(frozen=True)
class CorpusFile:
    """A supported file of the corpus: its name in the corpus and the real file it is."""

    path: Path
    """As named in the corpus folder (may be a symlink to another corpus file)."""
    rel: str
    """``path`` relative to the corpus folder, POSIX style: the document id of a markdown or text file."""
    real: Path
    """The resolved path, always inside the corpus folder's real path; this is what is read."""
    identity: tuple[int, int]
    """``(st_dev, st_ino)`` of ``real`` when scanned, checked again when the file is opened."""


def _skip(report: CorpusReport, rel: str, why: str, detail: str = "") -> None:
    report.skipped.append(f"{rel}: {why}")
    log.warning("skipping %s: %s%s", rel, why, detail)


def _real_or_none(path: Path) -> Path | None:
    try:
        return path.resolve(strict=True)
    except (OSError, RuntimeError):
        return None


def _link_target(path: Path) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return "?"


def _is_hidden(parts: tuple[str, ...]) -> bool:
    return any(part.startswith(".") for part in parts)


def corpus_files(corpus_dir: Path, report: CorpusReport | None = None) -> list[CorpusFile]:
    """The supported files under ``corpus_dir``, in a stable order (hidden files ignored).

    Nothing outside the folder is read or listed. Each skipped candidate is logged and added to
    ``report.skipped`` with the reason:

    - a symlink whose real path is outside the folder's real path ("outside the corpus folder");
    - a dangling symlink or a symlink loop;
    - a symlink to a hidden file (hidden files are ignored whatever name reaches them);
    - something that is not a regular file (a FIFO, a socket);
    - a symlinked sub-folder whose target is outside the folder (never walked into). A symlinked
      sub-folder that points inside is not walked either: its files are listed under their own names;
    - the second and later names of one real file ("same file as ..."): the file is listed once, under
      its real name if that is in the corpus, else under the first of its names in sorted order.

    Files of other types are counted by type in one line of ``report.skipped`` (a folder of docs holds images;
    a ``.csv`` dropped in by mistake should not vanish without a word).
    """
    if not corpus_dir.is_dir():
        raise missing_corpus(corpus_dir)
    report = report if report is not None else CorpusReport()
    root = corpus_dir.resolve()

    def unreadable(exc: OSError) -> None:
        name = Path(exc.filename or corpus_dir)
        rel = name.relative_to(corpus_dir).as_posix() if name.is_relative_to(corpus_dir) else str(name)
        _skip(report, f"{rel}/", f"cannot list the folder ({exc.strerror or exc})")

    candidates: list[CorpusFile] = []
    other_types: list[Path] = []  # files of types the corpus does not read
    site = sites.site_of(corpus_dir)
    for folder, dirs, names in os.walk(corpus_dir, onerror=unreadable, followlinks=False):
        base = Path(folder)
        walk_into = []
        for name in sorted(dirs):
            sub = base / name
            if name.startswith("."):
                continue
            if site is not None and base == corpus_dir and name in site.skipped_folders:
                why = f"the {site.generator.capitalize()} site's build output or tooling, not read (its pages are)"
                report.skipped.append(f"{name}/: {why}")  # as meant: the summary names it, the log need not warn
                log.info("not reading %s/: %s", name, why)
                continue
            if not sub.is_symlink():
                walk_into.append(name)
                continue
            # os.walk lists a symlink to a folder with the folders but never enters it (followlinks=False)
            try:
                target = sub.resolve(strict=True)
            except (OSError, RuntimeError):
                target = None
            if target is None or not target.is_relative_to(root):
                _skip(
                    report,
                    f"{sub.relative_to(corpus_dir).as_posix()}/",
                    "symlinked folder outside the corpus folder, not read",
                    f" (it points to {target or _link_target(sub)})",
                )
            else:
                log.info("not walking into %s, a symlink to %s inside the corpus folder", sub, target)
        dirs[:] = walk_into
        for name in sorted(names):
            path = base / name
            if name.startswith("."):
                continue
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                other_types.append(path)
                continue
            found = _candidate(path, corpus_dir, root, report)
            if found is not None:
                candidates.append(found)

    read = {found.real for found in candidates}  # "export.ndjson" is read through a link "export.jsonl"
    unsupported = Counter(p.suffix.lower() or p.name for p in other_types if _real_or_none(p) not in read)
    if unsupported:
        kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(unsupported.items()))
        count = sum(unsupported.values())
        report.skipped.append(
            f"{count} file{'s' if count > 1 else ''} of a type not read ({kinds}): the corpus reads "
            + " ".join(SUPPORTED_SUFFIXES)
        )
        log.info("not reading %d files of other types (%s)", count, kinds)
    candidates.sort(key=lambda f: f.path)
    by_real: dict[Path, list[CorpusFile]] = {}
    for found in candidates:
        by_real.setdefault(found.real, []).append(found)
    files: list[CorpusFile] = []
    for names_of_one_file in by_real.values():
        keeper = next((f for f in names_of_one_file if f.real == root / f.rel), names_of_one_file[0])
        files.append(keeper)
        for other in names_of_one_file:
            if other is not keeper:
                _skip(report, other.rel, f"same file as {keeper.rel} (a symlink to it), read once")
    return sorted(files, key=lambda f: f.path)


def _candidate(path: Path, corpus_dir: Path, root: Path, report: CorpusReport) -> CorpusFile | None:
    """``path`` as a corpus file, or None (skipped and reported, or vanished since it was listed)."""
    rel = path.relative_to(corpus_dir).as_posix()
    link = path.is_symlink()
    try:
        real = path.resolve(strict=True)
    except FileNotFoundError:
        if link:
            _skip(report, rel, "dangling symlink", f" (it points to {_link_target(path)})")
        return None  # a plain file deleted since the folder was listed is simply gone
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop, before Python 3.13
        loop = isinstance(exc, RuntimeError) or getattr(exc, "errno", None) == errno.ELOOP
        _skip(report, rel, "symlink loop" if loop else f"cannot read ({getattr(exc, 'strerror', None) or exc})")
        return None
    if not real.is_relative_to(root):
        _skip(report, rel, "symlink to a file outside the corpus folder, not read", f" (it points to {real})")
        return None
    if _is_hidden(real.relative_to(root).parts):
        _skip(report, rel, "symlink to a hidden file, not read", f" (it points to {real})")
        return None
    try:
        info = real.stat()
    except OSError as exc:
        _skip(report, rel, f"cannot read ({exc.strerror or exc})")
        return None
    if not stat.S_ISREG(info.st_mode):
        _skip(report, rel, "is not a regular file")
        return None
    return CorpusFile(path, rel, real, (info.st_dev, info.st_ino))


def iter_file_documents(
    path: Path, rel: str, report: CorpusReport, identity: tuple[int, int] | None = None
) -> Iterator[Document]:
    """Documents in one file; problems are logged, counted in ``report`` and skipped.

    ``path`` must be a real path (a symlink is refused); ``identity`` see ``_read_text``. The suffix of ``rel``
    (the name in the corpus) decides how the file is parsed.
    """
    suffix = Path(rel).suffix.lower()  # the name in the corpus decides, not a link's target
    try:
        if suffix in formats.BINARY_SUFFIXES:
            yield _dated_by_name(_binary_document(_read_bytes(path, identity), suffix, rel))
            return
        if suffix in converted.SUFFIXES:
            yield _dated_by_name(_from_extracted(converted.extract(_read_bytes(path, identity), suffix), rel))
            return
        if suffix in delimited.WORKBOOK_SUFFIXES:
            yield from _workbook_documents(_read_bytes(path, identity), rel, report)
            return
        if suffix in mail.SUFFIXES:
            yield from _mail_documents(_read_bytes(path, identity), suffix, rel, report)
            return
        raw = _read_text(path, identity)
        if suffix in formats.HTML_SUFFIXES or (suffix in _TEXT_SUFFIXES and _WHOLE_PAGE.match(raw)):
            yield _dated_by_name(_from_extracted(formats.extract_html(raw), rel))
            return
        if suffix in rst.SUFFIXES:
            yield _dated_by_name(_from_extracted(rst.extract_rst(raw, rel), rel))
            return
        if suffix in captions.SUFFIXES or (suffix == ".txt" and captions.caption_format(raw)):
            yield _dated_by_name(captions.read_captions(raw, rel, rel))  # a WebVTT or SubRip file saved as .txt too
            return
    except (OSError, ValueError) as exc:  # formats.NoText included: a file with nothing to index
        report.skip(f"{rel}: {exc}")
        return
    if suffix in delimited.SUFFIXES:
        yield from _sheet_documents(raw, suffix, rel, report)
        return
    if suffix == ".json":
        yield from _json_documents(raw, rel, report)
        return
    if suffix == ".jsonl":
        yield from _jsonl_documents(raw, rel, report)
    else:
        if suffix == ".mdx":
            raw = sites.mdx_markdown(raw)
        doc = (parse_plain_text if suffix == ".txt" else parse_markdown)(raw, rel, rel)
        if not (doc.text if suffix == ".txt" else doc.sections):
            report.skip(f"{rel}: has no text")
            return
        yield _dated_by_name(doc)


def _jsonl_documents(raw: str, rel: str, report: CorpusReport) -> Iterator[Document]:
    """A JSONL file's records, a document each (``record_to_document``): articles, or records of data when the file
    holds no article (``_reads_as_data``). Lines that cannot be read are skipped, once for each reason."""
    records: list[tuple[int, dict]] = []
    failures: list[tuple[int, str]] = []
    for lineno, line in enumerate(raw.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as exc:
            failures.append((lineno, str(exc)))
            continue
        if isinstance(record, dict):
            records.append((lineno, record))
        else:
            failures.append((lineno, "is not a JSON object"))
    data = _reads_as_data([record for _, record in records])
    for lineno, record in records:
        try:
            yield record_to_document(record, f"{rel}:{lineno}", rel, data=data)
        except ValueError as exc:
            failures.append((lineno, str(exc)))
    report.skip_records(rel, failures)


def _reads_as_data(records: list[dict]) -> bool:
    """Whether a file's records are data, not articles: two or more, and none with a text (``_record_body``).

    Why: a transit authority's export of its stops ("stop_code", "name", "routes", "wheelchair_accessible",
    "notes") was dropped line by line as having no text, while the same rows saved as CSV were read. One object
    alone stays refused: a ``package.json``'s "name" and "description", a settings file, are no document; nor is
    a file of articles read so, where a record without its text is an article that lost it."""
    return len(records) > 1 and not any(_record_body(record)[1] for record in records)


_LIST_KEYS = ("articles", "posts", "items", "data", "results", "documents", "entries", "hits", "records", "pages")
"""Where a JSON export keeps its list of articles when the file is an object ({"posts": [...]})."""


def _json_documents(raw: str, rel: str, report: CorpusReport) -> Iterator[Document]:
    """A JSON file's articles, each read as a JSONL record is: a list of objects (WordPress's REST API, most CMS
    exports), an object holding one such list, or one article object. Anything else (a ``package.json``) is skipped
    with the reason."""
    try:
        data = json.loads(raw)
    except ValueError as exc:
        report.skip(f"{rel}: is not valid JSON ({exc})")
        return
    listed = isinstance(data, list)  # records of data are read from a list only, never from one object's fields
    if isinstance(data, dict) and not _record_body(data)[1]:
        lists = [data[k] for k in _LIST_KEYS if isinstance(data.get(k), list)]
        listed = bool(lists)  # {"items": [...]}; not a package.json's "contributors" found below
        lists = lists or [v for v in data.values() if isinstance(v, list) and v and isinstance(v[0], dict)]
        data = [record for found in lists for record in found] if lists else data  # {"posts": [...], "pages": [...]}
    records = data if isinstance(data, list) else [data]
    objects = [r for r in records if isinstance(r, dict)]
    read_as_data = listed and _reads_as_data(objects)
    if not read_as_data and not any(_record_body(r)[1] for r in objects):
        why = "holds no articles: give a list of objects with their text under 'text' (or 'body', 'content')"
        report.skip(f"{rel}: {why}")
        return
    failures: list[tuple[int, str]] = []
    for number, record in enumerate(records, start=1):
        try:
            if not isinstance(record, dict):
                raise ValueError("is not a JSON object")
            yield record_to_document(record, f"{rel}:{number}" if len(records) > 1 else rel, rel, data=read_as_data)
        except ValueError as exc:
            failures.append((number, str(exc)))
    report.skip_records(rel, failures, place="items")


def _sheet_documents(raw: str, suffix: str, rel: str, report: CorpusReport) -> Iterator[Document]:
    """A CSV or TSV file's documents (``ingest.delimited``): a document a row when a column holds an article's
    text, else the whole sheet as one (its questions as sections, or a paragraph a row)."""
    try:
        sheet = delimited.read_sheet(raw, suffix)
    except (ValueError, csv.Error) as exc:  # csv.Error: a NUL byte, a field over the reader's limit
        why = str(exc) if isinstance(exc, ValueError) else f"cannot be read as {suffix[1:].upper()} ({exc})"
        report.skip(f"{rel}: {why}")
        return
    yield from _documents_of_sheet(sheet, rel, rel, formats.title_from(rel), report)


def _workbook_documents(data: bytes, rel: str, report: CorpusReport) -> Iterator[Document]:
    """An Excel workbook's documents, each sheet read as a CSV file is; a workbook of several sheets names each
    sheet in its documents' ids ("prices.xlsx:Ferries") and in a whole sheet's title ("prices: Ferries")."""
    try:
        sheets = delimited.read_workbook(data)
    except Exception as exc:  # not a zip, no workbook part, broken XML: one file never stops a build
        why = str(exc) if isinstance(exc, ValueError) else f"is not a readable .xlsx file ({type(exc).__name__}: {exc})"
        report.skip(f"{rel}: {why}")
        return
    named, author = delimited.workbook_properties(data)
    title, dated, about = named or formats.title_from(rel), delimited.workbook_date(named), named_in_title(named)
    for name, sheet in sheets:
        doc_id = rel if len(sheets) == 1 else f"{rel}:{name}"
        for doc in _documents_of_sheet(sheet, doc_id, rel, title if len(sheets) == 1 else f"{title}: {name}", report):
            if doc.doc_id != doc_id:  # a row holding an article's text has its own author and date
                yield doc
                continue
            # a whole sheet is the workbook's: its author, and the date its title names before its file name's, and
            # after it the month it lists or the day it takes effect from ("What's On April 2026", "rates from ...")
            yield replace(doc, author=doc.author or author, published_at=dated or doc.published_at or about)


def _mail_documents(data: bytes, suffix: str, rel: str, report: CorpusReport) -> Iterator[Document]:
    """The messages of an ``.eml`` or ``.mbox`` file (``ingest.mail``) as documents: subject, sender, day sent and
    organisation as title, author, date and source. A mailbox's messages are ``<file>:1``, ``<file>:2``...; a
    message without text is skipped and named."""
    found = mail.messages(data, suffix)
    for number, message in enumerate(found, start=1):
        doc_id = rel if suffix == ".eml" else f"{rel}:{number}"
        title = message.subject or formats.title_from(rel)
        try:
            if message.error:
                raise formats.NoText(message.error)
            doc = _message_document(message, title, doc_id, rel)
        except ValueError as exc:  # formats.NoText included
            report.skip(f"{doc_id}: {exc}")
            continue
        yield replace(
            doc,
            doc_id=doc_id,
            path=rel,
            title=title,
            author=message.sender or doc.author,
            published_at=message.sent or doc.published_at,
            source=message.organization or doc.source,
        )
    if not found:
        report.skipped.append(f"{rel}: holds no message")


def _message_document(message: mail.Message, title: str, doc_id: str, rel: str) -> Document:
    """A message's HTML part read as a page is (without what a mail service sets around a newsletter), else (none,
    or a page holding no text) its plain text; a reply's plain text first (without what it quotes)."""
    if message.reply and message.text.strip():
        return parse_plain_text(f"{title}\n\n{message.text}", doc_id, rel, title_line=True)
    if message.html.strip():
        try:
            page = formats.extract_html(message.html)
            return _from_extracted(replace(page, markdown=mail.without_boilerplate(page.markdown)), doc_id)
        except ValueError:
            if not message.text.strip():
                raise
    if not message.text.strip():
        raise formats.NoText("has no text")
    return parse_plain_text(f"{title}\n\n{message.text}", doc_id, rel, title_line=True)


def _documents_of_sheet(
    sheet: delimited.Sheet, doc_id: str, rel: str, title: str, report: CorpusReport
) -> Iterator[Document]:
    if sheet.column(TEXT_KEYS):
        failures: list[tuple[int, str]] = []
        for number, row in enumerate(sheet.rows, start=2):
            try:
                record = {name.casefold(): value or None for name, value in row.items()}
                yield record_to_document(record, f"{doc_id}:{number}", rel)
            except ValueError as exc:
                failures.append((number, str(exc)))
        report.skip_records(doc_id, failures, noun="rows", place="rows")
        return
    doc = parse_markdown(sheet.markdown(title), doc_id, rel, head_lines=False)
    if not doc.sections:
        report.skipped.append(f"{doc_id}: has no text")
        return
    doc = _dated_by_name(doc)
    # else the day its note says it stands at ("List as at 1 December 2025"), as a reader dates it
    yield doc if doc.published_at else replace(doc, published_at=sheet.as_at())


_TEXT_SUFFIXES = (".md", ".markdown", ".mdx", ".txt")
"""Files of prose, which may be a whole web page saved under the wrong name (read as the page it is)."""
_WHOLE_PAGE = re.compile(r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.IGNORECASE | re.DOTALL)


def _dated_by_name(doc: Document) -> Document:
    """A document that gives no date of its own, dated by its file name when that names a day
    ("2021-03-02-library-reopens.md")."""
    if doc.published_at:
        return doc
    return replace(doc, published_at=formats.date_from(doc.doc_id))


def _binary_document(data: bytes, suffix: str, rel: str) -> Document:
    if suffix == ".pdf":
        return formats.read_pdf(data, rel, rel)
    return _from_extracted(formats.extract_docx(data), rel, title_block=False)


def _from_extracted(extracted: formats.Extracted, rel: str, title_block: bool = True) -> Document:
    """A document from markdown extracted out of another format, the file's own metadata first (``title_block`` as
    for ``parse_markdown``); its date, else its head's, else the revision its text states, else the file's day."""
    doc = parse_markdown(extracted.markdown, rel, rel, title_block=title_block)
    if not doc.sections:
        raise formats.NoText("holds no text")
    return replace(
        doc,
        title=extracted.title or doc.title,
        author=extracted.author or doc.author,
        published_at=extracted.published_at or doc.published_at or extracted.revised or extracted.created,
        url=extracted.url or doc.url,
        source=extracted.source or doc.source,
        category=extracted.category or doc.category,
    )


def date_doubt(written: str) -> str:
    """What the build summary adds to a date it cannot read: its two readings when its day and month may be read
    either way, else nothing.

    >>> date_doubt("03/04/2020")
    ' (2020-04-03 or 2020-03-04? its day and month may be read either way)'
    """
    readings = either_way(written)
    return f" ({readings[0]} or {readings[1]}? its day and month may be read either way)" if readings else ""


def _with_iso_date(doc: Document, rel: str, report: CorpusReport) -> Document:
    """``doc`` with its publication date in ISO form ("2025-01-14 19:42:00", as CMS exports write it:
    "2025-01-14T19:42:00"); one naming only its month or year ("September 2022") stays as written (read as that
    period), an unreadable one too, and one whose day and month may be read either way ("03/04/2020"), which is
    reported with its two readings."""
    if not doc.published_at:
        return doc
    iso = normalize_date(doc.published_at)
    if iso is None and period_of(doc.published_at):
        return doc
    if iso is None:
        named = rel if doc.doc_id == rel else f"{rel}: {doc.doc_id}"  # a record of a file holding several
        why = date_doubt(doc.published_at)
        report.undated.append(f"{named}: {doc.published_at[:60]!r}{why}")
        log.warning("cannot read the date %r of %s%s; date filters will not match it", doc.published_at[:60], rel, why)
        return doc
    return doc if iso == doc.published_at else replace(doc, published_at=iso)


_PAGE_SUFFIXES = (".md", ".markdown", ".mdx", *formats.HTML_SUFFIXES)
"""A site's pages: the ones its configuration's author and name stand for when they name none of their own."""


def read_corpus(corpus_dir: Path) -> tuple[list[Document], CorpusReport]:
    """All documents of the corpus; duplicate ids keep the first one and warn. The pages of a static site
    (``sites.site_of``: Jekyll, Hugo, Eleventy) take the site's author and name when they give none."""
    report = CorpusReport()
    documents: list[Document] = []
    site = sites.site_of(corpus_dir)
    with front_matter_problems() as problems:
        _read_files(corpus_dir, site, report, documents)
    report.warnings.extend(problems)
    if site is not None:
        documents = sites.with_profile_names(documents)
    report.documents = len(documents)
    if not documents:
        raise CorpusError(
            f"no readable documents in {corpus_dir}: add .md, .txt, .jsonl, .csv, .html, .pdf, .docx, .odt, .epub or"
            " .rst files (or another type the README's Corpus section lists)"
            + (f" (skipped: {'; '.join(report.skipped)})" if report.skipped else "")
        )
    return documents, report


def _read_files(corpus_dir: Path, site: sites.Site | None, report: CorpusReport, documents: list[Document]) -> None:
    """Append the documents of every file of the corpus to ``documents``; duplicate ids keep the first one."""
    seen: set[str] = set()
    for file in corpus_files(corpus_dir, report):
        report.files += 1
        rel = file.rel
        for doc in iter_file_documents(file.real, rel, report, file.identity):
            if site is not None and Path(rel).suffix.lower() in _PAGE_SUFFIXES:
                doc = replace(doc, author=doc.author or site.author, source=doc.source or site.name)
            if doc.doc_id in seen:
                report.skipped.append(f"{rel}: duplicate document id {doc.doc_id!r}")
                log.warning("skipping duplicate document id %r in %s", doc.doc_id, rel)
                continue
            seen.add(doc.doc_id)
            documents.append(_with_iso_date(doc, rel, report))
