"""Scale: a synthetic collection of N chunks served as ``ragqa serve`` serves it (issue 15).

    HF_HUB_OFFLINE=1 .venv/bin/python bench/scale.py --chunks 100000 [--index flat|hnsw|ivf|auto] [--json]

Why synthetic: embedding a million real chunks takes about 18 hours on two cores. The collection is made from
the cached MultiHop-RAG index (7,475 real chunks with their real int8-ONNX vectors, ``bench/multihop.py``):
copy 0 is that index as it is; every further copy of a chunk keeps its document's title, source and category,
shifts its date, shuffles its sentences and swaps about 30% of them for random MultiHop-RAG sentences, and gets
the real vector plus Gaussian noise, re-normalized (so neighbours stay realistic, texts stay news-like and BM25
sees realistic vocabularies and posting lengths). Fixed seed. Indexes are cached in
``~/.cache/ragqa/scale/<chunks>-s<seed>-<kind>[-noise<sd>]/`` and reused across runs (rebuilt when the stored
``Chunk`` fields change, or when the cached version stores no BM25 indexes: written before they were stored).

For 10k chunks and for ``--chunks`` (the 10k figures are the baseline the targets compare with), in that order:

1. ``build`` (a subprocess, only when the cached index is missing): generate, then ``write_version`` +
   ``publish`` with ``RAGQA_ANN=--index`` (build time beyond embedding: FAISS index incl. ANN training, SQLite,
   the BM25 indexes ``index.bm25`` writes, checksums; ``build_bm25_s`` of it the BM25 indexes); the exact top-10
   of the query sample over the raw vectors is stored beside it.
2. ``measure`` (a fresh subprocess, so memory figures do not mix): ``Services.build`` as ``ragqa serve`` does
   (``load_s`` = the holder's load: verified ``load_version`` + ``Retriever``, what a hot reload costs; stage
   times and RSS deltas of the load are recorded); then over a fixed sample of MultiHop-RAG dev questions:
   ``/search`` (``Services.search``) with the question encoded (query cache cold) and with primed vectors
   (encode excluded), ``/ask`` (the extractive pipeline) both ways, each with a cold sentence cache; recall@10
   of the dense search against exact search (same query vectors), and of the final hybrid top 10 against the
   flat index's (when a flat run of the same size exists); RSS after all that.

``--json`` prints one JSON object: the ``--chunks`` figures at top level, ``search_p50_ms_10k`` and the like
from the 10k run, and both runs in full under ``runs``. ``--sweep 200,400,800`` only measures dense recall@10 and
time of an already cached index for several efSearch (hnsw) or nprobe (ivf) values (FAISS file only, a minute
at 1M chunks instead of a 13-minute server load). Results and what limits scale: docs/benchmarks.md, "Scale".
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import multihop  # noqa: E402

CACHE = Path.home() / ".cache" / "ragqa" / "scale"
BASELINE = 10_000
RESULT = "SCALE-RESULT "
"""Prefix of the one stdout line a worker subprocess reports its JSON on (logs may share stdout)."""
SWAP_SHARE = 0.3
"""Share of a copy's sentences replaced by random corpus sentences."""
MIN_SENTENCE_CHARS = 30
DEFAULT_NOISE = 0.02
"""Per-dimension standard deviation of a copy's noise: copies keep cosine 0.93 with their real vector."""


def log(message: str) -> None:
    print(f"[scale {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def rss_mib() -> float:
    """Resident memory of this process now (psutil if installed, else /proc)."""
    try:
        import psutil

        return psutil.Process().memory_info().rss / 2**20
    except ImportError:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def rss_kinds_mib() -> dict[str, float]:
    """Anonymous and file-backed resident memory (``RssAnon``, ``RssFile`` of /proc): the memory-mapped BM25 pages
    a query touched are file-backed (shared between processes, dropped by the kernel under pressure)."""
    kinds = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("RssAnon", "RssFile"):
            kinds[name] = round(int(value.split()[0]) / 1024)
    return kinds


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (p99 of 200 values is the 198th, the third slowest)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, int(np.ceil(q * len(ordered))) - 1))]


def summary(values_ms: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(percentile(values_ms, 0.50), 2),
        "p99_ms": round(percentile(values_ms, 0.99), 2),
        "mean_ms": round(statistics.fmean(values_ms), 2) if values_ms else float("nan"),
    }


# --- the synthetic collection ---------------------------------------------------------------------------------


def sample_index() -> Path:
    """The cached MultiHop-RAG index whose real chunks and vectors seed the collection (never rebuilt here)."""
    found = multihop.find_cached_index(multihop.fingerprint())
    if found is None:
        raise SystemExit("no cached MultiHop-RAG index: run `.venv/bin/python bench/multihop.py` once (10+ minutes)")
    return found


def query_sample(count: int, seed: int) -> list[str]:
    """A fixed sample of MultiHop-RAG dev questions (all types: retrieval cost does not depend on the type)."""
    questions = sorted({q["query"] for q in json.loads(multihop.QUERIES_FILE.read_text())})
    return random.Random(seed).sample(questions, count + 5)  # the last 5 warm up


def cached_query_vectors(index_dir: Path, texts: list[str]) -> np.ndarray:
    """The questions' int8-ONNX vectors from the eval cache beside the sample index (read only)."""
    files = sorted(index_dir.glob("query-vectors-*.npz"))
    table: dict[str, np.ndarray] = {}
    for path in files:
        with np.load(path, allow_pickle=False) as data:
            table.update(zip(data["texts"].tolist(), data["vectors"]))
    missing = [t for t in texts if t not in table]
    if missing:
        from ragqa.config import Settings
        from ragqa.embedding.encoder import encoder_from_settings

        table.update(zip(missing, encoder_from_settings(Settings()).encode_queries(missing)))
    return np.stack([table[t] for t in texts]).astype(np.float32)


def corpus_sentences() -> list[str]:
    """Every sentence of the MultiHop-RAG articles (the pool copies draw replacements from)."""
    from ragqa.ingest.chunking import split_sentences

    pool = []
    with multihop.CORPUS_FILE.open() as fh:
        for line in fh:
            text = json.loads(line).get("text") or ""
            pool.extend(s for s in (text[a:b] for a, b in split_sentences(text)) if len(s) >= MIN_SENTENCE_CHARS)
    return pool


def shifted_date(published_at: str, days: int) -> str:
    if not published_at:
        return published_at
    try:
        when = datetime.fromisoformat(published_at.replace("Z", "+00:00"))
    except ValueError:
        return published_at
    return (when + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def synthesize(n: int, seed: int, noise: float, sample_dir: Path) -> tuple[list, np.ndarray, list, Any]:
    """(chunks, vectors, documents, sample manifest) of an ``n``-chunk collection; see the module docstring.

    Chunk ``i`` is copy ``i // S`` of sample chunk ``i % S`` (S = 7,475), so every size holds the same first
    chunks and a 10k collection is the start of a 1M one.
    """
    from ragqa.index.store import load_version
    from ragqa.ingest.chunking import split_sentences
    from ragqa.records import Chunk, DocumentRecord

    sample = load_version(sample_dir)
    base_vectors = sample.vectors().astype(np.float32)
    base = sample.chunks
    size = len(base)
    sentences = [[c.text[a:b] for a, b in split_sentences(c.text)] or [c.text] for c in base]
    pool = corpus_sentences()
    originals = {d.doc_id: d for d in sample.document_records}
    rng = random.Random(seed)
    chunks: list[Chunk] = []
    documents: dict[str, DocumentRecord] = {}
    dates: dict[str, str] = {}
    for i in range(n):
        copy, j = divmod(i, size)
        chunk = base[j]
        if copy == 0:
            chunks.append(chunk)
            doc_id = chunk.doc_id
        else:
            doc_id = f"{chunk.doc_id}~{copy}"
            if doc_id not in dates:
                dates[doc_id] = shifted_date(chunk.published_at, rng.randint(-180, 180))
            parts = [pool[rng.randrange(len(pool))] if rng.random() < SWAP_SHARE else s for s in sentences[j]]
            rng.shuffle(parts)
            text = " ".join(parts)
            chunks.append(
                replace(
                    chunk,
                    chunk_id=f"{chunk.chunk_id}~{copy}",
                    doc_id=doc_id,
                    start=0,
                    end=len(text),
                    text=text,
                    published_at=dates[doc_id],
                )
            )
        record = documents.get(doc_id)
        if record is None:
            original = originals[chunk.doc_id]
            record = replace(
                original,
                doc_id=doc_id,
                published_at=dates.get(doc_id, original.published_at),
                content_hash=hashlib.sha256(doc_id.encode()).hexdigest()[:32],
                chunk_count=0,
            )
        documents[doc_id] = replace(record, chunk_count=record.chunk_count + 1)
    vectors = np.empty((n, base_vectors.shape[1]), np.float32)
    noise_rng = np.random.default_rng(seed)
    for start in range(0, n, size):
        rows = min(size, n - start)
        block = base_vectors[:rows]
        if start:
            block = block + noise_rng.normal(0.0, noise, block.shape).astype(np.float32)
            block /= np.linalg.norm(block, axis=1, keepdims=True)
        vectors[start : start + rows] = block
    return chunks, vectors, list(documents.values()), sample.manifest


def copy_cosine(vectors: np.ndarray, size: int) -> float:
    """Mean cosine of copy 1 of a chunk with its real vector (how far the noise moves a copy)."""
    rows = min(size, len(vectors) - size)
    if rows <= 0:
        return 1.0
    return round(float(np.mean(np.sum(vectors[:rows] * vectors[size : size + rows], axis=1))), 3)


def index_dir_for(n: int, seed: int, kind: str, noise: float = DEFAULT_NOISE) -> Path:
    return CACHE / (f"{n}-s{seed}-{kind}" + (f"-noise{noise:g}" if noise != DEFAULT_NOISE else ""))


def run_build(args: argparse.Namespace) -> dict[str, Any]:
    """Generate the collection and write it as a published version with the ANN kind the settings choose.

    ``build_s`` is ``write_version`` + ``publish`` (FAISS index incl. HNSW graph / IVF training, SQLite, checksums,
    fsyncs): what a build costs beyond embedding. The exact top 10 of the query sample is stored for recall.
    """
    import faiss

    from ragqa.config import Settings
    from ragqa.index.ann import AnnSpec
    from ragqa.index.store import publish, read_manifest, write_version

    target = index_dir_for(args.n, args.seed, args.index, args.noise)
    settings = Settings()
    sample_dir = sample_index()
    started = time.perf_counter()
    chunks, vectors, documents, sample_manifest = synthesize(args.n, args.seed, args.noise, sample_dir)
    generate_s = time.perf_counter() - started
    log(f"generated {len(chunks)} chunks, {len(documents)} documents in {generate_s:.1f} s (RSS {rss_mib():.0f} MiB)")
    manifest = replace(
        sample_manifest,
        version="",
        files={},
        built_at="",
        corpus_fingerprint=f"scale-{args.n}-s{args.seed}-noise{args.noise}",
        build_seconds=None,
        counts=None,
        encoder_runtimes=["synthetic"],
        ann=None,  # write_version records what it builds
    )
    from ragqa.index import store

    stages = Stages()
    stages.wrap(store.bm25, "write", "bm25")
    started = time.perf_counter()
    path = write_version(target, chunks, vectors, documents, manifest, ann=AnnSpec.from_settings(settings))
    publish(target, path.name)
    build_s = time.perf_counter() - started
    bm25_s = stages.records["bm25"]["s"]
    log(f"wrote and published {path.name} in {build_s:.1f} s (RSS {rss_mib():.0f} MiB, peak {peak_rss_mib():.0f})")

    questions = query_sample(args.queries, args.seed)[: args.queries]
    exact = faiss.IndexFlatIP(vectors.shape[1])
    exact.add(vectors)
    _, truth = exact.search(cached_query_vectors(sample_dir, questions), 10)
    np.save(target / f"exact-top10-q{args.queries}.npy", truth)
    written = read_manifest(target, path.name)
    info = {
        "chunks": args.n,
        "seed": args.seed,
        "noise": args.noise,
        "documents": len(documents),
        "generate_s": round(generate_s, 1),
        "build_s": round(build_s, 1),
        "build_bm25_s": round(bm25_s, 1),
        "build_peak_rss_mib": round(peak_rss_mib()),
        "ann": asdict(written.ann_params),
        "mean_copy_cosine": copy_cosine(vectors, sample_manifest.chunk_count),
        "files_mib": {p.name: round(disk_bytes(p) / 2**20) for p in path.iterdir()},
        "schema": chunk_schema(),
    }
    (target / "build.json").write_text(json.dumps(info, indent=2))
    return info


# --- measurement -------------------------------------------------------------------------------------------------


class Stages:
    """Time and RSS change of named steps of the index load, recorded by wrapping the functions the load calls.

    Why: ``load_s`` and RSS alone do not say which structure dominates; wrapping costs nothing extra (a second
    keyword index just to time it would double a 1M-chunk process's memory).
    """

    def __init__(self) -> None:
        self.records: dict[str, dict[str, float]] = {}

    def wrap(self, owner: Any, name: str, label: str) -> None:
        original = getattr(owner, name)
        stages = self

        def timed(*args: Any, **kwargs: Any) -> Any:
            entry = stages.records.setdefault(label, {"s": 0.0, "rss_delta_mib": 0.0, "calls": 0})  # in call order
            before, started = rss_mib(), time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                entry["s"] = round(entry["s"] + time.perf_counter() - started, 2)
                entry["rss_delta_mib"] = round(entry["rss_delta_mib"] + rss_mib() - before)
                entry["calls"] += 1

        setattr(owner, name, timed)


def instrument_load() -> Stages:
    """Wrap the steps of a version load and of the ``Retriever`` build (see ``Stages``)."""
    from ragqa.index import holder, store
    from ragqa.retrieval import keyword, retriever

    stages = Stages()
    stages.wrap(holder, "load_version", "load_version (verify + FAISS + documents + ChunkTable opened + BM25 mmap)")
    stages.wrap(store, "verify_version", "  of which verify (sha256 of the files)")
    stages.wrap(store.faiss, "read_index", "  of which faiss.read_index")
    stages.wrap(store.bm25, "read", "  of which the stored BM25 indexes opened (memory-mapped)")
    stages.wrap(keyword.stored, "build_sentence_bm25", "SentenceIndex built in memory (BM25 over every sentence)")
    stages.wrap(retriever.KeywordIndex, "__init__", "KeywordIndex (chunk BM25, incl. SentenceIndex)")
    stages.wrap(retriever, "chunk_columns", "chunk columns read (doc id, source, category, date)")
    stages.wrap(retriever.FilterColumns, "from_columns", "FilterColumns")
    stages.wrap(holder.IndexHolder, "_accept", "check_compatible")
    return stages


def dense_top10(retriever: Any, vectors: np.ndarray, candidates: int = 10) -> np.ndarray:
    """The dense top 10 row ids the served retriever finds for each query vector.

    With an approximate index: its search for ``candidates`` rows (at the serving efSearch / nprobe), re-scored
    exactly and cut to 10, as ``Retriever`` does with ``ann_candidates``; ``candidates=10`` is the bare ANN top 10.
    With a flat index: FAISS's exact search.
    """
    searcher = retriever._searcher
    rows = []
    for vector in vectors:
        if searcher is not None:
            ids, _ = searcher.top(vector, candidates)
            if len(ids) > 10:
                ids = ids[np.argsort(-searcher.scores_at(vector, ids), kind="stable")[:10]]
        else:
            _, found = retriever.index.faiss_index.search(vector.reshape(1, -1), 10)
            ids = found[0]
        rows.append(np.pad(np.asarray(ids[:10], np.int64), (0, max(0, 10 - len(ids))), constant_values=-1))
    return np.stack(rows)


def recall_at_10(found: np.ndarray, truth: np.ndarray) -> float:
    return float(np.mean([len(set(f) & set(t)) / len(set(t)) for f, t in zip(found.tolist(), truth.tolist())]))


def run_measure(args: argparse.Namespace) -> dict[str, Any]:
    """Load the cached index as the server does and time /search and /ask over the query sample."""
    from ragqa.answering.verify import SentenceVectors
    from ragqa.config import Settings
    from ragqa.embedding.encoder import encoder_from_settings
    from ragqa.retrieval.retriever import WHOLE_LEXICAL_ROWS
    from ragqa.services import Services

    target = index_dir_for(args.n, args.seed, args.index, args.noise)
    settings = Settings(index_dir=target)
    questions = query_sample(args.queries, args.seed)
    warmup, questions = questions[args.queries :], questions[: args.queries]
    encoder = encoder_from_settings(settings)
    encoder.encode_queries(["warm up the encoder"])
    rss_encoder = rss_mib()
    stages = instrument_load()
    started = time.perf_counter()
    services = Services.build(settings, encoder)
    build_s = time.perf_counter() - started
    rss_loaded = rss_mib()
    rss_loaded_kinds = rss_kinds_mib()
    retriever = services.holder.current
    index = retriever.index
    load_s = services.holder.load_seconds or float("nan")
    log(f"{args.n} chunks loaded in {load_s:.1f} s; RSS {rss_loaded:.0f} MiB (encoder alone {rss_encoder:.0f})")

    async def ask_all(texts: list[str]) -> list[float]:
        times = []
        for text in texts:
            t = time.perf_counter()
            await services.pipeline.answer(text, history=[])
            times.append((time.perf_counter() - t) * 1000)
        return times

    def search_all(texts: list[str]) -> list[float]:
        times = []
        for text in texts:
            t = time.perf_counter()
            services.search(text, 10)
            times.append((time.perf_counter() - t) * 1000)
        return times

    def forget_questions() -> None:
        """Cold query and sentence caches: every question is encoded again, every answer sentence too."""
        encoder._query_cache.clear()  # type: ignore[attr-defined]
        retriever._primed.clear()
        services.pipeline.sentence_vectors = SentenceVectors(encoder.encode)

    async def run_all() -> dict[str, list[float]]:
        search_all(warmup)
        await ask_all(warmup)
        forget_questions()
        search_in = search_all(questions)  # the question encoded on each call (query cache cold)
        table = dict(zip(questions, encoder.encode_queries(questions)))
        retriever.prime_vectors(table)
        search_ex = search_all(questions)
        services.pipeline.sentence_vectors = SentenceVectors(encoder.encode)
        ask_ex = await ask_all(questions)  # question vectors primed and cached; answer sentences cold
        forget_questions()
        ask_in = await ask_all(questions)
        return {"search_in": search_in, "search_ex": search_ex, "ask_ex": ask_ex, "ask_in": ask_in}

    times = asyncio.run(run_all())

    # recall@10 of the dense search (ANN vs exact, the same query vectors as the exact top 10 stored at build)
    sample_vectors = cached_query_vectors(sample_index(), questions)
    truth_file = target / f"exact-top10-q{args.queries}.npy"
    truth = np.load(truth_file)
    served = retriever.options.ann_candidates
    dense_recall = recall_at_10(dense_top10(retriever, sample_vectors, served), truth)
    bare_recall = recall_at_10(dense_top10(retriever, sample_vectors), truth)
    # the final hybrid top 10 (primed with the same vectors), compared with the flat index's where one exists
    retriever.prime_vectors(dict(zip(questions, sample_vectors)))
    hybrid = [[h.chunk.chunk_id for h in retriever.search(q, 10)] for q in questions]
    (target / f"hybrid-top10-q{args.queries}.json").write_text(json.dumps(hybrid))
    flat_file = index_dir_for(args.n, args.seed, "flat", args.noise) / f"hybrid-top10-q{args.queries}.json"
    hybrid_recall = None
    if flat_file.exists():
        flat = json.loads(flat_file.read_text())
        hybrid_recall = float(np.mean([len(set(a) & set(b)) / max(len(b), 1) for a, b in zip(hybrid, flat)]))

    # where a search's time goes at this size (primed vectors, 50 questions)
    lexical_ms, dense_ms = [], []
    # what the retriever itself scores at this size: above WHOLE_LEXICAL_ROWS an approximate index sums BM25 over
    # every chunk but scores sentences for its candidates only (not timed here)
    whole = retriever._searcher is None or index.chunk_count <= WHOLE_LEXICAL_ROWS
    lexical_stage = "lexical (BM25 chunks + sentences + cues)" if whole else "lexical (BM25 chunks + cues)"
    for q, v in zip(questions[:50], sample_vectors[:50]):
        t = time.perf_counter()
        retriever._lexical(q, scored=whole)
        if not whole and retriever._keyword is not None:
            retriever._keyword.chunk_scores(retriever._keyword.words(q).chunk)
        lexical_ms.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        dense_top10(retriever, v.reshape(1, -1))
        dense_ms.append((time.perf_counter() - t) * 1000)

    asyncio.run(services.aclose())
    build_info = json.loads((target / "build.json").read_text())
    manifest = index.manifest
    ann = asdict(manifest.ann_params)
    return {
        "chunks": index.chunk_count,
        "index": ann["kind"],
        "ann": ann,
        "faiss_class": type(__import__("faiss").downcast_index(index.faiss_index)).__name__,
        "queries": len(questions),
        "search_p50_ms": summary(times["search_ex"])["p50_ms"],
        "search_p99_ms": summary(times["search_ex"])["p99_ms"],
        "search_encode_p50_ms": summary(times["search_in"])["p50_ms"],
        "search_encode_p99_ms": summary(times["search_in"])["p99_ms"],
        "ask_p50_ms": summary(times["ask_ex"])["p50_ms"],
        "ask_p99_ms": summary(times["ask_ex"])["p99_ms"],
        "ask_encode_p50_ms": summary(times["ask_in"])["p50_ms"],
        "ask_encode_p99_ms": summary(times["ask_in"])["p99_ms"],
        "recall_at_10": round(dense_recall, 4),
        "recall_at_10_bare_k10": round(bare_recall, 4),
        "ann_candidates": served,
        "hybrid_recall_at_10_vs_flat": None if hybrid_recall is None else round(hybrid_recall, 4),
        "search_stage_p50_ms": {
            lexical_stage: round(percentile(lexical_ms, 0.5), 2),
            "dense top 10 (FAISS)": round(percentile(dense_ms, 0.5), 2),
        },
        "rss_mib": round(rss_mib()),
        "rss_after_load_mib": round(rss_loaded),
        "rss_kinds_mib": rss_kinds_mib(),
        "rss_after_load_kinds_mib": rss_loaded_kinds,
        "rss_encoder_only_mib": round(rss_encoder),
        "peak_rss_mib": round(peak_rss_mib()),
        "load_s": round(load_s, 2),
        "services_build_s": round(build_s, 2),
        "load_stages": stages.records,
        "build_s": build_info["build_s"],
        "build_bm25_s": build_info.get("build_bm25_s"),
        "generate_s": build_info["generate_s"],
        "build_peak_rss_mib": build_info["build_peak_rss_mib"],
        "files_mib": build_info["files_mib"],
        "documents": build_info["documents"],
        "mean_copy_cosine": build_info["mean_copy_cosine"],
    }


def run_sweep(args: argparse.Namespace) -> dict[str, Any]:
    """Dense recall@10 and time per query of the cached ``--chunks`` index for several efSearch (HNSW) or nprobe
    (IVF) values, as the served path uses them (``ann_candidates`` rows re-scored exactly, cut to 10).

    Why separate: it reads only the FAISS file and the stored exact top 10, so a 1M-chunk sweep takes a minute
    instead of a 13-minute server load (no keyword index, no encoder).
    """
    import faiss

    from ragqa.config import Settings
    from ragqa.index.ann import DenseSearcher
    from ragqa.index.store import VECTORS, VERSIONS, live_version, read_manifest

    faiss.omp_set_num_threads(1)  # as served (``limit_threads``)
    target = index_dir_for(args.chunks, args.seed, args.index, args.noise)
    version = live_version(target)
    manifest = read_manifest(target, version)
    index = faiss.read_index(str(target / VERSIONS / str(version) / VECTORS))
    questions = query_sample(args.queries, args.seed)[: args.queries]
    vectors = cached_query_vectors(sample_index(), questions)
    truth = np.load(target / f"exact-top10-q{args.queries}.npy")
    candidates = Settings().ann_candidates
    rows = []
    for value in [int(v) for v in args.sweep.split(",")]:
        searcher = DenseSearcher(index, manifest.ann_params, ef_search=value, nprobe=value)

        class Served:
            _searcher = searcher

        started = time.perf_counter()
        found = dense_top10(Served, vectors, candidates)
        per_query = (time.perf_counter() - started) * 1000 / len(vectors)
        rows.append({"value": value, "recall_at_10": round(recall_at_10(found, truth), 4), "ms": round(per_query, 2)})
        log(
            f"{args.chunks} {manifest.ann_params.kind}: {value} -> recall@10 {rows[-1]['recall_at_10']}, "
            f"{per_query:.2f} ms a query"
        )
    return {"chunks": args.chunks, "index": manifest.ann_params.kind, "candidates": candidates, "sweep": rows}


# --- the driver ----------------------------------------------------------------------------------------------


def worker(mode: str, n: int, args: argparse.Namespace) -> dict[str, Any]:
    """Run ``mode`` (build or measure) for ``n`` chunks in a fresh interpreter and return its JSON report."""
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "HF_HUB_OFFLINE": "1",
        "RAGQA_ANN": args.index,
        "RAGQA_LLM_BASE_URL": "",  # extractive answers: /ask without an LLM
    }
    command = [sys.executable, __file__, f"--{mode}", str(n), "--index", args.index]
    command += ["--seed", str(args.seed), "--queries", str(args.queries), "--noise", str(args.noise)]
    log(f"{mode} {n} chunks ({args.index})")
    done = subprocess.run(command, env=env, stdout=subprocess.PIPE, text=True, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith(RESULT)]
    if done.returncode != 0 or not lines:
        raise SystemExit(f"{mode} of {n} chunks failed (exit {done.returncode})")
    return json.loads(lines[-1][len(RESULT) :])


def disk_bytes(path: Path) -> int:
    """Size of a file, or of everything under a folder (a version's ``bm25/``)."""
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size


def stores_keyword_indexes(target: Path) -> bool:
    """Whether the cached index's live version holds BM25 indexes (versions cached before they were stored do
    not: such a cache is rebuilt, so the load measured is the one a version written today gets)."""
    from ragqa.index import bm25
    from ragqa.index.errors import IndexStoreError
    from ragqa.index.store import read_manifest

    try:
        return bm25.META in read_manifest(target).files
    except IndexStoreError:
        return False


def chunk_schema() -> list[str]:
    """The stored chunk fields: a cached index written by another ``Chunk`` layout is rebuilt, not migrated."""
    from dataclasses import fields

    from ragqa.records import Chunk

    return [f.name for f in fields(Chunk)]


def ensure_built(n: int, args: argparse.Namespace) -> dict[str, Any] | None:
    """Build the cached index of ``n`` chunks unless one with the same parameters and query sample exists."""
    target = index_dir_for(n, args.seed, args.index, args.noise)
    info_file = target / "build.json"
    if info_file.exists() and (target / f"exact-top10-q{args.queries}.npy").exists():
        info = json.loads(info_file.read_text())
        fresh = info.get("noise") == args.noise and info.get("schema") == chunk_schema()
        if fresh and stores_keyword_indexes(target) and not args.rebuild:
            return None
    if target.exists():
        import shutil

        shutil.rmtree(target)
    return worker("build", n, args)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=100_000, help="collection size (the 10k baseline always runs)")
    parser.add_argument("--index", choices=["auto", "flat", "hnsw", "ivf"], default="auto", help="RAGQA_ANN")
    parser.add_argument("--queries", type=int, default=200, help="MultiHop-RAG dev questions timed")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--noise", type=float, default=DEFAULT_NOISE, help="std of the per-dimension noise of copies")
    parser.add_argument("--rebuild", action="store_true", help="rebuild cached indexes")
    parser.add_argument("--no-baseline", action="store_true", help="skip the 10k run (search_p50_ms_10k is null)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--sweep",
        metavar="VALUES",
        help="only sweep efSearch (hnsw) or nprobe (ivf) over the --chunks index (built if missing), e.g. 200,400,800",
    )
    parser.add_argument("--build", type=int, metavar="N", help=argparse.SUPPRESS)
    parser.add_argument("--measure", type=int, metavar="N", help=argparse.SUPPRESS)
    args = parser.parse_args()

    for mode in ("build", "measure"):
        n = getattr(args, mode)
        if n is not None:
            args.n = n
            report = run_build(args) if mode == "build" else run_measure(args)
            print(RESULT + json.dumps(report), flush=True)
            return

    if args.sweep:
        ensure_built(args.chunks, args)
        print(json.dumps(run_sweep(args), indent=2 if args.json else None))
        return
    sizes = [args.chunks] if args.no_baseline or args.chunks == BASELINE else [BASELINE, args.chunks]
    runs: dict[int, dict[str, Any]] = {}
    for n in sizes:
        ensure_built(n, args)
        runs[n] = worker("measure", n, args)
    main_run = runs[args.chunks]
    baseline = runs.get(BASELINE)
    report = {
        **{k: v for k, v in main_run.items() if k != "load_stages"},
        "requested_index": args.index,
        "search_p50_ms_10k": baseline["search_p50_ms"] if baseline else None,
        "search_encode_p50_ms_10k": baseline["search_encode_p50_ms"] if baseline else None,
        "ask_p50_ms_10k": baseline["ask_p50_ms"] if baseline else None,
        "index_10k": baseline["index"] if baseline else None,
        "seed": args.seed,
        "noise": args.noise,
        "runs": {str(n): r for n, r in runs.items()},
    }
    if baseline:
        report["search_p50_vs_10k"] = round(main_run["search_p50_ms"] / baseline["search_p50_ms"], 2)
    if args.json:
        print(json.dumps(report, indent=2))
        return
    for n, r in runs.items():
        print(
            f"{n:>9} chunks {r['index']:>5}: /search p50 {r['search_p50_ms']} ms p99 {r['search_p99_ms']} ms "
            f"(with encode {r['search_encode_p50_ms']} / {r['search_encode_p99_ms']}), /ask p50 {r['ask_p50_ms']} "
            f"p99 {r['ask_p99_ms']} (with encode {r['ask_encode_p50_ms']} / {r['ask_encode_p99_ms']}), "
            f"recall@10 {r['recall_at_10']}, RSS {r['rss_mib']} MiB, load {r['load_s']} s, build {r['build_s']} s"
        )
        for stage, figures in r["load_stages"].items():
            print(f"{'':>16}{stage}: {figures['s']} s, RSS {figures['rss_delta_mib']:+} MiB")


if __name__ == "__main__":
    main()
