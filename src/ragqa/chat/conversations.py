"""Conversations kept server-side: the last few turns of each, forgotten after a period of silence.

Why server-side: a chat client only has to send ``conversation_id``; follow-up questions are rewritten
from the stored turns, and nothing the client sends back can forge what "the assistant said".
``ConversationStore`` keeps them in process memory (one per app), bounded three ways: turns per conversation, idle
expiry, and a cap on live conversations (the least recently used one goes first). ``ragqa serve`` uses its SQLite
twin (``chat/conversation_db.py``, the same rules) so every replica sees every conversation; both are
``Conversations``.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ragqa.records import Hit

CONVERSATION_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
"""What a client-sent ``conversation_id`` may look like (ids we create are 32 hex characters)."""


@dataclass(frozen=True)
class Turn:
    """One question and its answer, with the standalone query the question was rewritten into."""

    question: str
    query: str
    answer: str
    chunk_ids: tuple[str, ...] = ()
    doc_ids: tuple[str, ...] = ()
    """The documents the answer cited, in the order it cited them: "who wrote it?" next asks about the first."""
    answer_id: str = ""
    """The id the answer was given under ("" when none was, or in a turn stored before ids were kept): feedback on
    that id is vouched for by the server whether or not the client sends the texts back."""


def cited_turn(question: str, query: str, answer: str, cited: Sequence[Hit], answer_id: str = "") -> Turn:
    """The turn of an answer, with the passages it cited (in citation order) and their documents."""
    chunks = [hit.chunk for hit in cited]
    return Turn(
        question,
        query,
        answer,
        tuple(c.chunk_id for c in chunks),
        tuple(dict.fromkeys(c.doc_id for c in chunks)),
        answer_id,
    )


def stored_turn(data: dict[str, Any]) -> Turn:
    """A turn read back from its JSON (turns stored before a field existed lack it)."""
    return Turn(
        data["question"],
        data["query"],
        data["answer"],
        tuple(data.get("chunk_ids", ())),
        tuple(data.get("doc_ids", ())),
        str(data.get("answer_id", "")),
    )


@dataclass
class Conversation:
    id: str
    turns: list[Turn] = field(default_factory=list)
    updated_at: float = 0.0


def new_id() -> str:
    """An unguessable id (128 random bits as hex)."""
    return secrets.token_hex(16)


class Conversations(Protocol):
    """What the answer pipeline needs of a conversation store (in memory, or SQLite shared by replicas)."""

    def open(self, conversation_id: str | None) -> tuple[str, list[Turn]]: ...

    def history(self, conversation_id: str) -> list[Turn]: ...

    def append(self, conversation_id: str, turn: Turn) -> None: ...

    def __len__(self) -> int: ...


class ConversationStore:
    """Thread-safe, bounded, in-memory conversation history."""

    def __init__(
        self,
        max_turns: int = 10,
        ttl_s: float = 1800.0,
        max_conversations: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_turns = max_turns
        self.ttl_s = ttl_s
        self.max_conversations = max_conversations
        self._clock = clock
        self._items: OrderedDict[str, Conversation] = OrderedDict()
        self._lock = threading.Lock()

    def _expire(self, now: float) -> None:
        while self._items:
            oldest = next(iter(self._items.values()))
            if now - oldest.updated_at <= self.ttl_s and len(self._items) <= self.max_conversations:
                break
            self._items.popitem(last=False)

    def open(self, conversation_id: str | None) -> tuple[str, list[Turn]]:
        """The id to answer under and a copy of its history.

        An absent, unknown or expired id starts a new conversation with a new id (so a client can tell
        from the returned id that the earlier history is gone).
        """
        now = self._clock()
        with self._lock:
            self._expire(now)
            conversation = self._items.get(conversation_id) if conversation_id else None
            if conversation is None:
                conversation = Conversation(new_id(), updated_at=now)
                self._items[conversation.id] = conversation
                self._expire(now)
            conversation.updated_at = now
            self._items.move_to_end(conversation.id)
            return conversation.id, list(conversation.turns)

    def history(self, conversation_id: str) -> list[Turn]:
        """The stored turns of a live conversation, oldest first (empty when unknown or expired)."""
        now = self._clock()
        with self._lock:
            self._expire(now)
            conversation = self._items.get(conversation_id)
            return list(conversation.turns) if conversation else []

    def append(self, conversation_id: str, turn: Turn) -> None:
        """Record a finished turn, keeping only the last ``max_turns``."""
        now = self._clock()
        with self._lock:
            conversation = self._items.get(conversation_id)
            if conversation is None:  # expired while the answer was being written
                conversation = Conversation(conversation_id)
                self._items[conversation_id] = conversation
            conversation.turns.append(turn)
            del conversation.turns[: -self.max_turns]
            conversation.updated_at = now
            self._items.move_to_end(conversation_id)
            self._expire(now)

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)


class ConversationFiles:
    """Conversations kept as one JSON file each in a folder, for ``ragqa ask --conversation ID``.

    Why files: each ``ragqa ask`` is its own process, so the in-memory store forgets a conversation as soon as
    the answer is printed. The same limits apply as on the server: the last ``max_turns`` turns, forgotten after
    ``ttl_s`` seconds without a question.
    """

    def __init__(self, folder: Path, max_turns: int = 10, ttl_s: float = 1800.0) -> None:
        self.folder = Path(folder)
        self.max_turns = max_turns
        self.ttl_s = ttl_s

    def _path(self, conversation_id: str) -> Path:
        if not CONVERSATION_ID.match(conversation_id):
            raise ValueError(
                f"conversation id {conversation_id[:80]!r} is not usable: use 1 to 64 letters, digits, '-' or '_'"
            )
        return self.folder / f"{conversation_id}.json"

    def history(self, conversation_id: str) -> list[Turn]:
        """The turns of a conversation, oldest first (empty when it is new or expired)."""
        path = self._path(conversation_id)
        try:
            if time.time() - path.stat().st_mtime > self.ttl_s:
                return []
            data = json.loads(path.read_text())
            return [stored_turn(t) for t in data["turns"]]
        except FileNotFoundError:
            return []
        except (OSError, ValueError, KeyError, TypeError):
            return []  # an unreadable file is a conversation we cannot continue, not a reason to fail the question

    def save(self, conversation_id: str, turns: list[Turn]) -> None:
        """Store the last ``max_turns`` turns, replacing the file atomically."""
        path = self._path(conversation_id)
        self.folder.mkdir(parents=True, exist_ok=True)
        payload = json.dumps({"id": conversation_id, "turns": [asdict(t) for t in turns[-self.max_turns :]]})
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(payload)
        os.replace(tmp, path)
