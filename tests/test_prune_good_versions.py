"""Pruning keeps ``keep`` GOOD versions: versions that fail verification (corrupt or missing file, bad manifest)
never count and are removed, the live one is always kept. Real builds (FAISS, SQLite) with the fake encoder."""

import os
import time

import pytest
from helpers.fake_encoder import FakeEncoder
from helpers.tiny_corpus import write_tiny_corpus

from ragqa.index import store
from ragqa.index.build import build_index
from ragqa.index.errors import IndexCorrupt
from ragqa.index.store import (
    CHUNKS_DB,
    MANIFEST,
    VECTORS,
    VERSIONS,
    list_versions,
    live_version,
    load_newest_good,
    load_version,
    prune,
    verify_version,
)


@pytest.fixture
def corpus(tmp_path):
    return write_tiny_corpus(tmp_path / "corpus")


def build(corpus, index, keep, word):
    """One real build that publishes a new version (the marker document changes each time)."""
    (corpus / "marker.md").write_text(f"# Marker\n\nThe code word of this build is {word}.\n")
    report = build_index(corpus, index, FakeEncoder(), keep_versions=keep)
    assert not report.up_to_date
    return report.version


def corrupt(index, version, name=VECTORS):
    with (index / VERSIONS / version / name).open("r+b") as fh:
        fh.seek(48)
        fh.write(b"\x00garbage\x00")


def good_fallbacks(index):
    """Versions other than the live one that load and verify, newest first."""
    live = live_version(index)
    found = []
    for version in reversed(list_versions(index)):
        if version != live:
            load_version(index, version)  # raises if it does not verify
            found.append(version)
    return found


def test_a_corrupt_fallback_does_not_count_toward_keep(tmp_path, corpus):
    index = tmp_path / "index"
    v1, v2, v3 = (build(corpus, index, 3, w) for w in ("one", "two", "three"))
    assert list_versions(index) == [v1, v2, v3]
    corrupt(index, v2)  # the newest version older than the live one
    v4 = build(corpus, index, 3, "four")
    assert list_versions(index) == [v1, v3, v4]  # v2 removed, v1 kept in its place
    assert good_fallbacks(index) == [v3, v1]  # two good fallbacks, as keep=3 promises
    fallback, refused = load_newest_good(index, before=v4)
    assert fallback is not None and fallback.version == v3 and refused == {}


def test_keep_two_still_leaves_one_good_fallback_when_the_newest_older_one_is_corrupt(tmp_path, corpus):
    index = tmp_path / "index"
    v1, v2, v3 = (build(corpus, index, 2, w) for w in ("one", "two", "three"))
    assert list_versions(index) == [v2, v3]
    corrupt(index, v3, CHUNKS_DB)  # live now; the newest older version once the next build publishes
    v4 = build(corpus, index, 2, "four")
    assert list_versions(index) == [v2, v4]
    assert good_fallbacks(index) == [v2]


def test_prune_removes_every_bad_version_keeps_the_live_one_and_n_good_ones(tmp_path, corpus):
    index = tmp_path / "index"
    v1, v2, v3, v4, v5, v6 = (build(corpus, index, 10, w) for w in ("a", "b", "c", "d", "e", "f"))
    (index / VERSIONS / v5 / CHUNKS_DB).unlink()  # missing file
    (index / VERSIONS / v4 / MANIFEST).write_text("{not json")  # bad manifest
    corrupt(index, v2)  # wrong checksum
    removed = prune(index, keep=3)
    # newest first: v6 live good (1), v5 bad, v4 bad, v3 good (2), v2 bad, v1 good (3)
    assert set(removed) == {v2, v4, v5}
    assert list_versions(index) == [v1, v3, v6]

    corrupt(index, v6)  # the live version itself goes bad: kept, but it no longer counts
    removed = prune(index, keep=2)
    assert removed == [] and list_versions(index) == [v1, v3, v6]
    with pytest.raises(IndexCorrupt):
        load_version(index)
    assert good_fallbacks(index) == [v3, v1]
    assert prune(index, keep=1) == [v1] and list_versions(index) == [v3, v6]


def test_prune_hashes_an_unchanged_settled_version_once_and_again_after_it_changes(tmp_path, corpus, monkeypatch):
    index = tmp_path / "index"
    versions = [build(corpus, index, 10, w) for w in ("a", "b", "c")]
    old = time.time() - 3600
    for version in versions:  # written an hour ago: their verdicts may be remembered
        for file in (index / VERSIONS / version).rglob("*"):  # the BM25 files under bm25/ too
            if file.is_file():
                os.utime(file, (old, old))
    hashed = []
    real_sha256 = store._sha256
    monkeypatch.setattr(store, "_sha256", lambda path: hashed.append(path) or real_sha256(path))

    assert prune(index, keep=3) == []
    data_files = len(store.read_manifest(index, versions[0]).files)  # vectors, SQLite and the BM25 files
    assert len(hashed) == 3 * data_files  # the data files of each of the three versions
    hashed.clear()
    assert prune(index, keep=3) == [] and hashed == []  # nothing changed: nothing read again

    corrupt(index, versions[1])  # writing gives the file a new mtime: its verdict is reached again
    assert prune(index, keep=3) == [versions[1]]
    assert [p.parent.name for p in hashed] == [versions[1]]
    assert list_versions(index) == [versions[0], versions[2]]
    for version in list_versions(index):
        verify_version(index / VERSIONS / version, store.read_manifest(index, version))
