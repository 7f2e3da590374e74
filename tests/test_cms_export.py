"""The default article as a CMS exports it (WordPress's REST shape, as one JSONL line), asked of a real server (real
model, real FAISS): its rendered HTML is read as a page, its rendered title, its authors and its date as metadata,
so plain questions get the same facts as from the Markdown file, and "who wrote it" the author."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import ROOT
from helpers.servers import answered_with_fact, ask, corpus_server
from markdown_it import MarkdownIt

ARTICLE = ROOT / "corpus" / "russia-taliban-ties.md"
SET = ROOT / "bench" / "data" / "questions-default.json"
QUESTIONS = {q["id"]: q for q in json.loads(SET.read_text())["questions"]}
SAMPLE = ["d001", "d010", "d028", "d061", "d065"]  # from tests/test_natural_questions.py (tune half)


def wordpress_record(markdown: str) -> dict[str, object]:
    """The article as WordPress's REST API gives a post: the body as rendered HTML, the title with its entities,
    the author as a user id (a number, no name) and the names under "authors" (as co-author plugins add them)."""
    body = markdown.split("June 29, 2020 at 3:52 p.m. PDT", 1)[1]  # the title, byline and date lines are metadata
    return {
        "id": 4242,
        "guid": {"rendered": "https://example.org/?p=4242"},
        "date": "2020-06-29T15:52:00",
        "link": "https://example.org/2020/06/29/russia-taliban-ties/",
        "title": {"rendered": "What&#8217;s behind Russia&#8217;s growing ties with the Taliban"},
        "content": {"rendered": MarkdownIt().render(body), "protected": False},
        "author": 7,
        "authors": [{"name": "Robyn Dixon"}],
    }


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, embedder) -> Iterator[str]:
    folder: Path = tmp_path_factory.mktemp("cms-corpus")
    (folder / "posts.jsonl").write_text(json.dumps(wordpress_record(ARTICLE.read_text())) + "\n")
    with corpus_server(folder, tmp_path_factory.mktemp("cms-index"), embedder) as base:
        yield base


@pytest.mark.parametrize("qid", SAMPLE)
def test_a_plain_question_gets_the_fact_from_the_exported_post(server: str, qid: str) -> None:
    body = answered_with_fact(server, QUESTIONS[qid])
    assert "<" not in body["answer"], "no markup reaches the answer"


def test_the_post_is_titled_dated_and_credited_from_its_metadata(server: str) -> None:
    author = ask(server, "who wrote this article?")
    assert "Robyn Dixon" in author["answer"] and author["citations"][0]["doc_id"] == "4242"
    assert "7" not in re.sub(r"\[\d+\]", "", author["answer"]), "a user id is no author"
    title = ask(server, "what's the title of the article")
    assert "What’s behind Russia’s growing ties with the Taliban" in title["answer"], title["answer"]
    dated = ask(server, "when was it published")
    assert "2020" in dated["answer"] and "June" in dated["answer"], dated["answer"]


def test_a_record_without_text_is_told_every_key_the_text_may_be_under():
    """The hint named 'text', 'body', 'content' and 'html' only, where 'article' and 'markdown' are read too."""
    from ragqa.ingest.corpus import SUMMARY_KEYS, TEXT_KEYS, record_to_document

    with pytest.raises(ValueError) as refused:
        record_to_document({"id": "p1", "title": "A paper", "keywords": ["graphs"]}, "p1")
    assert all(repr(key) in str(refused.value) for key in TEXT_KEYS + SUMMARY_KEYS), refused.value


def test_a_helpdesk_ticket_reads_as_its_subject_its_fields_and_its_thread():
    """A ticket export keeps its text in a list of messages, not under one text key: every ticket was skipped as
    having no text. Its other fields (customer, agent, status) are said too, as a catalogue record's are."""
    from ragqa.ingest.corpus import record_to_document

    ticket_day = "2024-02-06T08:41:00Z"
    ticket = {
        "id": "T-20931",
        "subject": "Can't log in after switching phones",
        "customer": {"name": "Hannah Okafor", "company": "Brightline Dental"},
        "agent": "Luis Romero",
        "status": "solved",
        "created_at": "2024-02-06T08:41:00Z",
        "messages": [
            {"from": "Hannah Okafor", "role": "customer", "sent_at": ticket_day, "body": "I lost my phone."},
            {"from": {"name": "Luis Romero"}, "sent_at": "2024-02-07T10:12:00Z", "body": "I've removed 2FA."},
            {"from": "bot", "body": ""},
        ],
    }
    doc = record_to_document(ticket, "tickets.jsonl:1", "tickets.jsonl")
    assert (doc.doc_id, doc.title, doc.published_at) == ("T-20931", "Can't log in after switching phones", ticket_day)
    assert doc.text == (
        "Customer: Hannah Okafor (Brightline Dental)\nAgent: Luis Romero\nStatus: solved\n\n"
        "Hannah Okafor (customer), 2024-02-06 08:41 UTC: I lost my phone.\n\n"
        "Luis Romero, 2024-02-07 10:12 UTC: I've removed 2FA."
    )


def test_a_catalogue_records_fields_are_text_beside_its_description():
    """Only a museum record's description was indexed: its maker, date made and materials were dropped."""
    from ragqa.ingest.corpus import record_to_document

    record = {
        "accession_number": "1987.14.2",
        "title": "Longcase clock",
        "maker": "Josiah Pendry",
        "date_made": "c. 1790",
        "materials": ["oak", "brass"],
        "description": "Eight-day longcase clock.",
    }
    doc = record_to_document(record, "catalogue.jsonl:1", "catalogue.jsonl")
    assert doc.title == "Longcase clock"
    assert doc.text == (
        "Accession number: 1987.14.2\nMaker: Josiah Pendry\nDate made: c. 1790\nMaterials: oak, brass\n\n"
        "Eight-day longcase clock."
    )


def test_a_news_record_reads_as_before():
    """A record of read keys only (MultiHop-RAG's corpus) gains no lines."""
    from ragqa.ingest.corpus import record_to_document

    record = {
        "id": "mh-1",
        "title": "T",
        "text": "Body.",
        "url": "https://x.org/a",
        "source": "X",
        "author": "A",
        "published_at": "2023-10-01",
        "category": "news",
    }
    assert record_to_document(record, "c.jsonl:1").text == "Body."
