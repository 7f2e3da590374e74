"""Questions that name an article by words of its title ("who wrote the article about best portable gear"): does
the answer cite the article so titled? A check on a corpus nobody wrote metadata questions for.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/title_questions.py --index ~/.cache/ragqa/eval/multihop-<hash> \
        [--corpus ../shared/bench/multihop-rag/corpus.jsonl] [--questions 60] [--seed 7]

The index is the one ``ragqa eval multihop`` caches for the corpus. For each sampled article, the question is
"who wrote the article about" and the first three content words of its title, lower case, as a person types them;
the answer counts when one of its citations is a passage of that article. Synthetic questions: a measuring stick
for the choice of the article meant (``answering.metadata.articles_meant``), not a quality figure.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
from pathlib import Path

from ragqa.config import Settings
from ragqa.embedding.encoder import encoder_from_settings
from ragqa.ingest.words import terms
from ragqa.services import Services


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--corpus", type=Path, default=Path("../shared/bench/multihop-rag/corpus.jsonl"))
    parser.add_argument("--questions", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    settings = Settings().model_copy(update={"index_dir": args.index})
    services = Services.build(settings, encoder_from_settings(settings))
    articles = [json.loads(line) for line in args.corpus.read_text().splitlines() if line.strip()]
    cited = 0
    for article in random.Random(args.seed).sample(articles, args.questions):
        words = [w.lower() for w in re.findall(r"[A-Za-z][a-z]+", article["title"]) if w.lower() in terms(w.lower())]
        question = f"who wrote the article about {' '.join(words[:3])}"
        answer = asyncio.run(services.pipeline.answer(question))
        found = any(c.hit.chunk.title == article["title"] for c in answer.citations)
        cited += found
        print(f"{int(found)} {question} -> {answer.answer[:100]}")
    print(f"cited the article so titled: {cited} / {args.questions}")


if __name__ == "__main__":
    main()
