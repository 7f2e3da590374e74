"""The same MiniLM encoder on onnxruntime: exported once from the local model, optionally int8-quantized.

Why: on two CPU cores the model's forward pass bounds both ``/ask`` (one query) and index builds (many
chunks). onnxruntime runs the exported graph faster than torch, starts in a fraction of a second, and the
serving process then never imports torch or sentence-transformers (less memory).

How (no optimum, which pins an old transformers): ``torch.onnx.export(dynamo=False)`` of the BERT module
wrapped to take keyword arguments, ``onnxruntime.quantization.quantize_dynamic`` for int8, then onnxruntime +
``tokenizers`` with the same truncation (256), mean pooling and normalization as sentence-transformers.
The export is written once into a cache folder (``~/.cache/ragqa/onnx/<model>-<stamp>/``), never into the model
package, under a file lock so concurrent first starts do not race; torch is imported only for that export.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import time
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

FP32_FILE = "model.onnx"
INT8_FILES = {"vnni": "model-int8-vnni-ffnout0-fp32.onnx", "avx2": "model-int8-ffnout-fp32.onnx"}
"""The int8 export per recipe (see ``int8_recipe``); named by recipe, so a changed recipe never reuses an old file."""
OPSET = 17
VNNI_FLAGS = ("avx512_vnni", "avx_vnni")
GUARD_FREE_SUFFIX = "-noguard.onnx"
"""Suffix of an export's copy without NaN guards (``_guard_free``), the file sessions load."""
MEASURED_BATCH_SIZES = (2, 4, 8, 16)
"""Batch sizes an index build tries (``OnnxEncoder._measure_batch_size``): on an AVX-512 VNNI EPYC (2 cores) 4 ran
about 0.85x the time per chunk of the old fixed 64, and 32 was always slower than 16 (docs/benchmarks.md)."""
MEASURE_ROUNDS = 2
DEFAULT_BUILD_BATCH_SIZE = 4
"""Batch size of builds too small to measure (fewer than ``MEASURE_ROUNDS * sum(MEASURED_BATCH_SIZES)`` texts)."""


class OnnxExportError(Exception):
    """The model could not be exported to ONNX or quantized."""


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/ragqa/onnx`` (``~/.cache/ragqa/onnx``)."""
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "ragqa" / "onnx"


def model_stamp(model_dir: Path) -> str:
    """Changes whenever a file of the model folder changes (name, size or modification time)."""
    digest = hashlib.sha256()
    for path in sorted(model_dir.rglob("*")):
        if path.is_file():
            stat = path.stat()
            digest.update(f"{path.relative_to(model_dir)}\0{stat.st_size}\0{int(stat.st_mtime)}\0".encode())
    return digest.hexdigest()[:16]


def _export_fp32(model_dir: Path, target: Path) -> None:
    import torch
    from transformers import AutoModel

    model = AutoModel.from_pretrained(str(model_dir))
    model.eval()

    class KeywordBert(torch.nn.Module):
        """The exporter passes positional inputs; BERT's forward wants them by name."""

        def __init__(self, bert: torch.nn.Module) -> None:
            super().__init__()
            self.bert = bert

        def forward(
            self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor
        ) -> torch.Tensor:
            out = self.bert(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)
            return out.last_hidden_state

    dummy = torch.ones((2, 16), dtype=torch.long)
    dynamic = {0: "batch", 1: "sequence"}
    with torch.no_grad():
        torch.onnx.export(
            KeywordBert(model),
            (dummy, dummy, torch.zeros_like(dummy)),
            str(target),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["last_hidden_state"],
            dynamic_axes={
                "input_ids": dynamic,
                "attention_mask": dynamic,
                "token_type_ids": dynamic,
                "last_hidden_state": dynamic,
            },
            opset_version=OPSET,
            dynamo=False,
        )


def cpu_has_vnni(cpuinfo: Path = Path("/proc/cpuinfo")) -> bool:
    """True when the CPU multiplies int8 with VNNI dot-product instructions (AVX512-VNNI or AVX-VNNI)."""
    try:
        text = cpuinfo.read_text()
    except OSError:
        return False
    for line in text.splitlines():
        if line.startswith("flags"):
            return any(flag in line.split() for flag in VNNI_FLAGS)
    return False


def int8_recipe() -> str:
    """``vnni`` where the CPU has VNNI, else ``avx2``: which int8 quantization suits this machine's int8 GEMM.

    Without VNNI, onnxruntime multiplies uint8 activations by int8 weights with AVX2 instructions that
    saturate at 16 bits, so weights get a 7-bit range, and the six FFN output projections, whose error then
    showed most, stay fp32. With VNNI nothing saturates: the weights take the full 8-bit range and only the
    first layer's FFN output projection stays fp32, which is both faster and closer to torch (docs/benchmarks.md).
    """
    return "vnni" if cpu_has_vnni() else "avx2"


def _quantize(source: Path, target: Path, recipe: str) -> None:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    # Weight MatMuls only (activations stay dynamic), per output channel: per-tensor int8 of every op gave
    # cosine to torch median 0.945. The FFN output projections (their input is the 1536-wide GELU output)
    # carry most of the error. On AVX2 without VNNI (recipe "avx2"): 7-bit weights and all six of them left in
    # fp32: quantizing them too gave median 0.994 but min 0.985 on MultiHop chunks (7% under 0.99); without
    # them median 0.997, min 0.991. On VNNI (recipe "vnni"): full 8-bit range, and only the first layer's left
    # in fp32: every one quantized gave min 0.987 (0.8% under 0.99); this gives median 0.996, min 0.991 at
    # 1.6x torch's throughput, where all six in fp32 cost a tenth of it (docs/benchmarks.md).
    ffn_out = [
        node.name
        for node in onnx.load(str(source)).graph.node
        if node.op_type == "MatMul" and "/output/dense" in node.name and "attention" not in node.name
    ]
    excluded = ffn_out[:1] if recipe == "vnni" else ffn_out
    quantize_dynamic(
        str(source),
        str(target),
        weight_type=QuantType.QInt8,
        per_channel=True,
        reduce_range=recipe != "vnni",
        op_types_to_quantize=["MatMul"],
        nodes_to_exclude=excluded,
        extra_options={"MatMulConstBOnly": True},
    )


def ensure_exported(model_dir: Path, quantized: bool, cache_dir: Path | None = None, recipe: str | None = None) -> Path:
    """The ONNX file for ``model_dir`` (int8 when ``quantized``, by ``recipe``, default this CPU's), exported
    into the cache on first use."""
    model_dir = Path(model_dir)
    folder = (cache_dir or default_cache_dir()) / f"{model_dir.name}-{model_stamp(model_dir)}"
    recipe = recipe or int8_recipe()
    target = folder / (INT8_FILES[recipe] if quantized else FP32_FILE)
    if target.exists():
        return target
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / ".lock").open("a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if target.exists():  # another process exported it while we waited
            return target
        fp32 = folder / FP32_FILE
        try:
            if not fp32.exists():
                log.info("exporting %s to ONNX in %s (once)", model_dir, folder)
                partial = folder / (FP32_FILE + ".partial")
                _export_fp32(model_dir, partial)
                partial.replace(fp32)
            if quantized:
                log.info("quantizing %s to int8 (recipe %s)", fp32, recipe)
                partial = folder / (INT8_FILES[recipe] + ".partial")
                _quantize(fp32, partial, recipe)
                partial.replace(target)
        except Exception as exc:
            raise OnnxExportError(
                f"cannot export {model_dir} to ONNX in {folder}: {exc}; "
                "set RAGQA_EMBEDDING_BACKEND=torch to run without ONNX"
            ) from exc
        (folder / "source.json").write_text(json.dumps({"model_dir": str(model_dir), "opset": OPSET}))
    return target


class OnnxEncoder:
    """Mean-pooled, normalized sentence embeddings from an ONNX export of a sentence-transformers BERT model."""

    def __init__(
        self,
        model_dir: str | Path,
        quantized: bool = False,
        threads: int = 0,
        cache_dir: Path | None = None,
        max_seq_length: int | None = None,
        spin: bool = False,
    ) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        model_dir = Path(model_dir)
        recipe = int8_recipe()
        self.path = ensure_exported(model_dir, quantized, cache_dir, recipe)
        self.runtime = f"onnx-int8-{recipe}" if quantized else "onnx"
        self.measured_batch_size: int | None = None
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.inter_op_num_threads = 1
        # Busy-waiting between ops (``spin``) saves a thread wake-up per op: an isolated query takes 0.75x the time,
        # but batches gain nothing and, in the server, /ask got slower (the spinning threads take the core the
        # request's other work needs; docs/benchmarks.md), so nothing in ragqa spins; the benchmarks measure it.
        options.add_session_config_entry("session.intra_op.allow_spinning", "1" if spin else "0")
        if threads > 0:
            options.intra_op_num_threads = threads
        self._session = ort.InferenceSession(_guard_free(self.path), options, providers=["CPUExecutionProvider"])
        self._input_names = {i.name for i in self._session.get_inputs()}
        self.max_seq_length = max_seq_length or _max_seq_length(model_dir)
        # the packaged tokenizer.json pads and truncates to 128: set our own limits
        self._tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._tokenizer.enable_truncation(self.max_seq_length)
        pad_id = self._tokenizer.token_to_id("[PAD]") or 0
        self._tokenizer.enable_padding(pad_id=pad_id, pad_token="[PAD]")
        self._counter = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._counter.no_truncation()
        self._counter.no_padding()
        self.dimension = int(self._session.get_outputs()[0].shape[-1] or 0) or self._probe_dimension()

    def _probe_dimension(self) -> int:
        return int(self.encode(["dimension probe"]).shape[1])

    def count_tokens(self, text: str) -> int:
        """Tokens of ``text`` without special tokens (the same count as the model's HF tokenizer)."""
        return len(self._counter.encode(text, add_special_tokens=False).ids)

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        """Unit-length float32 vectors; texts are batched by length so padding stays small.

        ``batch_size`` 0 (index builds): the size measured fastest on this machine by ``_measure_batch_size``.
        """
        order = np.argsort([-len(t) for t in texts], kind="stable")
        parts: list[tuple[np.ndarray, np.ndarray]] = []
        start = 0
        if batch_size <= 0:
            if self.measured_batch_size is None and len(texts) >= MEASURE_ROUNDS * sum(MEASURED_BATCH_SIZES):
                start = self._measure_batch_size(texts, order, parts)
            batch_size = self.measured_batch_size or DEFAULT_BUILD_BATCH_SIZE
        for begin in range(start, len(texts), batch_size):
            idx = order[begin : begin + batch_size]
            parts.append((idx, self._encode_batch([texts[i] for i in idx])[0]))
        if not parts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        out = np.empty((len(texts), parts[0][1].shape[1]), dtype=np.float32)
        for idx, vectors in parts:
            out[idx] = vectors
        return out

    def _measure_batch_size(
        self, texts: list[str], order: np.ndarray, parts: list[tuple[np.ndarray, np.ndarray]]
    ) -> int:
        """Encode the first texts in batches of each candidate size, ``MEASURE_ROUNDS`` times, and keep the size
        with the least time per padded token; returns how many texts of ``order`` were encoded (into ``parts``).

        Why: the best size depends on the CPU's caches (the attention scores of a batch of 64 x 256 tokens take
        200 MB), and one measurement per size is noisy on shared VMs, so each size runs twice and the best
        time counts. Every measured batch is real work, so measuring costs nothing but a few slower batches.
        """
        best: dict[int, float] = {}
        start = 0
        for _ in range(MEASURE_ROUNDS):
            for size in MEASURED_BATCH_SIZES:
                idx = order[start : start + size]
                start += size
                began = time.perf_counter()
                vectors, tokens = self._encode_batch([texts[i] for i in idx])
                per_token = (time.perf_counter() - began) / max(tokens, 1)
                best[size] = min(best.get(size, per_token), per_token)
                parts.append((idx, vectors))
        self.measured_batch_size = min(best, key=best.__getitem__)
        log.info(
            "index build batch size %d, measured fastest (us per token: %s)",
            self.measured_batch_size,
            {size: round(seconds * 1e6, 1) for size, seconds in best.items()},
        )
        return start

    def _encode_batch(self, texts: list[str]) -> tuple[np.ndarray, int]:
        """One forward pass: the batch's unit-length vectors and its padded token count."""
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.asarray([e.ids for e in encodings], dtype=np.int64)
        mask = np.asarray([e.attention_mask for e in encodings], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._input_names:
            feed["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, feed)[0]
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        pooled /= np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
        return pooled.astype(np.float32, copy=False), int(ids.size)


def _guard_free(path: Path) -> str | bytes:
    """``path``'s model without its NaN guards (``_without_nan_guards``): a file written beside it once, so later
    starts neither import onnx nor parse the model (0.9 s cold); in memory when that folder is read-only."""
    target = path.with_name(path.stem + GUARD_FREE_SUFFIX)
    if target.exists():
        return str(target)
    try:
        with (path.parent / ".lock").open("a+") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not target.exists():
                partial = target.with_name(target.name + ".partial")
                partial.write_bytes(_without_nan_guards(path))
                partial.replace(target)
    except OSError as exc:
        log.warning("cannot cache %s (%s): dropping its NaN guards in memory", target, exc)
        return _without_nan_guards(path)
    return str(target)


def _without_nan_guards(path: Path) -> bytes:
    """The ONNX model at ``path`` without the ``Where(IsNaN(softmax), 0, softmax)`` guard of each attention layer.

    Why: torch exports its fused attention with that guard for rows whose every key is masked; here no row ever
    is (each text has at least [CLS] and [SEP]), so it never changes a value, yet the two ops read and write the
    whole batch x heads x tokens x tokens attention tensor: 18% of a 256-token batch's time on an AVX-512 VNNI
    EPYC (docs/benchmarks.md). Applied to the cached export at first load, so existing caches gain it too.
    """
    import onnx

    model = onnx.load(str(path))
    graph = model.graph
    producers = {name: node for node in graph.node for name in node.output}
    uses: dict[str, int] = {}
    for node in graph.node:
        for name in node.input:
            uses[name] = uses.get(name, 0) + 1
    outputs = {o.name for o in graph.output}
    rename: dict[str, str] = {}
    dead: set[int] = set()
    for node in graph.node:
        if node.op_type != "Where" or len(node.input) != 3 or node.output[0] in outputs:
            continue
        guard = producers.get(node.input[0])
        zero = producers.get(node.input[1])
        if guard is None or guard.op_type != "IsNaN" or guard.input[0] != node.input[2]:
            continue
        if uses[guard.output[0]] != 1:
            continue
        rename[node.output[0]] = node.input[2]
        dead.update((id(node), id(guard)))
        if zero is not None and zero.op_type == "Constant" and uses[node.input[1]] == 1:
            dead.add(id(zero))
    if not rename:
        return model.SerializeToString()
    for node in graph.node:
        for i, name in enumerate(node.input):
            if name in rename:
                node.input[i] = rename[name]
    kept = [node for node in graph.node if id(node) not in dead]
    del graph.node[:]
    graph.node.extend(kept)
    log.debug("dropped %d NaN guards from %s", len(rename), path)
    return model.SerializeToString()


def _max_seq_length(model_dir: Path) -> int:
    """sentence-transformers' ``max_seq_length`` from the model folder (256 for all-MiniLM-L6-v2)."""
    config = model_dir / "sentence_bert_config.json"
    if config.exists():
        return int(json.loads(config.read_text()).get("max_seq_length", 256))
    return 256
