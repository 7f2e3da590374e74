"""Sentence vectors computed ahead of questions, in the background, for the version being served.

Why: the answer step scores its best candidate sentences by their similarity to the question, and encoding them
when asked took about 30 of a 45 ms ``/ask`` (docs/benchmarks.md). A server is idle between questions: it
encodes every sentence of the version it serves once, each alone as the answer step does, on a single-threaded
twin of the serving encoder (the same runtime and model file: the same vectors, bit for bit) in a thread at the
lowest CPU priority, so a question rarely waits for it and every answer is what it would be without it.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

import numpy as np

from ragqa.ingest.chunking import split_sentences

log = logging.getLogger(__name__)

Encode = Callable[[list[str]], np.ndarray]
WarmState = Literal["off", "waiting", "warming", "done", "full", "failed"]
"""``off`` (disabled, or no runtime to twin), ``waiting`` (no version seen yet), ``warming``, ``done`` (every
sentence of the version has its vector), ``full`` (the limit was reached first), ``failed`` (see the log). In
every state but ``done``, sentences without a vector are encoded when a question needs them, as without warming."""


@dataclass(frozen=True)
class WarmStatus:
    """What ``/ready`` and ``/admin/index`` report."""

    state: WarmState
    sentences: int
    version: str | None


def _lowest_priority() -> None:
    """Make the calling thread yield its core to anything else (Linux: the nice value is per thread)."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
    except (AttributeError, OSError):  # not Linux, or not allowed: the warming still runs, at normal priority
        pass


class SentenceWarmer:
    """Vectors of the served version's sentences, filled by one background thread per version.

    ``make_encoder`` builds the single-threaded twin (in the warming thread, on its first need); None turns
    warming off. ``limit`` bounds the sentences held (about 3 KB each in RSS: the vector, the text, the entry).
    The twin is let go after each run. Lookups (``get``) never block.
    """

    def __init__(self, make_encoder: Callable[[], Encode] | None, limit: int) -> None:
        self._make_encoder = make_encoder
        self._encode: Encode | None = None
        self.limit = limit
        self._vectors: dict[str, np.ndarray] = {}
        # the previous version's vectors: still right (same encoder), reused for sentences both versions hold
        self._previous: dict[str, np.ndarray] = {}
        self._version: str | None = None
        self._state: WarmState = "off" if make_encoder is None or limit <= 0 else "waiting"
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._twin_lock = threading.Lock()  # loading the twin takes a while: never under ``_lock``

    def get(self, text: str) -> np.ndarray | None:
        """The vector of ``text`` when it was warmed, else None."""
        vector = self._vectors.get(text)
        return vector if vector is not None else self._previous.get(text)

    def status(self) -> WarmStatus:
        return WarmStatus(self._state, len(self._vectors), self._version)

    def follow(self, version: str, chunk_texts: Iterable[str]) -> None:
        """Warm ``version``'s sentences (``chunk_texts``: its chunks' texts, read in the thread) unless it is the
        version already warmed or being warmed; a run for an older version stops at its next sentence."""
        with self._lock:
            if self._state == "off" or version == self._version:
                return
            self._stop.set()
            if self._state != "done":
                self._previous = self._previous | self._vectors  # what an unfinished run had encoded
            else:
                self._previous = self._vectors
            fresh: dict[str, np.ndarray] = {}
            self._vectors = fresh
            self._version = version
            self._state = "warming"
            self._stop = threading.Event()
            self._thread = threading.Thread(
                target=self._run, args=(version, chunk_texts, fresh, self._stop), name="ragqa-warm", daemon=True
            )
            self._thread.start()

    def close(self) -> None:
        """Stop warming (at its next sentence)."""
        self._stop.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the current run ends (tests, benchmarks); True when it did."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
            return not thread.is_alive()
        return True

    def _twin(self) -> Encode:
        with self._twin_lock:
            if self._encode is None:
                assert self._make_encoder is not None
                self._encode = self._make_encoder()
            return self._encode

    def _run(
        self, version: str, chunk_texts: Iterable[str], vectors: dict[str, np.ndarray], stop: threading.Event
    ) -> None:
        _lowest_priority()
        started = time.perf_counter()
        try:
            state = self._fill(chunk_texts, vectors, stop, self._twin())
        except Exception:  # warming is an optimisation: a failure leaves answers encoding on demand, as before
            log.exception("warming the sentence vectors of %s failed", version)
            state = "failed"
        with self._twin_lock:
            if not stop.is_set():  # a newer run may be using it
                self._encode = None  # the twin's session (about 70 MB) is loaded again for the next version
        with self._lock:
            if stop.is_set():
                return
            self._state = state
            self._previous = {}
        log.info(
            "sentence vectors of %s: %d in %.1f s (%s)", version, len(vectors), time.perf_counter() - started, state
        )

    def _fill(
        self, chunk_texts: Iterable[str], vectors: dict[str, np.ndarray], stop: threading.Event, encode: Encode
    ) -> WarmState:
        for text in chunk_texts:
            for start, end in split_sentences(text):
                if stop.is_set():
                    return "warming"
                sentence = text[start:end]
                if sentence in vectors:
                    continue
                if len(vectors) >= self.limit:
                    return "full"
                vector = self._previous.get(sentence)
                if vector is None:
                    vector = encode([sentence])[0]
                    vector.setflags(write=False)
                vectors[sentence] = vector
        return "done"
