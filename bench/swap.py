"""The pause clients see when a running server swaps to a newly published index version.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/swap.py [--seed-index DIR] [--swaps 6] [--builds 2]

Serves a copy of the MultiHop-RAG index with a real ``ragqa serve`` on loopback, hammers ``POST /search`` from
--clients threads (every question made unique, so each request really encodes it), and meanwhile:

1. publishes --swaps prebuilt versions (one article changed in each, built beforehand by the incremental
   indexer into a staging folder), a few seconds apart: the pure cost of the swap, and
2. runs --builds real ``ragqa index`` processes on the served folder after changing one article: the swap
   plus an incremental build competing for the same cores, as in production with ``--watch``.

It prints request counts, failures, and latency (p50/p99/max) in the 3 s after each publication against the
steady state measured in the same run, plus how long each new version took to reach clients.

The seed index (default ``~/.cache/ragqa/index-multihop-<fingerprint>``, shared by all benchmarks) is built
once if missing: about 25 minutes on two busy cores; ``bench/build.py`` leaves an equivalent one.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from multihop import BuildProgress  # noqa: E402

from ragqa.config import Settings  # noqa: E402
from ragqa.embedding.encoder import load_encoder  # noqa: E402
from ragqa.index.build import LazyEncoder, build_index, corpus_fingerprint  # noqa: E402
from ragqa.index.store import VERSIONS, live_version, publish, read_manifest  # noqa: E402
from ragqa.ingest.corpus import read_corpus  # noqa: E402

SHARED = ROOT.parent / "shared" / "bench" / "multihop-rag"
WINDOW_S = 3.0
ADMIN_TOKEN = "bench-swap"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] if ordered else float("nan")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def change_article(corpus_file: Path, line_no: int, stamp: str) -> str:
    lines = corpus_file.read_text().splitlines()
    record = json.loads(lines[line_no])
    record["text"] += f"\n\nEditor's note {stamp}: this article was updated after publication."
    lines[line_no] = json.dumps(record)
    corpus_file.write_text("\n".join(lines) + "\n")
    return record["id"]


def seed_index(corpus_dir: Path, settings: Settings, embedder: LazyEncoder, explicit: Path | None) -> Path:
    """A cached full index of the corpus, keyed by its fingerprint (built once if missing)."""
    if explicit is not None:
        return explicit
    documents, _ = read_corpus(corpus_dir)
    fingerprint = corpus_fingerprint(
        documents, settings.embedding_model, settings.chunk_max_tokens, settings.chunk_overlap_sentences
    )
    path = Path.home() / ".cache" / "ragqa" / f"index-multihop-{fingerprint[:16]}"
    if live_version(path) is None:
        print(f"building the seed index in {path} (once; ~25 min on two busy cores)", flush=True)
        build_index(corpus_dir, path, embedder, progress=BuildProgress())
    return path


def copy_live(src: Path, dest: Path) -> None:
    version = live_version(src)
    assert version is not None, f"no index in {src}"
    shutil.copytree(src / VERSIONS / version, dest / VERSIONS / version)
    publish(dest, version)


class Hammer:
    """Client threads sending unique /search requests back to back, recording every outcome."""

    def __init__(self, base: str, questions: list[str], clients: int) -> None:
        self.base, self.questions = base, questions
        self.records: list[tuple[float, float, str | None]] = []  # (sent, received, version or None on failure)
        self.failures: list[str] = []
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run, args=(i,), daemon=True) for i in range(clients)]
        self._counter = 0
        self._lock = threading.Lock()

    def _next(self) -> str:
        with self._lock:
            self._counter += 1
            n = self._counter
        return f"{self.questions[n % len(self.questions)]} (request {n})"

    def _run(self, _: int) -> None:
        with httpx.Client(base_url=self.base, timeout=60) as client:
            while not self._stop.is_set():
                sent = time.monotonic()
                try:
                    r = client.post("/search", json={"query": self._next(), "top_k": 5})
                    ok = r.status_code == 200
                    version = r.json().get("index_version") if ok else None
                    if not ok:
                        self.failures.append(f"{r.status_code}: {r.text[:200]}")
                except httpx.HTTPError as exc:
                    version = None
                    self.failures.append(repr(exc))
                self.records.append((sent, time.monotonic(), version))

    def start(self) -> None:
        for t in self._threads:
            t.start()

    def stop(self) -> None:
        self._stop.set()
        for t in self._threads:
            t.join(120)


def first_seen(records: list[tuple[float, float, str | None]], version: str, after: float) -> float | None:
    times = [received for sent, received, v in records if v == version and received >= after]
    return min(times) if times else None


def latencies(records, start: float, end: float) -> list[float]:
    return [(received - sent) * 1000 for sent, received, v in records if start <= sent < end and v is not None]


def summarize(name: str, values: list[float]) -> dict:
    return {
        f"{name}_requests": len(values),
        f"{name}_p50_ms": round(percentile(values, 0.5), 1),
        f"{name}_p99_ms": round(percentile(values, 0.99), 1),
        f"{name}_max_ms": round(max(values), 1) if values else float("nan"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus.jsonl")
    parser.add_argument("--queries", type=Path, default=SHARED / "queries-dev.json")
    parser.add_argument("--seed-index", type=Path, help="an index of --corpus (default: cached by fingerprint)")
    parser.add_argument("--work", type=Path, default=Path.home() / ".cache" / "ragqa" / "bench-swap")
    parser.add_argument("--swaps", type=int, default=6, help="prebuilt versions published while serving")
    parser.add_argument("--builds", type=int, default=2, help="real `ragqa index` runs while serving")
    parser.add_argument("--clients", type=int, default=2)
    parser.add_argument("--gap", type=float, default=5.0, help="seconds between publications")
    parser.add_argument("--steady", type=float, default=20.0, help="seconds of steady state measured first")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    settings = Settings()
    embedder = LazyEncoder(
        settings.embedding_model,
        lambda: load_encoder(settings.embedding_model, settings.embedding_batch_size, settings.torch_threads),
    )
    shutil.rmtree(args.work, ignore_errors=True)
    corpus_dir, staging, served = args.work / "corpus", args.work / "staging", args.work / "index"
    corpus_dir.mkdir(parents=True)
    corpus_file = corpus_dir / args.corpus.name
    shutil.copy(args.corpus, corpus_file)
    seed = seed_index(corpus_dir, settings, embedder, args.seed_index)
    copy_live(seed, staging)
    copy_live(seed, served)

    # Prebuilt versions: one article changed in each, built incrementally in the staging folder.
    prebuilt = []
    for i in range(args.swaps):
        change_article(corpus_file, 50 + i, f"swap {i}")
        report = build_index(corpus_dir, staging, embedder, keep_versions=args.swaps + 2)
        shutil.copytree(staging / VERSIONS / report.version, served / VERSIONS / report.version)
        prebuilt.append(report.version)
    print(f"prebuilt {len(prebuilt)} versions; last incremental build {report.seconds:.2f} s", flush=True)

    questions = [q["query"] for q in json.loads(args.queries.read_text())[:300]]
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "HF_HUB_OFFLINE": "1",
        "RAGQA_RELOAD_INTERVAL_S": "0.2",
        "RAGQA_TORCH_THREADS": "1",
        "RAGQA_ADMIN_TOKEN": ADMIN_TOKEN,
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "ragqa.cli", "serve", "--index", str(served), "--port", str(port)]
        + ["--log-level", "warning"],
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/ready", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        hammer = Hammer(base, questions, args.clients)
        hammer.start()
        time.sleep(args.gap)  # warm-up, not measured
        events: list[tuple[str, float, str]] = []  # (kind, publish time, version)
        steady_start = time.monotonic()
        time.sleep(args.steady)
        steady_end = time.monotonic()
        load_seconds: list[float] = []
        for version in prebuilt:
            t = time.monotonic()
            publish(served, version)
            events.append(("publish", t, version))
            time.sleep(args.gap)
            info = httpx.get(f"{base}/admin/index", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}).json()
            if info.get("index_version") == version:
                load_seconds.append(info["loaded_in_s"])
        for i in range(args.builds):
            change_article(corpus_file, 400 + i, f"build {i}")
            before = live_version(served)
            subprocess.run(
                [sys.executable, "-m", "ragqa.cli", "index", "--corpus", str(corpus_dir), "--index", str(served)],
                env=env,
                check=True,
                capture_output=True,
            )
            t_published = served.joinpath("CURRENT").stat().st_mtime
            version = live_version(served)
            assert version != before
            # st_mtime is wall-clock: convert to the monotonic clock the records use.
            events.append(("build", time.monotonic() - (time.time() - t_published), version))
            time.sleep(args.gap)
        hammer.stop()
    finally:
        server.terminate()
        server.wait(30)

    records = hammer.records
    steady = latencies(records, steady_start, steady_end)
    figures: dict = {
        "chunks": None,
        "requests": len(records),
        "failed_requests": len(hammer.failures),
        "load_average_1min_at_end": round(os.getloadavg()[0], 1),
        **summarize("steady", steady),
    }
    figures["chunks"] = read_manifest(served, prebuilt[-1]).chunk_count
    for kind in ("publish", "build"):
        window: list[float] = []
        delays: list[float] = []
        for k, t, version in events:
            if k != kind:
                continue
            window += latencies(records, t, t + WINDOW_S)
            seen = first_seen(records, version, t)
            delays.append((seen - t) * 1000 if seen is not None else float("inf"))
        if not delays:
            continue
        figures.update(summarize(f"after_{kind}", window))
        figures[f"{kind}_count"] = len(delays)
        figures[f"{kind}_to_clients_ms_median"] = round(statistics.median(delays), 1)
        figures[f"{kind}_to_clients_ms_max"] = round(max(delays), 1)
    if load_seconds:
        figures["server_load_s_median"] = round(statistics.median(load_seconds), 3)
        figures["server_load_s_max"] = round(max(load_seconds), 3)
    # Requests that began before a swap reached clients and finished after it, on the old version.
    straddling = 0
    for _, t, version in events:
        seen = first_seen(records, version, t)
        if seen is not None:
            straddling += sum(1 for s, r, v in records if s < seen < r and v is not None and v != version)
    figures["old_version_requests_finishing_after_a_swap"] = straddling
    figures["p99_after_publish_over_steady"] = round(figures["after_publish_p99_ms"] / figures["steady_p99_ms"], 2)
    width = max(map(len, figures))
    for key, value in figures.items():
        print(f"{key:<{width}}  {value}")
    if hammer.failures:
        print("first failures:", hammer.failures[:5])
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
