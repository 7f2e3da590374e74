"""Real servers on free loopback ports: ``ragqa serve`` as a subprocess, or an app built in this process.

``start_server`` runs the real command (its own process, its own model load); ``serve_app`` runs uvicorn in a
thread over an app built here, so the apps of several configurations (each LLM setting needs its own app) share
the session's already loaded services instead of loading the model again per ``ragqa serve``.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

import httpx
import uvicorn

from helpers import ROOT

if TYPE_CHECKING:
    from ragqa.embedding.encoder import Encoder


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ragqa_env(extra_env: dict | None = None) -> dict[str, str]:
    """The environment of a ``python -m ragqa.cli`` child: this one, plus ``extra_env``, with ``src`` importable."""
    env = {**os.environ, **(extra_env or {})}
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    return env


def wait_ready(base_url: str, proc: subprocess.Popen, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with code {proc.returncode}")
        try:
            if httpx.get(f"{base_url}/ready", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"{base_url} not ready after {timeout} s")


def start_server(
    index_dir: Path,
    extra_env: dict | None = None,
    args: list[str] | None = None,
    *,
    log_level: str = "warning",
    stderr: IO | None = None,
    drop_env: tuple[str, ...] = (),
):
    """Start ``ragqa serve`` (uvicorn) on a free loopback port; returns (process, base URL).

    ``stderr``: a file for the server's log lines (at ``log_level``); ``drop_env``: variables of this process the
    server must not inherit (``FORWARDED_ALLOW_IPS``, say).
    """
    port = free_port()
    env = ragqa_env({"RAGQA_RELOAD_INTERVAL_S": "0.2", **(extra_env or {})})
    for name in drop_env:
        env.pop(name, None)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ragqa.cli",
            "serve",
            "--index",
            str(index_dir),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            log_level,
            *(args or []),
        ],
        env=env,
        cwd=ROOT,
        stderr=stderr,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base, proc)
    except Exception:
        proc.kill()
        raise
    return proc, base


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextlib.contextmanager
def serve_app(app, timeout: float = 30.0) -> Iterator[str]:
    """Serve ``app`` with uvicorn on 127.0.0.1 in a thread; yields the base URL, stops the server on exit."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError(f"uvicorn did not start on {base}")
        time.sleep(0.05)
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def wait_for_version(client, version: str, timeout: float = 30.0) -> None:
    """Poll ``/ready`` until the server serves ``version`` (a publish or rollback is picked up by polling)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if client.get("/ready").json().get("index_version") == version:
            return
        time.sleep(0.05)
    raise AssertionError(f"server did not switch to {version} within {timeout} s")


def ask(server: str, question: str) -> dict:
    """``POST /ask`` with one question on a real server; the answer's JSON (a non-200 fails the test)."""
    response = httpx.post(f"{server}/ask", json={"question": question}, timeout=60)
    assert response.status_code == 200, response.text
    return response.json()


def answered_with_fact(server: str, question: dict) -> dict:
    """``POST /ask`` with a question of a hand-written set (``bench/data/questions-*.json``), asserting it is
    answered and a gold string is inside the answer; the answer's JSON."""
    from ragqa.eval.metrics import answer_contains

    body = ask(server, question["question"])
    assert not body["abstained"], body["answer"]
    assert answer_contains(body["answer"], question["answers"]), (question["answers"], body["answer"])
    return body


@contextlib.contextmanager
def corpus_server(folder: Path, index: Path, encoder: Encoder) -> Iterator[str]:
    """A real ``ragqa serve`` over the corpus ``folder``, built into ``index`` with ``encoder``; its base URL."""
    from ragqa.index.build import build_index

    build_index(folder, index, encoder)
    proc, base = start_server(index)
    try:
        yield base
    finally:
        stop_server(proc)
