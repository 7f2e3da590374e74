"""The rebuild job: read the corpus, re-embed only what changed, publish a new version atomically.

One writer at a time (a lock file), readers never blocked: the live version is only ever replaced
by a complete, verified one.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ragqa.config import Settings
from ragqa.embedding.encoder import Encoder, MeasuredRuntimeEncoder
from ragqa.index import bm25
from ragqa.index.ann import AnnSpec
from ragqa.index.chunk_table import chunk_columns, chunks_at
from ragqa.index.errors import IndexStoreError
from ragqa.index.manifest import Chunking, Manifest
from ragqa.index.store import (
    VERSIONS,
    LoadedIndex,
    check_compatible,
    document_ids,
    live_version,
    load_newest_good,
    load_version,
    prune,
    publish,
    read_manifest,
    verify_version,
    write_version,
)
from ragqa.ingest.chunking import RULES, chunk_document, context_line
from ragqa.ingest.corpus import CorpusError, CorpusReport, missing_corpus, read_corpus
from ragqa.ingest.document_store import posted_ids, read_stored, stored_undated
from ragqa.observability import tracing
from ragqa.records import Chunk, Document, DocumentRecord

log = logging.getLogger(__name__)

LOCK_FILE = ".lock"
KEEP_VERSIONS = 3


class BuildLocked(Exception):
    """Another build holds the index lock."""


@dataclass
class BuildReport:
    """What a build did, printed by the CLI and returned by the admin API."""

    version: str | None
    documents: int = 0
    chunks: int = 0
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    embedded_chunks: int = 0
    reused_chunks: int = 0
    seconds: float = 0.0
    up_to_date: bool = False
    skipped: list[str] = field(default_factory=list)
    undated: list[str] = field(default_factory=list)
    """Documents whose date could not be read (see ``ingest.dates``)."""
    rebuilt: str = ""
    """Why the live version was written again when its documents are the same ("" when they are not, or when it
    was up to date): a version written by another release of ragqa, e.g. a server started before an upgrade."""
    warnings: list[str] = field(default_factory=list)
    """What was read but may not be what the writer meant (``CorpusReport.warnings``: a front matter block that is
    not valid YAML), of the corpus folder's files and, in a job, of the uploads that asked for it."""


ProgressCallback = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)`` while a build runs."""


def embedding_input(chunk: Chunk) -> str:
    """The text the encoder sees for a chunk: its article title and section, then the passage."""
    context = context_line(chunk.title, chunk.section)
    return f"{context}: {chunk.text}" if context else chunk.text


def corpus_fingerprint(documents: list[Document], model: str, max_tokens: int, overlap: int) -> str:
    """Changes whenever anything that shapes the index changes: content, model or chunking."""
    digest = hashlib.sha256(f"{model}\0{max_tokens}\0{overlap}".encode())
    for doc in sorted(documents, key=lambda d: d.doc_id):
        digest.update(f"{doc.doc_id}\0{doc.content_hash}\0".encode())
    return digest.hexdigest()[:32]


@contextmanager
def build_lock(index_dir: Path, wait: bool = False, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the index's writer lock; fail fast (or wait) when another build has it.

    ``flock`` is released by the kernel when the holder dies, so a killed build never leaves a
    stale lock behind.
    """
    index_dir.mkdir(parents=True, exist_ok=True)
    fh = (index_dir / LOCK_FILE).open("a+")
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            if not wait:
                raise BuildLocked(
                    f"another index build is running on {index_dir} ({holder}); wait for it or pass --wait"
                ) from None
            if on_wait is not None:
                on_wait(holder)
            fcntl.flock(fh, fcntl.LOCK_EX)
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()}")
        fh.flush()
        yield
    finally:
        fh.close()


class LazyEncoder:
    """The encoder, loaded only when a build has something to embed.

    An up-to-date check or a build that only removes documents then never imports torch, which
    skips the 5-10 s torch and model start-up when there is nothing to embed.
    """

    def __init__(self, name: str, load: Callable[[], Encoder]) -> None:
        self.name = name
        self._load = load
        self._embedder: Encoder | None = None

    @property
    def loaded(self) -> bool:
        return self._embedder is not None

    def get(self) -> Encoder:
        if self._embedder is None:
            self._embedder = self._load()
        return self._embedder


def _resolve(embedder: Encoder | LazyEncoder) -> Encoder:
    return embedder.get() if isinstance(embedder, LazyEncoder) else embedder


def _dimension(embedder: Encoder | LazyEncoder) -> int | None:
    if isinstance(embedder, LazyEncoder):
        return embedder.get().dimension if embedder.loaded else None
    return embedder.dimension


def _previous(index_dir: Path, embedder: Encoder | LazyEncoder) -> LoadedIndex | None:
    """The newest version whose vectors this build may reuse: the live one, else the newest good older one."""
    live = live_version(index_dir)
    if live is None:
        return None

    def compatible(index: LoadedIndex) -> None:
        check_compatible(index.manifest, embedder.name, _dimension(embedder))

    try:
        previous = load_version(index_dir, live)
        compatible(previous)
        return previous
    except IndexStoreError as exc:
        log.warning("not reusing the live index version %s: %s", live, exc)
    fallback, _ = load_newest_good(index_dir, before=live, accept=compatible)
    if fallback is not None:
        log.warning("reusing vectors of version %s, the newest good one before %s", fallback.version, live)
    return fallback


def _is_up_to_date(index_dir: Path, fingerprint: str, model: str) -> str | None:
    """The live version id if it was built from exactly this corpus and still verifies, else None.

    Reads only the manifest and checksums: a corrupt live version is never "up to date", so a
    plain ``ragqa index`` repairs it.
    """
    version = live_version(index_dir)
    if version is None:
        return None
    try:
        manifest = read_manifest(index_dir, version)
        if manifest.corpus_fingerprint != fingerprint:
            return None
        check_compatible(manifest, model, None)
        verify_version(index_dir / VERSIONS / version, manifest)
    except IndexStoreError as exc:
        log.warning("live index version %s will be replaced: %s", version, exc)
        return None
    return version


_SEARCH_TIME = ("ef_search", "nprobe")


def _same_structure(manifest: Manifest, spec: AnnSpec) -> bool:
    """Whether a version already holds the FAISS index ``spec`` would build for it (search-time parameters
    aside): if not, an otherwise up-to-date index is rebuilt, from its own vectors, when ``RAGQA_ANN`` changes."""
    wanted = spec.params_for(spec.kind_for(manifest.chunk_count), manifest.chunk_count)
    have = manifest.ann_params

    def structure(params: dict[str, int]) -> dict[str, int]:
        return {k: v for k, v in params.items() if k not in _SEARCH_TIME}

    return wanted.kind == have.kind and structure(wanted.params) == structure(have.params)


def read_sources(corpus_dir: Path, index_dir: Path) -> tuple[list[Document], CorpusReport]:
    """The corpus folder's documents and those posted through the API (``ingest.document_store``), side by side.

    An API document with the id of a corpus-folder document replaces it (the API wins). With API documents, an
    empty or missing corpus folder is no error: the API alone may fill the index. The report lists an API
    document's date that cannot be read as it lists a file's (``undated``).
    """
    stored = read_stored(index_dir)
    try:
        documents, report = read_corpus(corpus_dir)
    except CorpusError:
        if not stored:
            raise
        held = document_ids(index_dir) - posted_ids(index_dir) if not corpus_dir.is_dir() else set()
        if held:  # a server started without the folder it was built from: the build would drop its documents
            raise CorpusError(
                f"corpus folder {corpus_dir} does not exist, but the index holds {len(held)} documents read from a "
                "corpus folder: building without it would remove them. Pass that folder (--corpus, "
                "RAGQA_CORPUS_DIR), or an empty folder to remove them"
            ) from None
        log.info("no readable document in the corpus folder %s: indexing the API's documents only", corpus_dir)
        documents, report = [], CorpusReport()
    if stored:
        posted = {d.doc_id for d in stored}
        documents = [d for d in documents if d.doc_id not in posted] + stored
        report.documents = len(documents)
        report.undated = [*report.undated, *stored_undated(stored)]
    return documents, report


def build_index(
    corpus_dir: Path,
    index_dir: Path,
    embedder: Encoder | LazyEncoder,
    max_tokens: int = 256,
    overlap_sentences: int = 1,
    full: bool = False,
    wait: bool = False,
    progress: ProgressCallback | None = None,
    keep_versions: int = KEEP_VERSIONS,
    ann: AnnSpec | None = None,
    keyword: tuple[float, float] | None = None,
) -> BuildReport:
    """Bring ``index_dir`` up to date with ``corpus_dir``, embedding only new and changed documents.

    The corpus is read while holding the lock, so a build that waited for another one sees the
    files as they are when it starts, not as they were when it was asked for. ``ann`` picks the FAISS index
    kind (default: the ``RAGQA_ANN*`` environment); vectors are reused from a previous version of any kind.
    ``keyword`` = (k1, b) of the BM25 indexes stored with the version (default: the ``RAGQA_KEYWORD_*`` environment);
    a server whose settings ask for others indexes the version in memory instead of using them.
    """
    started = time.perf_counter()

    def step(stage: str, done: int = 0, total: int = 0) -> None:
        if progress is not None:
            progress(stage, done, total)

    def waiting(holder: str) -> None:
        log.info("waiting for the index lock (%s)", holder)
        step("waiting for lock")

    if not index_dir.exists() and not corpus_dir.is_dir():  # no index, so no API documents: nothing to build
        raise missing_corpus(corpus_dir)  # before the lock, which would leave an empty index folder behind
    with build_lock(index_dir, wait=wait, on_wait=waiting):
        step("reading corpus")
        documents, corpus_report = read_sources(corpus_dir, index_dir)
        fingerprint = corpus_fingerprint(documents, embedder.name, max_tokens, overlap_sentences)
        prune(index_dir, keep=keep_versions)
        current = None if full else _is_up_to_date(index_dir, fingerprint, embedder.name)
        spec = ann or AnnSpec.from_settings(Settings())
        rebuilt = ""  # why a version of these very documents is written again, said in the summary
        if current is not None and not _same_structure(read_manifest(index_dir, current), spec):
            log.info("rebuilding index version %s as RAGQA_ANN asks (its vectors are reused)", current)
            current, rebuilt = None, "RAGQA_ANN asks for another kind of FAISS index (vectors reused)"
        if current is not None and read_manifest(index_dir, current).chunking != Chunking(
            max_tokens, overlap_sentences, RULES
        ):
            log.info("re-chunking index version %s with today's rules (unchanged chunks keep their vectors)", current)
            current, rebuilt = None, "it was chunked by other settings or rules (unchanged chunks keep their vectors)"
        if current is not None and not (
            bm25.META in read_manifest(index_dir, current).files and bm25.stored_current(index_dir / VERSIONS / current)
        ):  # none stored, or by another tokenizer: written again rather than indexed in memory at every load
            log.info("rewriting index version %s to store its BM25 indexes as this code reads them", current)
            current = None
            rebuilt = (
                "its keyword (BM25) indexes were written by another release of ragqa (a server started before an "
                "upgrade?), so they are stored again as this one reads them (vectors reused)"
            )
        if current is not None:
            manifest = read_manifest(index_dir, current)
            step("done", 1, 1)
            return BuildReport(
                version=current,
                documents=len(documents),
                chunks=manifest.chunk_count,
                unchanged=len(documents),
                seconds=time.perf_counter() - started,
                up_to_date=True,
                skipped=corpus_report.skipped,
                undated=corpus_report.undated,
                warnings=corpus_report.warnings,
            )
        step("planning")
        previous = _previous(index_dir, embedder)
        reusable = {} if full else _reusable(previous, max_tokens, overlap_sentences)
        report = BuildReport(
            version=None,
            documents=len(documents),
            skipped=corpus_report.skipped,
            undated=corpus_report.undated,
            warnings=corpus_report.warnings,
            rebuilt=rebuilt,
        )
        known = {d.doc_id: d.content_hash for d in previous.documents()} if previous is not None else {}
        chunks, vectors, records = _assemble(
            documents, previous, reusable, known, embedder, max_tokens, overlap_sentences, report, step, not full
        )
        report.removed = len(set(known) - {d.doc_id for d in documents})
        if previous is not None and not vectors.size:
            dimension = previous.manifest.dimension
        else:
            dimension = int(vectors.shape[1]) if vectors.size else _resolve(embedder).dimension
        manifest = Manifest(
            model=embedder.name,
            dimension=dimension,
            encoder_runtimes=_runtimes(previous, embedder, report),
            corpus_fingerprint=fingerprint,
            chunking=Chunking(max_tokens, overlap_sentences, RULES),
            build_seconds=round(time.perf_counter() - started, 3),
            counts={
                "added": report.added,
                "changed": report.changed,
                "removed": report.removed,
                "unchanged": report.unchanged,
                "embedded_chunks": report.embedded_chunks,
                "reused_chunks": report.reused_chunks,
            },
            full=full,
        )
        step("writing", 0, 1)
        path = write_version(index_dir, chunks, vectors, records, manifest, ann=spec, keyword=keyword)
        step("publishing", 0, 1)
        publish(index_dir, path.name)
        prune(index_dir, keep=keep_versions)
        report.version = path.name
        report.chunks = len(chunks)
        report.seconds = time.perf_counter() - started
        step("done", 1, 1)
        return report


def _runtimes(previous: LoadedIndex | None, embedder: Encoder | LazyEncoder, report: BuildReport) -> list[str]:
    """The encoder runtimes whose vectors this version holds (``torch``, ``onnx``, ``onnx-int8-<recipe>``).

    Runtimes give vectors within cosine 0.99 of each other, so a build reuses unchanged vectors whatever made
    them; the manifest says which made them, for whoever compares figures across indexes.
    """
    runtimes: set[str] = set()
    if previous is not None and report.reused_chunks:
        runtimes.update(previous.manifest.encoder_runtimes or ["unrecorded"])
    if report.embedded_chunks:
        runtimes.add(_resolve(embedder).runtime)
    return sorted(runtimes)


def _reusable(previous: LoadedIndex | None, max_tokens: int, overlap: int) -> dict[str, tuple[str, list[int]]]:
    """doc_id -> (content hash, row numbers) of the previous version, if built with the same chunking."""
    if previous is None or previous.manifest.chunking != Chunking(max_tokens, overlap, RULES):
        return {}
    rows: dict[str, list[int]] = {}
    (doc_ids,) = chunk_columns(previous.chunks, ("doc_id",))  # one column, not every chunk
    for i, doc_id in enumerate(doc_ids):
        rows.setdefault(doc_id, []).append(i)
    hashes = {d.doc_id: d.content_hash for d in previous.documents()}
    return {doc_id: (hashes.get(doc_id, ""), rows.get(doc_id, [])) for doc_id in hashes}


def _same_chunks(previous: LoadedIndex | None, chunks: list[Chunk]) -> dict[str, int]:
    """chunk id -> row of the previous version, for the chunks it holds with the same encoder input."""
    if previous is None or not chunks:
        return {}
    wanted = {c.chunk_id: embedding_input(c) for c in chunks}
    (ids,) = chunk_columns(previous.chunks, ("chunk_id",))  # one column; whole chunks only where the id matches
    rows = [row for row, chunk_id in enumerate(ids) if chunk_id in wanted]
    return {
        old.chunk_id: row
        for row, old in zip(rows, chunks_at(previous.chunks, rows), strict=True)
        if wanted[old.chunk_id] == embedding_input(old)
    }


def _merged(
    chunks: list[Chunk], new: list[Chunk], vectors: np.ndarray, kept: dict[str, int], previous: LoadedIndex | None
) -> np.ndarray:
    """The vectors of ``chunks`` in order: the fresh ones of ``new``, the previous version's rows of ``kept``."""
    if not kept:
        return vectors
    assert previous is not None
    rows = [kept[c.chunk_id] for c in chunks if c.chunk_id in kept]
    old = previous.vectors_of(rows)  # only these rows: an index may hold millions
    out = np.empty((len(chunks), old.shape[1]), dtype=np.float32)
    reused, fresh = iter(old), iter(vectors)
    for i, chunk in enumerate(chunks):
        out[i] = next(reused) if chunk.chunk_id in kept else next(fresh)
    return out


def _embed_in_batches(embedder: Encoder, chunks: list[Chunk], step: Callable[[str, int, int], None]) -> np.ndarray:
    """Encode chunk inputs in slices so progress can be reported between them."""
    texts = [embedding_input(c) for c in chunks]
    # a large build first times ONNX and torch on its own chunks (once per machine); ONNX's vectors are kept
    done = embedder.choose(texts) if isinstance(embedder, MeasuredRuntimeEncoder) else None
    parts = [done] if done is not None else []
    start = len(done) if done is not None else 0
    size = (embedder.batch_size or 64) * 4  # batch size 0: the ONNX encoder measures its own
    step("embedding", start, len(texts))
    for i in range(start, len(texts), size):
        parts.append(embedder.encode(texts[i : i + size]))
        step("embedding", min(i + size, len(texts)), len(texts))
    return np.concatenate(parts) if parts else np.zeros((0, embedder.dimension), np.float32)


def _assemble(
    documents: list[Document],
    previous: LoadedIndex | None,
    reusable: dict[str, tuple[str, list[int]]],
    known: dict[str, str],
    embedder: Encoder | LazyEncoder,
    max_tokens: int,
    overlap: int,
    report: BuildReport,
    step: Callable[[str, int, int], None],
    reuse_chunks: bool = True,
) -> tuple[list[Chunk], np.ndarray, list[DocumentRecord]]:
    """Chunks and vectors of the new version: reused rows for unchanged documents, fresh ones otherwise.

    ``known`` (doc id -> content hash of the previous version) only decides how a document is
    counted; ``reusable`` decides whether its vectors are kept (empty for ``--full``). Of a document chunked
    afresh, a chunk the previous version holds with the same text, offsets and context line keeps its vector
    (``reuse_chunks``, off for ``--full``): an edit re-embeds the chunks it touched, new chunking rules only the
    chunks they cut differently.
    """
    plan: list[tuple[Document, list[Chunk] | None, list[int]]] = []
    to_chunk: list[Document] = []
    for doc in documents:
        old = reusable.get(doc.doc_id)
        if doc.doc_id not in known:
            report.added += 1
        elif known[doc.doc_id] != doc.content_hash:
            report.changed += 1
        else:
            report.unchanged += 1
        if previous is not None and old is not None and old[0] == doc.content_hash:
            plan.append((doc, None, old[1]))
        else:
            to_chunk.append(doc)
            plan.append((doc, [], []))

    to_embed: list[Chunk] = []
    if to_chunk:
        step("loading model", 0, 0)
        model = _resolve(embedder)
        step("chunking", 0, len(to_chunk))
        by_doc: dict[str, list[Chunk]] = {}
        for doc in to_chunk:
            by_doc[doc.doc_id] = chunk_document(doc, model.count_tokens, max_tokens, overlap)
            to_embed.extend(by_doc[doc.doc_id])
        plan = [(doc, by_doc[doc.doc_id] if c is not None else None, rows) for doc, c, rows in plan]
        kept = _same_chunks(previous, to_embed) if reuse_chunks else {}
        new = [c for c in to_embed if c.chunk_id not in kept]
        step("embedding", 0, len(new))
        vectors = _embed_in_batches(model, new, step) if new else np.zeros((0, 0), np.float32)
        fresh = _merged(to_embed, new, vectors, kept, previous)
        report.embedded_chunks = len(new)
    else:
        fresh = np.zeros((0, 0), np.float32)
        kept = {}
    report.reused_chunks = sum(len(rows) for _, doc_chunks, rows in plan if doc_chunks is None) + len(kept)
    reused = report.reused_chunks > len(kept)
    old_vectors = previous.vectors() if previous is not None and reused else None
    # reused chunks are read in one pass (streamed from SQLite), not looked up one by one
    old_chunks = list(previous.chunks) if previous is not None and reused else []

    chunks: list[Chunk] = []
    parts: list[np.ndarray] = []
    records: list[DocumentRecord] = []
    cursor = 0
    for doc, doc_chunks, rows in plan:
        if doc_chunks is None:
            assert previous is not None and old_vectors is not None
            doc_chunks = [old_chunks[r] for r in rows]
            parts.append(old_vectors[rows])
        else:
            parts.append(fresh[cursor : cursor + len(doc_chunks)])
            cursor += len(doc_chunks)
        chunks.extend(doc_chunks)
        records.append(
            DocumentRecord(
                doc.doc_id,
                doc.title,
                doc.url,
                doc.source,
                doc.published_at,
                doc.category,
                doc.content_hash,
                len(doc_chunks),
                doc.author,
                doc.path,
            )
        )
    parts = [p for p in parts if len(p)]
    vectors = np.concatenate(parts) if parts else np.zeros((0, 0), np.float32)
    return chunks, vectors, records


def build_from_settings(
    settings: Settings,
    embedder: Encoder | LazyEncoder,
    full: bool = False,
    wait: bool = False,
    progress: ProgressCallback | None = None,
) -> BuildReport:
    """``build_index`` of the configured corpus into the configured index, with the configured chunking and
    retention (traced as ``ragqa.index_build``)."""
    tracing.configure_tracing()  # `ragqa index` builds outside any server: export when OTEL_* ask for it
    with tracing.span("ragqa.index_build", {"ragqa.full": full}) as current:
        report = build_index(
            settings.corpus_dir,
            settings.index_dir,
            embedder,
            settings.chunk_max_tokens,
            settings.chunk_overlap_sentences,
            full=full,
            wait=wait,
            progress=progress,
            keep_versions=settings.keep_versions,
            ann=AnnSpec.from_settings(settings),
            keyword=(settings.keyword_k1, settings.keyword_b),
        )
        tracing.set_attributes(
            current,
            {
                "ragqa.index_version": report.version,
                "ragqa.documents": report.documents,
                "ragqa.chunks": report.chunks,
                "ragqa.embedded_chunks": report.embedded_chunks,
            },
        )
        return report
