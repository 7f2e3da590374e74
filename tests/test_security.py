"""Security hardening over a real ``ragqa serve`` on loopback: who the client is (proxy headers), strict request
fields, stalled bodies, bounded query integers.

Two servers, each over its own copy of the session index (admin routes may start rebuilds): ``direct`` trusts no
proxy, ``proxied`` trusts 127.0.0.1 as its reverse proxy. Both allow 2 requests a minute per caller, so each
test that goes through the rate limit uses callers (forwarded addresses) of its own.
"""

from __future__ import annotations

import json
import shutil
import socket
import time
import uuid
from pathlib import Path

import httpx
import pytest
from helpers.cli import ragqa
from helpers.servers import start_server, stop_server

ADMIN = "security-test-admin-token"
BODY_TIMEOUT_S = 1.0


def _serve(index_dir: Path, tmp: Path, extra: dict[str, str]):
    index = tmp / "index"
    shutil.copytree(index_dir, index)
    log_path = tmp / "server.log"
    env = {
        "RAGQA_RATE_LIMIT": "2/minute",
        "RAGQA_ADMIN_TOKEN": ADMIN,
        "RAGQA_BODY_TIMEOUT_S": str(BODY_TIMEOUT_S),
        "RAGQA_FEEDBACK_DB": str(tmp / "feedback.sqlite"),
        "RAGQA_LOG_FORMAT": "json",
        **extra,
    }
    with log_path.open("w") as log_file:
        # FORWARDED_ALLOW_IPS from the developer's shell must not decide what the server trusts
        proc, base = start_server(index, env, log_level="info", stderr=log_file, drop_env=("FORWARDED_ALLOW_IPS",))
    return proc, base, log_path


@pytest.fixture(scope="module")
def direct(index_dir, tmp_path_factory):
    """(base URL, log file) of a server that trusts no proxy."""
    proc, base, log_path = _serve(index_dir, tmp_path_factory.mktemp("direct"), {})
    yield base, log_path
    stop_server(proc)


@pytest.fixture(scope="module")
def proxied(index_dir, tmp_path_factory):
    """(base URL, log file) of a server behind a reverse proxy on 127.0.0.1 (``RAGQA_TRUSTED_PROXIES``)."""
    proc, base, log_path = _serve(index_dir, tmp_path_factory.mktemp("proxied"), {"RAGQA_TRUSTED_PROXIES": "127.0.0.1"})
    yield base, log_path
    stop_server(proc)


def access_lines(log_path: Path, request_ids: list[str], timeout: float = 5.0) -> dict[str, dict]:
    """The access log entries of ``request_ids``, by request id (waits for the last one to be written)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and request_ids[-1] not in log_path.read_text():
        time.sleep(0.1)
    entries = [json.loads(line) for line in log_path.read_text().splitlines() if line.startswith("{")]
    found = {e["request_id"]: e for e in entries if e.get("logger") == "ragqa.access" and e.get("request_id")}
    missing = [r for r in request_ids if r not in found]
    assert not missing, f"no access line for {missing}"
    return {r: found[r] for r in request_ids}


def search_as(base: str, forwarded_for: str | None, request_id: str) -> httpx.Response:
    headers = {"X-Request-ID": request_id}
    if forwarded_for is not None:
        headers["X-Forwarded-For"] = forwarded_for
    return httpx.post(f"{base}/search", json={"query": "Unit 29155"}, headers=headers)


def field_names(response: httpx.Response) -> list[str]:
    return [f["field"] for f in response.json()["error"]["fields"]]


# --- A. the client is the peer unless a trusted proxy says otherwise ---


def test_rotating_forwarded_for_does_not_bypass_the_rate_limit(direct):
    base, log_path = direct
    ids = [f"xff-direct-{i}-{uuid.uuid4().hex[:8]}" for i in range(3)]
    responses = [search_as(base, f"203.0.113.{i + 1}", rid) for i, rid in enumerate(ids)]
    assert [r.status_code for r in responses] == [200, 200, 429]
    refused = responses[2]
    assert refused.json()["error"]["type"] == "rate_limited"
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    lines = access_lines(log_path, ids)
    assert [lines[r]["client"] for r in ids] == ["127.0.0.1"] * 3
    assert [lines[r]["status"] for r in ids] == [200, 200, 429]


def test_trusted_proxy_forwarded_addresses_are_the_clients(proxied):
    base, log_path = proxied
    addresses = ["198.51.100.1", "198.51.100.2", "198.51.100.3"]
    ids = [f"xff-proxied-{i}-{uuid.uuid4().hex[:8]}" for i in range(3)]
    # each forwarded client has a bucket of its own ...
    assert [search_as(base, a, r).status_code for a, r in zip(addresses, ids)] == [200, 200, 200]
    lines = access_lines(log_path, ids)
    assert [lines[r]["client"] for r in ids] == addresses
    # ... and is still limited: the first one's second request passes, its third is refused
    again = [search_as(base, addresses[0], f"xff-again-{i}-{uuid.uuid4().hex[:8]}") for i in range(2)]
    assert [r.status_code for r in again] == [200, 429]
    # a proxy appends the peer it saw: the rightmost address that is not a trusted proxy is the client
    rid = f"xff-chain-{uuid.uuid4().hex[:8]}"
    assert search_as(base, "192.0.2.66, 198.51.100.9", rid).status_code == 200
    assert access_lines(log_path, [rid])[rid]["client"] == "198.51.100.9"


@pytest.mark.slow
def test_serve_refuses_a_proxy_list_it_cannot_read(tmp_path):
    result = ragqa(
        "serve", "--index", str(tmp_path / "no-index"), env={"RAGQA_TRUSTED_PROXIES": "10.0.0.1, proxy.internal"}
    )
    assert result.returncode == 2, result.stderr
    assert "RAGQA_TRUSTED_PROXIES" in result.stderr and "'proxy.internal'" in result.stderr
    assert "Traceback" not in result.stderr


# --- B. strict fields, HEAD probes, invisible questions, stalled bodies ---


def test_reindex_full_must_be_a_json_boolean(direct):
    base, _ = direct
    admin = {"Authorization": f"Bearer {ADMIN}"}
    for value in ("yes", "true", 1, 0, "0"):
        response = httpx.post(f"{base}/admin/reindex", json={"full": value}, headers=admin)
        assert response.status_code == 422, (value, response.text)
        assert field_names(response) == ["full"]
        assert "full" in response.json()["error"]["message"]


def test_head_health_and_ready_answer_200(direct):
    base, _ = direct
    for path in ("/health", "/ready"):
        response = httpx.head(f"{base}{path}")
        assert response.status_code == 200, path
        assert response.content == b""
    assert httpx.get(f"{base}/health").json() == {"status": "ok"}


INVISIBLE = ["\u200b\u200b", "\ufeff", " \u200d\u2060 ", "\u00ad\u200e\u200f", "\x00\x1f"]
"""Zero-width spaces and joiners, a byte order mark, a soft hyphen and direction marks (format characters,
category Cf), control characters: none of them is a visible character."""


@pytest.mark.parametrize("n", range(len(INVISIBLE)))
def test_a_question_of_invisible_characters_is_blank(proxied, n):
    base, _ = proxied
    invisible = INVISIBLE[n]
    caller = {"X-Forwarded-For": f"192.0.2.{100 + n}"}  # a bucket of its own
    ask = httpx.post(f"{base}/ask", json={"question": invisible}, headers=caller)
    assert ask.status_code == 422, ask.text
    assert field_names(ask) == ["question"]
    assert "blank" in ask.json()["error"]["message"]
    search = httpx.post(f"{base}/search", json={"query": invisible}, headers=caller)
    assert search.status_code == 422, search.text
    assert field_names(search) == ["query"], search.text


def test_a_chat_message_of_invisible_characters_is_not_a_question(proxied):
    base, _ = proxied
    body = {"model": "ragqa", "messages": [{"role": "user", "content": "\u200b\u200b"}]}
    response = httpx.post(f"{base}/v1/chat/completions", json=body, headers={"X-Forwarded-For": "192.0.2.250"})
    assert response.status_code == 422, response.text
    assert field_names(response) == ["messages"]


def test_a_question_with_a_zero_width_character_and_text_is_answered(proxied):
    base, _ = proxied
    response = httpx.post(
        f"{base}/ask", json={"question": "\u200bWho is Zamir Kabulov?"}, headers={"X-Forwarded-For": "192.0.2.251"}
    )
    assert response.status_code == 200, response.text


def _raw_post(base: str, head_extra: bytes, body: bytes, wait: float) -> tuple[bytes, float, bool]:
    """Send a POST /ask declaring a 100-byte body, send ``body`` of it, then read until the server closes the
    connection; returns (what came back, seconds until closed or ``wait`` ran out, whether it was closed)."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=wait) as sock:
        sock.sendall(
            b"POST /ask HTTP/1.1\r\nHost: " + host.encode() + b"\r\nContent-Type: application/json\r\n"
            b"Content-Length: 100\r\n" + head_extra + b"\r\n" + body
        )
        start = time.monotonic()
        received = b""
        closed = False
        try:
            while chunk := sock.recv(65536):
                received += chunk
            closed = True
        except TimeoutError:
            pass
        return received, time.monotonic() - start, closed


@pytest.mark.parametrize("sent", [b"", b'{"question": "Who'])
def test_a_body_that_never_arrives_gets_408_and_the_connection_closed(direct, sent):
    base, log_path = direct
    rid = f"stall-{len(sent)}-{uuid.uuid4().hex[:8]}"
    received, elapsed, closed = _raw_post(base, b"X-Request-ID: " + rid.encode() + b"\r\n", sent, wait=10.0)
    assert closed, f"connection still open after {elapsed:.1f} s; got {received[:200]!r}"
    assert received.startswith(b"HTTP/1.1 408 "), received[:200]
    assert elapsed < BODY_TIMEOUT_S + 3
    body = json.loads(received.split(b"\r\n\r\n", 1)[1])
    assert body["error"]["type"] == "timeout" and "body" in body["error"]["message"]
    assert access_lines(log_path, [rid])[rid]["status"] == 408


def test_a_body_that_arrives_in_time_is_served(proxied):
    base, _ = proxied
    # slower than one chunk, within the deadline: a slow but honest client is not cut off
    body = json.dumps({"question": ""}).encode()
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(
            b"POST /ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nConnection: close\r\n"
            b"X-Forwarded-For: 192.0.2.252\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body[:5]
        )
        time.sleep(BODY_TIMEOUT_S / 2)
        sock.sendall(body[5:])
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    assert received.startswith(b"HTTP/1.1 422 "), received[:200]  # read in full and validated (blank question)


# --- C. integer query parameters are bounded ---


@pytest.mark.parametrize(
    "path",
    [
        "/admin/feedback?offset=2200870365697259824218112&limit=266&rating=down",
        "/admin/feedback?offset=10000001",
        "/documents?offset=2200870365697259824218112",
        "/documents?offset=10000001&limit=5",
    ],
)
def test_huge_offsets_are_422_naming_offset(direct, path):
    base, _ = direct
    response = httpx.get(f"{base}{path}", headers={"Authorization": f"Bearer {ADMIN}"})
    assert response.status_code == 422, response.text
    assert field_names(response) == ["offset"]


def test_largest_offset_is_served(direct):
    base, _ = direct
    admin = {"Authorization": f"Bearer {ADMIN}"}
    feedback = httpx.get(f"{base}/admin/feedback?offset=10000000", headers=admin)
    assert feedback.status_code == 200 and feedback.json()["items"] == []
    documents = httpx.get(f"{base}/documents?offset=10000000", headers=admin)
    assert documents.status_code == 200 and documents.json()["documents"] == []
