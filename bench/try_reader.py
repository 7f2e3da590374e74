"""Experiment (tried and dropped, docs/quality.md): a cross-encoder "reader" as one more abstention signal.

all-MiniLM-L6-v2's top ``--layers`` layers are fine-tuned with a linear head on (question, candidate sentence)
pairs to say whether the sentence holds the gold answer (SQuAD and hand-written sets: the answer string; MultiHop-RAG:
the sentence overlaps an evidence fact; unanswerable questions: no sentence does). The lower layers are frozen and
their states computed once. Data: the TUNE halves only, cut again in two folds by a fixed hash: the reader is
trained on fold A; on fold B its best score over the 8 candidates (and the first candidate's score) join the ten
evidence features in the abstention model, fit on fold B (in-sample for that small model, like the baseline it is
compared with), at the same 5% false-abstention budget per corpus. Check halves are never read.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/try_reader.py --layers 2 --epochs 3     # ~40 min on 2 cores

Candidates and features are computed with the service's own retrieval and cached in ``--cache``.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import math
import pickle
import random
import re
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from train_abstention import SHARED, auc, index_for  # noqa: E402

from ragqa.answering.abstention import fit  # noqa: E402
from ragqa.answering.evidence import candidates, evidence  # noqa: E402
from ragqa.answering.metadata import asked_field  # noqa: E402
from ragqa.config import Settings  # noqa: E402
from ragqa.embedding.encoder import encoder_from_settings, index_encoder_from_settings, resolve_model_path  # noqa: E402
from ragqa.eval.metrics import split_of  # noqa: E402
from ragqa.eval.runners import _services, squad_records  # noqa: E402
from ragqa.index.build import LazyEncoder  # noqa: E402

TOP_CANDIDATES = 8


def dev_sets() -> list[tuple[str, str, list[dict[str, Any]]]]:
    """Every dev set's TUNE questions with gold answers (and MultiHop-RAG's evidence facts)."""
    out = []
    for path in sorted((ROOT / "bench" / "data").glob("questions-*.json")):
        data = json.loads(path.read_text())
        items = [
            {"id": str(q["id"]), "q": q["question"], "y": int(bool(q["answers"])), "answers": q["answers"], "facts": []}
            for q in data["questions"]
            if asked_field(q["question"]) is None
        ]
        out.append((path.stem, str(path), items))
    _, squad = squad_records(SHARED / "squad2" / "dev-articles.json")
    items = [
        {"id": q["id"], "q": q["question"], "y": int(not q["impossible"]), "answers": q["answers"], "facts": []}
        for q in squad
    ]
    out.append(("squad2", "squad", items))
    queries = json.loads((SHARED / "multihop-rag" / "queries-dev.json").read_text())
    items = [
        {
            "id": q["query"],
            "q": q["query"],
            "y": int(q["question_type"] != "null_query"),
            "answers": [q["answer"]],
            "facts": [e["fact"] for e in q["evidence_list"]],
        }
        for q in queries
    ]
    out.append(("multihop", "multihop", items))
    return [(name, kind, [i for i in items if split_of(i["id"]) == "tune"]) for name, kind, items in out]


def collect(cache: Path) -> dict[str, list[dict[str, Any]]]:
    """The tune questions' candidate sentences and evidence features, as the service computes them."""
    if cache.exists():
        with cache.open("rb") as f:
            return pickle.load(f)  # noqa: S301 - our own cache
    settings = Settings()
    encoder = encoder_from_settings(settings)
    builder = LazyEncoder(settings.embedding_model, lambda: index_encoder_from_settings(settings))
    dump = {}
    for name, kind, items in dev_sets():
        services = _services(settings, index_for(kind, settings, builder), encoder, [i["q"] for i in items])
        pipeline, corpus = services.pipeline, services.holder.current.corpus_view()
        rows = []
        for item in items:
            hits, _ = pipeline.retrieve(item["q"])
            ranked = candidates(item["q"], hits, pipeline.vectorize)
            features = evidence(item["q"], ranked, hits, corpus).features()
            rows.append({**item, "feats": features, "cands": [c.text for c in ranked[:TOP_CANDIDATES]]})
        asyncio.run(services.aclose())
        dump[name] = rows
        print(f"{name}: {len(rows)} tune questions", file=sys.stderr, flush=True)
    cache.parent.mkdir(parents=True, exist_ok=True)
    with cache.open("wb") as f:
        pickle.dump(dump, f)
    return dump


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", text.lower())).strip()


def labels_for(row: dict[str, Any]) -> list[int]:
    """1 for a candidate holding the gold answer (or overlapping an evidence fact by Jaccard >= 0.5)."""
    out = []
    for text in row["cands"]:
        if not row["y"]:
            out.append(0)
        elif row["facts"]:
            words = set(_norm(text).split())
            out.append(
                int(
                    any(
                        len(words & set(_norm(f).split())) / max(1, len(words | set(_norm(f).split()))) >= 0.5
                        for f in row["facts"]
                    )
                )
            )
        else:
            out.append(int(any(_norm(a) and _norm(a) in _norm(text) for a in row["answers"])))
    return out


def fold(key: str) -> str:
    return "A" if hashlib.sha256(f"reader\0{key}".encode()).digest()[0] % 2 == 0 else "B"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--layers", type=int, default=2, help="top layers fine-tuned (the rest frozen)")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache/ragqa/eval/reader-candidates.pkl")
    parser.add_argument("--budget", type=float, default=0.05)
    parser.add_argument("--limit", type=int, help="at most N questions per corpus and fold (a smoke run)")
    args = parser.parse_args()

    import torch
    from transformers import AutoModel, AutoTokenizer

    torch.manual_seed(0)
    random.seed(0)
    path = resolve_model_path(Settings().embedding_model)
    tokenizer = AutoTokenizer.from_pretrained(path)
    bert = AutoModel.from_pretrained(path, attn_implementation="eager")
    layers = bert.encoder.layer
    split_at = len(layers) - args.layers
    head = torch.nn.Linear(bert.config.hidden_size, 1)

    def run(h: Any, mask: Any, blocks: Any) -> Any:
        extended = (1.0 - mask[:, None, None, :].float()) * -1e4
        for block in blocks:
            h = block(h, attention_mask=extended)
            h = h[0] if isinstance(h, tuple) else h
        return h

    def lower_states(pairs: list[tuple[str, str]]) -> list[Any]:
        order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
        states: list[Any] = [None] * len(pairs)
        with torch.no_grad():
            for s in range(0, len(order), 64):
                idx = order[s : s + 64]
                enc = tokenizer(
                    [pairs[i][0] for i in idx],
                    [pairs[i][1] for i in idx],
                    truncation="longest_first",
                    max_length=128,
                    padding=True,
                    return_tensors="pt",
                )
                h = bert.embeddings(input_ids=enc["input_ids"], token_type_ids=enc["token_type_ids"])
                h = run(h, enc["attention_mask"], layers[:split_at])
                for j, i in enumerate(idx):
                    states[i] = h[j, : int(enc["attention_mask"][j].sum())].to(torch.float16).clone()
        return states

    def logits(states: list[Any], chunk: list[int]) -> Any:
        width = max(states[i].shape[0] for i in chunk)
        h = torch.zeros(len(chunk), width, bert.config.hidden_size)
        mask = torch.zeros(len(chunk), width, dtype=torch.long)
        for j, i in enumerate(chunk):
            h[j, : states[i].shape[0]] = states[i].float()
            mask[j, : states[i].shape[0]] = 1
        out = run(h, mask, layers[split_at:])
        m = mask[:, :, None].float()
        return head((out * m).sum(1) / m.sum(1)).squeeze(-1)

    def batches(states: list[Any], size: int) -> list[list[int]]:
        order = sorted(range(len(states)), key=lambda i: states[i].shape[0])
        return [order[s : s + size] for s in range(0, len(order), size)]

    dump = collect(args.cache)
    folds = {
        name: {f: [r for r in rows if fold(r["id"]) == f][: args.limit] for f in "AB"} for name, rows in dump.items()
    }
    train_pairs, train_labels = [], []
    for name in folds:
        for row in folds[name]["A"]:
            train_pairs += [(row["q"], c) for c in row["cands"]]
            train_labels += labels_for(row)
    print(f"fold A: {len(train_pairs)} pairs, {sum(train_labels)} holding the answer", flush=True)
    started = time.time()
    states = lower_states(train_pairs)
    print(f"frozen layers: {time.time() - started:.0f} s", flush=True)
    params = [p for block in layers[split_at:] for p in block.parameters()]
    optimizer = torch.optim.AdamW(
        [{"params": params, "lr": 5e-5}, {"params": head.parameters(), "lr": 1e-3}], weight_decay=0.01
    )
    y = torch.tensor(train_labels, dtype=torch.float32)
    positive = float(y.sum())
    loss_of = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor(min(5.0, (len(y) - positive) / max(positive, 1))))
    steps = args.epochs * math.ceil(len(y) / 32)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min(1.0, (s + 1) / (0.1 * steps)) * max(0.0, 1 - s / steps)
    )
    bert.train()
    for epoch in range(args.epochs):
        chunks = batches(states, 32)
        random.shuffle(chunks)
        total = 0.0
        for chunk in chunks:
            loss = loss_of(logits(states, chunk), y[chunk])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            schedule.step()
            total += float(loss.detach())
        print(f"epoch {epoch}: loss {total / len(chunks):.4f}", flush=True)
    bert.eval()

    scored = {}
    for name in folds:
        rows = folds[name]["B"]
        pairs = [(row["q"], c) for row in rows for c in row["cands"]]
        owner = [(qi, ci) for qi, row in enumerate(rows) for ci in range(len(row["cands"]))]
        fold_states = lower_states(pairs)
        probabilities = np.zeros(len(pairs))
        with torch.no_grad():
            for chunk in batches(fold_states, 64):
                probabilities[chunk] = torch.sigmoid(logits(fold_states, chunk)).numpy()
        best, first = np.zeros(len(rows)), np.zeros(len(rows))
        for (qi, ci), p in zip(owner, probabilities, strict=True):
            best[qi] = max(best[qi], p)
            first[qi] = p if ci == 0 else first[qi]
        scored[name] = (rows, best, first)

    def report(label: str, extra: bool) -> None:
        data = []
        for name, (rows, best, first) in scored.items():
            x = np.asarray([r["feats"] + ([best[i], first[i]] if extra else []) for i, r in enumerate(rows)])
            data.append((name, x, np.asarray([r["y"] for r in rows])))
        weights = np.concatenate([np.full(len(y), 1.0 / len(y)) for _, _, y in data])
        w, b = fit(
            np.concatenate([x for _, x, _ in data]).tolist(),
            np.concatenate([y for _, _, y in data]).tolist(),
            sample_weight=(weights / weights.mean()).tolist(),
        )

        def prob(x: np.ndarray) -> np.ndarray:
            return 1.0 / (1.0 + np.exp(-(b + x @ np.asarray(w))))

        limits = []
        for _, x, y in data:
            p = np.sort(prob(x[y == 1]))
            limits.append(float(p[int(np.floor(args.budget * len(p)))]))
        threshold = min(limits)
        print(f"{label}: threshold {threshold:.3f}")
        for name, x, y in data:
            abstain = prob(x) < threshold
            unanswerable = float(abstain[y == 0].mean()) if (y == 0).any() else float("nan")
            print(
                f"  fold B {name:32s} n={len(y):4d} AUC {auc(prob(x), y):.3f} "
                f"answerable abstained {abstain[y == 1].mean():.3f} unanswerable abstained {unanswerable:.3f}"
            )

    report("ten evidence features", extra=False)
    report("with the reader's scores", extra=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
