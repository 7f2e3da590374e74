"""The on-disk index: manifest, compatibility check, verification, atomic publish, stored BM25 indexes."""

import json
import shutil

import numpy as np
import pytest

from ragqa.index import bm25
from ragqa.index.errors import IndexCorrupt, IndexMismatch, IndexNotFound
from ragqa.index.manifest import Manifest
from ragqa.index.store import (
    check_compatible,
    live_version,
    load_version,
    publish,
    read_manifest,
    verify_version,
    write_version,
)
from ragqa.records import Chunk
from ragqa.retrieval.keyword import KeywordIndex


def small_version(tmp_path, model="m", dim=4):
    chunks = [Chunk(f"c{i}", "d", "T", "S", i, i + 1, "x") for i in range(3)]
    vectors = np.eye(3, dim, dtype=np.float32)
    path = write_version(tmp_path, chunks, vectors, [], Manifest(model=model, dimension=dim, corpus_fingerprint="f"))
    publish(tmp_path, path.name)
    return path


def test_manifest_records_what_a_reader_needs(index_dir):
    manifest = read_manifest(index_dir)
    on_disk = json.loads((index_dir / "versions" / manifest.version / "manifest.json").read_text())
    for key in ("format_version", "model", "dimension", "chunk_count", "corpus_fingerprint", "built_at", "files"):
        assert key in on_disk
    assert manifest.dimension == on_disk["dimension"] == 384
    assert manifest.chunk_count == load_version(index_dir).chunk_count


def test_round_trip_and_pointer(tmp_path):
    path = small_version(tmp_path)
    assert live_version(tmp_path) == path.name
    loaded = load_version(tmp_path)
    assert [c.chunk_id for c in loaded.chunks] == ["c0", "c1", "c2"]
    np.testing.assert_allclose(loaded.vectors(), np.eye(3, 4))


def test_other_model_or_dimension_says_to_rebuild(tmp_path):
    small_version(tmp_path)
    manifest = read_manifest(tmp_path)
    with pytest.raises(IndexMismatch, match="rebuild"):
        check_compatible(manifest, "other-model", 4)
    with pytest.raises(IndexMismatch, match="384 dimensions"):
        check_compatible(manifest, "m", 384)
    check_compatible(manifest, "m", 4)


def test_corrupt_file_is_named(tmp_path):
    path = small_version(tmp_path)
    with (path / "vectors.faiss").open("r+b") as fh:
        fh.seek(60)
        fh.write(b"garbage")
    with pytest.raises(IndexCorrupt, match="vectors.faiss"):
        load_version(tmp_path)


def test_missing_index_says_how_to_build(tmp_path):
    with pytest.raises(IndexNotFound, match="ragqa index"):
        read_manifest(tmp_path)


def test_bad_manifest_json(tmp_path):
    path = small_version(tmp_path)
    (path / "manifest.json").write_text("{")
    with pytest.raises(IndexCorrupt, match="manifest.json"):
        load_version(tmp_path)


def test_keyword_indexes_are_listed_with_checksums_and_verified(tmp_path):
    path = small_version(tmp_path)
    files = read_manifest(tmp_path).files
    stored = [name for name in files if name.startswith(bm25.FOLDER + "/")]
    assert bm25.META in stored and f"{bm25.CHUNKS}/data.csc.index.npy" in stored and bm25.RUN_CHUNKS in stored
    assert all((path / name).is_file() for name in stored)
    manifest = read_manifest(tmp_path)
    assert manifest.sizes == {name: (path / name).stat().st_size for name in files}
    assert load_version(tmp_path).keyword is not None
    vocab = path / bm25.CHUNKS / "vocab.index.json"  # a small file: hashed at every load
    original = vocab.read_bytes()
    vocab.write_bytes(original.replace(b'"x"', b'"y"'))
    with pytest.raises(IndexCorrupt, match="vocab.index.json fails its checksum"):
        load_version(tmp_path)
    vocab.write_bytes(original)
    target = path / bm25.CHUNKS / "data.csc.index.npy"  # a large score array: sized at load, hashed by builds
    assert f"{bm25.CHUNKS}/data.csc.index.npy" in bm25.SIZE_CHECKED
    data = bytearray(target.read_bytes())
    data[-1] ^= 0xFF
    target.write_bytes(bytes(data))
    load_version(tmp_path)
    with pytest.raises(IndexCorrupt, match="data.csc.index.npy fails its checksum"):
        verify_version(path, manifest)  # what prune, the up-to-date check and rollback run
    target.write_bytes(bytes(data) + b"\0")
    with pytest.raises(IndexCorrupt, match="data.csc.index.npy has the wrong size"):
        load_version(tmp_path)
    target.unlink()
    with pytest.raises(IndexCorrupt, match="data.csc.index.npy is missing"):
        load_version(tmp_path)


def test_a_manifest_cannot_point_outside_its_folder(tmp_path):
    path = small_version(tmp_path)
    manifest = json.loads((path / "manifest.json").read_text())
    manifest["files"]["../elsewhere"] = "0" * 64
    (path / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(IndexCorrupt, match="outside its folder"):
        load_version(tmp_path)


def test_memory_mapped_keyword_indexes_outlive_a_pruned_folder(tmp_path):
    path = small_version(tmp_path)
    loaded = load_version(tmp_path)
    before = KeywordIndex.for_version(loaded)
    expected = before.scores("x"), before.sentence_scores("x")
    shutil.rmtree(path)
    after = KeywordIndex.for_version(loaded)
    assert after.stored and expected[0].any()
    assert np.array_equal(after.scores("x"), expected[0]) and np.array_equal(after.sentence_scores("x"), expected[1])


def test_keyword_files_that_disagree_with_the_version_are_refused(tmp_path):
    path = small_version(tmp_path)
    meta = json.loads((path / bm25.META).read_text())
    meta["chunks"] = 7
    (path / bm25.META).write_text(json.dumps(meta))
    with pytest.raises(IndexCorrupt, match="fails its checksum"):
        load_version(tmp_path)
    with pytest.raises(IndexCorrupt, match="counts 7 chunks"):
        load_version(tmp_path, verify=False)


def test_an_empty_version_round_trips(tmp_path):
    path = write_version(tmp_path, [], np.zeros((0, 4), np.float32), [], Manifest(model="m", dimension=4))
    loaded = load_version(tmp_path, path.name)
    assert loaded.chunk_count == 0 and loaded.keyword is not None
    assert KeywordIndex.for_version(loaded).scores("x").shape == (0,)


def test_loaded_chunks_share_their_documents_repeated_strings(tmp_path):
    small_version(tmp_path)
    chunks = load_version(tmp_path).chunks
    assert [c.chunk_id for c in chunks] == ["c0", "c1", "c2"] and chunks[0].title == "T"
    assert chunks[0].title is chunks[2].title and chunks[0].doc_id is chunks[1].doc_id
