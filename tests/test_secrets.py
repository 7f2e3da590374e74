"""Secrets and logs: unusable API keys and admin tokens are refused at start-up, and a secret never reaches a log
line, not even one with a quote or a backslash in it (which JSON escaping would otherwise hide from redaction).

The formatter and settings tests need no model; the last test runs a real ``ragqa serve`` and reads its JSON log.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import time
from collections.abc import Iterator
from urllib.parse import quote

import httpx
import pytest
from helpers.cli import ragqa
from helpers.servers import start_server, stop_server
from pydantic import ValidationError

from ragqa.cli import _settings_errors
from ragqa.config import Settings
from ragqa.observability.logs import REDACTED, JsonFormatter, RedactingFormatter, secrets_of

SECRET = 'ab"cd\\ef12'
"""Printable ASCII, no space or comma: a valid key, whose JSON (and repr) spelling differs from itself."""


def spellings(secret: str) -> list[str]:
    return [secret, json.dumps(secret)[1:-1], repr(secret)[1:-1], quote(secret, safe="")]


def assert_no_secret(text: str, secret: str = SECRET) -> None:
    for spelling in spellings(secret):
        assert spelling not in text, f"{spelling!r} in {text[:2000]}"


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ("RAGQA_API_KEYS", "RAGQA_ADMIN_TOKEN", "RAGQA_LLM_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.mark.parametrize(
    ("variable", "value", "rule"),
    [
        ("RAGQA_API_KEYS", "s3cr", "only 4 characters long"),
        ("RAGQA_API_KEYS", "good-key-1234,short77", "key 2 of 2 is only 7 characters long"),
        ("RAGQA_API_KEYS", "KeyÜmlaut55", "outside printable ASCII"),
        ("RAGQA_API_KEYS", "good-key-1234, has space 99", "whitespace"),
        ("RAGQA_API_KEYS", "tab\tinside-key", "whitespace"),
        ("RAGQA_ADMIN_TOKEN", "tiny", "only 4 characters long"),
        ("RAGQA_ADMIN_TOKEN", "Tökenlong1234", "outside printable ASCII"),
        ("RAGQA_ADMIN_TOKEN", "admin token 1234", "whitespace"),
    ],
)
def test_settings_refuse_unusable_keys_naming_the_variable_not_the_secret(clean_env, variable, value, rule):
    clean_env.setenv(variable, value)
    with pytest.raises(ValidationError) as info:
        Settings()
    lines = _settings_errors(info.value)
    assert len(lines) == 1
    assert lines[0].startswith(variable + ": ") and rule in lines[0]
    assert "at least 8 printable ASCII characters" in lines[0]
    for part in value.split(","):
        assert part.strip() not in lines[0]
    for error in info.value.errors(include_input=False, include_url=False, include_context=False):
        assert value not in error["msg"]


def test_usable_keys_are_accepted_and_blank_entries_ignored(clean_env):
    clean_env.setenv("RAGQA_API_KEYS", f",, {SECRET} ,,other-key-5678,")
    clean_env.setenv("RAGQA_ADMIN_TOKEN", "  admin-token-1234 ")
    clean_env.setenv("RAGQA_LLM_API_KEY", "x")  # the upstream's business: not checked, too short to redact
    settings = Settings()
    assert settings.admin_token == "admin-token-1234"
    assert set(secrets_of(settings)) == {SECRET, "other-key-5678", "admin-token-1234"}
    assert "sk-llm-1" in secrets_of(settings.model_copy(update={"llm_api_key": "sk-llm-1"}))


@contextlib.contextmanager
def capture(formatter: logging.Formatter) -> Iterator[tuple[logging.Logger, io.StringIO]]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    logger = logging.getLogger("ragqa.test_secrets")
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.INFO)
    try:
        yield logger, stream
    finally:
        logger.removeHandler(handler)
        logger.propagate = True


def log_secret_everywhere(logger: logging.Logger) -> None:
    try:
        raise ValueError(f"no such key: {SECRET!r} ({SECRET})")
    except ValueError:
        logger.exception(
            "GET /%s 404",
            SECRET,
            extra={"path": "/" + SECRET, "caller": SECRET, "header": repr(SECRET), "url": "/" + quote(SECRET)},
        )


def test_json_logs_redact_a_secret_with_a_quote_and_a_backslash_before_escaping():
    with capture(JsonFormatter([SECRET])) as (logger, stream):
        log_secret_everywhere(logger)
    out = stream.getvalue()
    assert_no_secret(out)
    entry = json.loads(out)  # still one valid JSON object
    assert entry["message"] == f"GET /{REDACTED} 404"
    assert entry["path"] == "/" + REDACTED and entry["caller"] == REDACTED
    assert entry["header"] == f"'{REDACTED}'" and entry["url"] == "/" + REDACTED
    assert f"ValueError: no such key: '{REDACTED}' ({REDACTED})" in entry["exception"]


def test_text_logs_redact_the_secret_and_its_escaped_spellings():
    with capture(RedactingFormatter("%(levelname)s %(name)s: %(message)s", [SECRET])) as (logger, stream):
        log_secret_everywhere(logger)
    out = stream.getvalue()
    assert_no_secret(out)
    assert f"GET /{REDACTED} 404" in out and f"no such key: '{REDACTED}'" in out


@pytest.mark.parametrize("value", ["s3cr", "KeyÜmlaut55"])
def test_serve_with_an_unusable_key_is_a_one_line_error(tmp_path, value):
    out = ragqa("serve", "--index", str(tmp_path / "index"), env={"RAGQA_API_KEYS": value}, timeout=60)
    assert out.returncode == 2, out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ragqa: error: RAGQA_API_KEYS: "), out.stderr
    assert value not in out.stderr and "Traceback" not in out.stderr


def test_a_key_with_a_quote_works_and_never_reaches_the_server_log(index_dir, tmp_path):
    log_path = tmp_path / "server.log"
    with log_path.open("w") as log_file:
        proc, base = start_server(
            index_dir,
            {"RAGQA_API_KEYS": f"other-key-5678,{SECRET}", "RAGQA_LOG_FORMAT": "json"},
            log_level="info",
            stderr=log_file,
        )
    try:
        ok = httpx.post(f"{base}/search", json={"query": "Skripal"}, headers={"X-API-Key": SECRET}, timeout=30)
        assert ok.status_code == 200, ok.text  # printable ASCII with a quote and a backslash: a usable key
        as_path = httpx.get(f"{base}/{quote(SECRET, safe='')}", headers={"X-Request-ID": SECRET, "X-API-Key": SECRET})
        assert as_path.status_code == 404 and as_path.headers["x-request-id"] != SECRET
        as_id = httpx.post(
            f"{base}/search",
            json={"query": "Skripal"},
            headers={"X-Request-ID": SECRET, "Authorization": f"Bearer {SECRET}"},
            timeout=30,
        )
        assert as_id.status_code == 200
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and log_path.read_text().count('"ragqa.access"') < 3:
            time.sleep(0.1)
    finally:
        stop_server(proc)
    text = log_path.read_text()
    assert_no_secret(text)
    entries = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
    paths = [e.get("path") for e in entries if e["logger"] == "ragqa.access"]
    assert "/" + REDACTED in paths, text[:2000]
