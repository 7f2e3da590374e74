"""When to say "The articles do not say": one calibrated probability from the sentence evidence.

Why a model and not rules: surface rules (an unknown capitalized word, a publication named after "according
to") fire on questions the articles do answer ("What does the White House say ...") and are shaped by the
corpus they were written for. A small logistic regression over the corpus-agnostic signals of
``answering.evidence`` gives the probability that the best sentence answers the question; the service
abstains below a threshold chosen for a stated false-abstention budget.

The weights and the threshold are fit by ``bench/train_abstention.py`` on the tune halves of several corpora,
each weighted equally (hand-written question sets over the default article and two SQuAD articles, SQuAD 2.0,
MultiHop-RAG), and saved beside this module (``abstention_model.json``, which records each set's tune figures);
no feature or rule names a corpus. Sets marked ``"abstention_training": false`` are measured, not fit on; they
show the threshold does not transfer to every corpus (docs/quality.md), hence ``confidence`` in every answer.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ragqa.answering.evidence import Evidence

FEATURES = (
    "similarity",
    "coverage",
    "missing",
    "lacks_kind",
    "passage",
    "unknown",
    "length",
    "similarity_x_length",
    "passage_x_length",
    "coverage_x_length",
)
MODEL_FILE = "abstention_model.json"


@dataclass(frozen=True)
class AbstentionModel:
    """``P(answered) = sigmoid(bias + sum(weight_i * feature_i))``; abstain when it is below ``threshold``.

    ``clear_absence`` is the lower threshold used when an LLM is configured: below it the evidence is clearly
    absent and the LLM is not asked; above it the LLM reads the passages and may itself say the articles do
    not say.
    """

    weights: tuple[float, ...]
    bias: float
    threshold: float
    clear_absence: float

    def probability(self, evidence: Evidence) -> float:
        z = self.bias + sum(w * x for w, x in zip(self.weights, evidence.features(), strict=True))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def abstains(self, evidence: Evidence, threshold: float | None = None) -> bool:
        return self.below(self.probability(evidence), threshold)

    def below(self, confidence: float, threshold: float | None = None) -> bool:
        """Whether ``confidence`` is too low to answer (``threshold``, else the model's own)."""
        return confidence < (self.threshold if threshold is None else threshold)

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> AbstentionModel:
        names = tuple(str(n) for n in _list(data["features"]))
        if names != FEATURES:
            raise ValueError(f"abstention model features {names} are not {FEATURES}: retrain it")
        return cls(
            weights=tuple(_number(w) for w in _list(data["weights"])),
            bias=_number(data["bias"]),
            threshold=_number(data["threshold"]),
            clear_absence=_number(data["clear_absence"]),
        )

    def to_dict(self, **extra: object) -> dict[str, object]:
        return {
            "features": list(FEATURES),
            "weights": [round(w, 6) for w in self.weights],
            "bias": round(self.bias, 6),
            "threshold": _down(self.threshold),
            "clear_absence": _down(self.clear_absence),
            **extra,
        }


def _down(threshold: float) -> float:
    """``threshold`` to four decimals, rounded down: it is the probability of the answerable question the budget
    lets through on some tune corpus, which rounding up would abstain on."""
    return math.floor(threshold * 10_000) / 10_000


def _list(value: object) -> list[object]:
    if not isinstance(value, list):
        raise ValueError(f"expected a list in the abstention model, got {value!r}")
    return value


def _number(value: object) -> float:
    if not isinstance(value, int | float):
        raise ValueError(f"expected a number in the abstention model, got {value!r}")
    return float(value)


@lru_cache(maxsize=4)
def load_model(path: Path | None = None) -> AbstentionModel:
    """The trained model shipped with the package (or the one at ``path``)."""
    if path is not None:
        text = Path(path).read_text()
    else:
        text = (resources.files("ragqa.answering") / MODEL_FILE).read_text()
    return AbstentionModel.from_dict(json.loads(text))


def fit(
    features: Sequence[Sequence[float]],
    labels: Sequence[int],
    sample_weight: Sequence[float] | None = None,
    l2: float = 1e-3,
    steps: int = 20000,
) -> tuple[tuple[float, ...], float]:
    """Weighted logistic regression by gradient descent (a handful of features: no library needed); returns
    the weights and the bias. ``labels`` are 1 for questions the articles answer."""
    import numpy as np

    x = np.asarray(features, dtype=np.float64)
    y = np.asarray(labels, dtype=np.float64)
    s = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    s = s / s.sum()
    w = np.zeros(x.shape[1])
    b = 0.0
    rate = 1.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(x @ w + b)))
        grad_w = x.T @ (s * (p - y)) + l2 * w
        grad_b = float(np.sum(s * (p - y)))
        w -= rate * grad_w
        b -= rate * grad_b
    return tuple(float(v) for v in w), b
