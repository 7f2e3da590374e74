"""Hot reload and the admin API over a real `ragqa serve` on loopback, called with real HTTP clients.

Rebuilds run in this process with the real model and publish into the folder the server watches;
the server never restarts.
"""

import shutil
import threading
import time

import httpx
import pytest
from helpers import CORPUS
from helpers.servers import start_server, stop_server, wait_for_version

from ragqa.index.build import build_index, build_lock

TOKEN = "lifecycle-admin-token"
QUERY = "What is the code word of the lifecycle test?"
WORDS = ["saffron", "cobalt", "juniper", "vermilion", "obsidian", "tangerine"]
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def write_marker(corpus, word):
    (corpus / "marker.md").write_text(f"# Lifecycle marker\n\nThe code word of the lifecycle test is {word}.\n")


@pytest.fixture(scope="module")
def live(tmp_path_factory, index_dir, embedder):
    """A server over its own copy of corpus/ and index, with an admin token: (base URL, corpus, index)."""
    root = tmp_path_factory.mktemp("hot")
    corpus, index = root / "corpus", root / "index"
    shutil.copytree(index_dir, index)
    shutil.copytree(CORPUS, corpus)
    write_marker(corpus, "amber")
    build_index(corpus, index, embedder)
    proc, base = start_server(
        index,
        extra_env={"RAGQA_ADMIN_TOKEN": TOKEN, "RAGQA_CORPUS_DIR": str(corpus), "RAGQA_TORCH_THREADS": "1"},
    )
    yield base, corpus, index
    stop_server(proc)


def test_swaps_under_load_drop_no_request_and_serve_the_new_content(live, embedder):
    base, corpus, index = live
    results = []  # (thread, sent, received, status, version, text)
    errors = []
    stop = threading.Event()

    def hammer(name, path, payload):
        with httpx.Client(base_url=base, timeout=30) as client:
            while not stop.is_set():
                sent = time.monotonic()
                try:
                    r = client.post(path, json=payload)
                except httpx.HTTPError as exc:  # a refused or reset connection is a failed request
                    errors.append(f"{name}: {exc!r}")
                    continue
                body = r.json()
                if r.status_code != 200:
                    errors.append(f"{name}: {r.status_code} {body}")
                    continue
                text = body["results"][0]["text"] if path == "/search" else body["answer"]
                results.append((name, sent, time.monotonic(), r.status_code, body["index_version"], text))

    clients = [
        threading.Thread(target=hammer, args=("search", "/search", {"query": QUERY, "top_k": 3})),
        threading.Thread(target=hammer, args=("ask", "/ask", {"question": QUERY, "top_k": 3})),
    ]
    for t in clients:
        t.start()
    published = {}  # version -> word
    switched_at = {}
    with httpx.Client(base_url=base, timeout=30) as control:
        try:
            for word in WORDS[:5]:
                write_marker(corpus, word)
                report = build_index(corpus, index, embedder)
                assert report.changed == 1 and report.embedded_chunks == 1
                published[report.version] = word
                wait_for_version(control, report.version)
                switched_at[report.version] = time.monotonic()
                seen = len([r for r in results if r[4] == report.version])
                deadline = time.monotonic() + 20
                while len([r for r in results if r[4] == report.version]) < seen + 4 and time.monotonic() < deadline:
                    time.sleep(0.02)
        finally:
            stop.set()
            for t in clients:
                t.join(30)

    assert not errors, errors[:5]
    assert len(results) >= 20
    order = list(published)
    for name in ("search", "ask"):
        mine = [r for r in results if r[0] == name]
        ranks = [order.index(r[4]) if r[4] in published else -1 for r in mine]
        assert ranks == sorted(ranks), f"{name} went back to an older version after a swap"
        assert set(order) <= {r[4] for r in mine}, f"{name} never saw some published versions"
    for _, sent, _, _, version, text in results:
        if version in published:
            assert published[version] in text, f"{version} answered {text!r}, not its own content"
        # Sent after /ready reported a version: served by that version or a newer one.
        for v, t in switched_at.items():
            if sent > t:
                assert version in published and order.index(version) >= order.index(v)


def test_admin_routes_need_the_token(live, server):
    base, _, _ = live
    # The session server has no token configured: admin routes are off and say how to turn them on.
    r = httpx.get(f"{server}/admin/index")
    assert r.status_code == 403 and "RAGQA_ADMIN_TOKEN" in r.json()["error"]["message"]
    assert httpx.get(f"{server}/documents").status_code == 403
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}):
        r = httpx.post(f"{base}/admin/reindex", headers=headers)
        assert r.status_code == 401 and r.json()["error"]["type"] == "unauthorized"


def test_admin_index_and_documents(live):
    base, _, index = live
    with httpx.Client(base_url=base, headers=AUTH, timeout=30) as client:
        info = client.get("/admin/index").json()
        ready = client.get("/ready").json()
        assert info["index_version"] == ready["index_version"] == ready["published_version"]
        assert info["status"] == "ready" and info["problem"] is None
        assert info["chunk_count"] == ready["chunk_count"] and info["document_count"] == 2
        assert len(info["corpus_fingerprint"]) == 32 and info["build_seconds"] > 0 and info["built_at"]
        assert info["loaded_in_s"] > 0
        assert info["last_build"]["changed"] == 1 and info["versions_on_disk"][-1] == info["index_version"]
        # the version swapped in has its sentences encoded in the background too
        deadline = time.monotonic() + 60
        while (warm := client.get("/ready").json()["sentence_vectors"])["state"] != "done":
            assert time.monotonic() < deadline, warm
            time.sleep(0.2)
        assert warm["version"] == info["index_version"] and warm["sentences"] > 10
        assert client.get("/admin/index").json()["sentence_vectors"] == warm

        docs = client.get("/documents").json()
        assert docs["total"] == 2 and docs["index_version"] == info["index_version"]
        assert {d["doc_id"] for d in docs["documents"]} == {"marker.md", "russia-taliban-ties.md"}
        assert {d["doc_id"]: d["author"] for d in docs["documents"]}["russia-taliban-ties.md"] == "Robyn Dixon"
        assert sum(d["chunk_count"] for d in docs["documents"]) == info["chunk_count"]
        page = client.get("/documents", params={"offset": 1, "limit": 1}).json()
        assert len(page["documents"]) == 1 and page["documents"][0] == docs["documents"][1]
        r = client.get("/documents", params={"limit": 0})
        assert r.status_code == 422 and "limit" in r.json()["error"]["message"]


def test_admin_reindex_job_runs_one_at_a_time_and_goes_live(live):
    base, corpus, index = live
    # Enough new text that the job is still embedding when the second request arrives.
    (corpus / "long.md").write_text(
        "# A longer article\n\n"
        + "\n\n".join(
            f"## Part {i}\n\n" + " ".join(f"Sentence {j} of part {i} mentions Kandahar and Herat." for j in range(12))
            for i in range(12)
        )
    )
    write_marker(corpus, "tangerine")
    with httpx.Client(base_url=base, headers=AUTH, timeout=30) as client:
        r = client.post("/admin/reindex", json={"full": "sometimes"})
        assert r.status_code == 422 and "full" in r.json()["error"]["message"]

        first = client.post("/admin/reindex")
        assert first.status_code == 202, first.text
        job = first.json()
        second = client.post("/admin/reindex", json={"full": True})
        assert second.status_code == 409 and job["id"] in second.json()["error"]["message"]
        assert second.json()["error"]["type"] == "conflict"

        stages = set()
        deadline = time.monotonic() + 120
        while job["status"] in ("queued", "running") and time.monotonic() < deadline:
            time.sleep(0.05)
            job = client.get(f"/admin/jobs/{job['id']}").json()
            stages.add(job["stage"])
            if job["stage"] == "embedding":
                assert 0 <= job["done"] <= job["total"]
        assert job["status"] == "succeeded", job
        assert "embedding" in stages, stages
        report = job["report"]
        assert (report["added"], report["changed"], report["unchanged"]) == (1, 1, 1)
        # The job swaps the server before it reports success.
        assert job["live_version"] == report["version"] == client.get("/ready").json()["index_version"]
        body = client.post("/search", json={"query": QUERY, "top_k": 1}).json()
        assert "tangerine" in body["results"][0]["text"]

        assert client.get("/admin/jobs/nope").status_code == 404

        # Another writer (a CLI build, --watch) holds the lock: the job waits for it, then runs.
        (corpus / "long.md").unlink()
        with build_lock(index):
            job = client.post("/admin/reindex").json()
            deadline = time.monotonic() + 30
            while job["stage"] != "waiting for lock" and time.monotonic() < deadline:
                time.sleep(0.05)
                job = client.get(f"/admin/jobs/{job['id']}").json()
            assert job["status"] == "running" and job["stage"] == "waiting for lock"
        deadline = time.monotonic() + 60
        while job["status"] == "running" and time.monotonic() < deadline:
            time.sleep(0.05)
            job = client.get(f"/admin/jobs/{job['id']}").json()
        assert job["status"] == "succeeded" and job["report"]["removed"] == 1


def test_admin_rollback_serves_the_previous_version_until_a_rebuild_publishes_a_newer_one(live, embedder):
    base, corpus, index = live
    write_marker(corpus, "magenta")
    older = build_index(corpus, index, embedder).version
    write_marker(corpus, "turquoise")
    newer = build_index(corpus, index, embedder).version
    with httpx.Client(base_url=base, headers=AUTH, timeout=30) as client:
        wait_for_version(client, newer)
        r = client.post("/admin/rollback")
        assert r.status_code == 200, r.text
        assert r.json() == {"previous_version": newer, "version": older, "live_version": older}
        ready = client.get("/ready").json()  # the server swapped before it answered
        assert ready["index_version"] == ready["published_version"] == older and ready["status"] == "ready"
        assert "magenta" in client.post("/search", json={"query": QUERY, "top_k": 1}).json()["results"][0]["text"]
        assert newer in client.get("/admin/index").json()["versions_on_disk"]  # kept, not debris

        # A normal rebuild starts from the rolled-back version and publishes a version newer than the kept one.
        job = client.post("/admin/reindex").json()
        deadline = time.monotonic() + 120
        while job["status"] in ("queued", "running") and time.monotonic() < deadline:
            time.sleep(0.05)
            job = client.get(f"/admin/jobs/{job['id']}").json()
        assert job["status"] == "succeeded", job
        report = job["report"]
        assert report["version"] > newer and (report["changed"], report["embedded_chunks"]) == (1, 1)
        assert client.get("/ready").json()["index_version"] == report["version"] == job["live_version"]
        assert "turquoise" in client.post("/search", json={"query": QUERY, "top_k": 1}).json()["results"][0]["text"]
