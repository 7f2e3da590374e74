"""A question set's JSONL articles written out as e-mail, to ask the same questions of the messages.

    .venv/bin/python bench/as_mail.py --data bench/data/questions-news-blind.json --layout mbox --out /tmp/mail
    HF_HUB_OFFLINE=1 .venv/bin/ragqa eval questions --data /tmp/mail/questions.json

Each article becomes a message as a newsletter sends it: its title the subject, its author the sender's name, its
outlet the ``Organization`` header, its date the ``Date`` header. ``--layout eml`` writes one ``.eml`` file an
article with a plain-text body; ``--layout mbox`` one ``articles.mbox`` whose messages carry the text as HTML
(a paragraph a ``<p>``) beside a plain-text part. The set goes to ``<out>/questions.json`` with its corpus pointed
at ``<out>/mail``; the figures should match the JSONL corpus's but for what mail cannot hold (a category).
"""

from __future__ import annotations

import argparse
import html
import re
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from question_sets import jsonl_records, write_pointed


def _message(record: dict[str, Any], rich: bool) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = record["title"]
    sender = record.get("author") or record.get("source") or "Newsroom"  # a newsletter without a byline: its outlet
    message["From"] = f'"{sender}" <news@example.invalid>'
    if record.get("source"):
        message["Organization"] = record["source"]
    if record.get("published_at"):
        message["Date"] = format_datetime(datetime.fromisoformat(record["published_at"].replace("Z", "+00:00")))
    message.set_content(record["text"])
    if rich:
        paragraphs = (p.strip() for p in re.split(r"\n\s*\n", record["text"]) if p.strip())
        body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
        message.add_alternative(f"<html><body>{body}</body></html>", subtype="html")
    return message


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="a question set whose corpus is JSONL records")
    parser.add_argument("--layout", choices=("eml", "mbox"), required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    data, records = jsonl_records(args.data)
    folder = args.out / "mail"
    folder.mkdir(parents=True, exist_ok=True)
    if args.layout == "eml":
        for number, record in enumerate(records, start=1):
            (folder / f"{number:03d}.eml").write_bytes(bytes(_message(record, rich=False)))
    else:
        with (folder / "articles.mbox").open("wb") as box:
            for record in records:
                raw = bytes(_message(record, rich=True))
                box.write(b"From news@example.invalid Thu Jan  1 00:00:00 1970\n")
                box.write(re.sub(rb"(?m)^(>*From )", rb">\1", raw) + b"\n")
    questions = write_pointed(data, args.layout, folder, args.out)
    print(f"{len(records)} articles written to {folder} ({args.layout}); questions: {questions}")


if __name__ == "__main__":
    main()
