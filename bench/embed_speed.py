"""Encoder speed and quality, torch vs ONNX fp32 vs ONNX int8, in one run on MultiHop-RAG.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/embed_speed.py [--rounds 3] [--full-index onnx-int8,onnx] [--json out.json]

A backend name may end in ``:spin`` (``onnx-int8:spin``): the same runtime with onnxruntime's threads
busy-waiting between ops (measured only: nothing in ragqa spins, see docs/benchmarks.md).

Uses the cached MultiHop-RAG index (bench/multihop.py; built with the torch encoder if missing). For each backend,
interleaved over --rounds rounds so machine noise hits all of them alike: chunk throughput on a fixed sample of
--chunks real encoder inputs (batch 64), and single-query latency on --queries dev questions (no cache), with
the default threads and with one thread. Quality: cosine of each backend's vectors to the torch vectors, and the
official MultiHop-RAG Hits@10 of the backend's query vectors against the torch-built index (all 1789 queries with
evidence); with --full-index, also of an index whose chunks were all re-encoded by that backend. Also times the
query-embedding cache (a repeated question). Every figure is also given as a ratio to torch in the same run.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from pathlib import Path

import faiss
import multihop
import numpy as np

from ragqa.config import Settings
from ragqa.embedding.encoder import BACKENDS, Encoder, load_encoder
from ragqa.index.build import embedding_input
from ragqa.index.store import load_version


def chunk_rate(embedder: Encoder, texts: list[str]) -> float:
    t = time.perf_counter()
    embedder.encode(texts)
    return len(texts) / (time.perf_counter() - t)


def query_ms(embedder: Encoder, queries: list[str]) -> float:
    times = []
    for q in queries:
        t = time.perf_counter()
        embedder.encode([q])
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def hits10(index: faiss.Index, query_vectors: np.ndarray, texts: list[str], queries: list[dict]) -> float:
    _, ids = index.search(np.ascontiguousarray(query_vectors, dtype=np.float32), 10)
    return multihop.hits_at_k(queries, [[texts[i] for i in row if i >= 0] for row in ids], 10)


def cosine_stats(a: np.ndarray, b: np.ndarray) -> dict[str, float]:
    c = (a * b).sum(axis=1)
    return {"median": float(np.median(c)), "p5": float(np.percentile(c, 5)), "min": float(c.min())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=256, help="chunk sample for throughput")
    parser.add_argument("--queries", type=int, default=60, help="questions for single-query latency")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--backends", default=",".join([*BACKENDS, "onnx-int8:spin"]))
    parser.add_argument("--full-index", default="", help="backends whose full re-encoded index is also scored")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    backends = [b for b in args.backends.split(",") if b]
    assert backends[0] == "torch", "torch must come first: it is the baseline"

    settings = Settings()
    index_dir = multihop.multihop_index(settings)
    index = load_version(index_dir)
    texts = [c.text for c in index.chunks]
    inputs = [embedding_input(c) for c in index.chunks]
    torch_vectors = index.faiss_index.reconstruct_n(0, index.faiss_index.ntotal)
    queries = multihop.load_queries()
    rng = random.Random(7)
    sample = rng.sample(range(len(inputs)), min(args.chunks, len(inputs)))
    sample_inputs = [inputs[i] for i in sample]
    latency_queries = [q["query"] for q in queries[: args.queries]]
    print(f"index {index_dir} ({index.chunk_count} chunks); {len(queries)} queries with evidence", flush=True)

    embedders: dict[str, Encoder] = {}
    one_thread: dict[str, Encoder] = {}
    load_s: dict[str, float] = {}
    for name in backends:
        backend, _, spin = name.partition(":")
        t = time.perf_counter()
        embedders[name] = load_encoder(settings.embedding_model, 64, 0, backend=backend, spin=spin == "spin")
        load_s[name] = time.perf_counter() - t
        if name != "torch":
            one_thread[name] = load_encoder(settings.embedding_model, 64, 1, backend=backend)
        embedders[name].encode(sample_inputs[:8])  # warm-up

    import torch

    default_threads = torch.get_num_threads()
    rates: dict[str, list[float]] = {b: [] for b in backends}
    q_ms: dict[str, list[float]] = {b: [] for b in backends}
    q_ms_1t: dict[str, list[float]] = {b: [] for b in backends}
    for r in range(args.rounds):
        for name in backends:
            rates[name].append(chunk_rate(embedders[name], sample_inputs))
            q_ms[name].append(query_ms(embedders[name], latency_queries))
            if name == "torch":
                torch.set_num_threads(1)
                q_ms_1t[name].append(query_ms(embedders[name], latency_queries))
                torch.set_num_threads(default_threads)
            else:
                q_ms_1t[name].append(query_ms(one_thread[name], latency_queries))
        print(f"round {r + 1}: " + ", ".join(f"{b} {rates[b][-1]:.1f}/s {q_ms[b][-1]:.1f} ms" for b in backends))

    # query-embedding cache: a repeated question skips the model
    cached = embedders[backends[-1]]
    question = latency_queries[0] + " (cache probe)"
    t = time.perf_counter()
    cached.encode_query(question)
    miss_ms = (time.perf_counter() - t) * 1000
    t = time.perf_counter()
    for _ in range(100):
        cached.encode_query(question)
    hit_ms = (time.perf_counter() - t) * 1000 / 100

    torch_sample = torch_vectors[sample]
    torch_queries = embedders["torch"].encode([q["query"] for q in queries])
    results: dict[str, dict] = {}
    for name in backends:
        q_vectors = torch_queries if name == "torch" else embedders[name].encode([q["query"] for q in queries])
        results[name] = {
            "runtime": embedders[name].runtime,
            "load_s": round(load_s[name], 2),
            "chunks_per_s": round(statistics.median(rates[name]), 2),
            "query_ms": round(statistics.median(q_ms[name]), 2),
            "query_ms_1_thread": round(statistics.median(q_ms_1t[name]), 2),
            "chunk_rates_by_round": [round(x, 2) for x in rates[name]],
            "query_ms_by_round": [round(x, 2) for x in q_ms[name]],
            "cosine_chunks": cosine_stats(embedders[name].encode(sample_inputs), torch_sample),
            "cosine_queries": cosine_stats(q_vectors, torch_queries),
            "hits10_queries_vs_torch_index": round(hits10(index.faiss_index, q_vectors, texts, queries), 4),
        }
        if name in args.full_index.split(","):
            t = time.perf_counter()
            vectors = embedders[name].encode(inputs)
            full_s = time.perf_counter() - t
            flat = faiss.IndexFlatIP(vectors.shape[1])
            flat.add(vectors)
            results[name]["full_encode_s"] = round(full_s, 1)
            results[name]["full_chunks_per_s"] = round(len(inputs) / full_s, 2)
            results[name]["hits10_full_index"] = round(hits10(flat, q_vectors, texts, queries), 4)
            print(f"{name}: full re-encode {full_s:.0f} s, Hits@10 {results[name]['hits10_full_index']}", flush=True)

    base = results["torch"]
    for r in results.values():
        r["throughput_ratio"] = round(r["chunks_per_s"] / base["chunks_per_s"], 3)
        r["query_latency_ratio"] = round(r["query_ms"] / base["query_ms"], 3)
        r["hits10_delta"] = round(r["hits10_queries_vs_torch_index"] - base["hits10_queries_vs_torch_index"], 4)
    report = {
        "index": str(index_dir),
        "chunks": index.chunk_count,
        "sample_chunks": len(sample_inputs),
        "latency_queries": len(latency_queries),
        "rounds": args.rounds,
        "torch_default_threads": default_threads,
        "query_cache": {"miss_ms": round(miss_ms, 2), "hit_ms": round(hit_ms, 4), "backend": backends[-1]},
        "backends": results,
    }
    print()
    print(
        "| backend | load s | chunks/s (ratio) | query ms (ratio) | query ms, 1 thread | cosine chunks median/min "
        "| Hits@10 (query side) |"
    )
    print("|---|---|---|---|---|---|---|")
    for name, r in results.items():
        print(
            f"| {name} | {r['load_s']} | {r['chunks_per_s']} ({r['throughput_ratio']}x) | {r['query_ms']} "
            f"({r['query_latency_ratio']}x) | {r['query_ms_1_thread']} | {r['cosine_chunks']['median']:.4f} / "
            f"{r['cosine_chunks']['min']:.4f} | {r['hits10_queries_vs_torch_index']} |"
        )
    print(f"query cache: miss {miss_ms:.1f} ms, hit {hit_ms * 1000:.1f} us")
    print("runtimes: " + ", ".join(f"{name} = {r['runtime']}" for name, r in results.items()))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
