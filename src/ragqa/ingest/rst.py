"""reStructuredText (Sphinx and package READMEs) read into the Markdown the corpus reader already understands.

Why through Markdown: sections, lists, code blocks, bare links and line breaks then follow the very rules
Markdown files follow (``corpus.parse_markdown``), so a README chunks and cites the same whichever format it
was written in. docutils parses; includes and raw passthrough are off and no configuration file is read, since
a corpus file must never make the reader open another file. Sphinx's roles and directives are unknown to
docutils: a role keeps its text (``:func:`parse``` reads "parse"), ``code-block`` is read as ``code``, and any
other unknown directive (``toctree``, ``automodule``) is left out. Tables are written as Markdown tables under a
header rule, so each row reads as Markdown's and HTML's do: "Key: timeout; Default: 60s".
"""

from __future__ import annotations

import io
import re
from functools import lru_cache
from typing import Any

from ragqa.ingest.formats import Extracted, NoText, title_from
from ragqa.ingest.tables import row_text

SUFFIXES = (".rst", ".rest")
_ROLE = re.compile(r":[\w.+-]+(?::[\w.+-]+)*:`(?P<text>(?:\\.|[^`])*)`")
"""A role docutils does not know (Sphinx's ``:func:`parse```, ``:ref:`Label <target>```)."""
_MARKDOWN_SYNTAX = re.compile(r"([\\`*_\[\]#|>~])")
_LINE_START_BLOCK = re.compile(r"^(\s*)([-+]|\d{1,9}[.)])(\s)")
_ADMONITIONS = {"note", "warning", "tip", "hint", "important", "caution", "danger", "error", "attention"}
_SETTINGS = {
    "report_level": 5,  # quiet: Sphinx's roles and directives are errors to docutils
    "halt_level": 5,
    "file_insertion_enabled": False,
    "raw_enabled": False,
    "_disable_config": True,
    "input_encoding": "unicode",
    "syntax_highlight": "none",
}


def _role_text(written: str) -> str:
    def text(match: re.Match[str]) -> str:
        inner = re.sub(r"\s*<[^<>]*>$", "", match.group("text")) or match.group("text")  # "Label <target>"
        return inner.lstrip("~!")

    return _ROLE.sub(text, written)


def _escaped(text: str) -> str:
    """Plain text as Markdown that the Markdown reader gives back unchanged (it undoes backslash escapes): a "*"
    or "#" in prose is no emphasis or heading."""
    return _MARKDOWN_SYNTAX.sub(r"\\\1", text)


def _line(text: str) -> str:
    """One line of Markdown: whitespace folded, and a line opening with "- " or "3." no list item."""
    text = " ".join(text.split())
    return _LINE_START_BLOCK.sub(lambda m: f"{m.group(1)}{m.group(2)[:-1]}\\{m.group(2)[-1]}{m.group(3)}", text)


class _Markdown:
    """Writes a docutils tree as Markdown lines; ``meta`` collects the bibliographic fields."""

    def __init__(self, nodes: Any) -> None:
        self.n = nodes
        self.lines: list[str] = []
        self.meta: dict[str, str] = {}
        self.left_out = (
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

    def inline(self, node: Any) -> str:
        """The words a reader sees: a link to elsewhere stays a Markdown link, so a bare one is treated as any bare
        link is (navigation amid text, the text of a section that says nothing else)."""
        n = self.n
        if isinstance(node, n.Text):
            return _escaped(str(node))
        if isinstance(node, n.problematic):
            return _escaped(_role_text(node.astext()))
        if isinstance(node, (n.image, n.system_message, n.footnote_reference, n.citation_reference)):
            return ""
        if not isinstance(node, n.Element):
            return ""
        text = "".join(self.inline(child) for child in node.children)
        uri = node.get("refuri", "") if isinstance(node, n.reference) else ""
        if uri and text.strip() and not re.search(r"[\s()]", uri):
            return f"[{text}]({uri})"
        return text

    def line_of(self, node: Any) -> str:
        return _line(self.inline(node))

    def flat(self, node: Any) -> str:
        """A block inside a list item or a definition as one line ("total (int or float, optional): The number of
        expected iterations. If unspecified, ...")."""
        n = self.n
        if isinstance(node, self.left_out) or not isinstance(node, n.Element):
            return ""
        if isinstance(node, n.definition_list_item):
            term = " ".join(self.flat(c) for c in node.children if isinstance(c, n.term))
            kinds = ", ".join(self.flat(c) for c in node.children if isinstance(c, n.classifier))
            definition = " ".join(self.flat(c) for c in node.children if isinstance(c, n.definition))
            head = f"{term} ({kinds})" if kinds else term
            return f"{head}: {definition}" if definition else head
        if isinstance(node, n.field) and len(node.children) == 2:
            name, body = self.flat(node[0]), self.flat(node[1])
            return f"{name}: {body}" if body else name
        if isinstance(node, (n.literal_block, n.doctest_block)):
            return _line(_escaped(node.astext()))
        if isinstance(node, n.TextElement):
            return self.line_of(node)
        return " ".join(text for child in node.children if (text := self.flat(child)))

    def code(self, node: Any) -> None:
        self.lines.extend(["```", *node.astext().split("\n"), "```", ""])

    def items(self, node: Any, level: int) -> None:
        for item in node.children:
            if not isinstance(item, self.n.list_item):
                continue
            for part in item.children:
                if isinstance(part, (self.n.bullet_list, self.n.enumerated_list)):
                    self.items(part, level + 1)
                elif isinstance(part, (self.n.literal_block, self.n.doctest_block)):
                    self.code(part)
                elif text := self.flat(part):
                    self.lines.append(f"{'  ' * level}* {text}")
        self.lines.append("")

    def table(self, node: Any) -> None:
        """A table as the Markdown reader reads one, a row a paragraph naming its cells ("Key: timeout; Default:
        60s"): its header rows (a column's cells joined) over a ``|---|`` rule; without one, as an HTML table
        without header cells is read (``formats``): of two columns, a "Key: value" line a row, of more, its first
        row names the columns. Its title goes before it, as an HTML table's caption. Why: written as pipe rows
        without a rule, a ``list-table``'s rows were indexed as raw pipes, without their columns' names."""
        n = self.n
        title = node[0] if node.children and isinstance(node[0], n.title) else None
        if title is not None and (caption := self.line_of(title)):
            self.lines.extend([caption, ""])
        heads: list[list[str]] = []
        body: list[list[str]] = []
        for group in (child for child in node.children if isinstance(child, n.tgroup)):
            for part in group.children:  # its own rows, not those of a table inside a cell
                if isinstance(part, (n.thead, n.tbody)):
                    rows = [[self.flat(entry) for entry in row.children] for row in part.children]
                    (heads if isinstance(part, n.thead) else body).extend(rows)
        if not body:  # header rows alone: rows of their own
            heads, body = [], heads
        if not heads and len(body) > 1 and any(len(row) > 2 for row in body):
            heads, body = body[:1], body[1:]
        if not heads:
            self.lines.extend(line for row in body if (text := row_text([], row)) for line in (text, ""))
            return
        header = [" ".join(cells) for cells in zip(*heads, strict=False)]
        self.lines.append("| " + " | ".join(header) + " |")
        self.lines.append("|" + "---|" * len(header))
        self.lines.extend("| " + " | ".join(row) + " |" for row in body)
        self.lines.append("")

    def docinfo(self, node: Any) -> None:
        for field in node.children:
            if isinstance(field, self.n.field):
                name, value = field[0].astext().lower(), field[1].astext()
            else:  # author, authors, date, version ... as their own nodes
                name, value = field.tagname, field.astext()
            self.meta.setdefault(name, " ".join(value.split()))

    def walk(self, node: Any, depth: int) -> None:
        n = self.n
        for child in node.children:
            if isinstance(child, (*self.left_out, n.title)):
                continue  # a section's title is written as its heading
            if isinstance(child, n.section):
                title = child.next_node(n.title)
                if title is not None:
                    self.lines.extend(["", f"{'#' * min(depth, 6)} {self.line_of(title)}", ""])
                self.walk(child, depth + 1)
            elif isinstance(child, n.docinfo):
                self.docinfo(child)
            elif isinstance(child, (n.paragraph, n.rubric, n.subtitle, n.caption, n.attribution)):
                if text := self.line_of(child):
                    self.lines.extend([text, ""])
            elif isinstance(child, (n.literal_block, n.doctest_block)):
                self.code(child)
            elif isinstance(child, (n.bullet_list, n.enumerated_list)):
                self.items(child, 0)
            elif isinstance(child, (n.definition_list, n.field_list)):
                self.lines.extend([f"* {text}" for item in child.children if (text := self.flat(item))] + [""])
            elif isinstance(child, n.line_block):
                lines = [text for line in child.findall(n.line) if (text := self.line_of(line))]
                self.lines.extend([f"{text}  " for text in lines] + [""])  # two trailing spaces: a line each
            elif isinstance(child, n.table):
                self.table(child)
            elif isinstance(child, n.Admonition):
                start = len(self.lines)
                self.walk(child, depth)
                if child.tagname in _ADMONITIONS and start < len(self.lines) and self.lines[start]:
                    self.lines[start] = f"{child.tagname.capitalize()}: {self.lines[start]}"
            elif isinstance(child, n.topic) and "contents" in child.get("classes", []):
                continue  # a table of contents repeats the headings
            elif isinstance(child, n.Element):
                self.walk(child, depth)


@lru_cache(maxsize=1)
def _sphinx_code_blocks() -> None:
    """Sphinx's ``code-block`` and ``sourcecode`` read as docutils' ``code`` (registered once a process)."""
    from docutils.parsers.rst import directives
    from docutils.parsers.rst.directives.body import CodeBlock

    for name in ("code-block", "sourcecode"):
        directives.register_directive(name, CodeBlock)


def extract_rst(raw: str, doc_id: str = "") -> Extracted:
    """A reStructuredText file's text as Markdown: sections as headings, literal blocks as code, lists, tables,
    definitions and notes as lines; its title (else one made of the file name) and its ``:Author:`` and
    ``:Date:`` fields as metadata."""
    from docutils import nodes
    from docutils.core import publish_doctree

    _sphinx_code_blocks()
    try:
        document = publish_doctree(raw, settings_overrides=dict(_SETTINGS, warning_stream=io.StringIO()))
    except Exception as exc:  # docutils gives up on some input; one file never stops a build
        raise NoText(f"is not readable reStructuredText ({type(exc).__name__}: {exc})") from None
    writer = _Markdown(nodes)
    title = document.next_node(nodes.title)
    titled = title is not None and title.parent is document  # docutils promoted a lone top section to title
    if titled:
        writer.lines.extend([f"# {writer.line_of(title)}", ""])
    writer.walk(document, 2 if titled else 1)
    markdown = "\n".join(writer.lines).strip()
    if not markdown:
        raise NoText("holds no text")
    return Extracted(
        markdown,
        title=" ".join(title.astext().split()) if titled else title_from(doc_id),
        author=writer.meta.get("author") or writer.meta.get("authors", ""),
        published_at=writer.meta.get("date", ""),
    )
