"""What the LLM path costs beside the extractive one, and what a dead LLM endpoint costs with the circuit breaker.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/llm_answer.py [--rounds 3]

In one process: builds an index of corpus/ in a temporary folder, starts llama.cpp's server (xllamacpp) with the
tiny stories260K model from tests/fixtures/ on a free port, and serves ragqa apps with uvicorn on loopback, one per
configuration, all sharing one loaded model and index. It then asks the same questions over HTTP (httpx) and prints
median latencies and their ratio to the extractive mode measured in the same run:

- extractive: no LLM configured;
- llm: the tiny model, forced by a llama.cpp grammar to end with "[1]." (so the citation check runs); the median
  of ``timings_ms.verify`` (the support check) is printed separately, for the warm-up round (passage sentences
  embedded for the first time) and for the measured rounds (served from the pipeline's sentence-vector cache);
- streamed llm: time to the first ``delta`` event and to ``done``;
- dead endpoint: RAGQA_LLM_BASE_URL points at a closed port; requests before the breaker opens pay the retries,
  those after it answer at extractive speed.

The tiny model is much faster than a real LLM: the llm figures show ragqa's own overhead, not a real model's.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

from llm_helpers import start_llama, stop  # noqa: E402

from ragqa.api.app import create_app  # noqa: E402
from ragqa.config import Settings  # noqa: E402
from ragqa.index.build import build_index  # noqa: E402
from ragqa.index.holder import QAService  # noqa: E402

QUESTIONS = [
    "Who is Zamir Kabulov?",
    "Which GRU unit was reported to have offered the bounties?",
    "Why does Russia want a stable Afghanistan?",
    "What did Bellingcat link Unit 29155 with?",
    "Who commands Unit 29155?",
    "What does Mark Galeotti say about heroin?",
]
GRAMMAR = json.dumps({"grammar": 'root ::= [A-Za-z ]{10,40} " [1]."'})


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served:
    """A ragqa app under uvicorn in a thread on a loopback port."""

    def __init__(self, app) -> None:
        self.port = free_port()
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="error"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        while not self.server.started:
            time.sleep(0.05)
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(10)


def timed_ask(client: httpx.Client, question: str) -> tuple[float, dict]:
    started = time.perf_counter()
    body = client.post("/ask", json={"question": question}).json()
    return (time.perf_counter() - started) * 1000, body


def timed_stream(client: httpx.Client, question: str) -> tuple[float, float]:
    started = time.perf_counter()
    first = None
    with client.stream("POST", "/ask", json={"question": question, "stream": True}) as response:
        for line in response.iter_lines():
            if line == "event: delta" and first is None:
                first = (time.perf_counter() - started) * 1000
    return first or float("nan"), (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3, help="times each question is asked per configuration")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="ragqa-llm-bench-"))
    base = Settings(corpus_dir=ROOT / "corpus", index_dir=work / "index")
    service = QAService.from_settings(base)
    build_index(base.corpus_dir, base.index_dir, service.embedder)
    service.holder.reload_if_changed()
    llama_port = free_port()
    llama = start_llama(llama_port)
    llm = {
        "llm_base_url": f"http://127.0.0.1:{llama_port}/v1",
        "llm_context_tokens": 2048,
        "llm_max_tokens": 64,
        "llm_chars_per_token": 1.3,
        "llm_temperature": 0.0,
        "llm_extra_body": GRAMMAR,
    }
    dead = {"llm_base_url": f"http://127.0.0.1:{free_port()}/v1"}  # nothing listens there
    configs = {
        "extractive": {},
        "llm": llm,
        "dead endpoint": dead,
    }
    results: dict[str, list[float]] = {}
    verify: list[float] = []
    verify_cold: list[float] = []
    first_delta: list[float] = []
    stream_total: list[float] = []
    dead_reasons: list[str] = []
    try:
        for name, overrides in configs.items():
            app = create_app(base.model_copy(update=overrides), service)
            with Served(app) as url, httpx.Client(base_url=url, timeout=120) as client:
                if name != "dead endpoint":
                    for q in QUESTIONS:  # warm up: query cache, llama's prompt cache, first-call costs
                        _, body = timed_ask(client, q)
                        if name == "llm" and "verify" in body["timings_ms"]:
                            verify_cold.append(body["timings_ms"]["verify"])
                times = []
                for _ in range(args.rounds):
                    for q in QUESTIONS:
                        elapsed, body = timed_ask(client, q)
                        times.append(elapsed)
                        if name == "llm" and "verify" in body["timings_ms"]:
                            verify.append(body["timings_ms"]["verify"])
                        if name == "dead endpoint":
                            dead_reasons.append(body["fallback_reason"])
                results[name] = times
                if name == "llm":
                    for _ in range(args.rounds):
                        for q in QUESTIONS:
                            first, total = timed_stream(client, q)
                            first_delta.append(first)
                            stream_total.append(total)
    finally:
        stop(llama)
        subprocess.run(["rm", "-rf", str(work)], check=False)

    extractive = statistics.median(results["extractive"])
    print(f"questions: {len(QUESTIONS)} x {args.rounds} rounds per configuration; medians in ms")
    print(f"extractive /ask                      {extractive:8.1f}   1.00x")
    llm_median = statistics.median(results["llm"])
    print(f"llm /ask (tiny model, grammar)       {llm_median:8.1f}   {llm_median / extractive:.2f}x")
    print(f"  of which the support check         {statistics.median(verify):8.1f}   (passage sentences cached)")
    print(f"  support check, first time          {statistics.median(verify_cold):8.1f}   (warm-up round)")
    print(f"llm streamed: first delta            {statistics.median(first_delta):8.1f}")
    print(f"llm streamed: done                   {statistics.median(stream_total):8.1f}")
    by_reason: dict[str, list[float]] = {}
    for elapsed, reason in zip(results["dead endpoint"], dead_reasons):
        by_reason.setdefault(reason or "abstained before the LLM", []).append(elapsed)
    for reason, times in by_reason.items():
        m = statistics.median(times)
        print(f"dead endpoint, {reason:22}{m:8.1f}   {m / extractive:.2f}x ({len(times)} requests)")


if __name__ == "__main__":
    main()
