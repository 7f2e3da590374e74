"""Rollback: an earlier good version is published again (the store, ``ragqa index --rollback [VERSION]`` and
``POST /admin/rollback`` over a real uvicorn server), newer versions stay until pruned by count, and the next build
starts from the rolled-back version. Real builds (FAISS, SQLite) with the fake encoder: no model is loaded."""

import threading
import time

import httpx
import pytest
from helpers.cli import ragqa
from helpers.fake_encoder import FakeEncoder
from helpers.servers import serve_app, wait_for_version
from helpers.tiny_corpus import write_tiny_corpus

from ragqa.api.app import create_app
from ragqa.config import Settings
from ragqa.index.build import BuildLocked, build_index, build_lock
from ragqa.index.errors import IndexCorrupt, IndexMismatch, NothingToRollBack, VersionNotFound
from ragqa.index.rollback import RolledBack, rollback
from ragqa.index.store import (
    NEWEST,
    POINTER,
    VECTORS,
    VERSIONS,
    check_compatible,
    list_versions,
    live_version,
    load_version,
    prune,
    write_version,
)

TOKEN = "rollback-admin-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def corpus(tmp_path):
    return write_tiny_corpus(tmp_path / "corpus")


@pytest.fixture
def index(tmp_path):
    return tmp_path / "index"


def build(corpus, index, word, keep=10):
    """One real build that publishes a new version (the marker document changes each time)."""
    (corpus / "marker.md").write_text(f"# Marker\n\nThe code word of this build is {word}.\n")
    report = build_index(corpus, index, FakeEncoder(), keep_versions=keep)
    assert not report.up_to_date
    return report.version


def served_word(index):
    """The code word in the live version's marker chunk."""
    chunk = next(c for c in load_version(index).chunks if c.doc_id == "marker.md")
    return chunk.text.split()[-1].rstrip(".")


def corrupt(index, version):
    with (index / VERSIONS / version / VECTORS).open("r+b") as fh:
        fh.seek(48)
        fh.write(b"\x00garbage\x00")


def test_rollback_publishes_the_previous_good_version_and_keeps_the_newer_ones(corpus, index):
    v1, v2, v3 = (build(corpus, index, w) for w in ("one", "two", "three"))
    assert rollback(index) == RolledBack(previous=v3, version=v2)
    assert live_version(index) == v2 and served_word(index) == "two"
    assert prune(index, keep=3) == [] and list_versions(index) == [v1, v2, v3]  # v3 is not debris
    assert rollback(index) == RolledBack(previous=v2, version=v1)  # again: one more step back
    assert prune(index, keep=3) == [] and list_versions(index) == [v1, v2, v3]
    assert rollback(index, v3) == RolledBack(previous=v1, version=v3)  # forward again, by name
    assert served_word(index) == "three"
    assert rollback(index, v3) == RolledBack(previous=v3, version=v3)  # already live: nothing changes


def test_a_build_after_a_rollback_starts_from_it_and_gets_an_id_newer_than_the_kept_ones(corpus, index):
    v1 = build(corpus, index, "one")
    v2 = build(corpus, index, "two")
    rollback(index)
    # The corpus is still the one v2 was built from, but v1 is live: the build is not "up to date".
    report = build_index(corpus, index, FakeEncoder(), keep_versions=3)
    assert not report.up_to_date and report.version not in (v1, v2)
    assert list_versions(index) == [v1, v2, report.version]  # sorts after the kept v2
    assert (report.changed, report.unchanged, report.embedded_chunks) == (1, 4, 1)  # counted against v1
    assert live_version(index) == report.version and served_word(index) == "two"


def test_pruning_counts_the_live_version_first_then_the_others_newest_first(corpus, index):
    v1, v2, v3, v4 = (build(corpus, index, w) for w in ("one", "two", "three", "four"))
    rollback(index, v2)
    assert prune(index, keep=3) == [v1]  # v2 (live), v4, v3 are the three kept
    assert list_versions(index) == [v2, v3, v4]
    assert sorted(prune(index, keep=1)) == [v3, v4] and list_versions(index) == [v2]
    assert live_version(index) == v2


def test_a_version_written_but_never_published_is_still_debris_after_a_rollback(corpus, index):
    v1, v2, v3 = (build(corpus, index, w) for w in ("one", "two", "three"))
    rollback(index)
    live = load_version(index)
    orphan = write_version(index, live.chunks, live.vectors(), live.documents(), live.manifest).name  # then killed
    (index / f".{NEWEST}.0badf00d.tmp").write_text("x")  # killed while raising NEWEST
    assert orphan > v3
    removed = prune(index, keep=3)
    assert set(removed) == {orphan, f".{NEWEST}.0badf00d.tmp"}
    assert list_versions(index) == [v1, v2, v3] and live_version(index) == v2


def test_newer_versions_survive_a_hand_moved_pointer_and_an_index_from_before_newest_existed(corpus, index):
    v1, v2, v3 = (build(corpus, index, w) for w in ("one", "two", "three"))
    (index / POINTER).write_text(v1 + "\n")  # an operator moved the pointer by hand
    assert prune(index, keep=3) == [] and list_versions(index) == [v1, v2, v3]

    (index / POINTER).write_text(v3 + "\n")
    (index / NEWEST).unlink()  # an index written before NEWEST existed: the live one is the newest published
    assert rollback(index) == RolledBack(previous=v3, version=v2)
    assert (index / NEWEST).read_text().strip() == v3
    assert prune(index, keep=3) == [] and list_versions(index) == [v1, v2, v3]


def test_rollback_refuses_unknown_corrupt_and_incompatible_versions_and_changes_nothing(corpus, index):
    with pytest.raises(NothingToRollBack, match="no version is live"):
        rollback(index)
    v1 = build(corpus, index, "one")
    with pytest.raises(NothingToRollBack, match=f"no good version older than the live one \\({v1}\\)"):
        rollback(index)
    v2, v3 = build(corpus, index, "two"), build(corpus, index, "three")

    for name in ("20990101T000000.000000-abcdef", "../../etc", v2 + "x"):
        with pytest.raises(VersionNotFound, match=f"available: {v3} \\(live\\), {v2}, {v1}$"):
            rollback(index, name)
    corrupt(index, v2)
    with pytest.raises(IndexCorrupt, match=f"cannot roll back to {v2}: .*{VECTORS} fails its checksum"):
        rollback(index, v2)

    def other_model(manifest):
        check_compatible(manifest, "another-model", None)

    with pytest.raises(IndexMismatch, match=f"cannot roll back to {v1}: index was built with model 'fake-encoder'"):
        rollback(index, v1, accept=other_model)
    with pytest.raises(NothingToRollBack, match=f"cannot roll back to {v2}.*cannot roll back to {v1}"):
        rollback(index, accept=other_model)  # both older versions refused, each says why
    assert live_version(index) == v3

    assert rollback(index) == RolledBack(previous=v3, version=v1)  # the corrupt v2 is skipped


def test_rollback_never_races_a_build(corpus, index):
    build(corpus, index, "one")
    v2 = build(corpus, index, "two")
    with build_lock(index):
        with pytest.raises(BuildLocked):
            rollback(index)
        assert live_version(index) == v2
    done = []
    with build_lock(index):  # with wait, it queues behind the build instead
        waiter = threading.Thread(target=lambda: done.append(rollback(index, wait=True)))
        waiter.start()
        time.sleep(0.3)
        assert done == [] and live_version(index) == v2
    waiter.join(10)
    assert done and done[0].previous == v2 and live_version(index) == done[0].version


def test_ragqa_index_rollback_publishes_the_previous_or_the_named_version(corpus, index):
    v1, v2, v3 = (build(corpus, index, w) for w in ("one", "two", "three"))
    base = ["index", "--index", str(index), "--model", "fake-encoder"]

    out = ragqa(*base, "--rollback")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"published index {v2} (rolled back from {v3})"
    out = ragqa(*base, "--rollback", v3)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"published index {v3} (rolled back from {v2})" and live_version(index) == v3

    for args, message in (
        (["--rollback", "20990101T000000.000000-abcdef"], "ragqa: error: no index version '20990101T000000"),
        (["--rollback", v1, "--wait"], None),
    ):
        out = ragqa(*base, *args)
        if message is None:
            assert out.returncode == 0 and live_version(index) == v1, out.stderr
            continue
        assert out.returncode == 2 and out.stderr.startswith(message), out.stderr
        assert len(out.stderr.strip().splitlines()) == 1 and f"{v3} (live)" in out.stderr
    wrong_model = ragqa("index", "--index", str(index), "--model", "another-model", "--rollback", v3)
    assert wrong_model.returncode == 2 and f"cannot roll back to {v3}: index was built with model" in wrong_model.stderr
    with build_lock(index):
        locked = ragqa(*base, "--rollback", v3)
    assert locked.returncode == 2 and "another index build is running" in locked.stderr
    assert live_version(index) == v1

    stray = ragqa(*base, v2)  # a VERSION without --rollback is a usage error, not a build
    assert stray.returncode == 2 and "only with --rollback" in stray.stderr
    both = ragqa(*base, "--rollback", "--full")
    assert both.returncode == 2 and "--rollback builds nothing" in both.stderr
    assert live_version(index) == v1 and list_versions(index) == [v1, v2, v3]


def wait_for_job(client, job, timeout=30.0):
    deadline = time.monotonic() + timeout
    while job["status"] in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.05)
        job = client.get(f"/admin/jobs/{job['id']}").json()
    return job


def test_admin_rollback_over_a_real_server_swaps_at_once_and_a_rebuild_publishes_a_newer_version(corpus, index):
    settings = Settings(
        corpus_dir=corpus,
        index_dir=index,
        feedback_db=index.parent / "feedback.sqlite",
        embedding_model="fake-encoder",
        admin_token=TOKEN,
        reload_interval_s=0.1,
    )

    def rebuild(word):
        (corpus / "marker.md").write_text(f"# Marker\n\nThe code word of this build is {word}.\n")
        return build_index(
            corpus, index, FakeEncoder(), settings.chunk_max_tokens, settings.chunk_overlap_sentences
        ).version

    v1, v2 = rebuild("one"), rebuild("two")
    with (
        serve_app(create_app(settings, encoder=FakeEncoder())) as base,
        httpx.Client(base_url=base, headers=AUTH) as client,
    ):
        assert client.get("/ready").json()["index_version"] == v2
        assert httpx.post(f"{base}/admin/rollback").status_code == 401

        with build_lock(index):  # a rebuild job is running (waiting for a CLI build's lock)
            job = client.post("/admin/reindex").json()
            r = client.post("/admin/rollback")
            assert r.status_code == 409 and job["id"] in r.json()["error"]["message"]
        job = wait_for_job(client, job, timeout=30)
        assert job["status"] == "succeeded" and job["report"]["up_to_date"], job
        with build_lock(index):  # a CLI build or --watch holds the lock
            r = client.post("/admin/rollback")
            assert r.status_code == 409 and "another index build holds the lock" in r.json()["error"]["message"]

        r = client.post("/admin/rollback", json={"version": "20990101T000000.000000-abcdef"})
        assert r.status_code == 404 and r.json()["error"]["type"] == "not_found"
        assert f"available: {v2} (live), {v1}" in r.json()["error"]["message"]
        for body in ({"version": 5}, {"to": v1}):
            assert client.post("/admin/rollback", json=body).status_code == 422

        r = client.post("/admin/rollback")  # no body: the previous version
        assert r.status_code == 200, r.text
        assert r.json() == {"previous_version": v2, "version": v1, "live_version": v1}
        ready = client.get("/ready").json()  # swapped before the answer: no poll to wait for
        assert ready["index_version"] == ready["published_version"] == v1 and ready["status"] == "ready"
        hit = client.post("/search", json={"query": "code word of this build", "top_k": 1}).json()["results"][0]
        assert "code word of this build is one." in hit["text"]
        info = client.get("/admin/index").json()
        assert info["versions_on_disk"] == [v1, v2]

        r = client.post("/admin/rollback")
        assert r.status_code == 409 and "no good version older than the live one" in r.json()["error"]["message"]
        corrupt(index, v2)
        r = client.post("/admin/rollback", json={"version": v2})
        assert r.status_code == 409 and "fails its checksum" in r.json()["error"]["message"]
        assert client.get("/ready").json()["index_version"] == v1

        v3 = rebuild("three")  # a normal build after the rollback: newer than every kept version, goes live
        assert v3 > v2 and list_versions(index) == [v1, v3]  # the corrupt v2 is pruned, v1 kept
        wait_for_version(client, v3)
        hit = client.post("/search", json={"query": "code word of this build", "top_k": 1}).json()["results"][0]
        assert "code word of this build is three." in hit["text"]
