"""Questions about what an article says as a whole, answered with its opening sentences (no model)."""

from __future__ import annotations

import pytest

from ragqa.answering.metadata import Bylines
from ragqa.answering.overview import (
    asks_overview,
    defined_named,
    heading_key,
    opening,
    overview_answer,
    overview_named,
)
from ragqa.records import Chunk, DocumentRecord, Hit

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
    "tl;dr of the article",
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


def test_a_scraped_pages_chrome_before_the_story_is_no_part_of_its_opening():
    text = (
        "In this article SHOP-CA\nAMZN Follow your favorite stocks CREATE FREE ACCOUNT\n"
        "Dave Clark (L) and Ryan Petersen (R) Getty Images\n"
        "On Sept. 13, Petersen took the stage in Phoenix. It was a week after he forced out Dave Clark."
    )
    first = Hit(Chunk("c0", "d", "Flexport", "", 0, len(text), text), 1.0)
    answer, _ = overview_answer(first, sentences=2)
    assert (
        answer
        == "On Sept. 13, Petersen took the stage in Phoenix. [1] It was a week after he forced out Dave Clark. [1]"
    )
    bare = "Release notes for the spring update\nNew dashboards for every team"  # nothing ends a sentence: as written
    answer, _ = overview_answer(Hit(Chunk("c1", "n", "Notes", "", 0, len(bare), bare), 1.0), sentences=2)
    assert answer.startswith("Release notes for the spring update"), answer


@pytest.mark.parametrize(
    "question, named",
    [
        ("what is threadpoolctl", "threadpoolctl"),
        ("What's python-dotenv?", "python-dotenv"),
        ("what is the rich library", "rich library"),
        ("what is rich used for", "rich"),
        ("what does typer do", "typer"),
        ("tell me about orjson", "orjson"),
        ("who is priya raman", "priya raman"),  # a person's page in a notes vault
        ("who's dana whitfield?", "dana whitfield"),
        ("who wrote rich", ""),
        ("what is the default timeout of the client when nothing is set", ""),  # too long to be a name
    ],
)
def test_a_question_asking_what_something_is_gives_its_name(question, named):
    assert defined_named(question) == named


def record(doc_id: str, title: str) -> DocumentRecord:
    return DocumentRecord(doc_id, title, "", "", "", "", "", 1)


def test_only_one_document_whose_title_or_file_name_says_the_whole_name_is_named():
    bylines = Bylines(
        {
            r.doc_id: r
            for r in [
                record("docs/threadpoolctl.md", "Thread-pool Controls"),
                record("python-dotenv.md", "python-dotenv"),
                record("Force#0", "Force"),
                record("Force#1", "Force"),  # the paragraphs of one article share its title
            ]
        }
    )
    assert bylines.named("threadpoolctl") == "docs/threadpoolctl.md"
    assert bylines.named("thread-pool controls") == "docs/threadpoolctl.md"
    assert bylines.named("Python dotenv") == "python-dotenv.md"
    assert bylines.named("dotenv") is None  # a part of a name is not the name
    assert bylines.named("force") is None and bylines.named("") is None


def test_what_something_is_is_answered_from_the_first_sentence_naming_it():
    text = (
        "English readme • Deutsche readme • 日本語 readme\n\n- Other Use Cases\n\n"
        "Rich is a library. It renders rich text in terminals."
    )
    first = Hit(Chunk("c0", "rich.md", "rich", "", 0, len(text), text), 1.0)
    answer, _ = overview_answer(first, subject=frozenset({"rich"}))
    assert answer == "Rich is a library. [1] It renders rich text in terminals. [1]"
    answer, _ = overview_answer(first, subject=frozenset({"orjson"}))  # no sentence names it: the opening
    assert answer.startswith("English readme") and "Other Use Cases" not in answer
    text = "This module provides memoizing caches.\n\n    from cachetools import cached, LRUCache\n    @cached"
    coded = Hit(Chunk("c0", "cachetools.rst", "cachetools", "", 0, len(text), text), 1.0)
    answer, _ = overview_answer(coded, subject=frozenset({"cachetools"}))  # code names it, but says nothing
    assert answer == "This module provides memoizing caches. [1]"


def test_a_heading_is_keyed_by_its_words_in_order_and_a_function_by_its_name():
    assert heading_key("`pyenv local`") == heading_key("pyenv local") == ("pyenv", "local")
    assert heading_key("pyenv which") != heading_key("pyenv"), "stopwords are kept: a command may be one"
    assert heading_key("path.basename(path[, suffix])") == heading_key("path.basename") == ("path", "basename")
    assert heading_key("The Rich library") == ("rich", "library")
    assert heading_key("Usage (advanced)") == ("usage", "advanced"), "only a name's call signature goes"


def test_a_section_starts_with_prose_not_its_history_table_or_examples():
    text = (
        "Version: v6.0.0; Changes: Passing a non-string now throws.\n\n"
        "    $ node -e 'path.basename(1)'\n\n"
        "The path.basename() method returns the last portion of a path. Trailing separators are ignored."
    )
    hit = Hit(Chunk("c3", "path.html", "Path", "path.basename(path[, suffix])", 100, 100 + len(text), text), 1.0)
    answer, _ = overview_answer(hit, prose=True)
    assert (
        answer
        == "The path.basename() method returns the last portion of a path. [1] Trailing separators are ignored. [1]"
    )


def test_an_opening_passage_of_a_title_block_alone_gives_way_to_the_text_after_it(tmp_path):
    """ "What is the amoxicillin leaflet about" answered "Revised: 20 August 2024", all its first passage (a title
    block) held: a date says when, not what; the passage after it says what."""
    from helpers.news import folder_chat

    files = {
        "amoxicillin.md": "# Amoxicillin capsules\n\nPatient information leaflet. Revised: 20 August 2024\n\n"
        "## What amoxicillin is for\n\nAmoxicillin is a penicillin antibiotic. It treats chest infections.\n\n"
        "## Side effects\n\nLike all medicines, amoxicillin can cause side effects such as diarrhoea.\n",
        "ibuprofen.md": "# Ibuprofen tablets\n\nIbuprofen eases pain and brings down a fever.\n",
    }
    with folder_chat(tmp_path, files) as chat:
        result = chat("what is the amoxicillin leaflet about")
    assert result.answer.startswith("Amoxicillin is a penicillin antibiotic. [1]"), result.answer


def test_a_title_blocks_effective_and_issued_by_lines_are_no_summary():
    """ "Summarize the grain pool terms" quoted "Version 4 - effective from 1 March 2026" and "Issued 2 February
    2026 by Dafydd Rees, Arable Field Officer", all its first passage (a PDF's title block) held: lines saying when
    and by whom, not what, as a date line does; the passage after it says what. A sentence of the text naming the
    day the terms take effect is no title block's line, and stays."""
    block = "Version 3 - effective from 1 April 2026\n\nIssued 3 March 2026 by Ann Hughes, Scheme Manager"
    hit = Hit(Chunk("c0", "d", "Pool terms", "Pool terms", 0, len(block), block), 1.0)
    assert overview_answer(hit) is None
    text = "Version 3 - effective from 1 April 2026\n\nThe new terms are effective from 1 April 2026. Sign by May."
    hit = Hit(Chunk("c0", "d", "Pool terms", "Pool terms", 0, len(text), text), 1.0)
    answer, _ = overview_answer(hit, prose=True)
    assert answer.startswith("The new terms are effective from 1 April 2026. [1]"), answer


@pytest.mark.parametrize(
    ("block", "title", "lede"),
    [
        # a PDF's version line over the club's name (testers' bb78: "summarize the safety guidance" answered
        # "Kestrel Vale Cycling Club", the one line left)
        (
            "Version 3.1 - issued 12 January 2026 by Dr Helen Marsh, Safety Officer\n\nKestrel Vale Cycling Club",
            "Group Riding Safety Guidance",
            "Helmets are compulsory on all club rides. Carry a spare inner tube.",
        ),
        # an annual report's PDF (testers' bb76): the charity's number, the year it covers, the day it was approved
        (
            "Brackenford Village Hall Trust - Registered charity no. 1104387\n\nFor the year ended 31 March 2025\n\n"
            "Approved by the trustees on 17 June 2025",
            "Trustees' Annual Report and Accounts",
            "The hall had another busy year. Hire income rose by 7%.",
        ),
        # a Word letter (testers' bb75): its writer and role over the day it was issued
        (
            "Sunita Vale, Social Secretary\n\nIssued 16 March 2026",
            "Trustees' Annual Report and Accounts",
            "The hall had another busy year. Hire income rose by 7%.",
        ),
    ],
)
def test_a_title_blocks_lines_are_no_summary(block, title, lede):
    """ "Summarize the annual report" quoted "Registered charity no. 1104387", "For the year ended 31 March 2025" and
    "Approved by the trustees on 17 June 2025", "summarize the bruges tour letter" "Sunita Vale, Social Secretary":
    short lines ending no sentence with a line saying when among them are a title block, saying who made the
    document and when, not what; the passage after it says what. A passage of text under such lines keeps its
    sentences."""
    hit = Hit(Chunk("c0", "d", title, title, 0, len(block), block), 1.0)
    assert overview_answer(hit) is None
    text = f"{block}\n\n{lede}"
    hit = Hit(Chunk("c0", "d", title, title, 0, len(text), text), 1.0)
    answer, _ = overview_answer(hit)
    first = lede.split(". ")[0].rstrip(".")
    assert answer.startswith(f"{first}. [1]"), answer


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("tl;dr of the agm minutes", "the agm"),
        ("tldr for the safety guidance", "the safety guidance"),
        ("what are the key points of the safety guidance pdf", "the safety guidance pdf"),
        ("give me the main takeaways from the annual report", "the annual"),
        ("key points of the bruges tour letter", "the bruges tour letter"),
        ("what's the gist of the planning notice", "the planning"),
        ("what are the key points", ""),
        ("tl;dr", ""),
    ],
)
def test_a_tldr_or_key_points_question_names_its_document_as_summarize_does(question, named):
    assert overview_named(question) == named


def test_tldr_and_key_points_of_a_document_named_by_its_title_words_are_its_opening(tmp_path):
    """ "tl;dr of the agm minutes" and "what are the key points of the safety guidance pdf" abstained (testers' bb78)
    while "summarize the agm minutes" and "summarize the safety guidance" quoted each one's opening: all four ask
    for the document their title words name."""
    from helpers.news import folder_chat

    files = {
        "agm-minutes-2025.md": "# AGM Minutes 2025\n\nMembership reached 214 at 31 October 2025, up from 187 a year "
        "earlier. The Vale 100 had its best year, with 512 riders.\n",
        "safety-guidance.md": "# Group Riding Safety Guidance\n\nHelmets are compulsory on all club rides. Your bike "
        "must be roadworthy.\n",
        "kit-order.md": "# Kit order\n\nThe spring kit order window runs from 1 to 21 March 2026.\n",
    }
    with folder_chat(tmp_path, files) as chat:
        minutes = chat("tl;dr of the agm minutes")
        guidance = chat("what are the key points of the safety guidance pdf")
    assert minutes.answer.startswith("Membership reached 214 at 31 October 2025"), minutes.answer
    assert guidance.answer.startswith("Helmets are compulsory on all club rides. [1]"), guidance.answer


def test_a_letters_head_alone_in_its_opening_passage_gives_way_to_the_letter_after_its_greeting(tmp_path):
    """ "Summarise the vicars letter" answered "The Vicarage, 2 Church Street, Wexcombe WX7 2AL", all the letter's
    first passage (its head over the subject's heading: the address and the day) held. A letter opens after its
    greeting ("Dear friends,"); its head says who writes from where and when, not what."""
    import io

    import docx
    from helpers.news import folder_chat

    document = docx.Document()
    document.core_properties.title = "A letter from the Vicar - Advent 2025"
    document.add_paragraph("The Vicarage, 2 Church Street, Wexcombe WX7 2AL")
    document.add_paragraph("23 November 2025")
    document.add_heading("Preparing the way", 1)
    document.add_paragraph("Dear friends,")
    document.add_paragraph("As the evenings draw in, the Church invites us to pause. Advent is a season of waiting.")
    document.add_heading("Christmas at St Aldhelm's", 2)
    document.add_paragraph("Our Christingle service will be on Sunday 14 December at 4pm.")
    for line in ("Yours in Christ,", "Miriam", "Revd Dr Miriam Ashdown"):
        document.add_paragraph(line)
    data = io.BytesIO()
    document.save(data)
    files = {
        "vicars-letter.docx": data.getvalue(),
        "service-times.md": "# Service times\n\nSunday Eucharist is at 10.00am. Evensong is at 6.00pm.\n",
    }
    with folder_chat(tmp_path, files) as chat:
        result = chat("summarise the vicars letter")
    assert result.answer.startswith("As the evenings draw in, the Church invites us to pause. [1]"), result.answer


def test_only_short_lines_over_a_passage_opening_with_a_greeting_are_a_letters_head():
    """A letter's head is short lines (the address, the day) over a passage that greets ("Dear friends,"); a tagline
    over an installation section, or a head whose next passage is no letter, stays the document's opening."""
    from ragqa.answering.overview import greets, letter_head

    def hit(text: str, section: str = "") -> Hit:
        return Hit(Chunk("c", "d", "A letter from the Vicar", section, 0, len(text), text), 1.0)

    head = hit("The Vicarage, 2 Church Street, Wexcombe WX7 2AL\n\n23 November 2025")
    letter = hit("Preparing the way\n\nDear friends,\n\nAs the evenings draw in, we pause.", "Preparing the way")
    assert letter_head(head) and greets(letter)
    assert not greets(hit("Install\n\nRun pip install rich.", "Install"))
    long_line = "Rich is a Python library for rich text and beautiful formatting in the terminal and elsewhere"
    assert not letter_head(hit(long_line)) and not letter_head(hit("Dear friends,\n\nAs the evenings draw in."))


def test_a_format_the_question_names_prefers_the_document_of_that_format(tmp_path):
    """An energy co-op tester's "what is the share offer pdf about" summarised the blog post "Share offer extended to
    31 May", not the PDF "Share Offer 2025": a question naming a format ("pdf", "email", "spreadsheet") prefers it."""
    from helpers.news import folder_chat

    files = {
        "bulletins/share-offer-extended.md": "# Share offer extended to 31 May\n\nThe share offer is extended to 31 "
        "May because many members asked for more time to invest in the share offer.\n",
        "share-offer.eml": "From: Helena Marsh <helena@example.org>\nTo: members@example.org\nSubject: Share offer "
        "opens\nDate: Mon, 3 Mar 2025 09:00:00 +0000\n\nWe are raising money to build a solar extension at "
        "Brackenfold farm.\n",
    }
    with folder_chat(tmp_path, files) as chat:
        result = chat("what is the share offer email about")
    assert result.answer.startswith("We are raising money to build a solar extension"), result.answer
