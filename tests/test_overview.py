"""Questions about what an article says as a whole, answered with its opening sentences (no model)."""

from __future__ import annotations

import pytest

from ragqa.answering.overview import asks_overview, opening, overview_answer
from ragqa.records import Chunk, Hit

ASKED = [
    "summarize the article",
    "summarise this",
    "summarize the article about the cybertruck",
    "what is this article about",
    "what's the story about?",
    "what's the main point of the article",
    "give me the key facts",
    "what are the key points",
    "can you give me a quick summary of the story",
    "tl;dr",
    "what does the article say",
]
NOT_ASKED = [
    "what does the article say about the islamic state",
    "what is the summary judgment in the case",
    "what is the report about the bounties",
    "who wrote the article",
    "what is the point of a nerve agent",
]


@pytest.mark.parametrize("question", ASKED)
def test_questions_about_the_whole_article_are_recognised(question):
    assert asks_overview(question)


@pytest.mark.parametrize("question", NOT_ASKED)
def test_questions_about_something_in_it_are_not(question):
    assert not asks_overview(question)


def test_the_answer_is_the_opening_sentences_without_the_headings():
    text = "Ties with the Taliban\n\nMOSCOW — Officials say a lot happened. Russia denied it all. Moscow talks. More."
    first = Hit(Chunk("c0", "d", "Ties with the Taliban", "Ties with the Taliban", 0, len(text), text), 1.0)
    later = Hit(Chunk("c1", "d", "Ties with the Taliban", "Later", 200, 240, "Something later on here."), 2.0)
    assert opening([later, first], "d") is first and opening([later], "x") is None
    answer, citations = overview_answer(first, sentences=2)
    assert answer == "MOSCOW — Officials say a lot happened. [1] Russia denied it all. [1]"
    assert [c.hit for c in citations] == [first]
