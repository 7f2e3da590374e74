"""Time first-time answers to distinct "what is X" questions in process, as ``POST /ask`` answers them.

X runs over the first words of five letters or more of the index's passages, so each question is new (its
vector encoded, its sentences ranked); run it against two checkouts of ``src`` to see what the "what is X" paths
(the document or section X names, ``AnswerPipeline.defined``) cost:

    HF_HUB_OFFLINE=1 PYTHONPATH=src .venv/bin/python bench/whatis_latency.py INDEX_DIR 200
"""

from __future__ import annotations

import asyncio
import os
import re
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from ragqa.config import Settings  # noqa: E402
from ragqa.services import Services  # noqa: E402


def main() -> int:
    services = Services.build(Settings(index_dir=Path(sys.argv[1])))
    retriever = services.pipeline.holder.serving
    assert retriever is not None, "no index version is published there"
    words: dict[str, None] = {}
    for chunk in retriever.index.chunks:
        words.update((w.lower(), None) for w in re.findall(r"\b[A-Za-z][a-z]{4,}\b", chunk.text))
    names = list(words)[: int(sys.argv[2]) if len(sys.argv) > 2 else 200]

    async def run() -> list[float]:
        await services.pipeline.answer("warm up the encoder please", history=[])
        times = []
        for name in names:
            start = time.perf_counter()
            await services.pipeline.answer(f"what is {name}", history=[])
            times.append((time.perf_counter() - start) * 1000)
        return times

    times = sorted(asyncio.run(run()))
    p90 = times[int(len(times) * 0.9)]
    print(f"{len(times)} questions: p50 {statistics.median(times):.2f} ms, p90 {p90:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
