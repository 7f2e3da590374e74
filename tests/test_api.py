"""The HTTP API over a real `ragqa serve` (uvicorn) on a loopback port, called with httpx."""

import httpx
import pytest


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server, timeout=30) as c:
        yield c


def test_health_and_ready(client):
    assert client.get("/health").json() == {"status": "ok"}
    ready = client.get("/ready").json()
    assert ready["status"] == "ready" and ready["chunk_count"] > 0
    assert ready["model"] and ready["index_version"]


def test_ask_returns_cited_answer(client):
    response = client.post("/ask", json={"question": "Who is Zamir Kabulov?"})
    assert response.status_code == 200
    body = response.json()
    assert body["mode"] == "extractive" and body["abstained"] is False
    assert "[1]" in body["answer"]
    first = body["citations"][0]
    assert first["n"] == 1
    assert "Putin's envoy to Afghanistan" in first["text"]
    for key in ("chunk_id", "doc_id", "title", "section", "url", "start", "end", "score"):
        assert key in first
    assert set(body["timings_ms"]) >= {"retrieval", "answer"}


def test_ask_abstains_off_corpus(client):
    body = client.post("/ask", json={"question": "What is the capital of Australia?", "top_k": 3}).json()
    assert body["abstained"] is True and body["citations"] == []


def test_search_returns_passages_with_offsets(client):
    body = client.post("/search", json={"query": "Unit 29155 Skripal", "top_k": 3}).json()
    assert len(body["results"]) == 3
    assert "29155" in body["results"][0]["text"]
    scores = [r["score"] for r in body["results"]]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize(
    "payload, field, hint",
    [
        ({"question": ""}, "question", "at least 1 character"),
        ({"question": "   "}, "question", "blank"),
        ({"question": "x" * 2001}, "question", "at most 2000"),
        ({"question": 5}, "question", "string"),
        ({"question": "ok", "top_k": 0}, "top_k", "greater than or equal to 1"),
        ({"question": "ok", "top_k": 21}, "top_k", "less than or equal to 20"),
        ({}, "question", "required"),
        ({"question": "ok", "topk": 3}, "topk", "not a known field"),
        (  # the keys filters take, named
            {"question": "ok", "filters": {"author": ["Robyn Dixon"]}},
            "filters.author",
            "filters take source, category, published_after, published_before",
        ),
    ],
)
def test_bad_ask_input_gets_a_422_that_says_what_to_fix(client, payload, field, hint):
    response = client.post("/ask", json=payload)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["type"] == "invalid_request"
    assert any(f["field"] == field for f in error["fields"]), error
    assert hint in error["message"], error["message"]


def test_invalid_json_and_wrong_body_type(client):
    response = client.post("/ask", content=b"{not json", headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert "not valid JSON" in response.json()["error"]["message"]
    response = client.post("/ask", json=["a list"])
    assert response.status_code == 422
    response = client.post("/search", json={"query": "x", "top_k": 101})
    assert response.status_code == 422 and "top_k" in response.json()["error"]["message"]


def test_unknown_route_and_method(client):
    assert client.get("/nope").status_code == 404
    response = client.get("/ask")
    assert response.status_code == 405 and response.json()["error"]["type"] == "method_not_allowed"
    assert response.json()["error"]["message"] == "GET is not allowed on /ask: use POST", response.text


def test_openapi_docs(client):
    assert client.get("/docs").status_code == 200
    assert "/ask" in client.get("/openapi.json").json()["paths"]
