"""Sweep the hybrid-ranking knobs on MultiHop-RAG dev without re-encoding anything.

Query and clause vectors are encoded once and cached beside the index. For every question and each
of its clauses, the standardized dense and BM25 scores (``fusion.zscore`` over all chunks, as the
service computes them) are kept for a candidate pool: the union of the top 200 chunks of each score
of each text. Every setting is then a few array operations per question over that pool, the same
formula as ``Retriever.rank`` (question score + clause_weight x best clause score, boosts for named
sources and days). The chosen setting is then confirmed end to end with ``ragqa eval multihop``.

    PYTHONPATH=src .venv/bin/python bench/sweep_fusion.py \\
        --corpus ../shared/bench/multihop-rag/corpus.jsonl --queries ../shared/bench/multihop-rag/queries-dev.json
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from pathlib import Path

import numpy as np

from ragqa import fusion
from ragqa.config import Settings
from ragqa.embedding import Embedder
from ragqa.evalindex import DEFAULT_CACHE, multihop_index, query_vectors
from ragqa.evaluation import aggregate, score_query
from ragqa.filters import FilterColumns
from ragqa.keyword import KeywordIndex

POOL = 200


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--corpus", type=Path, required=True)
    p.add_argument("--queries", type=Path, required=True)
    p.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE)
    p.add_argument("--weights", default="0.4,0.5,0.6,0.7,0.8")
    p.add_argument("--source-boosts", default="0,0.5,1,2")
    p.add_argument("--date-boosts", default="0,0.5,1")
    p.add_argument("--clause-weights", default="0,0.5,1,1.5")
    p.add_argument("--json", type=Path)
    args = p.parse_args()

    embedder = Embedder()
    index, index_dir = multihop_index(args.corpus, embedder, args.cache_dir)
    chunks = index.chunks
    queries = [q for q in json.loads(args.queries.read_text()) if q["question_type"] != "null_query"]
    facts = [[e["fact"] for e in q["evidence_list"]] for q in queries]
    t0 = time.perf_counter()
    split = [fusion.split_clauses(q["query"]) for q in queries]
    table = query_vectors(embedder, [q["query"] for q in queries] + [c for cl in split for c in cl], index_dir)
    print(f"{len(table)} query/clause vectors in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    s = Settings()
    keyword = KeywordIndex(chunks, s.keyword_k1, s.keyword_b)
    vectors = index.vectors()
    columns = FilterColumns(chunks)
    sources = sorted({c.source for c in chunks if c.source})

    def text_arrays(text: str, named_by_question: set[str]):
        zd = fusion.zscore(vectors @ table[text])
        zk = fusion.zscore(keyword.scores(text))
        named = fusion.mentioned(text, sources) | named_by_question
        src = np.isin(columns.source, [n.lower() for n in named]) if named else np.zeros(len(chunks), bool)
        days = fusion.mentioned_days(text)
        day = np.isin(columns.day, sorted(days)) if days else np.zeros(len(chunks), bool)
        return zd, zk, src, day

    t0 = time.perf_counter()
    prepared = []
    for q, clauses in zip(queries, split):
        named = fusion.mentioned(q["query"], sources)
        arrays = [text_arrays(t, named) for t in [q["query"], *clauses]]
        pool = np.unique(np.concatenate([np.argsort(-a[i])[:POOL] for a in arrays for i in (0, 1)]))
        prepared.append((pool, [tuple(x[pool] for x in a) for a in arrays]))
    print(f"prepared in {time.perf_counter() - t0:.1f} s", file=sys.stderr)

    def run(w: float, sb: float, db: float, cw: float) -> dict:
        scores = []
        for (pool, arrays), f in zip(prepared, facts):
            fused = [(1 - w) * zd + w * zk + sb * src + db * day for zd, zk, src, day in arrays]
            total = fused[0] + (cw * np.max(np.stack(fused[1:]), axis=0) if len(fused) > 1 and cw else 0.0)
            top = pool[np.argsort(-total, kind="stable")[:10]]
            scores.append(score_query([chunks[i].text for i in top], f))
        m = aggregate(scores)
        return {"hits@10": m.hits10, "mrr@10": m.mrr10, "map@10": m.map10, "hits@4": m.hits4}

    results = []
    for name, setting in (("dense only", (0.0, 0, 0, 0)), ("bm25 only", (1.0, 0, 0, 0))):
        print(json.dumps({"setting": name, **{k: round(v, 4) for k, v in run(*setting).items()}}), flush=True)
    grid = itertools.product(
        *(
            [float(x) for x in v.split(",")]
            for v in (args.weights, args.source_boosts, args.date_boosts, args.clause_weights)
        )
    )
    for w, sb, db, cw in grid:
        row = {"w": w, "source_boost": sb, "date_boost": db, "clause_weight": cw}
        row.update({k: round(v, 4) for k, v in run(w, sb, db, cw).items()})
        results.append(row)
        print(json.dumps(row), flush=True)
    if results:
        print("best:", json.dumps(max(results, key=lambda r: (r["map@10"], r["mrr@10"]))))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
