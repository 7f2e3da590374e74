"""Plain questions about Python packages' READMEs in Markdown, asked of a real server (real model, real FAISS).

The corpus is six READMEs as PyPI ships them (badges, centred HTML logos, a heading only after the opening text).
"What is X", X a package the collection documents, is the first thing a newcomer asks: it is answered with the
opening of the one document its title or file name names. A sample of the blind set
``bench/data/questions-docs-readmes.json`` (tune half; the check half is for reporting only) asks with typos and
in other words than the READMEs'. Whole-set figures: ``ragqa eval questions --data ...`` (docs/quality.md).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from helpers import ROOT
from helpers.servers import answered_with_fact, ask, corpus_server

from ragqa.eval.metrics import in_split

SET = ROOT / "bench" / "data" / "questions-docs-readmes.json"
DATA = json.loads(SET.read_text())
QUESTIONS = {q["id"]: q for q in DATA["questions"]}
ANSWERED = [
    "rd013",  # what is threadpoolctl (its README's first sentence, under a heading with badges)
    "rd035",  # simple progres bar over a for loop with rich (a typo, and the function's name in code)
    "rd040",  # rapidfuzz wheels for raspbery pi (a typo)
    "rd064",  # how do i pretty print json with orjson (an option the question never names)
]


@pytest.fixture(scope="module")
def readme_server(tmp_path_factory: pytest.TempPathFactory, embedder) -> Iterator[str]:
    with corpus_server(ROOT / DATA["corpus"]["folder"], tmp_path_factory.mktemp("readme-index"), embedder) as base:
        yield base


def test_the_sample_is_drawn_from_the_tune_half() -> None:
    assert all(in_split(i, "tune") for i in ANSWERED)


@pytest.mark.parametrize("qid", ANSWERED)
def test_a_plain_question_about_a_readme_gets_the_sentence_with_the_fact(readme_server: str, qid: str) -> None:
    answered_with_fact(readme_server, QUESTIONS[qid])


@pytest.mark.parametrize(
    "question, opening, doc_id",
    [
        ("what is rich", "Rich is a Python library for rich text and beautiful formatting in the terminal.", "rich.md"),
        ("what's python-dotenv?", "python-dotenv reads key-value pairs from a .env file", "python-dotenv.md"),
        ("what does typer do", "Typer, build great CLIs.", "typer.md"),
        ("tell me about orjson", "orjson is a fast, correct JSON library for Python.", "orjson.md"),
    ],
)
def test_what_a_package_is_is_answered_by_the_opening_of_its_readme(
    readme_server: str, question: str, opening: str, doc_id: str
) -> None:
    """Not in the set. Before, "what is rich" quoted "See what people are saying about Rich." first, and "what is
    typer" a sentence about typer-slim: every sentence of a README names its package."""
    body = ask(readme_server, question)
    assert body["answer"].startswith(opening), body["answer"]
    assert {c["doc_id"] for c in body["citations"]} == {doc_id}


def test_a_name_no_document_carries_is_asked_of_the_sentences(readme_server: str) -> None:
    body = ask(readme_server, "what is orjson.Fragment used for")
    assert "already-serialized JSON" in body["answer"], body["answer"]
