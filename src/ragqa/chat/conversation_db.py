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
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

from ragqa.chat.conversations import Turn, new_id
from ragqa.chat.transactions import write_transaction
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
        return [Turn(t["question"], t["query"], t["answer"], tuple(t.get("chunk_ids", ()))) for t in json.loads(text)]
    except (ValueError, KeyError, TypeError):
        return []  # a row we cannot read is a conversation we cannot continue, not a reason to fail the question


def _dump(turns: list[Turn]) -> str:
    return json.dumps([asdict(t) for t in turns])


class SQLiteConversationStore:
    """The interface of ``ConversationStore`` (``open``, ``history``, ``append``, ``len``) over a SQLite file.

    Each call opens its own connection (threads never share one; a call costs well under a millisecond).
    ``clock``: seconds since the epoch, the same in every process; a test may pass a fake one.
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

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """A connection inside ``BEGIN IMMEDIATE`` (the write lock, taken before reading), committed on exit."""
        try:
            with write_transaction(self._connect()) as db:
                yield db
        except sqlite3.Error as exc:
            raise ConversationStoreError(f"cannot write to the conversation database {self.path}: {exc}") from exc

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
        db = self._connect()
        try:
            row = db.execute(
                "SELECT turns FROM conversations WHERE id = ? AND updated_at >= ?", (conversation_id, now - self.ttl_s)
            ).fetchone()
        except sqlite3.Error as exc:
            raise ConversationStoreError(f"cannot read the conversation database {self.path}: {exc}") from exc
        finally:
            db.close()
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
        now = self._clock()
        db = self._connect()
        try:
            (count,) = db.execute(
                "SELECT COUNT(*) FROM conversations WHERE updated_at >= ?", (now - self.ttl_s,)
            ).fetchone()
        except sqlite3.Error as exc:
            raise ConversationStoreError(f"cannot read the conversation database {self.path}: {exc}") from exc
        finally:
            db.close()
        return int(count)
