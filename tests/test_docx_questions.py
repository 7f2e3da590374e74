"""Plain questions about Word documents, asked of a real server over the DOCX corpus (real model, real FAISS,
python-docx).

A sample of the blind DOCX set ``bench/data/questions-docs-docx.json`` (tune half; the check half is for
reporting only), with answers the old reader lost: facts only a table holds, a command set as code; and
questions naming a document by its title or pointing to "the faq". Whole-set figures: ``ragqa eval questions
--data ...`` (docs/quality.md).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from helpers import ROOT
from helpers.servers import answered_with_fact, ask, corpus_server

from ragqa.eval.metrics import in_split

SET = ROOT / "bench" / "data" / "questions-docs-docx.json"
DATA = json.loads(SET.read_text())
QUESTIONS = {q["id"]: q for q in DATA["questions"]}
ANSWERED = [
    "dx009",  # faq chapter 12 title? (the document whose title holds the topic)
    "dx011",  # what is testing called currently per the faq ("per the faq" left out of the question)
    "dx019",  # how many languages does the keyman ibus engine cover (a table row)
    "dx020",  # how do i reconfigure the locale on debian (a command in a code style)
    "dx030",  # how big is the ibus-mozc package (a table row, its column named in the header only)
    "dx068",  # what ibus engines are there for thai (two table rows)
]


@pytest.fixture(scope="module")
def docx_server(tmp_path_factory: pytest.TempPathFactory, embedder) -> Iterator[str]:
    with corpus_server(ROOT / DATA["corpus"]["folder"], tmp_path_factory.mktemp("docx-index"), embedder) as base:
        yield base


def test_the_sample_is_drawn_from_the_tune_half() -> None:
    assert all(in_split(i, "tune") for i in ANSWERED)


@pytest.mark.parametrize("qid", ANSWERED)
def test_a_plain_question_about_a_word_file_gets_the_sentence_with_the_fact(docx_server: str, qid: str) -> None:
    answered_with_fact(docx_server, QUESTIONS[qid])


@pytest.mark.parametrize(
    "question, opening",
    [
        ("what is the constitution about", "Version 1.3 ratified on September 24th, 2006."),
        ("summarize the i18n chapter", "Multilingualization (M17N) or Native Language Support"),
    ],
)
def test_a_document_named_by_its_title_is_summarized_by_its_opening(
    docx_server: str, question: str, opening: str
) -> None:
    """Not in the set: "what is X about" and "summarize X", X a retrieved document's title words."""
    body = ask(docx_server, question)
    assert body["answer"].startswith(opening), body["answer"]
    assert len({c["doc_id"] for c in body["citations"]}) == 1


def test_a_topic_of_the_text_is_not_taken_for_a_document() -> None:
    from ragqa.answering.overview import overview_named

    assert overview_named("what is the gzip man page about") == "the gzip"
    assert overview_named("summarize the constitution for me") == "the constitution"
    assert overview_named("give me a summary of the choosing chapter") == "the choosing"
    assert overview_named("what is sid") == "" and overview_named("who wrote the constitution") == ""
