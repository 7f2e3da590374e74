"""The durable store of documents written through the API (``POST/PUT/DELETE /documents``).

One SQLite file, ``<index_dir>/documents/store.sqlite``, in WAL mode with ``synchronous=FULL``: a write's
transaction is on disk (the WAL fsynced) before ``put``/``delete`` return, so a document whose 2xx went out
survives ``kill -9`` and a power cut. A batch is one transaction: all of it is stored or none of it.

The index build reads every live document of the store beside the corpus folder (``read_stored``); a document
posted with the id of a corpus-folder document wins over the file. Deleting leaves a tombstone (the row with
``deleted = 1``) so ``GET /documents/{id}`` can say the removal is still pending until the next version drops it.

Rows keep the parsed ``Document`` (the same readers as the corpus folder parse uploads, see ``parse_upload``),
so a build never parses them again.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import tempfile
import time
from collections.abc import Iterable, Sequence
from contextlib import closing
from dataclasses import asdict, dataclass, replace
from pathlib import Path, PurePosixPath

from ragqa.ingest.corpus import (
    ID_KEYS,
    MESSAGE_KEYS,
    SUMMARY_KEYS,
    TEASER_KEYS,
    TEXT_KEYS,
    YEAR_KEYS,
    CorpusReport,
    _with_iso_date,
    date_doubt,
    iter_file_documents,
    record_to_document,
)
from ragqa.ingest.dates import either_way, normalize_date, period_of
from ragqa.ingest.headers import field_lines, front_matter_problems, record_field
from ragqa.ingest.wal import Schema
from ragqa.records import Document, Section

STORE_FOLDER = "documents"
STORE_FILE = "store.sqlite"
DEFAULT_COLLECTION = "default"
UPLOADED = "upload:"
"""How the ``path`` of an uploaded file's documents begins: ``upload:`` and the corpus path it was named as."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    collection TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    document TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    seq INTEGER NOT NULL,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL,
    PRIMARY KEY (collection, doc_id)
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
"""


def store_path(index_dir: Path) -> Path:
    """Where the API's documents of the index in ``index_dir`` are kept."""
    return index_dir / STORE_FOLDER / STORE_FILE


class DocumentInputError(ValueError):
    """A posted document cannot be stored; ``field`` names what to fix."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class StoredDocument:
    """One row of the store: the document (None once deleted), when it was written and whether it is deleted."""

    collection: str
    doc_id: str
    content_hash: str
    document: Document | None
    deleted: bool
    seq: int
    created_at: float
    updated_at: float


@dataclass(frozen=True)
class WriteResult:
    doc_id: str
    status: str
    """``created``, ``updated``, ``unchanged`` or ``deleted``."""
    content_hash: str


# ---------------------------------------------------------------- documents from input


def derived_id(document: Document) -> str:
    """The id of a document posted without one: a hash of its content, so the same content posted twice is one
    document."""
    payload = asdict(replace(document, doc_id="", path=""))
    return "doc-" + hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:20]


def _finish(doc: Document, given_id: str | None, path: str) -> Document:
    report = CorpusReport()
    doc = _with_iso_date(replace(doc, path=path), given_id or path, report)
    return replace(doc, doc_id=given_id or derived_id(doc))


def document_from_record(record: dict[str, object], given_id: str | None = None) -> Document:
    """A JSON document (``title``, ``text``, ``url``, ``source``, ``author``, ``published_at``, ``category``) read
    as the corpus reads a ``.jsonl`` line; ``DocumentInputError`` naming ``text`` when it has none."""
    try:
        doc = record_to_document({**record, "id": "pending"}, "pending", "")
    except ValueError as exc:
        raise DocumentInputError("text", f"{exc}: send the document's text as a non-blank string") from None
    return _finish(doc, given_id, "api")


def instead_of(key: str, value: object = None) -> str:
    """What to do with a field a posted document does not have but a corpus ``.jsonl`` record may: the field it
    goes under here ("headline": send it under "title"; "byline": "author"; "section": "category"; "published":
    "published_at"; "body": "text"), else the line the corpus reader would open its text with ("status": "draft":
    the line "Status: draft"), else remove it, which the corpus reader would do too ("tags").

    Why: a CMS's own record ``{"headline", "byline", "section", "published", "body"}`` was told "byline is not a
    known field: remove it", which would have lost its author."""
    name = key.strip().lower()
    field = record_field(name)
    if name in TEXT_KEYS or name in MESSAGE_KEYS:
        return 'send the text under "text"'
    if name in SUMMARY_KEYS:
        return 'send it under "text" when it is the whole text; a summary beside a text is not indexed: remove it'
    if name in TEASER_KEYS:
        return "a teaser beside the text is not indexed: remove it"
    if name in ID_KEYS:
        return 'send it under "id"'
    if field == "author" and isinstance(value, list | tuple):
        return 'send "author" as one string ("Ann Lee and Bo Chen")'
    if field == "updated":
        line = field_lines({key: value}) or "Updated: 2024-05-01"
        return (
            'send it under "published_at" when the document gives no publication date; else open the text with the '
            f'line "{line[:100]}"'
        )
    if field == "published_at" or name in YEAR_KEYS:
        return 'send the date under "published_at"'
    if field:
        return f'send it under "{field}"'
    line = field_lines({key: value})
    if line and "\n" not in line and len(line) <= 100:
        return f'open the text with the line "{line}" (as a corpus .jsonl record\'s other fields are read) or remove it'
    return f'remove it (a corpus .jsonl record\'s "{key}" is left out of the index too)'


@dataclass(frozen=True)
class Upload:
    """An uploaded file's documents, and what reading it found that may not be what the writer meant (a front
    matter block that is not valid YAML, read line by line), as the build summary says of a corpus file."""

    documents: list[Document]
    warnings: list[str]


def parse_upload(filename: str, data: bytes, given_id: str | None = None) -> list[Document]:
    """The documents in an uploaded file (``read_upload``, its warnings left out)."""
    return read_upload(filename, data, given_id).documents


def read_upload(filename: str, data: bytes, given_id: str | None = None, corpus_path: str | None = None) -> Upload:
    """The documents in an uploaded file, read by the corpus folder's own readers (so every type the folder reads,
    ``.md`` to ``.epub`` and ``.mbox``, parses exactly as it would in the folder).

    The bytes go to a private temporary file only for the reader; what is kept is the parsed document. A file
    that yields no text is refused (``DocumentInputError`` naming ``file``). Documents of a file of records (a
    ``.jsonl`` file, a JSON list, a sheet of articles) keep their own ``id``; a file of one document without one
    takes ``given_id``; any other is named as the corpus folder names it, by the file's name ("harbour-notes.md")
    and, in a file of several, its place there ("export.jsonl:3", "inbox.mbox:2", "prices.xlsx:Ferries").

    Why the file's name, not a hash of the content: an edited file uploaded again under its name was stored as a
    second document beside the first, and answers quoted the old price and the new; uploaded again now, it replaces
    its earlier version (``updated``), as a file saved again in the corpus folder does. ``corpus_path``: the corpus
    folder's file in a subfolder this one is a copy of (``corpus_namesakes``), whose path names its documents as the
    folder names that file's ("data/loco-roster.csv"), so the upload replaces them too.
    """
    name = Path(filename).name
    rel = corpus_path or name
    suffix = Path(name).suffix.lower()
    report = CorpusReport(refusing=f"refusing the upload {name} (nothing was stored)")
    with tempfile.TemporaryDirectory(prefix="ragqa-upload-") as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(data)
        with front_matter_problems() as problems:
            docs = list(iter_file_documents(path, rel, report))
    if not docs:
        why = "; ".join(s.split(": ", 1)[-1] for s in report.skipped) or "it holds no text"
        raise DocumentInputError("file", f"{name} yields no document ({why})")
    if report.skipped:  # a bad line of a JSONL file: storing the rest would lose it without a word
        raise DocumentInputError(
            "file", f"{'; '.join(report.skipped)}: fix or remove it and send the file again (nothing was stored)"
        )
    # the ids the corpus folder's readers gave: a record's own, else the file's name (and the place in it)
    ids = [d.doc_id for d in docs]
    if given_id is not None and len(docs) == 1 and (ids[0] == rel or ids[0].startswith(f"{rel}:")):
        ids = [given_id]  # one document without an id of its own: the request names it
    return Upload([_finish(d, i, f"{UPLOADED}{rel}") for d, i in zip(docs, ids, strict=True)], problems)


def corpus_namesakes(name: str, paths: Iterable[str]) -> list[str]:
    """The files in subfolders of the corpus folder whose file name is ``name``, by path; none when a file at its
    top has that name (the name alone names it). ``paths``: the files the served documents were read from, an
    upload's as ``upload:`` and the path it was named as (``read_upload``), which counts as that file.

    Why: the folder names a subfolder's file by its path ("data/loco-roster.csv"); an edited copy uploaded as
    "loco-roster.csv" was stored as a second document beside it, and answers quoted the old status and the new.

    >>> corpus_namesakes("roster.csv", ["data/roster.csv", "news.jsonl", "upload:roster.csv", "old/rosters.csv"])
    ['data/roster.csv']
    >>> corpus_namesakes("roster.csv", ["upload:data/roster.csv", "archive/roster.csv"])
    ['archive/roster.csv', 'data/roster.csv']
    >>> corpus_namesakes("roster.csv", ["data/roster.csv", "roster.csv"])
    []
    """
    found: set[str] = set()
    for path in paths:
        uploaded = path.startswith(UPLOADED)
        path = path.removeprefix(UPLOADED)
        if path == name and not uploaded:
            return []
        if "/" in path and PurePosixPath(path).name == name:
            found.add(path)
    return sorted(found)


def undated_warnings(docs: Sequence[Document]) -> list[str]:
    """A warning for each document whose date cannot be read (kept as written, as the corpus folder keeps it,
    which no date filter matches): what the build summary says of a corpus file, said to the writer. A day in
    figures that may be read either way ("12/03/2025": 12 March or December 3) is one, named with both readings.

    Why: "12/03/2025" was stored as December 3 without a word, where the writer meant 12 March."""
    warnings = []
    for doc in docs:
        if not doc.published_at or normalize_date(doc.published_at) is not None or period_of(doc.published_at):
            continue
        written = doc.published_at[:60]
        readings = either_way(written)
        if readings:
            day_first, month_first = readings
            warnings.append(
                f"{doc.doc_id}: date {written!r} may be {day_first} (day first) or {month_first} (month first), so "
                f"it is kept as written and no date filter matches it: send it as {day_first} or {month_first}"
            )
        else:
            warnings.append(
                f"{doc.doc_id}: date {written!r} not understood (kept as written, no date filter matches it): write "
                "it as 2020-06-29 or June 29, 2020"
            )
    return warnings


def stored_undated(docs: Sequence[Document]) -> list[str]:
    """The build summary's entries (``CorpusReport.undated``) for stored documents whose date cannot be read, as a
    corpus file's are listed: ``"glacier: '12/03/2025' (2025-03-12 or 2025-12-03? ...)"``.

    Why: an upload's "12/03/2026" was named in its response's warnings but not in its build's job report, whose
    ``undated`` lists a corpus file's such date at every build.

    >>> doc = Document(doc_id="glacier", title="", text="", sections=(), published_at="12/03/2025")
    >>> stored_undated([doc])
    ["glacier: '12/03/2025' (2025-03-12 or 2025-12-03? its day and month may be read either way)"]
    """
    entries = []
    for doc in docs:
        if not doc.published_at or normalize_date(doc.published_at) is not None or period_of(doc.published_at):
            continue
        entries.append(f"{doc.doc_id}: {doc.published_at[:60]!r}{date_doubt(doc.published_at)}")
    return entries


def _encode(doc: Document) -> str:
    return json.dumps(asdict(doc), sort_keys=True)


def _decode(text: str) -> Document:
    data = json.loads(text)
    data["sections"] = tuple(Section(**s) for s in data["sections"])
    data["page_starts"] = tuple(data.get("page_starts") or ())
    return Document(**data)


# ---------------------------------------------------------------- the store


class DocumentStore:
    """The API's documents, durable before a write returns (see the module docstring).

    Opened lazily: a process that never writes (``ragqa ask``) never creates the file. Safe across threads (one
    connection per call) and processes (SQLite locking; replicas and workers may share the file).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._schema = Schema(_SCHEMA)

    def _connect(self, create: bool) -> sqlite3.Connection | None:
        if not create and not self.path.exists():
            return None
        if create:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        db.execute("PRAGMA synchronous=FULL")
        self._schema.ensure(db)
        return db

    # writes

    def put(self, documents: Iterable[Document], collection: str = DEFAULT_COLLECTION) -> list[WriteResult]:
        """Store ``documents`` (new or replacing the same ids) in one durable transaction."""
        docs = list(documents)
        now = time.time()
        results: list[WriteResult] = []
        db = self._connect(create=True)
        assert db is not None
        with closing(db):
            db.execute("BEGIN IMMEDIATE")
            try:
                seq = self._next_seq(db)
                for doc in docs:
                    row = db.execute(
                        "SELECT content_hash, deleted FROM documents WHERE collection = ? AND doc_id = ?",
                        (collection, doc.doc_id),
                    ).fetchone()
                    digest = doc.content_hash
                    if row is not None and row[0] == digest and not row[1]:
                        results.append(WriteResult(doc.doc_id, "unchanged", digest))
                        continue
                    status = "created" if row is None or row[1] else "updated"
                    db.execute(
                        "INSERT INTO documents (collection, doc_id, content_hash, document, deleted, seq, created_at,"
                        " updated_at) VALUES (?, ?, ?, ?, 0, ?, ?, ?) ON CONFLICT (collection, doc_id) DO UPDATE SET"
                        " content_hash = excluded.content_hash, document = excluded.document, deleted = 0,"
                        " seq = excluded.seq, updated_at = excluded.updated_at,"
                        " created_at = CASE WHEN documents.deleted THEN excluded.created_at"
                        " ELSE documents.created_at END",
                        (collection, doc.doc_id, digest, _encode(doc), seq, now, now),
                    )
                    results.append(WriteResult(doc.doc_id, status, digest))
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        return results

    def delete(self, doc_id: str, collection: str = DEFAULT_COLLECTION) -> WriteResult | None:
        """Mark a stored document deleted (durably); None when the store has no live document ``doc_id``."""
        db = self._connect(create=False)
        if db is None:
            return None
        with closing(db):
            db.execute("BEGIN IMMEDIATE")
            try:
                row = db.execute(
                    "SELECT content_hash FROM documents WHERE collection = ? AND doc_id = ? AND deleted = 0",
                    (collection, doc_id),
                ).fetchone()
                if row is None:
                    db.execute("ROLLBACK")
                    return None
                db.execute(
                    "UPDATE documents SET deleted = 1, document = '', seq = ?, updated_at = ?"
                    " WHERE collection = ? AND doc_id = ?",
                    (self._next_seq(db), time.time(), collection, doc_id),
                )
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        return WriteResult(doc_id, "deleted", row[0])

    @staticmethod
    def _next_seq(db: sqlite3.Connection) -> int:
        db.execute("INSERT INTO meta (key, value) VALUES ('seq', 1) ON CONFLICT (key) DO UPDATE SET value = value + 1")
        return int(db.execute("SELECT value FROM meta WHERE key = 'seq'").fetchone()[0])

    # reads

    def get(self, doc_id: str, collection: str = DEFAULT_COLLECTION) -> StoredDocument | None:
        """The row of ``doc_id`` (a tombstone included), or None."""
        db = self._connect(create=False)
        if db is None:
            return None
        with closing(db):
            row = db.execute(
                "SELECT collection, doc_id, content_hash, document, deleted, seq, created_at, updated_at"
                " FROM documents WHERE collection = ? AND doc_id = ?",
                (collection, doc_id),
            ).fetchone()
        return _row(row) if row is not None else None

    def find_hashes(self, collection: str = DEFAULT_COLLECTION) -> dict[str, str | None]:
        """doc id -> content hash of every row (None for a tombstone): what the index should hold of the store."""
        db = self._connect(create=False)
        if db is None:
            return {}
        with closing(db):
            rows = db.execute(
                "SELECT doc_id, content_hash, deleted FROM documents WHERE collection = ?", (collection,)
            ).fetchall()
        return {r[0]: (None if r[2] else r[1]) for r in rows}

    def documents(self, collection: str = DEFAULT_COLLECTION) -> tuple[list[Document], int]:
        """Every live document, in the order first written, and the store's write counter, read in one snapshot."""
        db = self._connect(create=False)
        if db is None:
            return [], 0
        with closing(db):
            db.execute("BEGIN")
            rows = db.execute(
                "SELECT document FROM documents WHERE collection = ? AND deleted = 0 ORDER BY created_at, doc_id",
                (collection,),
            ).fetchall()
            seq = db.execute("SELECT value FROM meta WHERE key = 'seq'").fetchone()
            db.execute("COMMIT")
        return [_decode(r[0]) for r in rows], int(seq[0]) if seq else 0


def _row(row: tuple) -> StoredDocument:
    collection, doc_id, digest, document, deleted, seq, created, updated = row
    return StoredDocument(
        collection, doc_id, digest, None if deleted else _decode(document), bool(deleted), seq, created, updated
    )


def read_stored(index_dir: Path) -> list[Document]:
    """The live API documents stored beside the index in ``index_dir`` (none when nothing was ever posted)."""
    return DocumentStore(store_path(index_dir)).documents()[0]


def posted_ids(index_dir: Path) -> set[str]:
    """The ids of every document ever posted beside the index in ``index_dir``, deleted ones included."""
    return set(DocumentStore(store_path(index_dir)).find_hashes())
