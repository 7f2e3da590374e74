"""MultiHop-RAG retrieval quality and search time with each FAISS index kind, without re-embedding anything.

The cached eval index (flat) is loaded once; each kind (``flat``, ``hnsw``, ``ivf``, forced whatever the
collection's size) is built in memory from its stored vectors with ``index.ann.build_kind``, exactly as
``write_version`` would write it, and put in place of the flat one. Every query then goes through the service's
own ``Retriever.search`` with the default settings, as ``ragqa eval multihop`` does (primed question vectors
of the serving runtime, the server's thread limits).

    PYTHONPATH=src .venv/bin/python bench/ann_quality.py \\
        --corpus ../shared/bench/multihop-rag/corpus.jsonl --queries ../shared/bench/multihop-rag/queries-dev.json \\
        --split check --kinds flat hnsw ivf
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from pathlib import Path

from ragqa.config import Settings
from ragqa.embedding.encoder import encoder_from_settings
from ragqa.eval.index_cache import DEFAULT_CACHE, multihop_index, query_vectors
from ragqa.eval.metrics import aggregate, in_split, score_query
from ragqa.index.ann import AnnSpec, build_kind
from ragqa.retrieval.retriever import RetrievalOptions, Retriever, limit_threads


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--corpus", type=Path, required=True)
    p.add_argument("--queries", type=Path, required=True)
    p.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE)
    p.add_argument("--split", default="check", choices=["tune", "check", "all"])
    p.add_argument("--kinds", nargs="*", default=["flat", "hnsw", "ivf"])
    p.add_argument("--ef-search", type=int, default=None, help="HNSW efSearch (default: the manifest's)")
    p.add_argument("--nprobe", type=int, default=None, help="IVF nprobe (default: the manifest's)")
    p.add_argument("--candidates", type=int, default=None, help="RAGQA_ANN_CANDIDATES")
    p.add_argument(
        "--exact-rows",
        type=int,
        default=None,
        help="largest filtered or named-source subset scored by brute force (RAGQA_ANN_THRESHOLD); 0 = always the "
        "approximate search with an ID selector",
    )
    p.add_argument("--dense-only", action="store_true", help="no BM25 fusion (RAGQA_HYBRID_SEARCH=false)")
    p.add_argument("--json", type=Path)
    args = p.parse_args()

    limit_threads()
    settings = Settings()
    embedder = encoder_from_settings(settings)
    index, index_dir = multihop_index(args.corpus, embedder, args.cache_dir)
    vectors = index.vectors()
    queries = [
        q
        for q in json.loads(args.queries.read_text())
        if q["question_type"] != "null_query" and in_split(q["query"], args.split)
    ]
    table = query_vectors(embedder, [q["query"] for q in queries], index_dir)
    options = RetrievalOptions.from_settings(settings)
    options = dataclasses.replace(
        options,
        ann_ef_search=args.ef_search or options.ann_ef_search,
        ann_nprobe=args.nprobe or options.ann_nprobe,
        ann_candidates=args.candidates or options.ann_candidates,
        ann_exact_rows=options.ann_exact_rows if args.exact_rows is None else args.exact_rows,
        hybrid=options.hybrid and not args.dense_only,
    )
    spec = AnnSpec.from_settings(settings)
    results = []
    for kind in args.kinds:
        ann = spec.params_for(kind, len(vectors))
        t0 = time.perf_counter()
        faiss_index = build_kind(vectors, index.manifest.dimension, ann)
        built = time.perf_counter() - t0
        loaded = dataclasses.replace(
            index, faiss_index=faiss_index, manifest=dataclasses.replace(index.manifest, ann=ann)
        )
        retriever = Retriever(loaded, embedder, options)
        retriever.prime_vectors(table)
        scores = []
        t0 = time.perf_counter()
        for q in queries:
            hits = retriever.search(q["query"], 10)
            scores.append(score_query([h.chunk.text for h in hits], [e["fact"] for e in q["evidence_list"]]))
        per_query_ms = (time.perf_counter() - t0) / len(queries) * 1000
        m = aggregate(scores)
        row = {
            "kind": kind,
            "params": ann.params,
            "search": {
                "hybrid": options.hybrid,
                "ef_search": options.ann_ef_search,
                "nprobe": options.ann_nprobe,
                "candidates": options.ann_candidates,
                "exact_rows": options.ann_exact_rows,
            },
            "chunks": len(vectors),
            "queries": m.queries,
            "hits@10": round(m.hits10, 4),
            "mrr@10": round(m.mrr10, 4),
            "map@10": round(m.map10, 4),
            "hits@4": round(m.hits4, 4),
            "build_s": round(built, 2),
            "search_ms": round(per_query_ms, 2),
        }
        results.append(row)
        print(json.dumps(row), flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
