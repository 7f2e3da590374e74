"""Static-site content folders: Markdown as the generators write it, reduced to the Markdown a reader sees, and
what the site's configuration says of all its pages (``site_of``).

A Hugo, Jekyll, Eleventy, mdBook, MkDocs or Docusaurus content folder is Markdown plus markup the site's
generator replaces at build time. Left in, it is indexed and quoted as if it were prose ("{{< figure
src=... >}}" in an answer). Outside code blocks and code spans:

- template tags go: Hugo shortcodes (``{{< name >}}``, ``{{% name %}}``), Liquid, Jinja and Nunjucks tags and
  variables (``{% include x %}``, ``{{ page.title }}``), mdBook's ``{{#include file}}``, and whatever a
  ``{% comment %}`` block holds. A tag's caption, title or alt text stays, as the built page shows it;
  the text between a paired shortcode's tags stays too;
- admonitions keep their text: MkDocs' ``!!! note "Title"`` (and collapsible ``???``) over an indented body,
  ``:::tip Title`` ... ``:::`` fences (Docusaurus, VitePress, MyST) and PyMdown's ``/// note | Title`` ... ``///``
  blocks. The title (or the kind, "Note") is the lead-in of its text ("Winter service: In January ..."); the
  body is set flush left so it is read as prose, not as an indented code block;
- a heading's id and classes go ("## Install {#install}"), and so does mkdocstrings' ``::: package.Class`` line
  (the API reference the site inserts there) with its indented options;
- footnotes (Markdown Extra, Pandoc, GitHub, MkDocs): a reference ("[^1]") goes, a note's text stays without its
  label; a definition list's term is read as the lead-in of its definition ("Load limit" over ": 40 tonnes" reads
  "Load limit: 40 tonnes").

MDX files (Docusaurus, Astro, Next.js) are Markdown with JavaScript module lines and ``{/* comments */}``: both go.
"""

from __future__ import annotations

import json
import logging
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from frontmatter.default_handlers import YAMLHandler

from ragqa.records import Document

log = logging.getLogger(__name__)

FENCE = re.compile(r"^\s*(```|~~~)")
"""A line opening or closing a fenced code block (its marker captured)."""
CODE_SPAN = re.compile(r"(`[^`]*`)")
"""An inline code span, captured whole (``split`` keeps it)."""
_TAG = re.compile(r"\{\{<.*?>\}\}|\{\{%.*?%\}\}|\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}|\{/\*.*?\*/\}")
_CAPTION = re.compile(r"""\b(?:caption|title|alt)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_COMMENT_OPEN = re.compile(r"\{%-?\s*comment\s*-?%\}")
_COMMENT_CLOSE = re.compile(r"\{%-?\s*endcomment\s*-?%\}")
_INDENTED_ADMONITION = re.compile(r"^(\s*)(?:!!!|\?\?\?\+?)\s*([\w-]+)(?:[ \t\w-]*?\s+\"([^\"]*)\")?\s*$")
_AUTODOC = re.compile(r"^\s{0,3}:::\s*[A-Za-z_][\w]*(?:\.[\w]+)+\s*$")
"""mkdocstrings' "::: package.module.Class": API pages inserted at build time, with its options indented below."""
_BLOCK = re.compile(r"^\s{0,3}///\s*(?:([A-Za-z][\w-]*)(?:\s*\|\s*(.*?))?)?\s*$")
"""PyMdown's blocks ("/// note | Title" ... "///"), as FastAPI's pages write admonitions."""
_NO_LEAD = {"html", "define", "attrs"}
_HEADING_ATTRIBUTES = re.compile(r"^(\s{0,3}#{1,6}\s.*?)\s*\{:?\s*[#.][^{}]*\}\s*$")
"""A heading's id and classes, as kramdown, Pandoc, Hugo and MkDocs write them ("## Install {#install}")."""
_FENCED_ADMONITION = re.compile(r"^\s{0,3}(:{3,})\s*(?:\{([^}]*)\}|([A-Za-z][\w-]*))?\s*(.*?)\s*$")


_FOOTNOTE = re.compile(r"^\s{0,3}\[\^[^\]\s]+\]:\s*(.*)$")
_FOOTNOTE_MARK = re.compile(r"\[\^[^\]\s]+\](?!:)")
_DEFINITION = re.compile(r"^\s{0,3}:[ \t]+(\S.*)$")
_LISTED = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)]|#{1,6})\s")


def _in_code_spans_or(text: str, pattern: re.Pattern[str], replacement: str | Callable[[re.Match[str]], str]) -> str:
    """``text`` with ``pattern`` replaced outside its code spans."""
    parts = CODE_SPAN.split(text)
    for at in range(0, len(parts), 2):
        parts[at] = pattern.sub(replacement, parts[at])
    return "".join(parts)


def _without_tags(text: str) -> str:
    """``text`` with its template tags replaced by their captions (code spans untouched)."""
    joined = _in_code_spans_or(text, _TAG, _caption)
    if joined == text:
        return text
    return re.sub(r"(?<=\S) {2,}(?=\S)", " ", joined).rstrip() if joined.strip() else ""


def _caption(tag: re.Match[str]) -> str:
    found = _CAPTION.search(tag.group(0))
    return (found.group(1) or found.group(2) or "") if found else ""


_KINDS = {
    "note",
    "tip",
    "info",
    "warning",
    "caution",
    "danger",
    "important",
    "hint",
    "attention",
    "error",
    "seealso",
    "abstract",
    "summary",
    "tldr",
    "success",
    "question",
    "failure",
    "bug",
    "example",
    "quote",
    "details",
    "todo",
    "faq",
    "check",
    "done",
    "help",
    "cite",
    "fail",
    "missing",
}
"""Admonition kinds whose name the built page shows as the title when none is given (a Pandoc div's other
classes, "columns" or "refs", show nothing)."""


def lead(kind: str, title: str | None) -> str:
    """An admonition's title as the lead-in of its text ("Winter service:"), or its kind's name when it has none
    ("Note:"); nothing for an explicitly empty title or a kind that is no admonition's."""
    if title is None:
        kinds = [word for word in re.findall(r"[A-Za-z]+", kind.casefold()) if word in _KINDS]
        text = kinds[-1].capitalize() if kinds else ""
    else:
        text = title.strip()
    if not text:
        return ""
    return text if text.endswith((":", ".", "?", "!")) else text + ":"


def reader_markdown(lines: list[str]) -> list[str]:
    """``lines`` of Markdown with the generators' markup gone (the module's docstring says which), one line out
    for each line in, so line numbers keep their meaning."""
    out: list[str] = []
    fence = ""
    colons: list[str] = []  # the markers of the ":::" admonitions the line is in
    indent = -1  # the indentation an MkDocs admonition's body is set back by, or -1 outside one
    opened = 0  # where the admonition's title went in ``out``
    autodoc = -1  # the indentation of an autodoc line whose indented options are dropped, or -1
    commented = False
    for line in lines:
        if fence or FENCE.match(line):
            marker = FENCE.match(line)
            if marker and (not fence or marker.group(1) == fence):
                fence = "" if fence else marker.group(1)
            out.append(line)
            continue
        if commented or _COMMENT_OPEN.search(line):
            closing = _COMMENT_CLOSE.search(line)
            commented = not closing
            before = _COMMENT_OPEN.split(line)[0] if _COMMENT_OPEN.search(line) else ""
            after = line[closing.end() :] if closing else ""
            out.append(_without_tags(before.rstrip() + after) if (before + after).strip() else "")
            continue
        depth = len(line) - len(line.lstrip())
        if autodoc >= 0:
            if not line.strip() or depth > autodoc:
                out.append("")
                continue
            autodoc = -1
        if indent >= 0:
            if not line.strip():
                out.append("")
                continue
            if depth > indent:
                inner = line[min(depth, indent + 4) :]
                if _AUTODOC.match(inner):  # an API page inserted in an admonition ("??? abstract 'API Reference'")
                    autodoc = depth
                    if not any(out[opened + 1 :]):  # its title alone would lead nothing
                        out[opened] = ""
                    out.append("")
                else:
                    out.append(_without_tags(inner))
                continue
            indent = -1
        if _AUTODOC.match(line):
            autodoc = depth
            out.append("")
            continue
        block = _BLOCK.match(line)
        if block:
            kind = block.group(1) or ""
            out.append("" if not kind or kind in _NO_LEAD else lead(kind, block.group(2) or None))
            continue
        admonition = _INDENTED_ADMONITION.match(line)
        if admonition:
            indent, opened = len(admonition.group(1)), len(out)
            out.append(admonition.group(1) + lead(admonition.group(2), admonition.group(3)))
            continue
        fenced = _FENCED_ADMONITION.match(line)
        if fenced:
            run, kind, title = fenced.group(1), fenced.group(2) or fenced.group(3), fenced.group(4)
            if kind:  # ":::tip Title" opens one
                colons.append(run)
                out.append(lead(kind, title or None))
                continue
            if colons and not title:  # ":::" closes the innermost
                colons.pop()
                out.append("")
                continue
        if "{" in line:
            line = _HEADING_ATTRIBUTES.sub(r"\1", _without_tags(line))
        if "[^" in line:
            note = _FOOTNOTE.match(line)
            line = note.group(1) if note else _in_code_spans_or(line, _FOOTNOTE_MARK, "")
        definition = _DEFINITION.match(line)
        if definition and out and out[-1].strip() and not _LISTED.match(out[-1]):
            if not out[-1].rstrip().endswith((":", ".", "!", "?")):  # the term over its first definition
                out[-1] = out[-1].rstrip() + ":"
            line = definition.group(1)
        out.append(line)
    return out


_MODULE_LINE = re.compile(r"^(?:import\s+(?:[\w{*]|['\"])|export\s+(?:const|let|var|function|default|class|\{|\*))")


def mdx_markdown(raw: str) -> str:
    """An MDX file's Markdown: its ``import`` and ``export`` statements (to the blank line ending each) blanked,
    line for line, outside code blocks."""
    lines = raw.split("\n")
    fence = ""
    statement = False
    for number, line in enumerate(lines):
        marker = FENCE.match(line)
        if fence or marker:
            if marker and (not fence or marker.group(1) == fence):
                fence = "" if fence else marker.group(1)
            continue
        statement = bool(line.strip()) and (statement or bool(_MODULE_LINE.match(line)))
        if statement:
            lines[number] = ""
    return "\n".join(lines)


# ---------------------------------------------------------------- the site a content folder belongs to


@dataclass(frozen=True)
class Site:
    """What a static site's configuration at the corpus folder's top says of all its pages: its generator, the
    author of a one-author blog (pages name none of their own), the site's name, and the folders of its build
    output and tooling, which hold copies of the pages or none of its own text."""

    generator: str
    author: str = ""
    name: str = ""
    skipped_folders: tuple[str, ...] = ()


_OUTPUTS = {
    "jekyll": ("_site", "node_modules", "vendor"),
    "hugo": ("public", "resources", "themes", "node_modules"),
    "eleventy": ("_site", "node_modules"),
}
_HUGO_CONFIGS = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config.yaml", "config.yml")
_ELEVENTY_CONFIGS = (".eleventy.js", "eleventy.config.js", "eleventy.config.mjs", "eleventy.config.cjs")


def site_of(folder: Path) -> Site | None:
    """The site whose configuration lies at the top of ``folder`` (Jekyll's ``_config.yml``, Hugo's ``hugo.toml``
    or a ``config.*`` naming a ``baseURL``, Eleventy's config with its ``_data/metadata.json``); None for a folder
    that is no site's. A configuration that cannot be read gives the generator alone."""
    for name in ("_config.yml", "_config.yaml"):
        if (folder / name).is_file():
            data = _config(folder / name)
            return _site("jekyll", data.get("author"), data.get("title"))
    for name in _HUGO_CONFIGS:
        path = folder / name
        if not path.is_file():
            continue
        data = _config(path)
        if name.startswith("hugo.") or any(key.lower() == "baseurl" for key in data):
            params = data.get("params")
            author = params.get("author") if isinstance(params, dict) else None
            return _site("hugo", author or data.get("author"), data.get("title"))
    if any((folder / name).is_file() for name in _ELEVENTY_CONFIGS):
        data = _config(folder / "_data" / "metadata.json")
        return _site("eleventy", data.get("author"), data.get("title"))
    return None


def _site(generator: str, author: object, name: object) -> Site:
    if isinstance(author, dict):
        author = author.get("name")
    return Site(
        generator,
        author=author.strip() if isinstance(author, str) else "",
        name=name.strip() if isinstance(name, str) else "",
        skipped_folders=_OUTPUTS[generator],
    )


def _config(path: Path) -> dict[str, object]:
    """A configuration file's top-level mapping (YAML, TOML or JSON, by its suffix); {} when it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".toml":
            data = tomllib.loads(text)
        elif path.suffix == ".json":
            data = json.loads(text)
        else:
            data = YAMLHandler().load(text)  # python-frontmatter's safe YAML loader, as front matter is read
    except Exception as exc:  # any parser's error: a broken config never stops a build
        log.warning("cannot read the site configuration %s: %s", path, " ".join(str(exc).split())[:200])
        return {}
    return data if isinstance(data, dict) else {}


_PROFILE = re.compile(r"(?:^|/)authors/([^/]+)/_?index(?:\.[a-z]{2})?\.(?:md|markdown)$")
"""An author's profile page (Hugo Blox's ``content/authors/admin/_index.md``), titled with the author's name."""
_NAME_LIST = re.compile(r",\s*|\s+and\s+")


def with_profile_names(documents: list[Document]) -> list[Document]:
    """``documents`` whose authors are given as the slugs of the site's author profiles (``authors: [admin]``)
    credited to the names those profiles are titled with ("admin" -> "Jane Doe"), as the built site shows them."""
    names = {
        m.group(1).casefold(): d.title for d in documents if d.title and (m := _PROFILE.search(d.path or d.doc_id))
    }
    if not names:
        return documents

    def named(author: str) -> str:
        slugs = [part.strip() for part in _NAME_LIST.split(author) if part.strip()]
        if not slugs or not any(slug.casefold() in names for slug in slugs):
            return author
        shown = [names.get(slug.casefold(), slug) for slug in slugs]
        return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"

    return [replace(d, author=named(d.author)) if d.author else d for d in documents]
