"""Questions with a typing slip, answered with and without reading misspelt words as corpus words.

Each answerable question of the TUNE halves (the hand-written sets about sentences, and 400 SQuAD 2.0 tune
questions) gets one slip in its longest lower-case word of six letters or more that the corpus uses: its middle
letter dropped (even question numbers) or two middle letters swapped (odd ones). Reported, for the slipped and
the original questions, with the speller off and on: the share answered with the fact (gold answer inside an
answer that does not abstain). The unanswerable tune questions, as typed, show what the speller does to
abstention (share abstained, off and on).

    HF_HUB_OFFLINE=1 .venv/bin/python bench/typos.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from train_abstention import SHARED, index_for, sentence_sets  # noqa: E402

from ragqa.answering import pipeline as answer_pipeline  # noqa: E402
from ragqa.config import Settings  # noqa: E402
from ragqa.embedding.encoder import encoder_from_settings, index_encoder_from_settings  # noqa: E402
from ragqa.eval.metrics import answer_contains, in_split  # noqa: E402
from ragqa.eval.runners import _answer_all, _services, squad_records  # noqa: E402
from ragqa.index.build import LazyEncoder  # noqa: E402
from ragqa.ingest.words import fold  # noqa: E402

_WORD = re.compile(r"(?<![\w'’-])[a-z]{6,}(?![\w'’-])")


def slip(question: str, n: int, known) -> str | None:
    """``question`` with one typing slip in its longest known lower-case word, or None when it has none."""
    words = sorted((m for m in _WORD.finditer(question) if known(fold(m.group()))), key=lambda m: -len(m.group()))
    if not words:
        return None
    m = words[0]
    w, mid = m.group(), len(m.group()) // 2
    typo = w[:mid] + w[mid + 1 :] if n % 2 == 0 else w[: mid - 1] + w[mid] + w[mid - 1] + w[mid + 1 :]
    return question[: m.start()] + typo + question[m.end() :]


def main() -> int:
    settings = Settings()
    encoder = encoder_from_settings(settings)
    builder = LazyEncoder(settings.embedding_model, lambda: index_encoder_from_settings(settings))
    sets = [
        (name, path, [(q["question"], q["answers"]) for q in questions if in_split(q["id"], "tune")])
        for name, path, questions in sentence_sets()
    ]
    _, squad = squad_records(SHARED / "squad2" / "dev-articles.json")
    tune = [q for q in squad if in_split(q["id"], "tune")]
    sets.append(("squad2", "squad", [(q["question"], q["answers"]) for q in tune if not q["impossible"]][:400]))
    sets.append(("squad2-unanswerable", "squad", [(q["question"], []) for q in tune if q["impossible"]][:400]))
    speller = answer_pipeline.misspelt
    for name, kind, items in sets:
        index_dir = index_for(kind, settings, builder)
        probe = _services(settings, index_dir, encoder, [])
        known = probe.holder.current.corpus_view().has_term
        assert known is not None
        answerable = [(q, gold) for q, gold in items if gold]
        slipped = [(s, gold) for n, (q, gold) in enumerate(answerable) if (s := slip(q, n, known))]
        unanswerable = [q for q, gold in items if not gold]
        row = {"answerable": len(answerable), "slipped": len(slipped), "unanswerable": len(unanswerable)}
        for mode in ("off", "on"):
            answer_pipeline.misspelt = speller if mode == "on" else (lambda question, has_term: [])
            for label, questions in (("slipped", slipped), ("original", answerable)):
                texts = [q for q, _ in questions]
                results = _answer_all(_services(settings, index_dir, encoder, texts), texts, None)
                fact = sum(not r.abstained and answer_contains(r.answer, g) for r, (_, g) in zip(results, questions))
                row[f"{label} {mode}"] = round(fact / max(len(questions), 1), 3)
            results = _answer_all(_services(settings, index_dir, encoder, unanswerable), unanswerable, None)
            row[f"unanswerable abstained {mode}"] = round(sum(r.abstained for r in results) / max(len(results), 1), 3)
        answer_pipeline.misspelt = speller
        print(name, row, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
