"""What happened in a period: the sentences naming a time within it ("what happened in 2015", "in february")."""

from __future__ import annotations

import pytest
from helpers.news import asking

from ragqa.answering.timeline import asked_again, asked_period, dated, happenings, overlaps, periods_in
from ragqa.records import Chunk, Hit

YEAR_2015 = ("2015-01-01", "2015-12-31")
FEBRUARY = ("0000-02-01", "0000-02-29")


@pytest.mark.parametrize(
    ("question", "periods"),
    [
        ("what happened in 2015", [YEAR_2015]),
        ("what happened in february", [FEBRUARY]),
        ("what happened in may", [("0000-05-01", "0000-05-31")]),  # a question's "may" is the month
        ("anything happen back in the 1980s?", [("1980-01-01", "1989-12-31")]),
        ("What happened on June 29, 2020?", [("2020-06-29", "2020-06-29")]),
        ("events of 1066", [("1066-01-01", "1066-12-31")]),
        ("what happened to the embargo in 1974", []),  # asks about more than the period
        ("what happened after the war", []),
        ("what happened", []),
        ("what happened in the 90s", [("1990-01-01", "1999-12-31")]),  # decades and years as people type them
        ("anything happen in the '80s", [("1980-01-01", "1989-12-31")]),
        ("what happened back in '93", [("1993-01-01", "1993-12-31")]),
        ("what happened on 16/08/93", [("1993-08-16", "1993-08-16")]),
    ],
)
def test_questions_asking_what_happened_in_a_period(question, periods):
    assert asked_period(question) == periods


def test_times_named_in_passages():
    assert periods_in("In February, prosecutors charged three Russians.") == [FEBRUARY]
    assert periods_in("the 2018 assassination attempt, and the grinding 1980s war") == [
        ("1980-01-01", "1989-12-31"),
        ("2018-01-01", "2018-12-31"),
    ]
    assert periods_in("It cost 1,500 dollars and may be more; 2015.5 percent.") == []  # no year, "may" a verb
    assert periods_in("on June 29, 2020 at 3:52 p.m.") == [("2020-06-29", "2020-06-29")]
    assert periods_in("people in their 20s said in '93") == [], "in a passage, an age; a question's only"
    # a year before a comma is a year ("What happened in 1998" found no sentence); a number's thousands are not
    assert periods_in("The last flood was in 1998, when Mill Creek rose.") == [("1998-01-01", "1998-12-31")]
    assert periods_in("It cost 1,998 dollars, or 2019,50 euros.") == []


def test_a_yearless_mention_is_read_in_the_year_of_its_article():
    assert dated(FEBRUARY, "2020-06-29T15:52:00-07:00") == ("2020-02-01", "2020-02-29")
    assert dated(("0000-12-01", "0000-12-31"), "2021-01-15") == ("2020-12-01", "2020-12-31")
    assert dated(FEBRUARY, "") == FEBRUARY  # undated article: any year
    assert overlaps(("2020-02-01", "2020-02-29"), ("2020-01-01", "2020-12-31"))
    assert not overlaps(FEBRUARY, YEAR_2015)  # which year is unknown
    assert overlaps(("2015-02-10", "2015-02-10"), FEBRUARY)  # a question's february: of any year
    assert not overlaps(("1980-01-01", "1989-12-31"), FEBRUARY)  # a decade says nothing of a month
    assert not overlaps(YEAR_2015, ("2015-12-26", "2015-12-26")), "the year says nothing of one of its days"
    assert overlaps(("2015-12-26", "2015-12-26"), YEAR_2015)


def test_a_february_in_a_year_with_no_29th_ends_on_the_28th():
    """An encyclopedia article of 1921 saying "by February" crashed "what happened in 1911" (no 29 February 1921)."""
    assert dated(FEBRUARY, "1921-06-01") == ("1921-02-01", "1921-02-28")
    text = "By February the river had frozen over. The mill closed in 1911."
    article = Hit(Chunk("c", "d", "t", "s", 0, len(text), text, published_at="1921-06-01"), 1.0)
    assert [s for s, _ in happenings([("1911-01-01", "1911-12-31")], [article], 3)] == ["The mill closed in 1911."]


def test_the_sentences_naming_the_period_are_found_in_passage_order_each_once():
    def hit(text: str, published_at: str = "") -> Hit:
        return Hit(Chunk("c", "d", "t", "s", 0, len(text), text, published_at=published_at), 1.0)

    first = hit("The pier opened. In February the ferry stopped. A storm came in 2015.", "2016-05-01")
    second = hit("A storm came in 2015. Nothing else happened in 2016.")
    assert [s for s, _ in happenings([YEAR_2015], [first, second], 3)] == ["A storm came in 2015."]
    found = happenings([("2016-01-01", "2016-12-31")], [first, second], 3)
    assert [s for s, _ in found] == ["In February the ferry stopped.", "Nothing else happened in 2016."]
    assert found[0][1] is first


def test_what_happened_in_a_period_is_answered_with_its_sentences_through_the_service(tmp_path):
    rows = [
        ("p1", "Pier news", "Port Gazette", "2016-05-01", "The pier opened in 1999. In February the ferry stopped."),
        ("p2", "Storms", "Port Gazette", "2016-06-01", "A storm came in 2015. The harbour flooded."),
    ]
    with asking(tmp_path, rows) as ask:
        storm = ask("what happened in 2015?")
        assert storm.answer == "A storm came in 2015. [1]" and not storm.abstained, storm.answer
        ferry = ask("what happened in february 2016")
        assert ferry.answer == "In February the ferry stopped. [1]", ferry.answer
        listed = ask("what happened on 2016-05-01")  # an article of that day: listed, as before
        assert listed.answer.startswith('"Pier news" was published on May 1, 2016.'), listed.answer


def test_a_follow_up_naming_another_period_asks_what_happened_then():
    assert asked_again("and in 2016?", "what happened in 2015") == "what happened in 2016?"
    assert asked_again("what about 2018", "and in 2016? (what happened in 2015)") == "what happened 2018"
    assert asked_again("and who was he", "what happened in 2015") is None  # asks more than a period
    assert asked_again("and in 2016?", "who is kabulov") is None  # the earlier question asked no period


def test_what_happened_then_follows_on_through_the_service(tmp_path):
    import asyncio

    from helpers.news import news_services

    from ragqa.chat.conversations import Turn

    rows = [("p1", "Storms", "Port Gazette", "2016-06-01", "A storm came in 2015. The pier reopened in 2016.")]
    services = news_services(tmp_path, rows)
    try:
        earlier = Turn("what happened in 2015", "what happened in 2015", "A storm came in 2015. [1]")
        answer = asyncio.run(services.pipeline.answer("and in 2016?", history=[earlier]))
        assert answer.answer == "The pier reopened in 2016. [1]", answer.answer
    finally:
        asyncio.run(services.aclose())
