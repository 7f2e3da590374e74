"""The on-disk index: manifest, compatibility check, verification, atomic publish."""

import json

import numpy as np
import pytest

from ragqa.index.errors import IndexCorrupt, IndexMismatch, IndexNotFound
from ragqa.index.manifest import Manifest
from ragqa.index.store import (
    check_compatible,
    live_version,
    load_version,
    publish,
    read_manifest,
    write_version,
)
from ragqa.records import Chunk


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
