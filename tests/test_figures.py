"""A figure the question names that no quoted passage mentions (``answering.figures``), on sentences made by hand."""

import dataclasses

from ragqa.answering.evidence import candidates
from ragqa.answering.figures import asked_figures, names_other_figure
from ragqa.records import Chunk, Hit


def sentence(text: str, doc: str = "rules.pdf", title: str = "Race rules"):
    chunk = Chunk(f"{doc}:0", doc, title, "", 0, len(text), text)
    template = candidates("What?", [Hit(chunk, 0.5, dense=0.5)])[0]
    return dataclasses.replace(template, text=text, end=len(text))


MILE_20 = sentence("Checkpoint: Mile 20 (Old Quay); Distance: 32.2 km; Cut-off time: 14:10")
RELAY = sentence("Entry type: Relay team (4 runners); Standard: £156.00", "fees.xlsx", "Entry fees")


def test_a_figure_no_quoted_passage_names_is_another_rows_fact():
    assert names_other_figure("cut off time at mile 10", [MILE_20])  # "14:10" is a time, not ten
    assert not names_other_figure("cut off time at mile 20", [MILE_20])
    assert names_other_figure("how much is a relay team of 6", [RELAY])
    assert not names_other_figure("how much is a relay team of 4", [RELAY])
    assert not names_other_figure("how much is the £156 relay entry", [RELAY])  # "£156.00" names 156


def test_a_year_written_in_two_figures_is_the_year_the_passages_give():
    crisis = sentence("The 1973 oil crisis began in October 1973.", "oil.md", "1973 oil crisis")
    assert not names_other_figure("when did the 73 oil crisis start", [crisis])
    assert not names_other_figure("what did heath ask people to do in winter 73", [crisis])


def test_a_figure_is_matched_however_it_is_written():
    service = sentence("The 10:30am service has a creche; No. 9 notice applies from 1500 hrs.", "notices.md", "Notices")
    for question in ("is there a creche at the 10.30 service", "what does notice no. 09 say", "what happens at 1,500"):
        assert not names_other_figure(question, [service]), question


def test_a_figure_the_passages_do_not_label_otherwise_lets_the_answer_stand():
    valve = sentence("Valve's updated Steam Deck goes on sale on November 16.", "engadget.html", "Steam Deck OLED")
    assert not names_other_figure("which company will release hardware with over 300 improvements", [valve])
    assert names_other_figure("what does notice no. 09 say", [sentence("Notice No. 07: the channel is dredged.")])


def test_years_dates_and_words_with_figures_are_no_figures_here():
    assert asked_figures("what happened on 14/08/2026 in 2025") == []
    assert asked_figures("what is on 3 march") == []
    assert asked_figures("rates for 2026/27 on the mp3 2nd floor") == []
    assert not names_other_figure("how fast is the route", [MILE_20])
    assert not names_other_figure("cut off time at mile 10", [])


def test_a_figure_within_a_range_or_past_a_bound_the_passages_give_is_theirs_to_answer():
    dose = sentence(
        "Children aged 1 to 3 years: 5 ml three times a day. Over 12 years: 10 ml.", "leaflet.pdf", "Dosage"
    )
    assert not names_other_figure("ibuprofen dose for a 2 year old", [dose])
    assert not names_other_figure("dose for my 14 year old", [dose])
    pregnancy = sentence(
        "Do not take Ibuvance 200 mg if you are in the last three months of pregnancy (from week 30 onwards).",
        "ibuvance.pdf",
        "Ibuvance 200 mg tablets",
    )
    assert not names_other_figure("can i take ibuvance at 32 weeks pregnant", [pregnancy])  # "week" labels "weeks"
    route = sentence("Route 4 timetable valid from Sunday 30 August 2026.", "route-4.html", "Route 4 timetable")
    assert names_other_figure("last route 6 bus from market square", [route])  # a day bounds no route
    release = sentence("Files written by SQLite version 3.7.0 or later can be read.", "format.html", "SQLite 3.7.0")
    assert names_other_figure("when was sqlite 3.0 first released", [release])
    assert names_other_figure("cut off time at mile 10", [MILE_20])


def test_a_long_question_gathering_facts_from_several_places_is_not_read_so():
    long = (
        "which supplier named in the march minutes as the cheapest of the quotes later raised its prices by 12 percent"
        " according to the newsletter"
    )
    raised = sentence("Greenway Supplies raised its prices by 15 percent in September.", "news.md", "Newsletter")
    assert not names_other_figure(long, [raised])
    assert names_other_figure("who raised prices by 12 percent", [raised])
