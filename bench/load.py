"""Bounded load on ``POST /ask`` (extractive) over the MultiHop-RAG index, on loopback.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/load.py [--duration 30] [--concurrency 1,8,32] [--backend torch]

Starts ``ragqa serve`` on a free loopback port over the cached MultiHop-RAG index (bench/multihop.py), then for
each concurrency level runs that many httpx async workers for --duration seconds, each sending dev questions (a
global cursor; the server runs with its query cache off, ``RAGQA_QUERY_CACHE_SIZE=0``, so questions that recur
within a run are encoded again and the cache does not flatter the figures). Reports requests/s, p50/p95/p99
latency, errors and the server's peak RSS (sampled every 100 ms with psutil), then /ask and a bare torch query
encode alternated question by question for the p50 ratio (questions kept out of the load). The client runs on
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


def paired_ms(base: str, questions: list[str]) -> tuple[float, float]:
    """Median /ask (c=1) and median bare torch encode of the same questions, alternated one by one.

    Alternating puts both under the same moment's machine load, so their ratio holds on a shared machine.
    The bare encode takes the faster of torch's default threads and one thread for each question, so the
    baseline is torch at its best on this machine, not a contended two-thread run.
    """
    import torch

    from ragqa.embedding.encoder import load_encoder

    embedder = load_encoder(backend="torch")
    embedder.encode(["warm-up"])
    default_threads = torch.get_num_threads()
    ask, bare = [], []
    with httpx.Client(base_url=base, timeout=60) as client:
        for q in questions:
            times = []
            for threads in (default_threads, 1):
                torch.set_num_threads(threads)
                t = time.perf_counter()
                embedder.encode([q])
                times.append((time.perf_counter() - t) * 1000)
            torch.set_num_threads(default_threads)
            bare.append(min(times))
            t = time.perf_counter()
            client.post("/ask", json={"question": q}).raise_for_status()  # never sent before
            ask.append((time.perf_counter() - t) * 1000)
    return statistics.median(ask), statistics.median(bare)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, help="index folder (default: the cached MultiHop-RAG index)")
    parser.add_argument("--concurrency", default="1,8,32")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds per concurrency level")
    parser.add_argument("--backend", default=os.environ.get("RAGQA_EMBEDDING_BACKEND", "onnx-int8"))
    parser.add_argument("--threads", type=int, default=0, help="RAGQA_TORCH_THREADS for the server (0 = default)")
    parser.add_argument("--paired", type=int, default=40, help="questions for the /ask vs bare encode pairing")
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
        "RAGQA_QUERY_CACHE_SIZE": "0",  # 2,044 dev questions recur within a run: every request encodes
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
        # the last --paired questions are kept out of the load, so the pairing never hits the query cache
        cursor = itertools.cycle(questions_all[: -args.paired] if args.paired else questions_all)
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
        ask_p50, bare = paired_ms(base, questions_all[-args.paired :])
    finally:
        sampler.stopped.set()
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
    sent = sum(lv["requests"] + lv["errors"] for lv in levels)
    report = {
        "index": str(index_dir),
        "chunks": info["chunk_count"],
        "backend": args.backend,
        "server_threads": args.threads,
        "startup_s": round(startup_s, 1),
        "idle_rss_mib": round(idle_rss / 2**20),
        "peak_rss_mib": round(peak_rss / 2**20),
        "questions_sent": sent,
        "questions_repeated": max(0, sent - len(questions_all) + args.paired),
        "levels": levels,
        "paired_questions": args.paired,
        "paired_ask_p50_ms": round(ask_p50, 2),
        "paired_bare_torch_encode_p50_ms": round(bare, 2),
        "ask_p50_over_bare_torch_encode": round(ask_p50 / bare, 2),
    }
    print(
        f"paired, one by one: /ask p50 {ask_p50:.1f} ms vs bare torch query encode p50 {bare:.1f} ms = "
        f"{report['ask_p50_over_bare_torch_encode']}x; peak server RSS {report['peak_rss_mib']} MiB"
    )
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
