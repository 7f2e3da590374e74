"""Streamed /ask (server-sent events) and conversations, over a real `ragqa serve` without an LLM."""

import httpx
import pytest
from helpers.sse import parse_sse, stream_events

from ragqa.answering.abstention import load_model

QUESTION = "Who is Zamir Kabulov?"


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server, timeout=60) as c:
        yield c


def test_streamed_answer_has_the_events_in_order_and_matches_the_plain_answer(client):
    response, events = stream_events(client, "/ask", {"question": QUESTION, "stream": True, "top_k": 4})
    assert response.headers["content-type"].startswith("text/event-stream")
    names = [name for name, _ in events]
    assert names[0] == "sources" and names[-2:] == ["citations", "done"]
    assert set(names[1:-2]) == {"delta"}

    sources, done, citations = events[0][1], events[-1][1], events[-2][1]
    assert len(sources["passages"]) == 4
    assert {"chunk_id", "doc_id", "text", "start", "end", "score"} <= set(sources["passages"][0])
    assert sources["conversation_id"] == done["conversation_id"] and sources["answer_id"] == done["answer_id"]
    assert done["mode"] == "extractive" and done["fallback_reason"] is None and done["abstained"] is False
    assert {"retrieval", "answer", "total"} <= set(done["timings_ms"])

    streamed = "".join(data["text"] for name, data in events if name == "delta")
    plain = client.post("/ask", json={"question": QUESTION, "top_k": 4}).json()
    assert streamed == plain["answer"]
    assert done["confidence"] == plain["confidence"], "the same evidence decided both"
    assert done["query"] == plain["query"] != "", "what was searched for, in both"
    assert [c["chunk_id"] for c in citations["citations"]] == [c["chunk_id"] for c in plain["citations"]]
    assert all(c["supported"] is None for c in citations["citations"])
    offered = {p["chunk_id"] for p in sources["passages"]}
    assert {c["chunk_id"] for c in citations["citations"]} <= offered


def test_plain_answer_carries_conversation_and_answer_ids(client):
    first = client.post("/ask", json={"question": QUESTION}).json()
    assert len(first["conversation_id"]) == 32 and len(first["answer_id"]) == 32
    assert first["fallback_reason"] is None and first["citations"][0]["supported"] is None
    second = client.post("/ask", json={"question": QUESTION, "conversation_id": first["conversation_id"]}).json()
    assert second["conversation_id"] == first["conversation_id"]
    assert second["answer_id"] != first["answer_id"]
    unknown = client.post("/ask", json={"question": QUESTION, "conversation_id": "no-such-conversation"}).json()
    assert unknown["conversation_id"] != "no-such-conversation"


def test_off_corpus_stream_abstains_with_no_citations(client):
    _, events = stream_events(client, "/ask", {"question": "What is a good recipe for pizza dough?", "stream": True})
    by_name = dict(events)
    assert by_name["citations"] == {"citations": [], "abstained": True}
    assert by_name["done"]["abstained"] is True
    assert "do not say" in "".join(d["text"] for n, d in events if n == "delta")
    answered = client.post("/ask", json={"question": QUESTION}).json()
    # the calibrated probability the abstention decided on: below the model's threshold here, above it there
    assert 0.0 <= by_name["done"]["confidence"] < load_model().threshold <= answered["confidence"] <= 1.0


def test_a_question_may_set_its_own_cut_off_for_abstaining(client):
    pizza = "What is a good recipe for pizza dough?"
    anything = client.post("/ask", json={"question": pizza, "min_confidence": 0.0}).json()
    assert not anything["abstained"] and anything["citations"], "nothing is below 0: the best sentences are quoted"
    strict = client.post("/ask", json={"question": QUESTION, "min_confidence": 1.0}).json()
    assert strict["abstained"] and strict["confidence"] < 1.0 and not strict["citations"]
    # found, only below the caller's cut-off: the answer says so, not that nothing was found
    below = f"not with the confidence asked for ({strict['confidence']:.2f} < 1.00)."
    assert strict["answer"] == f"The articles do not say. They may answer this, but {below}"
    default = client.post("/ask", json={"question": QUESTION}).json()
    assert not default["abstained"] and default["confidence"] == strict["confidence"]


def test_follow_up_question_retrieves_the_passage_its_pronoun_points_to(client):
    alone = client.post("/ask", json={"question": "Who is its commander?"}).json()
    # Without the conversation "its" points nowhere: abstaining is right, and so is quoting the one sentence of
    # the articles that says "its commander" (abstention rests on evidence, not on the shape of the question).
    assert alone["abstained"] is True or alone["answer"].startswith(
        "Some have called Unit 29155 sloppy and reckless. But its commander"
    ), alone["answer"]

    first = client.post("/ask", json={"question": "Which GRU unit was reported to have offered the bounties?"}).json()
    assert "29155" in first["answer"]
    response, events = stream_events(
        client,
        "/ask",
        {"question": "Who is its commander?", "conversation_id": first["conversation_id"], "stream": True},
    )
    sources, done = events[0][1], events[-1][1]
    assert done["conversation_id"] == first["conversation_id"]
    assert "Averyanov" in sources["passages"][0]["text"]
    answer = "".join(d["text"] for n, d in events if n == "delta")
    assert "Averyanov" in answer and done["abstained"] is False


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"question": "", "stream": True}, "question"),
        ({"question": "ok", "stream": "yes please"}, "stream"),
        ({"question": "ok", "stream": 1}, "stream"),
        ({"question": "ok", "stream": True, "top_k": True}, "top_k"),
        ({"question": "ok", "stream": True, "conversation_id": "bad id with spaces"}, "conversation_id"),
        ({"question": "ok", "stream": True, "conversation_id": "x" * 65}, "conversation_id"),
        ({"question": "ok", "stream": True, "min_confidence": 1.5}, "min_confidence"),
        ({"question": "ok", "stream": True, "min_confidence": "high"}, "min_confidence"),
        ({"question": "ok", "stream": True, "min_confidence": True}, "min_confidence"),
    ],
)
def test_bad_streamed_request_is_a_plain_json_422(client, payload, field):
    response = client.post("/ask", json=payload)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/json")
    assert any(f["field"] == field for f in response.json()["error"]["fields"])


def test_sse_parser_rejects_a_malformed_stream():
    with pytest.raises(AssertionError):
        parse_sse(["event: delta", "event: delta", 'data: {"text": "x"}', ""])
    assert parse_sse(["event: delta", 'data: {"text": "x"}', ""]) == [("delta", {"text": "x"})]
