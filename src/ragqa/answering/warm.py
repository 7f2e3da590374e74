"""Sentence vectors computed ahead of questions, in the background, for the version being served.

Why: the answer step scores its best candidate sentences by their similarity to the question, and encoding them
when asked took about 30 of a 45 ms ``/ask`` (docs/benchmarks.md). A server is idle between questions: it
encodes every sentence of the version it serves once, each alone as the answer step does, on a single-threaded
twin of the serving encoder (the same runtime and model file: the same vectors, bit for bit) in a thread at the
lowest CPU priority, so a question rarely waits for it and every answer is what it would be without it.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
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


SAVED_CHECKS = 8
"""Saved vectors re-encoded before the rest are trusted (about 40 ms)."""
SAVED_VERSIONS = 3
"""Versions whose warmed vectors stay saved (the served one and those a rollback would go back to)."""


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
    The twin is let go after each run. Lookups (``get``) never block. With ``store`` (a folder), a finished run
    is saved there and a restarted server (or another worker) loads it instead of encoding again, once a sample of
    its vectors re-encoded here matches bit for bit (``SAVED_CHECKS``; a file from another model, runtime or CPU is
    encoded again).
    """

    def __init__(self, make_encoder: Callable[[], Encode] | None, limit: int, store: Path | None = None) -> None:
        self._make_encoder = make_encoder
        self._store = store
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
            encode = self._twin()
            loaded = self._load(version, vectors, encode)
            state = self._fill(chunk_texts, vectors, stop, encode)
            if state != "warming" and len(vectors) > loaded:
                self._save(version, vectors)
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

    def _paths(self, version: str) -> tuple[Path, Path]:
        assert self._store is not None
        return self._store / f"{version}.npy", self._store / f"{version}.json"

    def _load(self, version: str, vectors: dict[str, np.ndarray], encode: Encode) -> int:
        """Vectors a finished run saved for ``version``, into ``vectors`` when a sample re-encoded here matches
        them; how many were loaded."""
        if self._store is None:
            return 0
        matrix_path, texts_path = self._paths(version)
        try:
            texts = json.loads(texts_path.read_text(encoding="utf-8"))
            matrix = np.load(matrix_path, allow_pickle=False)
        except (OSError, ValueError):
            return 0
        if not isinstance(texts, list) or matrix.ndim != 2 or len(texts) != len(matrix):
            return 0
        sample = sorted({round(i * (len(texts) - 1) / max(SAVED_CHECKS - 1, 1)) for i in range(SAVED_CHECKS)})
        if not texts or any(not np.array_equal(encode([texts[i]])[0], matrix[i]) for i in sample):
            log.info("saved sentence vectors of %s do not match this encoder: encoding them again", version)
            return 0
        matrix.setflags(write=False)
        for text, row in zip(texts[: self.limit], matrix):
            vectors[text] = row
        return min(len(texts), self.limit)

    def _save(self, version: str, vectors: dict[str, np.ndarray]) -> None:
        """The run's vectors, written whole (a temporary name, then renamed); only the newest few versions kept."""
        if self._store is None or not vectors:
            return
        matrix_path, texts_path = self._paths(version)
        try:
            self._store.mkdir(parents=True, exist_ok=True)
            for path, write in (
                (matrix_path, lambda f: np.save(f, np.stack(list(vectors.values())), allow_pickle=False)),
                (texts_path, lambda f: f.write(json.dumps(list(vectors), ensure_ascii=False).encode("utf-8"))),
            ):
                partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
                with partial.open("wb") as handle:
                    write(handle)
                os.replace(partial, path)
            saved = sorted(self._store.glob("*.npy"), key=lambda p: p.stat().st_mtime, reverse=True)
            for old in saved[SAVED_VERSIONS:]:
                old.unlink(missing_ok=True)
                old.with_suffix(".json").unlink(missing_ok=True)
        except (OSError, ValueError) as exc:  # a read-only cache folder: warming still works, a restart encodes again
            log.warning("cannot save the sentence vectors of %s in %s: %s", version, self._store, exc)

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
