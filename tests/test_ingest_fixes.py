"""Two ingestion fixes, on small made-up files. Model-free.

An mdBook page has a keyboard-help popup whose "Keyboard shortcuts" heading (its class names a title) came before
the page's own ``<h1>``: the page was titled "Keyboard shortcuts". A GNU NEWS file heads releases and their parts
with Org/outline stars ("* Noteworthy changes in release 1.12 ...", "** Bug fixes"): they were no sections, so
no chunk named its release. A bullet list written with stars must stay a list.
"""

from pathlib import Path

from ragqa.ingest.corpus import parse_plain_text, read_corpus
from ragqa.records import Document

PARAGRAPH = (
    "<p>The harbour master keeps a chart of every berth, with the depth of water at low tide and the length of"
    " the longest ship that may moor there. Charts are redrawn each spring after the dredgers have passed.</p>"
)


def _book_page(chapter: str, book: str) -> str:
    """A chapter as newer mdBook writes it: the help popup first, then the book's name and the chapter as ``<h1>``."""
    return f"""<!DOCTYPE HTML>
<html lang="en">
<head>
<!-- Book generated using mdBook -->
<meta charset="UTF-8">
<title>{chapter} - {book}</title>
</head>
<body>
<div id="mdbook-help-container">
  <div id="mdbook-help-popup">
    <h2 class="mdbook-help-title">Keyboard shortcuts</h2>
    <div>
      <p>Press <kbd>S</kbd> or <kbd>/</kbd> to search in the book</p>
      <p>Press <kbd>?</kbd> to show this help</p>
    </div>
  </div>
</div>
<div id="mdbook-body-container">
  <div class="page">
    <div id="mdbook-menu-bar" class="menu-bar">
      <h1 class="menu-title">{book}</h1>
    </div>
    <div id="mdbook-content" class="content">
      <main>
        <h1 id="chapter"><a class="header" href="#chapter">{chapter}</a></h1>
        {PARAGRAPH * 3}
        <h2 id="depths"><a class="header" href="#depths">Depths at low tide</a></h2>
        {PARAGRAPH * 2}
      </main>
    </div>
  </div>
</div>
</body>
</html>
"""


def _document(folder: Path, name: str) -> Document:
    docs, _ = read_corpus(folder)
    return next(doc for doc in docs if doc.doc_id == name)


def test_an_mdbook_page_is_titled_by_its_chapter_not_by_its_help_popup(tmp_path):
    (tmp_path / "charts.html").write_text(_book_page("Harbour charts", "The Harbour Book"))
    doc = _document(tmp_path, "charts.html")
    assert doc.title == "Harbour charts"
    assert doc.source == "The Harbour Book"
    assert [s.heading for s in doc.sections] == ["Harbour charts", "Depths at low tide"]


def test_a_page_titled_by_its_h1_keeps_that_title(tmp_path):
    """A page whose one ``<h1>`` is its title (no chrome heading taken for it) is left as it was."""
    page = f"""<html><head><title>Mooring - Harbour Guide</title></head><body><main>
    <h1>Mooring</h1>{PARAGRAPH * 3}</main></body></html>"""
    (tmp_path / "mooring.html").write_text(page)
    assert _document(tmp_path, "mooring.html").title == "Mooring"


GNU_NEWS = """\
GNU harbour NEWS                                    -*- outline -*-

* Noteworthy changes in release 2.1 (2023-05-02) [stable]

** New features

  harbour now accepts the --moor option, which ties a ship to the
  nearest free berth.

** Bug fixes

  harbour -q no longer prints the tide table.
  [bug introduced in harbour-1.9]


* Noteworthy changes in release 2.0 (2022-11-20) [stable]

** Changes in behavior

  The default berth is now the northern one.

** 'harbour -f' now overwrites an existing chart.

  Previously it refused to.


Major changes in harbour 1.9 (2021-06-01)

* harbour now reads charts in the new format.
* harbour -v prints the berth it chose.
"""


def _sections(doc: Document) -> dict[str, str]:
    return {s.heading: doc.text[s.start : s.end].strip() for s in doc.sections}


def test_the_star_headings_of_a_gnu_news_file_open_sections_that_name_their_release():
    doc = parse_plain_text(GNU_NEWS, "NEWS.txt")
    sections = _sections(doc)
    assert list(sections) == [
        "Noteworthy changes in release 2.1 (2023-05-02) [stable]",
        "Noteworthy changes in release 2.1 (2023-05-02) [stable] — New features",
        "Noteworthy changes in release 2.1 (2023-05-02) [stable] — Bug fixes",
        "Noteworthy changes in release 2.0 (2022-11-20) [stable]",
        "Noteworthy changes in release 2.0 (2022-11-20) [stable] — Changes in behavior",
        "Major changes in harbour 1.9 (2021-06-01)",
    ]
    # a release over its parts only: its line, which says when, is its section's text (shown without its stars)
    release = "Noteworthy changes in release 2.1 (2023-05-02) [stable]"
    assert sections[release] == release
    assert sections["Noteworthy changes in release 2.1 (2023-05-02) [stable] — New features"].startswith(
        "harbour now accepts the --moor option"
    )
    # an entry written as a sentence is no heading: it stays in the text of the section it ends
    behaviour = sections["Noteworthy changes in release 2.0 (2022-11-20) [stable] — Changes in behavior"]
    assert "** 'harbour -f' now overwrites an existing chart." in behaviour
    assert "Previously it refused to." in behaviour
    # the old releases' bullets stay a list
    assert sections["Major changes in harbour 1.9 (2021-06-01)"].startswith("* harbour now reads charts")
    assert doc.title == "GNU harbour NEWS"  # the Emacs mode line says how to edit the file, not what it is


def test_an_outline_without_a_mode_line_is_known_by_its_two_levels(tmp_path):
    """No "-*- outline -*-": headings at the margin with one star and with two are an outline, as the corpus reads
    it; one-line entries between them ("* Fix ...") are the text of the section above, not headings."""
    news = GNU_NEWS.replace("-*- outline -*-", "").replace(
        "** New features", "** Fix a leak in the chart reader\n\n** Fix the tide clock\n\n** New features"
    )
    (tmp_path / "NEWS.txt").write_text(news)
    sections = _sections(_document(tmp_path, "NEWS.txt"))
    assert sections["Noteworthy changes in release 2.1 (2023-05-02) [stable]"] == (
        "** Fix a leak in the chart reader\n\n** Fix the tide clock"
    )
    features = sections["Noteworthy changes in release 2.1 (2023-05-02) [stable] — New features"]
    assert features.startswith("harbour now accepts the --moor option")
    assert "Noteworthy changes in release 2.0 (2022-11-20) [stable] — Changes in behavior" in sections


def test_release_lines_head_the_star_headings_of_an_outline():
    """GNU tar's form: "version 1.34 - ..." lines over "* ..." headings and entries."""
    news = """\
GNU harbour NEWS - User visible changes. 2021-02-13

version 1.34 - Jane Doe, 2021-02-13

* Fix extraction over a pipe

* Gracefully handle duplicate berths

The second ship now waits at the buoy.

version 1.33 - Jane Doe, 2021-01-07

* Bug fixes

** Berths with large ships

The chart no longer rounds a ship's length down.
"""
    sections = _sections(parse_plain_text(news, "NEWS.txt"))
    assert sections == {
        "version 1.34 - Jane Doe, 2021-02-13": "* Fix extraction over a pipe",
        "version 1.34 - Jane Doe, 2021-02-13 — Gracefully handle duplicate berths": (
            "The second ship now waits at the buoy."
        ),
        "version 1.33 - Jane Doe, 2021-01-07": "version 1.33 - Jane Doe, 2021-01-07",
        "version 1.33 - Jane Doe, 2021-01-07 — Bug fixes": "Bug fixes",
        "version 1.33 - Jane Doe, 2021-01-07 — Bug fixes — Berths with large ships": (
            "The chart no longer rounds a ship's length down."
        ),
    }


def test_bullet_lists_written_with_stars_stay_lists():
    """Star items set apart by blank lines, in a paragraph, or indented, in a file without two levels of star
    headings nor an outline mode line, are a list: the file keeps its one section."""
    notes = """\
Harbour notes

Things to bring:

* Charts of the north basin

* Tide tables

* Spare rope
* A lamp

  * Matches
  ** Not a heading either

Ask at the office for the key.
"""
    doc = parse_plain_text(notes, "notes.txt")
    assert [s.heading for s in doc.sections] == ["Harbour notes"]
    assert "* Charts of the north basin" in doc.text
    assert "** Not a heading either" in doc.text
