"""Plain questions about articles with authors, asked of a real server (real model, real FAISS).

A blind set (``bench/data/questions-docs-howto.json``) over ten of Python's HOWTOs as HTML, each an article
whose author Sphinx sets in a field list under its title. A sample of its tune half: the author is read from that
field list, a title is matched as typed ("the sorting howto" for "Sorting HOW TO"), and a HOWTO is a document a
question names ("author of the urllib howto"). Whole-set figures: ``ragqa eval questions --data ...``
(docs/quality.md).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from helpers import ROOT
from helpers.servers import answered_with_fact, corpus_server

from ragqa.eval.metrics import in_split

DATA = json.loads((ROOT / "bench" / "data" / "questions-docs-howto.json").read_text())
QUESTIONS = {q["id"]: q for q in DATA["questions"]}
SAMPLE = [
    "hw001",  # who wrote the sorting howto ("Sorting HOW TO": the title as typed)
    "hw010",  # author of the urllib howto (a HOWTO named as a document)
    "hw057",  # who wrote the logging howto (an address after the author's name)
    "hw014",  # is sorted() stable?
    "hw035",  # hide the blinking cursor in curses
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, embedder) -> Iterator[str]:
    with corpus_server(ROOT / DATA["corpus"]["folder"], tmp_path_factory.mktemp("howto-index"), embedder) as base:
        yield base


def test_the_sample_is_drawn_from_the_tune_half() -> None:
    assert all(in_split(i, "tune") for i in SAMPLE)


@pytest.mark.parametrize("qid", SAMPLE)
def test_a_plain_question_about_a_howto_gets_the_fact(server: str, qid: str) -> None:
    answered_with_fact(server, QUESTIONS[qid])


def test_the_author_is_cited_to_the_howto_and_without_an_address(server: str) -> None:
    body = answered_with_fact(server, QUESTIONS["hw057"])
    assert body["answer"] == '"Logging HOWTO" was written by Vinay Sajip. [1]'
    assert body["citations"][0]["doc_id"] == "logging.html"
