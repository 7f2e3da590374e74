"""A server for the ``/documents`` tests: the tiny app with an admin token, and waiting for a build job."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

from helpers.fake_encoder import FakeEncoder
from helpers.servers import serve_app
from helpers.tiny_app import tiny_settings
from ragqa.api.app import create_app
from ragqa.services import Services

TOKEN = "documents-test-admin-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@contextlib.contextmanager
def documents_server(root: Path, **overrides: Any) -> Iterator[httpx.Client]:
    """The tiny app (fake encoder for queries and for builds) with an admin token; a client with that token."""
    settings = tiny_settings(root, admin_token=TOKEN, reload_interval_s=0.2, **overrides)
    services = Services.build(settings, FakeEncoder(), index_encoder=FakeEncoder())
    with serve_app(create_app(services=services)) as base, httpx.Client(base_url=base, headers=AUTH, timeout=30) as c:
        yield c


def wait_job(client: httpx.Client, job_id: str, timeout: float = 30.0) -> dict:
    """The build job once it succeeded (fails the test when it failed or ran past ``timeout``)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/admin/jobs/{job_id}").json()
        if job["status"] in ("succeeded", "failed"):
            assert job["status"] == "succeeded", job
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish within {timeout} s")
