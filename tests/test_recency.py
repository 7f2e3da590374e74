"""The newer document's sentence first (``answering.recency``), on sentences made by hand: no model, no index."""

import dataclasses
from datetime import date

from ragqa.answering.evidence import CITED_WEIGHT, candidates
from ragqa.answering.recency import NOW_MARGIN, names_other_year, newer_of_kind, newer_than, newest_first
from ragqa.records import Chunk, Hit


def sentence(text: str, doc: str, published: str, score: float = 1.0):
    chunk = Chunk(f"{doc}:0", doc, "T", "S", 0, len(text), text, published_at=published)
    template = candidates("What?", [Hit(chunk, 0.5, dense=0.5)])[0]
    return dataclasses.replace(template, text=text, end=len(text), score=score)


OLD = sentence("A deposit of £50 is taken for every booking.", "rules.md", "2024-03-01", 2.0)
NEW = sentence("The deposit rises from £50 to £75 per booking.", "changes.eml", "Tue, 3 Feb 2026 09:12:00 +0000", 1.8)
CANCEL = sentence("A booking cancelled late forfeits the deposit.", "rules.md", "2024-03-01", 1.5)


def test_the_newer_documents_figure_leads_what_the_older_one_said():
    assert newest_first("how much is the machinery deposit now", [OLD, NEW, CANCEL]) == [NEW, OLD, CANCEL]
    # an undated sentence keeps its place; without a word asking for today, the order stays
    assert newest_first("what is the deposit currently", [OLD, CANCEL, NEW]) == [NEW, OLD, CANCEL]
    assert newest_first("how much is the deposit", [OLD, NEW]) == [OLD, NEW]


def test_a_question_naming_its_own_time_keeps_the_order():
    for question in ("how much was the deposit in 2024", "what was the old deposit", "deposit before the change"):
        assert newest_first(question, [OLD, NEW]) == [OLD, NEW]


def test_undated_or_same_day_documents_and_questions_of_no_kind_keep_the_order():
    undated = dataclasses.replace(NEW, hit=Hit(dataclasses.replace(NEW.hit.chunk, published_at=""), 0.5))
    assert newest_first("how much is the deposit now", [OLD, undated]) == [OLD, undated]
    same_day = dataclasses.replace(NEW, hit=Hit(dataclasses.replace(NEW.hit.chunk, published_at="2024-03-01"), 0.5))
    assert newest_first("how much is the deposit now", [OLD, same_day]) == [OLD, same_day]
    assert newest_first("is the db file still the same size", [OLD, NEW]) == [OLD, NEW]


YACHTS_2025 = sentence("In 2025 the harbour welcomed 1,412 visiting yachts.", "report-2025.pdf", "2026-03-01", 2.0)
YACHTS_2024 = sentence("In 2024 visiting yachts numbered 1,206.", "report-2024.pdf", "2025-03-01", 1.0)


def test_a_year_asked_that_no_quoted_passage_names_is_another_years_fact():
    assert names_other_year("how many visiting yachts came in 2023", [YACHTS_2025, YACHTS_2024])
    assert not names_other_year("how many visiting yachts came in 2025", [YACHTS_2025])
    # the passage's document dated in the year asked names it too
    assert not names_other_year("how many visiting yachts in 2025", [YACHTS_2024])
    assert not names_other_year("how many visiting yachts came", [YACHTS_2025])


ROW_2025 = sentence("Lesson: 1-hour lesson; Manual: £38; Automatic: £42", "lesson-prices-2025.md", "2025-01-06", 0.97)
OFFER_2025 = sentence("New pupils get their first 2-hour lesson for £60.", "lesson-prices-2025.md", "2025-01-06", 0.89)
TEST_2025 = sentence("Lesson: Test day; Manual: £95; Automatic: £105", "lesson-prices-2025.md", "2025-01-06", 0.84)
ROW_2026 = sentence("Lesson: 1-hour lesson; Manual: £40; Automatic: £45", "price-list-2026.pdf", "2026-01-05", 0.83)


def test_asked_about_today_a_newer_documents_row_near_the_chosen_ones_is_quoted_first():
    ranked = [ROW_2025, OFFER_2025, TEST_2025, ROW_2026]
    question = "what's the current price of a 1 hour manual lesson"
    chosen = newer_of_kind(question, ranked, ranked[:3], 3)
    assert chosen == [ROW_2025, OFFER_2025, ROW_2026]
    assert newest_first(question, chosen)[0] == ROW_2026
    # not asked about today, or naming a time of its own: the chosen ones stay
    assert newer_of_kind("what's the price of a 1 hour manual lesson", ranked, ranked[:3], 3) == ranked[:3]
    assert newer_of_kind("what was the price of a 1 hour lesson in 2025", ranked, ranked[:3], 3) == ranked[:3]
    # far below the chosen ones, in a passage farther from the question, the newer row answers something else
    far = passage_near(dataclasses.replace(ROW_2026, score=ROW_2025.score - NOW_MARGIN - 0.1), 0.3)
    assert newer_of_kind(question, [*ranked[:3], far], ranked[:3], 3) == ranked[:3]


FARE_JAN = sentence("Ticket: Full line return; Adult: £18.50; Child: £9.00", "fares-2026.pdf", "2026-01-10", 0.69)
SINGLE_JAN = sentence("Ticket: Full line single; Adult: £11.00; Child: £5.50", "fares-2026.pdf", "2026-01-10", 0.68)
FARE_MAR = sentence("The adult full line return will rise from £18.50 to £19.50.", "fares.md", "2026-03-18", 0.67)


def test_a_question_of_no_kind_asks_for_the_kind_of_the_best_chosen_sentence():
    ranked = [FARE_JAN, SINGLE_JAN, FARE_MAR]
    assert newer_of_kind("whats the current adult fare", ranked, ranked[:2], 2) == [FARE_JAN, FARE_MAR]


def test_a_follow_up_of_a_question_about_today_asks_about_today_and_the_cited_article_gains_nothing_for_it():
    ranked = [ROW_2025, OFFER_2025, TEST_2025, ROW_2026]
    now = "how much is a 1 hour lesson now"
    assert newer_of_kind("and automatic?", ranked, ranked[:3], 3, context=now)[-1] == ROW_2026
    assert newer_of_kind("and automatic?", ranked, ranked[:3], 3, context="how much is a lesson") == ranked[:3]
    cited = frozenset({"lesson-prices-2025.md"})
    preferred = [dataclasses.replace(c, score=c.score + CITED_WEIGHT) for c in ranked[:3]]
    assert newer_of_kind(now, [*preferred, ROW_2026], preferred, 3, cited)[-1] == ROW_2026
    farther = passage_near(ROW_2026, 0.3)  # the cited weight counted, a passage farther from the question is below
    assert newer_of_kind(now, [*preferred, farther], preferred, 3) == preferred


def test_a_span_of_years_is_named_by_both_its_ends():
    rates = sentence("Our pass rate for April 2024 to March 2025 was 62%.", "rates.xlsx", "", 1.0)
    assert names_other_year("what's the pass rate for 2025/26", [rates])
    assert not names_other_year("what's the pass rate for 2024/25", [rates])
    target = sentence("The target for 2025-26 is 65%.", "minutes.docx", "", 1.0)
    assert not names_other_year("what's the pass rate target for 2025/26", [target])
    sheet = sentence("Category: Concession; Annual fee: £150", "subscriptions-2025-26.csv", "", 1.0)
    assert not names_other_year("annual fee for concessions 2025/26", [sheet])  # its file name names the span
    titled = dataclasses.replace(
        sheet,
        hit=Hit(dataclasses.replace(sheet.hit.chunk, doc_id="subs.csv", title="subscriptions 2025 26"), 0.5, dense=0.5),
    )
    assert not names_other_year("annual fee for concessions 2025/26", [titled])
    assert names_other_year("annual fee for concessions 2026/27", [sheet, titled])


def passage_near(candidate, dense: float):
    """``candidate`` with its passage ``dense`` near the question."""
    return dataclasses.replace(candidate, hit=dataclasses.replace(candidate.hit, dense=dense))


CLOSED = passage_near(
    sentence("The hall will be closed from Monday 5 January to 9 January 2026.", "closure.eml", "2025-11-28", 1.29),
    0.85,
)
MOVED = passage_near(
    sentence("Change of plan: the works have moved to Monday 19 January.", "postponed.eml", "2025-12-15", 0.55), 0.83
)


def test_a_newer_document_as_near_the_question_is_quoted_first_however_fewer_words_it_repeats():
    question = "when is the hall closed for the boiler works now"
    assert MOVED.score < CLOSED.score - NOW_MARGIN
    chosen = newer_of_kind(question, [CLOSED, MOVED], [CLOSED], 3)
    assert newest_first(question, chosen) == [MOVED, CLOSED]
    # not asked about today, the chosen one stays alone; a passage on another topic is not an update of it
    assert newer_of_kind("when is the hall closed for the boiler works", [CLOSED, MOVED], [CLOSED], 3) == [CLOSED]
    elsewhere = passage_near(MOVED, 0.6)
    assert newer_of_kind(question, [CLOSED, elsewhere], [CLOSED], 3) == [CLOSED]


def test_newer_than_is_the_day_after_the_period_a_document_is_dated_in():
    assert newer_than("2025-03-03") == date(2025, 3, 4)
    assert newer_than("2025-12") == date(2026, 1, 1)
    assert newer_than("") is None


def test_asked_about_today_the_newest_documents_passage_is_searched_for_when_older_ones_fill_the_places(tmp_path):
    """The pipeline's second search (``AnswerPipeline._with_newer``), over a real index built with the fake encoder:
    the 2025 page repeats the question's words, so its passage takes the one place asked for; asked about today, the
    2026 page's passage is found among the documents newer than it and is among the passages read (whether it is
    quoted is ``newer_of_kind``'s to say, tested above)."""
    import asyncio

    from helpers.fake_encoder import FakeEncoder

    from ragqa.config import Settings
    from ragqa.index.build import build_index
    from ragqa.services import Services

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "membership-2025.md").write_text(
        "---\ntitle: Hobby membership\ndate: 2025-02-01\n---\n\nHobby membership is our hobby membership for "
        "hobby makers: hobby membership costs £18 a month.\n"
    )
    (corpus / "rates-2026.md").write_text(
        "---\ntitle: Rates from April 2026\ndate: 2026-04-01\n---\n\n"
        "Hobby membership price from April 2026: £20 a month.\n"
    )
    build_index(corpus, tmp_path / "index", FakeEncoder())
    services = Services.build(Settings(corpus_dir=corpus, index_dir=tmp_path / "index"), FakeEncoder())
    try:
        then = asyncio.run(services.pipeline.answer("how much is hobby membership", top_k=1, history=[]))
        now = asyncio.run(services.pipeline.answer("how much is hobby membership now", top_k=1, history=[]))
    finally:
        asyncio.run(services.aclose())
    assert [h.chunk.doc_id for h in then.hits] == ["membership-2025.md"]
    assert [h.chunk.doc_id for h in now.hits] == ["membership-2025.md", "rates-2026.md"]
