"""Encyclopedia pages (MediaWiki HTML and wiki-style Markdown) as their readers see them: the article's text, not
the apparatus around it (a table of contents, a list of references, "Main article: ..." lines), an infobox's
line breaks as spaces, its byline as credited, and "when was it last edited" read as a question about the page."""

from __future__ import annotations

from pathlib import Path

from ragqa.answering.metadata import asked_field, metadata_answer
from ragqa.ingest.corpus import parse_markdown, read_corpus
from ragqa.ingest.headers import metadata_of
from ragqa.records import Chunk, Document, DocumentRecord, Hit


def _read(tmp_path: Path, name: str, content: str) -> Document:
    """The one document a corpus folder holding only the file ``name`` reads as."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / name).write_text(content)
    (doc,) = read_corpus(corpus)[0]
    return doc


def _page(body: str) -> str:
    """A MediaWiki page around ``body`` (the article's HTML)."""
    return (
        "<!DOCTYPE html><html><head><title>History of Vell - Islapedia</title></head><body class='mediawiki'>"
        "<div id='mw-navigation'><ul><li><a href='/wiki/Main_Page'>Main page</a></li>"
        "<li><a href='/wiki/Special:Random'>Random article</a></li></ul></div>"
        "<div id='content' class='mw-body'><h1 id='firstHeading'>History of Vell</h1>"
        f"<div id='mw-content-text'>{body}</div></div></body></html>"
    )


_INTRO = (
    "<p>The <b>history of Vell</b> covers the town on the east coast of the main island from its founding as a salt"
    " works in 1412 to the present day, when it is the third town of the country.</p>"
)
_SETTLEMENT = (
    "<h2><span class='mw-headline' id='Early_settlement'>Early settlement</span></h2><p>The first salt pans at Vell"
    " were dug in 1412 by settlers from Genoa, who traded the salt to Madeira and Lisbon.</p>"
)
_HARBOUR = (
    "<h2><span class='mw-headline' id='The_harbour'>The harbour</span></h2><p>The harbour was built between 1818 and"
    " 1820 by the engineer Ana Brask, after a storm destroyed the old quay.</p>"
)


def test_a_mediawiki_table_of_contents_is_no_section_of_the_page(tmp_path: Path) -> None:
    """MediaWiki's numbered contents ("1 Early settlement", "2 The harbour") were read as a section "Contents" and
    quoted for "who built the harbour"."""
    toc = (
        "<div id='toc' class='toc'><h2>Contents</h2><ul><li>1 Early settlement</li><li>2 The harbour</li>"
        "<li>3 References</li></ul></div>"
    )
    doc = _read(tmp_path, "vell.html", _page(_INTRO + toc + _SETTLEMENT + _HARBOUR))
    assert [s.heading for s in doc.sections] == ["History of Vell", "Early settlement", "The harbour"]
    assert "Contents" not in doc.text and "2 The harbour" not in doc.text
    assert "The harbour was built between 1818 and 1820 by the engineer Ana Brask" in doc.text


def test_a_markdown_table_of_contents_of_links_to_the_page_itself_goes_and_other_lists_stay() -> None:
    """A README's or a wiki's "## Contents" list of "[Timetable](#timetable)" links repeated the headings as
    sentences. A list under "Contents" that is not only links to the page's anchors is text, and stays."""
    toc = parse_markdown(
        "# Ferry guide\n\nThe ferry runs twice a day.\n\n## Table of Contents\n\n---\n\n"
        "* **[Timetable](#timetable)**\n  * [Winter](#winter)\n* [Fares](#fares)\n\n---\n\n"
        "## Timetable\n\nBoats leave at 08:00.\n\n### Winter\n\nNo boat on Sundays.\n\n"
        "## Fares\n\nA single is 4 marks.\n",
        "ferry.md",
    )
    assert [s.heading for s in toc.sections] == ["Ferry guide", "Timetable", "Winter", "Fares"]
    assert "Contents" not in toc.text and "- Timetable" not in toc.text
    labelled = parse_markdown(
        "# Ferry guide\n\n**On this page**\n\n- [Timetable](#timetable)\n- [Fares](#fares)\n\n"
        "## Timetable\n\nBoats leave at 08:00.\n\n## Fares\n\nA single is 4 marks.\n",
        "ferry.md",
    )
    assert "On this page" not in labelled.text and "Boats leave at 08:00." in labelled.text
    kept = parse_markdown(
        "# Box set\n\n## Contents\n\n- Four discs\n- A booklet of [lyrics](lyrics.md)\n", "box.md"
    )  # what a box holds, one link elsewhere
    assert "Four discs" in kept.text and "A booklet of lyrics" in kept.text


def test_a_list_of_references_is_left_out_of_the_text(tmp_path: Path) -> None:
    """ "4. Aldous Papers, National Archives of Selvara, Port Halden." was the answer to "national tree of
    selvara", and "General Election 2022: Official Results." one of "which party won the 2022 election"."""
    references = (
        "<h2><span class='mw-headline' id='References'>References</span></h2><ol class='references'>"
        "<li>Mercer, James (1998). <i>A Short History of Vell</i>. London: Harwick Press.</li>"
        "<li>Harbour Board minutes, Vell Town Archive.</li></ol>"
    )
    page = _read(tmp_path, "vell.html", _page(_INTRO + _SETTLEMENT + _HARBOUR + references))
    assert [s.heading for s in page.sections] == ["History of Vell", "Early settlement", "The harbour"]
    assert "Harwick Press" not in page.text and "Vell Town Archive" not in page.text
    assert page.text.rstrip().endswith("after a storm destroyed the old quay.")
    markdown = parse_markdown(
        "# Politics of Vell\n\nThe town council has 21 members.\n\n## References\n\n"
        "1. Electoral Commission (2022). *General Election 2022: Official Results*.\n"
        "2. *Constitution of the Republic* (1983), articles 1–12.\n",
        "politics.md",
    )
    assert [s.heading for s in markdown.sections] == ["Politics of Vell"]
    assert "Official Results" not in markdown.text


def test_notes_are_left_out_only_when_they_are_citations() -> None:
    """A bulleted or numbered list of notes under "Notes" is what the notes say (a note-taker's "Boiler is a
    Worcester Bosch"); numbered citations under "Notes" or "Sources" are references."""
    notes = parse_markdown(
        "# Ferry guide\n\nThe ferry runs twice a day.\n\n## Notes\n\n1. The 17:00 boat does not run on Sundays.\n"
        "2. Bicycles travel free.\n3. Fares are those of the ferry company (2024).\n\n"
        "## Sources\n\n1. Selvara Ferries (2023). *Timetable*. https://example.org/t\n",
        "ferry.md",
    )
    assert [s.heading for s in notes.sections] == ["Ferry guide", "Notes"]
    assert "Bicycles travel free." in notes.text and "(2024)." in notes.text and "example.org" not in notes.text
    prose = parse_markdown(
        "# Mill\n\nThe mill ground corn until 1931.\n\n## References\n\nWe recommend reading Hale (1998) first.\n",
        "mill.md",
    )
    assert "We recommend reading Hale (1998) first." in prose.text


def test_a_hatnote_is_no_heading_over_the_next_sentence() -> None:
    """ "*Main article: Geography of Selvara*" on its own line was quoted as a heading over the sentence under it:
    "Main article: Geography of Selvara — Selvara is volcanic in origin."."""
    doc = parse_markdown(
        "# Selvara\n\nSelvara is an island country.\n\n## Geography\n\n*Main article: Geography of Selvara*\n\n"
        "Selvara is volcanic in origin.\n\n## History\n\n_See also: [Port Halden](port-halden.md)_\n"
        "The islands were settled around 850 AD.\n\n## Economy\n\n"
        "See also: the ferry timetable, which lists every crossing. It is printed each spring.\n",
        "selvara.md",
    )
    assert "Main article" not in doc.text and "Port Halden" not in doc.text
    assert "Geography\n\nSelvara is volcanic in origin." in doc.text
    assert "History\n\nThe islands were settled around 850 AD." in doc.text
    assert "See also: the ferry timetable, which lists every crossing." in doc.text  # a sentence, not a hatnote


def test_a_line_break_in_an_infobox_caption_or_cell_reads_as_a_space(tmp_path: Path) -> None:
    """ "Port Halden<br><i>Halde Vaar</i>" read "Port HaldenHalde Vaar"."""
    infobox = (
        "<table class='infobox'><caption>Vell<br><i>Vèlh</i></caption><tr><th>Mayor</th><td>Ana Brask<br>(since"
        " 2020)</td></tr><tr><th>Population</th><td>14,950</td></tr></table>"
    )
    doc = _read(tmp_path, "vell.html", _page(infobox + _INTRO + _SETTLEMENT))
    assert "Vell Vèlh" in doc.text and "Mayor: Ana Brask (since 2020)" in doc.text
    assert "VellVèlh" not in doc.text and "Brask(since" not in doc.text


def test_a_credit_naming_no_one_leaves_a_list_of_authors_and_a_body_stays() -> None:
    """ "authors: [Jane Doe, Staff]" gave two authors, one of them "Staff". A body's byline beside a person
    ("Selvapedia editors") is credited as the page credits it."""
    assert metadata_of({"authors": ["Jane Doe", "Staff"]}).author == "Jane Doe"
    both = metadata_of({"authors": ["Marten Holloway", "Selvapedia editors"]}).author
    assert both == "Marten Holloway and Selvapedia editors"
    assert metadata_of({"author": "Selvapedia editors"}).author == "Selvapedia editors"


def test_when_a_page_was_last_edited_is_when_it_was_updated() -> None:
    """ "when was the economy page last edited" was not read as a question about the page ("last updated" was):
    a wiki's footer says "last edited"."""
    text = "Updated: 2024-02-27\n\nThe economy of Vell rests on salt and fishing."
    hit = Hit(Chunk("e-c", "economy.html", "Economy of Vell", "Economy of Vell", 0, len(text), text), 1.0)
    record = DocumentRecord("economy.html", "Economy of Vell", "", "Islapedia", "2023-08-14", "", "h", 1)
    for question in (
        "when was the economy page last edited",
        "when was it last edited?",
        "when was the page last changed",
    ):
        said, citations = metadata_answer(question, [hit], {"economy.html": record})
        assert said == '"Economy of Vell" was last updated on February 27, 2024. [1]', question
        assert citations[0].hit is hit
    footer = "The economy rests on salt.\n\nThis page was last edited on 27 February 2024, at 16:05."
    hit = Hit(Chunk("e-c", "economy.html", "Economy of Vell", "Economy of Vell", 0, len(footer), footer), 1.0)
    said, _ = metadata_answer("when was the economy page last edited", [hit], {"economy.html": record})
    assert said == '"Economy of Vell" was last edited on February 27, 2024. [1]'  # as the page says it
    assert asked_field("when was it changed") is None  # a follow-up about what the text tells of may ask so
