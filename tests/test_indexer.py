"""The rebuild job with the real model: up-to-date detection, incremental reuse, one writer."""

import pytest

from ragqa.index.build import BuildLocked, build_index, build_lock
from ragqa.index.store import list_versions, load_version


def test_incremental_build_reembeds_only_changes(tmp_path, corpus_copy, embedder):
    index = tmp_path / "index"
    first = build_index(corpus_copy, index, embedder)
    assert first.added == 1 and first.chunks > 0
    assert build_index(corpus_copy, index, embedder).up_to_date

    (corpus_copy / "extra.md").write_text("# Extra\n\nThe Kremlin hosted talks in Moscow in 2019.\n")
    second = build_index(corpus_copy, index, embedder)
    assert (second.added, second.changed, second.unchanged, second.removed) == (1, 0, 1, 0)
    assert second.embedded_chunks == 1
    live = load_version(index)
    before = load_version(index, first.version)
    assert live.chunk_count == before.chunk_count + 1
    # unchanged vectors are carried over exactly
    new_rows = {c.chunk_id: i for i, c in enumerate(live.chunks)}
    rows = [new_rows[c.chunk_id] for c in before.chunks]
    assert (live.vectors()[rows] == before.vectors()).all()

    (corpus_copy / "extra.md").unlink()
    third = build_index(corpus_copy, index, embedder)
    assert third.removed == 1 and third.embedded_chunks == 0
    assert len(list_versions(index)) <= 3


def test_second_writer_fails_fast(tmp_path):
    with build_lock(tmp_path):
        with pytest.raises(BuildLocked, match="--wait"):
            with build_lock(tmp_path):
                pass


def test_the_manifest_says_which_encoder_runtimes_made_its_vectors(tmp_path, corpus_copy, embedder):
    """Runtimes' vectors are interchangeable within tolerance, so a build reuses them; the manifest says whose."""
    from ragqa.embedding.encoder import load_encoder
    from ragqa.index.store import read_manifest

    index = tmp_path / "index"
    first = build_index(corpus_copy, index, embedder)
    assert read_manifest(index, first.version).encoder_runtimes == ["torch"]

    (corpus_copy / "extra.md").write_text("# Extra\n\nThe Kremlin hosted talks in Moscow in 2019.\n")
    second = build_index(corpus_copy, index, load_encoder(backend="onnx"))
    assert second.embedded_chunks == 1 and second.unchanged == 1
    assert read_manifest(index, second.version).encoder_runtimes == ["onnx", "torch"]

    third = build_index(corpus_copy, index, load_encoder(backend="onnx"), full=True)
    assert read_manifest(index, third.version).encoder_runtimes == ["onnx"]


@pytest.mark.slow  # a real `ragqa serve` that builds and loads the model
def test_serve_with_corpus_builds_with_the_index_runtime_and_serves_with_its_own(tmp_path):
    """`serve --corpus` builds as `ragqa index` does (fp32 ONNX by default), then answers with int8 questions."""
    import httpx
    from helpers import CORPUS
    from helpers.servers import start_server, stop_server

    from ragqa.index.store import live_version, read_manifest

    index = tmp_path / "index"
    proc, base = start_server(index, extra_env={"RAGQA_TORCH_THREADS": "1"}, args=["--corpus", str(CORPUS)])
    try:
        ready = httpx.get(f"{base}/ready", timeout=10).json()
        body = httpx.post(f"{base}/ask", json={"question": "Who is Zamir Kabulov?"}, timeout=30).json()
    finally:
        stop_server(proc)
    assert read_manifest(index, live_version(index)).encoder_runtimes == ["onnx"]
    assert ready["index_encoder_runtimes"] == ["onnx"] and ready["encoder_runtime"].startswith("onnx-int8-")
    assert "Kabulov" in body["answer"] and body["citations"]
