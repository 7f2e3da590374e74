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

from ragqa.chunking import Chunk, chunk_document, context_line
from ragqa.corpus import Document, read_corpus
from ragqa.embedding import Embedder
from ragqa.store import (
    DocumentRecord,
    IndexStoreError,
    LoadedIndex,
    check_compatible,
    live_version,
    load_version,
    prune,
    publish,
    write_version,
)

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
    seconds: float = 0.0
    up_to_date: bool = False
    skipped: list[str] = field(default_factory=list)


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
def build_lock(index_dir: Path, wait: bool = False) -> Iterator[None]:
    """Hold the index's writer lock; fail fast (or wait) when another build has it."""
    index_dir.mkdir(parents=True, exist_ok=True)
    fh = (index_dir / LOCK_FILE).open("a+")
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            raise BuildLocked(
                f"another index build is running on {index_dir} ({holder}); wait for it or pass --wait"
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()}")
        fh.flush()
        yield
    finally:
        fh.close()


def _previous(index_dir: Path, embedder: Embedder) -> LoadedIndex | None:
    """The live version if its vectors can be reused by this build."""
    if live_version(index_dir) is None:
        return None
    try:
        previous = load_version(index_dir)
        check_compatible(previous.manifest, embedder.name, embedder.dimension)
        return previous
    except IndexStoreError as exc:
        log.warning("not reusing the live index: %s", exc)
        return None


def build_index(
    corpus_dir: Path,
    index_dir: Path,
    embedder: Embedder,
    max_tokens: int = 256,
    overlap_sentences: int = 1,
    full: bool = False,
    wait: bool = False,
    show_progress: bool = False,
    progress: ProgressCallback | None = None,
) -> BuildReport:
    """Bring ``index_dir`` up to date with ``corpus_dir``, embedding only new and changed documents."""
    started = time.perf_counter()
    documents, corpus_report = read_corpus(corpus_dir)
    fingerprint = corpus_fingerprint(documents, embedder.name, max_tokens, overlap_sentences)
    with build_lock(index_dir, wait=wait):
        prune(index_dir, keep=KEEP_VERSIONS)
        previous = None if full else _previous(index_dir, embedder)
        if previous is not None and previous.manifest.get("corpus_fingerprint") == fingerprint:
            return BuildReport(
                version=previous.version,
                documents=len(documents),
                chunks=previous.chunk_count,
                unchanged=len(documents),
                seconds=time.perf_counter() - started,
                up_to_date=True,
                skipped=corpus_report.skipped,
            )
        reusable = _reusable(previous, max_tokens, overlap_sentences)
        report = BuildReport(version=None, documents=len(documents), skipped=corpus_report.skipped)
        chunks, vectors, records = _assemble(
            documents, previous, reusable, embedder, max_tokens, overlap_sentences, report, show_progress, progress
        )
        report.removed = len(set(reusable) - {d.doc_id for d in documents})
        manifest = {
            "model": embedder.name,
            "dimension": embedder.dimension,
            "corpus_fingerprint": fingerprint,
            "chunking": {"max_tokens": max_tokens, "overlap_sentences": overlap_sentences},
        }
        if progress:
            progress("writing", 0, 1)
        path = write_version(index_dir, chunks, vectors, records, manifest)
        publish(index_dir, path.name)
        prune(index_dir, keep=KEEP_VERSIONS)
        report.version = path.name
        report.chunks = len(chunks)
        report.seconds = time.perf_counter() - started
        if progress:
            progress("done", 1, 1)
        return report


def _reusable(previous: LoadedIndex | None, max_tokens: int, overlap: int) -> dict[str, tuple[str, list[int]]]:
    """doc_id -> (content hash, row numbers) of the previous version, if built with the same chunking."""
    if previous is None or previous.manifest.get("chunking") != {
        "max_tokens": max_tokens,
        "overlap_sentences": overlap,
    }:
        return {}
    rows: dict[str, list[int]] = {}
    for i, chunk in enumerate(previous.chunks):
        rows.setdefault(chunk.doc_id, []).append(i)
    hashes = {d.doc_id: d.content_hash for d in previous.documents()}
    return {doc_id: (hashes.get(doc_id, ""), rows.get(doc_id, [])) for doc_id in hashes}


def _embed_in_batches(
    embedder: Embedder, chunks: list[Chunk], show_progress: bool, progress: ProgressCallback | None
) -> np.ndarray:
    """Encode chunk inputs in slices so progress can be reported between them."""
    texts = [embedding_input(c) for c in chunks]
    step = max(embedder.batch_size * 4, 1)
    parts = []
    bar = None
    if show_progress:
        from tqdm import tqdm

        bar = tqdm(total=len(texts), unit="chunk", desc="embedding")
    for i in range(0, len(texts), step):
        parts.append(embedder.encode(texts[i : i + step]))
        if bar is not None:
            bar.update(len(texts[i : i + step]))
        if progress:
            progress("embedding", min(i + step, len(texts)), len(texts))
    if bar is not None:
        bar.close()
    return np.concatenate(parts) if parts else np.zeros((0, embedder.dimension), np.float32)


def _assemble(
    documents: list[Document],
    previous: LoadedIndex | None,
    reusable: dict[str, tuple[str, list[int]]],
    embedder: Embedder,
    max_tokens: int,
    overlap: int,
    report: BuildReport,
    show_progress: bool,
    progress: ProgressCallback | None,
) -> tuple[list[Chunk], np.ndarray, list[DocumentRecord]]:
    """Chunks and vectors of the new version: reused rows for unchanged documents, fresh ones otherwise."""
    plan: list[tuple[Document, list[Chunk] | None, list[int]]] = []
    to_embed: list[Chunk] = []
    for doc in documents:
        old = reusable.get(doc.doc_id)
        if previous is not None and old is not None and old[0] == doc.content_hash:
            report.unchanged += 1
            plan.append((doc, None, old[1]))
            continue
        if old is None:
            report.added += 1
        else:
            report.changed += 1
        doc_chunks = chunk_document(doc, embedder.count_tokens, max_tokens, overlap)
        to_embed.extend(doc_chunks)
        plan.append((doc, doc_chunks, []))

    if progress:
        progress("embedding", 0, len(to_embed))
    fresh = _embed_in_batches(embedder, to_embed, show_progress, progress)
    report.embedded_chunks = len(to_embed)
    old_vectors = previous.vectors() if previous is not None and report.unchanged else None

    chunks: list[Chunk] = []
    parts: list[np.ndarray] = []
    records: list[DocumentRecord] = []
    cursor = 0
    for doc, doc_chunks, rows in plan:
        if doc_chunks is None:
            assert previous is not None and old_vectors is not None
            doc_chunks = [previous.chunks[r] for r in rows]
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
            )
        )
    vectors = np.concatenate(parts) if parts else np.zeros((0, embedder.dimension), np.float32)
    return chunks, vectors, records
