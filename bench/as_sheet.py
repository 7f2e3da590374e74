"""A question set's FAQ pages written out as CSV files (a "question" and an "answer" column), to ask the same
questions of the sheets as of the pages.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/as_sheet.py --data bench/data/questions-docs-faq.json --out /tmp/faq-csv
    HF_HUB_OFFLINE=1 .venv/bin/ragqa eval questions --data /tmp/faq-csv/questions.json --split check

Each document of the set's corpus, as ``ragqa index`` reads it, becomes ``<out>/sheets/<name>.csv``: a row a
section, its heading as the question and its text as the answer (as help-desk tools export an FAQ). The figures
should match the pages' (``ragqa eval questions --data <the set>``); ``<out>/questions.json`` is the set pointed at
the sheets.
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

from ragqa.ingest.corpus import read_corpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="a question set whose corpus is a folder")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    data = json.loads(args.data.read_text())
    folder = Path(data["corpus"]["folder"])
    if not folder.is_absolute() and not folder.exists():
        folder = args.data.resolve().parent.parent / folder
    documents, _ = read_corpus(folder)
    sheets = args.out / "sheets"
    sheets.mkdir(parents=True, exist_ok=True)
    rows = 0
    for document in documents:
        target = sheets / f"{Path(document.doc_id).stem}.csv"
        with target.open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(["question", "answer"])
            for section in document.sections:
                answer = document.text[section.start : section.end].strip()
                if answer:
                    writer.writerow([section.heading or document.title, answer])
                    rows += 1
    data = {**data, "name": f"{data['name']}-csv", "corpus": {"folder": str(sheets.resolve())}}
    (args.out / "questions.json").write_text(json.dumps(data, indent=1, ensure_ascii=False))
    print(f"{len(documents)} documents, {rows} rows written to {sheets}; questions: {args.out / 'questions.json'}")


if __name__ == "__main__":
    main()
