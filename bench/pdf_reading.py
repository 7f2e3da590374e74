"""What reading PDFs with their layout costs: pages per second with the layout reader (``ingest.pdf``, pdfminer.six)
against each page's plain lines (pypdf, the reader before it and the fallback now), in one run.

    .venv/bin/python bench/pdf_reading.py [--folder bench/data/corpus-pdf] [--rounds 3] [--json]

Each round reads every PDF of the folder both ways; the figure is the fastest round of each (the machine's other
work only slows a round). Embedding a page's text costs more than either (docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import time
from pathlib import Path

from ragqa.ingest import formats


def _plain_lines(data: bytes) -> int:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    for page in reader.pages:
        page.extract_text()
    return len(reader.pages)


def _laid_out(data: bytes, name: str) -> int:
    return len(formats.read_pdf(data, name).page_starts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folder", type=Path, default=Path("bench/data/corpus-pdf"))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # fonts pypdf cannot fully decode: the same in both readers
    files = [(path.name, path.read_bytes()) for path in sorted(args.folder.glob("*.pdf"))]
    plain: list[float] = []
    laid: list[float] = []
    pages = 0
    for _ in range(args.rounds):
        start = time.perf_counter()
        pages = sum(_plain_lines(data) for _, data in files)
        plain.append(time.perf_counter() - start)
        start = time.perf_counter()
        laid_pages = sum(_laid_out(data, name) for name, data in files)
        laid.append(time.perf_counter() - start)
        assert laid_pages == pages, (laid_pages, pages)
    result = {
        "files": len(files),
        "pages": pages,
        "plain_lines_pages_per_s": round(pages / min(plain), 1),
        "layout_pages_per_s": round(pages / min(laid), 1),
        "layout_vs_plain_time": round(min(laid) / min(plain), 2),
    }
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:28} {value}")


if __name__ == "__main__":
    main()
