"""API keys, rate limits, body limits, error shape, request ids and logs, over a real `ragqa serve`.

One locked-down server (keys, a small rate limit, an LLM key that must never be logged, info-level JSON logs
written to a file) serves every test here, so the model loads once for the module.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import httpx
import pytest
from helpers import ROOT
from helpers.servers import free_port, stop_server, wait_ready

KEY_A = "test-key-alpha-7d1f"
KEY_B = "test-key-bravo-93c2"
LLM_KEY = "sk-llm-secret-never-log-4b9e"


@pytest.fixture(scope="module")
def locked(index_dir, tmp_path_factory):
    """(base URL, log file) of a server with API keys, 3 requests/minute per key and a 4 KiB body limit."""
    log_path = tmp_path_factory.mktemp("logs") / "server.log"
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "RAGQA_API_KEYS": f"{KEY_A}, {KEY_B}",
        "RAGQA_RATE_LIMIT": "3/minute",
        "RAGQA_MAX_BODY_BYTES": "4096",
        "RAGQA_LLM_API_KEY": LLM_KEY,
        "RAGQA_LOG_FORMAT": "json",
    }
    with log_path.open("w") as log_file:
        proc = subprocess.Popen(
            [sys.executable, "-m", "ragqa.cli", "serve", "--index", str(index_dir), "--port", str(port)]
            + ["--host", "127.0.0.1", "--log-level", "info"],
            env=env,
            cwd=ROOT,
            stderr=log_file,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base, proc)
        yield base, log_path
    finally:
        stop_server(proc)


def assert_error_shape(response: httpx.Response, status: int, type_: str) -> dict:
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    error = response.json()["error"]
    assert error["status"] == status and error["type"] == type_
    assert error["message"] and "Traceback" not in error["message"]
    assert set(error) == {"status", "type", "message", "fields"}
    return error


def test_missing_or_wrong_key_gets_401(locked):
    base, _ = locked
    error = assert_error_shape(
        httpx.post(f"{base}/ask", json={"question": "Who is Zamir Kabulov?"}), 401, "unauthorized"
    )
    assert "RAGQA_API_KEYS" in error["message"] and "X-API-Key" in error["message"]
    wrong = httpx.post(f"{base}/search", json={"query": "x"}, headers={"Authorization": "Bearer nope"})
    assert_error_shape(wrong, 401, "unauthorized")
    assert wrong.headers["www-authenticate"] == "Bearer"
    # a prefix of a real key is still wrong
    assert_error_shape(
        httpx.post(f"{base}/search", json={"query": "x"}, headers={"X-API-Key": KEY_A[:-1]}), 401, "unauthorized"
    )


def test_health_ready_and_metrics_stay_open(locked):
    base, _ = locked
    assert httpx.get(f"{base}/health").status_code == 200
    assert httpx.get(f"{base}/ready").json()["status"] == "ready"
    assert httpx.get(f"{base}/metrics").status_code == 200


def test_rate_limit_per_key_with_retry_after(locked):
    base, _ = locked
    bearer = {"Authorization": f"Bearer {KEY_A}"}
    statuses = [
        httpx.post(f"{base}/search", json={"query": "Unit 29155"}, headers=bearer).status_code for _ in range(3)
    ]
    assert statuses == [200, 200, 200]
    refused = httpx.post(f"{base}/ask", json={"question": "Who is Zamir Kabulov?"}, headers=bearer)
    error = assert_error_shape(refused, 429, "rate_limited")
    assert 1 <= int(refused.headers["retry-after"]) <= 20
    assert "3 requests per 60 s" in error["message"]
    # the other key has its own bucket; X-API-Key works as well as the bearer header
    other = httpx.post(f"{base}/ask", json={"question": "Who is Zamir Kabulov?"}, headers={"X-API-Key": KEY_B})
    assert other.status_code == 200 and "[1]" in other.json()["answer"]


def test_oversized_body_gets_413_declared_or_streamed(locked):
    base, _ = locked
    headers = {"X-API-Key": KEY_B}
    big = json.dumps({"question": "x" * 10_000})
    declared = httpx.post(f"{base}/ask", content=big, headers={**headers, "content-type": "application/json"})
    error = assert_error_shape(declared, 413, "too_large")
    assert "4096 bytes" in error["message"]

    def chunks():  # no Content-Length: the limit must hold while the body streams in
        for _ in range(10):
            yield b"x" * 1000

    streamed = httpx.post(f"{base}/ask", content=chunks(), headers={**headers, "content-type": "application/json"})
    assert_error_shape(streamed, 413, "too_large")


def test_request_id_is_echoed_or_generated(locked):
    base, _ = locked
    given = httpx.get(f"{base}/health", headers={"X-Request-ID": "trace-abc.123"})
    assert given.headers["x-request-id"] == "trace-abc.123"
    generated = httpx.get(f"{base}/health").headers["x-request-id"]
    assert len(generated) == 32 and generated != httpx.get(f"{base}/health").headers["x-request-id"]
    # an unsafe id (log injection) is replaced, not echoed
    unsafe = httpx.get(f"{base}/health", headers={"X-Request-ID": "a\tb" + "c" * 200})
    assert unsafe.headers["x-request-id"] != "a\tb" + "c" * 200
    # error responses carry it too
    refused = httpx.post(f"{base}/ask", json={"question": "q"}, headers={"X-Request-ID": "err-1"})
    assert refused.status_code == 401 and refused.headers["x-request-id"] == "err-1"


def test_logs_are_json_lines_with_request_id_and_no_secrets(locked):
    base, log_path = locked
    httpx.post(f"{base}/ask", json={"question": "q"}, headers={"X-Request-ID": "log-check-1", "X-API-Key": "bad"})
    ok = httpx.post(f"{base}/search", json={"query": "Skripal"}, headers={"X-API-Key": KEY_B, "X-Request-ID": "log-2"})
    assert ok.status_code in (200, 429)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and "log-2" not in log_path.read_text():
        time.sleep(0.1)
    text = log_path.read_text()
    for secret in (LLM_KEY, KEY_A, KEY_B):
        assert secret not in text
    entries = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
    assert entries, text[:2000]
    access = {e["request_id"]: e for e in entries if e["logger"] == "ragqa.access" and "request_id" in e}
    assert access["log-check-1"]["status"] == 401 and access["log-check-1"]["route"] == "/ask"
    assert access["log-2"]["route"] == "/search" and access["log-2"]["caller"].startswith("key:")
    assert all({"ts", "level", "logger", "message"} <= set(e) for e in entries)
