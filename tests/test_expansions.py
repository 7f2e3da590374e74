"""'What does NPL stand for?': the expansion a passage defines, cited; an acronym no passage spells out abstains."""

from __future__ import annotations

import asyncio

import pytest

from ragqa.answering.acronyms import clipped, headed, phrase_readings, spelled_out
from ragqa.answering.evidence import holds_kind, question_kind
from ragqa.answering.expansions import asked_expansion, asked_what_is, defined, introduced, written_as_acronym

NETWORKS = (
    "---\nsource: Networks Weekly\n---\n# Packet switching\n\n"
    "The concept found little resonance until the work of Donald Davies at the National Physical Laboratory "
    "(United Kingdom) (NPL) in the late 1960s. Davies built a local network at the laboratory in 1969.\n\n"
    "The User Datagram Protocol (UDP) is an example of a datagram protocol. It stands apart from virtual circuits, "
    "which reserve a path for each session.\n"
)
IMMUNE = (
    "---\ncategory: biology\n---\n# Immune system\n\n"
    "Antigens are presented on the major histocompatibility complex (MHC) of the cell. The MHC molecules differ "
    "between people. The GOP senators voted against the bill on vaccines.\n"
)


@pytest.mark.parametrize(
    ("question", "acronym"),
    [
        ("what does npl stand for", "npl"),
        ("What does NPL stand for?", "NPL"),
        ("what does 'npl' stand for", "npl"),
        ("what does “NPL” stand for", "NPL"),
        ("npl stands for?", "npl"),
        ("what is npl short for", "npl"),
        ("what's FAIR at meta short for", "FAIR"),
        ("what does nsc in the us stand for", "nsc"),
        ("what's the full form of npl", "npl"),
        ("what does the acronym npl mean", "npl"),
        ("what does u.s. stand for", "us"),
        ("crpg meaning", "crpg"),
        ("engadget black friday headphone deals, what's ANC short for", "ANC"),  # what it is about, said first
        ("in the article, what does the acronym npl mean", "npl"),
        ("so, what does it stand for", None),
        ("what does x.25 stand for", None),  # a name with a dot, not an acronym typed with dots
        ("what does it stand for", None),  # a follow-up: what "it" is comes from the conversation
        ("what does the prefix fitz mean", None),
        ("who runs the npl", None),
    ],
)
def test_questions_asking_what_an_acronym_stands_for(question, acronym):
    assert asked_expansion(question) == acronym
    assert (question_kind(question) == "expansion") == (acronym is not None)


@pytest.mark.parametrize(
    ("question", "word"),
    [
        ("what is the gru", "gru"),
        ("what's nato?", "nato"),
        ("Who are the SNP", "SNP"),
        ("what was tymnet", "tymnet"),
        ("what is it", None),  # a common word typed in lower case
        ("what is the gru doing", None),  # more than what it is
        ("what is a statistically significant result", None),
    ],
)
def test_questions_asking_what_one_word_is(question, word):
    assert asked_what_is(question) == word


def test_only_questions_about_the_letters_ask_strictly():
    assert asked_expansion("what does npl stand for", strictly=True) == "npl"
    assert asked_expansion("npl full form", strictly=True) == "npl"
    assert asked_expansion("cyclades meaning", strictly=True) is None, "its meaning may be what it is"


def test_hyphenated_words_and_short_forms_in_capitals_give_their_letters():
    assert defined("crpg", ["a classic computer role-playing game (CRPG) with companions"])[1] == (
        "computer role-playing game"
    )
    assert defined("mlbn", ["Rizzo spoke on MLB Network (MLBN) on Thursday."])[1] == "MLB Network"
    assert defined("mlbn", ["MLB Network's host said so. No place on MLBN."])[1] == "MLB Network"
    assert defined("gop", ["The GOP senators voted."]) is None, "the acronym alone does not spell itself"


def test_an_acronym_is_what_the_passages_write_in_capitals_or_never_use():
    assert written_as_acronym("gop", ["the GOP's attacks on EVs"])
    assert written_as_acronym("xyz", ["nothing here"])
    assert not written_as_acronym("antigen", ["an antigen binds"]), "a word may be explained another way"


def test_the_expansion_is_the_phrase_spelling_it_beside_it_in_parentheses():
    texts = [NETWORKS, IMMUNE, "QED (quantum electrodynamics) is a theory. The Warsaw Stock Exchange opened."]
    assert defined("npl", texts) == ("NPL", "National Physical Laboratory", 0), "an aside between is skipped"
    assert defined("mhc", texts) == ("MHC", "major histocompatibility complex", 1), "in lower case too"
    assert defined("wse", texts) == ("WSE", "Warsaw Stock Exchange", 2), "else a capitalized phrase spelling it"
    assert defined("qed", texts) == ("QED", "quantum electrodynamics", 2), "letters in order, not only initials"
    assert defined("xyz", texts) is None
    assert defined("poc", ["Approved portable oxygen concentrators (POCs) can be used on board."]) == (
        "POC",
        "portable oxygen concentrators",
        0,
    ), "a plural acronym in its parenthesis"
    said = "We open one with the mpsc function; mpsc stands for multiple producer, single consumer, as we saw."
    assert defined("mpsc", [said]) == ("mpsc", "multiple producer, single consumer", 0), "a phrase with a comma"
    assert defined("npl", ["NPL stands for National Physical Laboratory, which opened in 1900."])[1] == (
        "National Physical Laboratory"
    ), "the words after the comma are not the phrase's"


def test_an_acronym_no_phrase_spells_is_answered_by_the_sentence_introducing_it():
    text = "Putin spoke about the GRU in 2018. The Times said Russian military intelligence (GRU) Unit 29155 did it."
    assert defined("gru", [text]) is None, "'military intelligence' does not spell GRU"
    assert introduced("gru", [text]) == ("The Times said Russian military intelligence (GRU) Unit 29155 did it.", 0)
    assert introduced("nato", [text]) is None
    assert defined("ebm", ["It led to electronic book machines (or EBM), which ..."])[1] == "electronic book machines"
    assert introduced("qed", ["It led to quantum electrodynamics (or QED), which ..."]) is not None
    qed = "Forces are carriers. QED (quantum electrodynamics) explains them."
    assert defined("qed", [qed])[1] == "quantum electrodynamics" and introduced("qed", [qed]) == (
        "QED (quantum electrodynamics) explains them.",
        0,
    )


def test_a_sentence_answering_an_expansion_uses_the_acronym():
    question = "what does xyz stand for"
    assert not holds_kind("It stands on the Vistula River.", "expansion", {"xyz", "stand"}, question)
    assert holds_kind("The XYZ group met.", "expansion", {"xyz", "stand"}, question)


def test_an_expansion_is_answered_from_the_passage_defining_it_and_an_unknown_one_abstains(tmp_path, embedder):
    from ragqa.config import Settings
    from ragqa.index.build import build_index
    from ragqa.retrieval.filters import Filters
    from ragqa.services import Services

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "networks.md").write_text(NETWORKS)
    (corpus / "immune.md").write_text(IMMUNE)
    index = tmp_path / "index"
    build_index(corpus, index, embedder)
    services = Services.build(Settings(corpus_dir=corpus, index_dir=index), embedder)

    async def ask(question: str):
        return await services.pipeline.answer(question, history=[])

    try:
        npl = asyncio.run(ask("what does npl stand for"))
        assert npl.answer == "NPL stands for National Physical Laboratory. [1]", npl.answer
        assert npl.citations[0].hit.chunk.doc_id == "networks.md" and not npl.abstained
        mhc = asyncio.run(ask("whats mhc short for"))
        assert mhc.answer.startswith("MHC stands for major histocompatibility complex."), mhc.answer
        unknown = asyncio.run(ask("what does xyz stand for"))  # "It stands apart ..." is no answer
        assert unknown.abstained and unknown.answer == "The articles do not say what XYZ stands for.", unknown.answer
        udp = asyncio.run(ask("what is the udp?"))  # what it is: the sentence introducing it first, said once
        assert udp.answer.startswith("The User Datagram Protocol (UDP) is an example of a datagram protocol. [1]")
        assert udp.answer.count("User Datagram Protocol") == 1 and not udp.abstained, udp.answer
        used = asyncio.run(ask("what does gop stand for"))  # used, never spelled out: no sentence says
        assert used.abstained and used.answer == "The articles do not say what GOP stands for.", used.answer
        # only passages within the request's filters are read, the wider search's too
        elsewhere = asyncio.run(
            services.pipeline.answer("what does npl stand for", history=[], filters=Filters(category=("biology",)))
        )
        assert elsewhere.abstained and not elsewhere.citations, elsewhere.answer
    finally:
        asyncio.run(services.aclose())


def test_an_acronym_only_one_passage_of_the_corpus_spells_out_is_read_as_the_corpus_writes_it(tmp_path, embedder):
    from ragqa.config import Settings
    from ragqa.index.build import build_index
    from ragqa.services import Services

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(30):  # applications using "TPO", which the search for the question finds first
        (corpus / f"application-{n}.md").write_text(
            f"# Application WX/25/{n:04d}/TPO\n\nFell one oak protected by TPO {n}/2009 at {n} Mill Lane. "
            f"Case officer: Leila Farrant. Status: under consideration since {n % 28 + 1} March 2026.\n"
        )
    (corpus / "trees-faq.md").write_text(
        "# Trees FAQ\n\nThere are 312 Tree Preservation Orders in the district. You need consent for any work to a "
        "tree covered by a Tree Preservation Order, including pruning.\n"
    )
    index = tmp_path / "index"
    build_index(corpus, index, embedder)
    services = Services.build(Settings(corpus_dir=corpus, index_dir=index), embedder)
    try:
        tpo = asyncio.run(services.pipeline.answer("what does tpo stand for", history=[]))
        assert tpo.answer == "TPO stands for Tree Preservation Order. [1]", tpo.answer
        assert tpo.citations[0].hit.chunk.doc_id == "trees-faq.md" and not tpo.abstained
    finally:
        asyncio.run(services.aclose())


def test_a_persons_name_is_not_what_an_acronym_stands_for():
    texts = ["Much of the debate was pioneered by Thorstein Veblen, who wrote on television."]
    assert defined("tv", texts) is None


def test_an_abbreviation_spelled_by_more_than_initials_is_read_too():
    # Schwartz and Hearst's test: the letters in order, the first opening the first word, every word giving some
    assert defined("psutil", ["psutil (process and system utilities) is a library."]) == (
        "psutil",
        "process and system utilities",
        0,
    )
    said = "GNU tar is an archiving program. Hence the name of the program, which stands for tape archiver."
    assert defined("tar", [said]) == ("tar", "tape archiver", 0)  # the acronym in the sentence before
    assert defined("tar", ["The tar format stands for the archive of tapes."]) is None  # "the" opens no long form
    assert defined("gru", ["The GRU (Russian military intelligence) ran it."]) is None  # no word opens with a g
    assert defined("tar", ["Tar pits trap animals. A FILE of '-' stands for standard input."]) is None


def test_a_title_or_heading_spelling_an_acronym_defines_it():
    """ "what does pcc stand for" said "The articles do not say" at confidence 0.0 where "Parochial Church Council"
    was a document's title, a PDF's first line and a plain-text heading in capitals: the chunks' texts hold none of
    them, and "ANNUAL REPORT OF THE PAROCHIAL CHURCH COUNCIL" is no run of capitalized words."""
    shouted = headed("ANNUAL REPORT OF THE PAROCHIAL CHURCH COUNCIL", "FABRIC", "The PCC launched the roof appeal.")
    assert shouted.startswith("Annual Report of the Parochial Church Council.\nFABRIC.\n"), shouted
    assert defined("pcc", [shouted]) == ("PCC", "Parochial Church Council", 0)
    pdf = headed("PCC Minutes 9 December 2025", "St Aldhelm's Parochial Church Council", "The PCC agreed it.")
    assert defined("pcc", [pdf]) == ("PCC", "Parochial Church Council", 0)
    assert headed("Minutes", "Minutes", "Text.") == "Minutes.\nText.", "a heading said once"
    # no phrase runs on from a heading into the text: "General Public License" over "3. Object Code" is no "gpl3"
    licence = headed("GNU LESSER GENERAL PUBLIC LICENSE", "", "3. Object Code Incorporating Material")
    assert spelled_out(["gpl3"], [licence]) == {}, licence
    # a title keeping a joining word's initial ("SOPN"), once in each of two documents' titles
    titles = ["Statement of Persons Nominated - North Ward", "Statement of Persons Nominated - South Ward"]
    assert phrase_readings(titles)["sopn"] == "Statement of Persons Nominated"


def test_an_acronym_a_title_spells_is_answered_and_searched_as_it(tmp_path, embedder):
    from ragqa.config import Settings
    from ragqa.index.build import build_index
    from ragqa.services import Services

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "annual-report.txt").write_text(
        "ANNUAL REPORT OF THE PAROCHIAL CHURCH COUNCIL\nSt Aldhelm's Church, Wexcombe\n\nFABRIC\n\n"
        "The quinquennial inspection found the south aisle roof most in need. The PCC launched the roof appeal in "
        "June 2024.\n"
    )
    for ward in ("North", "South"):
        (corpus / f"sopn-{ward.lower()}.md").write_text(
            f"# Statement of Persons Nominated - {ward} Ward\n\nThe Returning Officer gives notice that the persons "
            f"named below stand nominated for the {ward} Ward election on 7 May 2026.\n"
        )
    index = tmp_path / "index"
    build_index(corpus, index, embedder)
    services = Services.build(Settings(corpus_dir=corpus, index_dir=index), embedder)

    async def ask(question: str):
        return await services.pipeline.answer(question, history=[])

    try:
        pcc = asyncio.run(ask("what does pcc stand for"))
        assert pcc.answer == "PCC stands for Parochial Church Council. [1]", pcc.answer
        sopn = asyncio.run(ask("what does sopn stand for"))
        assert sopn.answer == "SOPN stands for Statement of Persons Nominated. [1]", sopn.answer
        named = asyncio.run(ask("who is on the sopn for north ward"))
        assert "Statement of Persons Nominated" in named.query, named.query
    finally:
        asyncio.run(services.aclose())


def test_a_name_clipped_to_its_words_first_syllables_is_read_as_it():
    """ "how many seats did the lib dems win?" abstained over "Party: Liberal Democrats; Seats: 1" (an election
    tester): a clipped name misses every passage, word by word."""
    rows = ["Party: Liberal Democrats; Seats: 1", "Party: Conservative; Seats: 3", "Win Liberally Demanded"]
    unknown = {"lib", "dems", "dem", "win", "con"}
    assert clipped("how many seats did the lib dems win?", unknown, rows) == {"lib dems": "Liberal Democrats"}
    assert clipped("the lib dem vote", unknown, rows) == {"lib dem": "Liberal Democrats"}
    assert clipped("what did the con say", unknown, rows) == {}, "one clipped word starts too many"
    assert clipped("the lib dems", {"dems"}, rows) == {}, "a word the corpus uses is no clip"
    assert clipped("the li de", {"li", "de"}, ["Liberal Democrats"]) == {}, "two letters start anything"
