"""Server-side conversations in SQLite, so every replica (and every ``serve --workers`` process) sees every turn.

Why SQLite and not process memory: behind a load balancer a follow-up question may land on another process than
the first one; with the history in one shared file (default ``<index_dir>/conversations.sqlite``, beside the
feedback database and, like it, outside ``versions/``) the follow-up is rewritten from the same turns wherever it
lands. It keeps the in-memory store's rules: the last ``max_turns`` turns of each conversation, forgotten after
``ttl_s`` seconds without a question, at most ``max_conversations`` live ones (the least recently used go first).

Safe across processes: WAL (readers never wait for the writer), a busy timeout, and every change inside
``BEGIN IMMEDIATE`` so two replicas appending to one conversation at once keep both turns. Expiry uses the wall
clock (``time.time``), which processes on one host share; SQLite's locking needs the processes on one host (a
local disk or a volume of that host, not a network file system).
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any, NamedTuple

from ragqa.chat.conversations import Turn, new_id, stored_turn
from ragqa.chat.transactions import immediate
from ragqa.ingest.wal import Schema

CONVERSATION_DB = "conversations.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    id TEXT PRIMARY KEY,
    turns TEXT NOT NULL DEFAULT '[]',
    updated_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS conversations_updated ON conversations (updated_at);
"""


class ConversationStoreError(Exception):
    """The conversation database cannot be opened or written; the message names the file."""


def default_conversation_path(index_dir: Path) -> Path:
    """``<index_dir>/conversations.sqlite``: next to ``CURRENT`` and ``feedback.sqlite``, never inside a version."""
    return Path(index_dir) / CONVERSATION_DB


def _turns(text: str) -> list[Turn]:
    try:
        return [stored_turn(t) for t in json.loads(text)]
    except (ValueError, KeyError, TypeError):
        return []  # a row we cannot read is a conversation we cannot continue, not a reason to fail the question


def _dump(turns: list[Turn]) -> str:
    return json.dumps([asdict(t) for t in turns])


class _Held(NamedTuple):
    """A thread's open connection, with the process and the file (inode) it was opened for."""

    db: sqlite3.Connection
    pid: int
    inode: int


_INHERITED: list[sqlite3.Connection] = []
"""Connections a forked process inherited: never used, and never closed there (SQLite forbids both)."""


class SQLiteConversationStore:
    """The interface of ``ConversationStore`` (``open``, ``history``, ``append``, ``len``) over a SQLite file.

    Each thread keeps its own connection (threads never share one): a write on a connection opened for it and
    closed after took about 1.1 ms (the last connection to close checkpoints the WAL), one on a kept connection
    0.03 ms, and every question writes twice. A connection is opened again after an error, in a forked process,
    or when the file was replaced. ``clock``: seconds since the epoch, the same in every process; a test may pass
    a fake one.
    """

    def __init__(
        self,
        path: Path,
        max_turns: int = 10,
        ttl_s: float = 1800.0,
        max_conversations: int = 10_000,
        clock: Callable[[], float] = time.time,
        busy_timeout_s: float = 10.0,
    ) -> None:
        self.path = Path(path)
        self.max_turns = max_turns
        self.ttl_s = ttl_s
        self.max_conversations = max_conversations
        self._clock = clock
        self._busy_timeout_s = busy_timeout_s
        self._schema = Schema(_SCHEMA)
        self._local = threading.local()

    def check(self) -> None:
        """Create the database now (start-up), so an unwritable folder fails there and not on a first question."""
        with self._write():
            pass

    def _connect(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=self._busy_timeout_s, isolation_level=None)
            db.execute("PRAGMA synchronous=NORMAL")  # a crash may lose the last turn, never corrupt the file
            self._schema.ensure(db)
            return db
        except (OSError, sqlite3.Error) as exc:
            raise ConversationStoreError(
                f"cannot open the conversation database {self.path}: {exc}; check that its folder is writable "
                "(RAGQA_CONVERSATION_DB)"
            ) from exc

    def _inode(self) -> int | None:
        try:
            return self.path.stat().st_ino
        except OSError:
            return None

    def _connection(self) -> sqlite3.Connection:
        """This thread's connection, opened on first use (again in a forked process or for a replaced file)."""
        held: _Held | None = getattr(self._local, "held", None)
        inode = self._inode()
        if held is not None:
            if held.pid == os.getpid() and held.inode == inode:
                return held.db
            self._drop(held)
        if inode is None:  # no file (yet, or deleted): its tables are created again with it
            self._schema = Schema(_SCHEMA)
        db = self._connect()
        self._local.held = _Held(db, os.getpid(), self._inode() or 0)
        return db

    def _drop(self, held: _Held | None = None) -> None:
        """Let this thread's connection go (after an error, or when it no longer fits)."""
        held = held or getattr(self._local, "held", None)
        self._local.held = None
        if held is None:
            return
        if held.pid != os.getpid():
            _INHERITED.append(held.db)
        else:
            held.db.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """This thread's connection inside ``BEGIN IMMEDIATE`` (the write lock, taken before reading), committed
        on exit."""
        try:
            with immediate(self._connection()) as db:
                yield db
        except sqlite3.Error as exc:
            self._drop()
            raise ConversationStoreError(f"cannot write to the conversation database {self.path}: {exc}") from exc

    def _read(self, sql: str, args: tuple[object, ...]) -> tuple[Any, ...] | None:
        """The first row of a query on this thread's connection."""
        try:
            row: tuple[Any, ...] | None = self._connection().execute(sql, args).fetchone()
            return row
        except sqlite3.Error as exc:
            self._drop()
            raise ConversationStoreError(f"cannot read the conversation database {self.path}: {exc}") from exc

    def _expire(self, db: sqlite3.Connection, now: float, created: bool) -> None:
        """Forget idle conversations, then (after ``created`` one) the least recently used beyond
        ``max_conversations``."""
        db.execute("DELETE FROM conversations WHERE updated_at < ?", (now - self.ttl_s,))
        if not created:
            return
        db.execute(
            "DELETE FROM conversations WHERE id IN "
            "(SELECT id FROM conversations ORDER BY updated_at DESC, rowid DESC LIMIT -1 OFFSET ?)",
            (self.max_conversations,),
        )

    def open(self, conversation_id: str | None) -> tuple[str, list[Turn]]:
        """The id to answer under and its history (see ``ConversationStore.open``): an absent, unknown or expired
        id starts a new conversation under a new id; a live one is touched (its idle time starts again)."""
        now = self._clock()
        with self._write() as db:
            row = None
            if conversation_id:
                row = db.execute(
                    "SELECT turns FROM conversations WHERE id = ? AND updated_at >= ?",
                    (conversation_id, now - self.ttl_s),
                ).fetchone()
            if row is not None:
                db.execute("UPDATE conversations SET updated_at = ? WHERE id = ?", (now, conversation_id))
                self._expire(db, now, created=False)
                assert conversation_id is not None
                return conversation_id, _turns(row[0])
            created = new_id()
            db.execute("INSERT INTO conversations (id, turns, updated_at) VALUES (?, '[]', ?)", (created, now))
            self._expire(db, now, created=True)
            return created, []

    def history(self, conversation_id: str) -> list[Turn]:
        """The stored turns of a live conversation, oldest first (empty when unknown or expired)."""
        now = self._clock()
        row = self._read(
            "SELECT turns FROM conversations WHERE id = ? AND updated_at >= ?", (conversation_id, now - self.ttl_s)
        )
        return _turns(row[0]) if row else []

    def append(self, conversation_id: str, turn: Turn) -> None:
        """Record a finished turn, keeping only the last ``max_turns``; read and written under the write lock, so
        turns appended at once by two processes are both kept."""
        now = self._clock()
        with self._write() as db:
            row = db.execute(
                "SELECT turns FROM conversations WHERE id = ? AND updated_at >= ?", (conversation_id, now - self.ttl_s)
            ).fetchone()
            turns = [*(_turns(row[0]) if row else []), turn][-self.max_turns :]
            db.execute(
                "INSERT INTO conversations (id, turns, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET turns = excluded.turns, updated_at = excluded.updated_at",
                (conversation_id, _dump(turns), now),
            )
            self._expire(db, now, created=row is None)

    def __len__(self) -> int:
        """Live conversations."""
        row = self._read("SELECT COUNT(*) FROM conversations WHERE updated_at >= ?", (self._clock() - self.ttl_s,))
        return int(row[0]) if row else 0
