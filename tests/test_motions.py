"""Motions in minutes: a "Proposed by A, seconded by B." or "Carried ..." line belongs to the motion its item's
heading and the sentences before it state (testers bb75 CH045, bb76 VH025 and VH090, bb78 CY026 and CY027, bb79
bug 6). Shortened from their minutes."""

import dataclasses

from ragqa.answering.citations import Claim
from ragqa.answering.evidence import Candidate, candidates
from ragqa.answering.extractive import answer_claims
from ragqa.answering.motions import asks_of_motion, held_topic, records_motion, topic
from ragqa.records import Chunk, Hit

TITLE = "Brackenford Village Hall Trust: Minutes of the Trustees' Meeting"
ITEMS = [
    (
        "1. Treasurer",
        "Colin Ashby stepped down as Treasurer. Priya Desai was appointed Treasurer with effect from 1 December "
        "2025. Proposed by Dr Helen Marsh, seconded by Margaret Pryce. The Chair thanked Colin for his years of "
        "service.",
    ),
    (
        "4. Car park",
        "Three quotes for resurfacing the car park were considered. The trustees accepted the quote of £11,950 "
        "from Wessex Surfacing. Works are planned for the February 2026 half term. Proposed by Graham Oduya, "
        "seconded by Priya Desai.",
    ),
    (
        "3. Heating",
        "The boiler failed its annual service in August. The trustees agreed to accept the quote of £6,480 from "
        "Hallam Heating Ltd to replace the boiler. Proposed by Graham Oduya, seconded by Tom Ellery. Works to be "
        "carried out in January 2026.",
    ),
]


def hits(items: list[tuple[str, str]] = ITEMS, title: str = TITLE, doc: str = "minutes.docx") -> list[Hit]:
    found, start = [], 0
    for heading, text in items:
        found.append(Hit(Chunk(f"{doc}:{start}", doc, title, heading, start, start + len(text), text), 0.5, dense=0.5))
        start += len(text) + 40
    return found


def test_a_motions_line_is_told_from_prose_and_a_question_about_one_from_others():
    assert records_motion("Proposed by Mei-Ling Cho, seconded by Colin Marsh.")
    assert records_motion("Carried with 35 votes for, 4 against and 2 abstentions.")
    assert records_motion("The motion was carried with 29 votes for, 8 against and 4 abstentions.")
    assert not records_motion("The budget, proposed by the Treasurer, was approved.")
    assert not records_motion("Lost property is kept in the office.")
    assert asks_of_motion("who seconded the folders motion") and asks_of_motion("what was the vote on the rise")
    assert not asks_of_motion("who is the treasurer")
    assert topic("who proposed priya desai as treasurer") == ["priya", "desai", "treasurer"]


def test_a_line_whose_motion_does_not_hold_the_topic_is_never_a_candidate():
    """VH090: "Proposed by Graham Oduya, seconded by Priya Desai." is the car-park motion's; it names the question's
    Priya Desai as seconder, and was asserted as who proposed her as treasurer (Graham Oduya: a wrong fact)."""
    ranked = candidates("who proposed priya desai as treasurer", hits())
    texts = [c.text for c in ranked]
    assert "Proposed by Graham Oduya, seconded by Priya Desai." not in texts
    line = next(c for c in ranked if c.text.startswith("Proposed by Dr Helen Marsh"))
    assert line.coverage == 1.0, "the treasurer motion's words: its heading and the sentences stating it"
    assert ranked[0] is line
    asked = [c.text for c in candidates("who is priya desai", hits())]
    assert "Proposed by Graham Oduya, seconded by Priya Desai." in asked, "a question of no motion keeps it"


def test_a_motions_line_holds_its_motions_words_and_the_words_it_implies():
    """VH025: "who seconded the boiler motion" abstained (0.34): the line under "3. Heating" holds neither
    "boiler" (the sentences before it do) nor "motion" (which minutes never write, and such a line implies)."""
    ranked = candidates("who seconded the boiler motion", hits())
    assert ranked[0].text == "Proposed by Graham Oduya, seconded by Tom Ellery."
    assert ranked[0].coverage == 1.0
    assert all(not c.text.startswith("Proposed by Graham Oduya, seconded by Priya") for c in ranked)
    assert ranked[0].score > next(c for c in ranked if c.text.startswith("The boiler failed")).score


def test_the_topic_is_held_in_clipped_words_and_initials():
    """CY026 "who seconded the subs increase" (the motion raises the "subscription"); bb79's "the price rise motion
    at the agm" (the title's "Annual General Meeting")."""
    assert held_topic(["subs", "increase"], frozenset({"rais"}), "3. Subscriptions") == {"sub"}
    assert held_topic(["price", "agm"], frozenset({"price"}), "Makerspace: Minutes of the Annual General Meeting")
    assert held_topic(["priya", "desai", "treasurer"], frozenset({"car", "park"}), "4. Car park") is None
    agm = [
        (
            "3. Subscriptions",
            "The committee proposed raising the adult subscription from £30 to £32. Proposed by Lucy Farrant, "
            "seconded by Marcus Bell. Carried with 35 votes for, 4 against and 2 abstentions.",
        )
    ]
    ranked = candidates("who seconded the subs increase", hits(agm, "Cycling Club: Minutes of the AGM"))
    assert ranked[0].text.startswith("Proposed by Lucy Farrant")
    voted = candidates("what was the vote on the subscription rise", hits(agm, "Cycling Club: Minutes of the AGM"))
    assert {voted[0].text, voted[1].text} >= {"Carried with 35 votes for, 4 against and 2 abstentions."}


def quoted(sentence: Candidate) -> Claim:
    return Claim(sentence.text, (sentence.hit,))


def test_a_motions_line_is_quoted_after_the_sentence_stating_the_motion():
    """bb75 bug 10: "what did he propose in march?" quoted "Proposed by Colin Dunmore, seconded by Aisha Rahman."
    alone, without the ticket-price rise it belongs to; the car-park line comes after the decision, not after the
    "Works are planned ..." between them."""
    ranked = candidates("who seconded the boiler motion", hits())
    line = ranked[0]
    other = next(c for c in ranked if c.text.startswith("Colin Ashby"))
    claims = answer_claims([line, other], 2)
    assert [c.text for c in claims] == [
        "The trustees agreed to accept the quote of £6,480 from Hallam Heating Ltd to replace the boiler. "
        "Proposed by Graham Oduya, seconded by Tom Ellery."
    ], "the other claim gives way: two sentences in all"
    ranked = candidates("who proposed priya desai as treasurer", hits())
    line = next(c for c in ranked if c.text.startswith("Proposed by Dr Helen Marsh"))
    appointed = next(c for c in ranked if c.text.startswith("Priya Desai was appointed"))
    claims = answer_claims([line, appointed, other], 3)
    assert claims[0].text == (
        "Priya Desai was appointed Treasurer with effect from 1 December 2025. "
        "Proposed by Dr Helen Marsh, seconded by Margaret Pryce."
    ), "joined to the claim quoting the motion, in the line's place"
    car_park = next(c for c in candidates("who proposed the car park resurfacing", hits()) if c.text.startswith("Prop"))
    assert answer_claims([car_park], 3)[0].text.startswith("The trustees accepted the quote of £11,950")
    assert answer_claims([car_park], 1)[0].text == car_park.text, "an answer of one sentence stays one"


def test_a_vote_line_whose_motion_lacks_more_than_one_topic_word_answers_no_one_s_vote():
    """Bench council cou008 "how did cllr patel vote on the car park charges" (gold "Against", a recorded vote's row):
    "The motion was carried 5-2." holds the vote and the car park, not Cllr Patel's vote; nor does "Proposed by ..."
    record a vote at all."""
    assert records_motion("Carried 6-2.") and records_motion("The motion was LOST 3-5 (for: Cllrs Patel, Lloyd).")
    minutes = [
        (
            "FC/25/07 Station Road car park",
            "Motion: That the Council introduces charges at Station Road car park. Proposed by Cllr Whitcombe, "
            "seconded by Cllr Marsh. A recorded vote was requested:\n\nCouncillor: Cllr Priya Patel; Vote: Against"
            "\n\nCouncillor: Cllr Sian Lloyd; Vote: Did not vote\n\nThe motion was carried 5-2.",
        )
    ]
    ranked = candidates("how did cllr patel vote on the car park charges", hits(minutes, "Town Council minutes"))
    assert "The motion was carried 5-2." not in [c.text for c in ranked]
    texts = [c.text for c in ranked]
    row = texts.index("Councillor: Cllr Priya Patel; Vote: Against")
    assert all(row < i for i, t in enumerate(texts) if t.startswith("Proposed by")), "the line implies no vote"


def test_a_question_naming_the_meeting_by_its_day_holds_the_minutes_date():
    """Bench trade-union TU021 "who moved the motion for a strike ballot at the october meeting": the minutes of 14
    October 2025 name their day once, in the title block; "strike" is the one word their motion lacks."""
    text = (
        "Motion: That this branch requests the National Executive Committee to authorise a statutory industrial "
        "action ballot.\n\nMoved by Glenn Ashworth. Seconded by Priya Lal."
    )
    chunk = Chunk("m:0", "m", "Branch: Minutes of the Branch General Meeting", "2. Pay", 0, len(text), text)
    dated = Hit(dataclasses.replace(chunk, published_at="2025-10-14T18:00:00"), 0.5, dense=0.5)
    asked = "who moved the motion for a strike ballot at the october meeting"
    assert any(c.text == "Moved by Glenn Ashworth." for c in candidates(asked, [dated]))
    undated = candidates(asked, [Hit(chunk, 0.5, dense=0.5)])
    assert all(c.text != "Moved by Glenn Ashworth." for c in undated), "nor strike nor october: two lacking"
