"""Greetings, thanks and "what can you do?" get a chat's reply, not "The articles do not say"."""

from __future__ import annotations

import pytest
from helpers.news import THREE_ARTICLES, asking

from ragqa.answering.overview import asks_overview
from ragqa.answering.smalltalk import (
    small_talk,
    small_talk_reply,
    without_acknowledgement,
    without_greeting,
    without_topic_switch,
)


@pytest.mark.parametrize(
    ("message", "talk"),
    [
        ("hi", "greeting"),
        ("Hello there!", "greeting"),
        ("good morning", "greeting"),
        ("thanks!", "thanks"),
        ("ok thanks", "thanks"),
        ("ok ta", "thanks"),
        ("thank you so much", "thanks"),
        ("what can you do?", "help"),
        ("help", "help"),
        ("hi, who is kabulov?", None),  # a question after the greeting: answered as a question
        ("thanks for nothing, who wrote this", None),
        ("what does hi mean", None),
    ],
)
def test_small_talk_is_told_from_questions(message, talk):
    assert small_talk(message) == talk


def test_a_greeting_before_a_question_is_left_out():
    assert without_greeting("hi, who wrote this?") == "who wrote this?"
    assert without_greeting("Hello! Is there an article about tires") == "Is there an article about tires"
    assert without_greeting("hi") == "hi" and without_greeting("history of the pier") == "history of the pier"


def test_the_reply_says_what_can_be_asked_about():
    assert small_talk_reply("greeting", 1, "Ties with the Taliban").startswith(
        'Hello! I answer questions about 1 indexed article: "Ties with the Taliban". Every answer quotes'
    )
    assert "609 indexed articles (the newest: " in small_talk_reply("help", 609, "Tires")
    assert small_talk_reply("thanks", 609) == "You're welcome. Ask me anything else about the articles."


def test_key_points_alone_asks_for_the_overview():
    assert asks_overview("key points?") and asks_overview("main takeaways")


def test_a_greeting_through_the_service_is_answered_not_abstained(tmp_path):
    with asking(tmp_path, THREE_ARTICLES) as ask:
        hello = ask("hi")
        assert not hello.abstained and hello.citations == []
        assert hello.answer.startswith('Hello! I answer questions about 3 indexed articles (the newest: "Road trip")')
        question = ask("hi, is there an article about tires?")  # still a question
        assert question.answer.startswith('"Tires are saving us", published on November 17, 2023. [1]'), question.answer


def test_small_talk_in_a_conversation_is_not_read_as_a_follow_up(tmp_path):
    import asyncio

    from helpers.news import news_services

    from ragqa.chat.conversations import Turn

    services = news_services(tmp_path, THREE_ARTICLES)
    try:
        earlier = Turn("hi", "hi", "Hello! ...")
        helped = asyncio.run(services.pipeline.answer("what can you do?", history=[earlier]))
        assert helped.answer.startswith("I answer questions about 3 indexed articles"), helped.answer
    finally:
        asyncio.run(services.aclose())


@pytest.mark.parametrize(
    ("typed", "asked"),
    [
        ("ok and what about galeotti", "and what about galeotti"),
        ("thanks! who wrote it?", "who wrote it?"),
        ("okay, when was it published", "when was it published"),
        ("hmm why", "why"),
        ("ok thanks", "ok thanks"),  # small talk, kept whole
        ("cool", "cool"),
        ("right to repair laws", "right to repair laws"),  # a word of the question
        ("interesting facts about tires", "interesting facts about tires"),
        # a word or two of chat, or a lead-in, before the question: it abstained or quoted another sentence
        ("ok cool, who runs it", "who runs it"),
        ("great thanks - and who wrote it", "and who wrote it"),
        ("lol. who wrote the article", "who wrote the article"),
        ("umm who is galeotti", "who is galeotti"),
        ("umm does git keep reflog entries", "does git keep reflog entries"),
        ("er visits at night", "er visits at night"),  # "ER", a word of the question
        ("um football ranking", "um football ranking"),  # maybe a university; "um," would be a sound
        ("wait, who is galeotti", "who is galeotti"),
        ("ok ta. who wrote this one", "who wrote this one"),  # "ta" was read as an acronym of the passages
        ("cheers, and when was it published", "and when was it published"),
        ("quick question: who is galeotti", "who is galeotti"),
        ("ok one more thing, where is he based", "where is he based"),
        ("sure thing", "sure thing"),  # nothing after it
        ("wow", "wow"),
        ("sorry state of the economy", "sorry state of the economy"),  # a word of the question
    ],
)
def test_a_word_acknowledging_the_answer_before_is_left_out_of_the_next_question(typed, asked):
    assert without_acknowledgement(typed) == asked


@pytest.mark.parametrize(
    ("typed", "asked", "switched"),
    [
        ("different question - what does the deal say", "what does the deal say", True),
        ("other topic: how do i customize nested emph levels", "how do i customize nested emph levels", True),
        ("unrelated, but when did mozilla announce it", "when did mozilla announce it", True),
        ("switching sports: when did australia last lose", "when did australia last lose", True),
        ("ok different question, who operated austpac", "who operated austpac", True),
        ("diffrent question, how big is a char", "how big is a char", True),
        ("other countries in asia", "other countries in asia", False),  # the question's own words
        ("unrelated business income tax", "unrelated business income tax", False),
        ("switching costs for customers", "switching costs for customers", False),
        ("switching costs: how are they set", "switching costs: how are they set", False),
        ("other one, who made it", "other one, who made it", False),
        ("new topic", "new topic", False),  # nothing after it
    ],
)
def test_a_question_saying_it_changes_the_subject_stands_alone(typed, asked, switched):
    assert without_topic_switch(typed) == (asked, switched)
