"""Plain questions as people type them, against a real server over the default article (real model).

A sample of the hand-written set ``bench/data/questions-default.json`` (tune half; the check half is for
reporting only): lower case, acronyms, other date forms, "who is ...", questions about the article itself,
and on-topic questions the article cannot answer. Whole-set figures: ``ragqa eval questions`` (docs/quality.md).
"""

from __future__ import annotations

import json
import re

import httpx
import pytest
from helpers import ROOT
from helpers.servers import answered_with_fact, ask

from ragqa.eval.metrics import in_split

SET = ROOT / "bench" / "data" / "questions-default.json"
QUESTIONS = {q["id"]: q for q in json.loads(SET.read_text())["questions"]}
ANSWERED = [
    "d001",  # who is mark galeotti
    "d004",  # what's the title of the article
    "d010",  # what did kabulov call the US intelligence
    "d011",  # was kabulov ever in the kgb
    "d028",  # how many russians died in the soviet-afghan war
    "d031",  # what did the US-led invasion after sept 2001 do to the taliban
    "d042",  # who was the nato commander in afghanistan
    "d058",  # is the nsc checking the bounty intelligence
    "d061",  # which gru unit was behind the bounties
    "d065",  # who was poisoned with novichok in 2018
]
ABSTAINED = [
    "d093",  # how much money did russia pay per soldier killed?
    "d125",  # how many people were killed when the taliban captured kunduz
]
# "d096" (what's the name of the nsc spokesman) abstained only while "what's" counted as the content word "what";
# read as a stopword it is answered with the spokesman's sentence (confidence 0.42 against 0.418): docs/quality.md


def test_the_sample_is_drawn_from_the_tune_half():
    assert all(in_split(i, "tune") for i in ANSWERED + ABSTAINED)


@pytest.mark.parametrize("qid", ANSWERED)
def test_a_plain_question_gets_the_sentence_with_the_fact(server, qid):
    body = answered_with_fact(server, QUESTIONS[qid])
    assert body["citations"] and "[1]" in body["answer"]


@pytest.mark.parametrize("qid", ABSTAINED)
def test_a_question_the_article_cannot_answer_gets_the_articles_do_not_say(server, qid):
    body = ask(server, QUESTIONS[qid]["question"])
    assert body["abstained"] and body["answer"].startswith("The articles do not say")
    assert body["citations"] == []


def test_the_questions_of_the_issue_are_answered(server):
    """The examples that used to fail: a name in lower case, the White House, who wrote it."""
    galeotti = ask(server, "what did mark galeotti say about heroin?")
    assert not galeotti["abstained"] and "heroin" in galeotti["answer"]
    assert not ask(server, "Who is Mark Galeotti?")["abstained"]
    white_house = ask(server, "What does the White House say about the intelligence?")
    assert not white_house["abstained"] and "intelligence" in white_house["answer"]
    author = ask(server, "who wrote this article?")
    assert "Robyn Dixon" in author["answer"] and author["citations"][0]["doc_id"] == "russia-taliban-ties.md"


def test_the_article_itself_and_acronyms_asked_the_short_way(server):
    """Short forms people type: "author?", the byline's name, an outlet the article does not record, an acronym
    the article only writes out ("nsc" for the National Security Council), a misspelt name, and "summarize it"."""
    for question in ("author?", "who's the author", "whose article is this"):
        assert "Robyn Dixon" in ask(server, question)["answer"], question
    dated = ask(server, "how old is this article")
    assert "June 29, 2020" in dated["answer"] and dated["citations"]
    byline = ask(server, "who is robyn dixon?")
    assert not byline["abstained"] and byline["answer"].startswith("Robyn Dixon wrote")
    outlet = ask(server, "which paper published this")
    assert outlet["abstained"] and outlet["answer"].startswith("The articles do not say") and not outlet["citations"]
    nsc = ask(server, "what did the nsc say")
    assert not nsc["abstained"] and "National Security Council spokesman" in nsc["answer"], nsc["answer"]
    slip = ask(server, "what did galeoti say about heroin")  # a typing slip, read as the article's "Galeotti"
    assert not slip["abstained"] and "heroin" in slip["answer"], slip["answer"]
    for question in ("summarize the article", "what is this article about?", "tl;dr"):
        gist = ask(server, question)  # its opening sentences
        assert gist["answer"].startswith("MOSCOW — U.S. intelligence assessments"), (question, gist["answer"])
        assert gist["citations"][0]["doc_id"] == "russia-taliban-ties.md"


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        # "please" was a word no sentence holds: it abstained
        ("who is mark galeotti please", "who is mark galeotti"),
        ("please who is mark galeotti", "who is mark galeotti"),
        # a list dash, a "Q:" label, quotation marks, a second "?" or an emoji made it ask for a person instead of
        # who Galeotti is, and quote another sentence first
        ("- who is mark galeotti", "who is mark galeotti"),
        ("Q: who is mark galeotti", "who is mark galeotti"),
        ("“who is mark galeotti”", "who is mark galeotti"),
        ("who is mark galeotti??", "who is mark galeotti?"),
        ("🙂 who is mark galeotti", "who is mark galeotti"),
        # a request around the question, and "btw": words no sentence holds, so they abstained
        ("i want to know who mark galeotti is", "who is mark galeotti"),
        ("do you know who mark galeotti is", "who is mark galeotti"),
        ("who is mark galeotti btw", "who is mark galeotti"),
        # a word or two of chat or a lead-in before it: "ok cool," and "quick question:" abstained
        ("ok cool, who is mark galeotti", "who is mark galeotti"),
        ("quick question: who is mark galeotti", "who is mark galeotti"),
        ("lol. who is mark galeotti", "who is mark galeotti"),
    ],
)
def test_a_question_typed_with_decorations_gets_the_answer_it_gets_as_written(server, typed, written):
    body = ask(server, typed)
    assert not body["abstained"] and body["answer"] == ask(server, written)["answer"], body["answer"]
    assert body["answer"].startswith("London-based security analyst Mark Galeotti")


def converse(server: str, questions: list[str]) -> list[dict]:
    answers, conversation = [], None
    for question in questions:
        body = {"question": question, "conversation_id": conversation}
        response = httpx.post(f"{server}/ask", json=body, timeout=60)
        assert response.status_code == 200, response.text
        answers.append(response.json())
        conversation = answers[-1]["conversation_id"]
    return answers


def test_follow_ups_answer_about_whom_and_what_the_conversation_is_about(server):
    """A pronoun picks the sentences about the person just asked about; "when?" asks the previous question."""
    kabulov = converse(server, ["who is kabulov?", "what did he say about the intelligence?"])[1]
    assert not kabulov["abstained"] and "outright fake" in kabulov["answer"], kabulov["answer"]
    assert kabulov["query"].startswith("what did") and "kabulov" in kabulov["query"].lower(), "what was searched for"
    galeotti = converse(server, ["who is mark galeotti", "where is he based"])[1]
    assert galeotti["answer"].startswith("London-based"), galeotti["answer"]
    medal = converse(server, ["who commands unit 29155?", "what medal did he get?", "when?"])
    assert "Hero of Russia" in medal[1]["answer"] and "2015" in medal[2]["answer"].split("[1]")[0]
    # "he" is judged as the general just asked about: the sentence names Nicholson, not "job" or "left"
    job = converse(server, ["what did gen nicholson accuse russia of", "what job had he just left"])[1]
    assert not job["abstained"] and "commander of U.S. and NATO forces" in job["answer"], job["answer"]
    article = converse(server, ["who wrote this?", "when?"])
    assert "June 29, 2020" in article[1]["answer"], article[1]["answer"]


def test_a_chat_asks_for_more_acknowledges_and_checks_the_day_against_a_bound(server):
    """Chat habits: "tell me more" quotes what the answer before did not, "ok and ..." is a follow-up, "she" is
    the author two answers back, and "before july 2020" is a bound, not the month."""
    first, more, kabulov = converse(server, ["who is galeotti", "tell me more", "ok and what about kabulov"])
    shown = [sentence for sentence in re.split(r"\s*\[\d+\]\s*", first["answer"]) if sentence]
    assert not more["abstained"] and not any(sentence in more["answer"] for sentence in shown), more["answer"]
    assert "Kabulov" in kabulov["answer"] and not kabulov["abstained"], kabulov["answer"]
    dixon = converse(server, ["who wrote this?", "when?", "what else has she written?"])[2]
    assert dixon["answer"].startswith("Robyn Dixon wrote no other indexed article than"), dixon["answer"]
    bound = ask(server, "was this published before july 2020")
    assert bound["answer"].startswith("Yes. "), bound["answer"]
