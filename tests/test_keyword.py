"""Keyword indexes: chunk-level BM25 and the best-sentence signal, over real chunks (no model needed)."""

from ragqa.records import Chunk
from ragqa.retrieval.keyword import KeywordIndex, SentenceIndex, date_words, keyword_text


def _chunk(n: int, text: str, **meta) -> Chunk:
    return Chunk(f"c{n}", f"d{n}", meta.pop("title", f"Doc {n}"), "", 0, len(text), text, **meta)


def test_best_sentence_beats_words_spread_over_a_chunk():
    focused = _chunk(
        0,
        "The match was delayed by rain. Positive odds show the underdog's payout on a 100 dollar stake. "
        "Fans waited for hours.",
    )
    spread = _chunk(
        1,
        "Positive thinking helped the team. The odds were long. The payout for players rose. "
        "An underdog story sells tickets.",
    )
    other = _chunk(2, "Nothing about betting here. Just weather and traffic.")
    index = SentenceIndex([focused, spread, other])
    best = index.best_scores("positive odds underdog payout")
    assert best[0] > best[1] > best[2] == 0.0


def test_keyword_index_reads_title_source_and_date_words():
    chunk = _chunk(0, "Shares rose.", title="Apple results", source="TechCrunch", published_at="2023-10-26T10:00:00Z")
    assert "October 26 2023" in keyword_text(chunk) and "TechCrunch" in keyword_text(chunk)
    assert date_words("not a date") == "not a date"
    index = KeywordIndex([chunk, _chunk(1, "Rain fell.")])
    assert index.scores("techcrunch october")[0] > 0 == index.scores("techcrunch october")[1]
    assert list(index.sentence_scores("unknownword")) == [0.0, 0.0]
