"""The rebuild job with the real model: up-to-date detection, incremental reuse, one writer."""

import pytest

from ragqa.indexer import BuildLocked, build_index, build_lock
from ragqa.store import list_versions, load_version


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
