"""The request rules behind the security hardening, model-free and without a server (the fast tier): which proxies
are trusted, what counts as a visible character, strict booleans and days, and the body deadline of the
middleware. ``test_security.py`` checks the same over a real ``ragqa serve``."""

from __future__ import annotations

import asyncio
import re
import time

import pytest
from fastapi import FastAPI, Request
from pydantic import TypeAdapter, ValidationError

from ragqa.api.admin import ReindexRequest
from ragqa.api.errors import install_error_handlers
from ragqa.api.middleware import RequestContextMiddleware
from ragqa.api.proxies import TrustedProxiesError, parse_trusted_proxies, proxy_options
from ragqa.api.schemas import VISIBLE, AskRequest, FiltersIn, SearchRequest, has_visible
from ragqa.config import Settings

# --- trusted proxies ---


def test_no_proxy_is_trusted_by_default():
    options = proxy_options(Settings(), environ={})
    assert options.proxy_headers is False and options.forwarded_allow_ips is None


def test_trusted_proxies_setting_then_uvicorns_variable():
    named = proxy_options(Settings(trusted_proxies=" 10.0.0.5, 172.16.0.0/12 ,::1"), environ={})
    assert named.proxy_headers is True and named.forwarded_allow_ips == ["10.0.0.5", "172.16.0.0/12", "::1"]
    from_uvicorn = proxy_options(Settings(), environ={"FORWARDED_ALLOW_IPS": "192.168.1.1"})
    assert from_uvicorn.proxy_headers is True and from_uvicorn.forwarded_allow_ips == ["192.168.1.1"]
    ours_win = proxy_options(Settings(trusted_proxies="10.0.0.5"), environ={"FORWARDED_ALLOW_IPS": "*"})
    assert ours_win.forwarded_allow_ips == ["10.0.0.5"]
    assert proxy_options(Settings(), environ={"FORWARDED_ALLOW_IPS": " , "}).proxy_headers is False


def test_any_peer_only_when_asked_for_alone():
    assert proxy_options(Settings(trusted_proxies="*"), environ={}).trusts_everyone
    with pytest.raises(TrustedProxiesError, match="cannot be combined"):
        parse_trusted_proxies("*, 10.0.0.1")


@pytest.mark.parametrize("bad", ["proxy.internal", "10.0.0.1/8", "10.0.0.0/33", "256.1.1.1", "10.0.0.5:8080"])
def test_a_bad_proxy_entry_fails_naming_its_variable(bad):
    with pytest.raises(TrustedProxiesError, match="RAGQA_TRUSTED_PROXIES") as err:
        proxy_options(Settings(trusted_proxies=f"127.0.0.1,{bad}"), environ={})
    assert repr(bad) in str(err.value)
    with pytest.raises(TrustedProxiesError, match="FORWARDED_ALLOW_IPS"):
        proxy_options(Settings(), environ={"FORWARDED_ALLOW_IPS": bad})


# --- visible characters ---


@pytest.mark.parametrize(
    "text",
    ["\u200b\u200b", "\ufeff", "\u200c\u200d\u2060", "\u00ad", "\u202e", "\x00\x1f", "\u3000\u3164", "\U000e0041"],
)
def test_invisible_only_is_blank(text):
    assert not has_visible(text)
    for model, field in ((AskRequest, "question"), (SearchRequest, "query")):
        with pytest.raises(ValidationError) as err:
            model.model_validate({field: text})
        assert err.value.errors()[0]["loc"] == (field,)


@pytest.mark.parametrize("text", ["a", "\u200bWho?", "é", "ب", "字", "1", "?"])
def test_one_visible_character_is_enough(text):
    assert has_visible(text)
    assert AskRequest.model_validate({"question": text}).question == text.strip()


def test_schema_pattern_and_validator_agree_on_every_bmp_character():
    """``VISIBLE`` (the schema's pattern, pydantic's Rust regex and Python's re) and ``has_visible`` say the same of
    every character of the Basic Multilingual Plane, so a fuzzer drawing from the schema meets no surprise."""
    python = re.compile(VISIBLE)
    rust = TypeAdapter(AskRequest)  # pydantic checks the pattern with its Rust regex engine
    disagreements = []
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        ch = chr(code)
        if bool(python.search(ch)) != has_visible(ch):
            disagreements.append(hex(code))
    assert not disagreements, disagreements[:20]
    for ch in ("\u200b", "\u3000", "\x85", "\ufeff", "\u2800", "a", "\u00e9"):
        try:
            rust.validate_python({"question": ch})
            accepted = True
        except ValidationError:
            accepted = False
        assert accepted == has_visible(ch), hex(ord(ch))


# --- strict booleans and days ---


@pytest.mark.parametrize("value", ["yes", "true", 1, 0, "0", None])
def test_reindex_full_is_a_strict_boolean(value):
    with pytest.raises(ValidationError) as err:
        ReindexRequest.model_validate({"full": value})
    assert err.value.errors()[0]["loc"] == ("full",)
    assert ReindexRequest.model_validate({"full": True}).full is True


@pytest.mark.parametrize("value", [0, 0.0, 1700000000, "0", "2024-03-01T00:00:00", True, "1 March 2024"])
def test_filter_days_are_written_yyyy_mm_dd(value):
    with pytest.raises(ValidationError, match="YYYY-MM-DD"):
        FiltersIn.model_validate({"published_before": value})
    assert str(FiltersIn.model_validate({"published_after": "2024-03-01"}).published_after) == "2024-03-01"


# --- the body deadline ---


def _app(timeout_s: float):
    app = FastAPI()
    install_error_handlers(app)

    @app.post("/echo")
    async def echo(request: Request) -> dict[str, int]:
        return {"bytes": len(await request.body())}

    return RequestContextMiddleware(app, max_body_bytes=4096, body_timeout_s=timeout_s)


async def _call(app, chunks: list[tuple[float, bytes, bool]]) -> tuple[list[dict], float]:
    """Call ``app`` with a POST whose body comes as (delay, bytes, more_body) chunks, then never again."""
    pending = list(chunks)
    sent: list[dict] = []

    async def receive() -> dict:
        if pending:
            delay, body, more = pending.pop(0)
            await asyncio.sleep(delay)
            return {"type": "http.request", "body": body, "more_body": more}
        await asyncio.Event().wait()  # a client that sends nothing more
        raise AssertionError("unreachable")

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/echo",
        "raw_path": b"/echo",
        "query_string": b"",
        "headers": [(b"content-type", b"application/json"), (b"content-length", b"100")],
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8000),
        "scheme": "http",
        "http_version": "1.1",
        "root_path": "",
    }
    start = time.monotonic()
    await asyncio.wait_for(app(scope, receive, send), 5)
    return sent, time.monotonic() - start


def test_a_stalled_body_gets_408_with_connection_close():
    sent, elapsed = asyncio.run(_call(_app(0.2), [(0, b'{"a":', True)]))
    start = sent[0]
    assert start["status"] == 408 and (b"connection", b"close") in start["headers"]
    assert b'"type":"timeout"' in sent[1]["body"] and b"0.2 s" in sent[1]["body"]
    assert elapsed < 1.5


def test_the_deadline_counts_the_whole_body_not_each_chunk():
    # every chunk within 0.3 s of the last, the body as a whole later than 0.5 s: refused
    chunks = [(0.15, b"x", True)] * 5 + [(0.15, b"x", False)]
    sent, _ = asyncio.run(_call(_app(0.5), chunks))
    assert sent[0]["status"] == 408


def test_a_body_in_time_is_read_and_the_deadline_stops_with_it():
    sent, _ = asyncio.run(_call(_app(0.5), [(0.1, b"12345", True), (0.1, b"678", False)]))
    assert sent[0]["status"] == 200 and sent[1]["body"] == b'{"bytes":8}'
