"""Transcripts: a speaker's label names who says every sentence of the turn (``answering.evidence.speaker_at``)."""

from __future__ import annotations

from helpers.news import folder_chat

from ragqa.answering.evidence import sentence_stems, speaker_at
from ragqa.retrieval.lexical import stems

TOWN_HALL = (
    "AISHA KHAN: Good morning everyone, and welcome to the April town hall.\n"
    "DANIEL REYES: There are no layoffs planned this year. We are hiring.\n"
    "RACHEL DUNN: Hi. Customers keep asking me about pricing for 2.0. Will current customers pay more?\n"
    "DANIEL REYES: Current customers keep their price for a year.\n"
)


def test_a_turns_later_sentences_are_its_speakers():
    at = TOWN_HALL.index("Customers keep")
    assert speaker_at(TOWN_HALL, at) == "RACHEL DUNN"
    assert speaker_at(TOWN_HALL, TOWN_HALL.index("Hi.")) == ""  # the label is in the sentence itself
    words = next(w for s, _, w in sentence_stems(TOWN_HALL) if s == at)
    assert set(stems("Rachel Dunn")) <= words


def test_a_block_of_properties_or_a_question_and_answer_is_no_speakers_turn():
    properties = "Date: 3 May 2021. It rained.\nAttendees: Ana, Ben. Both came.\nStatus: Done. All of it.\n"
    assert speaker_at(properties, properties.index("It rained")) == ""
    faq = "Q: How do I start? Run it.\nA: You start it. Then wait.\nQ: And then? Stop.\nA: Stop it. Done.\n"
    assert speaker_at(faq, faq.index("Then wait")) == ""


FILES = {
    "town-hall.txt": "Company Town Hall - Transcript\n\n" + TOWN_HALL,
    "notes.md": "# Notes\n\nThe office moves in June. Pricing is set by the board.\n",
}


def test_who_asked_is_answered_with_the_speaker(tmp_path):
    """ "who asked about pricing" quoted "Customers keep asking me about pricing for 2.0." without who asked."""
    with folder_chat(tmp_path, FILES) as chat:
        answer = chat("who asked about pricing").answer
    assert answer.startswith("RACHEL DUNN: Customers keep asking me about pricing for 2.0. [1]"), answer


def test_who_said_that_names_the_speaker_of_the_quote_before(tmp_path):
    """ "who said that?" asked the question before again and gave the same sentences, naming no one."""
    with folder_chat(tmp_path, FILES) as chat:
        said = chat("are customers asking about pricing for 2.0", "who said that?").answer
    assert said.startswith("RACHEL DUNN said it: \u201cCustomers keep asking me about pricing for 2.0.\u201d [1]"), said
