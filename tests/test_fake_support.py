"""The citation support check (``answering.verify``) with the fake encoder's vectors: the rule, per-citation
verdicts and the sentence-vector cache, without a model (the real model's verdicts: test_verify_prompts.py)."""

import pytest
from helpers.fake_encoder import FakeEncoder

from ragqa.answering.citations import Citation
from ragqa.answering.verify import SentenceVectors, check_support, supports, word_overlap
from ragqa.records import Chunk, Hit

ENVOY = (
    "Zamir Kabulov, President Vladimir Putin's envoy to Afghanistan, called the intelligence an outright fake. "
    "Kabulov is a former KGB agent who has worked on Afghanistan since the Soviet war."
)
HEROIN = "Russia has the highest per capita consumption rate of heroin, Galeotti said."


def hit(text: str, n: int) -> Hit:
    return Hit(Chunk(f"c{n}", f"doc{n}.md", "Title", "Section", 0, len(text), text), 0.5)


def test_the_rule_needs_similarity_with_some_overlap_or_near_total_overlap():
    assert supports(0.6, 0.4) and not supports(0.59, 0.4) and not supports(0.9, 0.39)
    assert supports(0.25, 0.75) and not supports(0.24, 1.0)
    assert not supports(0.7, 0.5, min_similarity=0.8) and supports(0.7, 0.3, min_overlap=0.3)
    assert word_overlap("Kabulov called the intelligence fake", ENVOY) == 1.0
    assert word_overlap("Kabulov won the Nobel Peace Prize", ENVOY) == pytest.approx(1 / 5)
    assert word_overlap("the of", HEROIN) == 1.0  # no content words: nothing to contradict


def test_each_citation_is_supported_only_when_every_claim_citing_it_is():
    fake = FakeEncoder()
    answer = (
        "Kabulov called the intelligence an outright fake [1]. "
        "He is a former KGB agent who worked on Afghanistan [1][2]. "
        "Russia has the highest consumption rate of heroin [2]."
    )
    checked, checks = check_support(answer, [Citation(1, hit(ENVOY, 1)), Citation(2, hit(HEROIN, 2))], fake.encode)
    verdicts = {(c.claim, c.n): c.supported for c in checks}
    assert verdicts == {
        ("Kabulov called the intelligence an outright fake", 1): True,
        ("He is a former KGB agent who worked on Afghanistan", 1): True,
        ("He is a former KGB agent who worked on Afghanistan", 2): False,
        ("Russia has the highest consumption rate of heroin", 2): True,
    }
    assert [(c.n, c.supported) for c in checked] == [(1, True), (2, False)]
    fake_pair = next(c for c in checks if c.n == 2 and c.claim.startswith("He is"))
    assert fake_pair.overlap == 0.0 and fake_pair.similarity < 0.25


def test_a_claim_reusing_one_name_is_not_supported():
    checked, checks = check_support(
        "Kabulov won the Nobel Peace Prize in 1990 [1].", [Citation(1, hit(ENVOY, 1))], FakeEncoder().encode
    )
    assert checked[0].supported is False
    assert checks[0].overlap < 0.4 and checks[0].similarity < 0.6


def test_uncited_passages_and_unknown_markers_get_no_verdict():
    citations = [Citation(1, hit(ENVOY, 1)), Citation(2, hit(HEROIN, 2))]
    checked, checks = check_support(
        "Kabulov called the intelligence fake [1]. Made up [7].", citations, FakeEncoder().encode
    )
    assert [c.supported for c in checked] == [True, None]
    assert [c.n for c in checks] == [1]
    none, no_checks = check_support("No markers at all.", citations, FakeEncoder().encode)
    assert [c.supported for c in none] == [None, None] and no_checks == []


def test_passage_sentences_are_encoded_once_and_the_cache_gives_the_same_verdicts():
    fake = FakeEncoder()
    batches: list[list[str]] = []

    def counting(texts):
        batches.append(list(texts))
        return fake.encode(texts)

    vectors = SentenceVectors(counting, max_sentences=50)
    citations = [Citation(1, hit(ENVOY, 1))]
    first, first_checks = check_support("Kabulov called the intelligence fake [1].", citations, vectors)
    second, _ = check_support("Kabulov was a KGB agent [1].", citations, vectors)
    # each text alone: the claim and the passage's two sentences, then only the new claim
    assert [len(b) for b in batches] == [1] * (1 + 2 + 1)
    assert batches[3] == ["Kabulov was a KGB agent"]
    plain, plain_checks = check_support("Kabulov called the intelligence fake [1].", citations, FakeEncoder().encode)
    assert first == plain and first_checks == plain_checks
    assert second[0].supported is True


def test_the_cache_is_bounded():
    fake = FakeEncoder()
    vectors = SentenceVectors(fake.encode, max_sentences=2)
    three = hit("One sentence here. Another sentence there. A third sentence too.", 1)
    check_support("One sentence here [1].", [Citation(1, three)], vectors)
    before = len(fake.encoded)
    check_support("One sentence here [1].", [Citation(1, three)], vectors)
    assert len(fake.encoded) - before > 1  # evicted sentences were encoded again
