"""Open routes say no more than they must (issue 14 item 4): the demo page, ``/ready`` and the 503s of public routes.

- ``GET /`` lists the indexed titles and URLs only while the question routes are open (no ``RAGQA_API_KEYS``):
  with keys on, the list is the operators', at ``GET /documents`` (admin token).
- The page's widget tag and embed snippet come from ``RAGQA_PUBLIC_URL`` or are relative, never from the
  ``Host`` header a client chooses.
- ``/ready`` and the 503s of open routes give a short reason, never the index folder or the file that failed; the
  admin routes and the logs keep the details.

Real apps (the fake encoder over tiny indexes, so no model loads) served by uvicorn on loopback, called with httpx.
"""

from __future__ import annotations

import html
import logging
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from helpers.fake_encoder import FakeEncoder
from helpers.servers import serve_app
from helpers.tiny_corpus import write_tiny_corpus
from pydantic import ValidationError

from ragqa.api.app import create_app
from ragqa.config import Settings
from ragqa.index.build import build_index
from ragqa.index.store import VECTORS, VERSIONS, list_versions, load_version
from ragqa.services import Services

KEY = "open-pages-api-key"
ADMIN = "open-pages-admin-token"
ADMIN_AUTH = {"Authorization": f"Bearer {ADMIN}"}
FORGED_HOST = "evil.example"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """(corpus, index) of the tiny corpus, built once with the fake encoder; copy the index before changing it."""
    root = tmp_path_factory.mktemp("open-pages")
    corpus = write_tiny_corpus(root / "corpus")
    build_index(corpus, root / "index", FakeEncoder())
    return corpus, root / "index"


@contextmanager
def serving(index: Path, **overrides: object) -> Iterator[httpx.Client]:
    """An httpx client on a real app over ``index`` with an admin token (and ``overrides`` of the settings)."""
    values = {"index_dir": index, "feedback_db": index.parent / "feedback.sqlite", "admin_token": ADMIN, **overrides}
    app = create_app(Settings(**values), encoder=FakeEncoder())
    with serve_app(app) as base, httpx.Client(base_url=base, timeout=30) as client:
        yield client


def copy_index(built: tuple[Path, Path], tmp_path: Path) -> Path:
    index = tmp_path / "index"
    shutil.copytree(built[1], index)
    return index


def publish_another_version(built: tuple[Path, Path], index: Path, tmp_path: Path) -> str:
    """Build a second version into ``index`` (the corpus gains a note) and return its id."""
    corpus = tmp_path / "corpus"
    shutil.copytree(built[0], corpus)
    (corpus / "note.md").write_text("# A note\n\nThe code word of this build is heliotrope.\n")
    return build_index(corpus, index, FakeEncoder()).version


def corrupt(index: Path, version: str) -> None:
    with (index / VERSIONS / version / VECTORS).open("r+b") as fh:
        fh.seek(48)
        fh.write(b"\x00garbage\x00")


def corpus_titles_and_urls(index: Path) -> list[str]:
    """Every title and URL of the index, as sent raw and as the page would escape them."""
    found = []
    for doc in load_version(index).documents():
        for text in (doc.title, doc.url):
            if text:
                found += [text, html.escape(text, quote=True)]
    return found


# --- the demo page ---


def test_with_api_keys_the_demo_page_lists_no_titles_or_urls(built):
    shown = corpus_titles_and_urls(built[1])
    assert "https://food.example/pizza" in shown and "Neapolitan pizza dough" in shown
    with serving(built[1], api_keys=KEY) as client:
        page = client.get("/")
        assert page.status_code == 200
        leaked = [text for text in shown if text in page.text]
        assert not leaked, leaked
        assert "<code>GET /documents</code>" in page.text  # where operators find the list
        # the same rule as /documents: the list needs the admin token
        assert client.get("/documents").status_code == 401
        listed = client.get("/documents", headers=ADMIN_AUTH).json()["documents"]
        assert {d["title"] for d in listed} >= {"Neapolitan pizza dough", "Solar panels on rooftops"}


def test_an_open_server_lists_the_articles_on_the_demo_page(built):
    with serving(built[1]) as client:
        page = client.get("/").text
    assert "Neapolitan pizza dough" in page and 'href="https://food.example/pizza"' in page
    assert "Russia&#x27;s envoy dismisses the bounty reports" in page  # still HTML-escaped


def test_a_forged_host_header_never_reaches_the_demo_page(built):
    with serving(built[1]) as client:
        page = client.get("/", headers={"Host": FORGED_HOST, "X-Forwarded-Host": FORGED_HOST})
    assert page.status_code == 200
    assert FORGED_HOST not in page.text
    assert '<script src="widget.js" defer></script>' in page.text  # relative: the API is the script's folder
    # the snippet for other sites shows a placeholder and says how to have the real address there
    assert '&lt;script src="https://HOST/widget.js" data-api="https://HOST" defer&gt;' in page.text
    assert "RAGQA_PUBLIC_URL" in page.text


def test_public_url_is_the_widget_tag_and_snippet_address(built, tmp_path):
    # a trailing slash is dropped; '&' is escaped in the page like any text
    with serving(copy_index(built, tmp_path), public_url="https://qa.example.com/r&d/") as client:
        page = client.get("/", headers={"Host": FORGED_HOST}).text
    public = "https://qa.example.com/r&amp;d"
    assert f'<script src="{public}/widget.js" data-api="{public}" defer></script>' in page
    assert f'&lt;script src="{public}/widget.js" data-api="{public}" defer&gt;' in page
    assert FORGED_HOST not in page and "https://HOST" not in page


@pytest.mark.parametrize(
    "value, normalised",
    [
        ("https://qa.example.com/", "https://qa.example.com"),
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
        (" https://example.org/ragqa// ", "https://example.org/ragqa"),
        ("", ""),
    ],
)
def test_public_url_is_kept_without_its_trailing_slash(value, normalised):
    assert Settings(public_url=value).public_url == normalised


@pytest.mark.parametrize(
    "value",
    [
        "qa.example.com",
        "ftp://qa.example.com",
        "javascript:alert(1)",
        "https://",
        "https://user:pass@qa.example.com",
        "https://qa.example.com/?x=1",
        "https://qa.example.com/#top",
        'https://qa.example.com/"onload="x',
        "https://qa.example.com/<b>",
        "https://qa.example.com:port",
    ],
)
def test_a_public_url_that_is_not_an_http_address_is_refused_at_start_up(value, monkeypatch):
    monkeypatch.setenv("RAGQA_PUBLIC_URL", value)
    with pytest.raises(ValidationError, match="RAGQA_PUBLIC_URL"):
        Settings()


# --- /ready and 503s: a short reason in the open, the details for operators and in the logs ---


def test_no_index_yet_503s_name_no_path_but_admin_routes_do(tmp_path, caplog):
    index = tmp_path / "private-index-folder"
    index.mkdir()
    with caplog.at_level(logging.WARNING, logger="ragqa.index.holder"), serving(index) as client:
        ready = client.get("/ready")
        assert ready.status_code == 503
        assert ready.json() == {"status": "not_ready", "reason": "no index has been built yet"}
        assert client.head("/ready").status_code == 503
        chat = {"model": "ragqa", "messages": [{"role": "user", "content": "Who is Zamir Kabulov?"}]}
        for path, body in [
            ("/ask", {"question": "Who is Zamir Kabulov?"}),
            ("/ask", {"question": "Who is Zamir Kabulov?", "stream": True}),
            ("/search", {"query": "pizza dough"}),
            ("/v1/chat/completions", chat),
            ("/v1/chat/completions", {**chat, "stream": True}),
        ]:
            response = client.post(path, json=body)
            assert response.status_code == 503, (path, response.text)
            error = response.json()["error"]
            assert error["type"] == "index_unavailable" and error["message"] == "no index has been built yet"
            assert str(index) not in response.text and index.name not in response.text, path
        for path in ("/admin/index", "/documents"):
            detail = client.get(path, headers=ADMIN_AUTH)
            assert detail.status_code == 503 and str(index) in detail.json()["error"]["message"], path
            assert client.get(path).status_code == 401  # no token, no detail
    assert any(str(index) in r.getMessage() for r in caplog.records), "the detail is logged"
    assert len([r for r in caplog.records if "index not ready" in r.getMessage()]) == 1, "logged once, not per poll"


def test_a_degraded_ready_names_no_file_but_admin_index_does(built, tmp_path, caplog):
    index = copy_index(built, tmp_path)
    good = load_version(index).version
    bad = publish_another_version(built, index, tmp_path)
    corrupt(index, bad)
    with caplog.at_level(logging.WARNING, logger="ragqa.index.holder"), serving(index) as client:
        ready = client.get("/ready")
        assert ready.status_code == 200
        body = ready.json()
        assert body["status"] == "degraded" and body["index_version"] == good and body["published_version"] == bad
        assert body["problem"] == (
            f"published version {bad} failed verification; serving {good}, the newest good older version"
        )
        assert VECTORS not in ready.text and str(tmp_path) not in ready.text
        info = client.get("/admin/index", headers=ADMIN_AUTH).json()
        assert info["status"] == "degraded" and VECTORS in info["problem"] and VECTORS in info["refused"][bad]
    assert any(f"refusing index version {bad}" in r.getMessage() and VECTORS in r.getMessage() for r in caplog.records)


def test_nothing_good_at_all_is_a_short_503_and_a_detailed_admin_error(built, tmp_path):
    index = copy_index(built, tmp_path)
    bad = publish_another_version(built, index, tmp_path)
    for version in list_versions(index):
        corrupt(index, version)
    with serving(index) as client:
        ready = client.get("/ready")
        assert ready.status_code == 503
        assert ready.json()["reason"] == f"published version {bad} failed verification and no older version is good"
        search = client.post("/search", json={"query": "pizza"})
        assert search.status_code == 503 and search.json()["error"]["message"] == ready.json()["reason"]
        for response in (ready, search):
            assert VECTORS not in response.text and str(tmp_path) not in response.text
        detail = client.get("/admin/index", headers=ADMIN_AUTH).json()["error"]["message"]
        assert VECTORS in detail and "no older version is good" in detail


def test_a_version_refused_while_serving_is_described_without_its_file(built, tmp_path):
    index = copy_index(built, tmp_path)
    services = Services.build(Settings(index_dir=index), FakeEncoder())
    serving_version = services.holder.current.version
    bad = publish_another_version(built, index, tmp_path)
    corrupt(index, bad)
    assert not services.holder.reload_if_changed()
    status = services.status()
    assert status.state == "degraded" and VECTORS in (status.problem or "")
    assert status.public_problem == f"published version {bad} failed verification; still serving {serving_version}"


def test_a_pointer_that_is_not_a_version_is_not_repeated_by_ready(built, tmp_path):
    index = copy_index(built, tmp_path)
    good = load_version(index).version
    (index / "CURRENT").write_text("../../etc/passwd\n")
    with serving(index) as client:
        body = client.get("/ready").json()
    assert body["status"] == "degraded" and body["index_version"] == good
    assert body["published_version"] is None
    assert (
        body["problem"] == f"the published version failed verification; serving {good}, the newest good older version"
    )
    assert "passwd" not in str(body)


def test_feedback_that_cannot_be_stored_is_a_503_without_the_database_path(built, tmp_path, caplog):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the feedback folder should be\n")
    feedback = {"conversation_id": "c1", "answer_id": "a1", "rating": "up"}
    with caplog.at_level(logging.ERROR, logger="ragqa.api.feedback"):
        with serving(copy_index(built, tmp_path), feedback_db=blocker / "feedback.sqlite") as client:
            stored = client.post("/feedback", json=feedback)
            listed = client.get("/admin/feedback", headers=ADMIN_AUTH)
    assert stored.status_code == 503, stored.text
    assert str(blocker) not in stored.text and blocker.name not in stored.text
    assert "try again later" in stored.json()["error"]["message"]
    assert listed.status_code == 503 and str(blocker) in listed.text  # the operator's route keeps the detail
    assert any(str(blocker) in r.getMessage() for r in caplog.records), "the detail is logged"
