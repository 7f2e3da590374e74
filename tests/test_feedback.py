"""The feedback store: real SQLite files, real threads, a real index rebuilt and pruned beside it."""

import sqlite3
import threading

import pytest

from ragqa.chat.feedback import (
    ConversationFeedbackFull,
    FeedbackStore,
    FeedbackStoreError,
    FeedbackStoreFull,
    clean_text,
    default_feedback_path,
)
from ragqa.index.build import build_index
from ragqa.index.store import list_versions


def test_record_then_list_newest_first_with_counts(tmp_path):
    store = FeedbackStore(tmp_path / "fb.sqlite")
    store.record("conv-1", "ans-1", "up")
    store.record("conv-1", "ans-2", "down", comment="cites the wrong article")
    store.record("conv-2", "ans-3", "down")
    rows = store.recent()
    assert [r.answer_id for r in rows] == ["ans-3", "ans-2", "ans-1"]
    assert rows[1].comment == "cites the wrong article" and rows[1].rating == "down"
    assert [r.answer_id for r in store.recent("up")] == ["ans-1"]
    assert [r.answer_id for r in store.recent(limit=1, offset=1)] == ["ans-2"]
    assert store.counts() == {"up": 1, "down": 2}


def test_rating_again_updates_the_same_row_and_keeps_the_comment(tmp_path):
    store = FeedbackStore(tmp_path / "fb.sqlite")
    first = store.record("c", "a", "down", comment="wrong date")
    second = store.record("c", "a", "up")
    assert second.id == first.id and second.rating == "up"
    assert second.comment == "wrong date", "re-rating without a comment must not erase the earlier one"
    assert second.created_at == first.created_at and second.updated_at >= first.updated_at
    third = store.record("c", "a", "down", comment="actually still wrong")
    assert third.comment == "actually still wrong"
    assert len(store.recent()) == 1


def test_rows_survive_reopening_the_file(tmp_path):
    path = tmp_path / "fb.sqlite"
    FeedbackStore(path).record("c", "a", "down", comment="x")
    reopened = FeedbackStore(path)
    assert [(r.answer_id, r.comment) for r in reopened.recent()] == [("a", "x")]


def test_concurrent_writers_lose_nothing(tmp_path):
    store = FeedbackStore(tmp_path / "fb.sqlite")
    errors = []

    def write(worker: int) -> None:
        try:
            for i in range(25):
                store.record(f"conv-{worker}", f"ans-{i}", "up" if i % 2 else "down")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(w,)) for w in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(store.recent(limit=1000)) == 150
    assert store.counts() == {"up": 72, "down": 78}


def test_an_unwritable_location_gives_an_error_naming_the_file(tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where a folder should be")
    store = FeedbackStore(blocker / "fb.sqlite")
    with pytest.raises(FeedbackStoreError, match="not-a-dir/fb.sqlite"):
        store.record("c", "a", "up")


def test_the_database_refuses_ratings_other_than_up_and_down(tmp_path):
    path = tmp_path / "fb.sqlite"
    FeedbackStore(path).record("c", "a", "up")
    with sqlite3.connect(path) as db, pytest.raises(sqlite3.IntegrityError):
        db.execute(
            "INSERT INTO feedback (conversation_id, answer_id, rating, created_at, updated_at) "
            "VALUES ('c', 'b', 'meh', 'now', 'now')"
        )


def test_feedback_beside_the_index_survives_rebuilds_and_pruning(tmp_path, corpus_copy, embedder):
    index = tmp_path / "index"
    build_index(corpus_copy, index, embedder)
    first = list_versions(index)
    store = FeedbackStore(default_feedback_path(index))
    store.record("c", "a", "down", comment="keep me")
    assert store.path.parent == index and "versions" not in store.path.parts
    article = next(corpus_copy.glob("*.md"))
    article.write_text(article.read_text() + "\n\nAn added closing line.\n")
    build_index(corpus_copy, index, embedder, keep_versions=1)  # publishes a new version, prunes the old one
    assert list_versions(index) != first and len(list_versions(index)) == 1
    assert [(r.answer_id, r.comment) for r in FeedbackStore(default_feedback_path(index)).recent()] == [
        ("a", "keep me")
    ]


# --- bounds and clean texts (anyone holding the widget's public key can write here) ---


def test_control_characters_are_stripped_from_every_text_but_newlines_and_tabs(tmp_path):
    store = FeedbackStore(tmp_path / "fb.sqlite")
    dirty = "one\x00\x1b[31m red\x07\r\ntwo\tcol\rthree\x7f\x85\x9b end"
    store.record("c", "a", "down", comment=dirty, question=dirty, answer=dirty, origin="https://x\x85.example")
    with sqlite3.connect(store.path) as db:
        row = db.execute("SELECT comment, question, answer, origin FROM feedback").fetchone()
    assert row[:3] == ("one[31m red\ntwo\tcol\nthree end",) * 3
    assert row[3] == "https://x.example"
    kept = "plain text, ünïcödé and emoji \U0001f44d\n\tkept"
    assert clean_text(kept) == kept


def test_a_conversation_rates_at_most_n_answers_and_rating_one_again_still_works(tmp_path):
    store = FeedbackStore(tmp_path / "fb.sqlite", max_per_conversation=3)
    for n in range(3):
        store.record("conv", f"ans-{n}", "up")
    with pytest.raises(ConversationFeedbackFull, match="start a new conversation"):
        store.record("conv", "ans-3", "up")
    again = store.record("conv", "ans-0", "down", comment="changed my mind")
    assert again.rating == "down" and again.comment == "changed my mind"
    store.record("other-conv", "ans-3", "up")  # other conversations have room of their own
    assert len(store.recent()) == 4


def test_the_database_holds_at_most_max_rows_and_updates_still_work(tmp_path):
    store = FeedbackStore(tmp_path / "fb.sqlite", max_rows=4)
    for n in range(4):
        store.record(f"conv-{n}", "a", "up")
    with pytest.raises(FeedbackStoreFull, match="RAGQA_FEEDBACK_MAX_ROWS"):
        store.record("conv-new", "a", "up")
    assert store.record("conv-1", "a", "down").rating == "down"
    assert store.counts() == {"up": 3, "down": 1}


def test_concurrent_writers_never_pass_the_bounds(tmp_path):
    store = FeedbackStore(tmp_path / "fb.sqlite", max_per_conversation=20, max_rows=30)
    outcomes: list[str] = []

    def write(worker: int) -> None:
        for i in range(10):
            try:
                store.record(f"conv-{worker % 2}", f"ans-{worker}-{i}", "up")
                outcomes.append("stored")
            except (ConversationFeedbackFull, FeedbackStoreFull) as exc:
                outcomes.append(type(exc).__name__)

    threads = [threading.Thread(target=write, args=(w,)) for w in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("stored") == 30 and len(outcomes) == 60
    with sqlite3.connect(store.path) as db:
        per_conversation = dict(db.execute("SELECT conversation_id, COUNT(*) FROM feedback GROUP BY 1").fetchall())
    assert sum(per_conversation.values()) == 30 and max(per_conversation.values()) <= 20
