"""A question set's JSONL articles written out as a static site's content folder, to ask the same questions of it.

    .venv/bin/python bench/as_site.py --data bench/data/questions-news-metadata.json --layout hugo --out /tmp/site
    HF_HUB_OFFLINE=1 .venv/bin/ragqa eval questions --data /tmp/site/questions.json --split check

``--layout hugo`` writes each article as a Hugo page bundle, ``content/posts/<slug>/index.md``, under TOML front
matter (title, date, author, categories; the outlet under ``[params]``). ``--layout jekyll`` writes
``_posts/<YYYY-MM-DD>-<slug>.md`` under YAML front matter with no date key: the day is the file name's, as Jekyll
reads it. The site goes to ``<out>/site``, and ``<out>/questions.json`` is the set with its corpus pointed there.
The figures should match the JSONL corpus's (``ragqa eval questions --data <the set>``) but for what the layout
cannot hold (Jekyll's file names keep the day, not the time).
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

from question_sets import jsonl_records, write_pointed


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-")[:60] or "untitled"


def _toml(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string


def hugo_page(record: dict[str, Any]) -> tuple[str, str]:
    lines = ["+++", f"title = {_toml(record['title'])}"]
    if record.get("published_at"):
        lines.append(f"date = {record['published_at']}")  # a TOML offset date-time, unquoted as Hugo writes it
    if record.get("author"):
        lines.append(f"author = {_toml(record['author'])}")
    if record.get("category"):
        lines.append(f"categories = [{_toml(record['category'])}]")
    lines.append("draft = false")
    if record.get("source"):
        lines += ["", "[params]", f"source = {_toml(record['source'])}"]
    lines += ["+++", "", record["text"], ""]
    return f"content/posts/{_slug(record['title'])}/index.md", "\n".join(lines)


def jekyll_post(record: dict[str, Any]) -> tuple[str, str]:
    lines = ["---", "layout: post", f"title: {json.dumps(record['title'], ensure_ascii=False)}"]
    if record.get("author"):
        lines.append(f"author: {json.dumps(record['author'], ensure_ascii=False)}")
    if record.get("category"):
        lines.append(f"categories: [{record['category']}]")
    if record.get("source"):
        lines.append(f"source: {json.dumps(record['source'], ensure_ascii=False)}")
    lines += ["---", "", record["text"], ""]
    day = (record.get("published_at") or "")[:10]
    name = f"{day}-{_slug(record['title'])}.md" if day else f"{_slug(record['title'])}.md"
    return f"_posts/{name}", "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="a question set whose corpus is JSONL records")
    parser.add_argument("--layout", choices=("hugo", "jekyll"), required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    data, records = jsonl_records(args.data)
    write = hugo_page if args.layout == "hugo" else jekyll_post
    for record in records:
        rel, text = write(record)
        target = args.out / "site" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    site = args.out / "site"
    questions = write_pointed(data, args.layout, site, args.out)
    print(f"{len(records)} articles written to {site} ({args.layout}); questions: {questions}")


if __name__ == "__main__":
    main()
