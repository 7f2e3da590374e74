"""What the LLM path costs beside the extractive one, and what a dead LLM endpoint costs with the circuit breaker.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/llm_answer.py [--rounds 3]

In one process: builds an index of corpus/ in a temporary folder, starts llama.cpp's server (xllamacpp) with the
tiny stories260K model from tests/fixtures/ on a free port, and builds one ``Services`` per configuration (as
``ragqa serve`` and ``ragqa ask`` do), all sharing one loaded encoder. It then answers the same questions through
the answer pipeline itself (``services.pipeline.answer(question, history=[])``, the path behind ``POST /ask`` and
``ragqa ask``, without HTTP) and prints median latencies and their ratio to the extractive mode measured in the
same run:

- extractive: no LLM configured;
- llm: the tiny model, forced by a llama.cpp grammar to end with "[1]." (so the citation check runs); the median
  of ``timings_ms.verify`` (the support check) is printed separately, for the warm-up round (passage sentences
  embedded for the first time) and for the measured rounds (served from the pipeline's sentence-vector cache);
- streamed llm: ``pipeline.run`` with incremental text, time to the first ``Delta`` event and to the last event;
- dead endpoint: RAGQA_LLM_BASE_URL points at a closed port; answers before the breaker opens pay the retries,
  those after it answer at extractive speed.

The tiny model is much faster than a real LLM: the llm figures show ragqa's own overhead, not a real model's.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import socket
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

from helpers.llm import start_llama, stop  # noqa: E402

from ragqa.answering.events import Delta  # noqa: E402
from ragqa.config import Settings  # noqa: E402
from ragqa.embedding.encoder import encoder_from_settings, index_encoder_from_settings  # noqa: E402
from ragqa.index.build import build_from_settings  # noqa: E402
from ragqa.services import Services  # noqa: E402

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


@dataclass
class Figures:
    """What one configuration measured (milliseconds)."""

    times: list[float] = field(default_factory=list)
    verify: list[float] = field(default_factory=list)
    verify_cold: list[float] = field(default_factory=list)
    first_delta: list[float] = field(default_factory=list)
    stream_total: list[float] = field(default_factory=list)
    fallback_reasons: list[str | None] = field(default_factory=list)


async def measure(services: Services, rounds: int, warm_up: bool, stream: bool) -> Figures:
    """Answer every question ``rounds`` times (after a warm-up round unless ``warm_up`` is false), then, with
    ``stream``, as many times again with incremental text; one event loop, so the LLM client keeps its
    connections and its circuit breaker across questions."""
    figures = Figures()
    pipeline = services.pipeline
    try:
        if warm_up:
            for q in QUESTIONS:  # query cache, llama's prompt cache, first-call costs
                result = await pipeline.answer(q, history=[])
                if "verify" in result.timings_ms:
                    figures.verify_cold.append(result.timings_ms["verify"])
        for _ in range(rounds):
            for q in QUESTIONS:
                started = time.perf_counter()
                result = await pipeline.answer(q, history=[])
                figures.times.append((time.perf_counter() - started) * 1000)
                figures.fallback_reasons.append(result.fallback_reason)
                if "verify" in result.timings_ms:
                    figures.verify.append(result.timings_ms["verify"])
        if stream:
            for _ in range(rounds):
                for q in QUESTIONS:
                    started = time.perf_counter()
                    first = None
                    async for event in pipeline.run(q, history=[], incremental=True):
                        if isinstance(event, Delta) and first is None:
                            first = (time.perf_counter() - started) * 1000
                    figures.first_delta.append(first if first is not None else float("nan"))
                    figures.stream_total.append((time.perf_counter() - started) * 1000)
    finally:
        await services.aclose()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3, help="times each question is asked per configuration")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="ragqa-llm-bench-"))
    base = Settings(corpus_dir=ROOT / "corpus", index_dir=work / "index")
    build_from_settings(base, index_encoder_from_settings(base))  # as `ragqa index` does
    encoder = encoder_from_settings(base)  # the server's question encoder, shared by every configuration
    llama_port = free_port()
    llama = start_llama(llama_port)
    llm_settings = {
        "llm_base_url": f"http://127.0.0.1:{llama_port}/v1",
        "llm_context_tokens": 2048,
        "llm_max_tokens": 64,
        "llm_chars_per_token": 1.3,
        "llm_temperature": 0.0,
        "llm_extra_body": GRAMMAR,
    }
    dead_settings = {"llm_base_url": f"http://127.0.0.1:{free_port()}/v1"}  # nothing listens there
    configs = {
        "extractive": {},
        "llm": llm_settings,
        "dead endpoint": dead_settings,
    }
    results: dict[str, Figures] = {}
    try:
        for name, overrides in configs.items():
            services = Services.build(base.model_copy(update=overrides), encoder=encoder)
            results[name] = asyncio.run(
                measure(services, args.rounds, warm_up=name != "dead endpoint", stream=name == "llm")
            )
    finally:
        stop(llama)
        shutil.rmtree(work, ignore_errors=True)

    extractive = statistics.median(results["extractive"].times)
    print(f"questions: {len(QUESTIONS)} x {args.rounds} rounds per configuration; medians in ms")
    print(f"extractive answer                    {extractive:8.1f}   1.00x")
    llm = results["llm"]
    llm_median = statistics.median(llm.times)
    print(f"llm answer (tiny model, grammar)     {llm_median:8.1f}   {llm_median / extractive:.2f}x")
    print(f"  of which the support check         {statistics.median(llm.verify):8.1f}   (passage sentences cached)")
    print(f"  support check, first time          {statistics.median(llm.verify_cold):8.1f}   (warm-up round)")
    print(f"llm streamed: first delta            {statistics.median(llm.first_delta):8.1f}")
    print(f"llm streamed: done                   {statistics.median(llm.stream_total):8.1f}")
    dead = results["dead endpoint"]
    by_reason: dict[str, list[float]] = {}
    for elapsed, reason in zip(dead.times, dead.fallback_reasons):
        by_reason.setdefault(reason or "abstained before the LLM", []).append(elapsed)
    for reason, times in by_reason.items():
        m = statistics.median(times)
        print(f"dead endpoint, {reason:22}{m:8.1f}   {m / extractive:.2f}x ({len(times)} answers)")


if __name__ == "__main__":
    main()
