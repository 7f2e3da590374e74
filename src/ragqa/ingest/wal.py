"""A store's SQLite schema, created once per process with the file switched to write-ahead logging (documents,
conversations, feedback).

Why not at every connection: the mode is stored in the file, and asking for it takes the database's exclusive lock
when the file is new; threads opening connections at the same moment then failed with "database is locked"
(SQLite does not wait on its busy timeout there). Each store calls this once, when it creates its schema.
"""

from __future__ import annotations

import sqlite3
import threading
import time

ATTEMPTS = 50
PAUSE_S = 0.1


def use_wal(db: sqlite3.Connection) -> None:
    """Put ``db``'s file in WAL mode, retrying for about 5 s while another process holds the lock."""
    for attempt in range(ATTEMPTS):
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == ATTEMPTS - 1:
                raise
            time.sleep(PAUSE_S)


class Schema:
    """Creates a store's tables (``CREATE ... IF NOT EXISTS``) and switches its file to WAL on the first connection
    of this process; later connections skip both."""

    def __init__(self, script: str) -> None:
        self._script = script
        self._lock = threading.Lock()
        self._ready = False

    def ensure(self, db: sqlite3.Connection) -> None:
        if self._ready:
            return
        with self._lock:
            if not self._ready:
                use_wal(db)
                db.executescript(self._script)
                self._ready = True
