"""Index versions published into Milvus (``RAGQA_STORE=milvus``): versions share two collections, each row
stamped with the versions that see it, and a pointer names the live one.

Why: the in-process store keeps every chunk of the live version in each serving process; Milvus keeps them in an
engine that shards (``num_shards``) and replicates (``replica_number``) across a cluster, with BM25 full-text and
dense search side by side, so API replicas hold only the model.

Layout, for a ragqa collection ``NAME`` (``RAGQA_MILVUS_COLLECTION``):

    ragqa_NAME_catalog            one row per blob: each version's manifest, documents, vocabulary, sources,
                                  per-document digests and sequence number (in parts of at most 16,000
                                  characters), and the row ``live`` naming the published version: the pointer
                                  readers poll
    ragqa_NAME_chunks             the chunks of every kept version: text, metadata, filter fields, dense vector,
                                  the BM25 sparse vector Milvus computes from ``keywords``, and ``since``/``until``
    ragqa_NAME_chunks_s           their sentences (BM25 over single sentences), stamped the same way
    ragqa_NAME (alias)            the chunks collection, where the engine supports aliases (a server or cluster;
                                  milvus-lite 2.5.1 answers UNIMPLEMENTED): for tools, not read by ragqa

Each version gets the next sequence number ``seq``; it sees the rows with ``since <= seq <= until``. Publishing
writes only the documents whose digest changed since the newest published version: their new rows with ``since =
seq``, and ``until = seq - 1`` on their old rows, which readers of older versions keep seeing. The rows are
flushed and visible to reads, and the catalog entry written, before the ``live`` row is upserted to name the
version (one row, one atomic write), so a reader never sees half a build. Versions of the older layout (one
collection ``ragqa_NAME_v_<version>`` per version) stay readable until pruned; a publish never writes them.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from ragqa.config import Settings
from ragqa.index.chunk_table import chunk_columns, chunks_at
from ragqa.index.errors import IndexCorrupt, IndexNotFound, IndexStoreError
from ragqa.index.manifest import Manifest
from ragqa.index.store import LoadedIndex
from ragqa.ingest.dates import period_of
from ragqa.records import Chunk, DocumentRecord

log = logging.getLogger(__name__)

LIVE = "live"
"""The catalog row naming the published version."""
BLOB_CHARS = 16_000
"""Characters per catalog part: at most 4 bytes each in UTF-8, under VARCHAR's 65,535-byte limit."""
VARCHAR_MAX = 65_535
INSERT_BATCH = 512
IVF_FROM = 100_000
"""Chunks from which a version's dense field gets IVF_FLAT instead of FLAT (exact); milvus-lite 2.5.1 refuses HNSW."""
QUERY_PAGE = 16_384
"""Most rows one Milvus query may return (offset + limit)."""
CURRENT = 2**62
"""``until`` of a row the newest version still has: later than any sequence number."""
ROW_BITS = 32
"""A row's key is ``since << ROW_BITS`` plus its position in the build that wrote it: unique per (chunk, since)."""
CHUNK_FIELDS = ["row", "chunk_id", "doc_id", "title", "section", "start", "end", "text", "url", "source"]
CHUNK_FIELDS += ["published_at", "category", "page"]
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,99}$")


class EngineUnavailable(IndexStoreError):
    """Milvus cannot be reached or refused a request; the message names the URI (never the token) and the cause."""


@dataclass
class EngineIndex(LoadedIndex):
    """A version served from Milvus: its manifest and documents in memory, its chunks in ``collection``.

    ``chunks`` stays empty (the engine holds them); ``chunk_count`` comes from the manifest.
    """

    collection: str = ""
    seq: int = 0
    """Its sequence number in the shared layout (rows with ``since <= seq <= until``); 0 for an old-layout version
    (a collection of its own)."""
    vocabulary: dict[str, int] = field(default_factory=dict)
    """Keyword term -> how many chunks hold it (the corpus facts abstention checks)."""
    sources: list[str] = field(default_factory=list)
    dense_sample: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.float32))
    """A fixed sample of at most ``DENSE_SAMPLE`` stored vectors, read with the version (not by its first
    question): its scores against a question give the mean and deviation that standardize dense scores."""

    @property
    def chunk_count(self) -> int:
        return self.manifest.chunk_count

    def vectors(self) -> np.ndarray:
        raise IndexStoreError(f"version {self.version} lives in Milvus ({self.collection}): its vectors are not local")


@dataclass(frozen=True)
class EngineVersion:
    """What publishing needs beside the built version: the keyword text of each chunk (in row order), which Milvus
    turns into BM25 vectors, and the keyword vocabulary (term -> chunks holding it)."""

    keywords: list[str]
    vocabulary: dict[str, int]
    sentences: list[tuple[int, str]] = field(default_factory=list)
    """(chunk row, keyword text) of every sentence holding a content word: BM25 over single sentences, whose best
    score per chunk the in-process ranking also blends in."""


def check_name(name: str) -> str:
    """A ragqa collection name usable inside Milvus collection names (letters, digits, ``_``)."""
    if not _NAME.match(name):
        raise EngineUnavailable(
            f"RAGQA_MILVUS_COLLECTION {name[:80]!r} cannot name a Milvus collection: use letters, digits and _ "
            "(starting with a letter), at most 100 characters"
        )
    return name


def catalog_name(name: str) -> str:
    return f"ragqa_{check_name(name)}_catalog"


def alias_name(name: str) -> str:
    return f"ragqa_{check_name(name)}"


def version_collection(name: str, version: str) -> str:
    """The collection of one version in the older layout: ``ragqa_NAME_v_`` plus the version id (``.``, ``-`` as
    ``_``)."""
    return f"ragqa_{check_name(name)}_v_{re.sub(r'[^A-Za-z0-9_]', '_', version)}"


def sentence_collection(collection: str) -> str:
    """The sentences of a chunks collection, beside it."""
    return f"{collection}_s"


def describe_uri(uri: str) -> str:
    """The URI as messages show it: without credentials (``user:password@``) or a query."""
    text = re.sub(r"//[^/@]*@", "//", uri)
    return text.split("?", 1)[0]


def connect(settings: Settings, timeout_s: float = 10.0) -> Any:
    """A ``MilvusClient`` for ``RAGQA_MILVUS_URI``; ``EngineUnavailable`` (one line, no traceback) when it is
    missing or cannot be reached."""
    uri = settings.milvus_uri.strip()
    if not uri:
        raise EngineUnavailable(
            "RAGQA_STORE=milvus needs RAGQA_MILVUS_URI: http://host:19530 for a Milvus server or cluster, or a "
            "local .db file for embedded milvus-lite"
        )
    try:
        with warnings.catch_warnings():  # milvus-lite 2.5.1 imports pkg_resources, which warns on every start
            warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)
            from pymilvus import MilvusClient
    except ImportError as exc:  # pragma: no cover - pymilvus is a dependency
        raise EngineUnavailable(f"RAGQA_STORE=milvus needs pymilvus ({exc}): pip install pymilvus") from None
    if not uri.startswith(("http://", "https://", "tcp://", "unix:")) and not uri.endswith(".db"):
        raise EngineUnavailable(
            f"RAGQA_MILVUS_URI {describe_uri(uri)[:200]!r} is neither http(s)://host:port nor a local .db file"
        )
    try:
        return MilvusClient(uri=uri, token=settings.milvus_token, timeout=timeout_s)
    except Exception as exc:  # grpc, pymilvus and milvus-lite each raise their own kinds
        raise EngineUnavailable(f"cannot reach Milvus at {describe_uri(uri)}: {_reason(exc)}") from None


def _reason(exc: BaseException) -> str:
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return " ".join(str(message).split())[:300]


def _call(what: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run one Milvus request; any failure becomes ``EngineUnavailable`` saying what was being done."""
    try:
        return fn(*args, **kwargs)
    except IndexStoreError:
        raise
    except Exception as exc:
        raise EngineUnavailable(f"Milvus failed to {what}: {_reason(exc)}") from None


# --- catalog: the pointer and each version's blobs ---


def _ensure_catalog(client: Any, name: str) -> str:
    from pymilvus import DataType

    catalog = catalog_name(name)
    if _call("list collections", client.has_collection, catalog):
        return catalog
    schema = client.create_schema(auto_id=False, enable_dynamic_field=False)
    schema.add_field("key", DataType.VARCHAR, max_length=512, is_primary=True)
    schema.add_field("version", DataType.VARCHAR, max_length=128)
    schema.add_field("kind", DataType.VARCHAR, max_length=32)
    schema.add_field("part", DataType.INT64)
    schema.add_field("body", DataType.VARCHAR, max_length=VARCHAR_MAX)
    schema.add_field("v", DataType.FLOAT_VECTOR, dim=2)  # Milvus wants a vector field in every collection
    index = client.prepare_index_params()
    index.add_index("v", index_type="FLAT", metric_type="L2")
    _call(
        "create the catalog",
        client.create_collection,
        catalog,
        schema=schema,
        index_params=index,
        consistency_level="Strong",
    )
    _call("load the catalog", client.load_collection, catalog)
    return catalog


def _put_blob(client: Any, catalog: str, version: str, kind: str, text: str) -> None:
    parts = [text[i : i + BLOB_CHARS] for i in range(0, len(text), BLOB_CHARS)] or [""]
    rows = [
        {"key": f"{version}/{kind}/{n:08d}", "version": version, "kind": kind, "part": n, "body": body, "v": [0.0, 0.0]}
        for n, body in enumerate(parts)
    ]
    for i in range(0, len(rows), 64):
        _call(f"write the {kind} of {version}", client.upsert, catalog, rows[i : i + 64])


def _get_blob(client: Any, catalog: str, version: str, kind: str) -> str | None:
    parts: dict[int, str] = {}
    start = 0
    while True:
        rows = _call(
            f"read the {kind} of {version}",
            client.query,
            catalog,
            filter=f'version == "{version}" and kind == "{kind}" and part >= {start} and part < {start + 4096}',
            output_fields=["part", "body"],
            limit=4096,
            consistency_level="Strong",
        )
        parts.update({int(r["part"]): str(r["body"]) for r in rows})
        if len(rows) < 4096:
            break
        start += 4096
    if not parts:
        return None
    return "".join(parts[n] for n in sorted(parts))


def live_version(client: Any, name: str) -> str | None:
    """The published version of ``name``, or None when nothing was published (or no catalog exists)."""
    catalog = catalog_name(name)
    if not _call("list collections", client.has_collection, catalog):
        return None
    rows = _call(
        "read the live version",
        client.query,
        catalog,
        ids=[LIVE],
        output_fields=["version"],
        consistency_level="Strong",
    )
    return str(rows[0]["version"]) if rows else None


def _described(client: Any, catalog: str) -> set[str]:
    rows = _call(
        "list versions",
        client.query,
        catalog,
        filter='kind == "manifest" and part == 0',
        output_fields=["version"],
        limit=QUERY_PAGE,
        consistency_level="Strong",
    )
    return {str(r["version"]) for r in rows}


def version_seqs(client: Any, name: str) -> dict[str, int]:
    """The sequence number of each described version in the shared layout (versions of the old layout, one
    collection per version, have none)."""
    catalog = catalog_name(name)
    if not _call("list collections", client.has_collection, catalog):
        return {}
    described = _described(client, catalog)
    rows = _call(
        "read sequence numbers",
        client.query,
        catalog,
        filter='kind == "seq" and part == 0',
        output_fields=["version", "body"],
        limit=QUERY_PAGE,
        consistency_level="Strong",
    )
    return {str(r["version"]): int(r["body"]) for r in rows if str(r["version"]) in described}


def published_versions(client: Any, name: str) -> list[str]:
    """Versions described in the catalog, oldest first: old-layout ones by id (ids sort by build time), then the
    shared layout's by sequence number (publish order)."""
    catalog = catalog_name(name)
    if not _call("list collections", client.has_collection, catalog):
        return []
    seqs = version_seqs(client, name)
    return sorted(_described(client, catalog), key=lambda v: (seqs.get(v, 0), v))


# --- the shared chunk and sentence collections ---


def chunks_collection(name: str) -> str:
    """The chunks of every version of ``name`` (the shared layout); its sentences are in ``sentence_collection``."""
    return f"ragqa_{check_name(name)}_chunks"


def visible(seq: int) -> str:
    """The rows version ``seq`` sees: added by it or an earlier version, and not superseded before it."""
    return f"since <= {seq} and until >= {seq}"


def _chunk_schema(client: Any, dimension: int) -> Any:
    from pymilvus import DataType

    schema = client.create_schema(auto_id=False, enable_dynamic_field=False)
    schema.add_field("row", DataType.INT64, is_primary=True)
    for name in ("chunk_id", "doc_id", "title", "section", "text", "url", "source", "published_at", "category"):
        schema.add_field(name, DataType.VARCHAR, max_length=VARCHAR_MAX)
    for name in ("start", "end", "page", "since", "until"):
        schema.add_field(name, DataType.INT64)
    # filter fields: case-folded source and category, the published day as YYYY-MM-DD (or YYYY-MM, YYYY for a date
    # naming only its month or year; "" when undated)
    schema.add_field("source_key", DataType.VARCHAR, max_length=VARCHAR_MAX)
    schema.add_field("category_key", DataType.VARCHAR, max_length=VARCHAR_MAX)
    schema.add_field("day", DataType.VARCHAR, max_length=10)
    # what BM25 indexes: the in-process keyword index's words of title, source, date, section and passage (folded
    # by ragqa, so both backends score the same vocabulary)
    _add_bm25_fields(schema, "keywords_bm25")
    schema.add_field("dense", DataType.FLOAT_VECTOR, dim=dimension)
    return schema


def _add_bm25_fields(schema: Any, function: str) -> None:
    """``keywords`` (ragqa's words, split on spaces by Milvus's standard analyzer) and the ``sparse`` BM25 vector
    Milvus computes from it: the same in the chunk and the sentence collections."""
    from pymilvus import DataType, Function, FunctionType

    schema.add_field(
        "keywords", DataType.VARCHAR, max_length=VARCHAR_MAX, enable_analyzer=True,
        analyzer_params={"tokenizer": "standard"},
    )  # fmt: skip
    schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
    schema.add_function(
        Function(name=function, function_type=FunctionType.BM25, input_field_names=["keywords"],
                 output_field_names=["sparse"])
    )  # fmt: skip


def _sentence_schema(client: Any) -> Any:
    from pymilvus import DataType

    schema = client.create_schema(auto_id=False, enable_dynamic_field=False)
    schema.add_field("sid", DataType.INT64, is_primary=True)
    schema.add_field("row", DataType.INT64)
    schema.add_field("doc_id", DataType.VARCHAR, max_length=VARCHAR_MAX)
    schema.add_field("since", DataType.INT64)
    schema.add_field("until", DataType.INT64)
    schema.add_field("source_key", DataType.VARCHAR, max_length=VARCHAR_MAX)
    schema.add_field("category_key", DataType.VARCHAR, max_length=VARCHAR_MAX)
    schema.add_field("day", DataType.VARCHAR, max_length=10)
    _add_bm25_fields(schema, "sentence_bm25")
    return schema


STORED_CHUNK = [*CHUNK_FIELDS, "source_key", "category_key", "day", "keywords", "dense", "since", "until"]
"""Every chunk field but ``sparse`` (Milvus computes it): what an upsert must supply."""
STORED_SENTENCE = ["sid", "row", "doc_id", "since", "until", "source_key", "category_key", "day", "keywords"]


def _bm25_params(params: Any, k1: float, b: float) -> Any:
    params.add_index(
        "sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25", params={"bm25_k1": k1, "bm25_b": b}
    )
    return params


SCALAR_INDEXED = ("doc_id", "since", "until", "source_key", "category_key", "day")
"""The fields every search, count and supersede filters on (a version's ``since``/``until`` window, a document,
the filters): each gets the scalar index Milvus picks for its type, so filtering does not scan every row."""


def _scalar_params(params: Any, present: Iterable[str] = ()) -> Any:
    """``params`` with a scalar index on each of ``SCALAR_INDEXED`` not in ``present`` (Milvus chooses its kind)."""
    for name in SCALAR_INDEXED:
        if name not in present:
            params.add_index(name, index_name=f"{name}_scalar")
    return params


def _ensure_scalar_indexes(client: Any, collection: str) -> None:
    """Add the scalar indexes a collection created before they existed lacks (Milvus builds them in place)."""
    held = _call(f"list {collection}'s indexes", client.list_indexes, collection)
    present = {str(index).removesuffix("_scalar") for index in held}
    if set(SCALAR_INDEXED) - present:
        params = _scalar_params(client.prepare_index_params(), present)
        _call(f"index {collection}", client.create_index, collection, params)


def _ensure_collections(
    client: Any, name: str, dimension: int, rows: int, num_shards: int, replica_number: int, k1: float, b: float
) -> str:
    """The shared chunk and sentence collections, created (dense index kind chosen by ``rows``) and loaded if
    needed; a dimension other than the collection's is refused, since a vector field's size is fixed."""
    chunks = chunks_collection(name)
    if _call("list collections", client.has_collection, chunks):
        fields = _call(f"describe {chunks}", client.describe_collection, chunks).get("fields", [])
        held = next((int(f.get("params", {}).get("dim", 0)) for f in fields if f.get("name") == "dense"), dimension)
        if held != dimension:
            raise IndexStoreError(
                f"{chunks} holds {held}-dimensional vectors, this build {dimension}: publish it under another "
                "RAGQA_MILVUS_COLLECTION (or drop the collection)"
            )
    else:
        params = _scalar_params(_bm25_params(client.prepare_index_params(), k1, b))
        if rows >= IVF_FROM:
            params.add_index("dense", index_type="IVF_FLAT", metric_type="IP", params={"nlist": int(4 * rows**0.5)})
        else:
            params.add_index("dense", index_type="FLAT", metric_type="IP")
        _call(
            f"create {chunks}", client.create_collection, chunks, schema=_chunk_schema(client, dimension),
            index_params=params, num_shards=num_shards, consistency_level="Bounded",
        )  # fmt: skip
    sentences = sentence_collection(chunks)
    if not _call("list collections", client.has_collection, sentences):
        _call(
            f"create {sentences}", client.create_collection, sentences, schema=_sentence_schema(client),
            index_params=_scalar_params(_bm25_params(client.prepare_index_params(), k1, b)), num_shards=num_shards,
            consistency_level="Bounded",
        )  # fmt: skip
    for each in (chunks, sentences):
        _ensure_scalar_indexes(client, each)
        _ensure_loaded(client, each, replica_number)
    return chunks


def _ensure_loaded(client: Any, collection: str, replica_number: int = 1) -> None:
    state = _call(f"check {collection} is loaded", client.get_load_state, collection)
    if "Loaded" not in str(state.get("state", "")):
        _call(f"load {collection}", client.load_collection, collection, replica_number=replica_number)


@contextmanager
def _quiet_pymilvus() -> Iterator[None]:
    """pymilvus logs a traceback for every refused request (and a warning per query iterator) before raising."""
    quiet = logging.getLogger("pymilvus")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        quiet.setLevel(level)


def _query_all(client: Any, collection: str, where: str, fields: list[str]) -> list[dict[str, Any]]:
    """Every row matching ``where`` (a query alone returns at most ``QUERY_PAGE``), paged by primary key."""
    with _quiet_pymilvus():
        pages = _call(
            f"read {collection}", client.query_iterator, collection, batch_size=QUERY_PAGE, filter=where,
            output_fields=fields,
        )  # fmt: skip
        found: list[dict[str, Any]] = []
        try:
            while batch := _call(f"read {collection}", pages.next):
                found.extend({k: r[k] for k in fields} for r in batch)
        finally:
            pages.close()
    return found


def _set_until(client: Any, collection: str, rows: list[dict[str, Any]], until: int) -> None:
    """Rewrite rows with another ``until`` (an upsert replaces whole rows, so they were read back whole)."""
    for i in range(0, len(rows), INSERT_BATCH):
        batch = [dict(r, until=until) for r in rows[i : i + INSERT_BATCH]]
        _call(f"update {collection}", client.upsert, collection, batch)


def _undo_debris(client: Any, chunks: str, head: int) -> None:
    """Undo what a publish that died after ``head`` wrote: rows it added, rows it marked superseded (``until ==
    head`` only happens while version ``head + 1`` is being published)."""
    for collection, fields in ((chunks, STORED_CHUNK), (sentence_collection(chunks), STORED_SENTENCE)):
        _call(f"clean {collection}", client.delete, collection, filter=f"since > {head}")
        if head:
            _set_until(client, collection, _query_all(client, collection, f"until == {head}", fields), CURRENT)


def document_digests(index: LoadedIndex, engine: EngineVersion) -> dict[str, str]:
    """A digest per document of everything its rows hold but vectors (model and dimension stand for those): two
    versions with equal digests for a document can share its rows."""
    words: dict[int, list[str]] = {}
    for row, text in engine.sentences:
        words.setdefault(row, []).append(text)
    base = f"{index.manifest.model}\x00{index.manifest.dimension}".encode()
    digests: dict[str, Any] = {}
    for row, chunk in enumerate(index.chunks):
        digest = digests.setdefault(chunk.doc_id, hashlib.sha256(base))
        stored = [asdict(chunk), engine.keywords[row], words.get(row, [])]
        period = day_of(chunk.published_at)
        if 0 < len(period) < 10:  # rows written before month- and year-only dates were periods hold day ""
            stored.append(period)
        digest.update(json.dumps(stored).encode())
    return {doc_id: digest.hexdigest()[:32] for doc_id, digest in digests.items()}


def day_of(published_at: str) -> str:
    """What the ``day`` field holds: ``period_of`` the date ("2020-06-29", "2022-09" for "September 2022",
    "2022"; "" undated), which the day filters compare as strings (``dates.overlaps``)."""
    return period_of(published_at)


def _clip(text: str) -> str:
    """VARCHAR holds 65,535 bytes: a longer value (never a chunk, maybe a URL) is cut at a character boundary."""
    data = text.encode()
    return text if len(data) <= VARCHAR_MAX else data[:VARCHAR_MAX].decode(errors="ignore")


def _rows(
    chunks: Sequence[Chunk], vectors: np.ndarray, keywords: list[str], keys: list[int], seq: int
) -> Iterator[dict[str, Any]]:
    for key, chunk, vector, words in zip(keys, chunks, vectors, keywords):
        yield {
            "row": key,
            **{name: _clip(str(getattr(chunk, name))) for name in CHUNK_FIELDS if name not in ("row", "start", "end")},
            "start": int(chunk.start),
            "end": int(chunk.end),
            "page": int(chunk.page),
            "source_key": _clip(chunk.source.strip().lower()),
            "category_key": _clip(chunk.category.strip().lower()),
            "day": day_of(chunk.published_at),
            "keywords": _clip(words or " "),
            "dense": vector.astype(np.float32).tolist(),
            "since": seq,
            "until": CURRENT,
        }


def chunk_from(row: dict[str, Any]) -> Chunk:
    """A ``Chunk`` rebuilt from a row of a version's collection."""
    return Chunk(
        chunk_id=row["chunk_id"],
        doc_id=row["doc_id"],
        title=row["title"],
        section=row["section"],
        start=int(row["start"]),
        end=int(row["end"]),
        text=row["text"],
        url=row["url"],
        source=row["source"],
        published_at=row["published_at"],
        category=row["category"],
        page=int(row["page"]),
    )


def publish_version(
    client: Any,
    name: str,
    index: LoadedIndex,
    engine: EngineVersion,
    *,
    keep: int = 3,
    num_shards: int = 1,
    replica_number: int = 1,
    bm25_k1: float = 0.9,
    bm25_b: float = 0.4,
) -> bool:
    """Publish a built version into Milvus as the next sequence number and make it live there; False when it
    already was live (a version still described there is made live again without writing rows).

    Only documents whose digest differs from the newest published version's are written: their old rows get
    ``until`` = that version's number, their new rows ``since`` = the new one. Then flush, wait until reads see it
    all, write the catalog entry (manifest last), upsert the ``live`` row (the atomic switch), prune.
    """
    catalog = _ensure_catalog(client, name)
    version = index.version
    seqs = version_seqs(client, name)
    if version in seqs or (
        version in published_versions(client, name)
        and _call("list collections", client.has_collection, version_collection(name, version))
    ):
        if live_version(client, name) == version:
            return False
        _set_live(client, catalog, name, version)  # a rollback to a version still in Milvus
        return True
    if len(engine.keywords) != index.chunk_count:
        raise ValueError(f"{len(engine.keywords)} keyword texts for {index.chunk_count} chunks")
    started = time.perf_counter()
    head = max(seqs.values(), default=0)
    seq = head + 1
    chunks = _ensure_collections(
        client, name, index.manifest.dimension, index.chunk_count, num_shards, replica_number, bm25_k1, bm25_b
    )
    sentences = sentence_collection(chunks)
    _undo_debris(client, chunks, head)
    digests = document_digests(index, engine)
    newest = next((v for v, s in seqs.items() if s == head), None)
    before: dict[str, str] = json.loads(_get_blob(client, catalog, newest, "digests") or "{}") if newest else {}
    written = {d for d, digest in digests.items() if before.get(d) != digest}
    superseded = sorted(d for d, digest in before.items() if digests.get(d) != digest)
    closed = 0
    for i in range(0, len(superseded), 256):
        where = f"{expression_in('doc_id', superseded[i : i + 256])} and until == {CURRENT}"
        old = _query_all(client, chunks, where, STORED_CHUNK)
        _set_until(client, sentences, _query_all(client, sentences, where, STORED_SENTENCE), head)
        _set_until(client, chunks, old, head)
        closed += len(old)
    filter_fields = chunk_columns(index.chunks, ("doc_id", "source", "category", "published_at"))
    positions = [row for row, doc_id in enumerate(filter_fields[0]) if doc_id in written]
    key = seq << ROW_BITS
    vectors = index.vectors() if positions else np.zeros((0, index.manifest.dimension), np.float32)
    for i in range(0, len(positions), INSERT_BATCH):
        part = positions[i : i + INSERT_BATCH]
        rows = _rows(
            chunks_at(index.chunks, part),
            vectors[part],
            [engine.keywords[r] for r in part],
            [key + r for r in part],
            seq,
        )
        _call(f"insert into {chunks}", client.insert, chunks, list(rows))
    wanted = set(positions)
    added = [(n, row, words) for n, (row, words) in enumerate(engine.sentences) if row in wanted]
    _insert_sentences(client, sentences, filter_fields, added, seq)
    for each in (chunks, sentences):
        _call(f"flush {each}", client.flush, each)
    _await(client, chunks, visible(seq), index.chunk_count, f"version {version} (seq {seq})")
    _await(client, sentences, visible(seq), len(engine.sentences), f"the sentences of version {version}")
    if head:
        _await(client, chunks, f"until == {head}", closed, f"the rows version {version} supersedes")
    _call(
        f"clear {version} in the catalog",
        client.delete,
        catalog,
        filter=f'version == {expression_literal(version)} and kind != "pointer"',
    )
    sources = sorted({s for s in set(filter_fields[1]) if s})
    _put_blob(client, catalog, version, "documents", json.dumps([asdict(d) for d in index.document_records]))
    _put_blob(client, catalog, version, "vocabulary", json.dumps(engine.vocabulary, separators=(",", ":")))
    _put_blob(client, catalog, version, "sources", json.dumps(sources))
    _put_blob(client, catalog, version, "digests", json.dumps(digests, separators=(",", ":")))
    _put_blob(client, catalog, version, "seq", str(seq))
    _put_blob(client, catalog, version, "manifest", index.manifest.to_json())  # last: a version is listed once whole
    _set_live(client, catalog, name, version)
    log.info(
        "published index version %s into Milvus %s as seq %d in %.1f s: %d chunks of %d documents written, %d "
        "superseded", version, chunks, seq, time.perf_counter() - started, len(positions), len(written), closed,
    )  # fmt: skip
    prune(client, name, keep)
    return True


def expression_literal(value: str) -> str:
    """A string literal of Milvus's expression language (double-quoted, backslash escapes as JSON's)."""
    return json.dumps(value)


def expression_in(field: str, values: Sequence[str]) -> str:
    """``field in [...]`` of Milvus's expression language."""
    return f"{field} in [{', '.join(expression_literal(v) for v in values)}]"


def _insert_sentences(
    client: Any, target: str, filter_fields: list[list[Any]], added: list[tuple[int, int, str]], seq: int
) -> None:
    """Insert sentences ((number in the build, chunk row, keyword text)) with their chunk's key and filter fields
    (doc_id, source, category and date columns in row order, as ``chunk_columns`` reads them)."""
    doc_id, source, category, published_at = filter_fields
    key = seq << ROW_BITS
    batch = INSERT_BATCH * 8
    for i in range(0, len(added), batch):
        rows = [
            {
                "sid": key + n,
                "row": key + row,
                "doc_id": _clip(doc_id[row]),
                "since": seq,
                "until": CURRENT,
                "source_key": _clip(source[row].strip().lower()),
                "category_key": _clip(category[row].strip().lower()),
                "day": day_of(published_at[row]),
                "keywords": _clip(words or " "),
            }
            for n, row, words in added[i : i + batch]
        ]
        _call(f"insert into {target}", client.insert, target, rows)


def _await(client: Any, collection: str, where: str, expected: int, what: str, timeout_s: float = 120.0) -> None:
    """Wait until the ``Bounded`` reads servers make (a few seconds behind writes) count ``expected`` rows under
    ``where``; a strong read that disagrees means the copy went wrong."""
    stored = _count(client, collection, where, "Strong")
    if stored != expected:
        raise IndexCorrupt(f"{collection} holds {stored} rows of {what}, not {expected}: not published")
    deadline = time.monotonic() + timeout_s
    while _count(client, collection, where, "Bounded") != expected:
        if time.monotonic() > deadline:
            raise EngineUnavailable(f"Milvus did not show the rows of {what} to reads within {timeout_s:.0f} s")
        time.sleep(0.2)


def _set_live(client: Any, catalog: str, name: str, version: str) -> None:
    """The atomic switch: one upsert of the ``live`` row; then the alias (for other tools) on old-layout versions."""
    collection = version_collection(name, version)
    if not _call("list collections", client.has_collection, collection):
        collection = chunks_collection(name)
    row = {"key": LIVE, "version": version, "kind": "pointer", "part": 0, "body": collection, "v": [0.0, 0.0]}
    _call("publish the live version", client.upsert, catalog, [row])
    _move_alias(client, alias_name(name), collection)


def _count(client: Any, collection: str, where: str = "", consistency: str = "Strong") -> int:
    rows = _call(
        f"count {collection}",
        client.query,
        collection,
        filter=where,
        output_fields=["count(*)"],
        consistency_level=consistency,
    )
    return int(rows[0]["count(*)"]) if rows else 0


def _move_alias(client: Any, alias: str, collection: str) -> None:
    """Point the alias at the live collection, for tools reading Milvus directly; an engine without aliases
    (milvus-lite) is fine, since ragqa itself reads the catalog's ``live`` row."""
    with _quiet_pymilvus():
        try:
            try:
                client.alter_alias(collection, alias)
            except Exception:
                client.create_alias(collection, alias)
        except Exception as exc:
            log.debug("alias %s not moved (%s): readers use the catalog's live row", alias, _reason(exc))


def prune(client: Any, name: str, keep: int) -> list[str]:
    """Forget versions beyond the newest ``keep`` (the live one and the newest published always stay), delete the
    rows no kept version sees, and drop old-layout collections of versions not kept (or of a publish that died)."""
    catalog = catalog_name(name)
    live = live_version(client, name)
    seqs = version_seqs(client, name)
    versions = published_versions(client, name)
    kept = {v for v in (live, max(seqs, key=lambda v: seqs[v], default=None)) if v}
    for version in reversed(versions):
        if len(kept) >= keep:
            break
        kept.add(version)
    dropped = [v for v in versions if v not in kept]
    for version in dropped:
        _call(f"forget {version}", client.delete, catalog, filter=f"version == {expression_literal(version)}")
    numbers = sorted(seqs[v] for v in kept if v in seqs)
    chunks = chunks_collection(name)
    if numbers and _call("list collections", client.has_collection, chunks):
        unseen = " and ".join(f"(since > {n} or until < {n})" for n in numbers)
        for each in (chunks, sentence_collection(chunks)):
            _call(f"delete rows no kept version sees from {each}", client.delete, each, filter=unseen)
    old_layout = {version_collection(name, v) for v in kept if v not in seqs}
    old_layout |= {sentence_collection(c) for c in old_layout}
    prefix = version_collection(name, "")
    for collection in _call("list collections", client.list_collections):
        if collection.startswith(prefix) and collection not in old_layout:
            _call(f"drop {collection}", client.drop_collection, collection)
    if dropped:
        log.info("dropped Milvus versions %s", ", ".join(dropped))
    return dropped


# --- reading a version ---


DENSE_SAMPLE = 4096
"""Stored vectors sampled per version to standardize dense scores (``Retriever``'s ``STATS_SAMPLE`` in process)."""


def load_engine_index(client: Any, name: str, version: str) -> EngineIndex:
    """A published version's manifest, documents, vocabulary and sources; its collections loaded for search."""
    catalog = catalog_name(name)
    seq = version_seqs(client, name).get(version, 0)
    collection = chunks_collection(name) if seq else version_collection(name, version)
    where = Path(f"milvus:{collection}" + (f"@{seq}" if seq else ""))
    text = _get_blob(client, catalog, version, "manifest")
    if text is None or not _call("list collections", client.has_collection, collection):
        raise IndexNotFound(f"Milvus version {version} is not described or has no collection {collection}")
    try:
        manifest = Manifest.from_dict(json.loads(text), where)
        documents = [DocumentRecord(**d) for d in json.loads(_get_blob(client, catalog, version, "documents") or "[]")]
        vocabulary = {
            str(k): int(v) for k, v in json.loads(_get_blob(client, catalog, version, "vocabulary") or "{}").items()
        }
        sources = [str(s) for s in json.loads(_get_blob(client, catalog, version, "sources") or "[]")]
    except (json.JSONDecodeError, TypeError) as exc:
        raise IndexCorrupt(f"the catalog entry of Milvus version {version} is malformed ({exc})") from None
    _ensure_loaded(client, collection)
    _ensure_loaded(client, sentence_collection(collection))
    sample = np.zeros((0, manifest.dimension), np.float32)
    if manifest.chunk_count:
        keys = sorted(
            int(r["row"]) for r in _query_all(client, collection, visible(seq) if seq else "row >= 0", ["row"])
        )
        size = min(len(keys), DENSE_SAMPLE)
        picked = [keys[i] for i in np.sort(np.random.default_rng(0).choice(len(keys), size, replace=False))]
        found = _call(
            f"read a sample of {collection}'s vectors",
            client.query,
            collection,
            filter=f"row in {picked}",
            output_fields=["dense"],
            limit=max(len(picked), 1),
        )
        sample = np.asarray([r["dense"] for r in found], np.float32).reshape(-1, manifest.dimension)
    return EngineIndex(
        version=version,
        path=where,
        manifest=manifest,
        faiss_index=faiss.IndexFlatIP(manifest.dimension),  # empty: the vectors are in the engine
        chunks=[],
        document_records=documents,
        collection=collection,
        seq=seq,
        vocabulary=vocabulary,
        sources=sources,
        dense_sample=sample,
    )
