"""Metadata filters as row masks, and BM25 keyword scores over title/source/date (no model)."""

from datetime import date

import numpy as np
import pytest

from ragqa.records import Chunk
from ragqa.retrieval.filters import FilterColumns, FilterError, Filters
from ragqa.retrieval.keyword import KeywordIndex, date_words, keyword_text


def chunk(i: int, source: str, category: str, published: str, text: str = "text") -> Chunk:
    return Chunk(f"c{i}", f"d{i}", f"Title {i}", f"Title {i}", 0, len(text), text, "", source, published, category)


CHUNKS = [
    chunk(0, "TechCrunch", "technology", "2023-09-30T10:00:00+00:00"),
    chunk(1, "The Verge", "technology", "2023-10-01T00:00:00+00:00"),
    chunk(2, "Fortune", "business", "2023-10-15"),
    chunk(3, "techcrunch", "Business", ""),
]


def test_no_filter_means_no_mask():
    assert FilterColumns(CHUNKS).mask(None) is None
    assert FilterColumns(CHUNKS).mask(Filters()) is None


def test_source_and_category_match_case_insensitively_and_combine():
    cols = FilterColumns(CHUNKS)
    assert cols.mask(Filters(source=("TECHCRUNCH",))).tolist() == [True, False, False, True]
    assert cols.mask(Filters(source=("techcrunch", "Fortune"), category=("business",))).tolist() == [
        False,
        False,
        True,
        True,
    ]


def test_dates_are_inclusive_days_and_undated_chunks_never_match():
    cols = FilterColumns(CHUNKS)
    f = Filters.from_values(published_after="2023-10-01", published_before="2023-10-15")
    assert cols.mask(f).tolist() == [False, True, True, False]
    assert cols.mask(Filters(published_before=date(2023, 9, 30))).tolist() == [True, False, False, False]
    inverted = Filters(published_after=date(2023, 11, 1), published_before=date(2023, 10, 1))
    assert not cols.mask(inverted).any()


def test_bad_values_name_the_field():
    with pytest.raises(FilterError) as err:
        Filters.from_values(published_after="last week")
    assert err.value.field == "published_after"
    with pytest.raises(FilterError) as err:
        Filters.from_values(source=[" "])
    assert err.value.field == "source"


def test_date_words_spell_the_month_as_questions_do():
    assert date_words("2023-10-26T21:11:15+00:00") == "October 26 2023 2023-10-26"
    assert date_words("") == ""
    assert "TechCrunch" in keyword_text(CHUNKS[0]) and "September 30 2023" in keyword_text(CHUNKS[0])


def test_keyword_index_ranks_source_and_word_matches():
    chunks = [
        chunk(0, "TechCrunch", "tech", "2023-10-02", "Bounties were offered by the unit."),
        chunk(1, "The Verge", "tech", "2023-11-02", "A recipe for pizza dough."),
        chunk(2, "Fortune", "biz", "2023-10-02", "Markets fell on Monday."),
    ]
    index = KeywordIndex(chunks)
    assert int(np.argmax(index.scores("who offered the bounty?"))) == 0
    assert int(np.argmax(index.scores("according to The Verge in November"))) == 1
    assert index.scores("zzzz qqqq").tolist() == [0.0, 0.0, 0.0]


def test_a_date_naming_only_its_month_or_year_matches_the_ranges_it_overlaps():
    """Manual pages are dated "September 2022": that month is a period, not an unknown date."""
    cols = FilterColumns(
        [
            chunk(0, "a", "x", "September 2022"),
            chunk(1, "a", "x", "2021"),
            chunk(2, "a", "x", "2022-09-20"),
            chunk(3, "a", "x", "sometime next spring"),
        ]
    )

    def kept(after: str | None = None, before: str | None = None) -> list[bool]:
        return cols.mask(Filters.from_values(published_after=after, published_before=before)).tolist()

    assert kept(after="2022-09-15") == [True, False, True, False]  # September 2022 has days after the 15th
    assert kept(after="2022-10-01") == [False, False, False, False]
    assert kept(before="2022-09-01") == [True, True, False, False]
    assert kept(before="2022-08-31") == [False, True, False, False]
    assert kept(after="2021-12-31", before="2021-12-31") == [False, True, False, False]  # the year's last day
    assert kept(after="2022-01-01", before="2022-08-31") == [False, False, False, False]
