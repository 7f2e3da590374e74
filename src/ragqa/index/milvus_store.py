"""Index versions published into Milvus (``RAGQA_STORE=milvus``): one collection per version, switched by a pointer.

Why: the in-process store keeps every chunk of the live version in each serving process; Milvus keeps them in an
engine that shards (``num_shards``) and replicates (``replica_number``) across a cluster, with BM25 full-text and
dense search side by side, so API replicas hold only the model.

Layout, for a ragqa collection ``NAME`` (``RAGQA_MILVUS_COLLECTION``):

    ragqa_NAME_catalog            one row per blob: each version's manifest, documents, vocabulary and sources
                                  (in parts of at most 16,000 characters), and the row ``live`` naming the
                                  published version: the pointer readers poll
    ragqa_NAME_v_<version>        the chunks of one version: text, metadata, filter fields, dense vector and
                                  the BM25 sparse vector Milvus computes from ``keywords``
    ragqa_NAME (alias)            the live version's collection, where the engine supports aliases (a server or
                                  cluster; milvus-lite 2.5.1 answers UNIMPLEMENTED): for tools, not read by ragqa

A version is filled, indexed, loaded and described in the catalog before the ``live`` row is upserted to name it
(one row, one atomic write), so a reader never sees half a build. Each publish fills the new collection from the
locally built version (which already reused the vectors of unchanged documents): rows are copied, never
re-embedded, and the collection of the previous version is left untouched for readers still on it.
"""

from __future__ import annotations

import json
import logging
import re
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from ragqa.config import Settings
from ragqa.index.chunk_table import chunk_columns
from ragqa.index.errors import IndexCorrupt, IndexNotFound, IndexStoreError
from ragqa.index.manifest import Manifest
from ragqa.index.store import LoadedIndex
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
    """The collection of one version: ``ragqa_NAME_v_`` plus the version id with ``.`` and ``-`` as ``_``."""
    return f"ragqa_{check_name(name)}_v_{re.sub(r'[^A-Za-z0-9_]', '_', version)}"


def sentence_collection(collection: str) -> str:
    """The sentences of a version's chunks, beside its collection."""
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


def published_versions(client: Any, name: str) -> list[str]:
    """Versions described in the catalog, oldest first (version ids sort by build time)."""
    catalog = catalog_name(name)
    if not _call("list collections", client.has_collection, catalog):
        return []
    rows = _call(
        "list versions",
        client.query,
        catalog,
        filter='kind == "manifest" and part == 0',
        output_fields=["version"],
        limit=QUERY_PAGE,
        consistency_level="Strong",
    )
    return sorted({str(r["version"]) for r in rows})


# --- one version's chunk collection ---


def _chunk_schema(client: Any, dimension: int) -> Any:
    from pymilvus import DataType, Function, FunctionType

    schema = client.create_schema(auto_id=False, enable_dynamic_field=False)
    schema.add_field("row", DataType.INT64, is_primary=True)
    for name in ("chunk_id", "doc_id", "title", "section", "text", "url", "source", "published_at", "category"):
        schema.add_field(name, DataType.VARCHAR, max_length=VARCHAR_MAX)
    for name in ("start", "end", "page"):
        schema.add_field(name, DataType.INT64)
    # filter fields: case-folded source and category, the published day as YYYY-MM-DD ("" when undated)
    schema.add_field("source_key", DataType.VARCHAR, max_length=VARCHAR_MAX)
    schema.add_field("category_key", DataType.VARCHAR, max_length=VARCHAR_MAX)
    schema.add_field("day", DataType.VARCHAR, max_length=10)
    # what BM25 indexes: the in-process keyword index's words of title, source, date, section and passage (folded
    # by ragqa, so both backends score the same vocabulary), split on spaces by Milvus's standard analyzer
    schema.add_field(
        "keywords",
        DataType.VARCHAR,
        max_length=VARCHAR_MAX,
        enable_analyzer=True,
        analyzer_params={"tokenizer": "standard"},
    )
    schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
    schema.add_field("dense", DataType.FLOAT_VECTOR, dim=dimension)
    schema.add_function(
        Function(
            name="keywords_bm25",
            function_type=FunctionType.BM25,
            input_field_names=["keywords"],
            output_field_names=["sparse"],
        )
    )
    return schema


def _sentence_schema(client: Any) -> Any:
    from pymilvus import DataType, Function, FunctionType

    schema = client.create_schema(auto_id=False, enable_dynamic_field=False)
    schema.add_field("sid", DataType.INT64, is_primary=True)
    schema.add_field("row", DataType.INT64)
    schema.add_field("source_key", DataType.VARCHAR, max_length=VARCHAR_MAX)
    schema.add_field("category_key", DataType.VARCHAR, max_length=VARCHAR_MAX)
    schema.add_field("day", DataType.VARCHAR, max_length=10)
    schema.add_field(
        "keywords", DataType.VARCHAR, max_length=VARCHAR_MAX, enable_analyzer=True,
        analyzer_params={"tokenizer": "standard"},
    )  # fmt: skip
    schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
    schema.add_function(
        Function(
            name="sentence_bm25",
            function_type=FunctionType.BM25,
            input_field_names=["keywords"],
            output_field_names=["sparse"],
        )
    )
    return schema


def _index_params(client: Any, rows: int, k1: float, b: float) -> Any:
    params = client.prepare_index_params()
    if rows >= IVF_FROM:
        params.add_index("dense", index_type="IVF_FLAT", metric_type="IP", params={"nlist": int(4 * rows**0.5)})
    else:
        params.add_index("dense", index_type="FLAT", metric_type="IP")
    params.add_index(
        "sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25", params={"bm25_k1": k1, "bm25_b": b}
    )
    return params


def day_of(published_at: str) -> str:
    """``YYYY-MM-DD`` of an ISO date or date-time, "" otherwise (the day filters compare)."""
    text = (published_at or "").strip()
    if len(text) >= 10 and re.match(r"^\d{4}-\d{2}-\d{2}", text):
        return text[:10]
    return ""


def _clip(text: str) -> str:
    """VARCHAR holds 65,535 bytes: a longer value (never a chunk, maybe a URL) is cut at a character boundary."""
    data = text.encode()
    return text if len(data) <= VARCHAR_MAX else data[:VARCHAR_MAX].decode(errors="ignore")


def _rows(chunks: Sequence[Chunk], vectors: np.ndarray, keywords: list[str], start: int) -> Iterator[dict[str, Any]]:
    for offset, (chunk, vector, words) in enumerate(zip(chunks, vectors, keywords)):
        yield {
            "row": start + offset,
            **{name: _clip(str(getattr(chunk, name))) for name in CHUNK_FIELDS if name not in ("row", "start", "end")},
            "start": int(chunk.start),
            "end": int(chunk.end),
            "page": int(chunk.page),
            "source_key": _clip(chunk.source.strip().lower()),
            "category_key": _clip(chunk.category.strip().lower()),
            "day": day_of(chunk.published_at),
            "keywords": _clip(words or " "),
            "dense": vector.astype(np.float32).tolist(),
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
    """Copy a built version into Milvus and make it live there; False when it already was.

    Order: create, fill, flush, index and load the version's collection; write its manifest, documents,
    vocabulary and sources into the catalog; then upsert the ``live`` row (the atomic switch) and move the alias;
    then drop versions beyond the newest ``keep``.
    """
    catalog = _ensure_catalog(client, name)
    version = index.version
    collection = version_collection(name, version)
    if _call("list collections", client.has_collection, collection) and version in published_versions(client, name):
        if live_version(client, name) == version:
            return False
        _set_live(client, catalog, name, version, collection)  # a rollback to a version still in Milvus
        return True
    if len(engine.keywords) != index.chunk_count:
        raise ValueError(f"{len(engine.keywords)} keyword texts for {index.chunk_count} chunks")
    started = time.perf_counter()
    if _call("list collections", client.has_collection, collection):  # debris of a publish that died
        _call(f"drop {collection}", client.drop_collection, collection)
    vectors = index.vectors() if index.chunk_count else np.zeros((0, index.manifest.dimension), np.float32)
    _call(
        f"create {collection}",
        client.create_collection,
        collection,
        schema=_chunk_schema(client, index.manifest.dimension),
        index_params=_index_params(client, index.chunk_count, bm25_k1, bm25_b),
        num_shards=num_shards,
        consistency_level="Bounded",
    )
    for i in range(0, index.chunk_count, INSERT_BATCH):
        rows = list(
            _rows(
                index.chunks[i : i + INSERT_BATCH],
                vectors[i : i + INSERT_BATCH],
                engine.keywords[i : i + INSERT_BATCH],
                i,
            )
        )
        _call(f"insert into {collection}", client.insert, collection, rows)
    _call(f"flush {collection}", client.flush, collection)
    _call(f"load {collection}", client.load_collection, collection, replica_number=replica_number)
    # the sentences' filter fields as columns: a lookup per sentence would be one SQLite query each
    filter_fields = chunk_columns(index.chunks, ("source", "category", "published_at"))
    _publish_sentences(client, collection, filter_fields, engine.sentences, num_shards, replica_number, bm25_k1, bm25_b)
    stored = _count(client, collection)
    if stored != index.chunk_count:
        raise IndexCorrupt(f"{collection} holds {stored} rows after the copy, not {index.chunk_count}: not published")
    sources = sorted({s for s in set(filter_fields[0]) if s})
    _put_blob(client, catalog, version, "documents", json.dumps([asdict(d) for d in index.document_records]))
    _put_blob(client, catalog, version, "vocabulary", json.dumps(engine.vocabulary, separators=(",", ":")))
    _put_blob(client, catalog, version, "sources", json.dumps(sources))
    _put_blob(client, catalog, version, "manifest", index.manifest.to_json())  # last: a version is listed once whole
    _set_live(client, catalog, name, version, collection)
    log.info("published index version %s into Milvus %s in %.1f s", version, collection, time.perf_counter() - started)
    prune(client, name, keep)
    return True


def _publish_sentences(
    client: Any,
    collection: str,
    filter_fields: list[list[Any]],
    sentences: list[tuple[int, str]],
    num_shards: int,
    replica_number: int,
    k1: float,
    b: float,
) -> None:
    """Fill, index and load the sentence collection beside a version's chunks (with the chunks' filter fields:
    source, category and date columns in row order, as ``chunk_columns`` reads them)."""
    target = sentence_collection(collection)
    if _call("list collections", client.has_collection, target):
        _call(f"drop {target}", client.drop_collection, target)
    params = client.prepare_index_params()
    params.add_index(
        "sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25", params={"bm25_k1": k1, "bm25_b": b}
    )
    _call(
        f"create {target}", client.create_collection, target, schema=_sentence_schema(client), index_params=params,
        num_shards=num_shards, consistency_level="Bounded",
    )  # fmt: skip
    source, category, published_at = filter_fields
    batch = INSERT_BATCH * 8
    for i in range(0, len(sentences), batch):
        rows = [
            {
                "sid": i + n,
                "row": row,
                "source_key": _clip(source[row].strip().lower()),
                "category_key": _clip(category[row].strip().lower()),
                "day": day_of(published_at[row]),
                "keywords": _clip(words or " "),
            }
            for n, (row, words) in enumerate(sentences[i : i + batch])
        ]
        _call(f"insert into {target}", client.insert, target, rows)
    _call(f"flush {target}", client.flush, target)
    _call(f"load {target}", client.load_collection, target, replica_number=replica_number)


def _set_live(client: Any, catalog: str, name: str, version: str, collection: str) -> None:
    """The atomic switch: one upsert of the ``live`` row; then the alias, for other tools."""
    row = {"key": LIVE, "version": version, "kind": "pointer", "part": 0, "body": collection, "v": [0.0, 0.0]}
    _call("publish the live version", client.upsert, catalog, [row])
    _move_alias(client, alias_name(name), collection)


def _count(client: Any, collection: str) -> int:
    rows = _call(
        f"count {collection}",
        client.query,
        collection,
        filter="",
        output_fields=["count(*)"],
        consistency_level="Strong",
    )
    return int(rows[0]["count(*)"]) if rows else 0


def _move_alias(client: Any, alias: str, collection: str) -> None:
    """Point the alias at the live collection, for tools reading Milvus directly; an engine without aliases
    (milvus-lite) is fine, since ragqa itself reads the catalog's ``live`` row."""
    quiet = logging.getLogger("pymilvus")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # pymilvus logs a traceback for every refused request before raising
    try:
        try:
            client.alter_alias(collection, alias)
        except Exception:
            client.create_alias(collection, alias)
    except Exception as exc:
        log.debug("alias %s not moved (%s): readers use the catalog's live row", alias, _reason(exc))
    finally:
        quiet.setLevel(level)


def prune(client: Any, name: str, keep: int) -> list[str]:
    """Drop versions beyond the newest ``keep`` (the live one always stays), and collections of this name that no
    catalog row describes and that are older than the newest kept version (debris of a publish that died)."""
    catalog = catalog_name(name)
    live = live_version(client, name)
    versions = published_versions(client, name)
    kept = [v for v in versions if v == live]
    kept += [v for v in reversed(versions) if v != live][: max(keep - len(kept), 0)]
    dropped = []
    for version in versions:
        if version in kept:
            continue
        collection = version_collection(name, version)
        for each in (collection, sentence_collection(collection)):
            if _call("list collections", client.has_collection, each):
                _call(f"drop {each}", client.drop_collection, each)
        _call(f"forget {version}", client.delete, catalog, filter=f'version == "{version}"')
        dropped.append(version)
    newest = max(kept, default="")
    prefix = version_collection(name, "")
    known = {version_collection(name, v) for v in kept}
    known |= {sentence_collection(c) for c in known}
    for collection in _call("list collections", client.list_collections):
        if collection.startswith(prefix) and collection not in known and collection < version_collection(name, newest):
            _call(f"drop {collection}", client.drop_collection, collection)
            dropped.append(collection)
    if dropped:
        log.info("dropped Milvus versions %s", ", ".join(dropped))
    return dropped


# --- reading a version ---


DENSE_SAMPLE = 4096
"""Stored vectors sampled per version to standardize dense scores (``Retriever``'s ``STATS_SAMPLE`` in process)."""


def load_engine_index(client: Any, name: str, version: str) -> EngineIndex:
    """A published version's manifest, documents, vocabulary and sources; its collection loaded for search."""
    catalog = catalog_name(name)
    collection = version_collection(name, version)
    where = Path(f"milvus:{collection}")
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
    state = _call(f"check {collection} is loaded", client.get_load_state, collection)
    if "Loaded" not in str(state.get("state", "")):
        _call(f"load {collection}", client.load_collection, collection)
    sample = np.zeros((0, manifest.dimension), np.float32)
    if manifest.chunk_count:
        size = min(manifest.chunk_count, DENSE_SAMPLE)
        rows = np.sort(np.random.default_rng(0).choice(manifest.chunk_count, size, replace=False)).tolist()
        found = _call(
            f"read a sample of {collection}'s vectors",
            client.query,
            collection,
            filter=f"row in {rows}",
            output_fields=["dense"],
            limit=len(rows),
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
        vocabulary=vocabulary,
        sources=sources,
        dense_sample=sample,
    )
