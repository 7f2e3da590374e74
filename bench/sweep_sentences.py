"""Sweep the sentence-ranking weights of ``ragqa.answering.evidence`` on the TUNE halves (no abstention).

For each setting: the share of answerable tune questions whose gold answer lies in the selected sentences (and,
after the slash, in the first of them), for each hand-written question set (bench/data/questions-*.json) and 400
answerable SQuAD 2.0 tune questions.
Retrieval runs once per question; only the sentence ranking is re-scored per setting.

    PYTHONPATH=src .venv/bin/python bench/sweep_sentences.py SIMILARITY_WEIGHT=0.5,0.75,1 PASSAGE_WEIGHT=0.5,1
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from train_abstention import SHARED, index_for, sentence_sets  # noqa: E402

from ragqa.answering import evidence as ev  # noqa: E402
from ragqa.answering.extractive import select_sentences  # noqa: E402
from ragqa.config import Settings  # noqa: E402
from ragqa.embedding.encoder import encoder_from_settings, index_encoder_from_settings  # noqa: E402
from ragqa.eval.metrics import answer_contains, in_split  # noqa: E402
from ragqa.eval.runners import _services, squad_records  # noqa: E402
from ragqa.index.build import LazyEncoder  # noqa: E402


def answerable_tune_sets(squad_questions: int = 400) -> list[tuple[str, str, list[tuple[str, list[str]]]]]:
    """(name, corpus, [(question, gold answers)]) of the answerable tune questions of every hand-written set and of
    the first ``squad_questions`` of SQuAD 2.0's."""
    sets = [
        (name, path, [(q["question"], q["answers"]) for q in questions if q["answers"] and in_split(q["id"], "tune")])
        for name, path, questions in sentence_sets()
    ]
    _, squad = squad_records(SHARED / "squad2" / "dev-articles.json")
    items = [(q["question"], q["answers"]) for q in squad if not q["impossible"] and in_split(q["id"], "tune")]
    sets.append(("squad2", "squad", items[:squad_questions]))
    return sets


def main() -> int:
    settings = Settings()
    encoder = encoder_from_settings(settings)
    builder = LazyEncoder(settings.embedding_model, lambda: index_encoder_from_settings(settings))
    sets = answerable_tune_sets()
    prepared = []
    for name, kind, items in sets:
        services = _services(settings, index_for(kind, settings, builder), encoder, [q for q, _ in items])
        hits = [services.pipeline.retrieve(q)[0] for q, _ in items]
        prepared.append((name, items, hits, services))
    grid = {
        k: [int(x) if x.isdigit() else float(x) for x in v.split(",")] for k, v in (a.split("=") for a in sys.argv[1:])
    }
    for combo in itertools.product(*grid.values()):
        for name, value in zip(grid, combo):
            setattr(ev, name, value)
        row = []
        total = [0, 0, 0]
        for name, items, hits, services in prepared:
            found = first = 0
            for (question, gold), h in zip(items, hits):
                ranked = ev.candidates(question, h, services.pipeline.vectorize)
                chosen = ev.by_kind(question, ev.with_kind(question, ranked, select_sentences(ranked, 3), 3))
                found += answer_contains(" ".join(c.text for c in chosen), gold)
                first += bool(chosen) and answer_contains(chosen[0].text, gold)
            row.append(f"{name}={found / len(items):.3f}/{first / len(items):.3f}")
            total = [total[0] + found, total[1] + first, total[2] + len(items)]
        print(dict(zip(grid, combo)), f"TOTAL={total[0]}/{total[1]} of {total[2]}", " ".join(row), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
