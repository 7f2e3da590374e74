"""The SQLite conversation store replicas share: real files, several store objects (as several processes hold),
real processes appending at once, and two apps over one index answering one conversation (fake encoder)."""

from __future__ import annotations

import logging
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest
from helpers import ROOT
from helpers.fake_encoder import FakeEncoder
from helpers.servers import serve_app
from helpers.tiny_app import tiny_settings

from ragqa.api.app import create_app
from ragqa.chat.conversation_db import (
    ConversationStoreError,
    SQLiteConversationStore,
    default_conversation_path,
)
from ragqa.chat.conversations import Conversations, ConversationStore, Turn


class Clock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def turn(n: int | str) -> Turn:
    return Turn(f"q{n}", f"query {n}", f"a{n}", (f"doc#{n}",))


def rows(path: Path) -> int:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT COUNT(*) FROM conversations").fetchone()[0]


def test_both_stores_are_conversations():
    stores: list[Conversations] = [ConversationStore(), SQLiteConversationStore(Path("unused.sqlite"))]
    assert all(callable(s.open) and callable(s.append) and callable(s.history) for s in stores)


def test_two_store_objects_on_one_file_see_each_others_turns(tmp_path):
    path = tmp_path / "conversations.sqlite"
    a, b = SQLiteConversationStore(path), SQLiteConversationStore(path)
    cid, history = a.open(None)
    assert len(cid) == 32 and history == []
    a.append(cid, turn(1))

    again, history = b.open(cid)  # the follow-up lands on the other replica
    assert again == cid and history == [turn(1)]
    b.append(cid, turn(2))
    assert a.history(cid) == [turn(1), turn(2)], "chunk ids and the rewritten query survive the round trip"
    assert len(a) == len(b) == 1

    other, history = b.open("never-issued")
    assert other != "never-issued" and history == []
    assert len(a) == 2


def test_turn_limit_keeps_the_latest_turns(tmp_path):
    path = tmp_path / "c.sqlite"
    a, b = SQLiteConversationStore(path, max_turns=3), SQLiteConversationStore(path, max_turns=3)
    cid, _ = a.open(None)
    for i in range(5):
        (a if i % 2 else b).append(cid, turn(i))
    assert [t.question for t in b.history(cid)] == ["q2", "q3", "q4"]


def test_idle_conversations_expire_and_are_purged(tmp_path):
    path = tmp_path / "c.sqlite"
    clock = Clock()
    a = SQLiteConversationStore(path, ttl_s=60, clock=clock)
    b = SQLiteConversationStore(path, ttl_s=60, clock=clock)
    idle, _ = a.open(None)
    active, _ = a.open(None)
    a.append(idle, turn("idle"))
    a.append(active, turn("active"))
    for _ in range(3):
        clock.now += 40
        assert b.open(active)[0] == active  # each question starts its idle time again, on any replica
    assert a.history(idle) == [] and len(a) == 1
    assert rows(path) == 1, "the expired conversation is deleted from the file, not only hidden"
    new_id, history = b.open(idle)
    assert new_id != idle and history == []
    assert a.history(active) == [turn("active")]


def test_expiry_between_open_and_append_keeps_only_the_new_turn(tmp_path):
    clock = Clock()
    store = SQLiteConversationStore(tmp_path / "c.sqlite", ttl_s=60, clock=clock)
    cid, _ = store.open(None)
    store.append(cid, turn(1))
    clock.now += 61  # the answer took longer than the conversation's remaining life
    store.append(cid, turn(2))
    assert store.history(cid) == [turn(2)]


def test_the_number_of_conversations_is_bounded_least_recent_first(tmp_path):
    clock = Clock()
    store = SQLiteConversationStore(tmp_path / "c.sqlite", max_conversations=2, clock=clock)
    a, _ = store.open(None)
    clock.now += 1
    b, _ = store.open(None)
    clock.now += 1
    store.open(a)  # a is now the most recent
    clock.now += 1
    store.open(None)
    assert len(store) == 2 and rows(tmp_path / "c.sqlite") == 2
    assert store.open(a)[0] == a
    assert store.open(b)[0] != b


def test_threads_appending_at_once_lose_no_turn(tmp_path):
    path = tmp_path / "c.sqlite"
    shared, _ = SQLiteConversationStore(path).open(None)
    errors: list[BaseException] = []

    def work(n: int) -> None:
        store = SQLiteConversationStore(path, max_turns=100)
        try:
            for i in range(10):
                store.append(shared, turn(f"{n}-{i}"))
                own, _ = store.open(None)
                store.append(own, turn(n))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    store = SQLiteConversationStore(path, max_turns=100)
    assert len(store.history(shared)) == 60
    assert len(store) == 1 + 60


APPENDER = """
import sys
from pathlib import Path
from ragqa.chat.conversation_db import SQLiteConversationStore
from ragqa.chat.conversations import Turn

path, cid, name, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
store = SQLiteConversationStore(Path(path), max_turns=100)
for i in range(count):
    store.append(cid, Turn(f"{name}-{i}", "query", "answer"))
    store.history(cid)
"""


def test_processes_appending_to_one_conversation_at_once_keep_every_turn(tmp_path):
    path = tmp_path / "c.sqlite"
    store = SQLiteConversationStore(path, max_turns=100)
    cid, _ = store.open(None)
    env = {"PYTHONPATH": str(ROOT / "src")}
    procs = [
        subprocess.Popen([sys.executable, "-c", APPENDER, str(path), cid, f"p{n}", "20"], env=env, cwd=tmp_path)
        for n in range(4)
    ]
    assert [p.wait(60) for p in procs] == [0, 0, 0, 0]
    questions = [t.question for t in store.history(cid)]
    assert len(questions) == 80 and len(set(questions)) == 80
    for n in range(4):  # each process's turns in its own order
        mine = [q for q in questions if q.startswith(f"p{n}-")]
        assert mine == [f"p{n}-{i}" for i in range(20)]


def test_an_unusable_place_fails_naming_the_file_and_the_setting(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be\n")
    store = SQLiteConversationStore(blocker / "conversations.sqlite")
    with pytest.raises(ConversationStoreError, match="RAGQA_CONVERSATION_DB") as caught:
        store.check()
    assert str(blocker) in str(caught.value)
    with pytest.raises(ConversationStoreError):
        store.open(None)


def open_handles(path: Path) -> int:
    """File descriptors of this process open on ``path`` (its SQLite connections)."""
    fds = Path("/proc/self/fd")
    count = 0
    for fd in fds.iterdir():
        try:
            count += os.readlink(fd) == str(path)
        except OSError:
            continue
    return count


def test_each_thread_keeps_one_connection_across_questions(tmp_path):
    path = tmp_path / "c.sqlite"
    store = SQLiteConversationStore(path)
    for i in range(20):
        cid, _ = store.open(None)
        store.append(cid, turn(i))
        assert store.history(cid) == [turn(i)]
    assert open_handles(path) == 1
    done, release = threading.Event(), threading.Event()

    def other() -> None:
        store.append(store.open(None)[0], turn("thread"))
        done.set()
        release.wait(10)

    worker = threading.Thread(target=other)
    worker.start()
    assert done.wait(10)
    assert open_handles(path) == 2  # threads never share a connection
    release.set()
    worker.join()
    assert len(store) == 21


def test_a_replaced_database_file_is_opened_again_and_loses_no_turn(tmp_path):
    path = tmp_path / "c.sqlite"
    store = SQLiteConversationStore(path)
    old, _ = store.open(None)
    store.append(old, turn(1))
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)  # e.g. an operator clearing the history
    assert store.history(old) == []
    cid, _ = store.open(None)
    store.append(cid, turn(2))
    assert rows(path) == 1  # written to the file at the path, not to the deleted one
    assert SQLiteConversationStore(path).history(cid) == [turn(2)]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_process_opens_its_own_connection(tmp_path):
    path = tmp_path / "c.sqlite"
    store = SQLiteConversationStore(path, max_turns=10)
    cid, _ = store.open(None)
    store.append(cid, turn("parent"))
    pid = os.fork()
    if pid == 0:  # the child: the inherited connection is neither used nor closed
        code = 1
        try:
            store.append(cid, turn("child"))
            code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    store.append(cid, turn("parent again"))
    assert store.history(cid) == [turn("parent"), turn("child"), turn("parent again")]


def test_a_damaged_row_is_a_conversation_that_starts_over(tmp_path):
    path = tmp_path / "c.sqlite"
    store = SQLiteConversationStore(path)
    cid, _ = store.open(None)
    store.append(cid, turn(1))
    with sqlite3.connect(path) as db:
        db.execute("UPDATE conversations SET turns = 'not json' WHERE id = ?", (cid,))
    assert store.history(cid) == []
    store.append(cid, turn(2))
    assert store.history(cid) == [turn(2)]


def test_two_apps_over_one_index_continue_each_others_conversations(tmp_path):
    """Two replicas (two apps, each its own ``Services``) over one index folder: the follow-up asked on the second
    is rewritten from the first question, asked on the first, and keeps the conversation's id."""
    settings = tiny_settings(tmp_path)
    with (
        serve_app(create_app(settings, encoder=FakeEncoder())) as first,
        serve_app(create_app(settings, encoder=FakeEncoder())) as second,
        httpx.Client(base_url=first, timeout=30) as a,
        httpx.Client(base_url=second, timeout=30) as b,
    ):
        asked = a.post("/ask", json={"question": "Which GRU unit offered the bounties?"})
        assert asked.status_code == 200, asked.text
        cid = asked.json()["conversation_id"]
        follow_up = b.post("/ask", json={"question": "Who is its commander?", "conversation_id": cid})
        assert follow_up.status_code == 200, follow_up.text
        assert follow_up.json()["conversation_id"] == cid, "the second replica knew the conversation"
        assert "Averyanov" in follow_up.json()["answer"]
    stored = SQLiteConversationStore(default_conversation_path(settings.index_dir)).history(cid)
    assert [t.question for t in stored] == ["Which GRU unit offered the bounties?", "Who is its commander?"]
    assert stored[1].query == "Who is its commander? (Which GRU unit offered the bounties?)"


def test_serve_refuses_to_start_when_the_conversation_database_cannot_be_created(tmp_path, monkeypatch, capsys):
    from ragqa.cli import main

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be\n")
    monkeypatch.setenv("RAGQA_CONVERSATION_DB", str(blocker / "conversations.sqlite"))
    # `ragqa serve` sends every log line to this test's captured stderr: put pytest's handlers back afterwards,
    # or later in-process servers would log into a closed stream
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        assert main(["serve", "--index", str(tmp_path / "index"), "--workers", "2"]) == 2  # before any model loads
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    err = capsys.readouterr().err
    assert "ragqa: error: cannot open the conversation database" in err and "RAGQA_CONVERSATION_DB" in err
