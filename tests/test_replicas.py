"""Replicas: two real ``ragqa serve`` processes on one shared index folder with a real ``ragqa index --watch``
indexer beside them, and ``ragqa serve --workers 2``.

The replicas must swap to each version the indexer publishes within one reload interval (plus the time a load
takes) of each other, and a conversation started on one must continue on the other (the shared SQLite store).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import psutil
import pytest
from helpers import CORPUS, ROOT
from helpers.servers import ragqa_env, start_server, stop_server

RELOAD_INTERVAL_S = 0.5
TOKEN = "replicas-admin-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
WORDS = ["heliotrope", "marigold"]


def write_marker(corpus: Path, word: str) -> None:
    (corpus / "marker.md").write_text(f"# Replica marker\n\nThe code word of the replica test is {word}.\n")


def built_lines(log: Path) -> list[str]:
    return [line for line in log.read_text(errors="replace").splitlines() if line.startswith(("published", "index "))]


def wait_built(log: Path, count: int, timeout: float = 120.0) -> list[str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(found := built_lines(log)) >= count:
            return found
        time.sleep(0.05)
    raise AssertionError(f"expected {count} build lines from the indexer, got: {log.read_text()[-3000:]}")


def stored_turns(index: Path, conversation_id: str) -> list[dict]:
    """The turns the shared conversation database (default place: in the index folder) holds."""
    with sqlite3.connect(index / "conversations.sqlite") as db:
        (turns,) = db.execute("SELECT turns FROM conversations WHERE id = ?", (conversation_id,)).fetchone()
    return json.loads(turns)


def worker_processes(pid: int) -> list[psutil.Process]:
    """The uvicorn workers of a ``serve --workers`` supervisor (not multiprocessing's resource tracker)."""
    return [p for p in psutil.Process(pid).children() if "spawn_main" in " ".join(p.cmdline())]


@pytest.fixture
def cluster(tmp_path, index_dir) -> Iterator[tuple[list[str], Path, Path, Path]]:
    """Two replicas and a watching indexer over one index folder: (replica URLs, corpus, index, indexer log)."""
    corpus, index, log = tmp_path / "corpus", tmp_path / "index", tmp_path / "indexer.log"
    shutil.copytree(CORPUS, corpus)
    shutil.copytree(index_dir, index)
    env = {
        "RAGQA_RELOAD_INTERVAL_S": str(RELOAD_INTERVAL_S),
        "RAGQA_TORCH_THREADS": "1",
        "RAGQA_LLM_BASE_URL": "",
        "RAGQA_ADMIN_TOKEN": TOKEN,
    }
    replicas = [start_server(index, env) for _ in range(2)]
    indexer_env = ragqa_env({"RAGQA_TORCH_THREADS": "1", "RAGQA_WATCH_SETTLE_MS": "300"})
    with log.open("w") as out:
        indexer = subprocess.Popen(
            [sys.executable, "-m", "ragqa.cli", "index", "--watch", "--corpus", str(corpus), "--index", str(index)],
            env=indexer_env,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )
    try:
        assert "is up to date" in wait_built(log, 1)[0]  # the copied index matches the copied corpus
        yield [base for _, base in replicas], corpus, index, log
    finally:
        indexer.send_signal(signal.SIGTERM)
        try:
            indexer.wait(30)
        except subprocess.TimeoutExpired:
            indexer.kill()
        for proc, _ in replicas:
            stop_server(proc)


def test_replicas_swap_together_and_share_conversations(cluster):
    bases, corpus, index, log = cluster
    clients = [httpx.Client(base_url=base, timeout=30) for base in bases]
    try:
        first = {c.get("/ready").json()["index_version"] for c in clients}
        assert len(first) == 1, "both replicas start on the published version"
        old = first.pop()

        for n, word in enumerate(WORDS, start=2):
            write_marker(corpus, word)
            seen: dict[int, tuple[str, float]] = {}  # replica -> (new version, when first seen)
            deadline = time.monotonic() + 120
            while len(seen) < 2:
                assert time.monotonic() < deadline, (
                    f"replicas on {seen} after 120 s; indexer: {log.read_text()[-2000:]}"
                )
                for i, client in enumerate(clients):
                    version = client.get("/ready").json()["index_version"]
                    if i not in seen and version != old:
                        seen[i] = (version, time.monotonic())
                time.sleep(0.02)
            published = wait_built(log, n)[-1]
            new = seen[0][0]
            assert seen[1][0] == new and new in published, (seen, published)
            loads = [c.get("/admin/index", headers=AUTH).json()["loaded_in_s"] for c in clients]
            apart = abs(seen[0][1] - seen[1][1])
            print(f"version {new}: replicas {apart:.3f} s apart, loads took {loads} s")  # shown with -s
            # each replica looks every RELOAD_INTERVAL_S and then loads the version; 0.3 s for polling /ready
            assert apart <= RELOAD_INTERVAL_S + max(loads) + 0.3, (apart, loads)
            for client in clients:  # both answer from the new content
                hit = client.post("/search", json={"query": "What is the code word of the replica test?", "top_k": 1})
                assert hit.json()["index_version"] == new and word in hit.json()["results"][0]["text"]
            old = new

        # a conversation moves between replicas as a load balancer would move its requests
        a, b = clients
        started = a.post("/ask", json={"question": "Which GRU unit offered the bounties?"}).json()
        cid = started["conversation_id"]
        follow_up = b.post("/ask", json={"question": "Who is its commander?", "conversation_id": cid})
        assert follow_up.status_code == 200, follow_up.text
        assert follow_up.json()["conversation_id"] == cid, "replica B continued the conversation begun on A"
        assert "Averyanov" in follow_up.json()["answer"]
        third = a.post("/ask", json={"question": "What medal did he get?", "conversation_id": cid}).json()
        assert third["conversation_id"] == cid
    finally:
        for client in clients:
            client.close()
    turns = stored_turns(index, cid)
    assert len(turns) == 3
    assert turns[1]["query"] == "Who is its commander? (Which GRU unit offered the bounties?)", "B used A's turn"


def test_serve_with_two_workers_answers_and_keeps_conversations(tmp_path, index_dir):
    index = tmp_path / "index"
    shutil.copytree(index_dir, index)
    proc, base = start_server(index, {"RAGQA_LLM_BASE_URL": "", "RAGQA_TORCH_THREADS": "1"}, ["--workers", "2"])
    try:
        deadline = time.monotonic() + 60
        while len(workers := worker_processes(proc.pid)) < 2:
            assert time.monotonic() < deadline, "two worker processes"
            time.sleep(0.2)
        assert all(w.is_running() for w in workers)
        cid = None
        for question in ("Which GRU unit offered the bounties?", "Who is its commander?", "What medal did he get?") * 2:
            # a new connection each time: the kernel hands it to either worker
            r = httpx.post(f"{base}/ask", json={"question": question, "conversation_id": cid}, timeout=60)
            assert r.status_code == 200, r.text
            assert cid is None or r.json()["conversation_id"] == cid
            cid = r.json()["conversation_id"]
        assert len(stored_turns(index, cid)) == 6
    finally:
        stop_server(proc)
    assert proc.returncode == 0 or proc.returncode == -signal.SIGTERM
    assert not any(w.is_running() for w in workers), "the workers stop with the supervisor"
    assert os.path.exists(index / "conversations.sqlite")
