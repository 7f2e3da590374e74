"""A version's chunks left in its ``chunks.sqlite`` and read as queries need them.

Why: built up front, a million ``Chunk`` objects took about 10 s to read and 2.3 GB of memory per process
(bench/scale.py, docs/benchmarks.md), while a query returns a few dozen of them. ``ChunkTable`` is a read-only
sequence over the table: a hit is one indexed lookup (the ``row`` column is the rowid), recent ones are kept in a
small LRU, and whatever needs a field of every chunk (filter columns, document ids, sources) reads just those
columns (``chunk_columns``).

Both connections are opened at load and kept: an open SQLite connection keeps the file readable after its version
folder is pruned (Linux keeps an unlinked file while a descriptor is open), so a served version keeps answering.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import MISSING, fields
from pathlib import Path
from typing import Any, overload

from ragqa.records import Chunk

CHUNK_FIELDS = [f.name for f in fields(Chunk)]
_DEFAULTS: dict[str, Any] = {f.name: f.default for f in fields(Chunk) if f.default is not MISSING}

_PER_CHUNK = frozenset({"chunk_id", "start", "end", "text", "page"})
"""Chunk fields that differ from chunk to chunk; the others (document id, title, section, URL, source, date,
category) repeat across a document's chunks."""

_BATCH = 4096
"""Rows a scan reads per statement: the scan connection is released between batches."""

_MAX_PARAMS = 500
"""Row numbers per ``IN (...)`` lookup (SQLite's parameter limit is 999 on old builds)."""


class ChunkTable(Sequence[Chunk]):
    """The chunks of one version in row order, read from its SQLite file on demand; safe to share between threads.

    Two read-only connections (``immutable``: a version's files never change) are opened here and held, one for
    lookups and one for scans of every row, each with its own lock. Neither memory-maps the file: the kernel maps
    the cached pages around each one a lookup faults in (fault-around), so 4,000 random lookups at a million
    chunks left 715 MiB of the file mapped in RSS against 7.6 MiB read through SQLite's own page cache, as fast
    (0.10 ms for ten rows, 0.12 mapped; docs/benchmarks.md). The file's pages stay in the kernel's page cache,
    shared between processes, either way.
    """

    def __init__(self, path: Path, cache_size: int = 4096) -> None:
        uri = f"file:{path}?mode=ro&immutable=1"
        self._lookup = sqlite3.connect(uri, uri=True, check_same_thread=False)
        self._scan = sqlite3.connect(uri, uri=True, check_same_thread=False)
        for connection in (self._lookup, self._scan):
            connection.execute("PRAGMA mmap_size = 0")  # Python's sqlite3 may be built with a default map
        self._lookup_lock = threading.Lock()
        self._scan_lock = threading.Lock()
        present = {row[1] for row in self._scan.execute("PRAGMA table_info(chunks)")}
        # versions written before a field existed (``page``) read it as its default
        self.columns = [name for name in CHUNK_FIELDS if name in present]
        self._complete = self.columns == CHUNK_FIELDS
        self._select = ", ".join(self.columns)
        # two statements: each is one b-tree descent, together in one SELECT they scan the table (0.8 s at 1M)
        (low,) = self._scan.execute("SELECT min(row) FROM chunks").fetchone()
        (high,) = self._scan.execute("SELECT max(row) FROM chunks").fetchone()
        self._size = 0 if high is None else int(high) + 1
        if low not in (None, 0):
            raise sqlite3.DatabaseError(f"chunk rows start at {low}, not 0")
        self._cache: OrderedDict[int, Chunk] = OrderedDict()
        self._cache_size = cache_size

    def __len__(self) -> int:
        return self._size

    def _chunk(self, values: Sequence[Any]) -> Chunk:
        return Chunk(*values) if self._complete else Chunk(**dict(zip(self.columns, values)))

    @overload
    def __getitem__(self, index: int) -> Chunk: ...

    @overload
    def __getitem__(self, index: slice) -> list[Chunk]: ...

    def __getitem__(self, index: int | slice) -> Chunk | list[Chunk]:
        if isinstance(index, slice):
            start, stop, step = index.indices(self._size)
            if step != 1:
                return self.take(range(start, stop, step))
            return list(self._rows(start, max(start, stop)))
        row = index + self._size if index < 0 else index
        if not 0 <= row < self._size:
            raise IndexError(f"chunk row {index} out of range (0..{self._size - 1})")
        return self.take([row])[0]

    def take(self, rows: Iterable[int]) -> list[Chunk]:
        """The chunks at ``rows`` (in that order), from the LRU or with one lookup per few hundred missing rows."""
        wanted = [int(r) + self._size if int(r) < 0 else int(r) for r in rows]
        found: dict[int, Chunk] = {}
        with self._lookup_lock:
            for row in wanted:
                chunk = self._cache.get(row)
                if chunk is not None:
                    self._cache.move_to_end(row)
                    found[row] = chunk
            missing = sorted({r for r in wanted if r not in found})
            for i in range(0, len(missing), _MAX_PARAMS):
                part = missing[i : i + _MAX_PARAMS]
                query = f"SELECT row, {self._select} FROM chunks WHERE row IN ({', '.join('?' * len(part))})"
                for row, *values in self._lookup.execute(query, part):
                    found[row] = self._chunk(values)
            for row in missing:
                if row in found:
                    self._cache[row] = found[row]
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        for row in wanted:
            if row not in found:
                raise IndexError(f"chunk row {row} out of range (0..{self._size - 1})")
        return [found[row] for row in wanted]

    def __iter__(self) -> Iterator[Chunk]:
        """Every chunk in row order, streamed in batches (nothing is kept: a build or an eval reads them once)."""
        return self._rows(0, self._size)

    def _rows(self, start: int, stop: int) -> Iterator[Chunk]:
        shared: dict[object, object] = {}
        repeated = [i for i, name in enumerate(self.columns) if name not in _PER_CHUNK]
        for low in range(start, stop, _BATCH):
            with self._scan_lock:
                batch = self._scan.execute(
                    f"SELECT {self._select} FROM chunks WHERE row >= ? AND row < ? ORDER BY row",
                    (low, min(low + _BATCH, stop)),
                ).fetchall()
            for row in batch:
                values = list(row)
                for i in repeated:
                    values[i] = shared.setdefault(values[i], values[i])
                yield self._chunk(values)

    def read_columns(self, names: Sequence[str]) -> list[list[Any]]:
        """The fields ``names`` of every chunk in row order, one list per field, repeated values one shared object
        (a field the version predates reads as its default)."""
        stored = [n for n in names if n in self.columns]
        out: list[list[Any]] = [[] for _ in stored]
        shared: dict[object, object] = {}
        keep = shared.setdefault
        if stored:
            with self._scan_lock:
                cursor = self._scan.execute(f"SELECT {', '.join(stored)} FROM chunks ORDER BY row")
                while batch := cursor.fetchmany(_BATCH):
                    for column, values in zip(out, zip(*batch)):
                        column.extend(map(keep, values, values))
        by_name = dict(zip(stored, out))
        return [by_name[n] if n in by_name else [_DEFAULTS[n]] * self._size for n in names]

    def close(self) -> None:
        """Release both connections (the file goes with them if its folder was pruned)."""
        self._lookup.close()
        self._scan.close()


def chunk_columns(chunks: Sequence[Chunk], names: Sequence[str]) -> list[list[Any]]:
    """Fields of every chunk, one list per name: column reads from a ``ChunkTable``, attributes of anything else."""
    if isinstance(chunks, ChunkTable):
        return chunks.read_columns(names)
    return [[getattr(c, name) for c in chunks] for name in names]


def chunks_at(chunks: Sequence[Chunk], rows: Iterable[int]) -> list[Chunk]:
    """The chunks at ``rows``: one batched lookup from a ``ChunkTable``, indexing for a list."""
    if isinstance(chunks, ChunkTable):
        return chunks.take(rows)
    return [chunks[int(r)] for r in rows]
