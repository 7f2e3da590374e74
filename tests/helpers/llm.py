"""A real llama.cpp server (xllamacpp) with the tiny stories260K model, in a child process on a free port."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

MODEL = Path(__file__).resolve().parent.parent / "fixtures" / "stories260K.gguf"
MODEL_SHA256 = "270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d"

_SERVER_CODE = """
import sys, time
import xllamacpp as x
p = x.CommonParams()
p.model.path = sys.argv[1]
p.hostnames = ["127.0.0.1"]
p.port = int(sys.argv[2])
p.n_ctx = int(sys.argv[4])
p.cpuparams.n_threads = 1        # the machine is shared: one thread, no busy polling
p.cpuparams_batch.n_threads = 1
p.cpuparams.poll = 0
p.cpuparams_batch.poll = 0
if sys.argv[3]:
    p.api_keys = [sys.argv[3]]
server = x.Server(p)
print("listening", server.listening_address, flush=True)
while True:
    time.sleep(3600)
"""


def check_model() -> Path:
    """The fixture model, after checking it is the exact file the tests were written for."""
    digest = hashlib.sha256(MODEL.read_bytes()).hexdigest()
    assert digest == MODEL_SHA256, f"{MODEL} has sha256 {digest}, expected {MODEL_SHA256}: restore the fixture"
    return MODEL


def start_llama(port: int, api_key: str = "", timeout: float = 60.0, ctx_size: int = 2048) -> subprocess.Popen:
    """Start llama.cpp's server on 127.0.0.1:``port`` with a ``ctx_size``-token window (its ``n_ctx``) and wait
    until it answers ``/health``."""
    model = check_model()
    proc = subprocess.Popen(
        [sys.executable, "-c", _SERVER_CODE, str(model), str(port), api_key, str(ctx_size)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "OMP_NUM_THREADS": "1"},
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"llama.cpp server exited with code {proc.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise TimeoutError(f"llama.cpp server not ready on port {port} after {timeout} s")


def stop(proc: subprocess.Popen) -> None:
    """Stop a child process started by these tests (by its PID)."""
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=10)
