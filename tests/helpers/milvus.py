"""The real Milvus binary (milvus-lite 2.5.1) served on a free loopback port, as ``RAGQA_STORE=milvus`` reaches a
standalone server or a cluster: a URI, shared by the indexer and the servers (one process owns the ``.db`` file)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from helpers.servers import free_port

_SERVE = """
import signal, sys, threading, warnings
warnings.filterwarnings("ignore", message="pkg_resources is deprecated")
from milvus_lite.server import Server
server = Server(sys.argv[1], address="127.0.0.1:" + sys.argv[2])
if not server.init() or not server.start():
    sys.exit("milvus-lite did not start")
stop = threading.Event()
signal.signal(signal.SIGTERM, lambda *_: stop.set())
print("ready", flush=True)
stop.wait()
server.stop()
"""


def start_milvus(db: Path) -> tuple[subprocess.Popen, str]:
    """Serve ``db`` (a milvus-lite file, created if missing) on loopback; returns (process, URI)."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-c", _SERVE, str(db), str(port)], stdout=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL
    )
    assert proc.stdout is not None
    if proc.stdout.readline().strip() != "ready":
        proc.kill()
        raise RuntimeError(f"milvus-lite did not start on {db}")
    return proc, f"http://127.0.0.1:{port}"


def stop_milvus(proc: subprocess.Popen) -> None:
    """Stop the binary through its launcher (a killed launcher would orphan it)."""
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
