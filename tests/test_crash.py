"""Crash safety with real processes: `ragqa index` is SIGKILLed at varied moments while a real server
serves the same folder. After every kill the live index loads and verifies, the service answers
from it, and the next build clears the debris. The server itself starts on a corrupt live version
and must fall back to the newest good one, saying so in /ready (and which file failed in /admin/index).
"""

import os
import shutil
import signal
import subprocess
import sys
import time

import httpx
import pytest
from helpers import CORPUS, ROOT
from helpers.answers import ask
from helpers.servers import start_server, stop_server

from ragqa.config import Settings
from ragqa.index.build import build_index
from ragqa.index.store import POINTER, VERSIONS, list_versions, live_version, load_version
from ragqa.ingest.corpus import read_corpus
from ragqa.services import Services

NOTES = 14
ADMIN = "crash-test-admin-token"
QUESTION = "What does note 3 of the crash test record?"

# (trigger, delay in s after it fires). Triggers: "start" = process launched, "lock" = the build
# holds the index lock, "tmp" = a .tmp-* version folder is being written, "version" = a complete
# version exists but is not live yet, "pointer" = CURRENT moved (pruning runs next), "embedding" =
# the encoder is running (the only round that adds a document, so the only one loading the model).
PLAN = [
    ("start", 0.2),
    ("start", 0.9),
    ("lock", 0.0),
    ("lock", 0.02),
    ("tmp", 0.0),
    ("tmp", 0.002),
    ("tmp", 0.01),
    ("version", 0.0),
    ("pointer", 0.0),
    ("embedding", 0.0),
    ("tmp", 0.0),
    ("lock", 0.08),
]


def note(i):
    return f"# Note {i}\n\nNote {i} of the crash test records that the convoy left Herat on day {i}.\n"


def debris(index):
    root = index / VERSIONS
    live = live_version(index)
    versions = list_versions(index)
    newer = versions[versions.index(live) + 1 :] if live in versions else []
    return {
        "tmp": sorted(p.name for p in root.glob(".tmp-*")),
        "pointer": sorted(p.name for p in index.glob(f".{POINTER}.*.tmp")),
        "unpublished": newer,
    }


def fired(trigger, index, proc, before, log_path):
    if trigger == "start":
        return True
    if trigger == "lock":
        lock = index / ".lock"
        return lock.exists() and lock.read_text().strip() == f"pid {proc.pid}"
    if trigger == "tmp":
        return bool({p.name for p in (index / VERSIONS).glob(".tmp-*")} - before["tmp"])
    if trigger == "version":
        return bool(set(list_versions(index)) - before["versions"])
    if trigger == "pointer":
        return live_version(index) != before["live"]
    if trigger == "embedding":
        return "embedding" in log_path.read_text(errors="replace")
    raise AssertionError(trigger)


@pytest.fixture(scope="module")
def setup(tmp_path_factory, index_dir, embedder):
    root = tmp_path_factory.mktemp("crash")
    corpus, index = root / "corpus", root / "index"
    shutil.copytree(CORPUS, corpus)
    shutil.copytree(index_dir, index)
    for i in range(NOTES):
        (corpus / f"note-{i:02d}.md").write_text(note(i))
    good = build_index(corpus, index, embedder).version
    # The newest version is corrupt before the server starts: it must fall back to `good`.
    (corpus / f"note-{NOTES - 1:02d}.md").unlink()
    bad = build_index(corpus, index, embedder).version
    with (index / VERSIONS / bad / "vectors.faiss").open("r+b") as fh:
        fh.seek(40)
        fh.write(b"\xffcorrupt\xff")
    proc, base = start_server(index, extra_env={"RAGQA_TORCH_THREADS": "1", "RAGQA_ADMIN_TOKEN": ADMIN})
    yield corpus, index, base, good, bad
    stop_server(proc)


def test_server_starts_on_the_newest_good_version_when_the_live_one_is_corrupt(setup):
    corpus, index, base, good, bad = setup
    ready = httpx.get(f"{base}/ready").json()
    assert ready["status"] == "degraded"
    assert ready["index_version"] == good and ready["published_version"] == bad
    # /ready is open: a short problem; the operator's /admin/index names the file
    assert (
        ready["problem"]
        == f"published version {bad} failed verification; serving {good}, the newest good older version"
    )
    info = httpx.get(f"{base}/admin/index", headers={"Authorization": f"Bearer {ADMIN}"}).json()
    assert f"versions/{bad}/vectors.faiss" in info["problem"] and "fails its checksum" in info["problem"]
    answer = httpx.post(f"{base}/ask", json={"question": QUESTION}, timeout=30)
    assert answer.status_code == 200 and answer.json()["index_version"] == good


def test_sigkill_at_varied_moments_leaves_a_loadable_index(setup, embedder):
    corpus, index, base, good, bad = setup
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "HF_HUB_OFFLINE": "1", "RAGQA_TORCH_THREADS": "1"}
    command = [sys.executable, "-m", "ragqa.cli", "index", "--corpus", str(corpus), "--index", str(index)]
    client = httpx.Client(base_url=base, timeout=30)
    # Repair first with a real, unkilled CLI build: the server leaves its fallback for the new version.
    subprocess.run(command, env=env, check=True, capture_output=True, cwd=ROOT)
    wait_serving(client, live_version(index))
    assert client.get("/ready").json()["status"] == "ready"

    kills, seen_debris, removable = [], [], sorted(corpus.glob("note-*.md"))
    for round_no, (trigger, delay) in enumerate(PLAN):
        if trigger == "embedding":
            (corpus / "added.md").write_text(note(99) + "\nIt was added in the round that loads the model.\n")
        else:
            removable.pop().unlink()
        before = {
            "versions": set(list_versions(index)),
            "live": live_version(index),
            "tmp": {p.name for p in (index / VERSIONS).glob(".tmp-*")},  # debris of the previous round
        }
        docs_before = {d.doc_id for d in load_version(index).documents()}
        docs_now = {d.doc_id for d in read_corpus(corpus)[0]}
        log_path = index.parent / f"round-{round_no}.log"
        with log_path.open("w") as log:
            args = command + (["--progress"] if trigger == "embedding" else [])
            proc = subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
            deadline = time.monotonic() + 120
            while proc.poll() is None and time.monotonic() < deadline:
                if fired(trigger, index, proc, before, log_path):
                    time.sleep(delay)
                    os.kill(proc.pid, signal.SIGKILL)
                    break
                time.sleep(0.0005)
            proc.wait(30)
        if proc.returncode == -signal.SIGKILL:
            kills.append((trigger, delay))
        else:
            assert proc.returncode == 0, log_path.read_text()
        left = debris(index)
        if any(left.values()):
            seen_debris.append((trigger, left))

        # The live index loads and verifies, holds the corpus of before or after this round, and answers.
        live = load_version(index)
        assert {d.doc_id for d in live.documents()} in (docs_before, docs_now)
        services = Services.build(Settings(index_dir=index), embedder)
        assert services.holder.loaded and services.holder.problem is None
        assert ask(services, QUESTION).citations
        wait_serving(client, live.version)
        r = client.post("/ask", json={"question": QUESTION})
        assert r.status_code == 200 and r.json()["index_version"] == live.version

    print(f"\nkilled {len(kills)} builds: {kills}\ndebris seen: {seen_debris}")
    assert len(kills) >= 10, f"only {len(kills)} builds were killed: {kills}"
    assert any(left["tmp"] or left["unpublished"] for _, left in seen_debris), seen_debris

    # The next build removes every piece of debris and publishes the current corpus.
    report = build_index(corpus, index, embedder)
    assert report.version == live_version(index)
    assert not any(debris(index).values()), debris(index)
    assert len(list_versions(index)) <= 3
    assert {d.doc_id for d in load_version(index).documents()} == {d.doc_id for d in read_corpus(corpus)[0]}
    wait_serving(client, report.version)
    assert client.get("/ready").json()["status"] == "ready"
    client.close()


def wait_serving(client, version, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready = client.get("/ready")
        assert ready.status_code == 200, ready.text
        if ready.json()["index_version"] == version:
            return
        time.sleep(0.05)
    raise AssertionError(f"server still not on {version} after {timeout} s")
