"""Files in the formats pandoc reads (ODT, EPUB, Org, AsciiDoc, LaTeX, wiki pages, RTF, slides, notebooks): read
with their sections, tables, code and metadata, through the real pandoc binary; sandboxed; bad files skipped.

The fixtures are written by pandoc itself from one Markdown source, as an editor would save them."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from ragqa.ingest.converted import FORMATS, _pandoc
from ragqa.ingest.corpus import SUPPORTED_SUFFIXES, read_corpus
from ragqa.ingest.document_store import DocumentInputError, parse_upload

SOURCE = """---
title: Winter Service Notes
author: Jane Doe
date: 29 June 2020
---

# Gritting routes

The council grits 120 km of priority roads when the temperature falls below 1 °C.

## Salt stocks

Salt is stored at the Northgate depot, which holds 4,000 tonnes.

| Depot | Tonnes |
|---|---|
| Northgate | 4000 |
| Southend | 2500 |

# Snow clearance

Volunteers with snow wardens clear pavements near schools.
"""

WRITTEN = {".odt": "odt", ".epub": "epub", ".org": "org", ".adoc": "asciidoc", ".tex": "latex", ".wiki": "mediawiki"}
WRITTEN |= {".rtf": "rtf", ".pptx": "pptx", ".ipynb": "ipynb", ".textile": "textile", ".fb2": "fb2", ".dbk": "docbook"}
WITH_METADATA = {".odt", ".epub", ".org", ".adoc", ".tex", ".pptx", ".fb2", ".dbk"}
"""Formats that carry a title, an author and a date (a wiki page, RTF, a notebook or Textile hold the text only)."""


def write_as(folder: Path, suffix: str, source: str = SOURCE, name: str = "winter") -> Path:
    target = folder / f"{name}{suffix}"
    subprocess.run(
        [_pandoc(), "--from", "markdown", "--to", WRITTEN[suffix], "--standalone", "--output", str(target)],
        input=source.encode(),
        check=True,
    )
    return target


def test_every_format_pandoc_reads_is_a_corpus_suffix() -> None:
    assert set(WRITTEN) <= set(FORMATS) <= set(SUPPORTED_SUFFIXES)


@pytest.mark.parametrize("suffix", sorted(WRITTEN))
def test_a_file_reads_with_its_sections_table_and_metadata(tmp_path: Path, suffix: str) -> None:
    write_as(tmp_path, suffix)
    (doc,), report = read_corpus(tmp_path)
    assert not report.skipped
    headings = [s.heading for s in doc.sections]
    assert "Snow clearance" in headings
    assert "Salt stocks" in (doc.text if suffix == ".pptx" else headings)  # a slide's title is its only heading
    assert "The council grits 120 km of priority roads" in doc.text
    assert "Volunteers with snow wardens clear pavements near schools." in doc.text
    if suffix != ".fb2":  # FictionBook has no tables: pandoc writes the cells as lines
        assert "Northgate" in doc.text and "2500" in doc.text
    if suffix in WITH_METADATA:
        assert (doc.title, doc.author) == ("Winter Service Notes", "Jane Doe")
        assert doc.published_at.startswith("2020-06-29") or suffix == ".pptx"  # the day the file was saved
    else:
        assert not doc.author and not doc.published_at  # no day is guessed from the text


def _with_meta(written: Path, replace: dict[bytes, bytes]) -> None:
    """``written`` (a zip) with bytes of its ``meta.xml`` replaced, as another editor would have saved it."""
    with zipfile.ZipFile(written) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    for old, new in replace.items():
        parts["meta.xml"] = parts["meta.xml"].replace(old, new)
    written.unlink()
    with zipfile.ZipFile(written, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_an_odt_is_titled_by_its_properties_else_by_its_styled_paragraphs(tmp_path: Path) -> None:
    """pandoc reads an ODT's body only: the title and author are LibreOffice's document properties, else the
    paragraphs styled "Title" and "Author"; a template's placeholder author is none."""
    written = write_as(tmp_path, ".odt")
    _with_meta(written, {b"Winter Service Notes": b"", b"Jane Doe": b""})
    (doc,), _ = read_corpus(tmp_path)
    assert (doc.title, doc.author, doc.published_at) == ("Winter Service Notes", "Jane Doe", "2020-06-29")

    written.unlink()
    written = write_as(tmp_path, ".odt", SOURCE.replace("author: Jane Doe\ndate: 29 June 2020\n", "author: Jane Doe\n"))
    _with_meta(written, {b"Jane Doe": b"Author", b"<dc:title>Winter Service Notes": b"<dc:title>Gritting plan"})
    (doc,), _ = read_corpus(tmp_path)
    assert doc.title == "Gritting plan" and doc.author == "Jane Doe"  # the "Author" paragraph, not the placeholder
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", doc.published_at)  # no "Date" paragraph: the day the file was made


def test_a_book_is_one_document_with_a_section_per_chapter(tmp_path: Path) -> None:
    chapters = "".join(f"# Chapter {n}\n\nThe harbour closed in winter {1900 + n}.\n\n" for n in range(1, 6))
    write_as(tmp_path, ".epub", f"---\ntitle: Harbour History\nauthor: Ana Silva\n---\n\n{chapters}")
    (doc,), _ = read_corpus(tmp_path)
    assert doc.title == "Harbour History" and doc.author == "Ana Silva"
    assert [s.heading for s in doc.sections if s.heading] == [f"Chapter {n}" for n in range(1, 6)]
    assert doc.published_at == ""  # the years in the text do not date the book


def test_a_file_cannot_include_other_files(tmp_path: Path) -> None:
    """``--sandbox``: a LaTeX ``\\input`` or an Org ``#+INCLUDE`` of a file outside the corpus reads nothing."""
    secret = tmp_path / "secret.txt"
    secret.write_text("token-5f3a9c")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "paper.tex").write_text(f"\\section{{Intro}}\nBefore.\n\\input{{{secret}}}\nAfter.\n")
    (corpus / "notes.org").write_text(f'* Intro\nBefore.\n#+INCLUDE: "{secret}"\nAfter.\n')
    docs, _ = read_corpus(corpus)
    assert len(docs) == 2
    assert all("Before." in d.text and "After." in d.text and "token-5f3a9c" not in d.text for d in docs)


def test_a_file_in_another_encoding_is_decoded_first(tmp_path: Path) -> None:
    (tmp_path / "café.org").write_bytes(
        "#+TITLE: Café opening\n\n* Menu\nThe café serves crème brûlée daily.\n".encode("cp1252")
    )
    (doc,), _ = read_corpus(tmp_path)
    assert doc.title == "Café opening" and "crème brûlée" in doc.text


def test_an_unreadable_file_is_skipped_with_the_reason(tmp_path: Path) -> None:
    (tmp_path / "broken.odt").write_bytes(b"not a zip at all")
    (tmp_path / "empty.org").write_text("#+TITLE: Nothing here\n")
    (tmp_path / "good.org").write_text("* Hours\nThe depot opens at 6 am.\n")
    docs, report = read_corpus(tmp_path)
    assert [d.doc_id for d in docs] == ["good.org"]
    reasons = " ".join(report.skipped)
    assert "broken.odt" in reasons and "odt" in reasons and "empty.org" in reasons


def test_an_upload_reads_as_the_folder_does(tmp_path: Path) -> None:
    data = write_as(tmp_path, ".odt").read_bytes()
    (doc,) = parse_upload("winter.odt", data, "winter-notes")
    assert doc.doc_id == "winter-notes" and doc.title == "Winter Service Notes"
    assert "Northgate depot" in doc.text
    with pytest.raises(DocumentInputError, match="broken.epub yields no document"):
        parse_upload("broken.epub", b"PK\x03\x04 not really", None)


GIT_STYLE = """git-stash(1)
============

NAME
----
git-stash - Stash the changes in a dirty working directory away

OPTIONS
-------

list [<log-options>]::

\tList the stash entries that you currently have.
\tEach entry is listed with its name.
+
----------------------------------------------------------------
stash@{0}: WIP on submit: 6ebd0e2

stash@{1}: On master: 9cc0589
----------------------------------------------------------------

include::includes/cmd-config-section-all.txt[]

Pulling into a dirty tree::

When you stash your changes, run this:
------
$ git stash

$ git pull
------

[[ATTRIBUTES]]
ATTRIBUTES
----------

export-ignore::
\tFiles with this attribute are not added to archives.

-f::
--force::
\tForce the archive to be written.
"""


def test_older_asciidoc_reads_with_its_titles_descriptions_and_listings(tmp_path: Path) -> None:
    """Git's manuals: two-line titles, descriptions indented or a blank line under their terms, includes of files
    not there (pandoc stops at them), and a listing right under a paragraph (pandoc 3.9 ran for minutes)."""
    (tmp_path / "git-stash.adoc").write_text(GIT_STYLE)
    (doc,), report = read_corpus(tmp_path)
    assert not report.skipped
    assert doc.title == "git-stash(1)"
    assert [s.heading for s in doc.sections if s.heading] == ["NAME", "OPTIONS", "ATTRIBUTES"]
    text = doc.text
    assert "List the stash entries that you currently have. Each entry is listed with its name." in text
    assert "\n    stash@{0}: WIP on submit: 6ebd0e2\n" in text  # the listing stays code
    assert "Pulling into a dirty tree:" in text and "When you stash your changes, run this:" in text
    assert "\n    $ git stash\n" in text and "include::" not in text
    assert "export-ignore: Files with this attribute are not added to archives." in text
    assert "-f, --force: Force the archive to be written." in text  # terms over one description: one term


def test_a_zip_bomb_is_refused_before_any_reader_opens_it(tmp_path: Path, monkeypatch) -> None:
    """A zip bomb (a few KB unpacking to gigabytes) as an .odt, .epub, .docx or .xlsx: refused by its declared size.
    The limit is lowered here so a small, real file stands for the bomb."""
    from ragqa.ingest import formats

    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("content.xml", b"\0" * 2_000_000)  # 2 MB of zeros: about 2 KB packed
    assert bomb.stat().st_size < 10_000
    monkeypatch.setattr(formats, "MAX_UNPACKED_BYTES", 1024 * 1024)
    for name in ("bomb.odt", "bomb.epub", "bomb.docx", "bomb.xlsx"):
        (tmp_path / name).write_bytes(bomb.read_bytes())
    bomb.unlink()
    (tmp_path / "ok.org").write_text("* Hours\nThe depot opens at 6 am.\n")
    docs, report = read_corpus(tmp_path)
    assert [d.doc_id for d in docs] == ["ok.org"]
    assert len(report.skipped) == 4 and all("unpacks to 2 MB, more than the 1 MB" in s for s in report.skipped)
