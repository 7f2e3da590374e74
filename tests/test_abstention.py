"""Abstention signals as pure functions: unknown publications, unknown names, the dense threshold."""

from ragqa.answering.abstention import (
    Evidence,
    abstains,
    attributed_sources,
    gather,
    unknown_names,
    unknown_sources,
)
from ragqa.records import Chunk, CorpusView, Hit

SOURCES = ["TechCrunch", "The Verge", "The Independent - Life and Style"]


def test_attributed_sources_finds_publications_not_topics():
    q = "Considering a Bloomberg article and a report by The Wall Street Journal on Apple's results, who..."
    found = attributed_sources(q)
    assert "Bloomberg" in found and any("Wall Street Journal" in name for name in found)
    assert attributed_sources("Does the TechCrunch article on Twitch's revenue split differ?") == {"TechCrunch"}


def test_unknown_sources_are_the_attributed_ones_missing_from_the_corpus():
    q = "Does the TechCrunch article agree with a Bloomberg article about the merger?"
    assert unknown_sources(q, SOURCES) == {"Bloomberg"}
    assert unknown_sources("Did The Independent report on her tour?", SOURCES) == set()
    assert unknown_sources(q, []) == set()  # a corpus without sources cannot judge


def test_unknown_names_are_capitalized_words_the_corpus_never_uses():
    vocabulary = {"kabulov", "envoy", "putin"}
    assert unknown_names("Who did Zamir Kabulov meet, according to Rajat Taneja?", vocabulary.__contains__) == {
        "Zamir",
        "Rajat",
        "Taneja",
    }
    assert unknown_names("Who is Kabulov?", vocabulary.__contains__) == set()


def test_decision_combines_threshold_and_unknowns():
    chunk = Chunk("c", "d", "T", "T", 0, 4, "text")
    evidence = gather("Who is Putin?", [Hit(chunk, 1.0, dense=0.6)], CorpusView({"putin"}.__contains__, SOURCES))
    assert evidence == Evidence(0.6)
    assert not abstains(evidence, 0.3)
    assert abstains(evidence, 0.7)
    assert abstains(Evidence(0.6, frozenset({"Bloomberg"})), 0.3)
    assert not abstains(Evidence(0.6, frozenset({"Bloomberg"})), 0.3, check_unknown=False)
