"""Sentence vectors warmed in the background (``answering.warm``): every sentence of the served version is encoded
once, alone, before questions need it; a new version reuses what it shares with the old; the limit holds; the
vectors are the serving encoder's own, so answers do not change."""

from __future__ import annotations

import os
import threading
import time

import httpx
import numpy as np
import pytest
from helpers.fake_encoder import FakeEncoder
from helpers.servers import start_server, stop_server

from ragqa.answering.verify import SentenceVectors
from ragqa.answering.warm import SAVED_CHECKS, SAVED_VERSIONS, SentenceWarmer, _lowest_priority
from ragqa.ingest.chunking import split_sentences

HARBOUR = [
    "The harbour opened in 1820. Its first master was Ann Moor.",
    "Boats moor at the east quay. The west quay is closed in winter.",
]
HARBOUR_NEXT = [
    "The harbour opened in 1820. Its first master was Ann Moor.",
    "Ferries leave from the east quay at noon.",
]


def sentences(texts: list[str]) -> list[str]:
    return [text[s:e] for text in texts for s, e in split_sentences(text)]


class Counting:
    """The fake encoder, recording each call's texts."""

    def __init__(self) -> None:
        self.fake = FakeEncoder()
        self.calls: list[list[str]] = []

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        return self.fake.encode(texts)


def warmed(encoder: Counting, version: str, texts: list[str], limit: int = 100) -> SentenceWarmer:
    warmer = SentenceWarmer(lambda: encoder, limit)
    warmer.follow(version, texts)
    assert warmer.wait(30)
    return warmer


def test_every_sentence_is_encoded_once_alone_and_looked_up_before_encoding():
    encoder = Counting()
    warmer = warmed(encoder, "v1", HARBOUR + HARBOUR[:1])
    wanted = sentences(HARBOUR)
    assert warmer.status().state == "done" and warmer.status().sentences == len(wanted) == 4
    assert sorted(encoder.calls) == sorted([s] for s in wanted)  # each alone, each once
    for sentence in wanted:
        assert np.array_equal(warmer.get(sentence), FakeEncoder().encode([sentence])[0])
    # the answer step's lookups: no model pass for warmed sentences, the encoder for any other
    asked = Counting()
    vectors = SentenceVectors(asked, warm=warmer.get)
    _, found = vectors.encode([], wanted[:2])
    assert asked.calls == [] and np.array_equal(found[1], warmer.get(wanted[1]))
    vectors.encode([], ["A sentence no passage holds."])
    assert asked.calls == [["A sentence no passage holds."]]


def test_the_same_version_is_not_warmed_twice_and_a_new_one_reuses_shared_sentences():
    encoder = Counting()
    warmer = warmed(encoder, "v1", HARBOUR)
    warmer.follow("v1", HARBOUR)
    assert warmer.wait(30) and len(encoder.calls) == 4
    warmer.follow("v2", HARBOUR_NEXT)
    assert warmer.wait(30)
    assert encoder.calls[4:] == [["Ferries leave from the east quay at noon."]]
    status = warmer.status()
    assert (status.state, status.sentences, status.version) == ("done", 3, "v2")
    assert warmer.get("The west quay is closed in winter.") is None  # only the served version's sentences are held


def test_the_limit_bounds_the_sentences_held_and_the_rest_are_encoded_when_asked():
    encoder = Counting()
    warmer = warmed(encoder, "v1", HARBOUR, limit=2)
    assert warmer.status().state == "full" and warmer.status().sentences == 2
    last = sentences(HARBOUR)[-1]
    assert warmer.get(last) is None
    asked = Counting()
    SentenceVectors(asked, warm=warmer.get).encode([], [last])
    assert asked.calls == [[last]]


def test_a_newer_version_stops_an_unfinished_run():
    release = threading.Event()
    fake = FakeEncoder()
    seen: list[str] = []

    def slow(texts: list[str]) -> np.ndarray:
        seen.extend(texts)
        release.wait(10)
        return fake.encode(texts)

    warmer = SentenceWarmer(lambda: slow, 100)
    warmer.follow("v1", HARBOUR)
    deadline = time.monotonic() + 10
    while not seen and time.monotonic() < deadline:
        time.sleep(0.01)
    warmer.follow("v2", HARBOUR_NEXT)
    release.set()
    assert warmer.wait(30)
    status = warmer.status()
    assert (status.state, status.version, status.sentences) == ("done", "v2", 3)
    assert "The west quay is closed in winter." not in seen  # v1's run stopped after its first sentence


def test_a_finished_run_is_saved_and_a_restart_loads_it_after_checking_a_sample(tmp_path):
    ships = [" ".join(f"Ship {n} moored at berth {n + 1}." for n in range(start, start + 10)) for start in (0, 10)]
    first = Counting()
    warmer = SentenceWarmer(lambda: first, 100, tmp_path)
    warmer.follow("v1", ships)
    assert warmer.wait(30) and (tmp_path / "v1.npy").exists() and (tmp_path / "v1.json").exists()
    assert len(first.calls) == 20
    restarted = Counting()
    again = SentenceWarmer(lambda: restarted, 100, tmp_path)
    again.follow("v1", ships)
    assert again.wait(30) and again.status().state == "done" and again.status().sentences == 20
    assert len(restarted.calls) == SAVED_CHECKS  # the sample re-encoded, nothing else
    for sentence in sentences(ships):
        assert np.array_equal(again.get(sentence), warmer.get(sentence))


def test_saved_vectors_another_encoder_would_not_give_are_encoded_again(tmp_path):
    warmer = SentenceWarmer(lambda: FakeEncoder().encode, 100, tmp_path)
    warmer.follow("v1", HARBOUR)
    assert warmer.wait(30)

    def other(texts: list[str]) -> np.ndarray:  # another model, runtime or CPU
        return -FakeEncoder().encode(texts)

    again = SentenceWarmer(lambda: other, 100, tmp_path)
    again.follow("v1", HARBOUR)
    assert again.wait(30) and again.status().state == "done"
    first = sentences(HARBOUR)[0]
    assert np.array_equal(again.get(first), other([first])[0])


def test_only_the_newest_versions_stay_saved(tmp_path):
    warmer = SentenceWarmer(lambda: FakeEncoder().encode, 100, tmp_path)
    for n in range(SAVED_VERSIONS + 2):
        warmer.follow(f"v{n}", [f"Ship {n} moored at the quay."])
        assert warmer.wait(30)
        time.sleep(0.01)  # distinct modification times
    kept = sorted(path.stem for path in tmp_path.glob("*.npy"))
    assert kept == [f"v{n}" for n in range(2, SAVED_VERSIONS + 2)]
    assert sorted(path.stem for path in tmp_path.glob("*.json")) == kept


def test_off_without_a_twin_or_a_limit_and_failed_when_the_twin_cannot_load():
    for warmer in (SentenceWarmer(None, 100), SentenceWarmer(lambda: FakeEncoder().encode, 0)):
        warmer.follow("v1", HARBOUR)
        assert warmer.wait(1) and warmer.status().state == "off" and warmer.get(sentences(HARBOUR)[0]) is None

    def broken():
        raise RuntimeError("no model file")

    warmer = SentenceWarmer(broken, 100)
    warmer.follow("v1", HARBOUR)
    assert warmer.wait(30) and warmer.status().state == "failed"


@pytest.mark.skipif(not hasattr(os, "setpriority"), reason="per-thread priority is a Linux feature")
def test_the_warming_thread_runs_at_the_lowest_priority_and_only_that_thread():
    before = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    seen: list[int] = []

    def run() -> None:
        _lowest_priority()
        seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert seen == [19]
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == before


@pytest.mark.slow
def test_the_twin_gives_the_serving_encoders_vectors_bit_for_bit():
    """The real int8 ONNX encoder and its single-threaded twin (what the server warms with)."""
    from ragqa.embedding.encoder import load_encoder, twin_factory

    serving = load_encoder(backend="onnx-int8")
    make = twin_factory(serving)
    assert make is not None
    twin = make()
    texts = sentences(HARBOUR) + ["Who was the first harbour master?", "a b"]
    for text in texts:
        assert np.array_equal(twin([text]), serving.encode([text])), text
    assert twin_factory(FakeEncoder()) is None  # not ONNX: no twin, no warming


@pytest.mark.slow
def test_a_server_warms_its_version_and_answers_as_one_that_does_not(index_dir):
    questions = ["Who is Zamir Kabulov?", "what did the white house say", "How much was the bounty?"]
    answers = {}
    states = {}
    for warm in ("100000", "0"):
        proc, base = start_server(index_dir, {"RAGQA_SENTENCE_VECTORS_WARM": warm})
        try:
            with httpx.Client(base_url=base, timeout=60) as client:
                deadline = time.monotonic() + 60
                while True:
                    status = client.get("/ready").json()["sentence_vectors"]
                    if status["state"] in ("done", "off") or time.monotonic() > deadline:
                        break
                    time.sleep(0.2)
                states[warm] = status
                answers[warm] = [client.post("/ask", json={"question": q}).json()["answer"] for q in questions]
        finally:
            stop_server(proc)
    assert states["100000"]["state"] == "done" and states["100000"]["sentences"] > 20
    assert states["0"] == {"state": "off", "sentences": 0, "version": None}
    assert answers["100000"] == answers["0"]
