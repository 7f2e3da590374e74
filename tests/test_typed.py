"""What people type around a question is taken off before any rule reads it (``answering.typed``); the words of
the question itself, an option's dash and quotation marks inside it stay, and a question asked inside a request
("do you know who galeotti is") is read in a question's word order."""

from __future__ import annotations

import pytest

from ragqa.answering.typed import as_asked, with_country_written


@pytest.mark.parametrize(
    ("typed", "asked"),
    [
        ("who is galeotti??", "who is galeotti?"),
        ("who is galeotti ?!", "who is galeotti?"),
        ("who is galeotti!!", "who is galeotti!"),
        ("- who is galeotti", "who is galeotti"),
        ("> who is galeotti", "who is galeotti"),
        ("* who is galeotti?", "who is galeotti?"),
        ("Q: who is galeotti", "who is galeotti"),
        ("question: who is galeotti", "who is galeotti"),
        ("“who is galeotti”", "who is galeotti"),
        ('"who is galeotti"?', "who is galeotti?"),
        ("«who is galeotti»", "who is galeotti"),
        ("who is galeotti please", "who is galeotti"),
        ("who is galeotti, pls?", "who is galeotti?"),
        ("please who is galeotti", "who is galeotti"),
        ("plz, who is galeotti", "who is galeotti"),
        ("who is galeotti? thanks!", "who is galeotti?"),
        ("who is galeotti, thank you so much", "who is galeotti"),
        ("who is galeotti thanks", "who is galeotti"),
        ("who is galeotti thank you", "who is galeotti"),
        ("🙂 who is galeotti", "who is galeotti"),
        ("who is galeotti 👍🏽", "who is galeotti"),
        ("who is galeotti :)", "who is galeotti"),
        ("who is galeotti ;-)", "who is galeotti"),
        # a request around the question, its question read in a question's word order again
        ("i want to know who galeotti is", "who is galeotti"),
        ("do you know who galeotti is?", "who is galeotti?"),
        ("can you tell me who galeotti is", "who is galeotti"),
        ("i'd like to know how many russians died", "how many russians died"),
        ("could you please tell me when the taliban took kunduz", "when the taliban took kunduz"),
        ("i wonder what bellingcat is", "what is bellingcat"),
        ("and can you tell me who he is", "and who is he"),  # "and" tells a follow-up: it stays
        ("who is galeotti btw", "who is galeotti"),
        ("btw, who is galeotti", "who is galeotti"),
        ("who is galeotti exactly?", "who is galeotti?"),
        ("what exactly did putin say", "what did putin say"),
    ],
)
def test_decorations_and_courtesy_words_around_a_question_are_left_out(typed, asked):
    assert as_asked(typed) == asked


@pytest.mark.parametrize(
    "typed",
    [
        "who is galeotti",
        "what does -r do",
        "--force does what?",
        "-r flag?",
        '"Rise" or "Fall"',  # quotation marks that do not enclose the whole question
        "what is 'x'",
        "what did they give thanks for",
        "who did they give thanks",  # a verb it is the object of
        "what did he say thanks",
        "who is José",  # an accent written as a combining mark stays on its letter
        "who is Jose\u0301",
        "how much is $5 in euros",
        "what is c#",
        "what does `git add -p` do",
        "what does `git add -p`",  # ASCII symbols ("`", "^") may belong to what is asked
        "what is x^",
        "thanks!",  # small talk: the chat's reply
        "ok thanks",
        "thank you so much",
        "please",
        "🙂",
        "??",
        "tell me about galeotti",  # no question inside: what it says is what is asked
        "do you know if galeotti is russian",
        "exactly once delivery",
        "what is exactly-once",
    ],
)
def test_a_question_with_nothing_around_it_is_left_as_typed(typed):
    assert as_asked(typed) == typed


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("where is the 2024 us open golf", "where is the 2024 US open golf"),
        ("us spending on oil imports", "US spending on oil imports"),
        ("who invaded the us?", "who invaded the US?"),
        ("what did the us-led invasion do", "what did the US-led invasion do"),
        ("tell us about the army", "tell us about the army"),
        ("can you help us find it", "can you help us find it"),
    ],
)
def test_the_country_us_is_written_as_the_articles_write_it(typed: str, read: str) -> None:
    assert with_country_written(typed) == read
