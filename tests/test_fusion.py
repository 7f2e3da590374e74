"""Pure ranking functions: normalization, fusion, metadata mentions, per-document caps (no model)."""

from datetime import date

import numpy as np
import pytest

from ragqa.retrieval import fusion, query


def test_zscore_standardizes_over_the_mask_only():
    scores = np.array([1.0, 2.0, 3.0, 100.0], dtype=np.float32)
    z = fusion.zscore(scores, np.array([True, True, True, False]))
    assert z[:3] == pytest.approx([-1.2247, 0.0, 1.2247], abs=1e-3)
    assert z[3] > 50  # outside the mask it is still scaled, just not counted in mean/std


def test_zscore_of_constant_scores_is_zero_not_nan():
    z = fusion.zscore(np.zeros(5, dtype=np.float32))
    assert np.all(z == 0)


def test_weighted_fusion_blends_and_rejects_bad_weights():
    dense = np.array([1.0, 0.0])
    keyword = np.array([0.0, 1.0])
    assert fusion.weighted_fusion(dense, keyword, 0.25).tolist() == [0.75, 0.25]
    with pytest.raises(ValueError, match="keyword_weight"):
        fusion.weighted_fusion(dense, keyword, 1.5)


def test_hybrid_scores_keyword_weight_flips_the_order_and_sentence_adds():
    dense = np.array([0.9, 0.1, 0.2, 0.3], dtype=np.float32)
    keyword = np.array([0.0, 9.0, 0.0, 1.0], dtype=np.float32)
    assert int(np.argmax(fusion.hybrid_scores(dense, keyword, 0.0))) == 0
    assert int(np.argmax(fusion.hybrid_scores(dense, keyword, 1.0))) == 1
    sentence = np.array([0.0, 0.0, 9.0, 0.0], dtype=np.float32)
    assert int(np.argmax(fusion.hybrid_scores(dense, keyword, 0.5, sentence=sentence, sentence_weight=10.0))) == 2


def test_rrf_rewards_items_ranked_high_in_both_lists():
    fused = fusion.reciprocal_rank_fusion([[1, 2, 3], [2, 3, 1]], k=1)
    assert max(fused, key=fused.get) == 2


def test_attributed_matches_whole_names_and_their_leading_part():
    sources = ["TechCrunch", "The Independent - Life and Style", "The Verge", "Wired"]
    q = "According to TechCrunch and The Independent, did the verge report..."
    assert query.attributed(q, sources) == {"TechCrunch", "The Independent - Life and Style", "The Verge"}
    assert query.attributed("the wiredness of things", sources) == set()


def test_cap_per_group_pushes_overflow_back_but_keeps_the_count():
    groups = ["a", "a", "a", "b", "c"]
    assert fusion.cap_per_group([0, 1, 2, 3, 4], groups, cap=1, limit=4) == [0, 3, 4, 1]
    assert fusion.cap_per_group([0, 1, 2, 3, 4], groups, cap=2, limit=3) == [0, 1, 3]
    assert fusion.cap_per_group([0, 1, 2], groups, cap=0, limit=2) == [0, 1]


def test_top_indices_respects_the_mask_and_order():
    scores = np.array([0.5, 0.9, 0.1, 0.7])
    assert fusion.top_indices(scores, 2).tolist() == [1, 3]
    assert fusion.top_indices(scores, 3, np.array([True, False, True, False])).tolist() == [0, 2]


def test_mentioned_dates_reads_written_and_iso_dates():
    q = "Between the report published on October 2, 2023, and the one from 2023-11-24, what changed?"
    assert query.mentioned_dates(q) == [("2023-10-02", "2023-10-02"), ("2023-11-24", "2023-11-24")]
    assert query.mentioned_dates("What happened in October?") == []


def test_dated_spans_read_once_are_the_callers_own_to_change():
    q = "what happened on october 2, 2023 and in late june 2020"
    first = query.dated_spans(q, yearless=True)
    first.append((("1999-01-01", "1999-01-01"), (0, 0)))  # a caller editing its list (cached readings are shared)
    again = query.dated_spans(q, yearless=True)
    assert again == first[:-1] and len(again) == 2
    assert [p for p, _ in again] == [("2023-10-02", "2023-10-02"), ("2020-06-21", "2020-06-30")]
    today = date(2024, 3, 10)
    assert query.mentioned_dates("what happened yesterday", today=today) == [("2024-03-09", "2024-03-09")]
    assert query.mentioned_dates("what happened yesterday", today=date(2024, 3, 11)) == [("2024-03-10", "2024-03-10")]


def test_last_june_is_the_latest_june_before_today():
    """ "Anything from last june?" asked in December 2026 means June 2026, not any June; asked in June, last year's;
    a passage's "last March" read against its own day; without a day to read from, any June."""
    assert query.mentioned_dates("anything from last june?", True, date(2026, 12, 6)) == [("2026-06-01", "2026-06-30")]
    assert query.mentioned_dates("what happened last june", True, date(2026, 6, 20)) == [("2025-06-01", "2025-06-30")]
    assert query.mentioned_dates("sold this past march", True, date(2021, 4, 2)) == [("2021-03-01", "2021-03-31")]
    assert query.mentioned_dates("anything from last june?", True) == [("0000-06-01", "0000-06-30")]
    assert query.mentioned_dates("in june", True, date(2026, 12, 6)) == [("0000-06-01", "0000-06-30")]


def test_interleave_takes_turns_without_repeats():
    assert fusion.interleave([[1, 2, 3], [2, 4], [5]], limit=4) == [1, 2, 5, 4]


def test_merge_heads_gives_each_head_a_turn_best_head_first():
    scores = np.array([0.0, 9.0, 1.0, 5.0, 4.0, 3.0])
    order = [1, 3, 4, 5, 2, 0]  # the summed ranking
    source_a = [3, 4]  # the best chunks of one source the question names
    source_b = [2, 5]  # another source's evidence ranks low overall
    merged = fusion.merge_heads(order, [source_b, [1, 3], source_a], scores)
    assert merged[:3] == [1, 3, 2]  # overall best first, then each other head's best in turn
    assert sorted(merged) == list(range(6)) and len(set(merged)) == 6
    assert fusion.merge_heads(order, [], scores) == order


def test_hybrid_scores_sentence_signal_lifts_a_chunk():
    dense = np.array([0.5, 0.5, 0.5, 0.1])
    keyword = np.array([2.0, 2.0, 2.0, 0.0])
    sentence = np.array([0.0, 3.0, 0.0, 0.0])
    plain = fusion.hybrid_scores(dense, keyword, 0.5)
    lifted = fusion.hybrid_scores(dense, keyword, 0.5, sentence=sentence, sentence_weight=0.25)
    assert plain[0] == plain[1]
    assert lifted[1] > lifted[0]


def test_a_follow_ups_trailing_aside_is_context_not_words_to_match():
    rewritten = "Who is its commander? (Which GRU unit was reported to have offered the bounties?)"
    assert query.without_aside(rewritten) == "Who is its commander?"
    cut = "Who leads it? (Which GRU unit was reported to have offered"  # the rewrite truncates long questions
    assert query.without_aside(cut) == "Who leads it?"
    inline = "Did X (formerly Twitter) lose advertisers?"
    assert query.without_aside(inline) == inline


def _full_top(scores: np.ndarray, n: int, mask: np.ndarray | None = None) -> np.ndarray:
    """The selection ``top_indices`` made before its sampled threshold: an argpartition over every score."""
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
        n = min(n, int(mask.sum()))
    part = np.argpartition(-scores, n - 1)[:n]
    return part[np.argsort(-scores[part], kind="stable")]


def test_top_indices_over_long_arrays_picks_what_a_full_selection_picks():
    """Long arrays (BM25-like: mostly zeros, then a long tail) go through a sampled threshold first; the top is
    the same as the full argpartition's (no ties here), and cases the threshold cannot serve (fewer positive
    scores than asked, narrow masks) fall back to it."""
    rng = np.random.default_rng(0)
    size = fusion.SAMPLED_TOP * 3
    scores = np.where(rng.random(size) < 0.3, rng.gamma(2.0, 2.0, size), 0.0).astype(np.float32)
    few = np.zeros(size, np.float32)
    few[rng.choice(size, 50, replace=False)] = rng.random(50, dtype=np.float32) + 1
    broad, narrow = rng.random(size) < 0.2, np.zeros(size, bool)
    narrow[rng.choice(size, 300, replace=False)] = True
    for array in (scores, few):
        for mask in (None, broad, narrow):
            for n in (1, 10, 40, 200, 1000):
                got, expected = fusion.top_indices(array, n, mask), _full_top(array, n, mask)
                assert np.array_equal(array[got], array[expected]), (n, mask is None)
                if array is scores:  # continuous scores: no ties, the very same rows
                    assert np.array_equal(got, expected)
                if mask is not None:
                    assert mask[got].all()


def test_a_documents_file_name_names_it_with_its_version():
    assert query.file_name("licenses/GPL-3.0.txt") == query.FileName(("gpl",), "3.0")
    assert query.file_name("BSD-3-Clause.txt") == query.FileName(("bsd", "clause"), "3")
    assert query.file_name("python-dateutil.rst") == query.FileName(("python", "dateutil"), "")
    assert query.file_name("api/timers.html") == query.FileName(("timer",), "")  # folded: "timer" names it
    assert query.file_name("mh-0001") is None and query.file_name("Harvard_University#0") is None  # no file
    names = query.FileNames(["GPL-3.0.txt", "GPL-2.0.txt", "LGPL-3.0.txt", "MPL-2.0.txt", "grep.txt", "news#1"])

    def named(question, distinctive=lambda word: True):
        return sorted(query.named_files(question, names, distinctive))

    assert named("can i sublicense gpl3 code") == named("gplv3 sublicensing") == ["GPL-3.0.txt"]
    assert named("what does the gpl version 2 say") == named("gpl v2 termination") == ["GPL-2.0.txt"]
    assert named("is the gpl free") == ["GPL-2.0.txt", "GPL-3.0.txt"]  # no version: either
    assert named("the lgpl 3.0 and mpl 2") == ["LGPL-3.0.txt", "MPL-2.0.txt"]
    assert named("mpl 3 steward") == []  # a version the file is not
    assert named("grep ignore case") == ["grep.txt"]
    assert named("grep ignore case", distinctive=lambda word: word != "grep") == []  # a word most documents use
    assert named("gpl lgpl mpl grep") == []  # naming every document names none
