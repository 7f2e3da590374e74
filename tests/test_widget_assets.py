"""The widget's files over HTTP: gzip when the client accepts it, an ETag per variant, ``Vary``, 304s and HEAD.

A real app (built with the fake encoder over an empty index folder, so no model loads) served by uvicorn on
loopback, called with httpx. httpx asks for gzip by default and decodes transparently, so every request here sets
``Accept-Encoding`` itself and the compressed bytes are read raw.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator

import httpx
import pytest
from helpers.fake_encoder import FakeEncoder
from helpers.servers import serve_app

from ragqa.api.app import create_app
from ragqa.api.widget import accepts_gzip, etag_matches
from ragqa.config import Settings

IDENTITY = {"Accept-Encoding": "identity"}
GZIP = {"Accept-Encoding": "gzip"}
ASSETS = ("/widget.js", "/widget.css")


@pytest.fixture(scope="module")
def assets_client(tmp_path_factory) -> Iterator[httpx.Client]:
    """An httpx client on a real app over an empty index folder (the app starts without an index)."""
    root = tmp_path_factory.mktemp("widget-assets")
    (root / "index").mkdir()
    app_settings = Settings(index_dir=root / "index", corpus_dir=root / "corpus", feedback_db=root / "fb.sqlite")
    with (
        serve_app(create_app(app_settings, encoder=FakeEncoder())) as base,
        httpx.Client(base_url=base, timeout=30) as client,
    ):
        yield client


def varies_on_encoding(response: httpx.Response) -> bool:
    """``Accept-Encoding`` is one of the ``Vary`` tokens (the CORS layer adds ``Origin`` beside it)."""
    return "accept-encoding" in {token.strip().lower() for token in response.headers.get("vary", "").split(",")}


def raw(client: httpx.Client, method: str, path: str, headers: dict[str, str]) -> tuple[httpx.Response, bytes]:
    """The response and its body as sent on the wire (not decoded)."""
    with client.stream(method, path, headers=headers) as response:
        return response, b"".join(response.iter_raw())


@pytest.mark.parametrize("path", ASSETS)
def test_gzip_variant_is_the_identity_body_compressed(assets_client, path):
    plain, plain_body = raw(assets_client, "GET", path, IDENTITY)
    packed, packed_body = raw(assets_client, "GET", path, GZIP)
    assert plain.status_code == packed.status_code == 200
    assert "content-encoding" not in plain.headers
    assert packed.headers["content-encoding"] == "gzip"
    assert gzip.decompress(packed_body) == plain_body
    assert int(plain.headers["content-length"]) == len(plain_body)
    assert int(packed.headers["content-length"]) == len(packed_body)
    for response in (plain, packed):
        assert varies_on_encoding(response)
        assert response.headers["cache-control"] == "public, max-age=300"
        assert response.headers["cross-origin-resource-policy"] == "cross-origin"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["content-type"] == plain.headers["content-type"]
    assert plain.headers["etag"] != packed.headers["etag"]
    assert packed.headers["etag"] == plain.headers["etag"][:-1] + '-gz"'


def test_widget_js_compresses_well(assets_client):
    _, plain_body = raw(assets_client, "GET", "/widget.js", IDENTITY)
    _, packed_body = raw(assets_client, "GET", "/widget.js", GZIP)
    assert len(packed_body) < 0.4 * len(plain_body)


@pytest.mark.parametrize("path", ASSETS)
def test_each_variant_revalidates_against_its_own_etag_only(assets_client, path):
    plain_tag = assets_client.get(path, headers=IDENTITY).headers["etag"]
    packed_tag = assets_client.get(path, headers=GZIP).headers["etag"]

    same = assets_client.get(path, headers={**IDENTITY, "If-None-Match": plain_tag})
    assert same.status_code == 304 and same.content == b""
    assert same.headers["etag"] == plain_tag and varies_on_encoding(same)
    same_gz = assets_client.get(path, headers={**GZIP, "If-None-Match": packed_tag})
    assert same_gz.status_code == 304 and same_gz.content == b""
    assert same_gz.headers["etag"] == packed_tag and varies_on_encoding(same_gz)

    crossed = assets_client.get(path, headers={**IDENTITY, "If-None-Match": packed_tag})
    assert crossed.status_code == 200 and crossed.headers["etag"] == plain_tag
    crossed_gz, body = raw(assets_client, "GET", path, {**GZIP, "If-None-Match": plain_tag})
    assert crossed_gz.status_code == 200 and crossed_gz.headers["etag"] == packed_tag
    assert gzip.decompress(body)


def test_if_none_match_lists_star_and_weak_tags(assets_client):
    tag = assets_client.get("/widget.js", headers=IDENTITY).headers["etag"]
    for value in (f'"other", {tag}', "*", f"W/{tag}", f'W/"nope",W/{tag}'):
        assert assets_client.get("/widget.js", headers={**IDENTITY, "If-None-Match": value}).status_code == 304, value
    for value in ('"other"', tag.strip('"'), f'"{tag}"', ""):
        assert assets_client.get("/widget.js", headers={**IDENTITY, "If-None-Match": value}).status_code == 200, value


@pytest.mark.parametrize(
    "accept_encoding, compressed",
    [
        ("gzip;q=0", False),
        ("gzip; q=0.0, identity", False),
        ("br, deflate", False),
        ("identity", False),
        ("*;q=0", False),
        ("gzip;q=0, *", False),  # named with q=0: the wildcard does not bring it back
        ("gzip, deflate, br", True),
        ("br;q=1.0, GZIP;q=0.5", True),
        ("x-gzip", True),
        ("*", True),
    ],
)
def test_accept_encoding_is_parsed_with_q_values(assets_client, accept_encoding, compressed):
    response, body = raw(assets_client, "GET", "/widget.css", {"Accept-Encoding": accept_encoding})
    assert response.status_code == 200
    assert response.headers.get("content-encoding") == ("gzip" if compressed else None)
    assert varies_on_encoding(response)
    assert (body[:2] == b"\x1f\x8b") is compressed


@pytest.mark.parametrize("path", ASSETS)
def test_head_sends_the_headers_and_no_body(assets_client, path):
    for headers in (IDENTITY, GZIP):
        got, got_body = raw(assets_client, "GET", path, headers)
        head, head_body = raw(assets_client, "HEAD", path, headers)
        assert head.status_code == 200 and head_body == b""
        for name in ("etag", "content-type", "content-length", "vary", "cache-control"):
            assert head.headers[name] == got.headers[name], name
        assert head.headers.get("content-encoding") == got.headers.get("content-encoding")
        assert int(head.headers["content-length"]) == len(got_body)
    tag = assets_client.head(path, headers=GZIP).headers["etag"]
    assert assets_client.head(path, headers={**GZIP, "If-None-Match": tag}).status_code == 304


def test_demo_page_still_served(assets_client):
    page = assets_client.get("/", headers=IDENTITY)
    assert page.status_code == 200 and "widget.js" in page.text


def test_parsers_directly():
    assert not accepts_gzip(None) and not accepts_gzip("") and not accepts_gzip("gzip;q=abc")
    assert accepts_gzip("deflate, gzip;q=0.001")
    assert etag_matches('"a", "b"', '"b"') and not etag_matches('"a"', '"b"') and not etag_matches(None, '"b"')
