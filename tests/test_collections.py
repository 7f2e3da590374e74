"""Named collections and scoped API keys over a real uvicorn server (fast tier: tiny corpus, fake encoder).

Two collections hold documents answering the same question; a key that reads one never sees a passage of the
other, over ``/ask`` (plain and streamed), ``/search`` and the OpenAI facade, and asking for a collection outside
its scope answers exactly as a collection that does not exist.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from helpers.fake_encoder import FakeEncoder
from helpers.servers import serve_app
from helpers.sse import stream_events
from helpers.tiny_app import tiny_settings

from ragqa.api.app import create_app
from ragqa.api.keys import KeysFileError, load_key_ring, parse_keys_file
from ragqa.config import Settings
from ragqa.observability.logs import secrets_of
from ragqa.services import Services

TOKEN = "collections-test-admin-token"
ADMIN = {"Authorization": f"Bearer {TOKEN}"}
NEWS_READER = "news-reader-key-0001"
SPORTS_READER = "sports-reader-key-0002"
NEWS_WRITER = "news-writer-key-0003"
PLAIN = "plain-reader-key-0004"

QUESTION = "What opens on Saturday at the old harbour?"
NEWS_DOCS = [
    {
        "id": "news-harbour",
        "title": "Harbour festival",
        "text": "The harbour festival opens on Saturday at the old harbour with fireworks and a lantern parade.",
    },
    {
        "id": "news-market",
        "title": "Night market",
        "text": "A night market opens on Saturday at the old harbour, selling lanterns and fireworks.",
    },
]
SPORTS_DOCS = [
    {
        "id": "sports-regatta",
        "title": "Harbour regatta",
        "text": "The harbour regatta opens on Saturday at the old harbour with sailing races and rowing heats.",
    },
    {
        "id": "sports-swim",
        "title": "Harbour swim",
        "text": "A harbour swim opens on Saturday at the old harbour, a rowing and sailing weekend.",
    },
]


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@contextlib.contextmanager
def collections_server(root: Path, **overrides: Any) -> Iterator[tuple[httpx.Client, Path]]:
    """The tiny app with an admin token, a plain key and a keys file; a client (no credentials) and the index dir."""
    keys = root / "keys.json"
    keys.write_text(
        json.dumps(
            {
                "keys": [
                    {"key": NEWS_READER, "read": ["news"]},
                    {"key": SPORTS_READER, "read": ["sports"]},
                    {"key": NEWS_WRITER, "read": [], "write": ["news"]},
                ]
            }
        )
    )
    settings = tiny_settings(
        root, admin_token=TOKEN, reload_interval_s=0.2, api_keys=PLAIN, api_keys_file=keys, **overrides
    )
    services = Services.build(settings, FakeEncoder(), index_encoder=FakeEncoder())
    with serve_app(create_app(services=services)) as base, httpx.Client(base_url=base, timeout=30) as client:
        yield client, settings.index_dir


def wait_job(client: httpx.Client, job_id: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/admin/jobs/{job_id}", headers=ADMIN).json()
        if job["status"] in ("succeeded", "failed"):
            assert job["status"] == "succeeded", job
            return
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish within {timeout} s")


def fill(client: httpx.Client, name: str, docs: list[dict], headers: dict[str, str]) -> None:
    created = client.post("/collections", json={"name": name}, headers=ADMIN)
    assert created.status_code == 201, created.text
    assert created.json()["status"] == "not_ready" and created.json()["document_count"] == 0
    written = client.post("/documents", json={"documents": docs, "collection": name}, headers=headers)
    assert written.status_code == 202, written.text
    assert written.json()["collection"] == name
    wait_job(client, written.json()["job_id"])


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[httpx.Client, Path]]:
    with collections_server(tmp_path_factory.mktemp("collections")) as (client, index_dir):
        fill(client, "news", NEWS_DOCS, auth(NEWS_WRITER))  # a scoped write key
        fill(client, "sports", SPORTS_DOCS, ADMIN)  # the admin token
        yield client, index_dir


def error_of(response: httpx.Response) -> tuple[int, str, str]:
    """Status, type and message with the collection's name taken out."""
    error = response.json()["error"]
    message = error["message"]
    for name in ("nowhere", "sports", "news", "default"):
        message = message.replace(f"'{name}'", "'X'")
    return response.status_code, error["type"], message


NEWS_IDS = {d["id"] for d in NEWS_DOCS}
SPORTS_IDS = {d["id"] for d in SPORTS_DOCS}


@pytest.mark.parametrize(
    ("key", "mine", "theirs"), [(NEWS_READER, "news", "sports"), (SPORTS_READER, "sports", "news")]
)
def test_a_read_key_sees_only_its_collection_over_plain_streamed_search_and_facade(server, key, mine, theirs):
    client, _ = server
    own_ids = NEWS_IDS if mine == "news" else SPORTS_IDS
    headers = auth(key)

    plain = client.post("/ask", json={"question": QUESTION, "collection": mine}, headers=headers)
    assert plain.status_code == 200, plain.text
    cited = {c["doc_id"] for c in plain.json()["citations"]}
    assert cited and cited <= own_ids

    with httpx.Client(base_url=str(client.base_url), headers=headers, timeout=30) as keyed:
        _, events = stream_events(keyed, "/ask", {"question": QUESTION, "collection": mine, "stream": True})
    names = [name for name, _ in events]
    assert names[0] == "sources" and names[-1] == "done", names
    passages = {p["doc_id"] for p in events[0][1]["passages"]}
    assert passages and passages <= own_ids
    streamed = {c["doc_id"] for name, data in events if name == "citations" for c in data["citations"]}
    assert streamed <= own_ids

    found = client.post("/search", json={"query": QUESTION, "collection": mine, "top_k": 20}, headers=headers)
    assert found.status_code == 200, found.text
    assert {r["doc_id"] for r in found.json()["results"]} == own_ids  # every passage of its own, none of theirs

    chat = client.post(
        "/v1/chat/completions",
        json={"model": f"ragqa:{mine}", "messages": [{"role": "user", "content": QUESTION}]},
        headers=headers,
    )
    assert chat.status_code == 200, chat.text
    sources = {s["doc_id"] for s in chat.json()["sources"]}
    assert sources and sources <= own_ids and chat.json()["model"] == f"ragqa:{mine}"

    models = client.get("/v1/models", headers=headers).json()["data"]
    assert [m["id"] for m in models] == [f"ragqa:{mine}"]

    # the other collection, and the default one, answer exactly as a collection that does not exist
    nowhere = client.post("/ask", json={"question": QUESTION, "collection": "nowhere"}, headers=headers)
    for response in (
        client.post("/ask", json={"question": QUESTION, "collection": theirs}, headers=headers),
        client.post("/ask", json={"question": QUESTION, "collection": theirs, "stream": True}, headers=headers),
        client.post("/search", json={"query": QUESTION, "collection": theirs}, headers=headers),
        client.post(
            "/v1/chat/completions",
            json={"model": f"ragqa:{theirs}", "messages": [{"role": "user", "content": QUESTION}]},
            headers=headers,
        ),
        client.get(f"/documents/{next(iter(own_ids))}", params={"collection": theirs}, headers=headers),
    ):
        assert error_of(response) == error_of(nowhere), response.text
    assert error_of(nowhere)[0] == 404
    assert client.post("/ask", json={"question": QUESTION}, headers=headers).status_code == 404  # default
    assert [c["name"] for c in client.get("/collections", headers=headers).json()["collections"]] == [mine]


def test_the_same_question_in_the_two_collections_gives_disjoint_passages(server):
    client, _ = server
    seen = {}
    for name in ("news", "sports"):
        response = client.post("/search", json={"query": QUESTION, "collection": name}, headers=auth(PLAIN))
        assert response.status_code == 200, response.text
        seen[name] = {r["doc_id"] for r in response.json()["results"]}
    assert seen["news"] == NEWS_IDS and seen["sports"] == SPORTS_IDS


def test_the_default_collection_is_unaffected(server):
    client, _ = server
    plain = client.post("/search", json={"query": QUESTION, "top_k": 20}, headers=auth(PLAIN))
    assert plain.status_code == 200
    assert not {r["doc_id"] for r in plain.json()["results"]} & (NEWS_IDS | SPORTS_IDS)
    models = [m["id"] for m in client.get("/v1/models", headers=auth(PLAIN)).json()["data"]]
    assert models == ["ragqa", "ragqa:news", "ragqa:sports"]
    listed = client.get("/collections", headers=ADMIN).json()["collections"]
    assert [c["name"] for c in listed] == ["default", "news", "sports"]
    assert {c["name"]: c["document_count"] for c in listed}["news"] == 2


def test_write_scopes(server):
    client, _ = server
    doc = {"id": "w1", "text": "A rowing club opens its boathouse on Sunday."}
    # the news writer may not write sports (404: it must not learn sports exists), nor default
    nowhere = client.post("/documents", json={**doc, "collection": "nowhere"}, headers=auth(NEWS_WRITER))
    for response in (
        client.post("/documents", json={**doc, "collection": "sports"}, headers=auth(NEWS_WRITER)),
        client.delete("/documents/sports-swim", params={"collection": "sports"}, headers=auth(NEWS_WRITER)),
        client.post("/documents", json=doc, headers=auth(NEWS_WRITER)),
    ):
        assert error_of(response) == error_of(nowhere) and response.status_code == 404, response.text
    # a read key reads documents but does not write them
    assert (
        client.get("/documents/news-market", params={"collection": "news"}, headers=auth(NEWS_READER)).json()["status"]
        == "indexed"
    )
    refused = client.post("/documents", json={**doc, "collection": "news"}, headers=auth(NEWS_READER))
    assert refused.status_code == 403
    assert (
        client.post("/documents", json={**doc, "collection": "news"}, headers=auth("wrong-key-000000")).status_code
        == 401
    )
    # collections are created and deleted by the admin only
    assert client.post("/collections", json={"name": "x1"}, headers=auth(NEWS_WRITER)).status_code == 401
    assert client.delete("/collections/news", headers=auth(NEWS_WRITER)).status_code == 401


@pytest.mark.parametrize("name", ["", "News", "-x", "a b", "a/b", "x" * 65, "ünï"])
def test_invalid_collection_names_get_422(server, name):
    client, _ = server
    assert client.post("/collections", json={"name": name}, headers=ADMIN).status_code == 422


def test_existing_collection_and_default_get_409(server):
    client, _ = server
    assert client.post("/collections", json={"name": "news"}, headers=ADMIN).status_code == 409
    assert client.post("/collections", json={"name": "default"}, headers=ADMIN).status_code == 409
    assert client.delete("/collections/default", headers=ADMIN).status_code == 409


def test_an_empty_collection_says_it_has_no_documents(server):
    client, index_dir = server
    assert client.post("/collections", json={"name": "empty"}, headers=ADMIN).status_code == 201
    response = client.post("/ask", json={"question": QUESTION, "collection": "empty"}, headers=auth(PLAIN))
    assert response.status_code == 503 and "no indexed documents" in response.json()["error"]["message"]
    assert client.delete("/collections/empty", headers=ADMIN).status_code == 200
    assert not (index_dir / "collections" / "empty").exists()


def test_deleting_a_collection_removes_its_files(tmp_path):
    with collections_server(tmp_path) as (client, index_dir):
        fill(client, "news", NEWS_DOCS, ADMIN)
        folder = index_dir / "collections" / "news"
        assert (folder / "collection.json").is_file() and (folder / "documents").is_dir()
        deleted = client.delete("/collections/news", headers=ADMIN)
        assert deleted.status_code == 200 and deleted.json() == {"name": "news", "deleted": True}
        assert not folder.exists()
        for response in (
            client.post("/ask", json={"question": QUESTION, "collection": "news"}, headers=auth(NEWS_READER)),
            client.post("/search", json={"query": QUESTION, "collection": "news"}, headers=auth(PLAIN)),
            client.get("/documents/news-harbour", params={"collection": "news"}, headers=ADMIN),
            client.delete("/collections/news", headers=ADMIN),
        ):
            assert response.status_code == 404, response.text
        assert client.post("/search", json={"query": QUESTION}, headers=auth(PLAIN)).status_code == 200
        # the name can be used again, starting empty
        assert client.post("/collections", json={"name": "news"}, headers=ADMIN).json()["document_count"] == 0


def test_collections_survive_a_restart(tmp_path):
    with collections_server(tmp_path) as (client, _):
        fill(client, "news", NEWS_DOCS, ADMIN)
    with collections_server(tmp_path) as (client, _):
        found = client.post("/search", json={"query": QUESTION, "collection": "news"}, headers=auth(NEWS_READER))
        assert found.status_code == 200 and {r["doc_id"] for r in found.json()["results"]} == NEWS_IDS


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "not JSON"),
        ('{"keys": {}}', '{"keys"'),
        ('{"keys": [{"key": "short"}]}', "only 5 characters"),
        ('{"keys": [{"key": "long-enough-key", "read": "news"}]}', "read: must be a list"),
        ('{"keys": [{"key": "long-enough-key", "admin": true}]}', "unknown field 'admin'"),
    ],
)
def test_a_bad_keys_file_is_refused_with_a_reason(text, message):
    with pytest.raises(KeysFileError, match=message):
        parse_keys_file(text)


def test_keys_are_kept_hashed(tmp_path):
    keys = tmp_path / "keys.json"
    keys.write_text(json.dumps({"keys": [{"key": NEWS_READER, "read": ["news"], "write": ["news"]}]}))
    ring = load_key_ring(Settings(api_keys_file=keys, index_dir=tmp_path), [PLAIN.encode()])
    held = repr(ring)
    assert NEWS_READER not in held and PLAIN not in held
    news = ring.match(NEWS_READER)
    assert news is not None and news.allows("news", "write") and not news.allows("sports", "read")
    plain = ring.match(PLAIN)
    assert plain is not None and plain.allows("sports", "read") and not plain.allows("sports", "write")
    assert ring.match(SPORTS_READER) is None
    assert NEWS_READER in secrets_of(Settings(api_keys_file=keys))  # redacted from logs like RAGQA_API_KEYS


def test_feedback_is_kept_with_the_collection_that_answered(server):
    client, index_dir = server
    answer = client.post("/ask", json={"question": QUESTION, "collection": "news"}, headers=auth(NEWS_READER)).json()
    rating = {
        "conversation_id": answer["conversation_id"],
        "answer_id": answer["answer_id"],
        "rating": "up",
        "question": QUESTION,
        "answer": answer["answer"],
    }
    stored = client.post("/feedback", json={**rating, "collection": "news"}, headers=auth(NEWS_READER))
    assert stored.status_code == 201, stored.text
    assert stored.json()["verified"], "the news collection's conversation holds this answer"
    # a key that may not read a collection cannot leave feedback there, and learns nothing of it
    elsewhere = client.post("/feedback", json={**rating, "collection": "sports"}, headers=auth(NEWS_READER))
    missing = client.post("/feedback", json={**rating, "collection": "nowhere"}, headers=auth(NEWS_READER))
    assert error_of(elsewhere) == error_of(missing) and elsewhere.status_code == 404
    assert any(p.name == "feedback.sqlite" for p in (index_dir / "collections" / "news").rglob("*"))


def test_the_admin_lists_the_documents_of_any_collection(server):
    client, _ = server
    news = client.get("/documents", params={"collection": "news"}, headers=ADMIN)
    assert news.status_code == 200, news.text
    assert {d["doc_id"] for d in news.json()["documents"]} == NEWS_IDS
    default = client.get("/documents", headers=ADMIN).json()
    assert not NEWS_IDS & {d["doc_id"] for d in default["documents"]}
    assert client.get("/documents", params={"collection": "nowhere"}, headers=ADMIN).status_code == 404


def test_a_collection_sets_its_own_chunking_and_answer_settings(tmp_path):
    with collections_server(tmp_path) as (client, index_dir):
        mine = {"chunk_max_tokens": 64, "chunk_overlap_sentences": 0, "default_top_k": 2, "ann": "flat"}
        created = client.post("/collections", json={"name": "notes", "settings": mine}, headers=ADMIN)
        assert created.status_code == 201, created.text
        assert created.json()["settings"] == mine
        long_text = " ".join(f"Sentence {i} tells about the harbour crane number {i}." for i in range(40))
        job = client.post(
            "/documents",
            json={"collection": "notes", "id": "cranes", "title": "Cranes", "text": long_text},
            headers=ADMIN,
        ).json()["job_id"]
        wait_job(client, job)
        manifest = json.loads(next((index_dir / "collections" / "notes").rglob("manifest.json")).read_text())
        assert manifest["chunking"]["max_tokens"] == 64 and manifest["chunking"]["overlap_sentences"] == 0
        found = client.post(
            "/ask", json={"question": "harbour crane", "collection": "notes"}, headers=auth(PLAIN)
        ).json()
        assert 1 <= len({c["chunk_id"] for c in found["citations"]}) <= 2  # its own default_top_k
        # the model is the server's: not a collection setting; values are bounded like the server's
        for bad in ({"embedding_model": "other"}, {"chunk_max_tokens": 5}, {"ann": "lsh"}):
            refused = client.post("/collections", json={"name": "other", "settings": bad}, headers=ADMIN)
            assert refused.status_code == 422, (bad, refused.text)


def test_admin_index_reindex_and_rollback_take_a_collection(server):
    client, _ = server
    news = client.get("/admin/index", params={"collection": "news"}, headers=ADMIN)
    assert news.status_code == 200, news.text
    before = news.json()["index_version"]
    assert before != client.get("/admin/index", headers=ADMIN).json()["index_version"]
    job = client.post("/admin/reindex", params={"collection": "news"}, json={"full": True}, headers=ADMIN)
    assert job.status_code == 202, job.text
    wait_job(client, job.json()["id"])
    rebuilt = client.get("/admin/index", params={"collection": "news"}, headers=ADMIN).json()["index_version"]
    assert rebuilt != before
    back = client.post("/admin/rollback", params={"collection": "news"}, headers=ADMIN)
    assert back.status_code == 200, back.text
    assert back.json()["version"] == before and back.json()["previous_version"] == rebuilt
    assert client.get("/admin/index", params={"collection": "nowhere"}, headers=ADMIN).status_code == 404
