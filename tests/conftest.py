"""Shared fixtures: the real model (loaded once), a real index of the default corpus, real servers; and the
``slow`` marker for every test that needs one of them.

Helpers (starting servers, asking, the fake encoder, ...) live in the ``helpers`` package beside this file.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import CORPUS
from helpers.browser import CHROMIUM, CHROMIUM_FLAGS
from helpers.servers import free_port, start_server, stop_server

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

SLOW_FIXTURES = frozenset(
    {
        "embedder",  # the real model
        "index_dir",
        "settings",
        "services",
        "server",  # a `ragqa serve` subprocess
        "widget_server",
        "page",  # a browser
        "browser",
        "llama",  # llama.cpp
    }
)
"""A test using any of these (directly or through another fixture) loads the model, a server or a browser."""

SLOW_MODULES = frozenset({"test_crash", "test_hardening", "test_hot_reload", "test_watch", "test_cli"})
"""Modules whose every test runs ``ragqa`` subprocesses (each loads the model)."""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark ``slow`` every test that loads the real model or starts a server, a browser or llama.cpp, so
    ``pytest -m "not slow"`` (``make test-fast``) runs the model-free tier only."""
    for item in items:
        module = item.module.__name__ if getattr(item, "module", None) is not None else ""
        if SLOW_FIXTURES.intersection(getattr(item, "fixturenames", ())) or module in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


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


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright launches Debian's Chromium (``apt-get install chromium``), never a downloaded browser."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} not found: install it with `apt-get install -y chromium` or set RAGQA_CHROMIUM")
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_FLAGS}
