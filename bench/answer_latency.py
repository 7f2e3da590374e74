"""Time retrieval and the answer step in process, by how many candidate sentences are encoded per question.

    PYTHONPATH=src .venv/bin/python bench/answer_latency.py --candidates 0,5,8 [--questions 200]

Uses MultiHop-RAG's cached eval index (built by ``ragqa eval multihop``) and its first dev questions; a fresh
``Services`` per setting, so the sentence cache starts cold, as for questions about passages never seen before.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from ragqa.answering import evidence  # noqa: E402
from ragqa.config import Settings  # noqa: E402
from ragqa.services import Services  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--candidates", default="0,5,8", help="sentences encoded per question, comma-separated")
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--queries", type=Path, default=ROOT.parent / "shared/bench/multihop-rag/queries-dev.json")
    args = parser.parse_args()
    indexes = sorted((Path(Settings().eval_cache_dir)).glob("multihop-*"))
    if not indexes:
        raise SystemExit("no cached MultiHop-RAG index: run `ragqa eval multihop ...` once first")
    questions = [q["query"] for q in json.loads(args.queries.read_text())][: args.questions]
    for n in (int(v) for v in args.candidates.split(",")):
        services = Services.build(Settings(index_dir=indexes[0]))
        evidence.SIMILARITY_CANDIDATES = n
        pipeline = services.pipeline
        pipeline.retrieve("warm up")
        retrieval, answer = [], []
        for question in questions:
            t0 = time.perf_counter()
            hits, _ = pipeline.retrieve(question)
            t1 = time.perf_counter()
            pipeline.extractive(question, hits)
            t2 = time.perf_counter()
            retrieval.append((t1 - t0) * 1000)
            answer.append((t2 - t1) * 1000)
        p90 = sorted(answer)[int(0.9 * len(answer))]
        print(
            f"{n} sentences encoded: retrieval p50 {statistics.median(retrieval):.1f} ms, "
            f"answer p50 {statistics.median(answer):.1f} ms, p90 {p90:.1f} ms",
            flush=True,
        )
        services.executor.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
