"""The files people really have: HTML pages, PDFs and Word documents, read into the same ``Document`` records.

Why libraries and not hand-written parsers: finding an article's main text among navigation, ads and footers
(trafilatura), the text of each PDF page (pdfminer.six, pypdf) and a Word file's parts (python-docx) are solved problems
with permissive licences (Apache-2.0, BSD, MIT). Offsets in citations point into the extracted text; a PDF's
pages are kept (``Document.page_starts``), so each chunk knows its page and a citation can say "p. 4".

A file that yields no text (a scanned PDF, an HTML page with no article in it) raises ``NoText`` with the reason,
and the corpus reader skips it: nothing is indexed empty.
"""

from __future__ import annotations

import html
import io
import json
import logging
import re
from copy import deepcopy
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ragqa.ingest import apparatus, confluence, pdf, tables, word
from ragqa.ingest.chunking import is_note
from ragqa.ingest.dates import file_day, iso_day, named_in_title, period_of
from ragqa.ingest.headers import Byline, byline_name, read_byline, read_date_line, without_roles
from ragqa.records import Document, Section

if TYPE_CHECKING:
    from lxml.html import HtmlElement

log = logging.getLogger(__name__)

BINARY_SUFFIXES = (".pdf", ".docx")
HTML_SUFFIXES = (".html", ".htm")


class NoText(ValueError):
    """The file holds no text to index (the message says why)."""


_DATED_NAME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[-_ .]+|$)")
"""A Jekyll post's name ("2021-03-02-library-reopens.md"), as Hugo, Pelican and note-taking apps also write them."""
_DAY_IN_NAME = re.compile(r"[-_ .]+(\d{4})-(\d{2})-(\d{2})(?=[-_ .]|$)")
"""A day later in a name ("league-table-2026-11-30.csv", "council-hearing-2025-04-16-parking-variance.txt")."""
_FOLDER_PAGES = {"index", "_index", "readme"}
"""Files named for their folder: a Hugo page bundle's ``my-post/index.md`` (``index.en.md`` in a second language)."""


def _name_of(doc_id: str) -> str:
    """The name a file goes by: its stem, or its folder's name for an index page."""
    path = Path(doc_id)
    stem = path.stem
    if stem.lower().split(".")[0] in _FOLDER_PAGES and path.parent.name:
        return path.parent.name
    return stem


_SECTION_NAMES = re.compile(
    r"(?:\d+(?:\.\d+)*\.?\s+)?(?:background|introduction|intro|overview|about|abstract|summary|contents|"
    r"table\s+of\s+contents|preface|foreword|description|getting\s+started)[:.]?",
    re.IGNORECASE,
)


def names_a_section(heading: str) -> bool:
    """Whether a heading is the name of a kind of section ("Background", "1. Introduction", "Overview"), not of
    the document: one opening a file titled libjpeg-turbo's README "Background", so "who wrote the libjpeg-turbo
    readme" found no document by its name. Such a file is titled by its file name; the heading still heads its
    section."""
    return _SECTION_NAMES.fullmatch(heading.strip()) is not None


_RELEASE = re.compile(
    r"^\W*v?\d+\.\d+(?:\.\d+)*\W*(?:$|\(|[-\u2013\u2014]|\d{4}|(?:un)?released\b)"
    r"|(?<=[A-Za-z]\s)v?\d+\.\d+(?:\.\d+)*(?![\w.]*\d)|^\W*unreleased\b",
    re.IGNORECASE,
)
"""A heading naming a release ("[1.1.0] - 2019-02-15", "v5.0.0", "zed 2.11.2", "Unreleased"; not a section's number,
"8.1. The locale"): the sections under it ("Added", "Fixed") are named with it, "[1.1.0] - 2019-02-15 — Added", as
an outline's are, so a passage under "Added" still says which release added it (Keep a Changelog's layout, and
reStructuredText's "v5.0.0" over "Changes")."""


def names_release(heading: str) -> bool:
    """Whether a section's heading names a release (``_RELEASE``: "[1.1.0] - 2019-02-15 — Added", "5.4.1
    (2023-01-11)"), which every sentence under it is about."""
    return _RELEASE.search(heading) is not None


def title_from(doc_id: str) -> str:
    """A title made of a file name, for a document that states none ("harbour-report.md": "harbour report";
    "2021-03-02-library-reopens.md": "library reopens"; "ferry-timetable/index.md": "ferry timetable")."""
    name = _name_of(doc_id)
    undated = _DATED_NAME.sub("", name)
    later = _DAY_IN_NAME.search(undated)
    if later is not None and iso_day(*later.groups()):  # "league-table-2026-11-30": "league table"
        undated = undated[: later.start()] + " " + undated[later.end() :]
    return " ".join(undated.replace("-", " ").replace("_", " ").split()) if undated else name  # a daily note: its day


def date_from(doc_id: str) -> str:
    """The day a dated file name gives ("2021-03-02-library-reopens.md": "2021-03-02"), or "" for none: Jekyll
    takes a post's date from it, and it is the only date many notes and minutes carry."""
    found = _DATED_NAME.match(_name_of(doc_id)) or _DAY_IN_NAME.search(_name_of(doc_id))
    return iso_day(*found.groups()) if found else ""


@dataclass(frozen=True)
class Extracted:
    """A file's text as markdown (headings as ``#`` lines) and the metadata the file itself gives."""

    markdown: str
    title: str = ""
    author: str = ""
    published_at: str = ""
    url: str = ""
    source: str = ""
    category: str = ""
    """The section of a site the page says it is filed under (``<meta property="article:section">``, JSON-LD's
    ``articleSection``, a post's category link), as front matter's ``category:`` gives a Markdown post's."""
    revised: str = ""
    """The day or month a paragraph of its own says the text was last revised ("This leaflet was last revised in
    March 2025."; a Word file's, ``dates.last_revision``): its date when its head names none, as a PDF's is read."""
    created: str = ""
    """The day the file was made (an office document's property; ``dates.file_day``): the date of a document whose
    metadata and text name none. Not its publication date: minutes saved the day after the meeting are dated by the
    meeting."""


def extract_html(raw: str) -> Extracted:
    """An HTML page's main text (headings kept) and its title, author, date, canonical URL and site name."""
    import trafilatura

    tree = trafilatura.load_html(raw)
    if tree is None:
        raise NoText("is not HTML that can be parsed")
    if not _text_beside_chrome(tree):
        raise NoText("holds no article text (navigation, ads or an empty page only)")
    page_headings = {_folded(heading.text_content()) for heading in tree.iter(*_HEADING_TAGS)}
    dated = _without_code(deepcopy(tree))
    _copyright_unmarked(dated)
    _contents_dropped(tree)
    _heading_ids_unnamed(tree)
    _lines_above_title_kept(tree)
    _times_as_text(tree)
    _ratings_kept(tree)
    _code_figures_as_blocks(tree)
    _starred_emphasis_as_text(tree)
    _preformatted_as_code(tree)
    _section_notes_as_paragraphs(tree)
    _fields_as_lines(tree)
    _definitions_as_items(tree)
    _layout_tables_unrolled(tree)
    _captions_before_tables(tree)
    _headerless_tables_read(tree)
    _anchors_dropped(tree)
    _edit_links_dropped(tree)
    _page_links_dropped(tree)
    _inline_links_as_text(tree)
    _main_text_framed(tree)
    markdown = trafilatura.extract(
        tree, output_format="markdown", include_formatting=True, include_comments=False, include_tables=True
    )
    if not markdown or not markdown.strip():
        raise NoText("holds no article text (navigation, ads or an empty page only)")
    markdown = _fences_on_their_own_lines(markdown)
    meta = trafilatura.extract_metadata(raw)
    byline: Byline | None = None
    if meta is None or not meta.author:
        byline, markdown = _byline_under_title(markdown)
        byline = byline or _byline_line_under_title(dated)
    if meta is None:
        return Extracted(markdown, author=byline.author if byline else "")
    exported = confluence.read_exported_page(dated)
    # the page's markup alone (meta tags, JSON-LD, <time>, a date element, the URL): htmldate's search of the text
    # (extensive) takes any date the text mentions, the earliest, for the page's: a refund deadline, a conference's
    # last day, the oldest entry of an incident history, "(c) 2019" as January 1st. A Confluence export's own line
    # ("Created by ..., last modified ... on Jan 16, 2025") dates its page, not the day of the export in its footer
    published = exported.date if exported else trafilatura.extract_metadata(deepcopy(dated), extensive=False).date or ""
    title, site = _title_not_chrome(raw, (meta.title or "").rstrip("¶§ "), meta.sitename or "", page_headings, markdown)
    title, site = _title_and_site(raw, title, site)
    if exported is not None:  # "ENG : Postmortem ...": the space's name is the site's, as a wiki's
        title, site = exported.title or title, site or exported.space
    site = _site_not_host(raw, title, site, meta.url or "")
    if byline is not None and byline.date is not None and not published:
        published = byline.date.text
    updated = _labelled_date(dated, updated=True)
    published = _posted_not_updated(published, updated, dated, byline) or _labelled_date(dated)
    author = _STATUS_AFTER_NAME.sub("", _one_name_kept_whole(dated, meta.author or ""))
    # trafilatura splits a byline at its commas: "Written by Dan Okoro, Service Manager" gave "Dan Okoro; Service
    # Manager", the job title as a second author
    author = byline_name(without_roles(author, "; "))  # "Staff", "Wire services": no one's name
    return Extracted(
        _with_update_line(markdown, _modified_day(dated) or file_day(updated), published),
        title=title,
        author=(exported.creator if exported else "") or author or (byline.author if byline else ""),
        published_at=published,
        url=meta.url or "",
        source=site,
        category=_filed_under(meta.categories or []),
    )


def _posted_not_updated(published: str, updated: str, page: HtmlElement, byline: Byline | None) -> str:
    """``published``, unless it is the day a line of ``page`` says it was updated (``updated``) and the page names
    an earlier one as its own: the day of its byline under the title ("Posted by Fell MRT on 20 November 2025"),
    else of a line labelled as its publication ("Published 4 January 2019"). Why: htmldate passed over a Hugo
    page's byline (it took "MRT" for a currency code) and read its footer's "Last updated on 2 December 2025.",
    so a page posted on 20 November was dated by its update. Published before updated, as everywhere else."""
    if not published or not updated or file_day(published) != file_day(updated):
        return published
    byline = byline or _byline_line_under_title(page)
    posted = byline.date.text if byline is not None and byline.date is not None else _labelled_date(page)
    return posted if posted and file_day(posted) and file_day(posted) < file_day(published) else published


_UNFILED = frozenset({"uncategorized", "uncategorised", "uncategorized posts"})
"""What a blog engine files a post under when nobody chose a category (WordPress's "Uncategorized"): no category."""


def _filed_under(categories: list[str]) -> str:
    """The first category a page names (``Extracted.category``), none for a blog engine's placeholder."""
    first = " ".join(next(iter(categories), "").split())
    return "" if first.casefold() in _UNFILED else first


_MODIFIED = (
    "//meta[@property='article:modified_time' or @property='og:updated_time' or @itemprop='dateModified'"
    " or translate(@name, 'DCTERMSODIFIEDA', 'dctermsodifieda') = 'dc.date.modified'"
    " or translate(@name, 'DCTERMSODIFIEDA', 'dctermsodifieda') = 'dcterms.modified']/@content"
)
"""Where a page's markup says when it was last changed (Open Graph's, schema.org's and Dublin Core's properties:
a council's or a university's CMS writes ``<meta name="DC.date.modified" content="2026-02-12">``)."""


def _modified_day(page: HtmlElement) -> str:
    """The day the page's markup says it was last changed (``_MODIFIED``, else JSON-LD's ``dateModified``), in
    the zone written ("2026-10-15T08:05:00-05:00": "2026-10-15"); "" for none."""
    stated = [str(value) for value in page.xpath(_MODIFIED)]
    for script in page.xpath("//script[@type='application/ld+json']"):
        try:
            stated += _json_values(json.loads(script.text_content()), "dateModified")
        except ValueError:  # broken JSON-LD says nothing
            continue
    return next((day for day in map(file_day, stated) if day), "")


def _json_values(data: object, key: str) -> list[str]:
    """The string values of ``key`` anywhere in ``data`` (a JSON-LD object, a list of them, an ``@graph``)."""
    if isinstance(data, list):
        return [value for item in data for value in _json_values(item, key)]
    if not isinstance(data, dict):
        return []
    own = [data[key]] if isinstance(data.get(key), str) else []
    return own + [value for item in data.values() if isinstance(item, dict | list) for value in _json_values(item, key)]


_UPDATE_STATED = re.compile(
    r"\b(?:updated|modified|revised|reviewed|amended)\b:?\s*(?:(?:on|in)\s+)?(?:[A-Za-z]+\.?,?\s+)?\d", re.I
)
"""A line of the text saying when the page was changed ("Updated 11 March 2025.", "Last updated: Oct 15, 2026")."""


def _with_update_line(markdown: str, modified: str, published: str) -> str:
    """``markdown`` with the line "Updated: <day>" under its title when the page's markup says it was changed
    (``modified``, a day) after the day it was published and its text says no such thing. Why: "when was the
    contaminated soil story updated" was answered with the publication date: the page's "Updated Oct 15, 2026"
    stood in its byline block, which trafilatura drops, and only its ``article:modified_time`` kept the day. The
    line is what front matter's "updated:" key becomes (``headers.with_fields``), read the same way
    (``answering.metadata``): never the publication date, which the page gives. A page dated by no full day,
    or changed the day it was published, gets none."""
    since = file_day(published) if published else ""
    if not modified or not since or modified <= since or _UPDATE_STATED.search(markdown):
        return markdown
    line = f"Updated: {modified}"
    first, _, rest = markdown.lstrip("\n").partition("\n")
    if _MARKDOWN_HEADING.fullmatch(first.strip()):
        return f"{first}\n\n{line}\n\n{rest.lstrip(chr(10))}"
    return f"{line}\n\n{markdown.lstrip(chr(10))}"


_NOT_THE_PAGES = ("head", "nav", "aside", "script", "style", "noscript", "template", "form")
"""Where a page holds no date line of its own: a menu's or a sidebar's "Posted on ..." is another page's."""
_RUNNING_TAGS = frozenset(
    "a abbr b bdi cite code data em font i kbd label mark q s samp small span strong sub sup time u var".split()
)
"""Elements set inside a line of text; any other (a block, ``<br>``) ends one."""
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[^\W\d_])")


def _labelled_date(page: HtmlElement, updated: bool = False) -> str:
    """The date a line of ``page`` says is its own ("Last updated on Sep 18, 2024.", "Published 4 January 2019",
    "Listed 27 Jan 2025", "This leaflet was last revised in March 2023": ``headers.read_date_line`` with a label),
    anywhere outside its menus and sidebars: its publication date, else its update; "" for none, or when its lines
    name different ones (a list of posts, each "Posted on" its own day). With ``updated``, its update only
    ("Published 14 May 2024. Last updated 12 February 2026." in a line trafilatura drops: the day it was changed).
    Why: without htmldate's search of the text,
    which took any date the text mentions, a Sphinx footer's "Last updated" and a notice's "Published" line are
    read here, the way the Markdown reader reads them (a sentence or a line that goes on is no date line)."""
    page = deepcopy(page)
    for element in list(page.iter(*_NOT_THE_PAGES)):
        if element.getparent() is not None:
            element.drop_tree()
    for element in page.iter():
        if isinstance(element.tag, str) and element.tag not in _RUNNING_TAGS:  # a block, or <br>: a line ends
            element.text = "\n" + (element.text or "")
            element.tail = "\n" + (element.tail or "")
    found: dict[bool, dict[str, str]] = {False: {}, True: {}}  # updated or not: the period each names, as written
    for line in page.text_content().split("\n"):
        for sentence in _SENTENCE_BREAK.split(" ".join(line.split())):
            dated = read_date_line(sentence) if sentence else None
            if dated is not None and dated.labelled and not dated.more:
                found[dated.updated].setdefault(period_of(dated.text) or dated.text, dated.text)
    for said in (found[True],) if updated else (found[False], found[True]):
        if said:
            return next(iter(said.values())) if len(said) == 1 else ""
    return ""


BYLINE_PARAGRAPHS = 3
"""How many paragraphs under a web page's title may come before its byline."""
_SENTENCE_END = (".", "!", "?")


def _byline_under_title(markdown: str) -> tuple[Byline | None, str]:
    """The byline among the first paragraphs under the page's title ("By Ines Okafor", read by
    ``headers.read_byline`` as a Markdown article's is), and the text without it; (None, the text) when none is
    there. Lines that are no prose ("6 min read", a category label) may come before it; a paragraph of prose, a
    list or a heading ends the search, as the first paragraph ends a Markdown article's head; a name holding figures
    is no name ("Written by Ian A. Murdock, Revised 01/06/94" stays text). Why: the Markdown reader reads a byline
    only before any text, and a page's text often opens with what its template sets around the title (a category
    above it, a link back to the blog), so "who wrote this" went unanswered."""
    paragraphs = markdown.split("\n\n")
    titled = next((n for n, block in enumerate(paragraphs[:BYLINE_PARAGRAPHS]) if _is_heading(block)), None)
    first = 0 if titled is None else titled + 1
    for n in range(first, min(first + BYLINE_PARAGRAPHS, len(paragraphs))):
        block = paragraphs[n].strip()
        if "\n" in block or _is_heading(block) or _LIST_LINE.match(block):
            break
        byline = read_byline(_ESCAPED.sub(r"\1", block)) if block else None
        if byline is not None and byline.author and not any(c.isdigit() for c in byline.author):
            return byline, "\n\n".join(paragraphs[:n] + paragraphs[n + 1 :])
        if block.endswith(_SENTENCE_END):
            break
    return None, markdown


def _byline_line_under_title(page: HtmlElement) -> Byline | None:
    """The byline set in a line of its own among the first ``BYLINE_PARAGRAPHS`` blocks right under the page's
    title (its first ``<h1>`` outside menus and sidebars), read as ``_byline_under_title`` reads one; None when a
    block of prose comes first, or none is there. Why: trafilatura drops such a line as page furniture when its
    class says so (a Hugo theme's ``<p class="meta">Posted by Harbour Air Operations on <time>...``) and finds no
    author in it, so the page had none and "who posted the travel alert" went unanswered.

    >>> from lxml.html import fromstring
    >>> _byline_line_under_title(fromstring("<div><h1>Alert</h1><p class='meta'>Posted by Ops on 2 May 2025</p></div>"))
    Byline(author='Ops', date=DateLine(text='2 May 2025', updated=False, labelled=False, more=False))
    """
    title = next((h1 for h1 in page.iter("h1") if not {e.tag for e in h1.iterancestors()} & _CHROME_ABOVE), None)
    line = title.getnext() if title is not None else None
    for _ in range(BYLINE_PARAGRAPHS):
        if line is None:
            break
        text = _shown(line) if isinstance(line.tag, str) else ""
        if text:
            byline = read_byline(text) if _is_text_block(line) else None
            if byline is not None and byline.author and not any(c.isdigit() for c in byline.author):
                return byline
            if text.endswith(_SENTENCE_END) or not _is_text_block(line):
                break
        line = line.getnext()
    return None


def _is_text_block(element: HtmlElement) -> bool:
    """Whether ``element`` is a paragraph or a line of inline elements only (no list, heading or table in it)."""
    return element.tag in ("p", "div", "span") and not any(
        isinstance(child.tag, str) and child.tag not in _INLINE | {"br"} for child in element.iterdescendants()
    )


def _is_heading(block: str) -> bool:
    return "\n" not in block.strip() and _MARKDOWN_HEADING.fullmatch(block.strip()) is not None


_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
"""A backslash escape, as trafilatura writes Markdown ("\\<jane at example dot org\\>")."""
_LIST_LINE = re.compile(r"^(?:[-*+]|\d{1,3}[.)])\s")


_STATUS_AFTER_NAME = re.compile(r"(?:\s+(?:updated|published|posted|edited|modified|follow(?:ing)?))+\s*$", re.I)
"""What a help desk's author block sets after the name, which trafilatura reads with it: Zendesk's "Halden Support"
over "September 1, 2024 10:00" and "Updated" gave the author "Halden Support Updated"."""


_JOINED = re.compile(r"\s+(?:&|and)\s+", re.IGNORECASE)


def _one_name_kept_whole(page: HtmlElement, author: str) -> str:
    """The page's ``<meta name="author">`` as written, in place of the names trafilatura split it into ("Brennan;
    Moss Pharmaceuticals Ltd") when a part it split off at "&" or "and" is a single word: a firm's name ("Brennan &
    Moss Pharmaceuticals Ltd", "Marks and Spencer"), not two people, each of whom a byline names in full ("Jane
    Doe & John Roe" stays two)."""
    if "; " not in author:
        return author
    for content in page.xpath("//meta[@name='author']/@content"):
        named = " ".join(str(content).split())
        parts = _JOINED.split(named)
        if len(parts) > 1 and min(len(part.split()) for part in parts) == 1:
            if all(name in named for name in author.split("; ")):
                return named
    return author


_CHROME = ("nav", "header", "footer", "aside", "script", "style", "noscript", "template", "form", "button")


def _text_beside_chrome(tree: HtmlElement) -> bool:
    """Whether the page has words outside its navigation, header, footer and scripts. Why: trafilatura falls back
    to a page's only text, so a page of nothing but a menu was indexed as the article "menu"."""
    page = deepcopy(tree)
    for element in list(page.iter(*_CHROME)):
        element.drop_tree()
    return any(c.isalnum() for c in page.text_content())


_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_GLUED_FENCE = re.compile(r"^(.*?\S)[ \t]*(`{3,}|~{3,})[ \t]*$")


def _fences_on_their_own_lines(markdown: str) -> str:
    """A code fence trafilatura writes at the end of a list item's line ("Example: ```") is moved to a line of
    its own. Why: Markdown opens a code block only with a fence that starts its line, so the glued one was read
    as text and its closing fence as an opening one: the rest of the page became code."""
    lines: list[str] = []
    fence = ""
    for line in markdown.splitlines():
        opened = _FENCE.match(line)
        if fence:
            if opened and opened.group(1).startswith(fence) and not line.strip().strip(fence[0]):
                fence = ""
        elif opened:
            fence = opened.group(1)
        else:
            glued = _GLUED_FENCE.match(line)
            if glued and glued.group(1).count("`") % 2 == 0:  # not the end of an inline code span
                lines.append(glued.group(1))
                line, fence = glued.group(2), glued.group(2)
        lines.append(line)
    return "\n".join(lines)


def _without_code(page: HtmlElement) -> HtmlElement:
    """The page without its code and program output, nor its tables of data, for the date search. Why: htmldate's
    search of the text took a date printed in an example (a file listing's "2010-02-01 16:23", a key's "created
    2010-08-31") for the page's, over its own "Last updated on October 07, 2026", and a fixture list's first
    match ("Sun 6 Sep 2026") for the day the list was put up. (The title keeps its code: "``shutil`` —
    High-level file operations".)"""
    for element in list(page.iter("pre", "code", "samp", "kbd")):
        element.drop_tree()
    for table in list(page.iter("table")):  # with header cells and no table inside: data, not a page's layout
        if table.find(".//th") is not None and table.find(".//table") is None and table.getparent() is not None:
            table.drop_tree()
    return page


_COPYRIGHT = re.compile(r"©|&copy;|\bcopyright\b|\(c\)", re.IGNORECASE)


def _copyright_unmarked(page: HtmlElement) -> None:
    """The copyright signs and words of ``page`` go (its years stay), for the date search. Why: htmldate takes the
    last year of a copyright notice for the earliest year the page's date may have, and a site's template writes
    the year it was built ("© Copyright 2021-2024" under every page of a Sphinx site), so a page last updated
    before that year ("Last updated on Jun 14, 2023") had no date at all. The notice's year is no date of the
    page's either: the January 1st htmldate makes of it is refused (``extract_html``)."""
    for element in page.iter():
        if not isinstance(element.tag, str):
            continue
        if element.text and _COPYRIGHT.search(element.text):
            element.text = _COPYRIGHT.sub("", element.text)
        if element.tail and _COPYRIGHT.search(element.tail):
            element.tail = _COPYRIGHT.sub("", element.tail)
        for name, value in element.attrib.items():
            if _COPYRIGHT.search(value):
                element.set(name, _COPYRIGHT.sub("", value))


def _times_as_text(tree: HtmlElement) -> None:
    """Each ``<time>`` becomes a ``<span>``, so its text stays. Why: trafilatura deletes ``<time>`` elements with
    their text, so a status page lost the day and hour of each update ("Jan 29, 2024 - 08:30 GMT" under its
    paragraph) and a sentence lost its date ("Doors open on <time>12 May</time>"). The date search reads the page
    from before this (its markup, ``datetime`` included)."""
    for element in tree.iter("time"):
        element.tag = "span"


_RATING_CLASS = re.compile(r"rating|\bstars?\b", re.I)
_DIGIT = re.compile(r"\d")


def _ratings_kept(tree: HtmlElement) -> None:
    """An element classed as a rating ("rating", "star-rating", "stars") loses that class, so its text stays, and
    one that shows only symbols ("★★★☆☆") says what its label says ("3 out of 5 stars"). Why: trafilatura
    deletes any element whose class holds "rating" as page chrome, so a review lost its "Rating: ★★½ (2.5 out of
    5)" line and "how many stars did it get" had nothing to find."""
    for element in list(tree.iter()):
        if not isinstance(element.tag, str) or not _RATING_CLASS.search(element.get("class") or ""):
            continue
        label = element.get("aria-label") or element.get("title") or ""
        shown = element.text_content()
        if not _DIGIT.search(shown) and _DIGIT.search(label):
            for child in list(element):
                element.remove(child)
            element.text = label
        elif not shown.strip():
            continue
        del element.attrib["class"]
        if element.tag == "div" and not any(isinstance(child.tag, str) for child in element):
            element.tag = "p"  # a <div> of a line alone is dropped as chrome too


def _code_figures_as_blocks(tree: HtmlElement) -> None:
    """Each ``<figure>`` holding a code block becomes a plain block and its caption a paragraph. Why:
    trafilatura drops figures as images unless they hold a table, so a book's numbered code listings (mdBook sets
    each in one) would lose their code, which is what "how do i ..." asks for."""
    for figure in tree.iter("figure"):
        if figure.find(".//pre") is not None:
            figure.tag = "div"
            for caption in figure.iter("figcaption"):
                caption.tag = "p"


_FRAME_SHARE = 0.9
"""The element framed as the page's main text holds at least this share of its paragraph text."""
_PARAGRAPH_TAGS = ("p", "pre", "li", "dd", "td")
_CONTAINERS = frozenset({"div", "section", "article"})


def _main_text_framed(tree: HtmlElement) -> None:
    """When trafilatura recognises no element as the page's main text, the deepest element holding nearly all of
    its paragraphs (``_FRAME_SHARE``) becomes ``<main>``, and each heading alone in its wrapper ``<div>``s is
    lifted out of them. Why: without a frame trafilatura falls back to collecting loose paragraphs, code and
    tables, leaving out every heading and list, so generated manuals (DocBook, Texinfo, AsciiDoc: no ``<main>``,
    no article classes) lost their section titles and option lists; and it drops a heading that is the only
    child of nested wrappers (DocBook's title pages) even inside a frame. A page whose text is the body's own
    children gets a ``<main>`` around them. Pages it finds a frame in are left as they are."""
    from trafilatura.xpaths import BODY_XPATH

    if any(next(iter(expression(tree)), None) is not None for expression in BODY_XPATH):
        return
    body = tree.find(".//body")
    if body is None:
        return
    total = _paragraph_chars(body)
    node = body
    while total:
        children = [(_paragraph_chars(child), child) for child in node if isinstance(child.tag, str)]
        if not children:
            break
        chars, child = max(children, key=lambda pair: pair[0])
        if chars < _FRAME_SHARE * total or child.tag not in _CONTAINERS:
            break  # a paragraph or a list holding it all is the text itself, not its frame
        node = child
    if node is body:  # the text is the body's own children (a hand-written page, a mail's HTML part): framed whole
        node = body.makeelement("main", {})
        node.text, body.text = body.text, None
        for child in list(body):
            node.append(child)  # moves it, its tail with it
        body.append(node)
    node.tag = "main"
    for heading in list(node.iter("h1", "h2", "h3", "h4", "h5", "h6")):
        wrapper = heading.getparent()
        while (
            wrapper is not None
            and wrapper is not node
            and wrapper.tag == "div"
            and not (wrapper.text or "").strip()
            and not (heading.tail or "").strip()
            and [child for child in wrapper if isinstance(child.tag, str)] == [heading]
        ):
            heading.tail = wrapper.tail
            wrapper.getparent().replace(wrapper, heading)
            wrapper = heading.getparent()


_FIELDS = ("field-list", "docinfo")


def _fields_as_lines(tree: HtmlElement) -> None:
    """A field list right under the page's title (Sphinx's and docutils' "Author: ...", "Release: ...", "Date: ...")
    becomes one paragraph a field, as an article's byline and date lines stand under its title, so the author and
    the date are read as the page's metadata (a Markdown head's "Author: Jane Doe"). Field lists elsewhere (a
    function's "Parameters") stay lists."""
    for listing in list(tree.iter("dl")):
        if not set(listing.get("class", "").split()) & set(_FIELDS):
            continue
        above = listing.getprevious()
        while above is not None and not _shown(above) and above.tag != "h1":
            above = above.getprevious()  # anchors with no text between
        if above is None or above.tag != "h1":
            continue
        fields: dict[str, list[str]] = {}  # "author" given twice: one line naming both
        name = ""
        for child in listing:
            if child.tag == "dt":
                name = _shown(child).rstrip(":").strip()
            elif child.tag == "dd" and name and _shown(child):
                fields.setdefault(name.capitalize(), []).append(_shown(child))
        lines = []
        for name, values in fields.items():
            line = listing.makeelement("p", {})
            line.text = f"{name}: {' and '.join(values)}"
            lines.append(line)
        if not lines:
            continue
        for line in reversed(lines):
            listing.addnext(line)
        listing.drop_tree()  # its tail stays


def _definitions_as_items(tree: HtmlElement) -> None:
    """Each definition list becomes a bulleted list whose items read "term: definition" (terms of one definition
    joined by commas). Why: trafilatura writes a term and its definition as two separate items, so "Specifies
    where the log goes" lost the option it is about, and a question naming the option found a bare term. Lists
    that are mostly links (tables of contents) are left alone."""
    for listing in list(tree.iter("dl")):
        text = _shown(listing)
        if not text or _linked_chars(listing) >= 0.8 * len(text):
            continue
        terms: list[HtmlElement] = []
        for child in list(listing):
            if not isinstance(child.tag, str):
                continue
            if child.tag == "dt":
                if child.text_content().strip():
                    terms.append(child)
                listing.remove(child)  # the tail is whitespace between items
            elif child.tag == "dd":
                child.tag = "li"
                _lead_with(child, terms)
                terms = []
        listing.tag = "ul"
        for name in list(listing.attrib):
            del listing.attrib[name]


_SLUG = re.compile(r"[^a-z0-9]+")


_CONTENTS_MARKS = frozenset({"toc", "tableofcontents", "table-of-contents"})
"""The id or class a generator gives a page's table of contents (MediaWiki's ``<div id="toc" class="toc">``,
Hugo's ``<nav id="TableOfContents">``, Docusaurus' ``table-of-contents``)."""
CONTENTS_ASIDE_CHARS = 40
"""The most text a table of contents holds outside its list: its title ("Contents", "[hide]")."""


def _contents_dropped(tree: HtmlElement) -> None:
    """A page's table of contents goes: an element marked as one (``_CONTENTS_MARKS``, or ``role="doc-toc"``)
    that is a list and its title only, and not mostly links; or a list whose items are only links to the page's
    own anchors right under a title that says it is one ("Contents", "On this page":
    ``apparatus.CONTENTS_TITLES``). Why: MediaWiki's numbered contents without links ("1 History", "2 The
    Lordship of Selvara") were read as a section "Contents" and quoted for "who founded the lordship of selvara".
    Trafilatura drops a list of links itself, and taking one out before it reads the page changes how it judges
    the blocks around it (Node.js's header menu was kept once the contents inside it were gone), so a marked list
    of links is left to it; a "Contents" title over one stayed, a heading over nothing. A list of links elsewhere
    (a "Related pages" box) or anything holding prose stays."""
    for element in list(tree.iter("div", "nav", "section", "aside", "ul", "ol", "details", "table")):
        if element.getparent() is None:
            continue
        marks = {(element.get("id") or "").lower(), *(element.get("class") or "").lower().split()}
        if not (marks & _CONTENTS_MARKS or element.get("role") == "doc-toc"):
            continue
        text = _shown(element)
        lists = list(element.iter("ul", "ol"))
        listed = sum(len(_shown(item)) for item in lists if not any(above in lists for above in item.iterancestors()))
        if lists and len(text) - listed <= CONTENTS_ASIDE_CHARS and _linked_chars(element) < 0.5 * len(text):
            element.drop_tree()  # its tail stays
    for listing in list(tree.iter("ul", "ol")):
        if listing.getparent() is None:
            continue
        title = listing.getprevious()
        items = [item for item in listing if isinstance(item.tag, str)]
        if title is None or (title.tail or "").strip() or len(items) < 2:
            continue
        if not apparatus.CONTENTS_TITLES.fullmatch(_shown(title).rstrip(":").strip()):
            continue
        links = list(listing.iter("a"))
        if links and all((link.get("href") or "").startswith("#") for link in links) and _all_linked(listing):
            title.drop_tree()
            listing.drop_tree()


def _all_linked(element: HtmlElement) -> bool:
    """Whether every word of ``element`` is link text (spaces between links aside)."""
    linked = sum(len(link.text_content().replace(" ", "").strip()) for link in element.iter("a"))
    return linked >= len("".join(element.text_content().split()))


def _cell_text(element: HtmlElement) -> str:
    """The text of a table's cell or caption as a reader sees it, a line break (``<br>``) read as a space. Why:
    ``text_content`` drops ``<br>``, so an infobox's caption "Port Halden<br><i>Halde Vaar</i>" read "Port
    HaldenHalde Vaar" and a cell "Mon<br>Fri" "MonFri"."""
    if element.find(".//br") is None:
        return _shown(element)
    copy = deepcopy(element)
    copy.tail = None
    for br in list(copy.iter("br")):
        br.tail = " " + (br.tail or "")
        br.drop_tag()
    return _shown(copy)


def _heading_ids_unnamed(tree: HtmlElement) -> None:
    """A section named after its own heading (``<section id="how-do-i-share-global-variables-across-modules">``, as
    Sphinx, MkDocs and most documentation generators write them) loses that id. Why: trafilatura discards any element
    whose id holds a word it reads as page chrome ("share", "related", "nav", "menu", "author", "footer", ...), so
    Python's FAQ lost "How do I share global variables across modules?" and "Why are default values shared between
    objects?" whole, and its release notes "New Features Related to Type Hints" (3-5 KB each). Only containers whose
    id spells the words of a heading they begin with, and that are not mostly links, are renamed: a "Related
    articles" box of links stays what it is."""
    for element in tree.iter("section", "div", "article"):
        name = element.get("id")
        if not name:
            continue
        # its first element with text: anchors before the heading (``<span id="..."></span>``) say nothing
        heading = next((child for child in element if isinstance(child.tag, str) and _shown(child)), None)
        if heading is None or heading.tag not in ("h1", "h2", "h3", "h4", "h5", "h6"):
            continue
        named = set(_SLUG.split(name.lower())) - {""}
        said = set(_SLUG.split(heading.text_content().lower())) - {""}
        if len(named) < 2 or not named <= said:
            continue
        text = _shown(element)
        if text and _linked_chars(element) < 0.5 * len(text):
            del element.attrib["id"]


def _anchors_dropped(tree: HtmlElement) -> None:
    """Links with no text and nothing inside (``<a name="opt.lines"></a>``, MkDocs Material's ``<a
    href="#__codelineno-0-1"></a>`` before each line of code) go, and so do permalink marks (a link within the page
    whose text is one sign: "¶", "#", "§"). Why: trafilatura counts them as links, and a short section opening with
    one (a heading, a sentence and an option: generated manuals anchor each) looked like a block of links and was
    dropped whole, as was a code block of a line or two ("brew install tidesync") with a link on each line; the
    marks ended headings ("Basic Usage¶": Markdown drops a closing "#" but not "¶") and definition terms."""
    for anchor in list(tree.iter("a")):
        href = anchor.get("href")
        text = (anchor.text or "").strip()
        if len(anchor) == 0 and (not text or (href is not None and href.startswith("#") and _is_mark(text))):
            anchor.drop_tree()  # its tail stays


_EDIT_LINK = re.compile(
    r"edit(?:\s+(?:this|the)\s+(?:page|doc|document|article))?(?:\s+(?:on|in)\s+(?:github|gitlab|bitbucket|codeberg))?"
    r"|(?:improve|suggest\s+(?:an\s+)?edits?\s+(?:to|for))\s+(?:this|the)\s+(?:page|doc|document|article)"
    r"|suggest\s+(?:an\s+)?edits?|(?:view|show)\s+(?:(?:the|this)\s+)?(?:page\s+)?source(?:\s+of\s+this\s+page)?"
    r"|(?:view|open)\s+(?:(?:this|the)\s+page\s+)?on\s+(?:github|gitlab|bitbucket|codeberg)|page\s+source",
    re.IGNORECASE,
)
"""A link to where the page is written or its source is shown ("Edit on GitHub", "Edit this page", "View page
source", "Suggest an edit")."""
_EDIT_BUTTONS = frozenset({"md-content__button"})
"""MkDocs Material's edit and view-source buttons."""


def _edit_links_dropped(tree: HtmlElement) -> None:
    """A link to edit the page or view its source ("Edit on GitHub": ``_EDIT_LINK``, or MkDocs Material's button)
    goes when no words stand beside it. Why: MkDocs Material sets its button inside the article, before the title,
    so "Edit on GitHub" was indexed as a passage of every page, and the Markdown reader took it for the text the
    title, byline and date lines come after. A link in a sentence ("you can edit this page on GitHub") is text."""
    for link in list(tree.iter("a")):
        if link.getparent() is None:
            continue
        button = bool(_EDIT_BUTTONS & set((link.get("class") or "").split()))
        if not button and not _EDIT_LINK.fullmatch(_shown(link)) and not _EDIT_LINK.fullmatch(link.get("title", "")):
            continue
        before = link.getprevious()
        beside = (before.tail if before is not None else link.getparent().text) or ""
        if button or not (beside + (link.tail or "")).strip():
            link.drop_tree()  # its tail stays


_LABEL = re.compile(r"(?:\d{1,3}(?:\.\d{1,3})*\.?|[A-Za-z]{1,2}[.:)]|\(?\d{1,3}\)|\[\d{1,3}\])?")
"""What a layout table's first cell may hold: nothing, a number ("2.1."), a letter label ("Q:", "a)") or a
note's number ("[1]"); a word or a name is a value, and its table is data."""
_BLOCKS = ("p", "pre", "div", "ul", "ol", "dl", "blockquote")


def _headerless_tables_read(tree: HtmlElement) -> None:
    """A table of data without a header row (after ``_layout_tables_unrolled``) is read row by row: of two columns,
    or with each row labelled by a header cell (a product page's "<th>Weight</th><td>420 g</td>"), each row becomes
    a paragraph "Key: value" (a specification sheet's "Weight: 168 g"); of more columns without labels, its first
    row names the columns. Why: trafilatura writes a table without header cells with no header rule, so its rows
    were indexed as raw pipes ("| Weight | 168 g |") and quoted so; and it takes the first row of a labelled one
    for its header ("Waterproof rating: Breathability; 20,000 mm: 25,000 g/m²/24h"). A first row all of header
    cells is the header, and the table is left to trafilatura."""
    for table in list(tree.iter("table")):
        if table.find(".//table") is not None or table.getparent() is None:
            continue
        rows = [[cell for cell in row if cell.tag in ("td", "th")] for row in table.iter("tr")]
        rows = [cells for cells in rows if cells]
        if len(rows) < 2:
            continue
        labelled = all(
            len(cells) > 1 and cells[0].tag == "th" and all(cell.tag == "td" for cell in cells[1:]) for cells in rows
        )
        if not labelled and table.find(".//th") is not None:
            continue
        if labelled or all(len(cells) == 2 for cells in rows):
            block = table.makeelement("div", {})
            for cells in rows:
                paragraph = block.makeelement("p", {})
                paragraph.text = tables.row_text([], [_cell_text(cell) for cell in cells])
                block.append(paragraph)
            block.tail = table.tail
            table.getparent().replace(table, block)
        else:
            for cell in rows[0]:
                cell.tag = "th"


def _captions_before_tables(tree: HtmlElement) -> None:
    """A table's ``<caption>`` becomes a paragraph before it. Why: trafilatura wrote the caption as the table's
    first row, so the column names were read as a row of data and every row lost them ("Surgery opening times:
    Saturday; 9:00; 12:00" for "Day: Saturday; Doors open: 9:00; ...")."""
    for caption in list(tree.iter("caption")):
        table = caption.getparent()
        if table is None or table.tag != "table" or table.getparent() is None:
            continue
        paragraph = table.makeelement("p", {})
        paragraph.text = _cell_text(caption)
        caption.drop_tree()
        table.addprevious(paragraph)


def _layout_tables_unrolled(tree: HtmlElement) -> None:
    """A table used for layout (no header cells, at most two cells a row, the first empty or a label such as
    "2.1." or "Q:", the other holding paragraphs or code) becomes its rows' content in order, each label before its
    row's first words. Why: a generated FAQ (DocBook's question-and-answer sets) lays out each question and its
    answer as table rows, which were read as "| 2.2. | When building ... |" with the answer in another row."""
    for table in list(tree.iter("table")):
        if table.find(".//th") is not None or table.find(".//table") is not None or table.getparent() is None:
            continue
        rows = [[cell for cell in row if cell.tag == "td"] for row in table.iter("tr")]
        if not rows or any(not 1 <= len(cells) <= 2 for cells in rows):
            continue
        if any(len(cells) == 2 and not _LABEL.fullmatch(_shown(cells[0])) for cells in rows):
            continue
        if not any(cells[-1].find(f".//{tag}") is not None for cells in rows for tag in _BLOCKS):
            continue  # cells of plain text: a table of data, for the table reader
        unrolled = table.makeelement("div", {})
        for cells in rows:
            content = cells[-1]
            label = _shown(cells[0]) if len(cells) == 2 else ""
            content.tag = "div"
            content.attrib.clear()
            if label:
                first = next((child for child in content if isinstance(child.tag, str)), None)
                block = (
                    first if first is not None and first.tag == "p" and not (content.text or "").strip() else content
                )
                block.text = f"{label} {(block.text or '').lstrip()}"
            unrolled.append(content)
        unrolled.tail = table.tail
        table.getparent().replace(table, unrolled)


_PAGE_RELATIONS = frozenset({"next", "prev", "previous", "up", "first", "last", "contents"})


def _page_links_dropped(tree: HtmlElement) -> None:
    """A short block that is mostly links to the next, previous or parent page (``rel="next"``, "Next: Simple
    Example, Up: Using libffi [Index]") goes. Why: manuals generated a page per node (Texinfo) repeat that line
    inside the page's text, where it was read as a sentence and quoted in answers."""
    for link in list(tree.iter("a")):
        if not _PAGE_RELATIONS & set((link.get("rel") or "").lower().split()):
            continue
        block = link.getparent()
        while block is not None and block.tag not in ("p", "div", "nav", "td", "li"):
            block = block.getparent()
        if block is None or block.getparent() is None:
            continue
        text = _shown(block)
        if len(text) <= 200 and _linked_chars(block) >= 0.5 * len(text):
            block.drop_tree()


_TEXT_BLOCKS = ("p", "li", "dd", "dt", "td", "th")


def _inline_links_as_text(tree: HtmlElement) -> None:
    """Links inside a block of text they are the lesser part of become their text. Why: trafilatura drops a short list
    item or paragraph whose links are nearly all short ("tomllib: For parsing TOML. See PEP 680 for more details.
    (Contributed by Taneli Hukkinen in bpo-40059.)": four links of under ten characters), which is how documentation
    links names of modules, functions, issues and PEPs, not how it links menus. A block that is mostly links (a table
    of contents, a menu item, "Next: Types, Up: Using libffi") keeps them, and trafilatura judges it as before; so
    does a list item holding another list (each inner item is judged alone)."""
    for block in list(tree.iter(*_TEXT_BLOCKS)):
        if block.tag == "li" and (block.find(".//ul") is not None or block.find(".//ol") is not None):
            continue
        links = list(block.iter("a"))
        text = _shown(block)
        if links and text and _linked_chars(block) < 0.5 * len(text):
            for link in links:
                link.drop_tag()


def _is_mark(text: str) -> bool:
    return len(text) == 1 and not text.isalnum()


def _lead_with(item: HtmlElement, terms: list[HtmlElement]) -> None:
    """The terms (their inline markup kept: an option stays code) and a colon put before the first words of
    ``item``, into its first paragraph when it opens with one. Permalink marks ("¶", "#") are left out."""
    if not terms:
        return
    first = next((child for child in item if isinstance(child.tag, str)), None)
    block = first if first is not None and first.tag == "p" and not (item.text or "").strip() else item
    lead = block.makeelement("span", {})
    for n, term in enumerate(terms):
        term.tag = "span"
        term.attrib.clear()
        for link in list(term.iter("a")):
            if _is_mark(link.text_content().strip()):
                link.drop_tree()
        _strip_end(term)
        # Sphinx writes the colon into the term ("Author<span class="colon">:</span>"), not ninja's "$:"
        said = any(span.get("class") == "colon" for span in term.iter("span"))
        term.tail = ", " if n < len(terms) - 1 else (" " if said else ": ")
        lead.append(term)
    lead.tail = (block.text or "").lstrip()
    block.text = None
    block.insert(0, lead)


def _strip_end(element: HtmlElement) -> None:
    """Trailing white space off the text inside ``element`` (not its tail), so a colon can follow it."""
    slots: list[tuple[HtmlElement, str]] = [(element, "text")]  # its text pieces in reading order

    def visit(node: HtmlElement) -> None:
        for child in node:
            slots.append((child, "text"))
            visit(child)
            slots.append((child, "tail"))

    visit(element)
    for node, slot in reversed(slots):
        value = getattr(node, slot) or ""
        setattr(node, slot, value.rstrip() or None)
        if value.strip():
            return


def _paragraph_chars(element: HtmlElement) -> int:
    return sum(len(_shown(block)) for block in element.iter(*_PARAGRAPH_TAGS))


def _shown(element: HtmlElement) -> str:
    """The text of ``element`` as a reader sees it: white space collapsed."""
    return " ".join(element.text_content().split())


def _linked_chars(element: HtmlElement) -> int:
    """How much of ``element``'s shown text is link text."""
    return sum(len(_shown(link)) for link in element.iter("a"))


def _starred_emphasis_as_text(tree: HtmlElement) -> None:
    """Emphasis whose text holds an asterisk (a signature's ``*args`` or bare ``*``, Sphinx sets each parameter
    in ``<em>``) is kept as plain text. Why: Markdown emphasis is written with asterisks, so trafilatura's
    "***fmtparams*" and "***," could be read back neither as emphasis nor as the parameter."""
    for element in tree.iter("em", "i"):
        if "*" in element.text_content():
            element.tag = "span"


def _preformatted_as_code(tree: HtmlElement) -> None:
    """Each ``<pre>`` without a ``<code>`` inside gets one around its content, its code ends its last line, and
    white space outside ``<pre>`` is collapsed as a browser shows it. Why: trafilatura takes a bare ``<pre>`` for
    code only when its text looks like code to it, and writes the others (a session in a terminal, a build file)
    as escaped prose ("file\\_name"); it quotes one line of code inline, glued to the paragraph after it, unless a
    newline ends it; and source lines wrapped and indented inside a paragraph came out as indented lines, which
    Markdown reads as code."""
    for pre in tree.iter("pre"):
        code = pre.find(".//code")
        if code is None:
            code = pre.makeelement("code", {})
            code.text, pre.text = pre.text, None
            for child in list(pre):
                code.append(child)  # moves it, its tail with it
            pre.append(code)
        if not code.text_content().endswith("\n"):  # one line of code: trafilatura quotes it inline, glued to
            if len(code):  # the paragraph after it, unless its text ends its line
                code[-1].tail = (code[-1].tail or "") + "\n"
            else:
                code.text = (code.text or "") + "\n"
    for element in tree.iter():
        if not isinstance(element.tag, str) or any(above.tag == "pre" for above in element.iterancestors()):
            continue  # all of its text is preformatted
        if element.text and element.tag != "pre":
            element.text = _SPACES.sub(" ", element.text)
        if element.tail:
            element.tail = _SPACES.sub(" ", element.tail)


_SPACES = re.compile(r"[ \t\n\r\f]+")
"""HTML's white space (a no-break space is not)."""
_SECTION_HEADINGS = ("h2", "h3", "h4", "h5", "h6")
_INLINE = frozenset({"a", "abbr", "b", "code", "em", "i", "kbd", "small", "span", "strong", "sub", "sup", "time"})


def _section_notes_as_paragraphs(tree: HtmlElement) -> None:
    """The short "label: value" lines right under a section's heading become paragraphs. Why: API documentation
    gives each entry's version and status that way ("Added in: v2.4.0", "Status: beta"), in
    blocks trafilatura drops as page furniture (a class naming "meta", a line that is mostly a link), so "when was
    this added" or "is it stable" had nothing to answer from. The page's own title (``<h1>``) is left alone: the
    line under it is a byline the page's metadata already gives."""
    for heading in tree.iter(*_SECTION_HEADINGS):
        sibling = heading.getnext()
        for _ in range(4):
            if sibling is None or not isinstance(sibling.tag, str):
                break
            text = _shown(sibling)
            following = sibling.getnext()
            if not text and sibling.tag == "p":  # an empty paragraph around a note
                sibling = following
                continue
            if _opened_history_table(sibling):
                sibling = following
                continue
            if (
                sibling.tag not in ("div", "p", "span")
                or not is_note(text)
                or any(isinstance(child.tag, str) and child.tag not in _INLINE for child in sibling.iterdescendants())
            ):
                break
            sibling.tag = "p"
            for name in list(sibling.attrib):
                del sibling.attrib[name]
            sibling = following


_CHROME_ABOVE = frozenset({"nav", "aside", "footer", "form", "template"})
LINE_ABOVE_TITLE_WORDS = 4
"""How many words a line above an article's title holds at least to be text: "Local News", "5 min read" and
"Press release" are labels."""


def _lines_above_title_kept(tree: HtmlElement) -> None:
    """A line of text standing above the title (``<h1>``) of an article, which trafilatura would discard for its
    class or id, is moved under the title (after the byline and date lines there) without them: a press
    release's ``<p class="embargo">EMBARGOED UNTIL Wednesday 20 November 2024, 16:00 London time</p>``. Why:
    trafilatura matches parts of words in classes and ids ("bar", a navigation bar's, in "embargo"), so "when does
    the embargo lift" had nothing to answer from. Set under the title, the line opens the title's section, and the
    date line under the title is still read as the page's date. What goes as before: a line that is mostly links (a
    breadcrumb, a category, share links), a label of fewer than ``LINE_ABOVE_TITLE_WORDS`` words ("Local News", "5
    min read"), a byline or a date line (the page's metadata gives them), a block holding more than a line."""
    from trafilatura.xpaths import OVERALL_DISCARD_XPATH

    discarded = {element for expression in OVERALL_DISCARD_XPATH for element in expression(tree)}
    for title in list(tree.iter("h1")):
        above = {element.tag for element in title.iterancestors()}
        if above & _CHROME_ABOVE or not above & {"article", "main"}:
            continue
        lines = [e for e in title.itersiblings(preceding=True) if e in discarded and _is_text_line(e)]
        under = title
        while (following := under.getnext()) is not None and (following in discarded or _is_head_line(following)):
            under = following
        for line in lines:  # the nearest first, and each one above it lands before it: their order stays
            _detach(line)
            line.tag = "p"
            line.attrib.clear()
            under.addnext(line)


def _is_text_line(element: HtmlElement) -> bool:
    """Whether ``element`` is a line of words (``_lines_above_title_kept``): a block of inline elements only, not
    mostly links, of ``LINE_ABOVE_TITLE_WORDS`` words or more, and no byline or date line."""
    if element.tag not in ("p", "div", "span") or any(
        isinstance(child.tag, str) and child.tag not in _INLINE | {"br"} for child in element.iterdescendants()
    ):
        return False
    text = _shown(element)
    words = [word for word in text.split() if any(c.isalpha() for c in word)]
    return (
        len(words) >= LINE_ABOVE_TITLE_WORDS and _linked_chars(element) < 0.5 * len(text) and not _is_head_line(element)
    )


def _is_head_line(element: HtmlElement) -> bool:
    """Whether ``element`` reads as a byline or a date line ("By Hannah Pryce · 15 March 2024", "20 Nov 2024")."""
    if not isinstance(element.tag, str):
        return False
    text = _shown(element)
    return bool(text) and (read_byline(text) is not None or read_date_line(text) is not None)


def _detach(element: HtmlElement) -> None:
    """Takes ``element`` out of its parent, leaving its tail (the text after it) where it stood."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
        element.tail = None
    parent.remove(element)


def _opened_history_table(block: HtmlElement) -> bool:
    """Opens ``block`` (right under a section's heading) into a plain table for trafilatura to keep when it is a
    collapsed table (``<details>`` holding a ``<table>``: an entry's version history, "v3.0.0 | No longer in
    beta."), and says whether it was. Its summary ("History") goes: the rows are what the entry's heading
    is about, as the notes under it are."""
    if block.tag != "div":
        return False
    folded = block.find("details")
    if folded is None or folded.find(".//table") is None:
        return False
    for element in (block, folded):
        element.tag = "div"
        for name in list(element.attrib):
            del element.attrib[name]
    for summary in list(folded.iter("summary")):
        summary.drop_tree()
    return True


_TITLE_TAG = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_TITLE_PARTS = re.compile(r"\s+[|·•—–-]\s+")


_HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)


def _folded(text: str) -> str:
    """``text`` as a heading and a part of ``<title>`` are compared: without inline markup, permalink marks, runs of
    spaces and case."""
    return " ".join(text.replace("`", "").replace("*", "").rstrip("¶§# ").split()).casefold()


def _title_not_chrome(raw: str, title: str, site: str, page_headings: set[str], markdown: str) -> tuple[str, str]:
    """The part of ``<title>`` that heads the main text, and the last part as the site's name when the metadata
    names none, in place of a ``title`` that is no part of ``<title>`` and a heading of the page's chrome only (not
    of its main text). Why: trafilatura takes the first heading whose class or id says "title" for the page's title
    when the page has two ``<h1>``, even one in a popup hidden until a key is pressed (mdBook's keyboard help,
    ``<h2 class="mdbook-help-title">Keyboard shortcuts</h2>``, set before the book's and the chapter's ``<h1>``); what
    the page calls itself in ``<title>``, confirmed by a heading of its text ("What is rustdoc?" of "What is rustdoc?
    - The rustdoc book"), is its own. Any other ``title`` is returned as it is."""
    tag = _TITLE_TAG.search(raw)
    if not title or tag is None:
        return title, site
    parts = [p for p in _TITLE_PARTS.split(" ".join(html.unescape(tag.group(1)).split())) if p]
    text_headings = {_folded(found) for found in _MARKDOWN_HEADING.findall(markdown)}
    folded = _folded(title)
    if folded in {_folded(part) for part in parts} or folded not in page_headings or folded in text_headings:
        return title, site
    own = next((number for number, part in enumerate(parts) if _folded(part) in text_headings), None)
    if own is None:
        return title, site
    return parts[own], site or (parts[-1] if own < len(parts) - 1 else "")


def _title_and_site(raw: str, title: str, site: str) -> tuple[str, str]:
    """The page's own title and its site's name. A title that is the site's name (a site header set as the
    page's ``<h1>``: every page of a documentation site would share it) gives way to the other part of ``<title>``
    ("Install | Example Docs": "Install"), else to the text's first heading (empty). Without a site name in the
    page's metadata, a title equal to the last of several parts of ``<title>`` is taken for the site's name, and
    is the site's name ("Harbour Maps - Example Book" with the header "Example Book"). A site name guessed from
    the first part ("Moving to Example.io - Example Book": a part that reads like a domain) is the page's title the
    wrong way round. A site name guessed to be the page's own title ("What's New In Python 3.10" for both) is the
    last part of ``<title>`` ("What's New In Python 3.10 — Python 3.11.2 documentation")."""
    tag = _TITLE_TAG.search(raw)
    parts = [p for p in _TITLE_PARTS.split(" ".join(html.unescape(tag.group(1)).split())) if p] if tag else []
    folded = [part.casefold() for part in parts]
    if len(parts) > 1 and [title.strip().casefold(), site.strip().casefold()] == [folded[-1], folded[0]]:
        return parts[0], parts[-1]
    if not title:
        return title, site
    if len(parts) > 1 and site.strip().casefold() == title.strip().casefold() == folded[0]:
        return parts[0], parts[-1]  # the page's title guessed for the site's name too: <title> says which is which
    names = {site.strip().casefold()} - {""}
    if len(parts) > 1 and folded[-1] == title.strip().casefold():
        names.add(folded[-1])
        site = site or parts[-1]
    if title.strip().casefold() not in names:
        return title, site
    own = [part for part in parts if part.casefold() not in names]
    return (own[0] if own else ""), site


_HOST = re.compile(r"https?://(?:www\.|w[0-9]+\.)?([^/:?#]+)", re.IGNORECASE)


def _site_not_host(raw: str, title: str, site: str, url: str) -> str:
    """The site's name in place of a ``site`` that is only the host of the page's address ("docs.tidesync.dev",
    trafilatura's last guess) or is none: the last part of ``<title>`` ("Installation - tidesync docs": "tidesync
    docs") when the page's title begins ``<title>`` (is its first part, all of it but the last part, "Programme –
    Thursday 18 September | RustFjord 2025", or opens with its first part, "Venue: Havnelageret" of "Venue |
    RustFjord 2025"); on a home page (the address is the site's root), the first part when it is the page's title
    and spells the host's name ("RustFjord 2025 – The Rust conference by the fjords" at rustfjord.no: a home page
    names the site, then its tagline). Why: the pages of one site were credited to several names, the host, the
    site's name and a tagline; and a page saved without its address ("Hardship Fund | Ashcombe Tenants'
    Association", no URL for trafilatura to guess a host from) was credited to no one."""
    host = _HOST.match(url)
    tag = _TITLE_TAG.search(raw)
    if tag is None or (site and (host is None or site.casefold() != host.group(1).casefold())):
        return site
    whole = " ".join(html.unescape(tag.group(1)).split())
    parts = [p for p in _TITLE_PARTS.split(whole) if p]
    if len(parts) < 2:
        return site
    own, first = title.strip().casefold(), parts[0].casefold()
    if host is not None and _HOME.match(url) and own == first and _spells(parts[0], host.group(1)):
        return parts[0]
    *_, last_separator = _TITLE_PARTS.finditer(whole)
    if own in (first, whole[: last_separator.start()].casefold()) or re.match(rf"{re.escape(first)}\W", own):
        return parts[-1]
    return site


_HOME = re.compile(r"https?://[^/?#]+/?(?:index\.html?)?(?:[?#].*)?$", re.IGNORECASE)
"""The address of a site's home page."""


def _spells(name: str, host: str) -> bool:
    """Whether ``name`` holds the main word of ``host`` ("RustFjord 2025" and "rustfjord.no"; the longest label but
    the last: "tidesync" of "docs.tidesync.dev")."""
    labels = host.casefold().split(".")[:-1]
    word = max(labels, key=len) if labels else ""
    return len(word) > 2 and word in re.sub(r"[\W_]", "", name.casefold())


def read_pdf(data: bytes, doc_id: str, path: str = "") -> Document:
    """A PDF's text laid out by ``ingest.pdf`` (headings, paragraphs, code, no page furniture), with the offsets
    where its pages start; each page's plain lines (pypdf) when the layout cannot be read."""
    from pypdf import PdfReader

    quiet = logging.getLogger("pypdf")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # "Multiple definitions in dictionary" and the like: nothing a reader can fix
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise NoText("is encrypted with a password")
        info = reader.metadata
        title = str(info.title).strip() if info is not None and info.title else ""
        author = str(info.author).strip() if info is not None and info.author else ""
        title = "" if word.placeholder_title(title) else title  # reportlab's "(anonymous)", "Microsoft Word - x.docx"
        author = "" if word.placeholder_author(author) else author
        built = info.creation_date if info is not None else None
        created = file_day(built) if built is not None else ""  # the day: its time is the build's
        named = date_from(doc_id)  # "2025-12-09-minutes.pdf": the day the file says, over the day it was built
        try:
            document = pdf.layout_document(data, doc_id, path, title, author, created, named)
            if document.text.strip():
                return document if document.title else replace(document, title=title_from(doc_id))
        except Exception as exc:  # the layout reader failing on a file pypdf reads: its plain lines are text too
            log.warning("cannot lay out %s (%s: %s); indexing its lines as they are", doc_id, type(exc).__name__, exc)
        pages = [pdf.clean_glyphs(page.extract_text() or "").strip() for page in reader.pages]
    except NoText:
        raise
    except Exception as exc:  # a damaged file fails in many ways inside the parser: one file never stops a build
        raise NoText(f"is not a readable PDF ({type(exc).__name__}: {exc})") from None
    finally:
        quiet.setLevel(level)
    if not any(pages):
        raise NoText("yields no text (a scanned PDF needs OCR first)")
    text_parts: list[str] = []
    starts: list[int] = []
    sections: list[Section] = []
    offset = 0
    for page_text in pages:
        starts.append(offset)
        if page_text:
            sections.append(Section("", offset, offset + len(page_text)))
        text_parts.append(page_text)
        offset += len(page_text) + 2  # pages are joined by a blank line
    return Document(
        doc_id=doc_id,
        title=title or title_from(doc_id),
        text="\n\n".join(text_parts),
        sections=tuple(sections),
        author=author,
        published_at=named or named_in_title(title) or created,
        path=path,
        page_starts=tuple(starts),
    )


MAX_UNPACKED_BYTES = 512 * 1024 * 1024
"""The most a zipped document (Word, OpenDocument, EPUB, PowerPoint, Excel) may unpack to, as its directory
declares: a "zip bomb" of a few KB that unpacks to gigabytes is refused before any reader opens it."""


def check_package(data: bytes, kind: str) -> None:
    """Refuse (``NoText``) a zipped document that is no zip, or that unpacks to more than ``MAX_UNPACKED_BYTES``."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise NoText(f"is not a readable {kind} file (not a zip package: {exc})") from None
    if unpacked > MAX_UNPACKED_BYTES:
        mb = 1024 * 1024
        limit = f"the {MAX_UNPACKED_BYTES / mb:.0f} MB a {kind} file may hold here"
        raise NoText(f"unpacks to {unpacked / mb:.0f} MB, more than {limit}")


def extract_docx(data: bytes) -> Extracted:
    """A Word document's text as markdown (``ingest.word``: headings, tables, code, notes) and its metadata."""
    check_package(data, ".docx")
    try:
        text = word.read_word(data)
    except Exception as exc:  # not a zip, no document part, broken XML: one file never stops a build
        raise NoText(f"is not a readable .docx file ({type(exc).__name__}: {exc})") from None
    if not text.markdown:
        raise NoText("holds no text")
    return Extracted(
        text.markdown,
        title=text.title,
        author=text.author,
        published_at=text.published_at,
        revised=text.revised,
        created=text.created,
    )
