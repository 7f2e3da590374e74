"""Experiment (tried and dropped, docs/quality.md, thirty-seventh session): does a fully trained reader transfer?

all-MiniLM-L6-v2 as a cross-encoder over (question, candidate sentence), every layer and a linear head on the mean
of its token states fine-tuned to say whether the sentence holds a gold answer, on the TUNE halves of every
hand-written set and of SQuAD 2.0 (the 8 best candidates of each question as the service ranks them; unanswerable
questions: none does). Its logit is then added to the shipped sentence score (``w`` x logit) and the best sentence
checked on the CHECK halves; ``--exclude`` leaves sets out of the training to see whether it transfers to a corpus
it never saw (``'questions-docs-*,questions-history-*'``: the documentation corpora).

    HF_HUB_OFFLINE=1 .venv/bin/python bench/reader_transfer.py extract /tmp/cands.jsonl            # ~4 min
    HF_HUB_OFFLINE=1 .venv/bin/python bench/reader_transfer.py train /tmp/cands.jsonl /tmp/r.pt \
        [--exclude 'questions-docs-*,questions-history-*']                                          # ~15-19 min
    HF_HUB_OFFLINE=1 .venv/bin/python bench/reader_transfer.py score /tmp/cands.jsonl /tmp/r.pt /tmp/r.jsonl
    .venv/bin/python bench/reader_transfer.py report /tmp/cands.jsonl /tmp/r.jsonl --split check
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from train_abstention import SHARED, auc, index_for  # noqa: E402

from ragqa.answering import evidence as ev  # noqa: E402
from ragqa.config import Settings  # noqa: E402
from ragqa.embedding.encoder import encoder_from_settings, index_encoder_from_settings, resolve_model_path  # noqa: E402
from ragqa.eval.metrics import answer_contains, in_split  # noqa: E402
from ragqa.eval.runners import _services, squad_records  # noqa: E402
from ragqa.index.build import LazyEncoder  # noqa: E402

CANDIDATES = 8
WEIGHTS = (0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0)


def extract(out_path: Path) -> None:
    """Each question's 12 best candidate sentences as the service ranks them, labelled, both halves."""
    settings = Settings()
    encoder = encoder_from_settings(settings)
    builder = LazyEncoder(settings.embedding_model, lambda: index_encoder_from_settings(settings))
    sets = []
    for path in sorted((ROOT / "bench" / "data").glob("questions-*.json")):
        data = json.loads(path.read_text())
        if not data.get("about_metadata"):
            sets.append(
                (path.stem, str(path), [(str(q["id"]), q["question"], q["answers"]) for q in data["questions"]])
            )
    _, squad = squad_records(SHARED / "squad2" / "dev-articles.json")
    sets.append(
        ("squad2", "squad", [(str(q["id"]), q["question"], [] if q["impossible"] else q["answers"]) for q in squad])
    )
    with out_path.open("w") as out:
        for name, kind, items in sets:
            pipeline = _services(
                settings, index_for(kind, settings, builder), encoder, [q for _, q, _ in items]
            ).pipeline
            for qid, text, gold in items:
                asked, query = pipeline.spell_out(text, text)
                hits, _ = pipeline.retrieve(query)
                if not hits:
                    continue
                shipped = pipeline.extractive(asked, hits)
                ranked = ev.candidates(asked, hits, pipeline.vectorize, opens_section=pipeline._opens_section)
                rows = [
                    {"text": c.text, "label": int(bool(gold) and answer_contains(c.text, gold)), "score": c.score}
                    for c in ranked[:12]
                ]
                record = {"set": name, "qid": qid, "split": "tune" if in_split(qid, "tune") else "check", "q": asked}
                record |= {"answerable": bool(gold), "conf": shipped.confidence, "rows": rows}
                out.write(json.dumps(record) + "\n")
            print(name, len(items), file=sys.stderr, flush=True)


def _reader() -> tuple[Any, Any]:
    import torch
    from transformers import AutoModel, AutoTokenizer

    path = resolve_model_path(Settings().embedding_model)
    bert = AutoModel.from_pretrained(path)

    class Reader(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert
            self.head = torch.nn.Linear(bert.config.hidden_size, 1)

        def forward(self, **encoded: Any) -> Any:
            states = self.bert(**encoded).last_hidden_state
            mask = encoded["attention_mask"].unsqueeze(-1).float()
            return self.head((states * mask).sum(1) / mask.sum(1)).squeeze(-1)

    return AutoTokenizer.from_pretrained(path), Reader()


def train(cands: Path, out_path: Path, exclude: str, epochs: int, lr: float, max_length: int, batch: int) -> None:
    """Fine-tune every layer and the head on the tune halves' candidates (weighted BCE: few sentences hold it)."""
    import torch

    torch.manual_seed(0)
    random.seed(0)
    torch.set_num_threads(2)
    tokenizer, model = _reader()
    left_out = [g for g in exclude.split(",") if g]
    pairs = []
    for line in cands.open():
        record = json.loads(line)
        if record["split"] == "tune" and not any(fnmatch.fnmatch(record["set"], g) for g in left_out):
            pairs += [(record["q"], row["text"], row["label"]) for row in record["rows"][:CANDIDATES]]
    positive = sum(p[2] for p in pairs)
    print("pairs", len(pairs), "holding the answer", positive, flush=True)
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    steps = epochs * (len(pairs) // batch + 1)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda i: min(1.0, (i + 1) / 50) * max(0.0, 1 - i / steps))
    loss_of = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor((len(pairs) - positive) / max(positive, 1)))
    started = time.time()
    model.train()
    for epoch in range(epochs):
        random.shuffle(pairs)
        for start in range(0, len(pairs), batch):
            part = pairs[start : start + batch]
            encoded = tokenizer(
                [p[0] for p in part],
                [p[1] for p in part],
                truncation="only_second",
                max_length=max_length,
                padding=True,
                return_tensors="pt",
            )
            loss = loss_of(model(**encoded), torch.tensor([float(p[2]) for p in part]))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            schedule.step()
        print(f"epoch {epoch + 1}: {time.time() - started:.0f} s", flush=True)
    torch.save({"state": model.state_dict(), "max_length": max_length}, out_path)


def score(cands: Path, weights: Path, out_path: Path) -> None:
    """The reader's logit for each question's 8 best candidates."""
    import torch

    torch.set_num_threads(2)
    tokenizer, model = _reader()
    saved = torch.load(weights)
    model.load_state_dict(saved["state"])
    model.eval()
    started, count = time.time(), 0
    with out_path.open("w") as out, torch.inference_mode():
        for line in cands.open():
            record = json.loads(line)
            rows = record["rows"][:CANDIDATES]
            encoded = tokenizer(
                [record["q"]] * len(rows),
                [r["text"] for r in rows],
                truncation="only_second",
                max_length=saved["max_length"],
                padding=True,
                return_tensors="pt",
            )
            logits = model(**encoded).tolist() if rows else []
            out.write(json.dumps({"set": record["set"], "qid": record["qid"], "logits": logits}) + "\n")
            count += 1
    print(f"{count} questions, {1000 * (time.time() - started) / max(count, 1):.0f} ms each", flush=True)


def _group(name: str) -> str:
    if name == "squad2":
        return "squad2"
    if name.startswith(("questions-docs-", "questions-history-")):
        return "documentation sets"
    if name in ("questions-default", "questions-squad-normans", "questions-squad-immune_system"):
        return "abstention training sets"
    return "other blind sets"


def report(cands: Path, logits_path: Path, split: str) -> None:
    """Per group of sets: the best sentence holds the answer (shipped ranking, then score + w x logit, then the
    logit alone), and the AUC of the shipped confidence against the reader's best logit (answerable or not)."""
    logits = {(r["set"], r["qid"]): r["logits"] for r in map(json.loads, logits_path.open())}
    found: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    answerable: dict[str, tuple[list[int], list[float], list[float]]] = defaultdict(lambda: ([], [], []))
    for record in map(json.loads, cands.open()):
        key = (record["set"], record["qid"])
        if record["split"] != split or not logits.get(key):
            continue
        logit = np.array(logits[key])
        rows = record["rows"][: len(logit)]
        group = _group(record["set"])
        if record["answerable"]:
            found[group]["n"] += 1
            shipped = np.array([r["score"] for r in rows])
            for w in WEIGHTS:
                found[group][f"w={w}"] += rows[int(np.argmax(shipped + w * logit))]["label"]
            found[group]["reader alone"] += rows[int(np.argmax(logit))]["label"]
        labels, confidence, best = answerable[group]
        labels.append(int(record["answerable"]))
        confidence.append(record["conf"] or 0.0)
        best.append(float(logit.max()))
    for group, row in sorted(found.items()):
        n = row.pop("n")
        print(f"{group} ({n:.0f} answerable):", " ".join(f"{k} {v / n:.3f}" for k, v in row.items()))
    for group, (labels, confidence, best) in sorted(answerable.items()):
        if len(set(labels)) < 2:  # one kind of question only: no AUC
            continue
        print(
            f"{group}: AUC shipped confidence {auc(np.array(confidence), np.array(labels)):.3f},"
            f" reader's best logit {auc(np.array(best), np.array(labels)):.3f}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="step", required=True)
    sub.add_parser("extract").add_argument("out", type=Path)
    fit = sub.add_parser("train")
    fit.add_argument("cands", type=Path)
    fit.add_argument("out", type=Path)
    fit.add_argument("--exclude", default="", help="set names (globs, comma-separated) left out of the training")
    fit.add_argument("--epochs", type=int, default=1)
    fit.add_argument("--lr", type=float, default=4e-5)
    fit.add_argument("--max-length", type=int, default=96)
    fit.add_argument("--batch", type=int, default=32)
    scoring = sub.add_parser("score")
    for name in ("cands", "weights", "out"):
        scoring.add_argument(name, type=Path)
    told = sub.add_parser("report")
    told.add_argument("cands", type=Path)
    told.add_argument("logits", type=Path)
    told.add_argument("--split", default="check", choices=["tune", "check"])
    args = parser.parse_args()
    if args.step == "extract":
        extract(args.out)
    elif args.step == "train":
        train(args.cands, args.out, args.exclude, args.epochs, args.lr, args.max_length, args.batch)
    elif args.step == "score":
        score(args.cands, args.weights, args.out)
    else:
        report(args.cands, args.logits, args.split)
    return 0


if __name__ == "__main__":
    sys.exit(main())
