"""'What does NPL stand for?': the expansion a passage defines, cited; an acronym no passage spells out abstains."""

from __future__ import annotations

import asyncio

import pytest

from ragqa.answering.evidence import holds_kind, question_kind
from ragqa.answering.expansions import asked_expansion, defined, introduced

NETWORKS = (
    "# Packet switching\n\n"
    "The concept found little resonance until the work of Donald Davies at the National Physical Laboratory "
    "(United Kingdom) (NPL) in the late 1960s. Davies built a local network at the laboratory in 1969.\n\n"
    "The User Datagram Protocol (UDP) is an example of a datagram protocol. It stands apart from virtual circuits, "
    "which reserve a path for each session.\n"
)
IMMUNE = (
    "# Immune system\n\n"
    "Antigens are presented on the major histocompatibility complex (MHC) of the cell. The MHC molecules differ "
    "between people.\n"
)


@pytest.mark.parametrize(
    ("question", "acronym"),
    [
        ("what does npl stand for", "npl"),
        ("What does NPL stand for?", "NPL"),
        ("npl stands for?", "npl"),
        ("what is npl short for", "npl"),
        ("what's the full form of npl", "npl"),
        ("what does the acronym npl mean", "npl"),
        ("what does u.s. stand for", "us"),
        ("what does it stand for", None),  # a follow-up: what "it" is comes from the conversation
        ("what does the prefix fitz mean", None),
        ("who runs the npl", None),
    ],
)
def test_questions_asking_what_an_acronym_stands_for(question, acronym):
    assert asked_expansion(question) == acronym
    assert (question_kind(question) == "expansion") == (acronym is not None)


def test_the_expansion_is_the_phrase_spelling_it_beside_it_in_parentheses():
    texts = [NETWORKS, IMMUNE, "QED (quantum electrodynamics) is a theory. The Warsaw Stock Exchange opened."]
    assert defined("npl", texts) == ("NPL", "National Physical Laboratory", 0), "an aside between is skipped"
    assert defined("mhc", texts) == ("MHC", "major histocompatibility complex", 1), "in lower case too"
    assert defined("wse", texts) == ("WSE", "Warsaw Stock Exchange", 2), "else a capitalized phrase spelling it"
    assert defined("qed", texts) is None, "'electrodynamics' is one word: no phrase spells QED"
    assert defined("xyz", texts) is None


def test_an_acronym_no_phrase_spells_is_answered_by_the_sentence_introducing_it():
    text = "Putin spoke about the GRU in 2018. The Times said Russian military intelligence (GRU) Unit 29155 did it."
    assert defined("gru", [text]) is None, "'military intelligence' does not spell GRU"
    assert introduced("gru", [text]) == ("The Times said Russian military intelligence (GRU) Unit 29155 did it.", 0)
    assert introduced("nato", [text]) is None


def test_a_sentence_answering_an_expansion_uses_the_acronym():
    question = "what does xyz stand for"
    assert not holds_kind("It stands on the Vistula River.", "expansion", {"xyz", "stand"}, question)
    assert holds_kind("The XYZ group met.", "expansion", {"xyz", "stand"}, question)


def test_an_expansion_is_answered_from_the_passage_defining_it_and_an_unknown_one_abstains(tmp_path, embedder):
    from ragqa.config import Settings
    from ragqa.index.build import build_index
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
        assert unknown.abstained and unknown.answer.startswith("The articles do not say"), unknown.answer
    finally:
        asyncio.run(services.aclose())
