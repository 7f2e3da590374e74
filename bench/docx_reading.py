"""What reading Word files with their parts costs: documents per second with ``ingest.word`` (tables, code, notes,
content controls, the XML python-docx does not read) against python-docx's top-level paragraphs only (the reader
before it), in one run.

    .venv/bin/python bench/docx_reading.py [--folder bench/data/corpus-docx] [--rounds 5] [--json]

Each round reads every .docx of the folder both ways; the figure is the fastest round of each (the machine's other
work only slows a round).
"""

from __future__ import annotations

import argparse
import io
import json
import time
from pathlib import Path

from ragqa.ingest import formats


def _paragraphs_only(data: bytes) -> int:
    import docx

    return sum(len(p.text) for p in docx.Document(io.BytesIO(data)).paragraphs)


def _with_parts(data: bytes) -> int:
    return len(formats.extract_docx(data).markdown)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folder", type=Path, default=Path("bench/data/corpus-docx"))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    files = [path.read_bytes() for path in sorted(args.folder.glob("*.docx"))]
    old: list[float] = []
    new: list[float] = []
    chars = {"paragraphs_only": 0, "with_parts": 0}
    for _ in range(args.rounds):
        start = time.perf_counter()
        chars["paragraphs_only"] = sum(_paragraphs_only(data) for data in files)
        old.append(time.perf_counter() - start)
        start = time.perf_counter()
        chars["with_parts"] = sum(_with_parts(data) for data in files)
        new.append(time.perf_counter() - start)
    result = {
        "files": len(files),
        "paragraphs_only_docs_per_s": round(len(files) / min(old), 1),
        "with_parts_docs_per_s": round(len(files) / min(new), 1),
        "time_ratio": round(min(new) / min(old), 2),
        "characters": chars,
    }
    print(json.dumps(result) if args.json else "\n".join(f"{k}: {v}" for k, v in result.items()))


if __name__ == "__main__":
    main()
