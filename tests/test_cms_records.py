"""A newspaper CMS's export read as JSONL records (no model): its other fields open the text whatever the body's
markup, its bylines name people or no one, its dates are ISO 8601 or kept as written when their order is not plain."""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path

import pytest
from helpers.fake_encoder import FakeEncoder

from ragqa.config import Settings
from ragqa.index.build import build_index
from ragqa.ingest.corpus import read_corpus, record_to_document
from ragqa.services import Services


def _record(**fields: object) -> dict[str, object]:
    """A record as a newspaper's CMS exports one: its headline, byline, section, tags and dates beside its body."""
    return {
        "id": "cx-101",
        "headline": "Barn fire on Old Mill Road",
        "byline": "By Tom Reyes",
        "section": "News",
        "tags": ["fire", "agriculture"],
        "published": "2025-02-08 07:15:00",
        "status": "published",
        "url": "https://news.example.org/news/barn-fire/",
        "body": "<p>A fire early Saturday destroyed a dairy barn north of town.</p><p>No people were hurt.</p>",
        **fields,
    }


BODIES = {
    "html": "<p>A fire early Saturday destroyed a dairy barn north of town.</p><p>No people were hurt.</p>",
    "html with a heading": "<h2>Overnight</h2><p>A fire early Saturday destroyed a dairy barn north of town.</p>",
    "markdown": "## Overnight\n\nA fire early Saturday destroyed a dairy barn north of town.",
    "plain": "A fire early Saturday destroyed a dairy barn north of town.",
}


@pytest.mark.parametrize("kind", list(BODIES))
def test_a_records_update_date_and_other_fields_open_its_text_whatever_its_body(kind: str) -> None:
    doc = record_to_document(
        _record(body=BODIES[kind], updated="2025-02-08 16:30:00", desk="Metro"), "export.jsonl:1", "export.jsonl"
    )
    assert doc.text.startswith("Updated: 2025-02-08 16:30:00\nDesk: Metro\n\n"), doc.text
    assert "Status" not in doc.text and "Tags" not in doc.text  # a CMS's "published" state and tags say nothing
    assert doc.published_at == "2025-02-08 07:15:00"  # the update date does not replace the publication date
    assert doc.sections[0].start == 0 and doc.sections[-1].end <= len(doc.text)
    assert "dairy barn" in doc.text[doc.sections[-1].start : doc.sections[-1].end]


def test_a_status_other_than_published_stays_a_line_of_the_text() -> None:
    doc = record_to_document(_record(status="draft"), "export.jsonl:1", "export.jsonl")
    assert doc.text.startswith("Status: draft\n\n"), doc.text


def test_when_a_record_was_updated_is_its_update_date_and_when_published_its_publication_date(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "export.jsonl").write_text(json.dumps(_record(updated="2025-02-09 16:30:00")) + "\n")
    build_index(corpus, tmp_path / "index", FakeEncoder())
    services = Services.build(Settings(corpus_dir=corpus, index_dir=tmp_path / "index"), FakeEncoder())
    try:
        updated = asyncio.run(services.pipeline.answer("when was the barn fire article last updated", history=[]))
        assert updated.answer == '"Barn fire on Old Mill Road" was last updated on February 9, 2025. [1]'
        published = asyncio.run(services.pipeline.answer("when was the barn fire article published", history=[]))
        assert "February 8, 2025" in published.answer, published.answer
    finally:
        asyncio.run(services.aclose())


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ("Dave Pruitt | Sports Editor", "Dave Pruitt"),  # a job title after a bar, as after a comma
        ("By Karen Holt, Courier Staff Writer", "Karen Holt"),
        ("From staff reports", ""),  # names no one
        ("Staff report", ""),
        ("Staff and wire reports", ""),
        ("Wire services", ""),
        ("The Associated Press", "The Associated Press"),  # an agency is who wrote it
        ("The Courier Editorial Board", "The Courier Editorial Board"),
        ("Jane Doe | Reuters", "Jane Doe | Reuters"),  # not a job title: kept, as "Jane Doe, Reuters" is
        # a job title of any trade, not only a newsroom's or an office's: a programme's, a lab's, a clinic's
        ("Rhys Calder, Cinema Programmer", "Rhys Calder"),
        ("Rhys Calder | Festival Programmer", "Rhys Calder"),
        ("By Mia Holt, Staff Photographer", "Mia Holt"),
        ("Lena Brandt, Research Scientist", "Lena Brandt"),
        ("Omar Haddad, Youth Worker", "Omar Haddad"),
        ("Sunita Rao, Churchwarden", "Sunita Rao"),
        ("Ruth Penhaligon, Harbour Master", "Ruth Penhaligon"),
        ("Smith, John", "Smith, John"),  # a surname first: no job title, nothing dropped
        ("Jane Doe, John Roe", "Jane Doe, John Roe"),  # two names
        ("Jane Doe, John Walker", "Jane Doe, John Walker"),  # a surname that is a trade's word is a name
        ("Ann Lee, Paul Nurse", "Ann Lee, Paul Nurse"),
        ("Staffan Lind", "Staffan Lind"),
        # a one-word job title is a word made to name who does a job ("verge" + "r", "church" + "warden"), whatever
        # the trade: a parish's, a club's, a garden's; not a forename ("Peter"), an agency or another name
        ("Sunita Rao, Churchwarden", "Sunita Rao"),
        ("By Sunita Rao, Verger", "Sunita Rao"),
        ("Sunita Rao, Treasurer", "Sunita Rao"),
        ("Sunita Rao, Organist", "Sunita Rao"),
        ("Ade Bello, Groundsman", "Ade Bello"),
        ("Ade Bello, Webmaster", "Ade Bello"),
        ("Ade Bello, Librarian", "Ade Bello"),
        ("Rao, Sunita", "Rao, Sunita"),  # a surname first
        ("De Vries, Peter", "De Vries, Peter"),
        ("van der Berg, Oliver", "van der Berg, Oliver"),
        ("Ann Lee, Bob Kay and Cy Dunn", "Ann Lee, Bob Kay and Cy Dunn"),
        ("Jane Doe, Reuters", "Jane Doe, Reuters"),
    ],
)
def test_a_records_byline_gives_the_person_without_their_role_and_none_when_it_names_no_one(
    byline: str, author: str
) -> None:
    assert record_to_document(_record(byline=byline), "export.jsonl:1").author == author


def test_record_dates_are_iso_8601_and_a_day_in_figures_of_no_plain_order_is_kept_and_reported(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    records = [
        _record(id="cx-1", published="2025-01-14 19:42:00"),
        _record(id="cx-2", published="13/03/2025"),
        _record(id="cx-3", published="03/04/2020"),
    ]
    (tmp_path / "export.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    with caplog.at_level(logging.WARNING):
        docs, report = read_corpus(tmp_path)
    dates = {doc.doc_id: doc.published_at for doc in docs}
    assert dates == {"cx-1": "2025-01-14T19:42:00", "cx-2": "2025-03-13", "cx-3": "03/04/2020"}
    assert report.undated == [
        "export.jsonl: cx-3: '03/04/2020' (2020-04-03 or 2020-03-04? its day and month may be read either way)"
    ]
    assert "03/04/2020" in caplog.text


WORDPRESS_POST = {
    "id": 311,
    "modified": "2025-06-12T11:00:00",
    "title": {"rendered": "Why we bought our own canning line"},
    "content": {"rendered": "<p>Until this spring a mobile canner visited us once a month.</p>"},
}


@pytest.mark.parametrize(
    "credit",
    [
        {"author_name": "Tomasz Wren"},  # a WordPress export plugin's
        {"author": 7, "author_name": "Tomasz Wren"},  # the user's id beside their name
        {"authorName": "Tomasz Wren"},  # a headless CMS's (Sanity, Contentful) flattened
        {"author.name": "Tomasz Wren"},  # a nested export flattened by its keys
        {"author": {"name": "Tomasz Wren", "slug": "tomasz"}},  # Ghost's, Strapi's, JSON Feed's
        {"primary_author": {"name": "Tomasz Wren"}},  # Ghost's Content API
        {"dc:creator": "Tomasz Wren"},  # WordPress's WXR export as JSON, an RSS feed's item
        {"creator": "Tomasz Wren"},
        {"author": 7, "_embedded": {"author": [{"id": 7, "name": "Tomasz Wren"}]}},  # WordPress's REST API, _embed
    ],
)
def test_a_cms_exports_author_under_its_own_key_is_the_author_and_no_line_of_the_text(credit: dict) -> None:
    """A WordPress export's "author_name" was read as a field ("Author name: Tomasz Wren" opened the text) and the
    post had no author, so "who wrote the canning line post" was told the post "does not record its author"."""
    doc = record_to_document({**WORDPRESS_POST, **credit}, "blog-export.jsonl:1", "blog-export.jsonl")
    assert doc.author == "Tomasz Wren"
    assert doc.text == "Modified: 2025-06-12T11:00:00\n\nUntil this spring a mobile canner visited us once a month."
    assert doc.published_at == "2025-06-12T11:00:00"


def test_an_authors_other_details_are_no_author() -> None:
    doc = record_to_document(
        {**WORDPRESS_POST, "author_email": "tomasz@example.org", "author_id": 7}, "blog-export.jsonl:1"
    )
    assert doc.author == ""
    assert "Author email: tomasz@example.org" in doc.text
