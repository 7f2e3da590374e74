"""What naming documents by their file names costs: the word index built when a version loads, and the lookup
each question makes, with many files against few, in one run.

    .venv/bin/python bench/named_files.py [--files 100000] [--questions 1000] [--json]

Synthetic file names (two words of a 5,000-word vocabulary and a number each, ``docs/w17x-w4242x-12.md``), so no
corpus is read; the lookup is ``query.named_files`` with every word counted distinctive (its keyword-index check
is cached per word, so it costs a question nothing once seen). Ratios are within the run.
"""

from __future__ import annotations

import argparse
import json
import random
import time

from ragqa.retrieval.query import FileNames, named_files

QUESTIONS = [
    "how do i configure w17x for the w4242x server in version 3",
    "what does w99x say about proxies",
    "is there a dry run option",
    "who wrote the w1234x guide",
]


def _per_question_ms(names: FileNames, questions: int) -> float:
    start = time.perf_counter()
    for i in range(questions):
        named_files(QUESTIONS[i % len(QUESTIONS)], names, lambda word: True)
    return (time.perf_counter() - start) * 1000 / questions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--questions", type=int, default=1000)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    rng = random.Random(0)
    words = [f"w{i}x" for i in range(5000)]
    ids = [f"docs/{rng.choice(words)}-{rng.choice(words)}-{i}.md" for i in range(args.files)]
    start = time.perf_counter()
    many = FileNames(ids)
    build_s = time.perf_counter() - start
    few = FileNames(ids[:10])
    result = {
        "files": args.files,
        "build_s": round(build_s, 3),
        "question_ms_many": round(_per_question_ms(many, args.questions), 4),
        "question_ms_ten": round(_per_question_ms(few, args.questions), 4),
    }
    result["ratio"] = round(result["question_ms_many"] / result["question_ms_ten"], 2)
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:18} {value}")


if __name__ == "__main__":
    main()
