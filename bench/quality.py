"""Every quality figure of one split in one run: each hand-written question and conversation set, SQuAD 2.0 and
MultiHop-RAG, as ``ragqa eval`` computes them (its runners, one encoder for all), in one table.

Why: a change is judged on the tune half of every set and reported on the check half of every set
(docs/quality.md); running thirty-odd commands and reading thirty-odd outputs by hand is where figures get lost.
``--json`` keeps a run, ``--compare`` shows what moved against a kept run, set by set.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/quality.py --split tune --json /tmp/tune-before.json
    HF_HUB_OFFLINE=1 .venv/bin/python bench/quality.py --split tune --compare /tmp/tune-before.json
    HF_HUB_OFFLINE=1 .venv/bin/python bench/quality.py --split check --sets 'questions-news-*' --no-benchmarks

Indexes and question vectors are cached as ``ragqa eval`` caches them (``RAGQA_EVAL_CACHE_DIR``).
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from ragqa.config import Settings  # noqa: E402
from ragqa.embedding.encoder import encoder_from_settings, index_encoder_from_settings  # noqa: E402
from ragqa.eval.runners import run_conversations, run_multihop, run_questions, run_squad  # noqa: E402
from ragqa.index.build import LazyEncoder  # noqa: E402

SHARED = ROOT.parent / "shared" / "bench"
COLUMNS = {
    "questions": ("answered_with_fact", "fact_in_first_sentence", "answerable_abstained", "unanswerable_abstained"),
    "conversations": ("first_answered_with_fact", "follow_ups_answered_with_fact", "unanswerable_abstained"),
    "squad": ("answer_contained", "first_sentence_contained", "answerable_abstained", "unanswerable_abstained"),
    "multihop": ("hits@10", "mrr@10", "map@10", "hits@4", "null_abstained", "answerable_abstained"),
}
"""The figures kept of each kind of set, in the order the table shows them."""


def figures(kind: str, result: dict[str, Any]) -> dict[str, Any]:
    """The figures of one run (``COLUMNS``), with the counts they are shares of and, for the hand-written sets, the
    ids of the questions (or turns) missed."""
    if kind == "multihop":
        retrieval, abstention = result["retrieval"], result["abstention"]
        return {
            **{k: retrieval[k] for k in ("hits@10", "mrr@10", "map@10", "hits@4")},
            "null_abstained": abstention["null_abstained"],
            "answerable_abstained": abstention["answerable_abstained"],
            "n": abstention["answerable_queries"],
            "n_unanswerable": abstention["null_queries"],
        }
    out: dict[str, Any] = {k: result[k] for k in COLUMNS[kind]}
    out["n"] = result["follow_ups"] if kind == "conversations" else result["answerable"]
    out["n_unanswerable"] = result["unanswerable"]
    if "misses" in result:
        out["missed"] = sorted(str(r["id"]) for r in result["misses"])
    return out


def run_all(split: str, patterns: list[str], benchmarks: bool) -> dict[str, dict[str, Any]]:
    """Every chosen set's figures of ``split``, by set name."""
    settings = Settings()
    encoder = encoder_from_settings(settings)
    builder = LazyEncoder(settings.embedding_model, lambda: index_encoder_from_settings(settings))
    common = {"builder": builder, "split": split}
    runs: list[tuple[str, str, Any]] = []
    for path in sorted((ROOT / "bench" / "data").glob("*.json")):
        kind = "conversations" if path.stem.startswith("conversations-") else "questions"
        if path.stem.startswith(kind) and any(fnmatch.fnmatch(path.stem, p) for p in patterns):
            runner = run_conversations if kind == "conversations" else run_questions
            runs.append((path.stem, kind, lambda runner=runner, path=path: runner(path, settings, encoder, **common)))
    if benchmarks:
        squad = SHARED / "squad2" / "dev-articles.json"
        multihop = (SHARED / "multihop-rag" / "corpus.jsonl", SHARED / "multihop-rag" / "queries-dev.json")
        runs.append(("squad2", "squad", lambda: run_squad(squad, settings, encoder, **common)))
        runs.append(("multihop-rag", "multihop", lambda: run_multihop(*multihop, settings, encoder, **common)))
    table: dict[str, dict[str, Any]] = {}
    for name, kind, run in runs:
        started = time.perf_counter()
        table[name] = {"kind": kind, **figures(kind, run())}
        print(f"{name}: {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    return table


def _cell(value: float | int | None, before: float | int | None) -> str:
    if value is None:
        return ""
    text = f"{value:.4f}" if isinstance(value, float) else str(value)
    if before is not None and before != value:
        return f"{before:.4f} -> **{text}**" if isinstance(before, float) else f"{before} -> **{text}**"
    return text


def print_table(table: dict[str, dict[str, Any]], before: dict[str, dict[str, Any]] | None, changed: bool) -> None:
    """One Markdown table per kind of set; with ``before``, each figure that moved as "old -> new"."""
    for kind, columns in COLUMNS.items():
        rows = [(name, row) for name, row in table.items() if row["kind"] == kind]
        if changed and before is not None:
            rows = [(n, r) for n, r in rows if any(before.get(n, {}).get(c) != r.get(c) for c in columns)]
        if not rows:
            continue
        print(f"\n| {kind} | n | unanswerable | " + " | ".join(columns) + " |")
        print("|---" * (len(columns) + 3) + "|")
        for name, row in rows:
            old = (before or {}).get(name, {})
            cells = [_cell(row.get(c), old.get(c) if before is not None else None) for c in columns]
            print(f"| {name} | {row['n']} | {row['n_unanswerable']} | " + " | ".join(cells) + " |")
    if before is not None:  # which questions moved, not only how many: a fix and a break cancel in a share
        for name, row in table.items():
            if "missed" not in before.get(name, {}) or "missed" not in row:
                continue  # a run kept before the ids were
            was, now = set(before[name]["missed"]), set(row["missed"])
            if was != now:
                print(f"{name}: now answered right {sorted(was - now)}, now missed {sorted(now - was)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("tune", "check", "all"), required=True)
    parser.add_argument("--sets", nargs="*", default=["*"], help="set names to run (glob), e.g. 'questions-news-*'")
    parser.add_argument("--no-benchmarks", action="store_true", help="leave out SQuAD 2.0 and MultiHop-RAG")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--compare", type=Path, help="a run written with --json: show what moved")
    parser.add_argument("--changed", action="store_true", help="with --compare, show only the sets that moved")
    args = parser.parse_args()
    before = json.loads(args.compare.read_text()) if args.compare else None
    table = run_all(args.split, args.sets, not args.no_benchmarks)
    if args.json:
        args.json.write_text(json.dumps(table, indent=1) + "\n")
    print(f"split: {args.split}")
    print_table(table, before, args.changed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
