"""A question set's corpus written out in another format through pandoc, to ask the same questions of it.

    .venv/bin/python bench/as_format.py --data bench/data/questions-docs-docx.json --to odt --out /tmp/odt
    HF_HUB_OFFLINE=1 .venv/bin/ragqa eval questions --data /tmp/odt/questions.json

Each document of the set's corpus folder, as ragqa reads it, is written as Markdown (YAML front matter with its
title, author and date; its sections under ``##`` headings; its code indented) and converted by pandoc to the
format ``--to`` names (``md`` writes the Markdown itself: the baseline the other formats are compared with, since
the Markdown already flattens what the original format held). The folder goes to ``<out>/corpus`` and
``<out>/questions.json`` is the set with its corpus pointed there. Whatever a format loses, or ragqa fails to read
back, shows as answers that differ from the ``md`` baseline's.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from question_sets import corpus_folder, write_pointed  # noqa: E402

from ragqa.ingest.converted import FORMATS, _pandoc  # noqa: E402
from ragqa.ingest.corpus import read_corpus  # noqa: E402
from ragqa.records import Document  # noqa: E402

READ_AS = "markdown-tex_math_dollars-raw_tex-raw_html-smart-subscript-superscript-citations"
"""Pandoc's Markdown without its extensions that would misread plain text ("$LANG ... $LC_ALL" is no math)."""
SUFFIX_OF = {fmt: suffix for suffix, fmt in reversed(list(FORMATS.items()))} | {"md": ".md"}


def markdown_of(doc: Document) -> str:
    head = ["---", f"title: {json.dumps(doc.title, ensure_ascii=False)}"]
    if doc.author:
        head.append(f"author: {json.dumps(doc.author, ensure_ascii=False)}")
    if doc.published_at:
        head.append(f"date: {json.dumps(doc.published_at, ensure_ascii=False)}")
    parts = ["\n".join([*head, "---"])]
    for section in doc.sections:
        body = doc.text[section.start : section.end].strip("\n")
        parts.append(f"## {section.heading}\n\n{body}" if section.heading else body)
    return "\n\n".join(parts) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="a question set whose corpus is a folder")
    parser.add_argument("--to", required=True, choices=sorted(SUFFIX_OF), help="pandoc's name of the format")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    data, folder = corpus_folder(args.data)
    docs, _ = read_corpus(folder)
    out = args.out / "corpus"
    out.mkdir(parents=True, exist_ok=True)
    for doc in docs:
        target = out / Path(doc.doc_id.replace("/", "__")).with_suffix(SUFFIX_OF[args.to])
        text = markdown_of(doc)
        if args.to == "md":
            target.write_text(text, encoding="utf-8")
            continue
        subprocess.run(
            [_pandoc(), "--from", READ_AS, "--to", args.to, "--standalone", "--output", str(target)],
            input=text.encode("utf-8"),
            check=True,
        )
    questions = write_pointed(data, args.to, out, args.out)
    print(f"{len(docs)} documents written to {out} as {args.to}; questions: {questions}")


if __name__ == "__main__":
    main()
