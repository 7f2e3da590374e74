"""Questions naming a day, typed the ways people write days, answered with and without writing the day out as the
passages do (``answering.evidence.dates_as_written``).

Every question of the dev sets that names a day with its year (the hand-written sets about sentences and SQuAD
2.0's questions; both halves, since nothing here is tuned: there are few such questions) is asked as written and
with the day retyped four ways: "12/05/1999" (day first), "05/12/1999" (month first), "1999-05-12" and "May
12th, 1999". Reported per form, with the rewriting off and on: answerable questions answered with the fact (gold
answer inside an answer that does not abstain), unanswerable ones abstained.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/dates.py
"""

from __future__ import annotations

import calendar
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from train_abstention import SHARED, index_for, sentence_sets  # noqa: E402

from ragqa.answering import pipeline as answer_pipeline  # noqa: E402
from ragqa.config import Settings  # noqa: E402
from ragqa.embedding.encoder import encoder_from_settings, index_encoder_from_settings  # noqa: E402
from ragqa.eval.metrics import answer_contains  # noqa: E402
from ragqa.eval.runners import _answer_all, _services, squad_records  # noqa: E402
from ragqa.index.build import LazyEncoder  # noqa: E402
from ragqa.retrieval.query import dated_spans  # noqa: E402

FORMS = {
    "as written": lambda y, m, d: None,
    "dd/mm/yyyy": lambda y, m, d: f"{d:02d}/{m:02d}/{y}",
    "mm/dd/yyyy": lambda y, m, d: f"{m:02d}/{d:02d}/{y}",
    "iso": lambda y, m, d: f"{y}-{m:02d}-{d:02d}",
    "ordinal": lambda y, m, d: (
        f"{calendar.month_name[m]} {d}{'th' if 10 < d < 14 else {1: 'st', 2: 'nd', 3: 'rd'}.get(d % 10, 'th')}, {y}"
    ),
}


def retyped(question: str, form: str) -> str | None:
    """``question`` with the first day it names (with its year) in ``form``; None when it names no such day."""
    for (first, last), (start, end) in dated_spans(question):
        if first == last and not first.startswith("0000"):
            y, m, d = (int(part) for part in first.split("-"))
            text = FORMS[form](y, m, d)
            return question if text is None else question[:start] + text + question[end:]
    return None


def main() -> int:
    settings = Settings()
    encoder = encoder_from_settings(settings)
    builder = LazyEncoder(settings.embedding_model, lambda: index_encoder_from_settings(settings))
    sets = [
        (name, path, [(q["question"], q["answers"]) for q in questions]) for name, path, questions in sentence_sets()
    ]
    _, squad = squad_records(SHARED / "squad2" / "dev-articles.json")
    sets.append(("squad2", "squad", [(q["question"], q["answers"]) for q in squad]))
    rewrite = answer_pipeline.dates_as_written
    for name, kind, items in sets:
        dated = [(q, gold) for q, gold in items if retyped(q, "as written")]
        if not dated:
            continue
        index_dir = index_for(kind, settings, builder)
        row: dict[str, object] = {"questions": len(dated), "answerable": sum(bool(g) for _, g in dated)}
        for mode in ("off", "on"):
            answer_pipeline.dates_as_written = rewrite if mode == "on" else (lambda question, hits: question)
            for form in FORMS:
                asked = [(retyped(q, form) or q, gold) for q, gold in dated]
                texts = [q for q, _ in asked]
                results = _answer_all(_services(settings, index_dir, encoder, texts), texts, None)
                right = sum(
                    (not r.abstained and answer_contains(r.answer, g)) if g else r.abstained
                    for r, (_, g) in zip(results, asked)
                )
                row[f"{form} {mode}"] = f"{right}/{len(asked)}"
        answer_pipeline.dates_as_written = rewrite
        print(name, row, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
