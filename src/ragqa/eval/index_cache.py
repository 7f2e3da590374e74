"""Indexes for benchmark corpora, cached under ``~/.cache/ragqa/eval/`` by corpus fingerprint.

Why a cache: embedding MultiHop-RAG's 609 articles takes over ten minutes on two cores, and every
evaluation run (and every helper on the machine) can reuse the same vectors as long as the
documents, the model and the chunking are unchanged.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import numpy as np

from ragqa.embedding.encoder import Encoder
from ragqa.index.build import LazyEncoder, ProgressCallback, build_index, corpus_fingerprint
from ragqa.index.store import LoadedIndex, load_version
from ragqa.ingest.corpus import read_corpus

QUERY_CACHE = "query-vectors-{runtime}-alone.npz"
"""Per encoder runtime: int8 question vectors differ slightly from torch's, and evals must not mix them. Each
vector is encoded alone, as the server encodes a question ("-alone": the files before held batched ones)."""
DEFAULT_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "ragqa" / "eval"


def stage_corpus(records: list[dict], folder: Path) -> Path:
    """Write benchmark records as one JSONL corpus folder (the format ``ragqa index`` reads)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "corpus.jsonl"
    payload = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    if not target.exists() or target.read_text() != payload:
        tmp = folder / ".corpus.jsonl.tmp"
        tmp.write_text(payload)
        os.replace(tmp, target)
    return folder


def cached_index(
    name: str,
    corpus_dir: Path,
    embedder: Encoder | LazyEncoder,
    cache_dir: Path = DEFAULT_CACHE,
    max_tokens: int = 256,
    overlap: int = 1,
    progress: ProgressCallback | None = None,
) -> tuple[LoadedIndex, Path]:
    """Build (or reuse) the index of ``corpus_dir`` in ``cache_dir/<name>-<fingerprint>``; load it."""
    documents, _ = read_corpus(corpus_dir)
    fingerprint = corpus_fingerprint(documents, embedder.name, max_tokens, overlap)
    index_dir = Path(cache_dir) / f"{name}-{fingerprint[:16]}"
    build_index(corpus_dir, index_dir, embedder, max_tokens, overlap, wait=True, progress=progress)
    return load_version(index_dir), index_dir


def multihop_index(
    corpus_jsonl: Path,
    embedder: Encoder | LazyEncoder,
    cache_dir: Path = DEFAULT_CACHE,
    progress: ProgressCallback | None = None,
) -> tuple[LoadedIndex, Path]:
    """The cached index of MultiHop-RAG's ``corpus.jsonl``, staged as a copy: the corpus reader refuses
    symlinks that leave the corpus folder (``ingest.corpus``), benchmark files included."""
    corpus_jsonl = Path(corpus_jsonl).resolve()
    if not corpus_jsonl.is_file():
        raise FileNotFoundError(f"{corpus_jsonl} does not exist: pass the benchmark's corpus.jsonl")
    staging = Path(cache_dir) / "staging-multihop"
    staging.mkdir(parents=True, exist_ok=True)
    staged = staging / "corpus.jsonl"
    if staged.is_symlink() or not staged.is_file() or staged.read_bytes() != corpus_jsonl.read_bytes():
        tmp = staging / ".corpus.jsonl.tmp"
        shutil.copyfile(corpus_jsonl, tmp)
        os.replace(tmp, staged)
    return cached_index("multihop", staging, embedder, cache_dir, progress=progress)


def query_vectors(embedder: Encoder, texts: list[str], index_dir: Path) -> dict[str, np.ndarray]:
    """Vectors of benchmark questions, cached beside the index they were run on.

    Each question is encoded alone, as the server encodes the question of one request: the int8 encoder
    quantizes a batch's activations with one scale, so a question encoded among others gets a slightly other
    vector (cosine 0.9935 on average to its vector alone, 0.986 at worst, over 300 SQuAD questions), and an eval
    would measure answers no user gets. Repeated evals and sweeps reuse them (only texts not seen before are
    encoded, about 2 ms each).
    """
    name = QUERY_CACHE.format(runtime=embedder.runtime)
    path = Path(index_dir) / name
    table: dict[str, np.ndarray] = {}
    if path.exists():
        with np.load(path, allow_pickle=False) as data:
            table = dict(zip(data["texts"].tolist(), data["vectors"]))
    missing = sorted(set(texts) - set(table))
    if missing:
        table.update((text, embedder.encode([text])[0]) for text in missing)
        keys = sorted(table)
        tmp = path.with_name(f".{name}.{os.getpid()}.tmp.npz")
        np.savez(tmp, texts=np.array(keys), vectors=np.stack([table[k] for k in keys]))
        os.replace(tmp, path)
    return table
