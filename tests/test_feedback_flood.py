"""``POST /feedback`` cannot fill the database: a rate per client and conversation, a number of rated answers per
conversation, a number of records in all, and texts stored without control characters.

A real app (the tiny corpus, the fake encoder: no model) served by uvicorn on loopback, with its feedback in a
real SQLite file read back directly; clients connect from loopback addresses of their own (127.0.0.x).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import httpx
from helpers.tiny_app import client_from, serve_tiny_app


def rate(client: httpx.Client, conversation: str, answer_id: str, rating: str = "up", **extra: str) -> httpx.Response:
    body = {"conversation_id": conversation, "answer_id": answer_id, "rating": rating, **extra}
    return client.post("/feedback", json=body)


def rows(db: Path, query: str = "SELECT conversation_id, answer_id, rating FROM feedback ORDER BY id") -> list:
    with sqlite3.connect(db) as connection:
        return connection.execute(query).fetchall()


def test_feedback_past_the_default_rate_for_one_conversation_gets_429_with_retry_after(tmp_path):
    # the defaults: 10 a minute per client and conversation, though RAGQA_RATE_LIMIT is unset
    with serve_tiny_app(tmp_path) as base, client_from(base, "127.0.0.2") as client:
        statuses = [rate(client, "conv-busy", f"ans-{n}").status_code for n in range(12)]
        assert statuses == [201] * 10 + [429] * 2
        refused = rate(client, "conv-busy", "ans-0", "down")  # updating counts too: each post is a write
        assert refused.status_code == 429
        error = refused.json()["error"]
        assert error["type"] == "rate_limited" and "too much feedback on this conversation" in error["message"]
        assert "10 per 60 s" in error["message"]
        assert 1 <= int(refused.headers["retry-after"]) <= 6
        # the same client's other conversation, and another client on this one, have buckets of their own
        assert rate(client, "conv-other", "ans-0").status_code == 201
        with client_from(base, "127.0.0.3") as neighbour:
            assert rate(neighbour, "conv-busy", "ans-99").status_code == 201
    stored = rows(tmp_path / "feedback.sqlite")
    assert len(stored) == 12 and ("conv-busy", "ans-0", "up") in stored  # the refused update changed nothing


def test_a_conversation_rates_at_most_n_answers_and_rating_one_again_still_works(tmp_path):
    settings = {"feedback_max_per_conversation": 3, "feedback_rate_limit": ""}
    with serve_tiny_app(tmp_path, **settings) as base, client_from(base, "127.0.0.4") as client:
        assert [rate(client, "conv-full", f"ans-{n}").status_code for n in range(3)] == [201] * 3
        full = rate(client, "conv-full", "ans-3")
        assert full.status_code == 409, full.text
        error = full.json()["error"]
        assert error["type"] == "conflict"
        assert "already has feedback on 3 answers" in error["message"]
        assert "start a new conversation" in error["message"]
        again = rate(client, "conv-full", "ans-1", "down", comment="wrong after all")
        assert again.status_code == 201 and again.json()["rating"] == "down"
        assert rate(client, "conv-next", "ans-3").status_code == 201
    stored = rows(tmp_path / "feedback.sqlite", "SELECT conversation_id, COUNT(*) FROM feedback GROUP BY 1 ORDER BY 1")
    assert stored == [("conv-full", 3), ("conv-next", 1)]


def test_a_full_database_refuses_new_records_with_503_and_keeps_updating_old_ones(tmp_path):
    settings = {"feedback_max_rows": 4, "feedback_rate_limit": ""}
    with serve_tiny_app(tmp_path, **settings) as base, client_from(base, "127.0.0.5") as client:
        # a script inventing a conversation per post gets past the per-conversation bounds, not this one
        assert [rate(client, f"conv-{n}", "a").status_code for n in range(4)] == [201] * 4
        full = rate(client, "conv-4", "a")
        assert full.status_code == 503, full.text
        message = full.json()["error"]["message"]
        assert "feedback store is full" in message and "sqlite" not in message  # no path on an open route
        assert rate(client, "conv-0", "a", "down").status_code == 201
    assert len(rows(tmp_path / "feedback.sqlite")) == 4


def test_control_characters_are_stripped_before_storing(tmp_path):
    dirty = "\x1b[2J\x00Wrong\x07 date\x08\x08\r\nsee\tline 2\x85\x9b"
    with serve_tiny_app(tmp_path) as base, client_from(base, "127.0.0.6") as client:
        created = rate(
            client,
            "conv-ctl",
            "ans-ctl",
            "down",
            comment=dirty,
            question="\x00 Who is Kabulov?\x1b",
            answer=f"An envoy.\x0c{dirty}",
        )
        assert created.status_code == 201, created.text
        assert created.json()["comment"] == "[2JWrong date\nsee\tline 2"
    [(comment, question, answer)] = rows(tmp_path / "feedback.sqlite", "SELECT comment, question, answer FROM feedback")
    assert comment == "[2JWrong date\nsee\tline 2"
    assert question == "Who is Kabulov?"
    assert answer == "An envoy.[2JWrong date\nsee\tline 2"
    for text in (comment, question, answer):
        assert not any(ord(c) < 32 and c not in "\n\t" or 0x7F <= ord(c) <= 0x9F for c in text), repr(text)
