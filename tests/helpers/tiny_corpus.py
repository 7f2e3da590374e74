"""A tiny corpus of four documents on unrelated topics, for the fast tier (index, ranking, answers).

Markdown articles without metadata and JSONL records with source, date and category, so filters and the
corpus's sources can be checked too. Each document answers its own questions in its own words.
"""

from __future__ import annotations

import json
from pathlib import Path

KABULOV = """# Russia's envoy dismisses the bounty reports

## Who is Zamir Kabulov?

Zamir Kabulov, President Vladimir Putin's envoy to Afghanistan, called the intelligence an outright fake.
Kabulov is a former KGB agent who has worked on Afghanistan since the Soviet war of the 1980s.

## Why does Moscow want a stable Afghanistan?

Moscow wants a stable Afghanistan because heroin trafficked from Afghanistan feeds addiction across Russia.
"""

UNIT = """# The GRU unit behind the bounties

GRU Unit 29155 was reported to have offered the bounties to militants linked to the Taliban.
Some have called Unit 29155 sloppy and reckless. But its commander, Maj. Gen. Andrei Averyanov, was decorated.
Bellingcat linked Unit 29155 with the poisoning of Sergei Skripal in Salisbury.
"""

RECORDS = [
    {
        "id": "pizza",
        "title": "Neapolitan pizza dough",
        "text": "A good pizza dough needs flour, water, salt and yeast. "
        "Let the pizza dough rise for a whole day in the fridge before baking it very hot.",
        "source": "Food Weekly",
        "published_at": "2023-10-02",
        "category": "food",
        "url": "https://food.example/pizza",
    },
    {
        "id": "solar",
        "title": "Solar panels on rooftops",
        "text": "Rooftop solar panels now supply a fifth of the town's electricity. "
        "The council plans more solar panels on school roofs next year.",
        "source": "Energy Wire",
        "published_at": "2023-11-15",
        "category": "energy",
    },
]


DOC_ID = {"kabulov": "kabulov.md", "unit": "unit-29155.md", "pizza": "pizza", "solar": "solar"}


def write_tiny_corpus(folder: Path) -> Path:
    """Write the corpus into ``folder`` (created) and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "kabulov.md").write_text(KABULOV)
    (folder / "unit-29155.md").write_text(UNIT)
    (folder / "news.jsonl").write_text("".join(json.dumps(r) + "\n" for r in RECORDS))
    return folder
