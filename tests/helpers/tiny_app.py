"""A real app over the tiny corpus with the fake encoder (no model), served by uvicorn on loopback, and clients
that connect from a loopback address of their own (``127.0.0.2``, ...), so per-address limits can be tested
without trusting any forwarding header."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

from helpers.fake_encoder import FakeEncoder
from helpers.servers import serve_app
from helpers.tiny_corpus import write_tiny_corpus
from ragqa.api.app import create_app
from ragqa.config import Settings
from ragqa.index.build import build_index


def tiny_settings(root: Path, **overrides: Any) -> Settings:
    """Settings over an index of the tiny corpus in ``root`` (built on first use), feedback in ``root``."""
    index = root / "index"
    if not index.exists():
        build_index(write_tiny_corpus(root / "corpus"), index, FakeEncoder())
    return Settings(index_dir=index, corpus_dir=root / "corpus", feedback_db=root / "feedback.sqlite", **overrides)


@contextlib.contextmanager
def serve_tiny_app(root: Path, **overrides: Any) -> Iterator[str]:
    """Serve the tiny app with ``overrides`` (Settings fields); yields the base URL."""
    with serve_app(create_app(tiny_settings(root, **overrides), encoder=FakeEncoder())) as base:
        yield base


def client_from(base: str, address: str) -> httpx.Client:
    """An httpx client whose connections come from ``address`` (any of 127.0.0.0/8 on Linux)."""
    return httpx.Client(base_url=base, timeout=30, transport=httpx.HTTPTransport(local_address=address))
