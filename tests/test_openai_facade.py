"""The OpenAI-compatible facade over a real `ragqa serve` (extractive), called with the official openai package."""

import asyncio
import json
from pathlib import Path

import httpx
import openai
import pytest
from helpers.fake_encoder import FakeEncoder
from helpers.servers import serve_app

from ragqa.api.app import create_app
from ragqa.config import Settings
from ragqa.index.build import build_index
from ragqa.services import Services


@pytest.fixture(scope="module")
def client(server):
    return openai.OpenAI(base_url=server + "/v1", api_key="not-needed", max_retries=0, timeout=60)


def test_models_lists_ragqa(client):
    assert [m.id for m in client.models.list().data] == ["ragqa"]


def test_plain_completion_carries_markers_and_sources(client, server):
    completion = client.chat.completions.create(
        model="ragqa", messages=[{"role": "user", "content": "Who is Zamir Kabulov?"}]
    )
    content = completion.choices[0].message.content
    assert completion.object == "chat.completion" and completion.choices[0].finish_reason == "stop"
    assert "[1]" in content and "envoy" in content
    sources = completion.model_extra["sources"]
    assert sources[0]["n"] == 1 and "Putin's envoy to Afghanistan" in sources[0]["text"]
    assert completion.model_extra["ragqa"]["mode"] == "extractive"
    plain = httpx.post(server + "/ask", json={"question": "Who is Zamir Kabulov?"}, timeout=60).json()
    assert content == plain["answer"]
    assert completion.model_extra["ragqa"]["confidence"] == plain["confidence"]


def test_any_other_model_name_is_answered_as_ragqa_and_says_so(client):
    """ "gpt-4" is answered by the default collection, as the README says; the reply named "gpt-4" as its model."""
    messages = [{"role": "user", "content": "Who is Zamir Kabulov?"}]
    completion = client.chat.completions.create(model="gpt-4", messages=messages)
    assert completion.model == "ragqa" and "envoy" in completion.choices[0].message.content
    chunks = list(client.chat.completions.create(model="gpt-4", messages=messages, stream=True))
    assert {chunk.model for chunk in chunks} == {"ragqa"}


def test_streamed_completion_matches_the_plain_one_and_ends_with_done(client, server):
    messages = [{"role": "user", "content": "Which GRU unit was reported to have offered the bounties?"}]
    chunks = list(client.chat.completions.create(model="ragqa", messages=messages, stream=True))
    assert chunks[0].choices[0].delta.role == "assistant"
    assert all(c.object == "chat.completion.chunk" for c in chunks)
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    plain = client.chat.completions.create(model="ragqa", messages=messages).choices[0].message.content
    assert text == plain and "29155" in text
    assert chunks[-1].choices[0].finish_reason == "stop" and chunks[-1].model_extra["sources"]
    with httpx.stream("POST", server + "/v1/chat/completions", json={"messages": messages, "stream": True}) as r:
        lines = [line for line in r.iter_lines() if line]
    assert lines[-1] == "data: [DONE]" and all(line.startswith("data: ") for line in lines)


def test_history_in_messages_makes_follow_ups_work(client):
    first = "Which GRU unit was reported to have offered the bounties?"
    answer = client.chat.completions.create(model="ragqa", messages=[{"role": "user", "content": first}])
    messages = [
        {"role": "system", "content": "You are a helpful assistant."},
        {"role": "user", "content": first},
        {"role": "assistant", "content": answer.choices[0].message.content},
        {"role": "user", "content": [{"type": "text", "text": "Who is its commander?"}]},
    ]
    follow_up = client.chat.completions.create(model="ragqa", messages=messages)
    assert "Averyanov" in follow_up.choices[0].message.content


@pytest.mark.parametrize(
    "messages, hint",
    [
        ([{"role": "assistant", "content": "A"}], "no question"),
        ([{"role": "user", "content": "   "}, {"role": "tool", "content": "x"}], "no question"),
        ([{"role": "user", "content": "x" * 2001}], "2000"),
        ([], "at least 1"),
        ([{"role": "wizard", "content": "Q?"}], "role"),
    ],
)
def test_bad_chat_requests_are_422_with_a_hint(client, messages, hint):
    with pytest.raises(openai.UnprocessableEntityError) as info:
        client.chat.completions.create(model="ragqa", messages=messages)
    assert hint in info.value.response.json()["error"]["message"]


def test_several_choices_are_refused_and_a_null_stream_is_no_stream(client, server):
    """ "n": 3 was ignored: a client reading three choices got one without a word."""
    question = [{"role": "user", "content": "Who is Zamir Kabulov?"}]
    with pytest.raises(openai.UnprocessableEntityError) as info:
        client.chat.completions.create(model="ragqa", messages=question, n=3)
    assert "ragqa gives one answer per request" in info.value.response.json()["error"]["message"]
    assert client.chat.completions.create(model="ragqa", messages=question, n=1).choices[0].message.content
    plain = httpx.post(f"{server}/v1/chat/completions", json={"messages": question, "stream": None}, timeout=60)
    assert plain.status_code == 200 and plain.json()["object"] == "chat.completion", plain.text


def test_the_question_is_the_last_user_message_with_text(client):
    messages = [
        {"role": "user", "content": "Who is Zamir Kabulov?"},
        {"role": "user", "content": [{"type": "image_url", "image_url": {"url": "http://x"}}]},
        {"role": "assistant", "content": "prefill the client left behind"},
    ]
    completion = client.chat.completions.create(model="ragqa", messages=messages)
    assert "envoy" in completion.choices[0].message.content


def test_the_facade_is_behind_the_api_keys(settings, embedder):
    app = create_app(settings.model_copy(update={"api_keys": "key-one-4f2a,key-two-8c1d"}), encoder=embedder)
    messages = [{"role": "user", "content": "Who is Zamir Kabulov?"}]
    with serve_app(app) as base:
        wrong = openai.OpenAI(base_url=base + "/v1", api_key="nope", max_retries=0)
        with pytest.raises(openai.AuthenticationError):
            wrong.chat.completions.create(model="ragqa", messages=messages)
        with pytest.raises(openai.AuthenticationError):
            wrong.models.list()
        right = openai.OpenAI(base_url=base + "/v1", api_key="key-two-8c1d", max_retries=0)
        assert "envoy" in right.chat.completions.create(model="ragqa", messages=messages).choices[0].message.content


def _fake_indexed(tmp_path: Path, files: dict[str, str]) -> Settings:
    """Settings over an index of ``files`` (name: text) built with the fake encoder (no model)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in files.items():
        (corpus / name).write_text(text)
    build_index(corpus, tmp_path / "index", FakeEncoder())
    return Settings(corpus_dir=corpus, index_dir=tmp_path / "index")


LIBJPEG = """# libjpeg-turbo

libjpeg-turbo began as libjpeg/SIMD, developed by Miyasaka Masaru. It became an independent project in 2010.
"""
APPOINTMENT = """# Wendmoor Water appoints new Chief Operating Officer

Wendmoor Water has appointed Sanjay Mehta as its new Chief Operating Officer. He will join the company on 6 January
2026 from Northvale Utilities, where he was Director of Wastewater Operations for six years.

He succeeds Tom Ellery, who becomes Director of Capital Delivery.
"""
WORKS = """# Upgrade at Hollins Bridge treatment works

Work will begin in the spring on the treatment works at Hollins Bridge, where new filters will be fitted.

The works will stay open while the filters are replaced.
"""


def test_each_turn_of_the_history_is_read_as_ask_reads_it(tmp_path):
    """A follow-up two turns back keeps the topic its first question named: each turn's query is its question
    rewritten with the turns before it, as /ask stores turns (the facade keeps nothing server-side)."""
    from ragqa.api.openai_compat import ChatRequest, exchanges_of

    body = ChatRequest.model_validate(
        {
            "messages": [
                {"role": "user", "content": "who developed libjpeg-turbo"},
                {"role": "assistant", "content": "Miyasaka Masaru developed libjpeg/SIMD. [1]"},
                {"role": "user", "content": "when did it become an independent project"},
                {"role": "assistant", "content": "In 2010. [1]"},
                {"role": "user", "content": "who maintains it now"},
            ]
        }
    )
    pairs = exchanges_of(body.messages)
    assert pairs == [
        ("who developed libjpeg-turbo", "Miyasaka Masaru developed libjpeg/SIMD. [1]"),
        ("when did it become an independent project", "In 2010. [1]"),
    ]
    services = Services.build(_fake_indexed(tmp_path, {"libjpeg-turbo.md": LIBJPEG}), FakeEncoder())
    try:
        turns = asyncio.run(services.pipeline.client_history(pairs))
    finally:
        asyncio.run(services.aclose())
    assert [t.question for t in turns] == ["who developed libjpeg-turbo", "when did it become an independent project"]
    assert turns[0].query == "who developed libjpeg-turbo"
    assert "libjpeg-turbo" in turns[1].query  # the question as typed names no project


def test_a_client_held_history_is_read_as_far_back_as_a_stored_conversation_keeps(tmp_path):
    """Each earlier question costs a search: a client sending a long history has its last turns read, as many as
    the server keeps of a conversation, not all of them on every request."""
    settings = _fake_indexed(tmp_path, {"libjpeg-turbo.md": LIBJPEG}).model_copy(update={"conversation_max_turns": 2})
    services = Services.build(settings, FakeEncoder())
    pairs = [(f"who developed libjpeg-turbo {n}", f"Miyasaka Masaru. [{n}]") for n in range(5)]
    try:
        turns = asyncio.run(services.pipeline.client_history(pairs))
    finally:
        asyncio.run(services.aclose())
    assert [t.answer for t in turns] == ["Miyasaka Masaru. [3]", "Miyasaka Masaru. [4]"]


def test_filters_apply_through_the_facade_as_through_ask(client, server):
    """ "filters" was taken as an unknown OpenAI field and ignored: the answer came from every article."""
    question = "Who is Zamir Kabulov?"
    nowhere = {"source": ["No Such Outlet"]}
    plain = httpx.post(server + "/ask", json={"question": question, "filters": nowhere}, timeout=60).json()
    completion = client.chat.completions.create(
        model="ragqa", messages=[{"role": "user", "content": question}], extra_body={"filters": nowhere}
    )
    assert plain["abstained"] and completion.model_extra["ragqa"]["abstained"]
    assert completion.choices[0].message.content == plain["answer"] and not completion.model_extra["sources"]
    streamed = client.chat.completions.create(
        model="ragqa", messages=[{"role": "user", "content": question}], extra_body={"filters": nowhere}, stream=True
    )
    assert "".join(c.choices[0].delta.content or "" for c in streamed) == plain["answer"]
    bad = httpx.post(
        server + "/v1/chat/completions",
        json={"messages": [{"role": "user", "content": question}], "filters": {"published_after": "2020-13-01"}},
    )
    assert bad.status_code == 422 and "published_after" in bad.text


def test_an_earlier_question_is_read_as_ask_read_it_acronyms_spelled_out(tmp_path):
    """ "who is the new coo", then "where did he work before?": /ask stored the first question's query with the
    acronym spelled out as the corpus writes it ("Chief Operating Officer") and searched the follow-up with it; the
    facade, given the same conversation as messages, searched "... (who is the new coo)" and answered from the
    treatment works. Each earlier user message is now read as /ask reads a question (fake encoder, real server)."""
    settings = _fake_indexed(tmp_path, {"new-coo.md": APPOINTMENT, "treatment-works.md": WORKS})
    app = create_app(settings, encoder=FakeEncoder())
    first, follow_up = "who is the new coo", "what does it involve?"  # "he" is named since: Sanjay Mehta
    with serve_app(app) as base, httpx.Client(base_url=base, timeout=60) as http:
        asked = http.post("/ask", json={"question": first}).json()
        again = http.post("/ask", json={"question": follow_up, "conversation_id": asked["conversation_id"]}).json()
        said = "Wendmoor Water has appointed Sanjay Mehta as its new Chief Operating Officer. [1]"
        messages = [
            {"role": "user", "content": first},
            {"role": "assistant", "content": said},
            {"role": "user", "content": follow_up},
        ]
        completion = http.post("/v1/chat/completions", json={"messages": messages}).json()
        with http.stream("POST", "/v1/chat/completions", json={"messages": messages, "stream": True}) as r:
            last = [line for line in r.iter_lines() if line.startswith("data: {")][-1]
    assert asked["query"] == "who is the new Chief Operating Officer"
    searched = "what does it involve? (who is the new Chief Operating Officer)"
    assert completion["ragqa"]["query"] == again["query"] == searched
    assert json.loads(last.removeprefix("data: "))["ragqa"]["query"] == searched
    assert "treatment works" not in completion["choices"][0]["message"]["content"]
