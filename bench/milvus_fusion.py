"""MultiHop-RAG retrieval with the Milvus store vs the in-process one, and a sweep of the engine's ranker settings.

The cached benchmark index (``ragqa eval multihop`` builds it) is published into a milvus-lite 2.5.1 binary served
on loopback (as ``RAGQA_STORE=milvus`` does with a server URI); questions use the cached query vectors, so nothing
is re-embedded. Each row runs ``EngineRetriever.search`` over every non-null question of the split.

    PYTHONPATH=src .venv/bin/python bench/milvus_fusion.py \\
        --corpus ../shared/bench/multihop-rag/corpus.jsonl --queries ../shared/bench/multihop-rag/queries-dev.json \\
        --split tune --grid keyword_weight=0.3,0.4,0.5 cue_weight=0.25,0.5 --local
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ragqa.config import Settings
from ragqa.embedding.encoder import encoder_from_settings
from ragqa.eval.index_cache import DEFAULT_CACHE, multihop_index, query_vectors
from ragqa.eval.metrics import aggregate, in_split, score_query
from ragqa.index import milvus_store
from ragqa.retrieval.milvus_retriever import EngineOptions, EngineRetriever, publish_to_milvus
from ragqa.retrieval.retriever import RetrievalOptions, Retriever, limit_threads

LITE = """
import signal, sys, threading
from milvus_lite.server import Server
server = Server(sys.argv[1], address="127.0.0.1:" + sys.argv[2])
server.init(); server.start()
stop = threading.Event()
signal.signal(signal.SIGTERM, lambda *_: stop.set())
print("ready", flush=True)
stop.wait()
server.stop()
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--corpus", type=Path, required=True)
    p.add_argument("--queries", type=Path, required=True)
    p.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE)
    p.add_argument("--split", default="tune", choices=["tune", "check", "all"])
    p.add_argument("--grid", nargs="*", default=[], help="option=v1,v2 ... (EngineOptions field names)")
    p.add_argument("--local", action="store_true", help="also run the in-process backend")
    p.add_argument("--db", type=Path, help="milvus-lite file (default: a temporary one)")
    args = p.parse_args()

    limit_threads()
    embedder = encoder_from_settings(Settings())
    index, index_dir = multihop_index(args.corpus, embedder, args.cache_dir)
    queries = [
        q
        for q in json.loads(args.queries.read_text())
        if q["question_type"] != "null_query" and in_split(q["query"], args.split)
    ]
    vectors = query_vectors(embedder, [q["query"] for q in queries], index_dir)

    def score(search) -> dict:
        scores, started = [], time.perf_counter()
        for q in queries:
            hits = search(q["query"])
            scores.append(score_query([h.chunk.text for h in hits], [e["fact"] for e in q["evidence_list"]]))
        m = aggregate(scores)
        ms = 1000 * (time.perf_counter() - started) / max(len(queries), 1)
        return {"hits@10": m.hits10, "mrr@10": m.mrr10, "map@10": m.map10, "hits@4": m.hits4, "ms": round(ms, 1)}

    if args.local:
        local = Retriever(index, embedder, RetrievalOptions.from_settings(Settings()))
        local.prime_vectors(vectors)
        print(json.dumps({"backend": "local", "split": args.split, **score(lambda t: local.search(t, 10))}), flush=True)

    db = args.db or Path(tempfile.mkdtemp(prefix="ragqa-milvus-")) / "bench.db"
    port = free_port()
    server = subprocess.Popen([sys.executable, "-c", LITE, str(db), str(port)], stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None and server.stdout.readline().strip() == "ready"
        settings = Settings(index_dir=index_dir, store="milvus", milvus_uri=f"http://127.0.0.1:{port}")
        started = time.perf_counter()
        version, _ = publish_to_milvus(settings)
        print(f"published {version} in {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
        client = milvus_store.connect(settings)
        engine_index = milvus_store.load_engine_index(client, settings.milvus_collection, str(version))
        base = EngineOptions.from_settings(settings)
        grid = {}
        for item in args.grid:
            name, _, values = item.partition("=")
            kind = type(getattr(base, name))
            parse = (lambda v: v.lower() in ("1", "true", "yes")) if kind is bool else kind
            grid[name] = [parse(v) for v in values.split(",")]
        for combo in itertools.product(*grid.values()) if grid else [()]:
            options = dataclasses.replace(base, **dict(zip(grid, combo)))
            retriever = EngineRetriever(engine_index, client, embedder, options)
            retriever.prime_vectors(vectors)
            row = score(lambda t, r=retriever: r.search(t, 10))
            print(
                json.dumps({"backend": "milvus", "split": args.split, **dataclasses.asdict(options), **row}), flush=True
            )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
