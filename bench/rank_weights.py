"""Fit the sentence ranking's weights from the TUNE halves: what the hand-set weights of ``answering.evidence`` say.

For each answerable tune question (every hand-written set, ``bench/data/questions-*.json``, and 400 of SQuAD 2.0's)
the service's retrieval and sentence ranking run once; each of the 40 best candidate sentences is labelled by
whether it holds a gold answer. A pairwise logistic ranker (a holding sentence above a non-holding one of the same
question) is fit on the signals the ranking adds up, and its weights are printed relative to the words' coverage,
beside how often its best three and best sentence hold the answer with each set left out of the fit in turn,
against the shipped ranking's. Check halves are never read here.

    HF_HUB_OFFLINE=1 PYTHONPATH=src .venv/bin/python bench/rank_weights.py

The shipped weights are then chosen over the whole answer step with ``bench/sweep_sentences.py`` (docs/quality.md,
thirty-fourth session).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from sweep_sentences import answerable_tune_sets  # noqa: E402
from train_abstention import index_for  # noqa: E402

from ragqa.answering import evidence as ev  # noqa: E402
from ragqa.config import Settings  # noqa: E402
from ragqa.embedding.encoder import encoder_from_settings, index_encoder_from_settings  # noqa: E402
from ragqa.eval.metrics import answer_contains  # noqa: E402
from ragqa.eval.runners import _services  # noqa: E402
from ragqa.index.build import LazyEncoder  # noqa: E402
from ragqa.retrieval.lexical import terms  # noqa: E402

SIGNALS = ("coverage", "passage", "similarity", "has_similarity", "holds_kind")
"""The passage's cosine is given against the best passage's, as the ranking reads it; a sentence outside the best
``SIMILARITY_CANDIDATES`` by words has no similarity (``has_similarity`` 0)."""
CANDIDATES = 40


def candidate_rows() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Signals, labels, question numbers, set names and the shipped scores of every tune question's candidates."""
    settings = Settings()
    encoder = encoder_from_settings(settings)
    builder = LazyEncoder(settings.embedding_model, lambda: index_encoder_from_settings(settings))
    sets = answerable_tune_sets()
    signals, labels, question, names, shipped = [], [], [], [], []
    number = 0
    for name, kind, items in sets:
        services = _services(settings, index_for(kind, settings, builder), encoder, [q for q, _ in items])
        pipeline = services.pipeline
        for text, gold in items:
            asked, query = pipeline.spell_out(text, text)
            hits, _ = pipeline.retrieve(query)
            ranked = ev.candidates(asked, hits, pipeline.vectorize) if hits else []
            if not ranked:
                continue
            kind_asked = ev.question_kind(asked, wide=True)
            asked_terms = set(terms(ev.without_aside(asked) or asked))
            top = max(h.dense for h in hits)
            for c in ranked[:CANDIDATES]:
                holds = kind_asked != "other" and ev.holds_kind(c.text, kind_asked, asked_terms, asked, wide=True)
                signals.append([c.coverage, c.hit.dense - top, c.similarity, float(c.similarity != 0.0), float(holds)])
                labels.append(int(answer_contains(c.text, gold)))
                question.append(number)
                names.append(name)
                shipped.append(c.score)
            number += 1
        print(name, len(items), file=sys.stderr, flush=True)
    return (np.array(signals), np.array(labels), np.array(question), np.array(names), np.array(shipped))


def fit_pairs(x: np.ndarray, y: np.ndarray, question: np.ndarray, rows: np.ndarray, l2: float = 1e-2) -> np.ndarray:
    """Weights of a pairwise logistic ranker over ``rows``: each holding sentence against up to 20 others."""
    pairs = []
    for q in np.unique(question[rows]):
        members = rows[question[rows] == q]
        good, bad = members[y[members] == 1][:5], members[y[members] == 0][:20]
        pairs += [(a, b) for a in good for b in bad]
    index = np.array(pairs)
    scale = x.std(0) + 1e-9
    d = (x[index[:, 0]] - x[index[:, 1]]) / scale
    w = np.zeros(x.shape[1])
    for _ in range(2000):
        p = 1.0 / (1.0 + np.exp(-(d @ w)))
        w -= d.T @ (p - 1.0) / len(d) + l2 * w
    return w / scale


def held(score: np.ndarray, y: np.ndarray, question: np.ndarray, rows: np.ndarray) -> tuple[int, int]:
    """Questions whose three best (and best) candidates by ``score`` hold the answer."""
    three = first = 0
    for q in np.unique(question[rows]):
        members = rows[question[rows] == q]
        order = members[np.argsort(-score[members], kind="stable")]
        three += int(y[order[:3]].any())
        first += int(y[order[0]])
    return three, first


def main() -> int:
    x, y, question, names, shipped = candidate_rows()
    everything = np.arange(len(y))
    left_out = np.zeros(len(y))
    for name in np.unique(names):
        w = fit_pairs(x, y, question, everything[names != name])
        left_out[names == name] = x[names == name] @ w
    weights = fit_pairs(x, y, question, everything)
    print("weights relative to coverage:", dict(zip(SIGNALS, np.round(weights / weights[0], 3), strict=True)))
    print("questions:", len(np.unique(question)))
    print("shipped ranking: best three / best hold the answer", held(shipped, y, question, everything))
    print("fit, each set left out of its own fit:", held(left_out, y, question, everything))
    for name in np.unique(names):
        rows = everything[names == name]
        print(f"  {name:45s} shipped {held(shipped, y, question, rows)}  fit {held(left_out, y, question, rows)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
