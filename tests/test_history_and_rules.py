"""Plain questions about a project's history and its rules, asked of a real server (real model, real FAISS).

A blind set (``bench/data/questions-history-debian.json``) over "A Brief History of Debian" as HTML and the Debian
Constitution and Social Contract as plain text: people, dates written their own way, codenames, and rules asked
with the short forms members use ("dpl", "tc", "gr"). A sample of its tune half: an acronym the passages retrieved
for the question never spell out is read as the whole corpus writes it. Whole-set figures: ``ragqa eval questions
--data ...`` (docs/quality.md).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from helpers import ROOT
from helpers.servers import answered_with_fact, ask, corpus_server

from ragqa.eval.metrics import in_split

DATA = json.loads((ROOT / "bench" / "data" / "questions-history-debian.json").read_text())
QUESTIONS = {q["id"]: q for q in DATA["questions"]}
SAMPLE = [
    "dh009",  # which dpl served from 2010 to 2013 (only the detailed history writes "Debian Project Leader")
    "dh017",  # what debian release came out on 19/07/2002 (a date written the user's way)
    "dh060",  # whose idea was the social contract (a plain-text file whose first line is no title)
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, embedder) -> Iterator[str]:
    with corpus_server(ROOT / DATA["corpus"]["folder"], tmp_path_factory.mktemp("history-index"), embedder) as base:
        yield base


def test_the_sample_is_drawn_from_the_tune_half() -> None:
    assert all(in_split(i, "tune") for i in SAMPLE)


@pytest.mark.parametrize("qid", SAMPLE)
def test_a_plain_question_about_the_history_gets_the_fact(server: str, qid: str) -> None:
    answered_with_fact(server, QUESTIONS[qid])


def test_a_members_short_form_is_read_as_the_corpus_writes_it(server: str) -> None:
    """Not in the set: the rules say "the Project Leader", only the history "Debian Project Leader"."""
    body = ask(server, "how long does a dpl serve")
    assert not body["abstained"], body["answer"]
    assert "serves for one year" in body["answer"], body["answer"]


@pytest.mark.parametrize("question", ["what happened on 16 aug 93", "what happened on 16/08/93"])
def test_a_day_typed_with_a_two_digit_year_finds_what_happened_that_day(server: str, question: str) -> None:
    """Not in the set: the history writes "August 16th, 1993"."""
    body = ask(server, question)
    assert "founded by Ian Murdock on August 16th, 1993" in body["answer"], body["answer"]
