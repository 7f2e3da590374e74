"""HTML, PDF and DOCX corpora: real files written by the test, read into documents, chunked with their pages,
indexed with real FAISS and served by a real uvicorn server (the fake encoder keeps this tier model-free; the
model-dependent path is the same as for markdown)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from helpers.fake_encoder import FakeEncoder
from helpers.files import NEWS_PAGE, write_docx, write_pdf
from helpers.servers import serve_app

from ragqa.api.app import create_app
from ragqa.config import Settings
from ragqa.index.build import build_index
from ragqa.index.store import load_version
from ragqa.ingest.corpus import read_corpus
from ragqa.records import Document

REPORT_PAGES = [
    ["Annual report of the harbour authority.", "The harbour handled 4,000 ships in 2023."],
    ["The north pier was damaged by the October storm.", "Repairs began in March 2024 and cost two million euros."],
    ["The board of the authority met four times.", "Its chair is Maria Lund."],
]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    write_pdf(folder / "report.pdf", REPORT_PAGES, title="Harbour annual report", author="Port Authority")
    write_pdf(folder / "scan.pdf", [[], []], title="A scanned letter")
    write_docx(
        folder / "memo.docx",
        "Pier repair memo",
        [("Costs", ["The repairs of the pier cost two million euros."]), ("Schedule", ["Work ends in June."])],
        author="Anna Berg",
    )
    (folder / "news.html").write_text(NEWS_PAGE)
    return folder


def read_page(tmp_path: Path, name: str, page: str) -> Document:
    """The one document a corpus folder holding only the page ``name`` reads as."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / name).write_text(page)
    (doc,), _ = read_corpus(corpus)
    return doc


def test_each_format_gives_its_text_and_metadata_and_a_scan_is_skipped_with_its_reason(corpus: Path) -> None:
    documents, report = read_corpus(corpus)
    docs = {d.doc_id: d for d in documents}
    assert set(docs) == {"report.pdf", "memo.docx", "news.html"}
    assert report.skipped == ["scan.pdf: yields no text (a scanned PDF needs OCR first)"]

    html = docs["news.html"]
    assert html.title == "Harbour reopens after storm" and html.author == "Jane Roe"
    assert html.url == "https://news.example.com/harbour-reopens" and html.source == "Example News"
    assert html.published_at.startswith("2023-10-02")
    assert "reopened on Monday" in html.text and "two million euros" in html.text
    for boilerplate in ("SuperPhone", "Log in", "Cookie settings", "holiday"):
        assert boilerplate not in html.text, boilerplate
    assert [s.heading for s in html.sections] == ["Harbour reopens after storm", "Damage"]

    pdf = docs["report.pdf"]
    assert pdf.title == "Harbour annual report" and pdf.author == "Port Authority"
    assert pdf.published_at.startswith("2024-03-15") and len(pdf.page_starts) == 3
    for page, lines in enumerate(REPORT_PAGES, start=1):
        at = pdf.text.index(lines[0])
        assert pdf.page_at(at) == page

    memo = docs["memo.docx"]
    assert memo.title == "Pier repair memo" and memo.author == "Anna Berg"
    assert [s.heading for s in memo.sections] == ["Costs", "Schedule"]
    assert "Work ends in June." in memo.text


def test_chunks_know_their_page_and_offsets_point_into_the_extracted_text(corpus: Path, tmp_path: Path) -> None:
    build_index(corpus, tmp_path / "index", FakeEncoder())
    index = load_version(tmp_path / "index")
    documents = {d.doc_id: d for d in read_corpus(corpus)[0]}
    pages = {}
    for chunk in index.chunks:
        assert documents[chunk.doc_id].text[chunk.start : chunk.end] == chunk.text
        if chunk.doc_id == "report.pdf":
            pages[chunk.page] = chunk.text
        else:
            assert chunk.page == 0
    assert sorted(pages) == [1, 2, 3] and "north pier" in pages[2]


def test_a_citation_from_a_pdf_carries_its_page(corpus: Path, tmp_path: Path) -> None:
    build_index(corpus, tmp_path / "index", FakeEncoder())
    settings = Settings(index_dir=tmp_path / "index", feedback_db=tmp_path / "feedback.sqlite")
    with serve_app(create_app(settings, encoder=FakeEncoder())) as base:
        found = httpx.post(base + "/search", json={"query": "north pier damaged by the October storm", "top_k": 3})
        # the fake encoder's similarities put this question near the abstention threshold: the page is what counts
        question = {"question": "When did the repairs of the north pier begin?", "min_confidence": 0}
        answer = httpx.post(base + "/ask", json=question)
    assert found.status_code == 200 and answer.status_code == 200, (found.text, answer.text)
    first = found.json()["results"][0]
    assert first["doc_id"] == "report.pdf" and first["page"] == 2
    assert all(r["page"] is None for r in found.json()["results"] if r["doc_id"] != "report.pdf")
    cited = [c for c in answer.json()["citations"] if c["doc_id"] == "report.pdf"]
    assert cited and cited[0]["page"] == 2, answer.json()


def test_an_index_from_before_pages_still_loads(corpus: Path, tmp_path: Path) -> None:
    """Versions written before chunks had a page read it as 0."""
    import sqlite3

    build_index(corpus, tmp_path / "index", FakeEncoder())
    version = load_version(tmp_path / "index", verify=False)
    db_path = version.path / "chunks.sqlite"
    with sqlite3.connect(db_path) as db:
        db.execute("ALTER TABLE chunks DROP COLUMN page")
    db.close()
    old = load_version(tmp_path / "index", verify=False)
    assert len(old.chunks) == len(version.chunks) and all(c.page == 0 for c in old.chunks)


def test_a_broken_pdf_or_docx_is_skipped_with_a_reason(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\nthis is not really a pdf")
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not a zip")
    (folder / "note.md").write_text("# Note\n\nThe pier reopened.\n")
    documents, report = read_corpus(folder)
    assert [d.doc_id for d in documents] == ["note.md"]
    assert sorted(s.split(":")[0] for s in report.skipped) == ["broken.docx", "broken.pdf"]


def test_the_real_model_answers_from_a_pdf_page_through_the_command_line(
    corpus: Path, tmp_path: Path, embedder
) -> None:
    """`ragqa index` and `ragqa ask` as a user runs them, with the real model: the answer cites the PDF's page."""
    import json

    from helpers.cli import ragqa

    index = tmp_path / "index"
    built = ragqa("index", "--corpus", str(corpus), "--index", str(index))
    assert built.returncode == 0, built.stderr
    assert "scan.pdf" in built.stdout + built.stderr  # the skipped scan is reported
    question = "what damaged the north pier?"
    asked = ragqa("ask", question, "--index", str(index), "--json")
    assert asked.returncode == 0, asked.stderr
    result = json.loads(asked.stdout)
    assert not result["abstained"] and "October storm" in result["answer"], result["answer"]
    cited = [c for c in result["citations"] if c["doc_id"] == "report.pdf"]
    assert cited and cited[0]["page"] == 2, result["citations"]
    printed = ragqa("ask", question, "--index", str(index))
    assert "p. 2" in printed.stdout, printed.stdout


RST = """\
=============
Harbour guide
=============

:Author: Anna Berg
:Date: 29 June 2020

.. contents::

.. |badge| image:: https://example.com/badge.svg
   :target: https://example.com/ci

|badge|

Opening hours
=============

The harbour office opens at 8 a.m.
and closes at *6 p.m.* on weekdays; call :func:`office_phone` or see
`the timetable <https://example.com/times>`__.

.. note:: The office is shut on 1 May.

* Ferries leave from **pier 2**.
* Cargo ships moor at pier 5:

  * north side for containers
  * south side for bulk

.. code-block:: python

   harbour.open("pier 2")

.. toctree::

   hidden

Call ``f(*args, **kw)`` with snake_case_names, #2 of *three*.

.. include:: /etc/passwd

.. raw:: html

   <script>alert(1)</script>

Fees
====

+---------+--------+
| Vessel  | Fee    |
+=========+========+
| Ferry   | 40 EUR |
+---------+--------+

Mooring
  Free for the first two hours.

  Then 5 EUR an hour.

* berth : int, optional
    The berth to moor at.
"""


def test_restructuredtext_reads_as_its_reader_sees_it(tmp_path: Path) -> None:
    """Sections, wrapped paragraphs, lists, code, tables and definitions as text; Sphinx's roles keep their
    words, unknown directives and badges leave nothing; includes and raw HTML are never read."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "guide.rst").write_text(RST)
    (folder / "untitled.rst").write_text("Intro\n=====\n\nOne.\n\nMore\n====\n\nTwo.\n")
    (folder / "broken.rst").write_text("Title\n=====\n\n.. unknown-directive::\n\n   x\n\n`unclosed\n")
    documents, report = read_corpus(folder)
    docs = {d.doc_id: d for d in documents}
    assert report.skipped == []
    guide = docs["guide.rst"]
    assert (guide.title, guide.author, guide.published_at[:10]) == ("Harbour guide", "Anna Berg", "2020-06-29")
    assert [s.heading for s in guide.sections] == ["Opening hours", "Fees"]
    text = guide.text
    assert (
        "The harbour office opens at 8 a.m. and closes at 6 p.m. on weekdays; call office_phone or see the timetable."
        in text
    )
    assert "Note: The office is shut on 1 May." in text
    assert "Ferries leave from pier 2." in text and "north side for containers" in text
    assert 'harbour.open("pier 2")' in text
    assert "Call f(*args, **kw) with snake_case_names, #2 of three." in text  # no Markdown emphasis
    assert "Ferry" in text and "40 EUR" in text
    assert "Mooring: Free for the first two hours. Then 5 EUR an hour." in text  # paragraphs joined by a space
    assert "berth (int, optional): The berth to moor at." in text  # a definition with its type, in a list item
    for absent in ("root:", "alert(1)", "badge", "example.com", "hidden", "Contents", ":func:"):
        assert absent not in text, absent
    assert docs["untitled.rst"].title == "untitled"  # several top-level sections: no title of its own
    assert "x" not in docs["broken.rst"].text.split()


def test_restructuredtext_is_chunked_by_sentence(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "guide.rst").write_text(RST)
    index_dir = tmp_path / "index"
    build_index(folder, index_dir, FakeEncoder())
    chunks = load_version(index_dir).chunks
    assert {c.section for c in chunks} >= {"Opening hours", "Fees"}
    assert any("closes at 6 p.m. on weekdays" in c.text for c in chunks)


DOCS_PAGE = """<!doctype html><html><head><title>OS | Example Runtime Documentation</title>
<meta property="og:site_name" content="Example Runtime Documentation"></head><body>
<header><h1>Example Runtime documentation</h1></header>
<main><h2>OS</h2><p>The <code>os</code> module provides operating system utilities for every program.</p>
<h3>os.homedir()</h3><ul><li>Returns: &lt;string&gt;</li></ul>
<p>Returns the string path of the current user's home directory, read from the environment first.</p>
<p>On POSIX it uses the <code>$HOME</code> environment variable if defined, else the effective user id.</p>
</main></body></html>"""


def test_a_pages_own_title_wins_over_the_sites_header(tmp_path: Path) -> None:
    doc = read_page(tmp_path, "os.html", DOCS_PAGE)
    assert doc.title == "OS"  # not "Example Runtime documentation", which every page of the site shares
    assert "Returns: <string>" in doc.text and "\\<" not in doc.text  # Markdown's escapes read as written


BOOK_PAGE = """<!doctype html><html><head><title>Harbour Maps - The Example Book</title></head><body>
<div class="menu-bar"><h1 class="menu-title">The Example Book</h1></div>
<main><h2>Harbour Maps</h2>
<p>A harbour map stores each berth's keys with their values. In Listing 4-2 we create one and add two berths.
The north berth holds ten boats and the south berth holds fifty.</p>
<figure class="listing" id="listing-4-2"><pre><code class="language-rust edition2024">
let mut berths = HarbourMap::new();
berths.insert("north", 10);</code></pre>
<figcaption>Listing 4-2: Creating a new harbour map and inserting berths</figcaption></figure>
<p>The map keeps its berths on the heap, and every key must have the same type as the others in it.</p>
</main><footer><p>Copyright 2019 the authors of the book.</p></footer></body></html>"""


def test_a_book_page_keeps_its_code_listings_own_title_and_no_guessed_date(tmp_path: Path) -> None:
    doc = read_page(tmp_path, "maps.html", BOOK_PAGE)
    assert 'berths.insert("north", 10);' in doc.text  # the listing's code, not only the prose around it
    assert "Listing 4-2: Creating a new harbour map" in doc.text
    assert doc.title == "Harbour Maps"  # not "The Example Book", the header every page of the book shares
    assert doc.source == "The Example Book"
    assert doc.published_at == ""  # "Copyright 2019" and "edition2024" are no publication date
    domain_like = BOOK_PAGE.replace("Harbour Maps - The", "Publishing to Harbour.io - The")
    (tmp_path / "corpus" / "maps.html").write_text(domain_like)  # trafilatura takes "Harbour.io" for the site's name
    (doc,), _ = read_corpus(tmp_path / "corpus")
    assert (doc.title, doc.source) == ("Publishing to Harbour.io", "The Example Book")


API_PAGE = """<!DOCTYPE html><html><head><title>Harbour API | Example Docs</title></head><body>
<nav><a href="index.html">Index</a> <a href="berths.html">Berths</a></nav>
<main><h1>Harbour API</h1>
<p>The harbour module lists the berths of a port and the ships moored at them.</p>
<section><h3><code>harbour.matchBerth(berth, pattern)</code><a class="mark" href="#match">#</a></h3>
<div class="api_metadata"><span>Added in: v20.17.0</span></div>
<p></p><div class="api_stability"><a href="stability.html">Stability: 1</a> - Experimental</div><p></p>
<p>The <code>harbour.matchBerth()</code> method determines if a berth matches the pattern given.</p>
<p>A berth name is matched in full, and the pattern may hold wildcards for any part of it.</p>
<div class="api_metadata"><span>Note: this paragraph is not under a heading.</span></div>
</section><section><h3>Harbour Promises API</h3>
<div class="api_metadata"><details class="changelog"><summary>History</summary>
<table><tbody><tr><th>Version</th><th>Changes</th></tr>
<tr><td>v16.0.0</td><td><p>Graduated from experimental.</p></td></tr>
<tr><td>v15.0.0</td><td><p><span>Added in: v15.0.0</span></p></td></tr></tbody></table></details></div>
<p>The harbour promises API gives the berth functions that return promises, for use with await.</p>
</section></main></body></html>"""


def test_an_api_page_keeps_the_version_and_status_notes_under_each_entry(tmp_path: Path) -> None:
    doc = read_page(tmp_path, "harbour.html", API_PAGE)
    assert "Added in: v20.17.0" in doc.text  # trafilatura drops a block whose class names "meta"
    assert "Stability: 1 - Experimental" in doc.text  # and a line that is mostly a link
    assert "not under a heading" not in doc.text, "only the notes right under a heading"
    # a collapsed version history under a heading is opened: its rows say when the entry changed
    assert "Version: v16.0.0; Changes: Graduated from experimental." in doc.text
    assert "History" not in doc.text


MANUAL_PAGE = """<html><head><title>2. Mooring a ship</title></head><body>
<div><table class="nav" summary="Navigation header"><tr><td><a href="intro.html">Prev</a></td>
<th>Harbour Manual</th><td><a href="next.html">Next</a></td></tr></table></div>
<div class="chapter"><div class="header"><p>Next: <a href="tides.html" accesskey="n" rel="next">Tides</a>,
Up: <a href="index.html" accesskey="u" rel="up">Harbour Manual</a> [<a href="ix.html" rel="index">Index</a>]</p></div>
<div class="titlepage"><div><div><h1 class="title"><a name="moor"></a>2. Mooring a ship</h1>
</div></div></div>
<div class="toc"><dl class="toc"><dt><a href="#berths">2.1. Choosing a berth</a></dt>
<dt><a href="#options">2.2. Mooring options</a></dt></dl></div>
<p>This chapter says how a ship is moored in the harbour, from the choice of a berth to the lines used.</p>
<div class="sect1"><div class="titlepage"><div><div><h2 class="title"><a name="berths"></a>2.1. Choosing a berth</h2>
</div></div></div>
<p>Every ship is given a berth by the harbour master before it enters the harbour.</p>
<div class="itemizedlist"><ul class="itemizedlist"><li class="listitem"><p>Ships longer than 200 metres moor
  at the east quay.</p></li><li class="listitem"><p>Ferries moor at the ferry terminal.</p></li>
<li class="listitem"><p>A tug is booked like this:</p><pre class="programlisting">book_tug --berth=east_quay
book_tug --berth=west_quay</pre></li>
</ul></div>
<p>The harbour master confirms each berth
    by radio.</p>
<pre class="screen">berth east_quay: ship_name
berth west_quay: ferry_name</pre>
</div>
<div class="sect1"><div class="titlepage"><div><div><h2 class="title"><a name="options"></a>2.2. Mooring options
<a class="headerlink" href="#options">¶</a></h2>
</div></div></div>
<p>The mooring program takes these options.</p>
<div class="variablelist"><dl class="variablelist">
<dt><a name="opt.lines"></a><span class="term">
      <code class="option">--lines=&lt;number&gt; [default: 4] </code>
    </span></dt>
<dd><p>Sets how many lines hold the
      ship to the quay.</p><p>More lines are needed in a storm.</p></dd>
<dt><span class="term"><code class="option">-w</code></span></dt><dt><span class="term">
<code class="option">--watch</code></span></dt>
<dd><p>Keeps a watch on board while the ship is moored.</p></dd>
</dl></div></div></div>
<div><table class="nav" summary="Navigation footer"><tr><td><a href="intro.html">Prev</a></td></tr></table></div>
</body></html>"""


def test_a_generated_manual_keeps_its_headings_lists_and_option_terms(tmp_path: Path) -> None:
    """DocBook-style pages (no <main>, headings in title-page wrappers, definition lists of options): trafilatura
    found no main text in them and kept loose paragraphs only."""
    doc = read_page(tmp_path, "mooring.html", MANUAL_PAGE)
    titles = [section.heading for section in doc.sections]
    assert "2.1. Choosing a berth" in titles and "2.2. Mooring options" in titles
    assert "Ships longer than 200 metres moor at the east quay." in doc.text  # a bulleted item
    assert "Ferries moor at the ferry terminal." in doc.text
    # a code block inside an item stays code, and what follows it prose (its fence was glued to the item's line)
    assert "A tug is booked like this:\n\n    book_tug --berth=east_quay\n    book_tug --berth=west_quay" in doc.text
    assert "\nThe harbour master confirms each berth by radio." in doc.text  # its source lines joined
    assert "    berth east_quay: ship_name" in doc.text  # a bare <pre> is code too: no "east\\_quay"
    # each definition reads after its term, so the sentence names the option it is about
    assert "--lines=<number> [default: 4]: Sets how many lines hold the ship to the quay." in doc.text
    assert "More lines are needed in a storm." in doc.text
    assert "-w, --watch: Keeps a watch on board while the ship is moored." in doc.text
    assert "Harbour Manual" not in doc.text and "Prev" not in doc.text  # the navigation stays out
    assert "¶" not in doc.text  # a permalink mark is no part of its heading
    assert "Next:" not in doc.text and "Tides" not in doc.text  # nor the line of links to the next page


DATED_PAGE = """<html><head><title>moorings — Harbour tools 2.1 documentation</title></head><body>
<div class="body" role="main"><section>
<h1><code>moorings</code> — Mooring records<a class="headerlink" href="#m">¶</a></h1>
<p>The moorings module keeps a record of the ships moored in the harbour and of the lines holding them.</p>
<p>Listing the records folder shows one file a day, each named after the day it was written:</p>
<pre>-rw-r--r-- harbour/staff 3712 2010-02-01 16:23:40 ./east_quay.log
-rw-r--r-- harbour/staff 1920 2010-02-06 18:23:10 ./west_quay.log</pre>
<p>Each record lists the berth, the ship and the time the lines were made fast.</p>
<dl class="py function"><dt><code>moorings.record</code>(<em class="sig-param">ship</em>, <em class="sig-param">*</em>,
<em class="sig-param">**lines</em>)<a class="headerlink" href="#r">¶</a></dt><dd><p>Records a mooring.</p></dd></dl>
</section></div>
<div class="footer">&copy; <a href="../copyright.html">Copyright</a> 2001-2026, Harbour Software Foundation.<br />
This page is licensed under the Harbour License.<br />
Last updated on October 07, 2026.</div></body></html>"""


def test_a_date_in_an_example_is_not_the_pages_date_and_the_title_keeps_its_code(tmp_path: Path) -> None:
    doc = read_page(tmp_path, "moorings.html", DATED_PAGE)
    assert doc.published_at.startswith("2026-10-07")  # the footer's, not the file listing's 2010-02-01
    assert doc.title == "moorings — Mooring records"  # its code kept, the permalink mark gone
    # a signature's starred parameters are no Markdown emphasis ("***lines*")
    assert "moorings.record(ship, *, **lines): Records a mooring." in doc.text


@pytest.mark.parametrize(
    ("updated", "day"),
    [
        ("Jun 14, 2023", "2023-06-14"),
        ("Dec 01, 2022", "2022-12-01"),
        ("June 14, 2023", "2023-06-14"),
        ("Mar 02, 2024", "2024-03-02"),
    ],
)
def test_a_footers_last_updated_day_before_its_copyright_years_end_dates_the_page(
    tmp_path: Path, updated: str, day: str
) -> None:
    """Sphinx's footer reads "© Copyright 2021-2024, ... Last updated on Jun 14, 2023.": htmldate takes a copyright's
    last year for the earliest a page's date may be, so a page last updated before it had no date at all."""
    footer = (
        '<footer><div role="contentinfo"><p>&#169; Copyright 2021-2024, Harbour Software Foundation. Last updated on '
        f'{updated}.</p></div>Built with <a href="https://www.sphinx-doc.org/">Sphinx</a>.</footer></body></html>'
    )
    page = DATED_PAGE[: DATED_PAGE.index('<div class="footer">')] + footer
    assert read_page(tmp_path, "moorings.html", page).published_at.startswith(day)


def test_a_page_whose_text_is_the_bodys_own_children_keeps_its_headings(tmp_path: Path) -> None:
    """No ``<main>``, no wrapper: trafilatura collected the loose paragraphs and left out every heading."""
    page = (
        "<html><head><title>Harbour news</title></head><body><h1>Harbour news</h1>"
        "<p>The harbour cafe opens on Monday at 7 am and serves tea.</p><h2>Ferries</h2>"
        "<p>The first ferry leaves at 6:10 from the north pier every weekday.</p></body></html>"
    )
    doc = read_page(tmp_path, "news.html", page)
    assert [s.heading for s in doc.sections if s.heading] == ["Harbour news", "Ferries"]
    assert "The first ferry leaves at 6:10" in doc.text


def test_one_line_of_code_is_a_block_of_its_own(tmp_path: Path) -> None:
    """A ``<pre>`` holding one line, with no newline after it, was quoted inline and glued to the paragraph after
    it ("`cg_annotate <filename>` on a Cachegrind output file.")."""
    page = (
        "<html><head><title>Tugs</title></head><body><main><h1>Booking a tug</h1>"
        "<p>Book a tug from the harbour office terminal with the booking command:</p>"
        "<pre><code>book_tug --berth=east_quay</code></pre><pre><span>tug_status</span> --all</pre>"
        "<p>The office confirms each booking by radio within the hour.</p></main></body></html>"
    )
    text = read_page(tmp_path, "tugs.html", page).text
    assert "\n    book_tug --berth=east_quay\n" in text and "\n    tug_status --all\n" in text
    assert "\n\nThe office confirms each booking by radio within the hour." in text


def _mkdocs_code(*lines: str) -> str:
    """A code block as MkDocs Material writes it: each line in a span, led by an empty link to itself."""
    spans = "".join(
        f'<span id="__span-0-{n}"><a id="__codelineno-0-{n}" name="__codelineno-0-{n}" href="#__codelineno-0-{n}">'
        f"</a>{line}\n</span>"
        for n, line in enumerate(lines, 1)
    )
    return f'<div class="language-console highlight"><pre><span></span><code>{spans}</code></pre></div>'


def test_a_short_code_block_with_line_anchors_is_kept(tmp_path: Path) -> None:
    """MkDocs Material leads each line of code with an empty link to it; a block of one or two short lines looked
    like a block of links to trafilatura and was dropped, and with it a section holding nothing else."""
    page = (
        "<html><head><title>Installation - Tugs docs</title></head><body><main><article><h1>Installation</h1>"
        "<p>Tugs runs on Linux, macOS and Windows, and binaries are published for every release.</p>"
        "<h2>macOS</h2><p>Install tugs with Homebrew:</p>"
        + _mkdocs_code("$ brew install tugs")
        + "".join(f"<p>Release {n} of macOS or later runs it, on Intel and Apple silicon alike.</p>" for n in range(5))
        + "<h2>Verify the installation</h2>"
        + _mkdocs_code("$ tugs --version", "tugs 2.4.1")
        + "<h2>Uninstalling</h2><p>Remove the binary with your package manager.</p></article></main></body></html>"
    )
    doc = read_page(tmp_path, "installation.html", page)
    assert "\n    $ brew install tugs\n" in doc.text, doc.text
    assert "Verify the installation\n\n    $ tugs --version\n    tugs 2.4.1" in doc.text
    assert "Verify the installation" in [s.heading for s in doc.sections]


def test_an_edit_this_page_link_is_page_chrome(tmp_path: Path) -> None:
    """MkDocs Material sets its "Edit on GitHub" button inside the article, before the title: it was indexed as the
    page's first passage. Other generators' "Edit this page" and "View page source" links go too; a sentence
    that links to the sources keeps its words."""
    body = "".join(f"<p>Tug {n} tows ships from the outer harbour to their berths at high tide.</p>" for n in range(5))
    mkdocs = (
        "<html><head><title>Towing - Tugs docs</title></head><body><main><article class='md-content__inner'>"
        "<a href='https://github.com/tugs/tugs/edit/main/docs/towing.md' title='Edit this page' "
        "class='md-content__button md-icon'>Edit on GitHub</a><h1>Towing</h1>"
        + body
        + "</article></main></body></html>"
    )
    doc = read_page(tmp_path, "towing.html", mkdocs)
    assert doc.text.startswith("Towing\n\nTug 0 tows ships"), doc.text
    other = (
        "<html><head><title>Towing</title></head><body><main><article>"
        "<a href='https://github.com/tugs/tugs/edit/main/towing.rst'>Edit this page</a><h1>Towing</h1>"
        + body
        + "<p>Read <a href='https://github.com/tugs/tugs'>the sources on GitHub</a> to see how each tow is planned.</p>"
        "<a href='_sources/towing.rst.txt' rel='nofollow'>View page source</a></article></main></body></html>"
    )
    (tmp_path / "corpus" / "towing.html").write_text(other)
    (doc,), _ = read_corpus(tmp_path / "corpus")
    assert "Edit this page" not in doc.text and "View page source" not in doc.text, doc.text
    assert "Read the sources on GitHub to see how each tow is planned." in doc.text


FAQ_PAGE = """<html><head><title>Harbour FAQ</title></head><body><div class="qandaset"><h2>1. Berths</h2>
<table border="0" summary="Q and A Set"><col align="left" width="1%"><col><tbody>
<tr class="question"><td><a name="q1"></a><b>1.1.</b></td><td><b>Can a ferry moor at the east quay?</b></td></tr>
<tr class="answer"><td></td><td><p>Only in winter, when the ferry terminal is closed for repairs and the harbour
master gives leave.</p><pre>berth --ship=ferry --quay=east
berth --confirm</pre></td></tr>
<tr class="question"><td><b>1.2.</b></td><td><b>Who pays for the pilot?</b></td></tr>
<tr class="answer"><td></td><td><p>The ship's owner pays the pilot for every entry into the harbour and every
departure from it.</p></td></tr></tbody></table>
<h2>2. Fees</h2><table><tr><td>mooring</td><td><p>ten euros a day</p></td></tr>
<tr><td>pilot</td><td><p>forty euros an entry</p></td></tr></table></div></body></html>"""


def test_a_faq_laid_out_as_a_table_reads_as_questions_and_answers(tmp_path: Path) -> None:
    doc = read_page(tmp_path, "faq.html", FAQ_PAGE)
    text = doc.text
    assert "Can a ferry moor at the east quay?\n\nOnly in winter, when the ferry terminal is closed" in text
    assert "    berth --ship=ferry --quay=east" in text  # the answer's code stays code
    assert "Who pays for the pilot?\n\nThe ship's owner pays the pilot" in text
    assert "|" not in text.split("2. Fees")[0]  # no table rows
    # a table whose first cells are words is data, left to the table reader: of two columns, keys and values
    assert "mooring: ten euros a day" in text.split("2. Fees")[1]


def test_a_page_that_is_mostly_one_list_keeps_its_heading_and_opening(tmp_path: Path) -> None:
    """The frame is a container: a list holding nearly all of the text is not the page's frame, or the heading
    and the sentence before it would go."""
    items = "".join(
        f"<dt><code>berth_{n}</code></dt><dd><p>A berth of the east quay for ships up to {n}0 metres long.</p></dd>"
        for n in range(1, 16)
    )
    page = (
        '<html><body><div class="subsection"><h4>2.3.1 Berth types</h4>'
        f"<p>The harbour names these berths:</p><dl>{items}</dl></div></body></html>"
    )
    doc = read_page(tmp_path, "berths.html", page)
    assert "2.3.1 Berth types" in [section.heading for section in doc.sections]
    assert "The harbour names these berths:" in doc.text
    assert "berth_3: A berth of the east quay for ships up to 30 metres long." in doc.text


def test_a_section_named_like_page_chrome_and_an_item_of_short_links_are_kept(tmp_path: Path) -> None:
    """Python's FAQ and release notes, as Sphinx writes them: a section whose id spells its heading ("...-share-...",
    "...-related-...") is text, not a share bar or a related-links box, and a list item linking a module, a PEP and an
    issue is text, not a menu (trafilatura dropped both). A table of contents and a box of related links still go."""
    filler = "".join(
        f"<p>Paragraph {n} of the harbour guide says what berth {n} is for, and for how long it may be held by one "
        "ship.</p>"
        for n in range(8)
    )
    items = "".join(
        f'<li><p><a href="{name}.html"><code>{name}</code></a>: For {name}ing. See <a href="https://example.org/p/6">'
        f'<strong>PEP {pep}</strong></a> for more. (Contributed by {who} in <a href="https://example.org/i/{pep}">'
        f"bpo-{pep}</a>.)</p></li>"
        for name, pep, who in (("moor", 680, "Ada Quay"), ("dock", 681, "Bo Pier"))
    )
    page = (
        '<html><body><div class="body" role="main"><section id="harbour-faq"><h1>Harbour FAQ</h1>'
        '<ul><li><a href="#how-do-i-share-a-berth">How do I share a berth?</a></li>'
        '<li><a href="#new-rules">New rules</a></li></ul>'
        f"{filler}"
        '<section id="how-do-i-share-a-berth"><h2>How do I share a berth?</h2>'
        "<p>Two ships may share a berth when both are under forty metres and the harbour master agrees.</p></section>"
        f'<section id="new-rules"><span id="rules-2024"></span><h2>New rules</h2><ul class="simple">{items}</ul>'
        '</section><div id="related"><h3>Related</h3><ul><li><a href="/a">Tides</a></li><li><a href="/b">Fees</a>'
        '</li><li><a href="/c">Pilots</a></li></ul></div></section></div></body></html>'
    )
    doc = read_page(tmp_path, "faq.html", page)
    assert "How do I share a berth?" in [section.heading for section in doc.sections]
    assert "Two ships may share a berth when both are under forty metres" in doc.text
    assert "moor: For mooring. See PEP 680 for more. (Contributed by Ada Quay in bpo-680.)" in doc.text
    assert "Tides" not in doc.text and "Pilots" not in doc.text


def test_a_title_with_a_version_number_is_the_pages_not_its_sites(tmp_path: Path) -> None:
    """ "What's New In Python 3.10 — Python 3.11.2 documentation": the dotted version made the first part look like
    a site's domain, so the page was titled with its site's name, the same for every page of the site."""
    page = (
        "<html><head><title>What&#8217;s New In Harbour 3.10 &#8212; Harbour 3.11.2 documentation</title></head>"
        "<body><div class='body' role='main'><section><h1>What&#8217;s New In Harbour 3.10</h1>"
        + "".join(
            f"<p>Release note {n}: berths now hold {n} more ships than they did in the release before.</p>"
            for n in range(6)
        )
        + "</section></div></body></html>"
    )
    doc = read_page(tmp_path, "3.10.html", page)
    assert doc.title == "What\u2019s New In Harbour 3.10"
    assert doc.source == "Harbour 3.11.2 documentation"


def test_the_pages_of_one_site_are_credited_to_one_name(tmp_path: Path) -> None:
    """A page whose title holds a dot ("Tugs 2.0 is here") was credited to the last part of its <title> ("Tugs
    docs"), trafilatura taking the dotted part for a domain, and its site's other pages to their address's host
    ("docs.tugs.dev")."""
    body = "".join(f"<p>Tug {n} tows ships from the outer harbour to their berths at high tide.</p>" for n in range(5))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, title in (("towing", "Towing"), ("blog", "Tugs 2.0 is here")):
        (corpus / f"{name}.html").write_text(
            f"<html><head><title>{title} - Tugs docs</title><link rel='canonical' href='https://docs.tugs.dev/{name}/'>"
            f"</head><body><main><article><h1>{title}</h1>{body}</article></main></body></html>"
        )
    docs, _ = read_corpus(corpus)
    assert {(d.title, d.source) for d in docs} == {("Towing", "Tugs docs"), ("Tugs 2.0 is here", "Tugs docs")}


def test_a_field_list_under_the_title_gives_the_pages_author(tmp_path: Path) -> None:
    """Sphinx and docutils set an article's "Author:" and "Release:" as a field list under its title (Python's
    HOWTOs): the author is the page's, twice given is both, an address after a name is no part of it; a field list
    further down (a function's parameters) stays a list, and a term's own colon ("$:") is kept."""
    colon = '<span class="colon">:</span>'
    page = (
        "<html><head><title>Mooring HOWTO</title></head><body><div class='body' role='main'><section>"
        "<h1>Mooring HOWTO</h1>"
        f"<dl class='field-list simple'><dt>Author{colon}</dt><dd><p>Jane Doe &lt;jane at example dot org&gt;</p></dd>"
        f"<dt>Author{colon}</dt><dd><p>John Roe</p></dd><dt>Release{colon}</dt><dd><p>0.2</p></dd></dl>"
        + "".join(f"<p>Tie line {n} to the bollard before the tide turns, then check it twice.</p>" for n in range(5))
        + f"<h2>Knots</h2><dl class='field-list'><dt>Parameters{colon}</dt><dd><p>rope, the line to tie</p></dd></dl>"
        "<dl><dt>$:</dt><dd><p>a colon in a build line.</p></dd></dl>"
        "<p>A bowline holds under load and unties easily once the load is off.</p>"
        "</section></div></body></html>"
    )
    doc = read_page(tmp_path, "mooring.html", page)
    assert doc.author == "Jane Doe and John Roe"
    assert "Release: 0.2" in doc.text and "Author" not in doc.text
    assert "- Parameters: rope, the line to tie" in doc.text, "not 'Parameters::'"
    assert "- $:: a colon in a build line." in doc.text  # the term "$:", then the separator


def test_a_help_desk_pages_author_block_gives_the_name_alone(tmp_path: Path) -> None:
    """Zendesk sets "Updated" after the author's name and the day; the author was "Halden Support Updated"."""
    page = (
        "<html><head><title>Warranty policy</title></head><body><article><header><h1>Warranty policy</h1>"
        '<div class="article-author"><div class="article-meta"><span>Halden Support</span><ul>'
        '<li><time datetime="2024-09-01T10:00:00Z">September 1, 2024 10:00</time></li><li>Updated</li></ul></div>'
        "</div></header><p>All hardware comes with a two-year limited warranty against defects in materials.</p>"
        "<p>The warranty does not cover liquid damage or damage from incorrect installation.</p>"
        "</article></body></html>"
    )
    doc = read_page(tmp_path, "warranty.html", page)
    assert doc.author == "Halden Support"


HOOKS_RST = """Hooks
=====

.. list-table:: Hook keys
   :header-rows: 1

   * - Key
     - Runs
     - Default
   * - ``pre_sync``
     - Before each sync starts.

       A non-zero exit status cancels it.
     - (none)
   * - ``timeout``
     - Longest time a hook may run | then it is killed.
     - ``60s``

Sizes
=====

+--------+--------+
| Weight | 168 g  |
+--------+--------+
| Colour | blue   |
+--------+--------+
"""


def test_restructuredtext_tables_name_their_columns_in_every_row(tmp_path: Path) -> None:
    """A ``list-table`` was indexed as raw pipes ("| timeout | ... | 60s |") without its column names, unlike an
    HTML or a Markdown table; a table without a header row of two columns reads as "Key: value", as in HTML."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "hooks.rst").write_text(HOOKS_RST)
    (doc,), _ = read_corpus(folder)
    text = doc.text
    assert "Hook keys" in text  # the table's title, as an HTML table's caption
    assert "Key: pre_sync; Runs: Before each sync starts. A non-zero exit status cancels it.; Default: (none)" in text
    assert "Key: timeout; Runs: Longest time a hook may run | then it is killed.; Default: 60s" in text
    assert "Weight: 168 g" in text and "Colour: blue" in text
    assert "| " not in text.replace("run | then", "")
