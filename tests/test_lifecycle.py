"""Index lifecycle in-process, with the real model and FAISS: version ids, pruning of debris, lazy model
loading, counts, corruption refused and fallen back from, requests in flight keeping their version."""

import shutil
import threading
import time

import pytest
from helpers.answers import holder_for

from ragqa.config import Settings
from ragqa.index.build import LazyEncoder, build_index, build_lock
from ragqa.index.errors import IndexCorrupt
from ragqa.index.holder import IndexUnavailable
from ragqa.index.store import (
    POINTER,
    VERSIONS,
    is_version_id,
    list_versions,
    live_version,
    load_version,
    new_version_id,
    prune,
    publish,
)
from ragqa.services import Services

MARKER_QUESTION = "What is the code word of the lifecycle test?"


def marker(corpus, word):
    (corpus / "marker.md").write_text(f"# Lifecycle marker\n\nThe code word of the lifecycle test is {word}.\n")


@pytest.fixture
def index(tmp_path, index_dir):
    """A copy of the session's index of corpus/, so each test embeds only what it adds."""
    dest = tmp_path / "index"
    shutil.copytree(index_dir, dest)
    return dest


def corrupt(path, name="vectors.faiss"):
    with (path / name).open("r+b") as fh:
        fh.seek(48)
        fh.write(b"\x00garbage\x00")


def test_version_ids_sort_after_existing_ones_even_when_the_clock_is_behind():
    future = "29991231T235959.999998-abcdef"
    nxt = new_version_id(after=[future])
    assert is_version_id(nxt) and nxt > future
    assert new_version_id(after=[nxt]) > nxt
    a, b = new_version_id(), new_version_id()
    assert a != b
    assert not is_version_id("../../etc") and not is_version_id("20261125T115016-d9fac3x")


def test_prune_removes_crash_debris_and_old_versions_but_never_the_live_one(index, corpus_copy, embedder):
    versions = []
    for word in ("one", "two", "three", "four", "five"):
        marker(corpus_copy, word)
        versions.append(build_index(corpus_copy, index, embedder, keep_versions=10).version)
    assert list_versions(index)[-5:] == versions
    publish(index, versions[1])  # a rollback: versions 3-5 were live once, so only the count (keep=1) removes them
    (index / VERSIONS / ".tmp-20990101T000000.000000-aaaaaa").mkdir()
    (index / f".{POINTER}.deadbeef.tmp").write_text("x")
    removed = prune(index, keep=1)
    assert set(removed) >= {".tmp-20990101T000000.000000-aaaaaa", f".{POINTER}.deadbeef.tmp", *versions[2:]}
    assert list_versions(index) == [versions[1]]
    assert live_version(index) == versions[1]
    load_version(index)


def test_nothing_to_embed_never_loads_the_model(index, corpus_copy, embedder):
    loads = []

    def load():
        loads.append(1)
        return embedder

    lazy = LazyEncoder(embedder.name, load)
    marker(corpus_copy, "alpha")
    (corpus_copy / "other.txt").write_text("Other note\nA second document about Kabul and Moscow talks.\n")
    first = build_index(corpus_copy, index, lazy)
    assert (first.added, first.unchanged) == (2, 1) and len(loads) == 1

    lazy = LazyEncoder(embedder.name, load)
    assert build_index(corpus_copy, index, lazy).up_to_date
    (corpus_copy / "other.txt").unlink()
    removal = build_index(corpus_copy, index, lazy)
    assert (removal.added, removal.changed, removal.removed, removal.unchanged) == (0, 0, 1, 2)
    assert removal.embedded_chunks == 0 and len(loads) == 1, "a removal must not load the model"
    assert {d.doc_id for d in load_version(index).documents()} == {"marker.md", "russia-taliban-ties.md"}


def test_full_rebuild_reembeds_everything_and_counts_against_the_live_version(index, corpus_copy, embedder):
    marker(corpus_copy, "red")
    first = build_index(corpus_copy, index, embedder)
    marker(corpus_copy, "blue")
    full = build_index(corpus_copy, index, embedder, full=True)
    assert (full.added, full.changed, full.unchanged) == (0, 1, 1)
    assert full.embedded_chunks == full.chunks == first.chunks
    manifest = load_version(index).manifest
    assert manifest.full is True and manifest.counts is not None and manifest.counts["changed"] == 1
    assert manifest.build_seconds is not None and manifest.build_seconds > 0


def test_a_corrupt_live_version_is_rebuilt_from_the_newest_good_one(index, corpus_copy, embedder):
    marker(corpus_copy, "green")
    good = build_index(corpus_copy, index, embedder)
    marker(corpus_copy, "violet")
    bad = build_index(corpus_copy, index, embedder)
    corrupt(index / VERSIONS / bad.version, "chunks.sqlite")
    with pytest.raises(IndexCorrupt, match="chunks.sqlite"):
        load_version(index)
    # The corpus did not change, yet the build must not call a corrupt index "up to date".
    repair = build_index(corpus_copy, index, embedder)
    assert not repair.up_to_date
    # Vectors come from the good version: only the marker (changed since it) is embedded again.
    assert (repair.changed, repair.unchanged, repair.embedded_chunks) == (1, 1, 1)
    assert "violet" in " ".join(c.text for c in load_version(index).chunks)
    assert good.version in list_versions(index)


def test_holder_refuses_a_corrupt_version_and_keeps_serving(index, corpus_copy, embedder):
    marker(corpus_copy, "saffron")
    first = build_index(corpus_copy, index, embedder)
    holder = holder_for(index, embedder)
    assert holder.reload_if_changed() and holder.problem is None

    marker(corpus_copy, "cobalt")
    second = build_index(corpus_copy, index, embedder)
    corrupt(index / VERSIONS / second.version)
    assert not holder.reload_if_changed()
    assert holder.current.version == first.version
    assert "vectors.faiss" in holder.refused[second.version]
    assert second.version in holder.problem and "vectors.faiss" in holder.problem
    assert not holder.reload_if_changed(), "a refused version is not read again at every poll"

    marker(corpus_copy, "juniper")
    third = build_index(corpus_copy, index, embedder)
    assert holder.reload_if_changed()
    assert holder.current.version == third.version and holder.problem is None


def test_start_up_falls_back_to_the_newest_good_older_version(index, corpus_copy, embedder):
    words = ["amber", "coral", "indigo"]
    built = []
    for word in words:
        marker(corpus_copy, word)
        built.append(build_index(corpus_copy, index, embedder).version)
    corrupt(index / VERSIONS / built[2])
    services = Services.build(Settings(index_dir=index), embedder)  # loads at start-up
    assert services.holder.loaded
    assert services.holder.current.version == built[1]
    assert built[2] in services.holder.problem and "vectors.faiss" in services.holder.problem
    assert services.status().state == "degraded"
    hits, version = services.search(MARKER_QUESTION, 1)
    assert version == built[1] and "coral" in hits[0].chunk.text

    # A pointer naming something that is not a version at all: same fallback, to the newest good one.
    (index / POINTER).write_text("../../etc/passwd\n")
    holder = holder_for(index, embedder)
    holder.reload_if_changed()
    assert holder.current.version == built[1]
    assert "not a version id" in holder.problem

    # Nothing good at all: not ready, with the reason.
    for version in list_versions(index):
        corrupt(index / VERSIONS / version, "chunks.sqlite")
    holder = holder_for(index, embedder)
    assert not holder.reload_if_changed()
    with pytest.raises(IndexUnavailable, match="no older version is good"):
        _ = holder.current


def test_requests_in_flight_finish_on_their_version_even_after_it_is_pruned(index, corpus_copy, embedder):
    marker(corpus_copy, "obsidian")
    old = build_index(corpus_copy, index, embedder).version
    holder = holder_for(index, embedder)
    holder.reload_if_changed()
    in_flight = holder.current  # what a request takes at its start

    marker(corpus_copy, "vermilion")
    new = build_index(corpus_copy, index, embedder, keep_versions=1).version
    assert holder.reload_if_changed()
    assert old not in list_versions(index), "the old folder is gone"
    assert "obsidian" in in_flight.search(MARKER_QUESTION, 1)[0].chunk.text
    assert in_flight.version == old
    assert "vermilion" in holder.current.search(MARKER_QUESTION, 1)[0].chunk.text
    assert holder.current.version == new
    assert [d.doc_id for d in in_flight.index.documents()] == ["marker.md", "russia-taliban-ties.md"]


def test_wait_queues_behind_the_running_build(tmp_path):
    waited = []
    order = []
    with build_lock(tmp_path):

        def second():
            with build_lock(tmp_path, wait=True, on_wait=waited.append):
                order.append("second")

        thread = threading.Thread(target=second)
        thread.start()
        time.sleep(0.3)
        order.append("first done")
    thread.join(10)
    assert order == ["first done", "second"]
    assert waited and "pid" in waited[0]
