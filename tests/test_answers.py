"""Answers over the default corpus with the real model and FAISS (no server)."""

import re

from helpers.answers import ask


def test_kabulov_is_answered_with_a_citation_naming_him_as_envoy(services):
    result = ask(services, "Who is Zamir Kabulov?")
    assert not result.abstained
    assert "[1]" in result.answer
    cited = [c.hit.chunk.text for c in result.citations]
    assert any("Zamir Kabulov, President Vladimir Putin's envoy to Afghanistan" in t for t in cited)
    assert "envoy" in result.answer


def test_gru_unit_number_is_in_the_answer(services):
    result = ask(services, "Which GRU unit was reported to have offered the bounties?")
    assert not result.abstained
    assert "29155" in result.answer
    assert result.citations[0].hit.chunk.section == "What do we know about the unit reported to have offered bounties?"


def test_off_corpus_question_abstains(services):
    for question in ("What is the capital of Australia?", "What is a good recipe for pizza dough?"):
        result = ask(services, question)
        assert result.abstained, question
        assert result.citations == []
        assert "do not say" in result.answer


def test_markers_match_citations_in_order_of_first_use(services):
    result = ask(services, "Why does Russia want a stable Afghanistan?")
    markers = [int(n) for n in re.findall(r"\[(\d+)\]", result.answer)]
    first_use = list(dict.fromkeys(markers))
    assert first_use == list(range(1, len(first_use) + 1))
    assert [c.n for c in result.citations] == first_use
    # each marker points at the passage its sentence was quoted from
    claims = re.findall(r"(.+?) ((?:\[\d+\])+)\s*", result.answer, flags=re.S)
    assert claims
    for c in result.citations:
        citing = [text.strip() for text, marks in claims if f"[{c.n}]" in re.findall(r"\[\d+\]", marks)]
        assert citing, f"[{c.n}] is listed but no sentence cites it"
        for text in citing:
            assert text in c.hit.chunk.text, (c.n, text)
    assert len(re.findall(r"\[\d+\]", result.answer)) <= 3 * 3


def test_answer_sentences_come_from_cited_passages(services):
    result = ask(services, "What did Bellingcat link Unit 29155 with?")
    by_n = {c.n: c.hit.chunk.text for c in result.citations}
    for sentence, n in re.findall(r"(.+?) \[(\d+)\]\s*", result.answer):
        assert sentence.strip() in by_n[int(n)]


def test_a_sentence_opening_with_its_is_read_with_the_sentence_before(services):
    # "Some have called Unit 29155 sloppy and reckless. But its commander, Maj. Gen. Andrei Averyanov, ..."
    result = ask(services, "Who is the commander of GRU Unit 29155?")
    assert not result.abstained
    # quoted with the sentence it points back to, as one claim
    assert result.answer.startswith(
        "Some have called Unit 29155 sloppy and reckless. But its commander, Maj. Gen. Andrei Averyanov"
    ), result.answer


def test_refers_back_looks_at_the_first_two_words_only():
    from ragqa.answering.evidence import refers_back

    assert refers_back("But its commander was decorated.") and refers_back("It reported that.")
    assert not refers_back("Unit 29155 is sloppy, its critics say.")
