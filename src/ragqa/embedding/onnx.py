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
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

FP32_FILE = "model.onnx"
INT8_FILES = {"vnni": "model-int8-vnni-ffnout0-fp32.onnx", "avx2": "model-int8-ffnout-fp32.onnx"}
"""The int8 export per recipe (see ``int8_recipe``); named by recipe, so a changed recipe never reuses an old file."""
OPSET = 17
VNNI_FLAGS = ("avx512_vnni", "avx_vnni")


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
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.inter_op_num_threads = 1
        # Busy-waiting between ops (``spin``) saves a thread wake-up per op: an isolated query takes 0.75x the time,
        # but batches gain nothing and, in the server, /ask got slower (the spinning threads take the core the
        # request's other work needs; docs/benchmarks.md), so nothing in ragqa spins; the benchmarks measure it.
        options.add_session_config_entry("session.intra_op.allow_spinning", "1" if spin else "0")
        if threads > 0:
            options.intra_op_num_threads = threads
        self._session = ort.InferenceSession(str(self.path), options, providers=["CPUExecutionProvider"])
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
        """Unit-length float32 vectors; texts are batched by length so padding stays small."""
        order = np.argsort([-len(t) for t in texts], kind="stable")
        out: np.ndarray | None = None
        for start in range(0, len(texts), batch_size):
            idx = order[start : start + batch_size]
            encodings = self._tokenizer.encode_batch([texts[i] for i in idx])
            ids = np.asarray([e.ids for e in encodings], dtype=np.int64)
            mask = np.asarray([e.attention_mask for e in encodings], dtype=np.int64)
            feed = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self._input_names:
                feed["token_type_ids"] = np.zeros_like(ids)
            hidden = self._session.run(None, feed)[0]
            weights = mask[:, :, None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            pooled /= np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
            if out is None:
                out = np.empty((len(texts), pooled.shape[1]), dtype=np.float32)
            out[idx] = pooled
        return out if out is not None else np.zeros((0, self.dimension), dtype=np.float32)


def _max_seq_length(model_dir: Path) -> int:
    """sentence-transformers' ``max_seq_length`` from the model folder (256 for all-MiniLM-L6-v2)."""
    config = model_dir / "sentence_bert_config.json"
    if config.exists():
        return int(json.loads(config.read_text()).get("max_seq_length", 256))
    return 256
