"""How well the citation support check separates claims a passage makes from claims it does not.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/support_calibration.py

Hand-written claims against passages of the default corpus (corpus/russia-taliban-ties.md): paraphrases the
passage supports, and claims it does not (unrelated, made up, or reusing its words to say something else).
Prints similarity and overlap per pair and how many each rule accepts. A small set, written to choose the
thresholds in ``ragqa.answering.verify``; it measures nothing about any LLM.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from ragqa.answering.verify import supports, word_overlap  # noqa: E402
from ragqa.config import Settings  # noqa: E402
from ragqa.embedding.encoder import encoder_from_settings  # noqa: E402
from ragqa.ingest.chunking import split_sentences  # noqa: E402

PASSAGES = {
    "kab": "Zamir Kabulov, President Vladimir Putin's envoy to Afghanistan, on Monday called the intelligence "
    '"an outright fake, that even Trump and his administration has denied."',
    "her": '"Obviously, everything from the massive flow of heroin — remember, Russia has the highest per capita '
    "consumption rate of heroin. They're also worried about the spread of radical Islam into Central Asian states.\"",
    "unit": "According to the New York Times, which first reported the revelations, Russian military intelligence "
    "(GRU) Unit 29155, which has been accused in assassinations on foreign territory, sabotage and at least one coup "
    "attempt, was behind the bounties.",
    "ave": "Some have called Unit 29155 sloppy and reckless. But its commander, Maj. Gen. Andrei Averyanov, was "
    "awarded the Hero of Russia medal, the country's highest military honor, in 2015.",
    "goal": "Moscow wants to see Afghanistan stabilized so the Islamic State cannot establish a foothold close to its "
    "southern flank.",
}
SUPPORTED = [
    ("Kabulov is Putin's envoy to Afghanistan", "kab"),
    ("Kabulov called the intelligence a fake", "kab"),
    ("Heroin use is high in Russia", "her"),
    ("Russia worries about radical Islam spreading to Central Asia", "her"),
    ("GRU Unit 29155 was behind the bounties", "unit"),
    ("The New York Times first reported it", "unit"),
    ("Averyanov commands Unit 29155", "ave"),
    ("Its commander received the Hero of Russia medal", "ave"),
    ("Moscow wants a stable Afghanistan", "goal"),
    ("Russia wants to keep the Islamic State away from its southern border", "goal"),
    ("The unit has been accused of assassinations and sabotage", "unit"),
    ("Russia has the highest per capita heroin consumption", "her"),
]
UNSUPPORTED = [
    ("Kabulov won the Nobel Peace Prize", "kab"),
    ("Heroin use is high in Russia", "kab"),
    ("Kabulov is Putin's envoy to Afghanistan", "her"),
    ("The unit is based in Zurich", "unit"),
    ("Averyanov was arrested in 2015", "ave"),
    ("Moscow wants to invade Afghanistan", "goal"),
    ("The Taliban control Kabul", "goal"),
    ("Trump confirmed the intelligence", "kab"),
    ("Russia supplies heroin to the Taliban", "her"),
    ("Unit 29155 was disbanded", "unit"),
    ("The commander was demoted for being reckless", "ave"),
    ("Lily and Remy went to the park and saw a", "kab"),
]


def main() -> None:
    embedder = encoder_from_settings(Settings())  # the server's encoder (RAGQA_EMBEDDING_BACKEND)
    rules = {
        "combined (shipped)": supports,
        "similarity >= 0.6 alone": lambda s, o: s >= 0.6,
        "overlap >= 0.6 alone": lambda s, o: o >= 0.6,
        "either >= 0.6": lambda s, o: s >= 0.6 or o >= 0.6,
    }
    accepted = {name: [0, 0] for name in rules}
    for label, pairs in (("supported", SUPPORTED), ("unsupported", UNSUPPORTED)):
        for claim, key in pairs:
            passage = PASSAGES[key]
            sentences = [passage[s:e] for s, e in split_sentences(passage)]
            vectors = embedder.encode([claim, *sentences])
            similarity = float(np.max(vectors[1:] @ vectors[0]))
            overlap = word_overlap(claim, passage)
            print(f"{label:12} sim {similarity:.2f} overlap {overlap:.2f}  {claim}")
            for name, rule in rules.items():
                accepted[name][0 if label == "supported" else 1] += bool(rule(similarity, overlap))
    print()
    for name, (good, bad) in accepted.items():
        print(f"{name:26} accepts {good}/{len(SUPPORTED)} supported, {bad}/{len(UNSUPPORTED)} unsupported")


if __name__ == "__main__":
    main()
