"""The index on disk: FAISS vectors, chunk text and metadata in SQLite, and a manifest.

Every build is written as a new version folder beside the live one, flushed, then published by
atomically replacing the ``CURRENT`` pointer, so the service never reads a half-written index:

    index/CURRENT                  the live version id (one line)
    index/NEWEST                   the newest version ever made live (newer than CURRENT after a rollback)
    index/versions/<id>/manifest.json
    index/versions/<id>/vectors.faiss
    index/versions/<id>/chunks.sqlite
    index/versions/<id>/bm25/...         the keyword indexes (``index.bm25``), memory-mapped on load
"""

from __future__ import annotations

import calendar
import hashlib
import logging
import os
import re
import shutil
import sqlite3
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

import faiss
import numpy as np

from ragqa.config import Settings
from ragqa.index import ann as ann_index
from ragqa.index import bm25
from ragqa.index.ann import AnnSpec
from ragqa.index.chunk_table import ChunkTable
from ragqa.index.errors import IndexCorrupt, IndexMismatch, IndexNotFound, IndexStoreError
from ragqa.index.manifest import FORMAT_VERSION, MANIFEST, Manifest
from ragqa.records import Chunk, DocumentRecord

log = logging.getLogger(__name__)

POINTER = "CURRENT"
NEWEST = "NEWEST"
"""The newest version ever published: versions newer than it were never live (debris of a crashed build), those
between ``CURRENT`` and it were live before a rollback and are kept until pruned by count."""
VERSIONS = "versions"
VECTORS = "vectors.faiss"
CHUNKS_DB = "chunks.sqlite"
_CHUNK_FIELDS = [f.name for f in fields(Chunk)]
_DOCUMENT_FIELDS = [f.name for f in fields(DocumentRecord)]


@dataclass
class LoadedIndex:
    """A loaded version: the FAISS index (of the kind ``manifest.ann_params`` names) and the chunks in the same row
    order (a ``ChunkTable`` over the version's SQLite file from ``load_version``; any sequence elsewhere)."""

    version: str
    path: Path
    manifest: Manifest
    faiss_index: faiss.Index
    chunks: Sequence[Chunk]
    document_records: list[DocumentRecord] = field(default_factory=list)
    keyword: bm25.KeywordIndexes | None = None
    """The version's stored BM25 indexes, memory-mapped; None for a version written before they were stored."""

    @property
    def chunk_count(self) -> int:
        return len(self.chunks)

    def documents(self) -> list[DocumentRecord]:
        """The documents of this version (read at load time, so pruning its folder is harmless)."""
        return list(self.document_records)

    def vectors(self) -> np.ndarray:
        """All stored vectors in row order: exact for flat and HNSW indexes (flat storage), 8-bit approximations
        for IVF-SQ ones (decoded through their direct map)."""
        return self.faiss_index.reconstruct_n(0, self.faiss_index.ntotal)

    def vectors_of(self, rows: Sequence[int]) -> np.ndarray:
        """The stored vectors of ``rows`` alone (as ``vectors`` gives them), without decoding every row."""
        if not len(rows):
            return np.zeros((0, self.faiss_index.d), dtype=np.float32)
        return self.faiss_index.reconstruct_batch(np.asarray(rows, dtype=np.int64))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


_VERSION_ID = re.compile(r"^(\d{8}T\d{6})(?:\.(\d{6}))?-[0-9a-f]{6}$")


def _version_stamp(version: str) -> int | None:
    """Microseconds since the epoch encoded in a version id (None for a name that is not an id)."""
    match = _VERSION_ID.match(version)
    if match is None:
        return None
    seconds = calendar.timegm(time.strptime(match.group(1), "%Y%m%dT%H%M%S"))
    return seconds * 1_000_000 + int(match.group(2) or 0)


def new_version_id(after: list[str] | None = None) -> str:
    """Sortable and unique: build time (microseconds, UTC) plus a random suffix.

    Always sorts after every id in ``after``, even if the clock went back (another container,
    a corrected clock), because "newer" and "older" decide pruning and start-up fall-back.
    """
    now = time.time_ns() // 1000
    stamps = [s for s in (_version_stamp(v) for v in after or []) if s is not None]
    if stamps and now <= max(stamps):
        now = max(stamps) + 1
    seconds, micros = divmod(now, 1_000_000)
    return f"{time.strftime('%Y%m%dT%H%M%S', time.gmtime(seconds))}.{micros:06d}-{uuid.uuid4().hex[:6]}"


def is_version_id(name: str) -> bool:
    """True for names ``new_version_id`` makes (guards against a garbage or hostile pointer file)."""
    return _VERSION_ID.match(name) is not None


def write_version(
    index_dir: Path,
    chunks: list[Chunk],
    vectors: np.ndarray,
    documents: list[DocumentRecord],
    manifest: Manifest,
    *,
    ann: AnnSpec | None = None,
    keyword: tuple[float, float] | None = None,
) -> Path:
    """Write a complete, verified version folder (not yet live) and return its path.

    Files go to a temporary folder that is renamed into ``versions/`` only once flushed, so a
    crash leaves at most a ``.tmp-*`` folder that the next build removes. ``ann`` picks the FAISS index
    (default: the ``RAGQA_ANN*`` settings of the environment); the manifest records what was built. The BM25
    indexes (``index.bm25``) are built and saved with BM25 parameters ``keyword`` = (k1, b) (default: the
    ``RAGQA_KEYWORD_K1`` / ``_B`` settings), so loading the version never tokenizes its chunks again.
    """
    if len(chunks) != len(vectors):
        raise ValueError(f"{len(chunks)} chunks but {len(vectors)} vectors")
    versions = index_dir / VERSIONS
    versions.mkdir(parents=True, exist_ok=True)
    newest = newest_published(index_dir)  # may name a pruned version: a new id still sorts after it
    version = new_version_id(after=list_versions(index_dir) + ([newest] if newest else []))
    tmp = versions / f".tmp-{version}"
    tmp.mkdir()

    index, ann_params = ann_index.build(vectors, manifest.dimension, ann or AnnSpec.from_settings(Settings()))
    faiss.write_index(index, str(tmp / VECTORS))
    del index

    with sqlite3.connect(tmp / CHUNKS_DB) as db:
        db.execute(f"CREATE TABLE chunks (row INTEGER PRIMARY KEY, {', '.join(_CHUNK_FIELDS)})")
        db.executemany(
            f"INSERT INTO chunks (row, {', '.join(_CHUNK_FIELDS)}) VALUES (?, {', '.join('?' * len(_CHUNK_FIELDS))})",
            [(i, *astuple_chunk(c)) for i, c in enumerate(chunks)],
        )
        db.execute(f"CREATE TABLE documents (doc_id TEXT PRIMARY KEY, {', '.join(_DOCUMENT_FIELDS[1:])})")
        db.executemany(
            f"INSERT INTO documents ({', '.join(_DOCUMENT_FIELDS)}) VALUES ({', '.join('?' * len(_DOCUMENT_FIELDS))})",
            [tuple(getattr(d, name) for name in _DOCUMENT_FIELDS) for d in documents],
        )
    db.close()

    if keyword is None:
        settings = Settings()
        keyword = (settings.keyword_k1, settings.keyword_b)
    keyword_files = bm25.write(tmp, chunks, *keyword)
    names = [VECTORS, CHUNKS_DB, *keyword_files]

    full = replace(
        manifest,
        format_version=FORMAT_VERSION,
        ann=ann_params,
        version=version,
        chunk_count=len(chunks),
        document_count=len(documents),
        built_at=manifest.built_at or time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        files={name: _sha256(tmp / name) for name in names},
        sizes={name: (tmp / name).stat().st_size for name in names},
    )
    (tmp / MANIFEST).write_text(full.to_json())
    for name in (*names, MANIFEST):
        _fsync_path(tmp / name)
    for folder in sorted({(tmp / name).parent for name in names}, key=lambda p: len(p.parts), reverse=True):
        _fsync_path(folder)  # the bm25/ subfolders, deepest first, then the version folder itself
    final = versions / version
    os.rename(tmp, final)
    _fsync_path(versions)
    return final


def astuple_chunk(chunk: Chunk) -> tuple:
    return tuple(getattr(chunk, name) for name in _CHUNK_FIELDS)


def _write_pointer(index_dir: Path, name: str, version: str) -> None:
    """Replace the one-line file ``name`` atomically (a killed writer leaves a ``.NAME.*.tmp`` that prune removes)."""
    tmp = index_dir / f".{name}.{uuid.uuid4().hex[:8]}.tmp"
    with tmp.open("w") as fh:
        fh.write(version + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, index_dir / name)
    _fsync_path(index_dir)


def _read_pointer(index_dir: Path, name: str) -> str | None:
    try:
        version = (index_dir / name).read_text().strip()
    except FileNotFoundError:
        return None
    return version or None


def publish(index_dir: Path, version: str) -> None:
    """Make ``version`` live with one atomic rename of the pointer file.

    ``NEWEST`` is raised to the version live until now before the swap and to ``version`` after it, so whatever
    the moment a process dies, the versions a rollback (an older ``version``) leaves behind are never taken for
    debris, while a version written but never published still is.
    """
    newest = newest_published(index_dir)
    if newest is not None and _read_pointer(index_dir, NEWEST) != newest:
        _write_pointer(index_dir, NEWEST, newest)  # an index from before NEWEST existed, or a hand-moved pointer
    _write_pointer(index_dir, POINTER, version)
    if is_version_id(version) and (newest is None or _sort_key(version) > _sort_key(newest)):
        _write_pointer(index_dir, NEWEST, version)


def live_version(index_dir: Path) -> str | None:
    """The published version id, or None when nothing has been published."""
    return _read_pointer(index_dir, POINTER)


def newest_published(index_dir: Path) -> str | None:
    """The newest version ever made live: the live one, or a newer one a rollback went back from.

    Versions newer than it were never live (a build killed between writing and publishing). None when neither
    ``CURRENT`` nor ``NEWEST`` names a version id.
    """
    names = [_read_pointer(index_dir, POINTER), _read_pointer(index_dir, NEWEST)]
    return max((n for n in names if n is not None and is_version_id(n)), key=_sort_key, default=None)


def document_ids(index_dir: Path) -> set[str]:
    """The ids of the documents the live version holds (none without one)."""
    version = live_version(index_dir)
    path = index_dir / VERSIONS / version / CHUNKS_DB if version is not None else None
    if path is None or not path.is_file():
        return set()
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {row[0] for row in db.execute("SELECT doc_id FROM documents")}
    finally:
        db.close()


def read_manifest(index_dir: Path, version: str | None = None) -> Manifest:
    """The manifest of ``version`` (default: the live one)."""
    version = version or live_version(index_dir)
    if version is None:
        raise IndexNotFound(f"no index in {index_dir}: build one with `ragqa index --index {index_dir}`")
    if not is_version_id(version):
        raise IndexCorrupt(
            f"{index_dir / POINTER} names {version[:80]!r}, which is not a version id: "
            "rebuild with `ragqa index --full`"
        )
    return Manifest.read(index_dir / VERSIONS / version / MANIFEST)


def verify_version(path: Path, manifest: Manifest, size_only: frozenset[str] = frozenset()) -> None:
    """Check every data file against the checksum in the manifest; name the first one that fails.

    Both data files must be listed: a manifest that forgets one would otherwise verify nothing. Every other
    listed file (the BM25 indexes, ``index.bm25``) is checked too. Files named in ``size_only`` that the manifest
    records a size for are checked by size alone: a load passes ``bm25.SIZE_CHECKED``, the BM25 score arrays that
    are memory-mapped and mostly never read at load. Hashing them read 1.4 GB more at a million chunks: +1.4 s
    with the files in the page cache, about +8 s from disk (bench/scale.py, docs/benchmarks.md). Builds
    (``prune``, the up-to-date check) and rollbacks still hash every file, so a flipped byte in them is caught
    there; a truncated or rewritten one is caught at load too.
    """
    files = manifest.files
    for name in (VECTORS, CHUNKS_DB, *sorted(set(files) - {VECTORS, CHUNKS_DB})):
        if Path(name).is_absolute() or ".." in Path(name).parts:
            raise IndexCorrupt(
                f"{path / MANIFEST} lists {name!r} outside its folder: rebuild with `ragqa index --full`"
            )
        file = path / name
        expected = files.get(name)
        if not expected:
            raise IndexCorrupt(f"{path / MANIFEST} has no checksum for {name}: rebuild with `ragqa index --full`")
        if not file.exists():
            raise IndexCorrupt(f"index file {file} is missing: rebuild with `ragqa index --full`")
        if name in size_only and name in manifest.sizes:
            if file.stat().st_size != manifest.sizes[name]:
                raise IndexCorrupt(f"index file {file} has the wrong size: rebuild with `ragqa index --full`")
            continue
        if _sha256(file) != expected:
            raise IndexCorrupt(f"index file {file} fails its checksum: rebuild with `ragqa index --full`")


def check_compatible(manifest: Manifest, model: str, dimension: int | None) -> None:
    """Refuse an index built for another model or vector size, with the command that fixes it.

    ``dimension=None`` checks the model name only (a build that has not loaded the model yet).
    """
    if manifest.format_version != FORMAT_VERSION:
        raise IndexMismatch(
            f"index format {manifest.format_version} is not {FORMAT_VERSION}: rebuild with `ragqa index --full`"
        )
    wrong_dimension = dimension is not None and manifest.dimension != dimension
    if manifest.model != model or wrong_dimension:
        raise IndexMismatch(
            f"index was built with model {manifest.model!r} ({manifest.dimension} dimensions) "
            f"but the service uses {model!r}" + (f" ({dimension} dimensions)" if dimension is not None else "") + ": "
            "rebuild with `ragqa index --full` or set RAGQA_EMBEDDING_MODEL to the index's model"
        )


def load_version(index_dir: Path, version: str | None = None, verify: bool = True) -> LoadedIndex:
    """Open a version (default: the live one), verifying its files first (the large BM25 arrays by size: see
    ``verify_version``).

    The vectors and documents are read up front; the chunks stay in SQLite (``ChunkTable``: a million of them
    were 10 s and 2.3 GB to read) and the BM25 indexes are memory-mapped. Both hold their files open, so the
    version keeps working after its folder is pruned (an unlinked file stays readable while open or mapped).
    """
    version = version or live_version(index_dir)
    manifest = read_manifest(index_dir, version)
    path = index_dir / VERSIONS / str(version)
    if verify:
        verify_version(path, manifest, size_only=bm25.SIZE_CHECKED)
    try:
        index = faiss.read_index(str(path / VECTORS))
        chunks = ChunkTable(path / CHUNKS_DB)
        with sqlite3.connect(f"file:{path / CHUNKS_DB}?mode=ro", uri=True) as db:
            stored = {row[1] for row in db.execute("PRAGMA table_info(documents)")}
            # versions written before a field existed (``author``) read it as its default
            columns = [name for name in _DOCUMENT_FIELDS if name in stored]
            doc_rows = [
                dict(zip(columns, row))
                for row in db.execute(f"SELECT {', '.join(columns)} FROM documents ORDER BY rowid").fetchall()
            ]
        db.close()
        keyword = bm25.read(path, len(chunks)) if bm25.META in manifest.files else None
    except (RuntimeError, sqlite3.Error, OSError, ValueError, KeyError) as exc:
        raise IndexCorrupt(f"cannot read index version {path}: {exc}; rebuild with `ragqa index --full`") from exc
    if index.ntotal != len(chunks) or manifest.chunk_count != len(chunks):
        raise IndexCorrupt(
            f"{path}: {index.ntotal} vectors, {len(chunks)} chunks and {manifest.chunk_count} in "
            f"{MANIFEST} do not agree; rebuild with `ragqa index --full`"
        )
    if manifest.dimension != index.d:
        raise IndexCorrupt(
            f"{path / VECTORS} holds {index.d}-dimensional vectors but {MANIFEST} says {manifest.dimension}; "
            "rebuild with `ragqa index --full`"
        )
    return LoadedIndex(
        version=str(version),
        path=path,
        manifest=manifest,
        faiss_index=index,
        chunks=chunks,
        document_records=[DocumentRecord(**row) for row in doc_rows],
        keyword=keyword,
    )


def _sort_key(version: str) -> tuple[int, str]:
    return (_version_stamp(version) or 0, version)


def list_versions(index_dir: Path) -> list[str]:
    """Complete version folders, oldest first (by the build time in their ids)."""
    root = index_dir / VERSIONS
    if not root.is_dir():
        return []
    return sorted((p.name for p in root.iterdir() if p.is_dir() and is_version_id(p.name)), key=_sort_key)


def older_versions(index_dir: Path, than: str | None) -> list[str]:
    """Versions built before ``than``, newest first (all of them if ``than`` is not a version id)."""
    versions = list_versions(index_dir)
    if than is not None and is_version_id(than):
        versions = [v for v in versions if _sort_key(v) < _sort_key(than)]
    return versions[::-1]


def load_newest_good(
    index_dir: Path, before: str | None, accept: Callable[[LoadedIndex], None] | None = None
) -> tuple[LoadedIndex | None, dict[str, str]]:
    """The newest version older than ``before`` that loads, verifies and passes ``accept``.

    Returns it (or None) and why each newer candidate was refused, for messages and ``/ready``.
    """
    refused: dict[str, str] = {}
    for version in older_versions(index_dir, before):
        try:
            index = load_version(index_dir, version)
            if accept is not None:
                accept(index)
        except IndexStoreError as exc:
            refused[version] = str(exc)
            continue
        return index, refused
    return None, refused


_VERDICTS: dict[Path, tuple[tuple, str | None]] = {}
"""Version folder -> (what its files looked like, why it failed verification or None): ``prune`` runs twice a
build, so a version verified once is not hashed again while its files keep their inode, size and mtime."""

_SETTLED_NS = 2_000_000_000
"""A verdict is remembered only for files last modified this long before it was reached: file times tick
coarsely (a few ms), so a file changed right after it was hashed could otherwise keep its old mtime."""


def _file_signature(folder: Path) -> tuple[tuple[int, int, int, int] | None, ...]:
    def one(name: str) -> tuple[int, int, int, int] | None:
        try:
            info = (folder / name).stat()
        except FileNotFoundError:
            return None
        return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)

    return tuple(one(name) for name in (MANIFEST, VECTORS, CHUNKS_DB, *bm25.ALL_FILES))


def version_problem(index_dir: Path, version: str) -> str | None:
    """Why ``version`` fails verification (bad manifest, missing file, wrong checksum), or None if it is good.

    The verdict is remembered in this process for the version's files as they are (inode, size, mtime) and
    reached again only when one of them changes; files modified less than two seconds earlier are always
    hashed again. A file altered in place with its mtime forged back is not noticed here; ``load_version``
    always verifies for real (the large BM25 arrays by size). An ``OSError`` (an unreadable file) is raised, not
    turned into a verdict.
    """
    folder = index_dir / VERSIONS / version
    signature = _file_signature(folder)
    cached = _VERDICTS.get(folder)
    if cached is not None and cached[0] == signature:
        return cached[1]
    try:
        verify_version(folder, read_manifest(index_dir, version))
        problem = None
    except IndexStoreError as exc:
        problem = str(exc)
    settled = time.time_ns() - _SETTLED_NS
    if all(entry is None or entry[3] < settled for entry in signature):
        _VERDICTS[folder] = (signature, problem)
    else:
        _VERDICTS.pop(folder, None)
    return problem


def prune(index_dir: Path, keep: int = 3) -> list[str]:
    """Remove the debris of crashed builds, versions that fail verification, and all but the ``keep`` newest
    good versions; never the live one.

    Debris: ``.tmp-*`` folders (a build killed while writing), stray pointer files (killed while
    publishing) and complete versions newer than every version ever made live (``newest_published``:
    killed between writing and publishing, nothing ever made them live). Versions newer than the live
    one but not newer than that were live before a rollback: they are not debris.

    Kept: the live version, always, and the newest versions that verify (manifest readable, every data file
    present with its checksum, see ``verify_version``) until ``keep`` good ones are kept: the live one
    counts first if it is good, then the others newest first by build time, those a rollback left newer
    than the live one included. A version that fails verification can never be served, so it never counts
    toward ``keep`` and is removed wherever it is (unless live), as is every version after the
    ``keep``-th good one in that order. A version that cannot be checked (an ``OSError`` reading it) does
    not count either, but is only removed once it comes after the ``keep``-th good one, as any old version
    is. Verdicts are remembered per version while its files are unchanged (``version_problem``), so
    repeated prunes do not hash the same files again. Call only while holding the build lock.
    """
    root = index_dir / VERSIONS
    removed: list[str] = []
    for stray in [*index_dir.glob(f".{POINTER}.*.tmp"), *index_dir.glob(f".{NEWEST}.*.tmp")]:
        stray.unlink(missing_ok=True)
        removed.append(stray.name)
    if not root.is_dir():
        return removed
    for tmp in root.glob(".tmp-*"):
        shutil.rmtree(tmp, ignore_errors=True)
        removed.append(tmp.name)
    live = live_version(index_dir)
    versions = list_versions(index_dir)
    order = versions[::-1]  # newest first
    if live is not None and live in versions:
        newest = newest_published(index_dir) or live
        unpublished = [v for v in versions if _sort_key(v) > _sort_key(newest)]
        for orphan in unpublished:
            shutil.rmtree(root / orphan, ignore_errors=True)
            removed.append(orphan)
        order = [live] + [v for v in order if v != live and v not in unpublished]
    good = 0
    for version in order:  # the live one first, then the others newest first
        if good >= max(keep, 1):
            if version != live:
                shutil.rmtree(root / version, ignore_errors=True)
                removed.append(version)
            continue
        try:
            problem = version_problem(index_dir, version)
        except OSError as exc:
            log.warning("cannot verify index version %s (%s): kept, not counted as a good version", version, exc)
            continue
        if problem is None:
            good += 1
        elif version == live:
            log.warning("the live index version %s fails verification (%s): kept, not counted", version, problem)
        else:
            log.warning("removing index version %s: it fails verification (%s)", version, problem)
            shutil.rmtree(root / version, ignore_errors=True)
            removed.append(version)
    for folder in [f for f in list(_VERDICTS) if f.parent == root and not f.is_dir()]:  # forget removed ones
        _VERDICTS.pop(folder, None)
    return removed
