"""A question set's FAQ pages written out as CSV files or one Excel workbook (a "question" and an "answer"
column), to ask the same questions of the sheets as of the pages.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/as_sheet.py --data bench/data/questions-docs-faq.json --out /tmp/faq-csv
    HF_HUB_OFFLINE=1 .venv/bin/ragqa eval questions --data /tmp/faq-csv/questions.json --split check

Each document of the set's corpus, as ``ragqa index`` reads it, becomes ``<out>/sheets/<name>.csv`` (with
``--xlsx``, a sheet named after it in ``<out>/sheets/faq.xlsx``): a row a section, its heading as the question and
its text as the answer (as help-desk tools export an FAQ). The figures
should match the pages' (``ragqa eval questions --data <the set>``); ``<out>/questions.json`` is the set pointed at
the sheets.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from question_sets import corpus_folder, write_pointed

from ragqa.ingest.corpus import read_corpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="a question set whose corpus is a folder")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--xlsx", action="store_true", help="one workbook, a sheet a document, instead of CSV files")
    args = parser.parse_args()
    data, folder = corpus_folder(args.data)
    documents, _ = read_corpus(folder)
    sheets = args.out / "sheets"
    sheets.mkdir(parents=True, exist_ok=True)
    rows = 0
    book: dict[str, list[list[str]]] = {}
    for document in documents:
        table = [["question", "answer"]]
        for section in document.sections:
            answer = document.text[section.start : section.end].strip()
            if answer:
                table.append([section.heading or document.title, answer])
                rows += 1
        name = Path(document.doc_id).stem
        if args.xlsx:
            book[name[:31]] = table  # Excel's limit on a sheet's name
            continue
        with (sheets / f"{name}.csv").open("w", newline="", encoding="utf-8") as out:
            csv.writer(out).writerows(table)
    if args.xlsx:
        import openpyxl

        workbook = openpyxl.Workbook()
        workbook.remove(workbook.active)
        for name, table in book.items():
            sheet = workbook.create_sheet(name)
            for row in table:
                sheet.append(row)
        workbook.save(sheets / "faq.xlsx")
    questions = write_pointed(data, "xlsx" if args.xlsx else "csv", sheets, args.out)
    print(f"{len(documents)} documents, {rows} rows written to {sheets}; questions: {questions}")


if __name__ == "__main__":
    main()
