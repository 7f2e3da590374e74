"""The files people really have: HTML pages, PDFs and Word documents, read into the same ``Document`` records.

Why libraries and not hand-written parsers: finding an article's main text among navigation, ads and footers
(trafilatura), the text of each PDF page (pypdf) and a Word file's headings (python-docx) are solved problems
with permissive licences (Apache-2.0, BSD, MIT). Offsets in citations point into the extracted text; a PDF's
pages are kept (``Document.page_starts``), so each chunk knows its page and a citation can say "p. 4".

A file that yields no text (a scanned PDF, an HTML page with no article in it) raises ``NoText`` with the reason,
and the corpus reader skips it: nothing is indexed empty.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from ragqa.records import Document, Section

log = logging.getLogger(__name__)

BINARY_SUFFIXES = (".pdf", ".docx")
HTML_SUFFIXES = (".html", ".htm")


class NoText(ValueError):
    """The file holds no text to index (the message says why)."""


def _title_from(doc_id: str) -> str:
    return Path(doc_id).stem.replace("-", " ").replace("_", " ")


@dataclass(frozen=True)
class Extracted:
    """A file's text as markdown (headings as ``#`` lines) and the metadata the file itself gives."""

    markdown: str
    title: str = ""
    author: str = ""
    published_at: str = ""
    url: str = ""
    source: str = ""


def extract_html(raw: str) -> Extracted:
    """An HTML page's main text (headings kept) and its title, author, date, canonical URL and site name."""
    import trafilatura

    markdown = trafilatura.extract(
        raw, output_format="markdown", include_formatting=True, include_comments=False, include_tables=True
    )
    if not markdown or not markdown.strip():
        raise NoText("holds no article text (navigation, ads or an empty page only)")
    meta = trafilatura.extract_metadata(raw)
    if meta is None:
        return Extracted(markdown)
    return Extracted(
        markdown,
        title=meta.title or "",
        author=meta.author or "",
        published_at=meta.date or "",
        url=meta.url or "",
        source=meta.sitename or "",
    )


def read_pdf(data: bytes, doc_id: str, path: str = "") -> Document:
    """The text of each page of a PDF, one section per page, with the offsets where pages start."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise NoText("is encrypted with a password")
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
        info = reader.metadata
    except NoText:
        raise
    except Exception as exc:  # a damaged file fails in many ways inside the parser: one file never stops a build
        raise NoText(f"is not a readable PDF ({type(exc).__name__}: {exc})") from None
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
    title = str(info.title).strip() if info is not None and info.title else ""
    author = str(info.author).strip() if info is not None and info.author else ""
    created = info.creation_date if info is not None else None
    return Document(
        doc_id=doc_id,
        title=title or _title_from(doc_id),
        text="\n\n".join(text_parts),
        sections=tuple(sections),
        author=author,
        published_at=created.isoformat() if created is not None else "",
        path=path,
        page_starts=tuple(starts),
    )


def extract_docx(data: bytes) -> Extracted:
    """A Word document's paragraphs as markdown, its "Title"/"Heading N" paragraphs as headings."""
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # not a zip, no document part, broken XML: one file never stops a build
        raise NoText(f"is not a readable .docx file ({type(exc).__name__}: {exc})") from None
    lines: list[str] = []
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        if style == "Title" or style.startswith("Heading"):
            level = 1 if style == "Title" else int("".join(ch for ch in style if ch.isdigit()) or 1)
            lines += ["", f"{'#' * min(level, 6)} {text}", ""]
        else:
            lines += [text, ""]
    if not lines:
        raise NoText("holds no text")
    props = document.core_properties
    return Extracted(
        "\n".join(lines),
        title=(props.title or "").strip(),
        author=(props.author or "").strip(),
        published_at=props.created.isoformat() if props.created is not None else "",
    )


RST_SUFFIXES = (".rst", ".rest")
_ROLE = re.compile(r":[\w.+-]+(?::[\w.+-]+)*:`(?P<text>(?:\\.|[^`])*)`")
"""A role docutils does not know (Sphinx's ``:func:`parse```, ``:ref:`Label <target>```): its text is what a
reader sees."""
_MARKDOWN_SYNTAX = re.compile(r"([\\`*_\[\]#|>~])")
_LINE_START_BLOCK = re.compile(r"^(\s*)([-+]|\d{1,9}[.)])(\s)")
_ADMONITION_TITLE = {"note", "warning", "tip", "hint", "important", "caution", "danger", "error", "attention"}


def _role_text(written: str) -> str:
    def text(match: re.Match[str]) -> str:
        inner = match.group("text")
        inner = re.sub(r"\s*<[^<>]*>$", "", inner) or inner  # "Label <target>": the label
        return inner.lstrip("~!")

    return _ROLE.sub(text, written)


def _escaped(text: str) -> str:
    """Plain text as Markdown that the Markdown reader gives back unchanged (its backslash escapes are undone
    there): a "*" or "#" in prose is no emphasis or heading."""
    return _MARKDOWN_SYNTAX.sub(r"\\\1", text)


def _line(text: str) -> str:
    """One line of Markdown: whitespace folded, and a sentence opening with "1990." or "- " no list item."""
    text = " ".join(text.split())
    return _LINE_START_BLOCK.sub(lambda m: f"{m.group(1)}{m.group(2)[:-1]}\\{m.group(2)[-1]}{m.group(3)}", text)


def extract_rst(raw: str, doc_id: str = "") -> Extracted:
    """A reStructuredText file's text as markdown: sections as headings, literal blocks as code, lists, tables
    and admonitions as lines; its title and bibliographic fields (``:Author:``, ``:Date:``) as metadata.

    Parsed by docutils with includes and raw passthrough off (a corpus file must not read other files). Sphinx's
    roles and directives are unknown to docutils: a role keeps its text, ``code-block`` is read as ``code``, and
    any other unknown directive is left out."""
    from docutils import nodes
    from docutils.core import publish_doctree
    from docutils.parsers.rst import directives
    from docutils.parsers.rst.directives.body import CodeBlock

    for name in ("code-block", "sourcecode"):
        directives.register_directive(name, CodeBlock)
    try:
        document = publish_doctree(
            raw,
            settings_overrides={
                "report_level": 5,
                "halt_level": 5,
                "warning_stream": io.StringIO(),
                "file_insertion_enabled": False,
                "raw_enabled": False,
                "input_encoding": "unicode",
                "syntax_highlight": "none",
            },
        )
    except Exception as exc:  # docutils raises on input it cannot recover from; one file never stops a build
        raise NoText(f"is not readable reStructuredText ({type(exc).__name__}: {exc})") from None

    lines: list[str] = []
    meta: dict[str, str] = {}

    def inline(node: nodes.Node) -> str:
        """The words a reader sees, as Markdown: a link to elsewhere stays a link, so the Markdown reader treats
        a bare one as it treats any (navigation amid text, the text of a section that says nothing else)."""
        if isinstance(node, nodes.Text):
            return _escaped(str(node))
        if isinstance(node, nodes.problematic):
            return _escaped(_role_text(node.astext()))
        if isinstance(node, (nodes.image, nodes.system_message, nodes.footnote_reference, nodes.citation_reference)):
            return ""
        if not isinstance(node, nodes.Element):
            return ""
        text = "".join(inline(child) for child in node.children)
        uri = node.get("refuri", "") if isinstance(node, nodes.reference) else ""
        if uri and text.strip() and not re.search(r"[\s()]", uri):
            return f"[{text}]({uri})"
        return text

    def line_of(node: nodes.Node) -> str:
        return _line(inline(node))

    def paragraph(text: str, prefix: str = "") -> None:
        if text:
            lines.extend([prefix + text, ""])

    def code(node: nodes.Node) -> None:
        lines.extend(["```", *node.astext().split("\n"), "```", ""])

    left_out = (
        nodes.comment,
        nodes.substitution_definition,
        nodes.target,
        nodes.system_message,
        nodes.raw,
        nodes.image,
        nodes.pending,
        nodes.transition,
        nodes.footnote,
        nodes.citation,
    )

    def flat(node: nodes.Node) -> str:
        """A block inside a list item or a definition as one line ("total (int or float, optional): The number
        of expected iterations. If unspecified, ...")."""
        if isinstance(node, left_out) or not isinstance(node, nodes.Element):
            return ""
        if isinstance(node, nodes.definition_list_item):
            term = " ".join(flat(c) for c in node.children if isinstance(c, nodes.term))
            kinds = ", ".join(flat(c) for c in node.children if isinstance(c, nodes.classifier))
            definition = " ".join(flat(c) for c in node.children if isinstance(c, nodes.definition))
            head = f"{term} ({kinds})" if kinds else term
            return f"{head}: {definition}" if definition else head
        if isinstance(node, nodes.field) and len(node.children) == 2:
            name, body = flat(node[0]), flat(node[1])
            return f"{name}: {body}" if body else name
        if isinstance(node, (nodes.literal_block, nodes.doctest_block)):
            return _line(_escaped(node.astext()))
        if isinstance(node, nodes.TextElement):
            return line_of(node)
        return " ".join(text for child in node.children if (text := flat(child)))

    def items(node: nodes.Element, level: int) -> None:
        indent = "  " * level
        for item in node.children:
            if not isinstance(item, nodes.list_item):
                continue
            for part in item.children:
                if isinstance(part, (nodes.bullet_list, nodes.enumerated_list)):
                    items(part, level + 1)
                elif isinstance(part, (nodes.literal_block, nodes.doctest_block)):
                    code(part)
                elif text := flat(part):
                    lines.append(f"{indent}* {text}")
        lines.append("")

    def walk(node: nodes.Element, depth: int) -> None:
        for child in node.children:
            if isinstance(child, left_out):
                continue
            if isinstance(child, nodes.section):
                title = child.next_node(nodes.title)
                if title is not None:
                    lines.extend(["", f"{'#' * min(depth, 6)} {line_of(title)}", ""])
                walk(child, depth + 1)
            elif isinstance(child, nodes.title):
                continue  # a section's title is its heading, above
            elif isinstance(child, nodes.docinfo):
                for field in child.children:
                    name = field.tagname if not isinstance(field, nodes.field) else field[0].astext().lower()
                    value = (
                        " ".join(field.astext().split()) if not isinstance(field, nodes.field) else field[1].astext()
                    )
                    meta.setdefault(name, " ".join(value.split()))
            elif isinstance(child, (nodes.paragraph, nodes.rubric, nodes.subtitle, nodes.caption, nodes.attribution)):
                paragraph(line_of(child))
            elif isinstance(child, (nodes.literal_block, nodes.doctest_block)):
                code(child)
            elif isinstance(child, (nodes.bullet_list, nodes.enumerated_list)):
                items(child, 0)
            elif isinstance(child, (nodes.definition_list, nodes.field_list)):
                lines.extend([f"* {text}" for item in child.children if (text := flat(item))] + [""])
            elif isinstance(child, nodes.line_block):
                for line in child.findall(nodes.line):
                    if text := line_of(line):
                        lines.append(text + "  ")  # two trailing spaces: a line of its own
                lines.append("")
            elif isinstance(child, nodes.table):
                for row in child.findall(nodes.row):
                    lines.append("| " + " | ".join(line_of(entry) for entry in row.children) + " |")
                lines.append("")
            elif isinstance(child, nodes.Admonition):
                label = child.tagname if child.tagname in _ADMONITION_TITLE else ""
                start = len(lines)
                walk(child, depth)
                if label and start < len(lines) and lines[start]:
                    lines[start] = f"{label.capitalize()}: {lines[start]}"
            elif isinstance(child, nodes.topic) and "contents" in child.get("classes", []):
                continue  # a table of contents repeats the headings
            elif isinstance(child, nodes.Element):
                walk(child, depth)

    title = document.next_node(nodes.title)
    has_title = title is not None and title.parent is document
    if has_title:
        lines.extend([f"# {line_of(title)}", ""])
    walk(document, 2 if has_title else 1)
    markdown = "\n".join(lines).strip()
    if not markdown:
        raise NoText("holds no text")
    return Extracted(
        markdown,
        title=" ".join(title.astext().split()) if has_title and title is not None else _title_from(doc_id),
        author=meta.get("author") or meta.get("authors", ""),
        published_at=meta.get("date", ""),
    )
