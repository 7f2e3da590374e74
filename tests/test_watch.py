"""`ragqa index --watch` as a real process watching a real folder (watchfiles, OS events)."""

import os
import re
import shutil
import signal
import subprocess
import sys
import time

from helpers import CORPUS, ROOT

from ragqa.index.store import live_version, load_version

SETTLE_MS = 500


def lines(path):
    return [line for line in path.read_text(errors="replace").splitlines() if line.startswith(("published", "index "))]


def wait_lines(path, count, timeout=120.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = lines(path)
        if len(found) >= count:
            return found
        time.sleep(0.05)
    raise AssertionError(f"expected {count} build lines, got: {path.read_text()[-3000:]}")


def counts(line):
    match = re.search(r"added (\d+), changed (\d+), removed (\d+), unchanged (\d+); embedded (\d+)", line)
    assert match, line
    return tuple(int(g) for g in match.groups())


def test_watch_rebuilds_incrementally_once_changes_settle(tmp_path, index_dir):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(CORPUS, corpus)
    shutil.copytree(index_dir, index)
    out = tmp_path / "watch.log"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "HF_HUB_OFFLINE": "1",
        "RAGQA_TORCH_THREADS": "1",
        "RAGQA_WATCH_SETTLE_MS": str(SETTLE_MS),
    }
    with out.open("w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "ragqa.cli", "index", "--watch", "--corpus", str(corpus), "--index", str(index)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )
    try:
        first = wait_lines(out, 1)
        assert "is up to date" in first[0]  # the copied index already matches corpus/

        # A burst of files written 100 ms apart is one build, not three.
        for name in ("a.md", "b.md", "c.txt"):
            (corpus / name).write_text(f"# Watched {name}\n\nThe watcher saw {name} arrive in Kandahar.\n")
            time.sleep(0.1)
        second = wait_lines(out, 2)[1]
        assert counts(second)[:4] == (3, 0, 0, 1) and counts(second)[4] >= 3
        version = live_version(index)
        assert version in second
        assert {"a.md", "b.md", "c.txt"} <= {d.doc_id for d in load_version(index).documents()}

        # Files the corpus reader ignores trigger nothing.
        (corpus / ".draft.md").write_text("# hidden\n\nnot part of the corpus\n")
        (corpus / "notes.yaml").write_text("{}")
        time.sleep(SETTLE_MS / 1000 * 3 + 0.5)
        assert len(lines(out)) == 2, out.read_text()[-2000:]

        # An edit and a deletion: only the edited file is embedded again.
        (corpus / "a.md").write_text("# Watched a.md\n\nThe watcher saw a.md change in Herat.\n")
        (corpus / "b.md").unlink()
        third = wait_lines(out, 3)[2]
        assert counts(third) == (0, 1, 1, 2, 1), third
        assert live_version(index) != version
        assert "Herat" in " ".join(c.text for c in load_version(index).chunks if c.doc_id == "a.md")
    finally:
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(30)
    assert code == 0 and "stopped watching" in out.read_text()
