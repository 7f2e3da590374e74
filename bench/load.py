"""Bounded load on ``POST /ask`` (extractive) over the MultiHop-RAG index, on loopback.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/load.py [--duration 30] [--concurrency 1,8,32] [--backend torch]

Starts ``ragqa serve`` on a free loopback port over the cached MultiHop-RAG index (bench/multihop.py), then for
each concurrency level runs that many httpx async workers for --duration seconds, each sending dev questions
(a global cursor, so no question repeats until all 2,044 were sent and the query cache does not flatter the
figures). Reports requests/s, p50/p95/p99 latency, errors and the server's peak RSS (sampled every 100 ms with
psutil), then a bare query encode of the same questions in this process for the p50 ratio. The client runs on
the same two cores as the server, so absolute figures are pessimistic.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import multihop
import psutil

ROOT = multihop.ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(q * (len(ordered) - 1)))))] if ordered else float("nan")


class RssSampler(threading.Thread):
    """Peak resident memory of a process (and its children) while running."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.process = psutil.Process(pid)
        self.peak = 0
        self.stopped = threading.Event()

    def current(self) -> int:
        try:
            procs = [self.process, *self.process.children(recursive=True)]
            return sum(p.memory_info().rss for p in procs)
        except psutil.Error:
            return 0

    def run(self) -> None:
        while not self.stopped.wait(0.1):
            self.peak = max(self.peak, self.current())

    def reset(self) -> None:
        self.peak = self.current()


async def run_level(base: str, concurrency: int, duration: float, questions) -> dict:
    latencies: list[float] = []
    errors: dict[str, int] = {}
    deadline = time.perf_counter() + duration
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:

        async def worker() -> None:
            while time.perf_counter() < deadline:
                question = next(questions)
                t = time.perf_counter()
                try:
                    response = await client.post("/ask", json={"question": question})
                    ok = response.status_code == 200 and response.json()["mode"] == "extractive"
                    key = "ok" if ok else f"http_{response.status_code}"
                except httpx.HTTPError as exc:
                    key = type(exc).__name__
                if key == "ok":
                    latencies.append((time.perf_counter() - t) * 1000)
                else:
                    errors[key] = errors.get(key, 0) + 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return {
        "concurrency": concurrency,
        "seconds": round(elapsed, 1),
        "requests": len(latencies),
        "req_per_s": round(len(latencies) / elapsed, 2),
        "p50_ms": round(percentile(latencies, 0.50), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "p99_ms": round(percentile(latencies, 0.99), 1),
        "errors": sum(errors.values()),
        "error_kinds": errors,
    }


def bare_encode_ms(questions: list[str], backend: str) -> float:
    """Median single-question encode with a bare encoder of the given backend, in this process."""
    from ragqa.embedding import Embedder

    embedder = Embedder(backend=backend)
    embedder.encode(["warm-up"])
    times = []
    for q in questions:
        t = time.perf_counter()
        embedder.encode([q])
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, help="index folder (default: the cached MultiHop-RAG index)")
    parser.add_argument("--concurrency", default="1,8,32")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds per concurrency level")
    parser.add_argument("--backend", default=os.environ.get("RAGQA_EMBEDDING_BACKEND", "torch"))
    parser.add_argument("--threads", type=int, default=0, help="RAGQA_TORCH_THREADS for the server (0 = default)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    index_dir = args.index or multihop.multihop_index()
    questions_all = [q["query"] for q in multihop.load_queries(with_evidence=False)]
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "HF_HUB_OFFLINE": "1",
        "RAGQA_EMBEDDING_BACKEND": args.backend,
        "RAGQA_TORCH_THREADS": str(args.threads),
    }
    t = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "ragqa.cli", "serve", "--index", str(index_dir), "--port", str(port)]
        + ["--host", "127.0.0.1", "--log-level", "warning"],
        env=env,
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    sampler = RssSampler(server.pid)
    sampler.start()
    try:
        while True:
            if server.poll() is not None:
                raise SystemExit(f"server exited with {server.returncode}")
            try:
                ready = httpx.get(f"{base}/ready", timeout=2)
                if ready.status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        startup_s = time.perf_counter() - t
        info = ready.json()
        httpx.post(f"{base}/ask", json={"question": "warm-up question"}, timeout=60)
        idle_rss = sampler.current()
        print(
            f"server ready in {startup_s:.1f} s: index {info['index_version']} ({info['chunk_count']} chunks), "
            f"backend {args.backend}, RSS {idle_rss / 2**20:.0f} MiB",
            flush=True,
        )
        cursor = itertools.cycle(questions_all)
        levels = []
        for concurrency in [int(c) for c in args.concurrency.split(",")]:
            sampler.reset()
            level = asyncio.run(run_level(base, concurrency, args.duration, cursor))
            level["peak_rss_mib"] = round(sampler.peak / 2**20)
            levels.append(level)
            print(
                f"c={concurrency:>2}: {level['requests']} requests in {level['seconds']} s = "
                f"{level['req_per_s']} req/s, "
                f"p50 {level['p50_ms']} ms, p95 {level['p95_ms']} ms, p99 {level['p99_ms']} ms, "
                f"errors {level['errors']}, peak RSS {level['peak_rss_mib']} MiB",
                flush=True,
            )
        peak_rss = max(sampler.peak, *(lv["peak_rss_mib"] * 2**20 for lv in levels))
    finally:
        sampler.stopped.set()
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
    sent = sum(lv["requests"] + lv["errors"] for lv in levels)
    bare = bare_encode_ms(questions_all[:100], "torch")
    report = {
        "index": str(index_dir),
        "chunks": info["chunk_count"],
        "backend": args.backend,
        "server_threads": args.threads,
        "startup_s": round(startup_s, 1),
        "idle_rss_mib": round(idle_rss / 2**20),
        "peak_rss_mib": round(peak_rss / 2**20),
        "questions_sent": sent,
        "questions_repeated": max(0, sent - len(questions_all)),
        "levels": levels,
        "bare_torch_query_encode_ms": round(bare, 2),
        "c1_p50_over_bare_torch_encode": round(levels[0]["p50_ms"] / bare, 2) if levels else None,
    }
    print(
        f"bare torch query encode (this process, same questions) {bare:.1f} ms; /ask p50 at c=1 is "
        f"{report['c1_p50_over_bare_torch_encode']}x that; peak server RSS {report['peak_rss_mib']} MiB"
    )
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
