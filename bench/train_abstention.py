"""Fit the abstention model (``src/ragqa/answering/abstention_model.json``) on the TUNE halves of several corpora.

For every tune question of each dev set the service's own retrieval runs, and the evidence of its best
sentences (``answering.evidence``) is recorded with whether the articles answer the question. A logistic
regression over those signals, each corpus weighted equally, gives ``P(answered)``; the threshold is the highest
one that keeps false abstention (answerable questions abstained) within ``--budget`` on every tune corpus, and
``clear_absence`` (used with an LLM) the same for ``--llm-budget``. Check halves are never read here: report
them with ``ragqa eval ... --split check``.

    PYTHONPATH=src .venv/bin/python bench/train_abstention.py            # fit, print, write the model
    PYTHONPATH=src .venv/bin/python bench/train_abstention.py --dry-run  # fit and print only

Dev sets: bench/data/questions-*.json (hand-written), SQuAD 2.0 dev articles (is_impossible), MultiHop-RAG dev
(null queries). Indexes and question vectors are cached as ``ragqa eval`` caches them.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from ragqa.answering.abstention import FEATURES, MODEL_FILE, AbstentionModel, fit  # noqa: E402
from ragqa.answering.metadata import asked_field  # noqa: E402
from ragqa.config import Settings  # noqa: E402
from ragqa.embedding.encoder import encoder_from_settings, index_encoder_from_settings  # noqa: E402
from ragqa.eval.index_cache import cached_index, multihop_index, stage_corpus  # noqa: E402
from ragqa.eval.metrics import in_split  # noqa: E402
from ragqa.eval.runners import _question_corpus, _services, squad_records  # noqa: E402
from ragqa.index.build import LazyEncoder  # noqa: E402

SHARED = ROOT.parent / "shared" / "bench"


def sentence_sets(training: bool = False) -> list[tuple[str, str, list[dict]]]:
    """(name, path, questions) of the hand-written sets whose questions sentences answer (not the set about the
    documents' metadata); with ``training``, only those the abstention model is fit on."""
    sets = []
    for path in sorted((ROOT / "bench" / "data").glob("questions-*.json")):
        data = json.loads(path.read_text())
        if data.get("about_metadata", False) or (training and not data.get("abstention_training", True)):
            continue
        sets.append((path.stem, str(path), data["questions"]))
    return sets


def dev_sets(limit: int | None) -> list[tuple[str, str, list[tuple[str, int]]]]:
    """(name, corpus kind, [(question, answered?)]) of every dev set's tune half."""
    sets = []
    for name, path, questions in sentence_sets(training=True):
        items = [
            (q["question"], int(bool(q["answers"])))
            for q in questions
            if in_split(str(q["id"]), "tune") and asked_field(q["question"]) is None  # metadata answers aside
        ]
        sets.append((name, path, items))
    _, squad = squad_records(SHARED / "squad2" / "dev-articles.json")
    items = [(q["question"], int(not q["impossible"])) for q in squad if in_split(q["id"], "tune")]
    sets.append(("squad2", "squad", items))
    queries = json.loads((SHARED / "multihop-rag" / "queries-dev.json").read_text())
    items = [(q["query"], int(q["question_type"] != "null_query")) for q in queries if in_split(q["query"], "tune")]
    sets.append(("multihop", "multihop", items))
    return [(name, kind, items[:limit]) for name, kind, items in sets]


def index_for(kind: str, settings: Settings, builder: LazyEncoder) -> Path:
    cache = Path(settings.eval_cache_dir)
    if kind == "squad":
        records, _ = squad_records(SHARED / "squad2" / "dev-articles.json")
        return cached_index("squad", stage_corpus(records, cache / "staging-squad-train"), builder, cache)[1]
    if kind == "multihop":
        return multihop_index(SHARED / "multihop-rag" / "corpus.jsonl", builder, cache)[1]
    data = json.loads(Path(kind).read_text())
    folder = _question_corpus(data["corpus"], Path(kind), cache)
    return cached_index(f"questions-{data.get('name', 'set')}", folder, builder, cache)[1]


def features_of(
    name: str, kind: str, items: list[tuple[str, int]], settings: Settings, encoder, builder
) -> tuple[np.ndarray, np.ndarray]:
    """The evidence features of each question, as the service computes them, and whether it is answered."""
    index_dir = index_for(kind, settings, builder)
    services = _services(settings, index_dir, encoder, [q for q, _ in items])
    pipeline = services.pipeline
    rows, kept = [], []
    for question, answered in items:
        # the service's own steps: acronyms written out, retrieval, the sentence evidence of the answer
        asked, query = pipeline.spell_out(question, question)
        hits, _ = pipeline.retrieve(query)
        found = pipeline.extractive(asked, hits).evidence
        if found is None:  # answered from the documents' metadata (bylines, dates): no sentence evidence
            continue
        rows.append(found.features())
        kept.append(answered)
    asyncio.run(services.aclose())
    print(f"{name}: {len(kept)} tune questions, {sum(kept)} answerable", file=sys.stderr)
    return np.asarray(rows, dtype=np.float64), np.asarray(kept)


def auc(scores: np.ndarray, labels: np.ndarray) -> float:
    pos, neg = scores[labels == 1], scores[labels == 0]
    if not len(pos) or not len(neg):
        return float("nan")
    return float((pos[:, None] > neg[None, :]).mean() + 0.5 * (pos[:, None] == neg[None, :]).mean())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--budget", type=float, default=0.05, help="false abstention allowed on each tune corpus")
    parser.add_argument("--llm-budget", type=float, default=0.01, help="the same for clear absences (with an LLM)")
    parser.add_argument("--limit", type=int, help="at most N tune questions per corpus (a quick run)")
    parser.add_argument("--dry-run", action="store_true", help="do not write the model file")
    args = parser.parse_args()

    settings = Settings()
    encoder = encoder_from_settings(settings)
    builder = LazyEncoder(settings.embedding_model, lambda: index_encoder_from_settings(settings))
    data = []
    for name, kind, items in dev_sets(args.limit):
        x, y = features_of(name, kind, items, settings, encoder, builder)
        data.append((name, x, y))

    # each corpus carries the same total weight, however many questions it has
    weights = np.concatenate([np.full(len(y), 1.0 / len(y)) for _, _, y in data])
    x_all = np.concatenate([x for _, x, _ in data])
    y_all = np.concatenate([y for _, _, y in data])
    w, b = fit(x_all.tolist(), y_all.tolist(), sample_weight=(weights / weights.mean()).tolist())
    provisional = AbstentionModel(w, b, 0.5, 0.5)

    def probabilities(x: np.ndarray) -> np.ndarray:
        z = b + x @ np.asarray(w)
        return 1.0 / (1.0 + np.exp(-z))

    def threshold_for(budget: float) -> float:
        """The highest threshold keeping answerable-abstained within ``budget`` on every tune corpus."""
        limits = []
        for _, x, y in data:
            p = np.sort(probabilities(x[y == 1]))
            if not len(p):
                continue
            k = int(np.floor(budget * len(p)))  # at most k answerable questions may fall below the threshold
            limits.append(float(p[k]) if k < len(p) else 1.0)
        return min(limits)

    threshold = threshold_for(args.budget)
    clear = min(threshold, threshold_for(args.llm_budget))
    model = AbstentionModel(provisional.weights, provisional.bias, threshold, clear)
    print(f"weights {dict(zip(FEATURES, (round(v, 3) for v in w)))} bias {b:.3f}")
    print(f"threshold {threshold:.4f} (false abstention <= {args.budget} per tune corpus), clear absence {clear:.4f}")
    report = {}
    for name, x, y in data:
        p = probabilities(x)
        abstain = p < threshold
        row = {
            "questions": int(len(y)),
            "auc": round(auc(p, y), 4),
            "answerable_abstained": round(float(abstain[y == 1].mean()) if (y == 1).any() else 0.0, 4),
            "unanswerable_abstained": round(float(abstain[y == 0].mean()) if (y == 0).any() else 0.0, 4),
        }
        report[name] = row
        print(f"  tune {name:34s} {row}")
    if not args.dry_run:
        target = ROOT / "src" / "ragqa" / "answering" / MODEL_FILE
        payload = model.to_dict(
            trained="bench/train_abstention.py on the tune halves (fixed split, ragqa.eval.metrics.split_of)",
            budget=args.budget,
            tune=report,
        )
        target.write_text(json.dumps(payload, indent=2) + "\n")
        print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
