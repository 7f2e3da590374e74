"""One write transaction against a SQLite file several processes share (feedback, conversations).

Why ``BEGIN IMMEDIATE``: it takes the write lock before the first read, so a read-check-write (a turn limit, a
row cap) cannot interleave with another process doing the same; ``busy_timeout`` makes the second one wait.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def immediate(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``db`` (opened with ``isolation_level=None``) inside ``BEGIN IMMEDIATE``: committed when the block ends,
    rolled back on any error; left open (a connection kept for the next transaction)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:  # some errors have rolled it back already
            db.execute("ROLLBACK")
        raise


@contextmanager
def write_transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``immediate``, and ``db`` closed either way."""
    try:
        with immediate(db):
            yield db
    finally:
        db.close()
