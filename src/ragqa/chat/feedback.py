"""Thumbs up/down on answers, stored durably in SQLite beside the index (no HTTP in here).

Why beside the index and not inside ``index/versions/``: versions are pruned after each build, while feedback
must outlive every rebuild. One row per (conversation, answer): rating again or adding a comment updates the
row, so the admin list shows each answer once with the reader's latest opinion.

Anyone holding the widget's public key can write here, so the store is bounded: at most ``max_per_conversation``
answers rated per conversation (re-rating one always works: it adds no row) and ``max_rows`` records in all, and
control characters are stripped from every text before it is stored (they could forge lines or hide text in the
admin list, a terminal or a spreadsheet export).
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from ragqa.chat.transactions import write_transaction
from ragqa.ingest.wal import Schema

Rating = Literal["up", "down"]
FEEDBACK_DB = "feedback.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id TEXT NOT NULL,
    answer_id TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    comment TEXT NOT NULL DEFAULT '',
    question TEXT NOT NULL DEFAULT '',
    answer TEXT NOT NULL DEFAULT '',
    origin TEXT NOT NULL DEFAULT '',
    verified INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (conversation_id, answer_id)
);
CREATE INDEX IF NOT EXISTS feedback_rating ON feedback (rating, updated_at);
"""


class FeedbackStoreError(Exception):
    """The feedback database cannot be opened or written; the message names the file."""


class ConversationFeedbackFull(Exception):
    """The conversation has feedback on as many answers as allowed; the message says what to do."""


class FeedbackStoreFull(Exception):
    """The database holds as many records as allowed; the message names the setting that raises it."""


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""C0 controls but tab and newline, DEL and C1 controls."""


def clean_text(value: str) -> str:
    """``value`` without control characters: line breaks become ``\\n``, tabs stay, every other control goes."""
    return _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


@dataclass(frozen=True)
class FeedbackRecord:
    """One reader's opinion of one answer."""

    id: int
    conversation_id: str
    answer_id: str
    rating: str
    comment: str
    question: str
    answer: str
    origin: str
    verified: bool
    created_at: str
    updated_at: str

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> FeedbackRecord:
        values = dict(row)
        values["verified"] = bool(values["verified"])
        return cls(**values)


def default_feedback_path(index_dir: Path) -> Path:
    """``<index_dir>/feedback.sqlite``: next to ``CURRENT`` and ``versions/``, never inside a version."""
    return Path(index_dir) / FEEDBACK_DB


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class FeedbackStore:
    """Append-or-update feedback rows; each call opens its own connection, so threads never share one.

    ``max_per_conversation``, ``max_rows``: the bounds (``None``: none) checked before a new row is added.
    """

    def __init__(self, path: Path, max_per_conversation: int | None = None, max_rows: int | None = None) -> None:
        self.path = Path(path)
        self.max_per_conversation = max_per_conversation
        self.max_rows = max_rows
        self._schema = Schema(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=10)
            db.execute("PRAGMA synchronous=FULL")  # a recorded opinion survives a power cut
            self._schema.ensure(db)
            db.row_factory = sqlite3.Row
            return db
        except (OSError, sqlite3.Error) as exc:
            raise FeedbackStoreError(
                f"cannot open the feedback database {self.path}: {exc}; check that its folder is writable"
            ) from exc

    def record(
        self,
        conversation_id: str,
        answer_id: str,
        rating: Rating,
        comment: str = "",
        question: str = "",
        answer: str = "",
        origin: str = "",
        verified: bool = False,
    ) -> FeedbackRecord:
        """Store a rating (and comment) for an answer; a second call for the same answer updates it.

        An empty comment (question, answer) on an update keeps the earlier one, so re-rating erases nothing.
        ``verified``: the server itself gave this answer in the conversation; a text sent that differs from the
        stored one takes this rating's word, else a rating once verified stays so. Texts are stored without
        control characters. Raises ``ConversationFeedbackFull`` or ``FeedbackStoreFull`` instead of adding a row
        past a bound; an update is always allowed.
        """
        comment, question, answer, origin = (clean_text(t) for t in (comment, question, answer, origin))
        now = _now()
        db = self._connect()
        db.isolation_level = None  # transactions by hand: the bounds are checked inside the write lock
        try:
            with write_transaction(db):
                self._check_room(db, conversation_id, answer_id)
                db.execute(
                    """
                    INSERT INTO feedback (conversation_id, answer_id, rating, comment, question, answer, origin,
                                          verified, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (conversation_id, answer_id) DO UPDATE SET
                        rating = excluded.rating,
                        comment = CASE WHEN excluded.comment != '' THEN excluded.comment ELSE feedback.comment END,
                        question = CASE WHEN excluded.question != '' THEN excluded.question ELSE feedback.question END,
                        answer = CASE WHEN excluded.answer != '' THEN excluded.answer ELSE feedback.answer END,
                        origin = CASE WHEN excluded.origin != '' THEN excluded.origin ELSE feedback.origin END,
                        verified = CASE
                            WHEN (excluded.question != '' AND excluded.question != feedback.question)
                                 OR (excluded.answer != '' AND excluded.answer != feedback.answer)
                            THEN excluded.verified
                            ELSE MAX(feedback.verified, excluded.verified) END,
                        updated_at = excluded.updated_at
                    """,
                    (conversation_id, answer_id, rating, comment, question, answer, origin, int(verified), now, now),
                )
                row = db.execute(
                    "SELECT * FROM feedback WHERE conversation_id = ? AND answer_id = ?", (conversation_id, answer_id)
                ).fetchone()
        except sqlite3.Error as exc:
            raise FeedbackStoreError(f"cannot write to the feedback database {self.path}: {exc}") from exc
        return FeedbackRecord.from_row(row)

    def _check_room(self, db: sqlite3.Connection, conversation_id: str, answer_id: str) -> None:
        """Raise when adding a row for this answer would pass a bound; updating an existing row never does."""
        if self.max_per_conversation is None and self.max_rows is None:
            return
        exists = db.execute(
            "SELECT 1 FROM feedback WHERE conversation_id = ? AND answer_id = ?", (conversation_id, answer_id)
        ).fetchone()
        if exists:
            return
        if self.max_per_conversation is not None:
            query = "SELECT COUNT(*) FROM feedback WHERE conversation_id = ?"
            (rated,) = db.execute(query, (conversation_id,)).fetchone()
            if rated >= self.max_per_conversation:
                raise ConversationFeedbackFull(
                    f"this conversation already has feedback on {rated} answers, the most one conversation may rate: "
                    "rating one of them again still updates it; start a new conversation to rate new answers"
                )
        if self.max_rows is not None:
            (total,) = db.execute("SELECT COUNT(*) FROM feedback").fetchone()
            if total >= self.max_rows:
                raise FeedbackStoreFull(
                    f"the feedback database {self.path} holds {total} records, its limit: raise "
                    "RAGQA_FEEDBACK_MAX_ROWS or remove old records"
                )

    def recent(self, rating: Rating | None = None, limit: int = 100, offset: int = 0) -> list[FeedbackRecord]:
        """The most recently updated feedback first, optionally only one rating."""
        where, params = ("WHERE rating = ?", [rating]) if rating else ("", [])
        db = self._connect()
        try:
            rows = db.execute(
                f"SELECT * FROM feedback {where} ORDER BY updated_at DESC, id DESC LIMIT ? OFFSET ?",
                [*params, limit, offset],
            ).fetchall()
        except sqlite3.Error as exc:
            raise FeedbackStoreError(f"cannot read the feedback database {self.path}: {exc}") from exc
        finally:
            db.close()
        return [FeedbackRecord.from_row(r) for r in rows]

    def counts(self) -> dict[str, int]:
        """How many answers were rated up and down."""
        db = self._connect()
        try:
            rows = db.execute("SELECT rating, COUNT(*) FROM feedback GROUP BY rating").fetchall()
        except sqlite3.Error as exc:
            raise FeedbackStoreError(f"cannot read the feedback database {self.path}: {exc}") from exc
        finally:
            db.close()
        counts = {"up": 0, "down": 0}
        counts.update({r[0]: r[1] for r in rows})
        return counts
