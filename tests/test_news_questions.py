"""Plain questions about news articles, asked of a real server over 20 MultiHop-RAG articles (real model, real
FAISS).

A sample of the blind set ``bench/data/questions-news-blind7.json`` (tune half; the check half is for reporting
only): a name typed in full where the article writes its initials, articles named by their outlet and topic, and
articles named by an outlet the collection does not hold. The articles are read from ``../shared/bench`` (not
copied into the repository). Whole-set figures: ``ragqa eval questions --data ...`` (docs/quality.md).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import ROOT
from helpers.servers import answered_with_fact, ask, corpus_server

from ragqa.answering.metadata import NO_SUCH_ARTICLE
from ragqa.eval.metrics import in_split

SET = ROOT / "bench" / "data" / "questions-news-blind7.json"
DATA = json.loads(SET.read_text())
QUESTIONS = {q["id"]: q for q in DATA["questions"]}
ANSWERED = [
    "n7001",  # how many jobs did automatic data processing say ... (the article writes "ADP")
    "n7004",  # who wrote the mbw piece on the hipgnosis chair quitting (an outlet's initials, a byline)
    "n7031",  # who takes over from ian foster as nz all blacks coach
    "n7046",  # which outlet published the legacy vs ego piece on the boks and all blacks
    "n7064",  # when did techcrunch post the meta ad free subscription in europe story ("in" inside the topic)
]
NOT_HELD = [
    "n7029",  # who wrote espn's recap of notre dame beating usc (only Sporting News's is indexed)
    "n7038",  # when did the verge publish its story on meta charging for no ads in europe (only TechCrunch's)
]


@pytest.fixture(scope="module")
def news_server(tmp_path_factory: pytest.TempPathFactory, embedder) -> Iterator[str]:
    source = (ROOT / DATA["corpus"]["jsonl"]).resolve()
    wanted = set(DATA["corpus"]["ids"])
    folder = tmp_path_factory.mktemp("news-corpus")
    rows = [line for line in source.read_text().splitlines() if json.loads(line)["id"] in wanted]
    assert len(rows) == len(wanted), f"{source}: {len(rows)} of the set's {len(wanted)} articles"
    Path(folder / "news.jsonl").write_text("\n".join(rows) + "\n")
    with corpus_server(folder, tmp_path_factory.mktemp("news-index"), embedder) as base:
        yield base


def test_the_sample_is_drawn_from_the_tune_half() -> None:
    assert all(in_split(i, "tune") for i in ANSWERED + NOT_HELD)


@pytest.mark.parametrize("qid", ANSWERED)
def test_a_plain_question_about_the_news_gets_the_fact(news_server: str, qid: str) -> None:
    answered_with_fact(news_server, QUESTIONS[qid])


@pytest.mark.parametrize("qid", NOT_HELD)
def test_an_article_named_by_an_outlet_the_collection_lacks_is_not_indexed(news_server: str, qid: str) -> None:
    body = ask(news_server, QUESTIONS[qid]["question"])
    assert body["abstained"] and body["answer"] == NO_SUCH_ARTICLE, body["answer"]
    assert body["citations"] == []
