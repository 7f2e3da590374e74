"""Documents in the other formats people keep text in, read through pandoc: OpenDocument text (.odt), EPUB books,
Org and AsciiDoc notes, wiki pages (MediaWiki, Textile), LaTeX and Typst papers, RTF, PowerPoint slides, Jupyter
notebooks, FictionBook and DocBook.

Why pandoc: it is the well-kept converter that reads all of these (its own parser for each, with their headings,
tables, code and metadata), shipped on PyPI as ``pypandoc_binary``. Each file is converted to HTML and read by the
HTML reader (``formats.extract_html``), so its headings become sections and its tables and code read as they do in
a web page. Title, author and date come from the file's own metadata only (an Org ``#+TITLE``, a LaTeX
``\\author``, an EPUB's OPF, an ODT's document properties), never from a date found in the text: a history book
quotes hundreds of dates.

Pandoc runs with ``--sandbox`` (a LaTeX ``\\input`` or an Org ``#+INCLUDE`` cannot read other files, nothing is
fetched) and a time limit, and a file it cannot read is skipped with its message, like any unreadable file.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from functools import lru_cache
from importlib import resources
from io import BytesIO
from pathlib import Path
from xml.etree import ElementTree

from lxml import html as lxml_html

from ragqa.ingest import formats, word
from ragqa.ingest.dates import file_day
from ragqa.ingest.encoding import decode_text

FORMATS = {
    ".odt": "odt",
    ".epub": "epub",
    ".pptx": "pptx",
    ".org": "org",
    ".adoc": "asciidoc",
    ".asciidoc": "asciidoc",
    ".wiki": "mediawiki",
    ".mediawiki": "mediawiki",
    ".textile": "textile",
    ".tex": "latex",
    ".typ": "typst",
    ".rtf": "rtf",
    ".ipynb": "ipynb",
    ".fb2": "fb2",
    ".dbk": "docbook",
}
"""File suffix -> pandoc's name for the format it reads."""
SUFFIXES = tuple(FORMATS)
BINARY = frozenset({".odt", ".epub", ".pptx"})
"""Zip containers, given to pandoc as they are; the others are text, decoded first (any encoding) and given as
UTF-8, the only encoding pandoc reads."""
TIMEOUT_S = 30.0
TIMEOUT_S_PER_MB = 10.0
TIMEOUT_S_MAX = 300.0
"""pandoc's time limit: 30 s, and 10 s more per MB of file (a 1 MB EPUB takes about 2 s), 5 minutes at most, so
that one file pandoc cannot parse in good time (some AsciiDoc made pandoc 3.9 run for minutes) does not hold a build
long."""

_TEMPLATE = "pandoc-page.html"
_INCLUDE = re.compile(r"^include::[^\[]*\[[^\]]*\][ \t]*$")
_UNDERLINE = re.compile(r"^([=~^+-])\1+[ \t]*$")
_LEVELS = {"=": 1, "-": 2, "~": 3, "^": 4, "+": 5}
"""A two-line title's underline -> the ``=`` signs of its one-line form (AsciiDoc's document title, then sections)."""
_ATTRIBUTES = re.compile(r"^\[.*\][ \t]*$")
"""A block's anchor or attributes ("[[ATTRIBUTES]]", "[verse]") on the line above it."""
_TERM = re.compile(r"^\S.*?(?::{2,4}|;;)[ \t]*$")
"""A description list's term on a line of its own ("--keep-index::"), its description on the lines below."""
_TERM_END = re.compile(r"[ \t]*(?::{2,4}|;;)[ \t]*$")
_LEGACY_QUOTES = re.compile(r"``([^`'\n]+?)''")
"""The older AsciiDoc's double quotes (``like this''), which pandoc shows as backslashes and apostrophes."""
_DELIMITER = re.compile(r"^(-{4,}|\.{4,}|={4,}|\*{4,}|_{4,}|\+{4,}|/{4,})[ \t]*$")
_NAMESPACES = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}
_PROPERTIES = {".odt": ("meta.xml", "office:meta"), ".pptx": ("docProps/core.xml", "")}
"""Where a zipped document keeps its properties: the part, and the element holding them (none: the root)."""


@lru_cache(maxsize=1)
def _pandoc() -> str:
    """The pandoc binary ``pypandoc_binary`` ships (or one on the PATH); ``formats.NoText`` naming the fix when
    there is none, so the build skips the file and says why instead of failing."""
    try:
        import pypandoc

        return str(pypandoc.get_pandoc_path())
    except (ImportError, OSError) as exc:
        raise formats.NoText(f"needs pandoc to be read: pip install pypandoc_binary ({exc})") from None


def to_html(data: bytes, suffix: str) -> str:
    """The file as an HTML page whose ``<meta>`` tags hold the title, author and date its metadata gives.

    Raises ``formats.NoText`` (a ``ValueError``) when pandoc cannot read it, with pandoc's own message."""
    fmt = FORMATS[suffix]
    if suffix in BINARY:
        formats.check_package(data, suffix)
    else:
        text = decode_text(data)[0]
        if fmt == "asciidoc":
            text = asciidoc_source(text)
        data = text.encode("utf-8")
    limit = min(TIMEOUT_S_MAX, TIMEOUT_S + TIMEOUT_S_PER_MB * len(data) / 1e6)
    template = resources.files("ragqa.ingest").joinpath(_TEMPLATE)
    with resources.as_file(template) as template_path:
        try:
            done = subprocess.run(
                [_pandoc(), "--from", fmt, "--to", "html5", "--standalone", f"--template={Path(template_path)}"]
                + ["--sandbox", "--wrap=none"],
                input=data,
                capture_output=True,
                timeout=limit,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise formats.NoText(f"pandoc could not read it within {limit:.0f} s") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise formats.NoText(f"is not a readable {fmt} file (pandoc: {message[-1] if message else done.returncode})")
    return done.stdout.decode("utf-8", "replace")


def asciidoc_source(text: str) -> str:
    """AsciiDoc as pandoc's reader (Asciidoctor's syntax) reads it.

    - ``include::`` lines go: pandoc stops at an include it may not read, and no format's includes are followed.
    - Two-line titles ("NAME" over "----", the older AsciiDoc's form, which Git's manuals still use) become
      one-line ones ("== NAME"), which pandoc reads as titles. An underline is within two characters of its title's
      length, and the title follows a blank line or an anchor, outside delimited blocks ("----" around a listing).
    - A description indented under its term, or a blank line below it, is set back: pandoc reads it as a literal
      block (code), or no description at all, where Asciidoctor reads the term's text.
    - Terms on consecutive lines ("-f::" over "--force::") become one ("-f, --force::"): pandoc gives the first an
      empty description. The older syntax's quotes (``like this'') become plain ones.
    - A block opening right under a paragraph's last line is set off by a blank line: pandoc 3.9 took minutes over
      one holding a blank line.
    """
    lines = _LEGACY_QUOTES.sub(r'"\1"', text).split("\n")
    out: list[str] = []
    block = ""
    underline = False
    term = ""  # "term": under a description list's term, its description not begun; "text": in its indented one
    for number, line in enumerate(lines):
        if underline:  # of the title above
            underline = False
            out.append("")
            continue
        if block:
            block = "" if line.rstrip() == block else block
            out.append(line)
            continue
        if term and not line.strip():
            if term == "term" and _description_follows(lines, number):
                continue  # pandoc reads no description after a blank line under its term, Asciidoctor does
            term = ""
        elif term and line[:1].isspace():
            term = "text"
            out.append(line.strip())  # a term's description, however indented, is its text (not a literal block)
            continue
        else:
            named = _TERM.match(line)
            if named and term == "term" and out and _TERM.match(out[-1]):  # "-f::" over "--force::": one term
                out[-1] = f"{_TERM_END.sub('', out[-1])}, {line.strip()}"
                continue
            term = "term" if named else ""
        under = _UNDERLINE.match(lines[number + 1]) if number + 1 < len(lines) else None
        if (
            under
            and line.strip()
            and not line[0].isspace()
            and not line.startswith(("//", ".", "[", "*", "-", "=", "+", "|"))
            and abs(len(lines[number + 1].rstrip()) - len(line.rstrip())) <= 2
            and (number == 0 or not lines[number - 1].strip() or _ATTRIBUTES.match(lines[number - 1]))
        ):
            out.append("=" * _LEVELS[under.group(1)] + " " + line.strip())
            underline = True
            continue
        if _DELIMITER.match(line):
            block = line.rstrip()
            if out and out[-1].strip() and out[-1].strip() != "+" and not out[-1].startswith(("[", ".")):
                out.append("")  # a block right under a paragraph's line: pandoc can take minutes over it
        out.append("" if _INCLUDE.match(line) else line)
    return "\n".join(out)


def _description_follows(lines: list[str], number: int) -> bool:
    """Whether the first line with text after ``lines[number]`` begins a term's description (not another term, a
    title, a block or a list)."""
    later = next((n for n in range(number + 1, len(lines)) if lines[n].strip()), None)
    if later is None:
        return False
    line = lines[later]
    if line[:1].isspace():
        return True
    if _TERM.match(line) or _DELIMITER.match(line) or line.startswith(("=", "[", ".", "*", "-", "//", "include::")):
        return False
    return not (later + 1 < len(lines) and _UNDERLINE.match(lines[later + 1]))


def extract(data: bytes, suffix: str) -> formats.Extracted:
    """A file's text as markdown (headings as ``#`` lines) and the title, author and date of its metadata."""
    page = to_html(data, suffix)
    text = formats.extract_html(page)
    head = lxml_html.fromstring(page.encode("utf-8")).find("head")
    stated = {m.get("name"): (m.get("content") or "").strip() for m in head.iter("meta")} if head is not None else {}
    title = (head.findtext("title") or "").strip() if head is not None else ""
    author, date, created = stated.get("author", ""), stated.get("date", ""), ""
    if suffix in _PROPERTIES:
        title, author, date, created = _package_properties(data, suffix, title, author, date)
    return formats.Extracted(text.markdown, title=title, author=author, published_at=date, created=created)


def _package_properties(data: bytes, suffix: str, title: str, author: str, date: str) -> tuple[str, str, str, str]:
    """A zipped document's title, author and date where pandoc gives none: pandoc reads an ODT's body only and a
    PowerPoint file's slides only. First the package's document properties (``meta.xml``, ``docProps/core.xml``:
    LibreOffice and PowerPoint record the author there, as Word does; a template's placeholder name is none), then,
    in an ODT, the paragraphs styled "Title", "Author" and "Date" (how a LibreOffice user titles a document whose
    properties name none); and the day the file was created, a date only where nothing else gives one."""
    part, where = _PROPERTIES[suffix]
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            root = ElementTree.fromstring(archive.read(part))
            styled = _styled_paragraphs(archive) if suffix == ".odt" else {}
    except (KeyError, OSError, zipfile.BadZipFile, ElementTree.ParseError):
        return title, author, date, ""
    props = root.find(where, _NAMESPACES) if where else root
    if props is None:
        return title, author, date, ""

    def field(*names: str) -> str:
        for name in names:
            value = " ".join((props.findtext(name, default="", namespaces=_NAMESPACES) or "").split())
            if value:
                return value
        return ""

    creator = field("meta:initial-creator", "dc:creator")
    if word.placeholder_author(creator):
        creator = ""
    created = field("meta:creation-date", "dcterms:created", "dc:date")
    return (
        title or field("dc:title") or styled.get("Title", ""),
        author or creator or styled.get("Author", ""),
        date or styled.get("Date", ""),
        file_day(created) if created else "",
    )


_STYLED = ("Title", "Author", "Date")


def _styled_paragraphs(archive: zipfile.ZipFile) -> dict[str, str]:
    """The first paragraph of an ODT's body in each of the styles "Title", "Author" and "Date" (directly, or
    through the automatic style LibreOffice derives from it when the paragraph is formatted by hand)."""
    root = ElementTree.fromstring(archive.read("content.xml"))
    style, text = f"{{{_NAMESPACES['style']}}}", f"{{{_NAMESPACES['text']}}}"
    parent = {
        node.get(f"{style}name", ""): node.get(f"{style}parent-style-name", "") for node in root.iter(f"{style}style")
    }
    found: dict[str, str] = {}
    for paragraph in root.iter(f"{text}p"):
        name = paragraph.get(f"{text}style-name", "")
        kind = name if name in _STYLED else parent.get(name, "")
        value = " ".join("".join(paragraph.itertext()).split())
        if kind in _STYLED and value and kind not in found:
            found[kind] = value
    return found
