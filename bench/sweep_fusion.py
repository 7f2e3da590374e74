"""Sweep the hybrid-ranking knobs on MultiHop-RAG dev without re-encoding anything.

Query (and clause) vectors are encoded once and cached beside the index; BM25 scores are memoized;
each setting then re-runs ``Retriever.search`` itself (the code the service runs) with other options.
Prints one JSON row per setting and the best by MAP@10 (ties: MRR@10).

    PYTHONPATH=src .venv/bin/python bench/sweep_fusion.py \\
        --corpus ../shared/bench/multihop-rag/corpus.jsonl --queries ../shared/bench/multihop-rag/queries-dev.json
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from ragqa import fusion
from ragqa.config import Settings
from ragqa.embedding import Embedder
from ragqa.evalindex import DEFAULT_CACHE, multihop_index
from ragqa.evaluation import aggregate, score_query
from ragqa.retrieval import RetrievalOptions, Retriever


class CachedRetriever(Retriever):
    """The service's Retriever with query vectors from a table and memoized BM25 scores."""

    def __init__(self, index, embedder, options, table: dict[str, np.ndarray]) -> None:
        super().__init__(index, embedder, options)
        self.table = table
        self._bm25: dict[str, np.ndarray] = {}

    def query_vectors(self, texts: list[str]) -> np.ndarray:
        return np.stack([self.table[t] for t in texts])

    def keyword_scores(self, query: str) -> np.ndarray:
        if query not in self._bm25:
            self._bm25[query] = super().keyword_scores(query)
        return self._bm25[query]


def vector_table(embedder: Embedder, texts: list[str], cache: Path) -> dict[str, np.ndarray]:
    texts = sorted(set(texts))
    key = hashlib.sha256(("\0".join(texts) + embedder.name).encode()).hexdigest()[:16]
    path = cache / f"query-vectors-{key}.npy"
    if path.exists():
        vectors = np.load(path)
    else:
        vectors = embedder.encode(texts)
        np.save(path, vectors)
    return dict(zip(texts, vectors))


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--corpus", type=Path, required=True)
    p.add_argument("--queries", type=Path, required=True)
    p.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE)
    p.add_argument("--weights", default="0.5,0.6,0.7")
    p.add_argument("--source-boosts", default="0,1,2")
    p.add_argument("--date-boosts", default="0,1")
    p.add_argument("--clause-weights", default="0,0.5,1")
    p.add_argument("--caps", default="0")
    p.add_argument("--dense-only", action="store_true", help="also print the dense-only and BM25-only rows")
    p.add_argument("--json", type=Path)
    args = p.parse_args()

    embedder = Embedder()
    index, index_dir = multihop_index(args.corpus, embedder, args.cache_dir)
    queries = [q for q in json.loads(args.queries.read_text()) if q["question_type"] != "null_query"]
    questions = [q["query"] for q in queries]
    facts = [[e["fact"] for e in q["evidence_list"]] for q in queries]
    t0 = time.perf_counter()
    texts = questions + [c for q in questions for c in fusion.split_clauses(q)]
    table = vector_table(embedder, texts, index_dir)
    print(f"{len(table)} query/clause vectors in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    base = RetrievalOptions.from_settings(Settings())
    retriever = CachedRetriever(index, embedder, base, table)

    def run(options: RetrievalOptions) -> dict:
        retriever.options = options
        scores = []
        for q, f in zip(questions, facts):
            hits = retriever.search(q, 10)
            scores.append(score_query([h.chunk.text for h in hits], f))
        m = aggregate(scores)
        return {"hits@10": m.hits10, "mrr@10": m.mrr10, "map@10": m.map10, "hits@4": m.hits4}

    results = []
    if args.dense_only:
        for name, opts in (
            ("dense only", replace(base, hybrid=False)),
            ("bm25 only", replace(base, keyword_weight=1.0, source_boost=0.0, date_boost=0.0, clause_weight=0.0)),
        ):
            print(json.dumps({"setting": name, **{k: round(v, 4) for k, v in run(opts).items()}}), flush=True)
    grid = itertools.product(
        [float(x) for x in args.weights.split(",")],
        [float(x) for x in args.source_boosts.split(",")],
        [float(x) for x in args.date_boosts.split(",")],
        [float(x) for x in args.clause_weights.split(",")],
        [int(x) for x in args.caps.split(",")],
    )
    for w, sb, db, cw, cap in grid:
        opts = replace(base, keyword_weight=w, source_boost=sb, date_boost=db, clause_weight=cw, per_doc_cap=cap)
        m = run(opts)
        row = {"w": w, "source_boost": sb, "date_boost": db, "clause_weight": cw, "cap": cap}
        row.update({k: round(v, 4) for k, v in m.items()})
        results.append(row)
        print(json.dumps(row), flush=True)
    if results:
        print("best:", json.dumps(max(results, key=lambda r: (r["map@10"], r["mrr@10"]))))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
