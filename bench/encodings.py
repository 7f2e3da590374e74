"""What reading a text file in the encoding it was saved in costs (``ingest.encoding.decode_text``).

    .venv/bin/python bench/encodings.py [--repeat 20]

The default article, saved as UTF-8, UTF-16 (a byte-order mark) and windows-1252, at 1x, 10x and 100x its size:
the median milliseconds to decode each, against a bare ``bytes.decode`` of the same bytes in the encoding known
beforehand. UTF-8 and a byte-order mark cost one decode; only a file that is neither asks charset-normalizer.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from ragqa.ingest.encoding import decode_text

ARTICLE = Path(__file__).resolve().parent.parent / "corpus" / "russia-taliban-ties.md"


def _median_ms(work: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    text = ARTICLE.read_text(encoding="utf-8")
    decode_text("café".encode("cp1252"))  # the first call imports charset-normalizer: not timed below
    print(f"{'encoding':<8} {'size':>9} {'read as':<9} {'decode_text ms':>15} {'bare decode ms':>15}")
    for name in ("utf-8", "utf-16", "cp1252"):
        for times in (1, 10, 100):
            data = (text * times).encode(name, errors="replace")
            found = decode_text(data)[1]
            ours = _median_ms(lambda data=data: decode_text(data), args.repeat)
            bare = _median_ms(lambda data=data, name=name: data.decode(name), args.repeat)
            print(f"{name:<8} {len(data):>9} {found:<9} {ours:>15.2f} {bare:>15.2f}")


if __name__ == "__main__":
    main()
