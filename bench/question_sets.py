"""A question set's corpus, as the ``bench/as_*.py`` scripts rewrite it in another layout or format.

Paths in a set's ``corpus`` are relative to the working directory or, failing that, to the folder above the one
holding the set (the repository root for ``bench/data/``), as ``ragqa eval questions`` resolves them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def _resolved(value: str, data_path: Path) -> Path:
    path = Path(value)
    if path.is_absolute() or path.exists():
        return path
    return data_path.resolve().parent.parent / path


def jsonl_records(data_path: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The set and the records of its ``{"jsonl": file, "ids": [...]}`` corpus (all records without ``ids``)."""
    data = json.loads(data_path.read_text())
    spec = data["corpus"]
    wanted = set(spec.get("ids", []))
    lines = _resolved(spec["jsonl"], data_path).read_text().splitlines()
    return data, [r for r in map(json.loads, lines) if not wanted or r.get("id") in wanted]


def corpus_folder(data_path: Path) -> tuple[dict[str, Any], Path]:
    """The set and its ``{"folder": path}`` corpus."""
    data = json.loads(data_path.read_text())
    return data, _resolved(data["corpus"]["folder"], data_path)


def write_pointed(data: dict[str, Any], suffix: str, folder: Path, out: Path) -> Path:
    """``out/questions.json``: the set named ``<name>-<suffix>``, its corpus pointed at ``folder``."""
    target = out / "questions.json"
    pointed = {**data, "name": f"{data.get('name', 'set')}-{suffix}", "corpus": {"folder": str(folder.resolve())}}
    target.write_text(json.dumps(pointed, indent=1, ensure_ascii=False))
    return target
