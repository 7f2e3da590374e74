"""The same question typed as people type it into a chat box: does it get the same answer?

Every question of the hand-written sets' chosen half is asked as written and in each form below (a second "?", a
list dash, quotation marks, "please" before or after, an emoji, a "Q:" label, a request around it, "btw",
"thanks", chat before it: "ok cool,", "lol.", "umm", "quick question:", "different question -"); for each form
the script reports how often the answer is the very one the question as written gets, and how often the form is
answered with the fact (answerable questions) or abstained on (unanswerable ones).

    PYTHONPATH=src HF_HUB_OFFLINE=1 .venv/bin/python bench/typed_forms.py --split tune [--sets default squad] [--json F]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from ragqa.config import Settings  # noqa: E402
from ragqa.embedding.encoder import encoder_from_settings, index_encoder_from_settings  # noqa: E402
from ragqa.eval.metrics import answer_contains, in_split  # noqa: E402
from ragqa.eval.runners import _answer_all, _services, _set_index  # noqa: E402
from ragqa.index.build import LazyEncoder  # noqa: E402

FORMS = {
    "as written": "{q}",
    "??": "{q}??",
    "- dash": "- {q}",
    "“quoted”": "“{q}”",
    "… please": "{q} please",
    "please …": "please {q}",
    "emoji": "{q} 🙂",
    "Q: label": "Q: {q}",
    "can you tell me …": "can you tell me {q}",
    "… btw": "{q} btw",
    "… thanks": "{q} thanks",
    "ok cool, …": "ok cool, {q}",
    "lol. …": "lol. {q}",
    "umm …": "umm {q}",
    "quick question: …": "quick question: {q}",
    "different question - …": "different question - {q}",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=["tune", "check", "all"], default="tune")
    parser.add_argument("--sets", nargs="*", default=[], help="only sets whose file name holds one of these words")
    parser.add_argument("--json", type=Path, help="write the figures here too")
    args = parser.parse_args()

    settings = Settings()
    encoder = encoder_from_settings(settings)
    builder = LazyEncoder(settings.embedding_model, lambda: index_encoder_from_settings(settings))
    same = {form: 0 for form in FORMS}
    right = {form: 0 for form in FORMS}
    total = answerable = 0
    for path in sorted((ROOT / "bench" / "data").glob("questions-*.json")):
        if args.sets and not any(word in path.stem for word in args.sets):
            continue
        data = json.loads(path.read_text())
        questions = [q for q in data["questions"] if in_split(str(q["id"]), args.split)]
        _, index_dir = _set_index(data, path, settings, builder, None)
        asked = [form.format(q=q["question"]) for q in questions for form in FORMS.values()]
        services = _services(settings, index_dir, encoder, asked)
        results = _answer_all(services, asked, None)
        for i, q in enumerate(questions):
            answers = results[i * len(FORMS) : (i + 1) * len(FORMS)]
            total += 1
            answerable += bool(q["answers"])
            for form, result in zip(FORMS, answers, strict=True):
                same[form] += (result.answer, result.abstained) == (answers[0].answer, answers[0].abstained)
                if q["answers"]:
                    right[form] += not result.abstained and answer_contains(result.answer, q["answers"])
                else:
                    right[form] += result.abstained
        print(f"{path.stem}: {len(questions)} questions", file=sys.stderr)
    rows = {
        form: {"same_answer": round(same[form] / total, 4), "right": round(right[form] / total, 4)} for form in FORMS
    }
    print(f"split {args.split}: {total} questions ({answerable} answerable)")
    print("| typed as | same answer as written | answered with the fact or abstained rightly |")
    print("|---|---|---|")
    for form, row in rows.items():
        print(f"| {form} | {row['same_answer']:.4f} | {row['right']:.4f} |")
    if args.json:
        args.json.write_text(json.dumps({"split": args.split, "questions": total, "forms": rows}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
