"""A page's apparatus: what an encyclopedia or a README sets around its text to point elsewhere, left out of it.

A reader of the text never asks about these lines, and quoted they answer nothing; indexed, they matched the
question's words better than the prose did (found by a black-box test of a MediaWiki-style encyclopedia):

- a table of contents: a heading "Contents" ("Table of contents", "On this page", "In this article") over a list
  made only of links to the page's own anchors ("- [Installation](#installation)"), as READMEs and wikis write it
  ("2 The Lordship of Selvara" was quoted for "who founded the lordship of selvara");
- a list of references: a section headed "References" ("Citations", "Bibliography", "Works cited") that is only
  a numbered list, or headed "Notes", "Footnotes" or "Sources" and only a numbered list of citations (an author's
  year in brackets, an address, an ISBN, pages): "4. Aldous Papers, National Archives of Selvara, Port Halden." was the
  answer to "national tree of selvara". A bulleted list under "Notes" is a note-taker's notes and stays, as do
  references written as prose ("We recommend reading ...");
- a hatnote: a line of its own pointing to another article ("*Main article: Geography of Selvara*", "See also:
  ...", "Further information: ..."), which the answer joined to the sentence under it as a heading ("Main
  article: Geography of Selvara — Selvara is volcanic in origin.").

Markdown lines are blanked, one line out for each line in (as ``sites.reader_markdown`` does), outside code
blocks; HTML pages reach this as the Markdown trafilatura writes of them. MediaWiki's own table of contents
(``#toc``), whose items may be no links, goes before trafilatura reads the page (``formats``).
"""

from __future__ import annotations

import re

from ragqa.ingest.sites import FENCE

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+(.*?)\s*$")
_NUMBERED = re.compile(r"^\s{0,3}\d{1,3}[.)]\s+\S")
_EMPHASIS = re.compile(r"^(\*\*|__|\*|_)(.*)\1$")
_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
"""A thematic break ("----"), which a README sets around its table of contents."""

CONTENTS_TITLES = re.compile(
    r"(?:table\s+of\s+)?contents|on\s+this\s+page|in\s+this\s+(?:article|page|document|guide)|page\s+contents",
    re.IGNORECASE,
)
"""What a table of contents is headed ("Contents", "Table of Contents", "On this page")."""
_OWN_ANCHOR = re.compile(r"\[[^\]\n]+\]\(#[^)\s]*\)")
"""A link to a place on the page itself ("[Installation](#installation)")."""

_REFERENCES = re.compile(
    r"(?:\d+(?:\.\d+)*\.?\s+)?(?:references|citations|bibliography|works\s+cited|reference\s+list"
    r"|(?:notes|sources)\s+and\s+references)",
    re.IGNORECASE,
)
"""A heading over nothing but a list of references."""
_NOTES = re.compile(r"(?:\d+(?:\.\d+)*\.?\s+)?(?:notes|footnotes|sources)", re.IGNORECASE)
"""A heading over references or over notes of any kind: its list goes only when every item is a citation."""
_CITATION = re.compile(
    r"\((?:c\.\s*)?(?:1[5-9]\d\d|20\d\d)[a-z]?\)\.\s+\S|https?://|\bISBN\b|\bdoi\b|\bpp\.\s*\d|\bretrieved\b",
    re.IGNORECASE,
)
"""What marks a list item as a citation: its author's year in brackets before its title ("Mercer, James (1998). A
Short History"; not a note's "Figures are from the census (2021)." at its end), an address, an ISBN or DOI, pages ("pp.
30-44"), "Retrieved 3 May 2024"."""

_HATNOTE = re.compile(r"(?:main\s+articles?|see\s+also|further\s+information)\s*:\s*\S", re.IGNORECASE)
"""How a hatnote opens ("Main article: History of Selvara", "See also: Port Halden")."""
HATNOTE_WORDS = 12
"""A longer line is prose that happens to open so."""


def without_apparatus(lines: list[str]) -> list[str]:
    """``lines`` of Markdown with their tables of contents, lists of references and hatnotes blanked (the
    module's docstring says which)."""
    out = list(lines)
    blocks = _blocks(lines)
    for n, (first, last) in enumerate(blocks):
        heading = _HEADING.match(lines[first])
        if heading is not None:  # a section: to the next heading
            ends = next((start for start, _ in blocks[n + 1 :] if _HEADING.match(lines[start])), len(lines))
            title = _plain(heading.group(1))
            body = lines[first + 1 : ends]
            if (CONTENTS_TITLES.fullmatch(title) and _contents_list(body)) or _references(title, body):
                _blank(out, first, ends)
        elif _is_hatnote(lines[first]) and (first == last or _EMPHASIS.fullmatch(lines[first].strip())):
            out[first] = ""  # a line of its own, or set apart in italics over the paragraph
        elif CONTENTS_TITLES.fullmatch(_plain(lines[first]).rstrip(":").strip()):
            # "**On this page**" over its list: a table of contents under a label, not a heading
            end = last if first < last else blocks[n + 1][1] if n + 1 < len(blocks) else last
            if _contents_list(lines[first + 1 : end + 1]):
                _blank(out, first, end + 1)
    return out


def _blocks(lines: list[str]) -> list[tuple[int, int]]:
    """The first and last line of each block of ``lines`` outside code blocks: a heading is a block of its own,
    the others are runs of lines without a blank one."""
    blocks: list[tuple[int, int]] = []
    fence = ""
    start = -1
    for number, line in enumerate([*lines, ""]):
        marker = FENCE.match(line)
        if fence or marker:
            if marker and (not fence or marker.group(1) == fence):
                fence = "" if fence else marker.group(1)
            if start >= 0:
                blocks.append((start, number - 1))
            start = -1
            continue
        if not line.strip() or _HEADING.match(line):
            if start >= 0:
                blocks.append((start, number - 1))
            start = -1
            if line.strip():
                blocks.append((number, number))
        elif start < 0:
            start = number
    return blocks


def _plain(text: str) -> str:
    """``text`` without the emphasis around it and the spaces at its ends ("**Contents**": "Contents")."""
    text = text.strip()
    while (emphasis := _EMPHASIS.fullmatch(text)) is not None:
        text = emphasis.group(2).strip()
    return text


def _contents_list(lines: list[str]) -> bool:
    """Whether ``lines`` (a section's body) are a list of two or more items, each only a link to the page's own
    anchor (emphasis around it aside: "**[Installation](#installation)**"), and thematic breaks."""
    items = [line for line in lines if line.strip() and not _RULE.match(line)]
    return len(items) > 1 and all(
        (item := _ITEM.match(line)) is not None and _OWN_ANCHOR.fullmatch(_plain(item.group(1))) is not None
        for line in items
    )


def _references(title: str, lines: list[str]) -> bool:
    """Whether a section headed ``title`` whose body is ``lines`` is a list of references: numbered items only
    (a line set in under an item continues it); under "Notes", "Footnotes" or "Sources", citations only."""
    strict = _REFERENCES.fullmatch(title) is not None
    if not strict and _NOTES.fullmatch(title) is None:
        return False
    items: list[str] = []
    for line in lines:
        if not line.strip():
            continue
        if _NUMBERED.match(line):
            items.append(line)
        elif items and line[:1].isspace():
            items[-1] += " " + line.strip()
        else:
            return False
    return bool(items) and (strict or all(_CITATION.search(item) for item in items))


def _is_hatnote(line: str) -> bool:
    """Whether ``line``, a paragraph of its own, is a hatnote: it opens with "Main article:", "See also:" or
    "Further information:" (emphasis around it aside), holds at most ``HATNOTE_WORDS`` words and no sentence."""
    text = _plain(line)
    if _HATNOTE.match(text) is None or len(text.split()) > HATNOTE_WORDS:
        return False
    return re.search(r"[.!?]\s+\S", text) is None


def _blank(lines: list[str], start: int, end: int) -> None:
    for number in range(start, end):
        lines[number] = ""
