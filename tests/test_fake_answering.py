"""Extractive answers without a model: sentence ranking and selection, the abstention decision and its
evidence, over passages that ``Retriever`` found in a fake-encoder index of the tiny corpus.

The abstention model here is written out in the test (not the trained one shipped with the package), by feature
name, so these tests check the mechanics whatever other signals the model grows; how well the shipped weights
separate real questions is the slow tier's business.
"""

import dataclasses
import math
import re

import numpy as np
import pytest
from helpers.fake_encoder import FakeEncoder
from helpers.tiny_corpus import DOC_ID, write_tiny_corpus

from ragqa.answering.abstention import FEATURES, AbstentionModel, fit, load_model
from ragqa.answering.citations import render_claims
from ragqa.answering.evidence import (
    KIND_MARGIN,
    KIND_WEIGHT,
    Candidate,
    by_kind,
    candidates,
    evidence,
    holds_kind,
    names_role,
    question_kind,
    refers_back,
    unknown_share,
    with_kind,
)
from ragqa.answering.extractive import (
    ABSTAIN_MESSAGE,
    BLOCK_LINES,
    answer_claims,
    answered_below,
    dated_by_heading,
    extractive_answer,
    select_sentences,
)
from ragqa.answering.verify import SentenceVectors
from ragqa.index.build import build_index
from ragqa.index.store import load_version
from ragqa.records import Chunk, Hit
from ragqa.retrieval.lexical import stems
from ragqa.retrieval.retriever import Retriever

WEIGHTS = {"similarity": 5.0, "coverage": 2.0, "passage": 2.0, "unknown": -4.0}
"""Positive weights on the answer signals, a negative one on unknown words, none on the others."""


def model(bias: float = -4.0, threshold: float = 0.5, **weights: float) -> AbstentionModel:
    weights = weights or WEIGHTS
    assert set(weights) <= set(FEATURES), f"no such abstention features: {set(weights) - set(FEATURES)}"
    return AbstentionModel(tuple(weights.get(name, 0.0) for name in FEATURES), bias, threshold, clear_absence=0.2)


MODEL = model()
ALWAYS = model(bias=60.0)
"""Answers whatever the evidence (to look at the sentences chosen)."""


@pytest.fixture(scope="module")
def retriever(tmp_path_factory):
    root = tmp_path_factory.mktemp("fake-answers")
    fake = FakeEncoder()
    build_index(write_tiny_corpus(root / "corpus"), root / "index", fake)
    return Retriever(load_version(root / "index"), fake)


@pytest.fixture
def vectorize():
    return SentenceVectors(FakeEncoder().encode).encode


def hit(text: str, doc: str = "d.md", start: int = 0, dense: float = 0.5) -> Hit:
    return Hit(Chunk(f"{doc}:{start}", doc, "T", "S", start, start + len(text), text), dense, dense=dense)


def candidate(text: str, score: float, doc: str = "d.md", start: int = 0) -> Candidate:
    """A ranked sentence as ``candidates`` makes them, with its text, place and score replaced."""
    template = candidates("What?", [hit("Some sentence to rank.")])[0]
    return dataclasses.replace(
        template, text=text, start=start, end=start + len(text), hit=hit(text, doc, start), score=score
    )


def test_sentences_are_ranked_by_shared_words_and_the_best_get_the_vector_similarity(retriever, vectorize):
    question = "Who is Zamir Kabulov?"
    hits = retriever.search(question, 3)
    ranked = candidates(question, hits, vectorize, top_n=2)
    assert ranked[0].text.startswith("Zamir Kabulov, President Vladimir Putin's envoy")
    assert ranked[0].coverage == pytest.approx(1.0) and ranked[0].hit.chunk.doc_id == DOC_ID["kabulov"]
    assert [c.score for c in ranked] == sorted((c.score for c in ranked), reverse=True)
    assert sum(c.similarity != 0 for c in ranked) == 2  # only the top_n best by words were encoded
    fake = FakeEncoder()
    q = fake.encode([question])[0]
    for c in ranked:
        if c.similarity:
            assert c.similarity == pytest.approx(float(q @ fake.encode([c.text])[0]), abs=1e-5)
        assert c.hit.chunk.text[c.start - c.hit.chunk.start : c.end - c.hit.chunk.start] == c.text
    without = candidates(question, hits)
    assert all(c.similarity == 0 for c in without) and without[0].text == ranked[0].text


def test_a_sentence_opening_with_its_is_read_with_the_sentence_before(retriever):
    question = "Who is the commander of GRU Unit 29155?"
    hits = retriever.search(question, 3)
    in_context = next(c for c in candidates(question, hits) if c.text.startswith("But its commander"))
    alone = candidates(question, [hit(in_context.text)])[0]
    assert in_context.coverage > alone.coverage + 0.3  # "its" brought in "Unit 29155" from the sentence before


def test_selection_drops_repeats_and_weak_tails_and_stops_at_the_cap():
    ranked = [
        candidate("Kabulov is Putin's envoy.", 2.0, "a.md", 0),
        candidate("Kabulov is Putin's envoy.", 1.9, "a.md", 0),  # the same span from an overlapping chunk
        candidate("kabulov is  putin's ENVOY.", 1.8, "b.md", 50),  # the same words in another document
        candidate("He called the intelligence fake.", 1.7, "a.md", 30),
        candidate("He was a KGB agent.", 1.6, "a.md", 60),
        candidate("Moscow wants stability.", 1.0, "a.md", 90),  # much weaker than the best
    ]
    assert [c.text for c in select_sentences(ranked, 5)] == [
        "Kabulov is Putin's envoy.",
        "He called the intelligence fake.",
        "He was a KGB agent.",
    ]
    assert [c.text for c in select_sentences(ranked, 2)] == [
        "Kabulov is Putin's envoy.",
        "He called the intelligence fake.",
    ]
    assert select_sentences([], 3) == []


def test_a_first_sentence_asking_a_question_is_followed_by_the_sentences_answering_it():
    """An interview's question shares the words of a question about it and answers nothing: the interviewee's
    first sentences after it do, quoted after it."""
    passage = hit(
        "Why is Fortnite still not playable on Steam Deck?\n\nIf we only had a few more programmers. It's the Linux "
        "problem. I love the Steam Deck hardware.\n\nDid you get a bingo?\nYeah, almost.\n\nConsider this: Is there "
        "a route of at most 2000 km? It is a decision problem."
    )
    ranked = candidates("why can't you play fortnite on the steam deck", [passage])
    asked = next(c for c in ranked if c.text.startswith("Why is Fortnite"))
    hardware = next(c for c in ranked if c.text.startswith("I love"))
    assert [c.text for c in answered_below([asked, hardware], ranked, 3)] == [
        "Why is Fortnite still not playable on Steam Deck?",
        "If we only had a few more programmers.",
        "It's the Linux problem.",
    ]
    assert answered_below([hardware, asked], ranked, 3) == [hardware, asked], "only a first sentence that asks"
    bingo = next(c for c in ranked if c.text.startswith("Did you get"))
    assert [c.text for c in answered_below([bingo, hardware], ranked, 3)] == [
        "Did you get a bingo?",
        "Yeah, almost.",  # its paragraph, not the next one
        "I love the Steam Deck hardware.",
    ]
    within = next(c for c in ranked if c.text.startswith("Consider this"))
    assert answered_below([within], ranked, 3) == [within], "a question the text goes on from is the text's own"
    interview = candidates(
        "what is the biggest threat",
        [
            hit(
                "SP: Mining is manageable. If not mining, what is the "
                "biggest threat?\n\nJC: Climate change, to my mind."
            )
        ],
    )
    threat = next(c for c in interview if c.text.startswith("If not mining"))
    assert [c.text for c in answered_below([threat], interview, 3)] == [
        "If not mining, what is the biggest threat?",
        "JC: Climate change, to my mind.",
    ], "a question ending its speaker's paragraph"
    last = candidates("what?", [hit("Who knows?\n")])
    assert [c.text for c in answered_below(last, last, 3)] == ["Who knows?"], "nothing after it to quote"


def located(passage: str, sentence: str, score: float, start: int = 100) -> Candidate:
    """The candidate for ``sentence`` of a passage starting at ``start`` in document d.md."""
    chunk_hit = hit(passage, start=start)
    offset = passage.index(sentence)
    template = candidates("What?", [chunk_hit])[0]
    return dataclasses.replace(
        template, text=sentence, start=start + offset, end=start + offset + len(sentence), hit=chunk_hit, score=score
    )


def test_a_sentence_alone_under_its_heading_is_read_with_the_heading_and_the_title():
    """ "## License" over "The MIT License": the heading and the document's title say what the short sentence is
    about; a passage of several sentences gets neither."""
    title = "pyenv"

    def passage(text: str, section: str, start: int) -> Hit:
        return Hit(Chunk(f"r.md:{start}", "r.md", title, section, start, start + len(text), text), 0.5, dense=0.5)

    licence = passage("The MIT License", "License", 900)
    intro = passage("You can now begin using pyenv. It manages Python versions.", "Usage", 0)
    assert candidates("pyenv license", [intro, licence])[0].text == "The MIT License"
    plain = passage("The MIT License", "", 900)  # no heading of its own: a fragment like any other
    assert candidates("pyenv license", [intro, plain])[0].text != "The MIT License"
    # shown under its heading when the heading says what the sentence does not
    bsd = passage("BSD3-Clause", "License", 900)
    release = passage("* First release on PyPI.", "0.1.0 (2014-11-24)", 950)
    chosen = [candidates(q, [intro, h])[0] for q, h in [("pyenv license", licence), ("pyenv license", bsd)]]
    chosen.append(candidates("first release", [release])[0])
    assert [c.text for c in answer_claims(chosen, 3)] == [
        "The MIT License",
        "License: BSD3-Clause",
        "0.1.0 (2014-11-24): First release on PyPI.",
    ]
    faq = candidates("who votes", [passage("Members of the board.", "Who may vote?", 990)])
    assert [c.text for c in answer_claims(faq, 3)] == ["Who may vote? Members of the board."]


def test_a_description_is_quoted_after_the_option_or_command_it_describes():
    """A manual page's "When searching recursively, skip any subdirectory ..." says what "--exclude-dir=GLOB" does
    without naming it; a reference's "Displays the root directory ..." stands under "pyenv root". Asked which
    option or command does it, the answer names it; not when the question, the sentence or an earlier claim does,
    nor for an item without an option, nor under a heading of prose."""
    page = (
        "--exclude=GLOB Skip any file whose name matches GLOB.\n\n"
        "--exclude-dir=GLOB Skip any command-line directory matching GLOB.  When searching recursively, skip any\n"
        "subdirectory whose base name matches GLOB.\n\n"
        "-A NUM, --after-context=NUM Print NUM lines of trailing context.\nPlaces a separator between groups.\n\n"
        "- --log-fd=<number> [default: 2]: Sends messages to a file descriptor. Note that this may interfere.\n"
        "- Plain item. Nothing here names an option."
    )
    recursive = located(page, "When searching recursively, skip any\nsubdirectory whose base name matches GLOB.", 2.0)
    separator = located(page, "Places a separator between groups.", 1.0)
    note = located(page, "Note that this may interfere.", 1.0)
    plain = located(page, "Nothing here names an option.", 1.0)
    opening = located(page, "--exclude=GLOB Skip any file whose name matches GLOB.", 1.0)
    assert [c.text for c in answer_claims([recursive, separator, note], 3, question="skip node_modules dirs")] == [
        "--exclude-dir=GLOB: When searching recursively, skip any\nsubdirectory whose base name matches GLOB.",
        "-A NUM, --after-context=NUM: Places a separator between groups.",
        "--log-fd=<number> [default: 2]: Note that this may interfere.",
    ]
    assert [c.text for c in answer_claims([plain, opening], 3)] == [plain.text, opening.text]
    asked = answer_claims([recursive], 3, question="what does --exclude-dir do")
    assert [c.text for c in asked] == [recursive.text], "the question names the option"

    def under(section: str, sentence: str, start: int = 0) -> Candidate:
        text = f"{sentence} More of the section follows."  # not a sentence alone under its heading
        chunk = Chunk(f"c.md:{start}", "c.md", "Command Reference", section, start, start + len(text), text)
        return dataclasses.replace(located(text, sentence, 1.0), hit=Hit(chunk, 0.5, dense=0.5), start=start)

    root = under("pyenv root", "Displays the root directory where versions and shims are kept.")
    tmpdir = under("os.tmpdir()", "If none of them is set, it defaults to /tmp.", 100)
    again = under("os.tmpdir()", "Some distributions configure TMPDIR.", 200)
    prose = under("Publishing to Crates.io", "Publishing uploads a specific version.", 300)
    phrase = under("info and geturl", "This is useful because urlopen may have followed a redirect.", 400)
    numbered = under("4.1. The 0.x Releases", "Debian 0.91 was released in January 1994.", 500)
    claims = answer_claims([root, tmpdir, again], 3, question="cmd that prints the dir where versions are kept")
    assert [c.text for c in claims] == [
        "pyenv root: Displays the root directory where versions and shims are kept.",
        "os.tmpdir(): If none of them is set, it defaults to /tmp.",
        "Some distributions configure TMPDIR.",  # its term is already said
    ]
    assert [c.text for c in answer_claims([root], 3, question="what does pyenv root do")] == [root.text]
    assert [c.text for c in answer_claims([prose, phrase, numbered], 3)] == [prose.text, phrase.text, numbered.text]


def test_a_sentence_ending_on_a_colon_is_answered_with_what_it_introduces():
    passage = "You can also activate a virtualenv manually:\n    pyenv activate <name>\nIt changes the prompt."
    opening = located(passage, "You can also activate a virtualenv manually:", 2.0)
    other = located(passage, "It changes the prompt.", 1.0)
    assert [c.text for c in answer_claims([opening, other], 3)] == [
        "You can also activate a virtualenv manually: pyenv activate <name>",
        "It changes the prompt.",
    ]
    command = located(passage, "pyenv activate <name>", 3.0)  # chosen too, before or after: quoted once
    for chosen in ([command, opening, other], [opening, command, other]):
        assert [c.text for c in answer_claims(chosen, 3)] == [
            "You can also activate a virtualenv manually: pyenv activate <name>",
            "It changes the prompt.",
        ]
    last = located("Run this:", "Run this:", 1.0)  # nothing follows in the passage
    assert [c.text for c in answer_claims([last], 3)] == ["Run this:"]


def test_a_sentence_ending_on_a_colon_over_a_list_is_answered_with_its_items():
    """ "These travel vaccines are free on the NHS:" was quoted with its list's first item alone ("- hepatitis
    A"), and "is the typhoid vaccine free" never saw typhoid in the answer."""
    passage = "These travel vaccines are free on the NHS:\n\n- hepatitis A\n- typhoid\n- cholera\n\nOthers are paid."
    opening = located(passage, "These travel vaccines are free on the NHS:", 2.0)
    typhoid = located(passage, "- typhoid", 1.5)  # chosen too: quoted once
    assert [c.text for c in answer_claims([opening, typhoid], 3)] == [
        "These travel vaccines are free on the NHS: hepatitis A; typhoid; cholera.",
    ]
    long = "Steps:\n" + "".join(f"- step {n} " + "word " * 20 + "\n" for n in range(5))  # a list of paragraphs
    first = located(long, "Steps:", 1.0)
    assert answer_claims([first], 3)[0].text == "Steps: - step 0 " + ("word " * 20).strip()


def test_a_heading_chosen_as_a_sentence_is_quoted_with_the_first_sentence_under_it():
    """A live blog's "Chiefs vs. Packers final score" matches the question best and says nothing; the line under it
    does. Not when what follows is another heading or a line of links, and a sentence it quotes that was ranked
    before it keeps that place."""
    passage = (
        "Miss any of the game? Read on.\n\nChiefs vs. Packers final score\n\n"
        "Q1 Q2 Q3 Q4 Final Chiefs 3 3 6 7 19 Packers 7 7 7 6 27\n\nChiefs vs. Packers results\n\n"
        "(All times Eastern)\n\nHow to watch on NBC\n\nThe game kicked off at 8:20 p.m. on NBC."
    )
    score = located(passage, "Chiefs vs. Packers final score", 2.0)
    results = located(passage, "Chiefs vs. Packers results", 1.5)
    assert [c.text for c in answer_claims([score, results], 3)] == [
        "Chiefs vs. Packers final score: Q1 Q2 Q3 Q4 Final Chiefs 3 3 6 7 19 Packers 7 7 7 6 27",
        "Chiefs vs. Packers results",
    ]
    kicked_off = located(passage, "The game kicked off at 8:20 p.m. on NBC.", 2.0)
    follow = located(passage, "How to watch on NBC", 1.0)
    other = located(passage, "Miss any of the game?", 1.5)
    assert [c.text for c in answer_claims([kicked_off, other, follow], 3)] == [
        "How to watch on NBC: The game kicked off at 8:20 p.m. on NBC.",
        "Miss any of the game?",
    ]
    sentence = located(passage, "Miss any of the game?", 1.0)  # a sentence, not a heading
    assert [c.text for c in answer_claims([sentence], 3)] == ["Miss any of the game?"]


def test_a_tables_caption_chosen_as_a_sentence_is_quoted_with_its_first_row():
    """ "vat threshold" quoted the caption "VAT registration and deregistration thresholds" (a heading of words in
    lower case, over a row with no full stop) and left the row with the £92,500 out. A line in lower case over
    prose is still a sentence of its own."""
    passage = (
        "Find out when you must register.\n\nVAT registration and deregistration thresholds\n\n"
        "Period: From 1 April 2025; Registration threshold: £92,500; Deregistration threshold: £90,000\n\n"
        "Most packages can be held by the tool\n\nIt holds them until you say."
    )
    caption = located(passage, "VAT registration and deregistration thresholds", 2.0)
    assert [c.text for c in answer_claims([caption], 3)] == [
        "VAT registration and deregistration thresholds: Period: From 1 April 2025; Registration threshold: £92,500;"
        " Deregistration threshold: £90,000"
    ]
    line = located(passage, "Most packages can be held by the tool", 2.0)
    assert [c.text for c in answer_claims([line], 3)] == ["Most packages can be held by the tool"]


def test_a_table_row_is_no_heading_and_is_quoted_without_the_paragraph_after_the_table():
    """A menu's last row, "Dish: Tiramisu; ...; Price: £7.00", is short and ends without a full stop, like a
    heading: it was quoted with the paragraph after the table ("... Price: £7.00 — A discretionary service charge
    ..."). A key and value row after another ("Colours: Moss Green") is a row too; a titled heading still reads
    with the line under it."""
    menu = (
        "Desserts\n\nDish: Crumble; Description: Custard; Price: £6.50\n\n"
        "Dish: Tiramisu; Description: Made with Marsala; Price: £7.00\n\n"
        "A discretionary service charge of 12.5% is added to tables of six or more."
    )
    tiramisu = located(menu, "Dish: Tiramisu; Description: Made with Marsala; Price: £7.00", 2.0)
    assert [c.text for c in answer_claims([tiramisu], 3)] == [tiramisu.text]
    specs = (
        "Specifications\n\nFabric: Recycled nylon\n\nColours: Moss Green, Slate Grey\n\n"
        "The jacket packs into its own chest pocket."
    )
    colours = located(specs, "Colours: Moss Green, Slate Grey", 2.0)
    assert [c.text for c in answer_claims([colours], 3)] == ["Colours: Moss Green, Slate Grey"]
    review = "We tested forty services.\n\nBest VPN for gaming: ExpressVPN\n\nIts servers kept pings under 30 ms."
    best = located(review, "Best VPN for gaming: ExpressVPN", 2.0)
    assert [c.text for c in answer_claims([best], 3)] == [
        "Best VPN for gaming: ExpressVPN \u2014 Its servers kept pings under 30 ms."
    ]


def test_an_options_default_stated_after_it_is_quoted_with_it():
    passage = (
        "* minimum_size - Do not compress responses smaller than this size in bytes. Defaults to 500.\n"
        "* compresslevel - Used during compression. Default: 9.\nThe default is applied once.\n"
    )
    size = located(passage, "* minimum_size - Do not compress responses smaller than this size in bytes.", 2.0)
    level = located(passage, "* compresslevel - Used during compression.", 1.0)
    default = located(passage, "Defaults to 500.", 0.5)  # chosen too: quoted once
    assert [c.text for c in answer_claims([size, level, default], 3)] == [
        "minimum_size - Do not compress responses smaller than this size in bytes. Defaults to 500.",
        "compresslevel - Used during compression. Default: 9.",
    ]
    line_end = located(passage, "Default: 9.", 1.0)  # a default on the next line belongs to what that line names
    assert [c.text for c in answer_claims([line_end], 3)] == ["Default: 9."]


def test_a_sentence_ending_on_a_colon_over_a_code_block_is_answered_with_the_block():
    """Python's FAQ: "do this:" over three lines, the last of which is what the reader needs; each line of the block
    is a sentence of its own, and the answer quotes them as one code span, indentation kept, none twice."""
    passage = (
        "To force re-reading of a changed module, do this:\n\n    import importlib\n    import modname\n"
        "    importlib.reload(modname)\n        # indented\n\nWarning: this technique is not 100% fool-proof."
    )
    opening = located(passage, "To force re-reading of a changed module, do this:", 2.0)
    last_line = located(passage, "importlib.reload(modname)", 1.5)
    warning = located(passage, "Warning: this technique is not 100% fool-proof.", 1.0)
    text, citations = render_claims(answer_claims([opening, last_line, warning], 3))
    assert text == (
        "To force re-reading of a changed module, do this:\n"
        "`import importlib\nimport modname\nimportlib.reload(modname)\n    # indented` [1] "
        "Warning: this technique is not 100% fool-proof. [1]"
    )
    assert len(citations) == 1
    long = "Run it:\n\n" + "".join(f"    line_{i} = [{i}]\n" for i in range(20)) + "\nDone."
    quoted = answer_claims([located(long, "Run it:", 1.0)], 3)[0].text
    assert quoted.startswith("Run it:\n`line_0 = [0]\nline_1 = [1]\n") and quoted.count("\n") == BLOCK_LINES
    session = "Positional only:\n\n    >>> def f(a, b, /, **kwargs):\n    ...     print(a, b, kwargs)\n\nDone."
    opening_line = located(session, ">>> def f(a, b, /, **kwargs):", 1.0)  # a line of code ending on a colon
    assert answer_claims([opening_line], 3)[0].text == "`>>> def f(a, b, /, **kwargs):\n...     print(a, b, kwargs)`"
    ticked = "Run it:\n\n    echo `date`\n    ls\n\nDone."  # a backtick in the block: its first line alone, as before
    assert answer_claims([located(ticked, "Run it:", 1.0)], 3)[0].text == "Run it: echo `date`"


def test_a_sentence_stopping_before_a_line_of_code_is_answered_with_it():
    # a Word file's "... to hold using" with the command in a code paragraph under it
    passage = "With apt, you can set a package to hold using\n\n    apt-mark hold package_name\n\nIt stays held."
    unfinished = located(passage, "With apt, you can set a package to hold using", 2.0)
    assert [c.text for c in answer_claims([unfinished], 3)] == [
        "With apt, you can set a package to hold using apt-mark hold package_name"
    ]
    prose = "Most packages can be held by the tool\n\nThe tool stays installed."
    stopped = located(prose, "Most packages can be held by the tool", 2.0)
    assert [c.text for c in answer_claims([stopped], 3)] == [stopped.text], "prose after it is not what it introduces"


def test_a_quoted_line_of_code_keeps_its_brackets_and_cites_after_them():
    """``vec![100, 32, 57]`` read as a reference would be quoted "vec!(ref. 100, 32, 57)": the line becomes a code
    span, where brackets are the code's own, and its marker follows it."""
    passage = "Create the vector with values:\n\n    let v = vec![100, 32, 57];\n\nThen read it."
    line = located(passage, "let v = vec![100, 32, 57];", 2.0)
    opening = located(passage, "Create the vector with values:", 2.0)
    text, citations = render_claims(answer_claims([line], 3))
    assert text == "`let v = vec![100, 32, 57];` [1]" and len(citations) == 1
    assert (
        render_claims(answer_claims([opening], 3))[0]
        == "Create the vector with values: `let v = vec![100, 32, 57];` [1]"
    )
    prose = located("Items [2] and [3] differ.", "Items [2] and [3] differ.", 1.0)
    assert render_claims(answer_claims([prose], 3))[0] == "Items (ref. 2) and (ref. 3) differ. [1]", "prose: references"


def test_a_first_sentence_pointing_back_is_answered_with_the_sentence_it_points_to():
    passage = (
        "Scottish MPs can vote on laws that apply only to England. This phenomenon is known as the West Lothian "
        "question. Holyrood sits in Edinburgh. It has 129 members."
    )
    pointing = located(passage, "This phenomenon is known as the West Lothian question.", 2.0)
    before = located(passage, "Scottish MPs can vote on laws that apply only to England.", 1.0)
    other = located(passage, "It has 129 members.", 1.5)
    claims = answer_claims([pointing, other, before], 3)
    assert [c.text for c in claims] == [
        "Scottish MPs can vote on laws that apply only to England. This phenomenon is known as the West Lothian "
        "question.",  # one claim, one citation; the sentence it points to is not repeated
        "It has 129 members.",  # later sentences keep their own text
    ]
    assert [c.text for c in answer_claims([pointing, other], 2)] == [claims[0].text]  # two sentences in all
    assert [c.text for c in answer_claims([pointing], 1)] == [pointing.text]  # one sentence asked for, one given
    standalone = located(passage, "Holyrood sits in Edinburgh.", 2.0)
    assert [c.text for c in answer_claims([standalone, other], 3)] == [standalone.text, other.text]
    opening = located(passage, passage[: passage.index(".") + 1], 2.0, start=0)
    opening = dataclasses.replace(opening, text="It has 129 members.", start=0)  # points back, nothing before it
    assert [c.text for c in answer_claims([opening], 3)] == ["It has 129 members."]


def test_asked_why_a_first_sentence_saying_therefore_is_read_with_the_reason_before_it():
    """ "why did the start move" quoted "The start therefore moves ..." and not the sentence before it, which says
    why (tester bb74, MR020): a consequence ("therefore", "as a result") points back to its cause."""
    passage = (
        "The council's resurfacing of the bridge runs until June, so this year's race cannot cross it. "
        "The start therefore moves from Castle Square to Riverside Park. The finish stays on Cathedral Green."
    )
    moved = located(passage, "The start therefore moves from Castle Square to Riverside Park.", 2.0)
    stays = located(passage, "The finish stays on Cathedral Green.", 1.0)
    why = "why did the start move"
    assert [c.text for c in answer_claims([moved, stays], 3, question=why)] == [
        "The council's resurfacing of the bridge runs until June, so this year's race cannot cross it. "
        "The start therefore moves from Castle Square to Riverside Park.",
        "The finish stays on Cathedral Green.",
    ]
    assert [c.text for c in answer_claims([moved, stays], 3, question="where does the start move to")] == [
        moved.text,
        stays.text,
    ], "not asked why: what it says is the answer"


def test_a_first_sentence_opening_its_passage_points_back_into_the_passage_before():
    """ "this counter governs ..." opens its passage; the sentence it points to ends the passage before, which the
    service looks up (``AnswerPipeline._passage_before``)."""
    earlier = Chunk(
        "d.md:0", "d.md", "T", "S", 0, 80, "Limits were hard. This was improved by a new counter mathalphs:"
    )
    text = "this counter governs how many slots are local. Once finished, they are undone."
    opening = located(text, "this counter governs how many slots are local.", 2.0, start=80)
    assert [c.text for c in answer_claims([opening], 3, before=lambda chunk: earlier)] == [
        "This was improved by a new counter mathalphs: this counter governs how many slots are local."
    ]
    assert [c.text for c in answer_claims([opening], 3, before=lambda chunk: None)] == [opening.text]
    assert [c.text for c in answer_claims([opening], 3)] == [opening.text]  # no passage at hand


def test_an_answer_quotes_its_sentences_and_cites_the_passage_each_came_from(retriever, vectorize):
    question = "What did Bellingcat link Unit 29155 with?"
    hits = retriever.search(question, 4)
    answer = extractive_answer(question, hits, ALWAYS, max_sentences=2, vectorize=vectorize)
    assert not answer.abstained
    claims = re.findall(r"(.+?) \[(\d+)\]\s*", answer.text)
    assert 1 <= len(claims) <= 2
    assert answer.text == " ".join(f"{text} [{n}]" for text, n in claims)  # nothing but cited sentences
    assert [c.n for c in answer.citations] == list(range(1, len(answer.citations) + 1))
    by_n = {c.n: c.hit.chunk.text for c in answer.citations}
    for text, n in claims:
        assert text.strip() in by_n[int(n)]
    assert "Bellingcat linked Unit 29155 with the poisoning of Sergei Skripal" in answer.text
    assert answer.confidence == pytest.approx(ALWAYS.probability(answer.evidence))


def test_weak_evidence_abstains_with_the_message_and_no_citations(retriever, vectorize):
    question = "What is the capital of Australia?"
    hits = retriever.search(question, 3)
    answer = extractive_answer(question, hits, MODEL, vectorize=vectorize, corpus=retriever.corpus_view())
    assert answer.abstained and answer.text == ABSTAIN_MESSAGE and answer.citations == []
    assert answer.confidence < MODEL.threshold
    forced = extractive_answer(question, hits, MODEL, vectorize=vectorize, threshold=0.0)  # the override wins
    assert not forced.abstained and forced.citations
    nothing = extractive_answer(question, [], ALWAYS)
    assert nothing.abstained and nothing.citations == []  # no passage: nothing to quote, whatever the model says


def test_evidence_separates_an_answerable_question_from_one_about_unknown_names(retriever, vectorize):
    view = retriever.corpus_view()

    def gathered(question):
        hits = retriever.search(question, 3)
        return evidence(question, candidates(question, hits, vectorize), hits, view)

    known, unknown = gathered("Who is Zamir Kabulov?"), gathered("Who is Rajat Taneja?")
    assert known.unknown == 0.0 and unknown.unknown == 1.0  # neither "rajat" nor "taneja" is in the corpus
    assert known.similarity > unknown.similarity and known.coverage > unknown.coverage
    assert known.passage > unknown.passage
    assert not MODEL.abstains(known) and MODEL.abstains(unknown)
    assert unknown_share("Who is Rajat Taneja?", None) == 0.0  # without the corpus's words nothing is unknown
    assert unknown_share("Who is Zamir Taneja?", view) == pytest.approx(0.5)
    empty = evidence("Who?", [], [], view)
    assert (empty.similarity, empty.coverage, empty.kind, empty.passage, empty.unknown) == (0.0, 0.0, False, 0.0, 0.0)


def test_the_model_is_a_logistic_regression_over_the_evidence(retriever, vectorize):
    hits = retriever.search("Who is Zamir Kabulov?", 3)
    evidence_ = evidence("Who is Zamir Kabulov?", candidates("Who is Zamir Kabulov?", hits, vectorize), hits, None)
    assert len(evidence_.features()) == len(FEATURES)
    values = dict(zip(FEATURES, evidence_.features()))
    for name in WEIGHTS:  # features() lists the signals in the order FEATURES names them
        assert values[name] == pytest.approx(float(getattr(evidence_, name)))
    z = -4.0 + sum(weight * values[name] for name, weight in WEIGHTS.items())
    assert MODEL.probability(evidence_) == pytest.approx(1 / (1 + math.exp(-z)))
    lower = dataclasses.replace(evidence_, similarity=0.1)
    more_unknown = dataclasses.replace(evidence_, unknown=0.5)
    assert MODEL.probability(lower) < MODEL.probability(evidence_)
    assert MODEL.probability(more_unknown) < MODEL.probability(evidence_)
    p = MODEL.probability(evidence_)
    assert MODEL.abstains(evidence_, threshold=p + 0.01) and not MODEL.abstains(evidence_, threshold=p - 0.01)


def test_a_model_file_must_name_the_features_in_order():
    data = MODEL.to_dict(trained="by a test")
    assert data["features"] == list(FEATURES) and data["trained"] == "by a test"
    assert AbstentionModel.from_dict(data) == MODEL
    with pytest.raises(ValueError, match="retrain"):
        AbstentionModel.from_dict({**data, "features": list(reversed(FEATURES))})
    with pytest.raises(ValueError, match="number"):
        AbstentionModel.from_dict({**data, "bias": "high"})
    shipped = load_model()
    assert len(shipped.weights) == len(FEATURES) and 0.0 < shipped.clear_absence <= shipped.threshold < 1.0


def test_fit_learns_to_separate_answered_from_unanswered_evidence():
    rng = np.random.default_rng(0)
    rows = np.zeros((100, len(FEATURES)))  # every other signal uninformative (0)
    similarity, coverage = FEATURES.index("similarity"), FEATURES.index("coverage")
    rows[:50, similarity], rows[:50, coverage] = rng.uniform(0.5, 0.9, 50), rng.uniform(0.6, 1.0, 50)
    rows[50:, similarity], rows[50:, coverage] = rng.uniform(0.0, 0.3, 50), rng.uniform(0.0, 0.3, 50)
    weights, bias = fit(rows.tolist(), [1] * 50 + [0] * 50)
    assert weights[similarity] > 0 and weights[coverage] > 0
    z = rows @ np.asarray(weights) + bias
    assert min(z[:50]) > 0 > max(z[50:])  # P(answered) > 0.5 exactly for the answered ones


def test_a_lead_sentence_is_quoted_first_once_and_never_abstained_on(retriever):
    from ragqa.answering.citations import Claim

    question = "What is the GRU?"
    hits = retriever.search(question, 3)
    ranked = candidates(question, hits)
    lead = Claim(ranked[1].text, (ranked[1].hit,))
    never = model(bias=-60.0)  # abstains on any evidence
    answer = extractive_answer(question, hits, never, max_sentences=3, lead=lead)
    assert not answer.abstained and answer.confidence == 1.0
    assert answer.text.startswith(f"{lead.text} [") and answer.text.count(lead.text) == 1
    assert len(re.findall(r"\[\d+\]", answer.text)) <= 3
    assert extractive_answer(question, hits, never, max_sentences=3).abstained


def test_asked_what_something_is_called_a_sentence_giving_its_name_comes_first():
    """ "What's the killer called in the film": the sentence naming him, though another shares more words; not a
    sentence naming something else ("the city has been called ..." is no name of its centre)."""

    def scored(text: str, score: float, start: int = 0) -> Candidate:
        return dataclasses.replace(candidate(text, score, start=start), words=frozenset(stems(text)))

    chosen = [scored("The killer in the film haunts the whole town.", 1.0), scored("It was shot in May.", 0.9, 50)]
    naming = scored("A masked killer stalks the town – his name is John Carver.", 0.8, 100)
    asked = "what's the killer called in the film"
    assert by_kind(asked, [*chosen, naming])[0] is naming
    assert with_kind(asked, [*chosen, naming], chosen, 2) == [chosen[0], naming], "brought in when none names it"
    known = scored("The unit is known as 29155 in the reports.", 0.8, 100)
    assert by_kind("what is the unit called", [*chosen, known])[0] is known
    assert by_kind("what is the killer like", [*chosen, naming])[0] is chosen[0], "no name asked for"
    lower = scored("The killer is called by his victims at night.", 0.8, 100)
    assert by_kind(asked, [*chosen, lower])[0] is chosen[0], "not a name: no capital follows"
    city = scored('Warsaw has also been called "the Paris of the North".', 0.8, 100)
    assert by_kind("what is the city centre of warsaw called in polish", [*chosen, city])[0] is chosen[0]


def test_asked_who_did_something_an_answer_naming_others_gets_the_sentence_naming_the_doer():
    """ "who seconded the climate emergency motion" quoted "Cllr Patel moved that ..." and not "Seconded by Cllr
    Lloyd."; "who owns crumb & co" the bakery's opening, not "Owners Nadia and Sam Ferris ..."; "who proposed the car
    park charges" a motion naming Station Road. A chosen sentence naming the doer leaves the answer as it was."""

    def scored(text: str, score: float, start: int = 0) -> Candidate:
        return dataclasses.replace(candidate(text, score, start=start), words=frozenset(stems(text)))

    moved = [scored("Cllr Patel moved that the Council declares a climate emergency.", 1.0)]
    seconded = scored("Seconded by Cllr Lloyd.", 0.2, 80)
    assert with_kind("who seconded the climate emergency motion", [*moved, seconded], moved, 3) == [*moved, seconded]
    opened = [scored("A new bakery, Crumb & Co, has opened on Market Street.", 1.0)]
    owners = scored("Owners Nadia and Sam Ferris have taken on six staff.", 0.1, 60)
    assert with_kind("who owns crumb & co", [*opened, owners], opened, 3) == [*opened, owners]
    spoke = [scored("Six residents spoke about the proposed car park charges.", 1.0)]
    motion = scored("Motion: charges at Station Road car park of £1.20 per hour.", 0.8, 60)
    proposed = scored("Proposed by Cllr Whitcombe, seconded by Cllr Marsh.", 0.3, 120)
    ranked = [*spoke, motion, proposed]
    assert with_kind("who proposed the car park charges", ranked, spoke, 3) == [*spoke, proposed]
    assert with_kind("who seconded the motion", [seconded, *moved], [seconded], 3) == [seconded], "named already"
    assert with_kind("who is the clerk", [*moved, seconded], moved, 3) == moved, "no doing asked"
    # three chosen sentences naming people: none is pushed out for one using the verb ("... score goals")
    named = [
        scored(t, 1.0 - n / 10, 100 * n)
        for n, t in enumerate(
            [
                "What a finish from the West Ham man, but Kobbie Mainoo won't like it.",
                "West Ham lead against Manchester United!",
                "Goals from West Ham's Jarrod Bowen and Mohammed Kudus.",
            ]
        )
    ]
    goals = scored("He said Ten Hag must score goals.", 0.2, 400)
    assert with_kind("who scored for west ham", [*named, goals], named, 3) == named
    # asked who scored, the sentence naming the scorer comes before one that uses the verb: a name is enough then
    lifted = [scored("West Ham rose to ninth.", 1.0), scored("Spurs fell again.", 0.9, 50)]
    scorer = scored("James Ward-Prowse puts West Ham ahead.", 0.8, 100)
    level = scored("Kudus set up Bowen to level the scores.", 0.7, 150)
    assert with_kind("who scored west ham's winner", [*lifted, scorer, level], lifted, 2) == [lifted[0], scorer]


def test_asked_who_did_it_a_line_naming_the_doer_by_the_verb_takes_the_last_place_from_other_names():
    """ "who seconded raising the voucher limit" (testers bb69 AL047, bb70 FB079): the chosen sentences name people
    ("Helen Okonjo reported ..."), so none was pushed out for "Proposed by Kwame Boateng, seconded by Naomi
    Steadman.", the line under the motion; nor was it looked for in the minutes when a newsletter's sentence ranked
    first. A sentence giving the doer's name next to the verb ("seconded by ...") says who did it outright."""

    def scored(text: str, score: float, start: int = 0, doc: str = "d.md") -> Candidate:
        return dataclasses.replace(candidate(text, score, doc, start=start), words=frozenset(stems(text)))

    chosen = [
        scored("The Board agreed to raise the limit to four vouchers from 1 April 2026.", 1.2),
        scored("Helen Okonjo reported that 212 households reached the limit.", 0.8, 100),
        scored("Peter Lamb asked about the voucher limit for agencies.", 0.7, 0, "notice.txt"),
    ]
    seconded = scored("Proposed by Kwame Boateng, seconded by Naomi Steadman.", 0.4, 200)
    asked = "who seconded raising the voucher limit"
    assert with_kind(asked, [*chosen, seconded], chosen, 3) == [*chosen[:2], seconded]
    newsletter = scored("The AGM agreed that rents will rise from 1 October 2025.", 0.93, 0, "news.html")
    minutes = [scored("Rajesh Varma proposed that rents rise from 1 October 2026.", 0.92, 0, "minutes.docx")]
    line = scored("Proposed by Rajesh Varma, seconded by Aisha Bello.", 0.5, 90, "minutes.docx")
    other = scored("Rent is payable by 31 October each year.", 0.5, 0, "rules.md")
    named = [newsletter, *minutes, other]
    assert with_kind("who seconded the rent rise", [*named, line], named, 3) == [newsletter, *minutes, line], (
        "from the document of a chosen sentence, not only the first's"
    )
    apart = scored("Naomi Steadman said the change was seconded last year.", 0.4, 200)
    assert with_kind(asked, [*chosen, apart], chosen, 3) == chosen, "the verb and a name apart push no name out"


def test_asked_who_holds_a_role_an_answer_naming_people_but_none_by_it_gets_one_that_does():
    """ "which governor fired her": the sentences about her firing name the US Virgin Islands, a name near the
    question's words, but no governor; the best other sentence of the document naming one takes the last place.
    One already naming someone by the role ("Bowman was the director of ...") leaves the answer as it was."""
    chosen = [
        candidate("Denise George, the attorney general of the US Virgin Islands, was dismissed.", 1.0),
        candidate("She was fired as attorney general after three years.", 0.9, start=80),
    ]
    governor = candidate("Around the same time, Governor Bryan told George of a request.", 0.3, start=200)
    asked = "which governor fired denise george as attorney general"
    assert with_kind(asked, [*chosen, governor], chosen, 3) == [*chosen, governor]
    assert with_kind("who fired denise george as attorney general", [*chosen, governor], chosen, 3) == chosen
    judge = candidate("“It can only be considered fraud,” Judge Arthur Engoron wrote in a ruling.", 0.2, start=300)
    valued = [candidate("New York valued Trump's properties lower than Bloomberg did.", 1.0)]
    assert with_kind("name of the judge in the new york fraud case", [*valued, judge], valued, 3) == [*valued, judge]
    named = [candidate("Bowman was the director of the American Geographical Society in 1914.", 1.0)]
    other = candidate("Isiah Bowman, a geographer, led the inquiry.", 0.5, start=100)
    assert with_kind("who was the director of the society in 1914", [*named, other], named, 3) == named
    assert names_role("Arthur Engoron, the judge overseeing the case, ruled.", "judge", set())
    assert not names_role("The judge ruled against Trump.", "judge", {"trump"}), "no name by the role"
    assert not names_role("Judge Engoron ruled.", "judge", {"judge", "engoron"}), "only the question's own name"


def test_a_search_naming_the_figure_it_wants_asks_for_a_number():
    """ "jpmorgan usvi epstein settlement amount": no question word, but the figure wanted is its last word; the
    sentences about the bank rank above the one giving "$75 million". For the answer's order only (the abstention
    model reads the kinds it was fit with)."""
    for asked in ("jpmorgan usvi epstein settlement amount", "jim jordan third ballot vote total", "ps5 price"):
        assert question_kind(asked, wide=True) == "number", asked
        assert question_kind(asked) == "other", "not a kind the abstention model was fit with"
    for asked in ("what is the total", "amount of rain in the settlement", "who paid the fee"):
        assert question_kind(asked, wide=True) != "number", asked
    chosen = [
        candidate("JPMorgan had alleged in court that Staley failed to alert the bank.", 1.0),
        candidate("Lawyers for Staley claim he had no authority over the accounts.", 0.9, start=100),
    ]
    settled = candidate("Next came JPMorgan Chase, in September, for $75 million.", 0.6, start=200)
    assert settled in with_kind("jpmorgan usvi epstein settlement amount", [*chosen, settled], chosen, 3)


def test_asked_a_games_final_score_the_answer_gives_a_sentence_holding_a_score():
    """ "springboks england 2019 world cup final score": the sentences about the final rank above the one saying
    "a stunning 32-12 victory"; a score asked for is a kind of answer (for the answer's order only: the abstention
    model reads the kinds it was fit with). A review's score, a player's goals or a date are not one."""
    for asked in (
        "springboks england 2019 world cup final score",
        "what was the score of everton v man utd at goodison",
        "whats the final score man utd vs galatasaray",
        "score of the game vs the steelers",
    ):
        assert question_kind(asked, wide=True) == "score", asked
        assert question_kind(asked) != "score", "not a kind the abstention model was fit with"
    for asked in (
        "what score did engadget give the ko ii",
        "how many goals did haaland score",
        "rotten tomatoes score",
    ):
        assert question_kind(asked, wide=True) != "score", asked
    chosen = [
        candidate("Erasmus delivered one of the great speeches ahead of the 2019 World Cup final.", 1.0),
        candidate("The final was played on 2019-11-02 in Yokohama.", 0.9, start=100),
    ]
    won = candidate("The Springboks sealed a stunning 32-12 victory over England.", 0.6, start=200)
    asked = "springboks england 2019 world cup final score"
    assert with_kind(asked, [*chosen, won], chosen, 3) == [*chosen, won]
    assert by_kind(asked, [*chosen, won])[0] is chosen[0], "the best sentence stays first"
    assert not holds_kind(chosen[1].text, "score", {"final"}, asked, wide=True), "a date is no score"
    assert holds_kind("USC lost 20 to 48 at Notre Dame.", "score", {"usc"}, asked, wide=True)


def test_an_answer_holding_no_kind_asked_for_gives_its_last_place_to_the_best_sentence_that_does():
    chosen = [
        candidate("The embargo was lifted after long talks.", 1.0),
        candidate("The embargo hurt every economy in the West.", 0.9, start=50),
        candidate("Talks on the embargo went on for months.", 0.8, start=100),
    ]
    dated = candidate("The embargo was lifted in March 1974.", 1.0 - KIND_MARGIN + 0.1, start=150)
    ranked = [*chosen, dated]
    asked = "when was the embargo lifted"
    assert with_kind(asked, ranked, chosen, 3) == [*chosen[:2], dated]
    assert with_kind(asked, ranked, chosen[:2], 3) == [*chosen[:2], dated], "a free place is filled"
    assert with_kind(asked, ranked, chosen[:1], 1) == chosen[:1], "a one-sentence answer keeps its best sentence"
    assert with_kind("what did the embargo do", ranked, chosen, 3) == chosen, "no kind asked"
    elsewhere = candidate("The embargo on Cuba was lifted in 2015.", 0.7, doc="cuba.md", start=150)
    assert with_kind(asked, [*chosen, elsewhere, dated], chosen, 3) == [*chosen[:2], dated], "the best one's document"
    too_weak = dataclasses.replace(dated, score=1.0 - KIND_MARGIN - 0.1)
    assert with_kind(asked, [*chosen, too_weak], chosen, 3) == chosen
    # asked how to, a sentence ending on a colon is quoted with the command under it
    how = "how do i upgrade pyenv"
    command = candidate("pyenv install 3.12.0", 0.5, start=200)
    introducing = [
        candidate("Pyenv can be upgraded at any time.", 1.0),
        candidate("To upgrade, use git pull:", 0.9, start=50),
    ]
    assert with_kind(how, [*introducing, command], introducing, 3) == introducing
    told = [introducing[0], candidate("To upgrade, use git pull.", 0.9, start=50)]
    assert with_kind(how, [*told, command], told, 3) == [*told, command]
    holding = [*chosen[:2], candidate("The embargo was lifted in 1974, after the talks.", 0.8, start=100)]
    assert with_kind(asked, [*holding, dated], holding, 3) == holding, "the chosen already say when"


def test_a_line_dating_the_document_is_no_date_of_what_was_asked():
    """bb80 bug 10: asked "what time does the pennock tea room open", the page's "Updated: 2026-01-20" (its
    ``article:modified_time``) took the answer's last place as the sentence holding a date: it says when the page
    was changed, not when anything it tells of happens; so does a closing "This handbook was last revised ..."."""
    chosen = [candidate("Facility: Refreshments; Details: Pennock Tea Room in the village, 0.8 miles", 1.0)]
    stamp = candidate("Updated: 2026-01-20", 0.9, start=100)
    revised = candidate("This handbook was last revised in February 2026.", 0.9, start=200)
    asked = "what time does the pennock tea room open"
    assert with_kind(asked, [*chosen, stamp, revised], chosen, 3) == chosen
    opens = candidate("The tea room opens at 10am.", 0.8, start=300)
    assert with_kind(asked, [*chosen, stamp, opens], chosen, 3) == [*chosen, opens]
    # asked when the document itself took effect, its own date line is the answer (check half: hrp040)
    policy = [candidate("This policy explains which business expenses we reimburse.", 1.0)]
    effective = candidate("Effective Date: 1 April 2025", 0.9, start=100)
    asked_effect = "when did the expenses policy come into effect"
    assert with_kind(asked_effect, [*policy, effective], policy, 3) == [*policy, effective]


def test_an_instruction_is_asked_how_to_and_an_option_in_prose_says_how():
    """ "turn off the error markers in tracebacks": typed as an instruction, asked how to; the sentence naming the
    option or variable that does it, in prose, takes the answer's last place."""
    chosen = [
        candidate("Tracebacks now point at the exact expression that caused the error.", 1.0),
        candidate("The markers are printed under the line of the error.", 0.9, start=80),
    ]
    option = candidate(
        "To stop printing the error markers, use the -X no_ranges option or the PYNORANGES variable.", 0.3, start=160
    )
    variable = candidate("Set RUST_BACKTRACE to see where the error markers came from.", 0.3, start=260)
    for asked in (
        "turn off the error markers in tracebacks",
        "how do i turn off the error markers",
        "tracebacks are cluttered, how do i turn off the error markers",
    ):
        assert with_kind(asked, [*chosen, option], chosen, 3) == [*chosen, option]
        assert with_kind(asked, [*chosen, variable], chosen, 3) == [*chosen, variable]
    assert with_kind("the error markers in tracebacks", [*chosen, option], chosen, 3) == chosen, "no instruction"
    assert with_kind("list of error markers", [*chosen, option], chosen, 3) == chosen, "a verb read as a noun"
    shouted = candidate("WARNING: error markers cannot be printed twice.", 0.3, start=300)
    assert with_kind("turn off the error markers", [*chosen, shouted], chosen, 3) == chosen, "capitals, no variable"
    unrelated = candidate("Use the -q option to print less.", 0.3, start=360)
    assert with_kind("turn off the error markers", [*chosen, unrelated], chosen, 3) == chosen, "none of its words"


def test_asked_why_the_answer_gives_a_place_to_a_sentence_saying_why():
    chosen = [
        candidate("There used to be a slimmed-down typer without shellingham.", 1.0),
        candidate("Typer requires only a few dependencies.", 0.9, start=60),
    ]
    purpose = candidate("* shellingham: to automatically detect the current shell.", 0.5, start=120)
    cause = candidate("Typer depends on shellingham because completion needs the shell.", 0.4, start=200)
    asked = "why does typer depend on shellingham"
    assert with_kind(asked, [*chosen, purpose], chosen, 3) == [*chosen, purpose]
    assert with_kind(asked, [*chosen, cause], chosen, 2) == [chosen[0], cause]
    assert by_kind(asked, [*chosen, purpose])[0] == chosen[0], "weighed, not forced first"
    assert with_kind("what does typer depend on", [*chosen, purpose], chosen, 3) == chosen, "no reason asked"
    sale = [
        candidate("Hipgnosis shareholders are considering a proposal to sell 29 catalogs.", 1.0),
        candidate("The price reflects a premium on the catalogs.", 0.9, start=60),
    ]
    motive = candidate("Hipgnosis said one of its motivating factors was a re-rating of its shares.", 0.4, start=120)
    cited = candidate("Yet Hipgnosis canned the sale, citing extensive studies to explain the move.", 0.4, start=180)
    asked = "why does hipgnosis want to sell the catalogs"
    assert with_kind(asked, [*sale, motive], sale, 3) == [*sale, motive], "a motive says why"
    assert with_kind(asked, [*sale, cited], sale, 3) == [*sale, cited], "so does what one cites to explain"


def test_asked_who_someone_is_a_role_comes_first_and_a_heading_or_a_photo_credit_last():
    heading = candidate("Ryan Petersen", 1.5)
    quote = candidate('"Ryan Petersen does not care at all about politics.', 1.45, start=20)
    credit = candidate("Dave Clark (L) and Ryan Petersen (R) Getty Images", 1.44, start=80)
    role = candidate("On Sept. 13, Flexport founder Ryan Petersen took the stage.", 1.4, start=140)
    ordered = by_kind("who is ryan petersen", [heading, quote, credit, role])
    assert ordered == [role, quote, heading, credit], [c.text for c in ordered]
    appositive = candidate("Dave Clark, Amazon's former senior vice president of operations.", 1.4, start=200)
    assert by_kind("who's dave clark", [credit, appositive]) == [appositive, credit]
    assert by_kind("is ryan petersen the founder", [heading, role]) == [heading, role], "yes or no: words may do"


def test_asked_when_a_function_was_added_the_answer_gives_the_version_under_its_heading():
    # documentation states a version on a line of its own under the heading, which the question's words miss
    text = (
        "Added in: v20.17.0\n\nThe path.matchesGlob() method determines if path matches the pattern. "
        "If path is not a string, path.matchesGlob() throws a TypeError.\n\n"
        "path.matchesGlob('/foo/bar', '/foo/*'); // true\n\npath.matchesGlob('/foo/bar*', 'foo/bird'); // false\n\n"
        "A TypeError is thrown if path or pattern are not strings."
    )
    answer = extractive_answer("when was path.matchesGlob added", [hit(text, "path.md")], ALWAYS)
    assert "Added in: v20.17.0 [1]" in answer.text, "the sentences saying what it does rank above it on words"


def test_the_chosen_sentence_holding_the_kind_of_answer_asked_for_comes_first():
    # "when" wants a date next to the question's words: the dated sentence leads if it is nearly as good
    undated = candidate("The embargo was lifted after long talks.", 1.0)
    dated = candidate("The embargo was lifted in March 1974.", 1.0 - KIND_WEIGHT / 2, start=50)
    assert by_kind("when was the embargo lifted", [undated, dated]) == [dated, undated]
    far = dataclasses.replace(dated, score=1.0 - 2 * KIND_WEIGHT)
    assert by_kind("when was the embargo lifted", [undated, far]) == [undated, far], "a much weaker one stays second"
    assert by_kind("what did the embargo do", [undated, dated]) == [undated, dated], "no kind asked: score order"
    assert by_kind("when was the embargo lifted", [undated]) == [undated]


def test_asked_when_a_sentence_saying_today_is_led_by_the_day_its_message_was_written():
    """A national park tester's "when did the falls path close": "... is closed from today" from an e-mail of 5
    January 2026, which the answer never said."""
    from ragqa.answering.citations import Claim

    def claim(text: str, day: str) -> Claim:
        chunk = Chunk("c", "m.eml", "Falls Path closed", "", 0, len(text), text, published_at=day)
        return Claim(text, (Hit(chunk, 1.0, dense=0.5),))

    today = claim("The Falls Path is closed from today.", "2026-01-05T08:10:00+00:00")
    assert dated_by_heading("when did the falls path close", today).text == f"Monday 5 January 2026: {today.text}"
    assert dated_by_heading("why did the falls path close", today) == today, "not asked when"
    named = claim("The path reopens tomorrow, Friday 27 March.", "2026-03-26")
    assert dated_by_heading("when does the path reopen", named) == named, "it names its day"
    assert dated_by_heading("when did the falls path close", claim(today.text, "")) == claim(today.text, "")


def test_asked_when_or_which_version_the_heading_that_says_it_leads_the_answer():
    """Release notes and changelogs say the version or the day in a title or heading, not in the sentence."""
    from ragqa.answering.citations import Claim

    def claim(text: str, title: str, section: str) -> Claim:
        return Claim(text, (Hit(Chunk("c", "d.html", title, section, 0, len(text), text), 1.0, dense=0.5),))

    notes = claim("Unclosed brackets are now shown where they open.", "What's New In Harbour 3.10", "Errors")
    asked = "unclosed bracket error, which version did that"
    assert dated_by_heading(asked, notes).text == f"What's New In Harbour 3.10: {notes.text}"
    assert dated_by_heading("what do unclosed brackets show now", notes) == notes, "neither when nor which version"
    changelog = claim("Drop support for Python 3.7.", "harbour", "1.0.0 (2023-02-24)")
    assert dated_by_heading("when was python 3.7 support dropped", changelog).text.startswith("1.0.0 (2023-02-24): ")
    said = claim("Python 3.7 support was dropped on 24 February 2023.", "harbour", "1.0.0 (2023-02-24)")
    assert dated_by_heading("when was python 3.7 support dropped", said) == said, "the sentence says when"
    numbered = claim("Berths are listed by size.", "Harbour guide", "8.2.3. Berths")
    assert dated_by_heading("which release lists berths", numbered) == numbered, "a section number is no version"
    topic = claim("The embargo hurt every economy.", "1973 oil crisis", "Effects")
    assert dated_by_heading("when was the embargo lifted", topic) == topic, "a year alone names a topic"
    amount = claim("Exports led the growth.", "GDP grew 3.5% in the second quarter", "Trade")
    assert dated_by_heading("when did exports grow", amount) == amount, "a percentage is no version"
    parser = claim("Drop the old parser.", "harbour", "1.0.0 (2023-02-24)")
    assert dated_by_heading("which version dropped the old parser", parser).text.startswith("1.0.0 (2023-02-24): ")
    # a sentence naming an older version is the release's it stands under (grep's NEWS: egrep now warns, in 3.8)
    older = claim("egrep, deprecated since release 2.5.3, now warns.", "GNU grep NEWS", "release 3.8 (2022-09-02)")
    assert dated_by_heading("which grep release made egrep warn", older).text.startswith("release 3.8 (2022-09-02): ")
    # a daily note's log: a time is no day; its title is ("when did i pack the books")
    log = claim("- 14:00 packed the books (9 boxes)", "Wednesday 2 April", "Wednesday 2 April")
    led = "Wednesday 2 April: 14:00 packed the books (9 boxes)"
    assert dated_by_heading("when did i pack the books", log).text == led
    dated_log = claim("- 14:00 on 2 April 2025 packed the books", "Wednesday 2 April", "Wednesday 2 April")
    assert dated_by_heading("when did i pack the books", dated_log) == dated_log, "the sentence gives the day"
    own = claim("Release 3.8 makes egrep warn.", "GNU grep NEWS", "release 3.8 (2022-09-02)")
    assert dated_by_heading("which grep release made egrep warn", own) == own, "the sentence names its release"
    # a garden calendar's month, a newsletter's season: when, for what stands under it
    job = claim("Prune wisteria, cutting the side shoots back to two buds.", "Garden calendar", "February")
    assert dated_by_heading("when do i prune wisteria", job).text == f"February: {job.text}"
    late = claim("Lift the garlic.", "Garden calendar", "Late summer 2024")
    assert dated_by_heading("when do i lift garlic", late).text == f"Late summer 2024: {late.text}"
    march = claim("The march left at noon.", "Protests", "The March")
    assert dated_by_heading("when did the march leave", march) == march, "a heading naming more than a month"


def test_a_table_row_is_quoted_after_its_sections_heading_when_it_does_not_name_it():
    def rows(lines: list[str], section: str) -> Hit:
        text = "\n\n".join(lines)
        return Hit(Chunk(f"h:{section}", "hours.html", "Opening hours", section, 0, len(text), text), 0.5, dense=0.5)

    larkhill = rows(
        ["Day: Monday and Tuesday; Hours: Closed", "Day: Wednesday to Sunday; Hours: 12:00 to 22:00"],
        "The Sorrel Larkhill",
    )
    harbour = rows(
        ["Day: Monday; Hours: Closed", "Day: Tuesday to Saturday; Hours: 17:30 to 22:30"], "The Sorrel, Harbour Street"
    )
    ranked = candidates("what time does the sorrel open on a tuesday", [larkhill, harbour])
    texts = [claim.text for claim in answer_claims(ranked, 3)]
    assert "The Sorrel Larkhill: Day: Monday and Tuesday; Hours: Closed" in texts, texts
    assert "The Sorrel, Harbour Street: Day: Tuesday to Saturday; Hours: 17:30 to 22:30" in texts, texts
    named = rows(
        ["Site: The Sorrel Larkhill; Day: Monday; Hours: Closed", "Site: Other; Day: Friday"], "The Sorrel Larkhill"
    )
    assert answer_claims(candidates("when is the sorrel larkhill closed", [named]), 1)[0].text == (
        "Site: The Sorrel Larkhill; Day: Monday; Hours: Closed"
    ), "a row naming what its heading does"
    prose = rows(["The Larkhill site is closed on Mondays.", "It opens at noon."], "The Sorrel Larkhill")
    assert answer_claims(candidates("when is larkhill closed", [prose]), 1)[0].text == (
        "The Larkhill site is closed on Mondays."
    ), "a sentence is no row"


def test_a_label_line_or_a_he_or_she_sentence_is_quoted_with_its_sections_heading():
    """bb73 bugs 2 and 3: one section an instructor, each ending "Standards check: Grade X."; "He speaks Polish
    and English." under "Tomasz Nowak"; "Gwen Ellis – Founder and Chief Instructor" over her first sentence."""

    def section(text: str, heading: str, start: int) -> Hit:
        chunk = Chunk(f"h:{heading}", "team.html", "Meet our instructors", heading, start, start + len(text), text)
        return Hit(chunk, 0.5, dense=0.5)

    sarah = section("Sarah qualified in 2018. Standards check: Grade B.", "Sarah Okonkwo", 0)
    text = "Tomasz qualified in 2015. He speaks Polish and English. Standards check: Grade A."
    tomasz = dataclasses.replace(section(text, "Tomasz Nowak", 60), dense=0.6)  # the passage naming him ranks first
    asked = "what's tomasz's standards check grade"
    chosen = by_kind(asked, select_sentences(candidates(asked, [sarah, tomasz]), 2))
    texts = [claim.text for claim in answer_claims(chosen, 2)]
    assert texts == ["Tomasz Nowak: Standards check: Grade A.", "Sarah Okonkwo: Standards check: Grade B."], texts
    polish = "which instructor speaks polish"
    spoken = [c for c in candidates(polish, [tomasz]) if c.text.startswith("He speaks")]
    assert answer_claims(spoken, 1)[0].text == "Tomasz Nowak: He speaks Polish and English."
    named = section("Tomasz Nowak speaks Polish. He also speaks English.", "Tomasz Nowak", 0)
    both = sorted(candidates("who speaks english", [named]), key=lambda c: c.start)
    assert [c.text for c in answer_claims(both, 2)] == [
        "Tomasz Nowak speaks Polish.",
        "He also speaks English.",
    ], "named by the answer already"
    note = "We open at 9am. Note: We close at 5pm on Fridays and at noon on Christmas Eve every year."
    hours = section(note, "Opening hours", 0)
    closing = [c for c in candidates("when do you close", [hours]) if c.text.startswith("Note:")]
    assert answer_claims(closing, 1)[0].text.startswith("Note:"), "a sentence is no label line"
    gwen = "Gwen qualified in 1998 and founded the school. She teaches in a manual car."
    chief = section(gwen, "Gwen Ellis – Founder and Chief Instructor", 0)
    who = "who is the chief instructor"
    assert answer_claims(candidates(who, [chief])[:1], 1, question=who)[0].text == (
        "Gwen Ellis – Founder and Chief Instructor: Gwen qualified in 1998 and founded the school."
    )
    assert answer_claims(candidates(who, [chief])[:1], 1)[0].text.startswith("Gwen qualified"), "nothing asked"


def test_a_figure_under_a_persons_heading_is_quoted_after_the_name():
    """bb77 DP034: "dr wieczorek gdc number" gave "GDC number 203117. GDC number 81422. GDC number 298754.", two of
    them other dentists' numbers, read as his; each is in a paragraph under its dentist's heading."""

    def section(text: str, heading: str, start: int) -> Hit:
        chunk = Chunk(f"h:{heading}", "team.html", "Meet the team", heading, start, start + len(text), text)
        return Hit(chunk, 0.5, dense=0.5)

    pask = section("Rhiannon qualified in 2004. GDC number 81422. She works Monday.", "Dr Rhiannon Pask, Principal", 0)
    text = "Tomasz qualified in 2011. GDC number 203117. He works Tuesday to Friday."
    tomasz = section(text, "Dr Tomasz Wieczorek, Associate Dentist", 80)
    asked = "dr wieczorek gdc number"
    numbers = sorted((c for c in candidates(asked, [pask, tomasz]) if c.text.startswith("GDC")), key=lambda c: c.start)
    assert [claim.text for claim in answer_claims(numbers, 2)] == [
        "Dr Rhiannon Pask: GDC number 81422.",
        "Dr Tomasz Wieczorek: GDC number 203117.",
    ]
    joined = section("Leela joined in 2019. Tomasz qualified in 2011.", "Dr Tomasz Wieczorek", 0)
    said = [c for c in candidates("when did leela join", [joined]) if c.text.startswith("Leela")]
    assert answer_claims(said, 1)[0].text == "Leela joined in 2019.", "a sentence with a verb says who it is of"


def test_a_letters_sign_off_is_no_answer_sentence_unless_asked_who_signed():
    """bb55 B14: "Kind regards, Schedule Planning Team" was quoted for the deadline of a schedule-change e-mail."""
    text = (
        "Please tell us what you would like to do by 31 March 2026 by replying to this e-mail.\n\n"
        "We are sorry for any inconvenience.\n\nKind regards, Schedule Planning Team\nCorran Air"
    )
    asked = "deadline to respond to the cr214 schedule change email"
    quoted = [c.text for c in candidates(asked, [hit(text)])]
    assert not any("regards" in s or s == "Corran Air" for s in quoted), quoted
    assert any("31 March 2026" in s for s in quoted)
    assert any("regards" in c.text for c in candidates("who signed the schedule change email", [hit(text)]))


def test_a_quoted_list_item_loses_its_bullet_and_tell_me_more_does_not_quote_it_again():
    """bb51 item 8: "- A no-show fee of £20 per guest ..." was the whole answer of "how much is the no show fee"."""
    page = (
        "- Tables can be booked online up to 60 days ahead.\n"
        "- A no-show fee of £20 per guest applies to bookings of six or more guests.\n"
        "* Gift cards are valid for 24 months."
    )
    fee = located(page, "- A no-show fee of £20 per guest applies to bookings of six or more guests.", 2.0)
    cards = located(page, "* Gift cards are valid for 24 months.", 1.0)
    claims = answer_claims([fee, cards], 3)
    assert [c.text for c in claims] == [
        "A no-show fee of £20 per guest applies to bookings of six or more guests.",
        "Gift cards are valid for 24 months.",
    ]
    shown, _ = render_claims(claims)
    more = extractive_answer("how much is the no show fee", [fee.hit], ALWAYS, shown=shown)
    assert "no-show" not in more.text and "Gift cards" not in more.text, more.text


def test_a_label_or_heading_line_is_not_glued_before_a_sentence_pointing_back():
    """bb51 item 8: "This policy replaces ..." was read with the line above it, "Last reviewed: 4 February 2026 This
    policy replaces ...": a line without a sentence's end is no sentence "this" points back to."""
    page = "Last reviewed: 4 February 2026\n\nThis policy replaces the Gift Voucher Terms and Conditions of April 2024."
    replaces = located(page, "This policy replaces the Gift Voucher Terms and Conditions of April 2024.", 2.0)
    assert [c.text for c in answer_claims([replaces], 3)] == [replaces.text]
    prose = "The question was first raised in 1977. This phenomenon is known as the West Lothian question."
    known = located(prose, "This phenomenon is known as the West Lothian question.", 2.0)
    assert [c.text for c in answer_claims([known], 3)] == [prose]
    manual = "$ find $HOME -mtime 0\nThis command works this way because the remainder is discarded."
    command = located(manual, "This command works this way because the remainder is discarded.", 2.0)
    assert [c.text for c in answer_claims([command], 3)] == [manual.replace(chr(10), " ")]


def test_a_faqs_bare_yes_or_no_is_quoted_after_its_question_and_before_what_follows():
    """bb55 B11 and bb52 item 8: "No. E-scooters, hoverboards ... are not carried" answered "can i bring a drone",
    and "Towels can be hired from reception for £2. Yes." "how much to hire a towel"; the FAQ row's question leads
    its yes or no, and a bare "Yes." is quoted with the sentence after it, in the row's order."""

    def row(question: str, answer: str, start: int) -> Hit:
        return Hit(Chunk(f"faq.csv:{start}", "faq.csv", "FAQ", question, start, start + len(answer), answer), 0.5)

    scooter = row(
        "Can I bring an e-scooter or hoverboard?",
        "No. E-scooters and hoverboards are not carried. Mobility aids are different: see Special assistance.",
        0,
    )
    towel = row("Can I hire a towel?", "Yes. Towels can be hired from reception for £2.", 500)
    no = next(c for c in candidates("can i bring a drone", [scooter]) if c.text.startswith("No."))
    assert [c.text for c in answer_claims([no], 3)] == [
        "Can I bring an e-scooter or hoverboard? No. E-scooters and hoverboards are not carried."
    ]
    ranked = candidates("how much to hire a towel", [towel])
    hired, yes = (next(c for c in ranked if c.text.startswith(w)) for w in ("Towels", "Yes"))
    assert [c.text for c in answer_claims([hired, yes], 3)] == [
        "Can I hire a towel? Yes. Towels can be hired from reception for £2."
    ]
    assert [c.text for c in answer_claims([hired], 3)] == ["Towels can be hired from reception for £2."]


def test_a_title_block_line_answers_only_what_it_holds():
    """bb53 item 7: "Wexcombe District Council" and "Planning Committee Minutes, 20 January 2026", the lines a
    document opens with, were quoted for "who chairs the planning committee"; they name the document and who issued
    it, and answer "when" (a day they hold) but no "who"."""
    text = (
        "Wexcombe District Council\n\nPlanning Committee Minutes, 20 January 2026\n\nDecision date: 24 January 2026\n\n"
        "Present: Cllr Margaret Ashdown (Chair), Cllr Owen Thrale.\n\nThe Chair opened the meeting at 6.30pm.\n\n"
        "Wexcombe District Council"
    )
    minutes = Hit(Chunk("m.pdf:0", "m.pdf", "Planning Committee Minutes, 20 January 2026", "", 0, len(text), text), 0.5)
    who = [c.text for c in candidates("who chairs the planning committee", [minutes])]
    assert "Wexcombe District Council" in who  # the same line further on is no title block's
    assert who.count("Wexcombe District Council") == 1 and "Planning Committee Minutes, 20 January 2026" not in who
    assert "Decision date: 24 January 2026" in who and any("Ashdown" in s for s in who)
    leaflet = "Dental Care for Dogs and Cats\n\nHannah Whitcombe RVN, Head Nurse\n\nBrush daily."
    byline = Hit(Chunk("l.docx:0", "l.docx", "Dental Care", "", 0, len(leaflet), leaflet), 0.5)
    assert "Hannah Whitcombe RVN, Head Nurse" in [c.text for c in candidates("who is the head nurse", [byline])]
    sheet = "Premier Division - leading scorers\n\nRank: 1; Player: Kofi Mensah; Club: Harefield United; Goals: 17"
    table = Hit(Chunk("s.xlsx:0", "s.xlsx", "Top Scorers", "", 0, len(sheet), sheet), 0.5)
    assert "Premier Division - leading scorers" in [c.text for c in candidates("who is top scorer", [table])]
    when = [c.text for c in candidates("when was the planning committee meeting", [minutes])]
    assert "Planning Committee Minutes, 20 January 2026" in when and when.count("Wexcombe District Council") == 1


def test_a_title_block_under_the_documents_title_or_repeating_it_is_no_answer():
    """bb72 3.: a PDF's title block, read under the title line and its first heading ("Hollowmere Community Energy
    Ltd" over "Chair's statement"), was quoted for "when was hollowmere community energy founded" (confidence 0.88),
    and the title said again ("Share Offer 2025: Brackenfold Solar Extension") for how much the offer raises: its
    year counts nothing."""
    report = "Hollowmere Community Energy Ltd\n\nPublished May 2025\n\nChair's statement\n\n2024 was a hard year."
    chunk = Chunk("r.pdf:20", "r.pdf", "Annual Report 2024", "Chair's statement", 20, 20 + len(report), report)
    quoted = [c.text for c in candidates("when was hollowmere community energy founded", [Hit(chunk, 0.5)])]
    assert "Hollowmere Community Energy Ltd" not in quoted and "2024 was a hard year." in quoted, quoted
    title = "Share Offer 2025: Brackenfold Solar Extension"
    offer = f"Hollowmere Community Energy Ltd\n\n{title}\n\nWe are seeking to raise £420,000 in shares of £1."
    pdf = Hit(Chunk("s.pdf:0", "s.pdf", title, title, 0, len(offer), offer), 0.5)
    raised = [c.text for c in candidates("how much is the co-op trying to raise with the 2025 share offer", [pdf])]
    assert title not in raised and any("£420,000" in s for s in raised), raised


def test_a_greeting_or_sign_off_line_is_no_answer():
    """bb74 5.: an e-mail's "Race day is nearly here!" opened the answers to "where does the race start now", and
    its sign-off "See you on the start line," was quoted: an exclamation of a few words and a line ending in a comma
    alone in its paragraph over the signature say nothing asked."""
    mail = (
        "Hi runner,\n\nRace day is nearly here! Bibs are collected at the Corn Exchange, Market Street.\n\n"
        "The race starts on Riverside Park.\n\nSee you on the start line,\n\nThe Kestrelford Marathon Team"
    )
    quoted = [c.text for c in candidates("where does the race start on race day", [hit(mail)])]
    assert not {"Race day is nearly here!", "See you on the start line,"} & set(quoted), quoted
    assert "The race starts on Riverside Park." in quoted


def test_tell_me_more_quotes_the_rest_of_a_headed_section_but_not_a_colon_over_what_was_quoted():
    """ "who won best balcony" quoted two of a table's three rows; "tell me more" said there was no more, the third
    row and "Each winner receives £50 ..." scoring below the margin and no row reading on to the next. Under a
    heading of its own they are more of the answer; "The judges chose these winners:", over the row quoted first,
    would say nothing new. A text without headings is read on only within a paragraph."""
    text = (
        "The judges chose these winners:\n\nCategory: Best garden; Winner: Eileen Pask\n\n"
        "Category: Best balcony; Winner: Kwame Boateng\n\nCategory: Best community space; Winner: Osprey Road Group"
        "\n\nEach winner receives £50 in garden centre vouchers."
    )
    shown = "Category: Best balcony; Winner: Kwame Boateng [1] Category: Best garden; Winner: Eileen Pask [1]"
    headed = Hit(Chunk("n:0", "n.html", "Spring news", "Garden competition winners", 0, len(text), text), 1.0)
    more = extractive_answer("who won best balcony", [headed], ALWAYS, shown=shown)
    assert "Osprey Road Group" in more.text and "£50" in more.text, more.text
    assert "judges chose" not in more.text and "Eileen Pask" not in more.text, more.text
    untitled = Hit(dataclasses.replace(headed.chunk, section="Spring news"), 1.0)
    assert "£50" not in extractive_answer("who won best balcony", [untitled], ALWAYS, shown=shown).text


def test_a_press_releases_notes_to_editors_are_not_scored_with_its_title():
    """bb66 B6: "where is the count being held" led with a release's "Notes to editors" contact line, alone under its
    heading and so scored with the release's title ("Count ... to be held overnight"), over the venues."""
    title = "Count for district elections to be held overnight"

    def part(text: str, section: str, doc: str, start: int, dense: float) -> Hit:
        return Hit(Chunk(f"{doc}:{start}", doc, title, section, start, start + len(text), text), dense, dense=dense)

    contact = "For media enquiries contact the Communications Team on 01632 960512 or press@haverleigh.gov.uk."
    venue = "Votes will be counted overnight at Haverleigh Leisure Centre, Dene Road. Ballot boxes come at 10pm."
    moved = "The count will now take place at the Corn Exchange, Market Square. Verification begins at 9am."
    hits = [
        part(contact, "Notes to editors", "march.md", 900, 0.6),
        part(venue, title, "march.md", 0, 0.6),
        part(moved, "Count moves to Friday", "april.md", 0, 0.6),
    ]
    ranked = [c.text for c in candidates("where is the count being held", hits)]
    assert ranked.index(contact) > ranked.index(moved.split(". ")[0] + "."), ranked
    for heading in ("About Haverleigh District Council", "Media contact", "Editor's notes"):
        about = [dataclasses.replace(hits[0], chunk=dataclasses.replace(hits[0].chunk, section=heading)), *hits[1:]]
        assert candidates("where is the count being held", about)[0].text != contact, heading
    assert candidates("who handles media enquiries about the count", hits)[0].text == contact
    officer = "Joel Amankwah, Press Officer, on 01632 960000."
    named = [part(officer, "Media contact", "march.md", 900, 0.6), *hits[1:]]
    assert candidates("who is the media contact for the count", named)[0].text == officer, "a heading asked of"


def test_this_sheet_points_at_its_document_not_at_the_sentence_before():
    """bb64 B5: "This sheet was last revised in February 2026.", a paragraph of its own, was quoted after the
    sentence before it ("It is not suitable for people with coeliac disease ..."), as if "this" pointed back."""
    page = (
        "It is not suitable for people with coeliac disease who avoid all barley.\n\n"
        "This sheet was last revised in February 2026."
    )
    revised = located(page, "This sheet was last revised in February 2026.", 2.0)
    assert [c.text for c in answer_claims([revised], 3)] == [revised.text]
    for noun in ("page", "leaflet", "notice", "policy", "document", "guide", "form", "letter", "report"):
        assert not refers_back(f"This {noun} was updated in 2026."), noun
    assert refers_back("This phenomenon is known as the West Lothian question.")


def test_a_line_of_a_list_of_day_and_hours_heads_no_paragraph():
    """bb64 B6: "Sunday: 12 noon to 5pm", the last of a paragraph of "Day: hours" lines, was taken for a heading and
    quoted with the paragraph under it ("... — Over Christmas we are closed on 25 and 26 December.")."""
    page = (
        "Monday to Wednesday: closed\nThursday: 5pm to 10pm\nSunday: 12 noon to 5pm\n\n"
        "Over Christmas we are closed on 25 and 26 December."
    )
    sunday = located(page, "Sunday: 12 noon to 5pm", 2.0)
    assert [c.text for c in answer_claims([sunday], 3)] == ["Sunday: 12 noon to 5pm"]
    unlabelled = "Monday to Friday 9am to 5pm\nSaturday 10am to 4pm\n\nWe are closed on bank holidays."
    saturday = located(unlabelled, "Saturday 10am to 4pm", 2.0)
    assert [c.text for c in answer_claims([saturday], 3)] == ["Saturday 10am to 4pm"]
    headed = "Opening times: Winter 2025\n\nThe taproom keeps shorter hours from November."
    heading = located(headed, "Opening times: Winter 2025", 2.0)
    assert [c.text for c in answer_claims([heading], 3)] == [
        "Opening times: Winter 2025 — The taproom keeps shorter hours from November."
    ], "a heading alone over its paragraph still heads it"


def test_a_date_line_heads_nothing_nor_is_a_documents_dating_note_headed():
    """bb80 bug 10: a page's "Updated: 2026-01-20" line (its ``article:modified_time``) was quoted as a heading over
    its first paragraph ("Updated: 2026-01-20 — Update, 20 January 2026: The northern ride is closed ..."), and a
    handbook's contact line over its closing "This handbook was last revised in February 2026.": a labelled date
    line dates the document, and a note dating the document speaks of all of it, not of the line above."""
    page = "Updated: 2026-01-20\n\nUpdate, 20 January 2026: The northern ride is closed until 31 March 2026."
    updated = located(page, "Updated: 2026-01-20", 2.0)
    assert [c.text for c in answer_claims([updated], 3)] == ["Updated: 2026-01-20"]
    handbook = (
        "5. Contacts\n\nVolunteer Coordinator: Tom Greaves, 01632 960 422, volunteers@example.org\n\n"
        "This handbook was last revised in February 2026."
    )
    contact = located(handbook, "Volunteer Coordinator: Tom Greaves, 01632 960 422, volunteers@example.org", 2.0)
    assert [c.text for c in answer_claims([contact], 3)] == [contact.text]
    guide = "Visiting Hollins Fen\n\nThis leaflet tells you how to reach the reserve by bus."
    visiting = located(guide, "Visiting Hollins Fen", 2.0)
    assert [c.text for c in answer_claims([visiting], 3)] == [
        "Visiting Hollins Fen: This leaflet tells you how to reach the reserve by bus."
    ], "a sentence naming the document but not dating it still stands under the heading"


def test_a_list_item_read_as_a_row_of_its_section_is_quoted_without_its_dash():
    """bb80 bug 10: a Markdown list item "- Fen violet: one of only three sites ..." reads as a key and value row,
    led by its section's heading (``of_section``), and was quoted with its dash: "What to see: - Fen violet: ..."."""
    text = (
        "- Bittern: listen for booming males from late February to May.\n"
        "- Fen violet: one of only three sites for this plant in England; it flowers in late May and June."
    )
    listed = Hit(Chunk("f.md:0", "f.md", "Hollins Fen", "What to see", 0, len(text), text), 0.5, dense=0.5)
    template = located(text, text.splitlines()[1], 2.0)
    violet = dataclasses.replace(template, hit=listed, start=text.index("- Fen"), end=len(text))
    assert [c.text for c in answer_claims([violet], 3)] == [
        "What to see: Fen violet: one of only three sites for this plant in England; it flowers in late May and June."
    ]


def test_an_answer_lacking_the_kind_asked_gets_the_next_sentence_of_its_best_ones_paragraph_holding_it():
    """Testers bb80, bb76, bb78: asked "how much is the dawn chorus walk", the answer quoted the walk's day and not
    the sentence after it, "Tickets £12, including breakfast ...": its price is not near the question's words, which
    the next sentence of the same paragraph need not repeat. Nor is a month a place ("joined in February") or a
    weekday a person: "where are turbo sessions held" got neither "in St Aidan's church hall" nor its paragraph."""

    def paragraph(text: str, doc: str = "news.eml") -> list[Candidate]:
        found = candidates("What?", [hit(text, doc)])
        return [dataclasses.replace(c, score=1.0 - n / 2) for n, c in enumerate(sorted(found, key=lambda c: c.start))]

    walk, tickets, *_ = paragraph(
        "Join warden Tom Greaves for a dawn chorus walk at Pennock Wood on Sunday 3 May 2026, starting at 4.30am. "
        "Tickets £12, including breakfast at Pennock Tea Room.\n\nThe office closes on 24 December."
    )
    other = candidate("The reserve is open from dawn to dusk every day of the year.", 0.6, "reserve.md")
    assert with_kind("how much is the dawn chorus walk", [walk, other, tickets], [walk, other], 3) == [
        walk,
        other,
        tickets,
    ]
    first, donors = paragraph(
        "The Save Marlow Meadows appeal has reached its target. Thanks to 2,140 donors, we have raised £391,250."
    )
    assert with_kind("how many people donated to the marlow appeal", [first, donors], [first], 3) == [first, donors]
    quotes, accepted = paragraph(
        "Three quotes for resurfacing the car park were considered. The trustees accepted the quote of £11,950."
    )
    asked = "how much is the car park resurfacing costing"
    assert with_kind(asked, [quotes, accepted], [quotes], 3) == [quotes, accepted]
    apart, beyond = paragraph("Three quotes for resurfacing the car park were considered.\n\nHire of the hall is £5.")
    assert with_kind(asked, [apart, beyond], [apart], 3) == [apart], "another paragraph"
    toilet, kitchen = paragraph("- The accessible toilet is next to the kitchen.\n- The kitchen has two fridges.")
    assert with_kind("how many toilets are there", [toilet, kitchen], [toilet], 3) == [toilet], "another item"
    back, held, coach = paragraph(
        "Our indoor turbo sessions are back for the winter. Sessions run every Tuesday at 7pm in St Aidan's church "
        "hall. Coach Anne Holroyd leads the sessions."
    )
    joined = candidate("Nine new members joined in February, and our turbo sessions finished.", 0.9, "march.html")
    assert with_kind("where are turbo sessions held", [back, joined, held], [back, joined], 3) == [back, joined, held]
    assert not holds_kind(joined.text, "place", set(), "where", wide=True), "a month is no place"
    assert not holds_kind("Sessions run every Tuesday at 7pm.", "person", set(), "who", wide=True), "nor a person"
    assert holds_kind(joined.text, "place", set(), "where"), "as the abstention model was fit"
