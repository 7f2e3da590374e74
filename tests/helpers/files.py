"""Small real files of the formats people have, written by the test itself: a PDF of several pages (raw PDF
syntax: one standard font, one text stream per page), a PDF laid out as a typesetter lays one out (lines placed
on the page in fonts and sizes of their own), a DOCX (python-docx) and an HTML page with navigation, ads and a
footer around its article."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path


def _pdf_string(text: str) -> str:
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def _write_objects(path: Path, objects: list[str], kids: list[int], info: str, day: str) -> Path:
    """Write a PDF of ``objects`` (the first two kept for the catalog and the page tree of ``kids``), with
    document information ``info`` and a creation date on ``day`` (YYYYMMDD)."""
    objects[0] = "<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>"
    objects.append(f"<< {info} /CreationDate (D:{day}120000Z) >>")
    out = "%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out.encode("latin-1")))
        out += f"{number} 0 obj\n{body}\nendobj\n"
    xref = len(out.encode("latin-1"))
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n"
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    path.write_bytes(out.encode("latin-1"))
    return path


def write_pdf(path: Path, pages: list[list[str]], title: str = "", author: str = "") -> Path:
    """A PDF whose page i shows the lines ``pages[i]`` (an empty list: a page with no text, as a scan)."""
    objects: list[str] = []

    def add(body: str) -> int:
        objects.append(body)
        return len(objects)

    add("")  # the catalog and the page tree, written once the pages are known
    tree = add("")
    font = add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    kids = []
    for lines in pages:
        ops = ["BT", "/F1 11 Tf", "14 TL", "72 740 Td"]
        for line in lines:
            ops += [f"{_pdf_string(line)} Tj", "T*"]
        ops.append("ET")
        stream = "\n".join(ops) if lines else ""
        content = add(f"<< /Length {len(stream.encode('latin-1'))} >>\nstream\n{stream}\nendstream")
        kids.append(
            add(
                f"<< /Type /Page /Parent {tree} 0 R /MediaBox [0 0 612 792] /Contents {content} 0 R "
                f"/Resources << /Font << /F1 {font} 0 R >> >> >>"
            )
        )
    return _write_objects(path, objects, kids, f"/Title {_pdf_string(title)} /Author {_pdf_string(author)}", "20240315")


PDF_FONTS = {
    "regular": "Helvetica",
    "bold": "Helvetica-Bold",
    "italic": "Helvetica-Oblique",
    "mono": "Courier",
    "ansi": "Times-Roman",
}
PDF_ENCODINGS = {"ansi": "WinAnsiEncoding"}
"""The fonts given an encoding of their own (as reportlab and Word write theirs); the others use the font's."""


def _encoding(font: str) -> str:
    return f" /Encoding /{PDF_ENCODINGS[font]}" if font in PDF_ENCODINGS else ""


def write_laid_out_pdf(
    path: Path,
    pages: list[list[tuple[float, float, float, str, str]]],
    title: str = "",
    author: str = "",
    rules: dict[int, list[tuple[float, float, float, float]]] | None = None,
) -> Path:
    """A PDF whose page i shows the lines ``pages[i]``, each ``(x, y, size, font, text)``: placed at ``x``
    points from the left and ``y`` from the bottom of a 612 x 792 page, in a ``PDF_FONTS`` font of ``size``;
    ``rules[i]``: straight lines drawn on page i, each ``(x0, y0, x1, y1)`` (a table's ruling)."""
    objects: list[str] = []

    def add(body: str) -> int:
        objects.append(body)
        return len(objects)

    add("")
    tree = add("")
    fonts = {
        name: add(f"<< /Type /Font /Subtype /Type1 /BaseFont /{base}{_encoding(name)} >>")
        for name, base in PDF_FONTS.items()
    }
    resources = " ".join(f"/F{number} {font} 0 R" for number, font in enumerate(fonts.values(), start=1))
    font_key = {name: f"/F{number}" for number, name in enumerate(fonts, start=1)}
    kids = []
    for lines in pages:
        ops = []
        for x, y, size, font, text in lines:
            ops += ["BT", f"{font_key[font]} {size} Tf", f"{x} {y} Td", f"{_pdf_string(text)} Tj", "ET"]
        for x0, y0, x1, y1 in (rules or {}).get(len(kids), []):
            ops += ["0.5 w", f"{x0} {y0} m", f"{x1} {y1} l", "S"]
        stream = "\n".join(ops)
        content = add(f"<< /Length {len(stream.encode('latin-1'))} >>\nstream\n{stream}\nendstream")
        kids.append(
            add(
                f"<< /Type /Page /Parent {tree} 0 R /MediaBox [0 0 612 792] /Contents {content} 0 R "
                f"/Resources << /Font << {resources} >> >> >>"
            )
        )
    return _write_objects(path, objects, kids, f"/Title {_pdf_string(title)} /Author {_pdf_string(author)}", "20250101")


def write_docx(path: Path, title: str, sections: list[tuple[str, list[str]]], author: str = "") -> Path:
    """A Word document: a Title paragraph, then per section a Heading 1 and its paragraphs."""
    import docx

    document = docx.Document()
    document.core_properties.title = title
    document.core_properties.author = author
    document.core_properties.created = datetime(2024, 5, 6, 9, 30, tzinfo=UTC)
    document.add_heading(title, level=0)
    for heading, paragraphs in sections:
        document.add_heading(heading, level=1)
        for paragraph in paragraphs:
            document.add_paragraph(paragraph)
    document.save(str(path))
    return path


NEWS_PAGE = """<!doctype html>
<html><head>
<title>Harbour reopens after storm | Example News</title>
<meta name="author" content="Jane Roe">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2023-10-02T08:00:00Z">
<link rel="canonical" href="https://news.example.com/harbour-reopens">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a> <a href="/login">Log in</a></nav>
<div class="ad banner">Buy the new SuperPhone now! Limited offer, 50% off today only.</div>
<article>
<h1>Harbour reopens after storm</h1>
<p>The harbour of Port Example reopened on Monday after a storm had closed it for a week, the port authority
said in a statement.</p>
<h2>Damage</h2>
<p>Repairs to the north pier will cost two million euros, according to mayor Anna Berg. Fishing boats returned
to the harbour on Tuesday morning.</p>
</article>
<aside class="related">Related: Ten tips for a great holiday</aside>
<footer>Copyright 2023 Example News. All rights reserved. Cookie settings.</footer>
</body></html>
"""
