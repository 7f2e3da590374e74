"""What reading a file through pandoc costs: pandoc's conversion to HTML and the HTML reader after it, per file.

    .venv/bin/python bench/converted.py bench/data/corpus-asciidoc /tmp/fmt/docx-odt/corpus /tmp/fmt/docx-epub/corpus

For every file of the folders that ``ingest.converted`` reads: its size, the time of ``to_html`` (the pandoc
process) and of the whole reading (``iter_file_documents``: pandoc, the HTML reader, Markdown sections), best of
``--repeat`` runs. Prints one line a folder (files, KB, medians and totals) and, with ``--json``, the rows.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from ragqa.ingest.converted import SUFFIXES, to_html  # noqa: E402
from ragqa.ingest.corpus import CorpusReport, iter_file_documents  # noqa: E402


def best(run, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", type=Path, nargs="+")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = []
    for folder in args.folders:
        files = sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES)
        for path in files:
            data = path.read_bytes()
            suffix = path.suffix.lower()
            pandoc = best(lambda data=data, suffix=suffix: to_html(data, suffix), args.repeat)
            whole = best(lambda path=path: list(iter_file_documents(path, path.name, CorpusReport())), args.repeat)
            rows.append(
                {
                    "folder": str(folder),
                    "file": path.name,
                    "kb": len(data) / 1024,
                    "pandoc_ms": pandoc * 1e3,
                    "read_ms": whole * 1e3,
                }
            )
        mine = [r for r in rows if r["folder"] == str(folder)]
        print(
            f"{folder}: {len(mine)} files, {sum(r['kb'] for r in mine):.0f} KB; median pandoc "
            f"{statistics.median(r['pandoc_ms'] for r in mine):.1f} ms, median whole reading "
            f"{statistics.median(r['read_ms'] for r in mine):.1f} ms; "
            f"total {sum(r['read_ms'] for r in mine) / 1e3:.2f} s"
        )
    if args.json:
        print(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
