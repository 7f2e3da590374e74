"""HTML pages as their readers see them: the text a page shows, the date, author, title and site name it gives
itself, and no date, author or title made of its text or of the tool that exported it."""

from __future__ import annotations

from pathlib import Path

from ragqa.ingest.corpus import read_corpus
from ragqa.records import Document


def read_page(tmp_path: Path, name: str, page: str) -> Document:
    """The one document a corpus folder holding only the page ``name`` reads as."""
    corpus = tmp_path / "corpus"
    corpus.mkdir(exist_ok=True)
    (corpus / name).write_text(page)
    (doc,), _ = read_corpus(corpus)
    return doc


def test_the_time_an_update_was_posted_stays_text(tmp_path: Path) -> None:
    """trafilatura deletes ``<time>`` with its text: each update of a status page lost its day and hour."""
    page = (
        "<html><head><title>Ferry delays - Harbour Status</title></head><body><header><a href='/'>Harbour Status</a>"
        "</header><main><article><h1>Ferry delays</h1><p>Impact: minor. Affected: the north pier ferries.</p>"
        "<div class='update'><h3>Resolved</h3><p>All ferries run to the timetable again after the storm. The last of"
        " the held sailings left the north pier at noon, and no bookings were lost.</p>"
        "<time datetime='2024-01-29T18:00:00Z'>Jan 29, 2024 - 18:00 GMT</time></div>"
        "<div class='update'><h3>Investigating</h3><p>Ferries from the north pier are held in port by the storm."
        " Passengers with bookings can change them free of charge at the ticket office, which opens on"
        " <time datetime='2024-01-30'>30 January</time> again.</p>"
        "<time datetime='2024-01-29T08:30:00Z'>Jan 29, 2024 - 08:30 GMT</time></div>"
        "</article></main><footer>Powered by StatusKit</footer></body></html>"
    )
    doc = read_page(tmp_path, "ferries.html", page)
    assert "Jan 29, 2024 - 18:00 GMT" in doc.text and "Jan 29, 2024 - 08:30 GMT" in doc.text
    assert "which opens on 30 January again." in doc.text
