"""Sweep the hybrid-ranking knobs on MultiHop-RAG dev without re-encoding anything.

Question vectors are encoded once and cached beside the cached index; every setting is
then run through the service's own ``Retriever.search`` (the options swapped in place), so a row of
this sweep is exactly what ``ragqa eval multihop`` and ``/search`` would return with that setting.
About 30 s per setting on two cores.

    PYTHONPATH=src .venv/bin/python bench/sweep_fusion.py \\
        --corpus ../shared/bench/multihop-rag/corpus.jsonl --queries ../shared/bench/multihop-rag/queries-dev.json \\
        --grid keyword_weight=0.4,0.6 sentence_weight=0,0.25
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import sys
import time
from pathlib import Path

from ragqa.config import Settings
from ragqa.embedding.encoder import encoder_from_settings
from ragqa.eval.index_cache import DEFAULT_CACHE, multihop_index, query_vectors
from ragqa.eval.metrics import aggregate, in_split, score_query
from ragqa.retrieval.retriever import RetrievalOptions, Retriever, limit_threads

FIXED = {"hybrid", "keyword_k1", "keyword_b", "rerank_model"}


def parse_grid(items: list[str]) -> dict[str, list]:
    """``name=v1,v2`` pairs -> {name: [v1, v2]}, values typed like the option's default."""
    defaults = RetrievalOptions.from_settings(Settings())
    grid = {}
    for item in items:
        name, _, values = item.partition("=")
        if not hasattr(defaults, name):
            raise SystemExit(f"unknown option {name!r}; choose from {[f.name for f in dataclasses.fields(defaults)]}")
        if name in FIXED:
            raise SystemExit(f"{name} is fixed when the retriever is built; set RAGQA_{name.upper()} instead")
        kind = type(getattr(defaults, name))
        grid[name] = [kind(v) for v in values.split(",")]
    return grid


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--corpus", type=Path, required=True)
    p.add_argument("--queries", type=Path, required=True)
    p.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE)
    p.add_argument("--grid", nargs="*", default=[], help="option=v1,v2 ... (RetrievalOptions field names)")
    p.add_argument("--json", type=Path)
    p.add_argument("--split", default="tune", choices=["tune", "check", "all"], help="half of the dev file (tune)")
    args = p.parse_args()

    limit_threads()  # the server's thread limits (Services.build), so a setting's time is the server's
    embedder = encoder_from_settings(Settings())  # questions encoded as the server encodes them
    index, index_dir = multihop_index(args.corpus, embedder, args.cache_dir)
    queries = [
        q
        for q in json.loads(args.queries.read_text())
        if q["question_type"] != "null_query" and in_split(q["query"], args.split)
    ]
    base = RetrievalOptions.from_settings(Settings())
    retriever = Retriever(index, embedder, base)
    t0 = time.perf_counter()
    retriever.prime_vectors(query_vectors(embedder, [q["query"] for q in queries], index_dir))
    print(f"query vectors ready in {time.perf_counter() - t0:.1f} s", file=sys.stderr)

    def run(options: RetrievalOptions) -> dict:
        retriever.options = options
        scores = []
        for q in queries:
            hits = retriever.search(q["query"], 10)
            scores.append(score_query([h.chunk.text for h in hits], [e["fact"] for e in q["evidence_list"]]))
        m = aggregate(scores)
        return {"hits@10": m.hits10, "mrr@10": m.mrr10, "map@10": m.map10, "hits@4": m.hits4}

    grid = parse_grid(args.grid)
    results = []
    for values in itertools.product(*grid.values()):
        setting = dict(zip(grid, values))
        row = {**setting, **{k: round(v, 4) for k, v in run(dataclasses.replace(base, **setting)).items()}}
        results.append(row)
        print(json.dumps(row), flush=True)
    if len(results) > 1:
        print("best:", json.dumps(max(results, key=lambda r: (r["map@10"], r["mrr@10"]))))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
