"""What reading HTML pages costs: pages per second and characters kept by ``ingest.formats.extract_html`` over
every HTML page of the benchmark corpora (documentation sites, manuals, FAQ and release notes).

    .venv/bin/python bench/html_reading.py [--rounds 3] [--json]

Each round reads every page; the figure is the fastest round (the machine's other work only slows a round). Run it
with ``PYTHONPATH`` pointing at another checkout's ``src`` to compare two readers on the same pages.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from ragqa.ingest import formats

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    pages = [
        path.read_text(encoding="utf-8", errors="replace")
        for pattern in ("*.html", "*.htm")
        for path in sorted((ROOT / "bench" / "data").glob(f"corpus-*/{pattern}"))
    ]
    rounds: list[float] = []
    kept = 0
    for _ in range(args.rounds):
        started = time.perf_counter()
        kept = 0
        for page in pages:
            try:
                kept += len(formats.extract_html(page).markdown)
            except formats.NoText:
                continue  # a page with no text (a redirect stub): skipped by the corpus reader too
        rounds.append(time.perf_counter() - started)
    best = min(rounds)
    result = {"pages": len(pages), "seconds": round(best, 3), "pages_per_second": round(len(pages) / best, 1)}
    result["characters_kept"] = kept
    if args.json:
        print(json.dumps(result))
    else:
        print(
            f"{result['pages']} pages in {result['seconds']} s ({result['pages_per_second']} pages/s), "
            f"{kept:,} characters kept"
        )


if __name__ == "__main__":
    main()
