"""Ranking without a model: ``Retriever`` over an index that ``build_index`` made with the fake encoder.

The fake encoder only knows shared words, so these tests check what retrieval does with vectors and words
(row alignment, fusion, filters, source boosts, top-k), not how well a real model understands questions.
"""

import dataclasses

import numpy as np
import pytest
from helpers.fake_encoder import FakeEncoder
from helpers.tiny_corpus import DOC_ID, write_tiny_corpus

from ragqa.config import Settings
from ragqa.index.build import build_index, embedding_input
from ragqa.index.store import load_version
from ragqa.retrieval.filters import Filters
from ragqa.retrieval.retriever import RetrievalOptions, Retriever

DEFAULTS = RetrievalOptions.from_settings(Settings())
DENSE_ONLY = dataclasses.replace(DEFAULTS, hybrid=False)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    root = tmp_path_factory.mktemp("fake-index")
    build_index(write_tiny_corpus(root / "corpus"), root / "index", FakeEncoder())
    return load_version(root / "index")


def retriever(loaded, options=DEFAULTS):
    return Retriever(loaded, FakeEncoder(), options)


QUESTIONS = [
    ("Who is Zamir Kabulov?", "kabulov", "Who is Zamir Kabulov?"),
    ("Which GRU unit offered the bounties?", "unit", "The GRU unit behind the bounties"),
    ("How long should pizza dough rise?", "pizza", "Neapolitan pizza dough"),
    ("Where do the rooftop solar panels go next year?", "solar", "Solar panels on rooftops"),
    ("Why does Moscow want a stable Afghanistan?", "kabulov", "Why does Moscow want a stable Afghanistan?"),
]


@pytest.mark.parametrize("options", [DEFAULTS, DENSE_ONLY], ids=["hybrid", "dense"])
@pytest.mark.parametrize("question, doc, section", QUESTIONS)
def test_each_question_ranks_the_passage_that_shares_its_words_first(loaded, options, question, doc, section):
    hits = retriever(loaded, options).search(question, 3)
    assert len(hits) == 3
    assert (hits[0].chunk.doc_id, hits[0].chunk.section) == (DOC_ID[doc], section)
    assert hits[0].dense > max(h.dense for h in hits[1:])


def test_dense_scores_are_the_cosines_of_the_question_and_the_stored_row_of_that_chunk(loaded):
    fake = FakeEncoder()
    question = "What did Bellingcat link Unit 29155 with?"
    q = fake.encode([question])[0]
    for hit in retriever(loaded).search(question, loaded.chunk_count):
        assert hit.dense == pytest.approx(float(q @ fake.encode([embedding_input(hit.chunk)])[0]), abs=1e-5)


def test_dense_only_ranks_by_cosine_and_hybrid_adds_keyword_scores(loaded):
    question = "How long should pizza dough rise?"
    dense = retriever(loaded, DENSE_ONLY).search(question, loaded.chunk_count)
    assert [h.score for h in dense] == [h.dense for h in dense] == sorted((h.dense for h in dense), reverse=True)
    assert all(h.keyword == 0 for h in dense)
    hybrid = retriever(loaded).search(question, loaded.chunk_count)
    by_doc = {h.chunk.doc_id: h for h in hybrid}
    assert by_doc["pizza"].keyword > 0 and by_doc["solar"].keyword == 0  # no word of the question in it
    assert by_doc["pizza"].score - by_doc["pizza"].dense > 1.0  # the keyword match lifts it well above its cosine


def test_top_k_bounds_the_hits_and_every_chunk_comes_back_at_most_once(loaded):
    r = retriever(loaded)
    assert len(r.search("Kabulov", 2)) == 2
    assert r.search("Kabulov", 0) == []
    everything = r.search("Kabulov", 50)
    assert sorted(h.chunk.chunk_id for h in everything) == sorted(c.chunk_id for c in loaded.chunks)


def test_filters_mask_before_ranking(loaded):
    r = retriever(loaded)
    question = "How long should pizza dough rise?"
    only_energy = r.search(question, 5, Filters.from_values(source=["energy wire"]))  # case-insensitive
    assert [h.chunk.doc_id for h in only_energy] == ["solar"]  # the one match, though it shares no word
    dated = r.search(question, 5, Filters.from_values(published_after="2023-10-01"))
    assert [h.chunk.doc_id for h in dated] == ["pizza", "solar"]  # undated articles never match a date filter
    assert r.search(question, 5, Filters.from_values(category=["Energy"], published_before="2023-11-01")) == []


def test_a_source_the_question_names_is_boosted(loaded):
    question = "What did Food Weekly report about the council's plans?"  # the council is in the solar article
    boosted = retriever(loaded).search(question, 2)
    plain = retriever(loaded, dataclasses.replace(DEFAULTS, source_boost=0.0)).search(question, 2)
    assert [h.chunk.doc_id for h in plain] == ["solar", "pizza"]
    assert [h.chunk.doc_id for h in boosted] == ["pizza", "solar"]
    assert boosted[0].score - plain[1].score == pytest.approx(DEFAULTS.source_boost, abs=1e-4)


def test_a_document_the_question_names_by_its_file_name_is_boosted(loaded):
    question = "What does the kabulov file say about pizza dough?"  # kabulov.md: nothing about pizza
    boosted = retriever(loaded).search(question, 2)
    plain = retriever(loaded, dataclasses.replace(DEFAULTS, document_boost=0.0)).search(question, 2)
    assert plain[0].chunk.doc_id == "pizza"
    assert boosted[0].chunk.doc_id == "kabulov.md"
    assert boosted[0].score - next(h.score for h in plain if h.chunk.doc_id == "kabulov.md") == pytest.approx(
        DEFAULTS.document_boost, abs=1e-4
    )
    unnamed = retriever(loaded).search("What about pizza dough?", 2)  # JSONL records have no file name
    assert unnamed[0].chunk.doc_id == "pizza"


def test_the_corpus_view_knows_the_vocabulary_and_the_sources(loaded):
    r = retriever(loaded)
    view = r.corpus_view()
    assert view.has_term("kabulov") and view.has_term("bellingcat") and not view.has_term("taneja")
    assert list(view.sources) == ["Energy Wire", "Food Weekly"]
    assert retriever(loaded, DENSE_ONLY).corpus_view().has_term is None  # no keyword index: cannot say


def test_questions_are_encoded_once_and_primed_vectors_are_used_instead(loaded):
    fake = FakeEncoder()
    r = Retriever(loaded, fake, DENSE_ONLY)
    r.search("Who is Zamir Kabulov?", 1)
    r.search("Who is Zamir Kabulov?", 1)
    assert fake.encoded == ["Who is Zamir Kabulov?"]
    pizza_vector = fake.encode(["pizza dough"])[0]
    r.prime_vectors({"Who is Averyanov?": pizza_vector})  # a primed vector wins over encoding the text
    assert r.search("Who is Averyanov?", 1)[0].chunk.doc_id == "pizza"
    assert "Who is Averyanov?" not in fake.encoded
    assert np.allclose(r.query_vectors(["Who is Averyanov?"])[0], pizza_vector)


def test_a_day_the_question_names_without_a_year_marks_the_chunks_published_that_day_in_any_year(loaded):
    search = retriever(loaded)
    published = np.array([c.published_at[:10] for c in loaded.chunks])
    for question, day in (("what came out on october 2", "10-02"), ("news of 15/11/2023", "11-15")):
        mask = search.day_mask(question)
        assert mask is not None and mask.any()
        assert all(p.endswith(day) for p in published[mask]) and not any(p.endswith(day) for p in published[~mask])
    assert search.day_mask("what came out on march 3") is not None and not search.day_mask("on march 3").any()
    assert search.day_mask("what may 5 people do") is None
