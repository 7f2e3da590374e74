"""Memory of ``ragqa serve`` with one process and with ``--workers N``: what each worker process costs.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/workers_memory.py [--index DIR] [--workers 2] [--requests 40]

Builds an index of the default corpus (``corpus/``) unless --index is given, starts a real ``ragqa serve`` on a
free loopback port (first alone, then with ``--workers N``), waits for /ready, sends --requests ``POST /ask`` (each
on a new connection, so the workers share them), then prints RSS, USS (memory only this process holds) and PSS
(shared pages split between the processes that map them) of the server process, or of the supervisor and each
worker (psutil; Linux).
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import psutil

ROOT = Path(__file__).resolve().parent.parent
MiB = 1 << 20


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src"), "HF_HUB_OFFLINE": "1", "RAGQA_LLM_BASE_URL": ""}


def measure(index: Path, workers: int, requests: int) -> list[tuple[str, int, float, float, float]]:
    """(role, pid, RSS, USS, PSS in MiB) of every process of one ``ragqa serve``."""
    port = free_port()
    args = [sys.executable, "-m", "ragqa.cli", "serve", "--index", str(index), "--port", str(port)]
    args += ["--log-level", "warning"] + (["--workers", str(workers)] if workers > 1 else [])
    proc = subprocess.Popen(args, env=env(), cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                if httpx.get(f"{base}/ready", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise SystemExit(f"ragqa serve did not get ready (exit code {proc.poll()})")
            time.sleep(0.3)
        time.sleep(2)  # every worker up, not only the first
        questions = ["Who is Zamir Kabulov?", "Which GRU unit offered the bounties?", "Why does Moscow want peace?"]
        for n in range(requests):
            r = httpx.post(f"{base}/ask", json={"question": questions[n % 3] + f" ({n})"}, timeout=60)
            r.raise_for_status()
        server = psutil.Process(proc.pid)
        processes = [("server" if workers == 1 else "supervisor", server)]
        processes += [
            ("worker", p) for p in server.children() if "spawn_main" in " ".join(p.cmdline())
        ]  # not the resource tracker
        rows = []
        for role, p in processes:
            m = p.memory_full_info()
            rows.append((role, p.pid, m.rss / MiB, m.uss / MiB, m.pss / MiB))
        return rows
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, help="an index folder; default: one of corpus/ built in a temp folder")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--requests", type=int, default=40)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ragqa-mem-") as tmp:
        index = options.index
        if index is None:
            index = Path(tmp) / "index"
            build = [sys.executable, "-m", "ragqa.cli", "index", "--corpus", str(ROOT / "corpus")]
            subprocess.run([*build, "--index", str(index)], env=env(), cwd=ROOT, check=True, capture_output=True)
        print("| processes | role | RSS MiB | USS MiB | PSS MiB |")
        print("|---|---|---|---|---|")
        for workers in (1, options.workers):
            rows = measure(index, workers, options.requests)
            for role, _, rss, uss, pss in rows:
                label = "`ragqa serve`" if workers == 1 else f"`ragqa serve --workers {workers}`"
                print(f"| {label} | {role} | {rss:.0f} | {uss:.0f} | {pss:.0f} |")
            total = sum(r[4] for r in rows)
            print(f"| | total PSS | | | {total:.0f} |")


if __name__ == "__main__":
    main()
