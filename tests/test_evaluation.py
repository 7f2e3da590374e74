"""The official MultiHop-RAG metrics on hand-made rankings (values worked out by hand)."""

import pytest

from ragqa.eval.metrics import answer_contains, retrieval_metrics, score_query


def test_relevance_ignores_spaces_and_newlines():
    s = score_query(["The cat\nsat on the mat today."], ["cat sat on the mat"])
    assert s.hits10 and s.hits4 and s.reciprocal_rank == 1.0


def test_mrr_hits_and_map_follow_the_official_formula():
    facts = ["alpha fact", "beta fact"]
    retrieved = ["nothing", "x alpha fact", "nothing", "nothing", "beta fact y"] + ["z"] * 5
    s = score_query(retrieved, facts)
    assert s.reciprocal_rank == pytest.approx(1 / 2)
    assert s.hits10 and s.hits4  # first relevant chunk at rank 2
    assert s.average_precision == pytest.approx((1 / 2 + 1 / 5) / 2)


def test_hits4_is_true_when_a_relevant_chunk_is_in_the_first_four():
    assert score_query(["n", "n", "n", "alpha fact"], ["alpha fact"]).hits4
    assert not score_query(["n", "n", "n", "n", "alpha fact"], ["alpha fact"]).hits4


def test_a_fact_counts_once_and_ranks_beyond_ten_are_ignored():
    s = score_query(["alpha fact", "alpha fact again"], ["alpha fact", "gamma"])
    assert s.average_precision == pytest.approx(1 / 2)
    assert score_query(["n"] * 10 + ["alpha fact"], ["alpha fact"]).hits10 is False


def test_metrics_average_overall_and_by_type():
    m = retrieval_metrics([("a", ["fact one"], ["fact one"]), ("b", ["none"], ["fact two"])])
    assert m.hits10 == 0.5 and m.mrr10 == 0.5
    assert m.by_type["a"].hits10 == 1.0 and m.by_type["b"].hits10 == 0.0


def test_answer_containment_folds_case_and_spacing():
    assert answer_contains("It is in  France, in the north.", ["france"])
    assert not answer_contains("It is in Germany.", ["France", " "])
    assert answer_contains("It is pronounced Deb\u2019-ee-en.", ["Deb'-ee-en"])  # curled by an editor
    assert answer_contains('Called "Buzz".', ["\u201cBuzz\u201d"])


def test_a_gold_day_stored_as_iso_is_found_however_the_answer_writes_it():
    published = '"Sampler review" was published on December 19, 2023 at 3:00 p.m. (UTC). [1]'
    assert answer_contains(published, ["2023-12-19"]) and answer_contains("on 19 December 2023", ["2023-12-19"])
    assert not answer_contains(published, ["2023-12-18"])
    assert not answer_contains("month 13", ["2023-13-45"]), "no day: matched as written only"


def test_a_question_set_can_name_records_of_a_jsonl_corpus_by_id(tmp_path):
    import json

    from ragqa.eval.runners import _question_corpus

    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({"id": i, "title": i, "text": f"Text {i}."}) + "\n" for i in "abc"))
    data = tmp_path / "data" / "set.json"
    folder = _question_corpus({"jsonl": str(corpus), "ids": ["c", "a"]}, data, tmp_path / "cache")
    staged = [json.loads(line)["id"] for line in (folder / "corpus.jsonl").read_text().splitlines()]
    assert staged == ["a", "c"]
    with pytest.raises(ValueError, match="lacks some of the ids"):
        _question_corpus({"jsonl": str(corpus), "ids": ["a", "z"]}, data, tmp_path / "cache")
