"""Switching an SQLite database to write-ahead logging, once, for every store that keeps one (documents,
conversations, feedback).

Why not at every connection: the mode is stored in the file, and asking for it takes the database's exclusive lock
when the file is new; threads opening connections at the same moment then failed with "database is locked"
(SQLite does not wait on its busy timeout there). Each store calls this once, when it creates its schema.
"""

from __future__ import annotations

import sqlite3
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
