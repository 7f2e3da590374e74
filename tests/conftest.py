"""Shared fixtures: the real model (loaded once), a real index of the default corpus, a real server."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def embedder():
    """The real model on torch (sentence-transformers), loaded once per session."""
    from ragqa.embedding.encoder import load_encoder

    return load_encoder()


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory, embedder) -> Path:
    """An index of the default corpus, built once per session with the real model and FAISS."""
    from ragqa.index.build import build_index

    path = tmp_path_factory.mktemp("index")
    build_index(CORPUS, path, embedder)
    return path


@pytest.fixture(scope="session")
def settings(index_dir):
    from ragqa.config import Settings

    return Settings(corpus_dir=CORPUS, index_dir=index_dir)


@pytest.fixture(scope="session")
def services(settings, embedder):
    """The same ``Services`` the server builds, over the default corpus's index, with the session's model."""
    from ragqa.services import Services

    return Services.build(settings, embedder)


def ask(services, question: str, top_k: int | None = None):
    """One answer through the one answer pipeline (what ``/ask`` and ``ragqa ask`` do)."""
    import asyncio

    return asyncio.run(services.pipeline.answer(question, top_k, history=[]))


def holder_for(index: Path, embedder):
    """An ``IndexHolder`` of ``index`` serving ``Retriever`` objects with ``embedder``, as ``Services`` builds it."""
    from ragqa.index.holder import IndexHolder
    from ragqa.retrieval.retriever import Retriever

    return IndexHolder(index, embedder.name, embedder.dimension, lambda loaded: Retriever(loaded, embedder))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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


def start_server(index_dir: Path, extra_env: dict | None = None, args: list[str] | None = None):
    """Start ``ragqa serve`` (uvicorn) on a free loopback port; returns (process, base URL)."""
    port = free_port()
    env = {**os.environ, "RAGQA_RELOAD_INTERVAL_S": "0.2", **(extra_env or {})}
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
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
            "warning",
            *(args or []),
        ],
        env=env,
        cwd=ROOT,
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


@pytest.fixture(scope="session")
def server(index_dir) -> Iterator[str]:
    """Base URL of a real ``ragqa serve`` over the default corpus's index."""
    proc, base = start_server(index_dir)
    yield base
    stop_server(proc)


@pytest.fixture
def corpus_copy(tmp_path) -> Path:
    dest = tmp_path / "corpus"
    shutil.copytree(CORPUS, dest)
    return dest


WIDGET_ADMIN_TOKEN = "widget-test-admin-token"


@pytest.fixture(scope="session")
def widget_server(index_dir, tmp_path_factory) -> Iterator[dict]:
    """A real ``ragqa serve`` for the widget: admin token, one allowed CORS origin, its own feedback file."""
    feedback_db = tmp_path_factory.mktemp("feedback") / "feedback.sqlite"
    embed_port = free_port()  # a loopback port where a test can serve an embedding site's page
    origin = f"http://127.0.0.1:{embed_port}"
    proc, base = start_server(
        index_dir,
        {
            "RAGQA_ADMIN_TOKEN": WIDGET_ADMIN_TOKEN,
            "RAGQA_CORS_ORIGINS": f"https://news.example,{origin}",
            "RAGQA_FEEDBACK_DB": str(feedback_db),
        },
    )
    yield {
        "base": base,
        "admin_token": WIDGET_ADMIN_TOKEN,
        "origin": origin,
        "embed_port": embed_port,
        "feedback_db": feedback_db,
    }
    stop_server(proc)


CHROMIUM = Path(os.environ.get("RAGQA_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright launches Debian's Chromium (``apt-get install chromium``), never a downloaded browser."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} not found: install it with `apt-get install -y chromium` or set RAGQA_CHROMIUM")
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_FLAGS}
