"""Motions in minutes: the lines recording who proposed and seconded a motion or how it was voted ("Proposed by
Graham Oduya, seconded by Tom Ellery.", "Carried with 35 votes for, 4 against and 2 abstentions."), and the
motion each records: its item's heading and the sentences before it, which the line itself never repeats.

Why: minutes hold several such lines, alike but for their names; only what stands above one says what it is
about. "who seconded the boiler motion" is answered by the line under "3. Heating" ("The trustees agreed to
replace the boiler."), and "who proposed priya desai as treasurer" must not take the car-park motion's line that
names her as its seconder (testers bb75, bb76, bb78, bb79).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence

from ragqa.retrieval.lexical import stem, stems, terms

_RECORD = re.compile(
    r"^\W*(?:(?i:the\s+)?(?i:motion|resolution|proposal|amendment)\s+(?i:was\s+)?)?"
    r"(?:(?i:proposed|moved|seconded|proposer|seconder)(?:\s+(?i:by)|\s*:)\s+(?i:the\s+)?[A-Z]"
    r"|(?i:carried|defeated|lost|passed|rejected|agreed)(?=\W*$|\s*[,;(]|\s+\d|\s+(?i:unanimously|nem|with|by\s+\d|on\s+a)\b)"
    r"|(?i:votes?)\s*(?::|(?i:were|cast)\b))"
)
"""A line opening with who proposed or seconded ("Proposed by Dr Helen Marsh, ...", "Seconded: Cllr Lloyd.") or
with the outcome ("Carried.", "Carried 6-2.", "The motion was carried with 29 votes for, ...", "Votes:
12 for, 3 against."); not prose naming a proposer within it ("The budget, proposed by the Treasurer, ...")."""

_VOTED = re.compile(
    r"\b(?:carried|defeated|lost|passed|rejected|unanimous(?:ly)?|nem\.?\s+con|votes?|abstentions?)\b", re.I
)


def implied(line: str) -> frozenset[str]:
    """The stems a motion's line stands for without writing them: "motion", and "vote" when it gives the outcome
    ("Carried."). "who seconded the boiler motion" asks of a line that never says "motion"; "how did cllr patel
    vote on the car park charges" not of "Proposed by Cllr Whitcombe, seconded by Cllr Marsh.", which records no vote.

    >>> sorted(implied("Proposed by Ann Lee, seconded by Bo Chan.")), sorted(implied("Carried unanimously."))
    (['motion'], ['motion', 'vote'])"""
    return frozenset({"motion", "vote"} if _VOTED.search(line) else {"motion"})


_VERBS = frozenset(stem(w) for w in ("proposed", "moved", "seconded", "carried"))
_ASKED = re.compile(
    r"^\W*who\s+(?:(?:has|had|have)\s+)?(?:proposed|moved|seconded)\b|\b(?:motions?|vot(?:e[sd]?|ing))\b", re.I
)
_ISO_DAY = re.compile(r"(\d{4})-(\d\d)-(\d\d)")
_WORD = re.compile(r"[a-z0-9][\w'’-]*")
CLIPPED_LETTERS = 4
"""The fewest letters of a typed word read as the clipping of a longer one the motion writes ("subs" of
"subscriptions"): fewer start too many words ("car" of "career")."""
_RUN = re.compile(r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)+")
_CAPITALISED = re.compile(r"[A-Z][\w'’-]*")
"""Capitalised words in a row ("Annual General Meeting"), whose initials a question may type ("the agm")."""
TOPIC_MISSING = 1
"""How many of a question's topic words a line's motion may lack (with the document's title) and still be its
answer, one at least held: "the subs increase" of a motion "raising the adult subscription" lacks "increase";
"how did cllr patel vote on the car park charges" is not answered by "The motion was carried 5-2.", whose motion
names no Cllr Patel nor his vote (a recorded vote's rows do)."""


def records_motion(sentence: str) -> bool:
    """Whether ``sentence`` is a line recording a motion's proposer, seconder or vote.

    >>> records_motion("Proposed by Mei-Ling Cho, seconded by Colin Marsh."), records_motion("Carried.")
    (True, True)
    >>> records_motion("The budget, proposed by the Treasurer, was approved."), records_motion("Lost property")
    (False, False)"""
    return _RECORD.match(sentence) is not None


def asks_of_motion(question: str) -> bool:
    """Whether ``question`` asks who proposed, moved or seconded something, or of a motion or a vote.

    >>> asks_of_motion("who seconded the subs increase"), asks_of_motion("what was the vote on the rise")
    (True, True)
    >>> asks_of_motion("who moderates the forum"), asks_of_motion("who is the treasurer")
    (False, False)"""
    return _ASKED.search(question) is not None


def topic(question: str) -> list[str]:
    """The words of ``question`` that name what the motion asked of is about: not the verb asked, nor the words a
    motion's line implies ("who proposed priya desai as treasurer": "priya", "desai", "treasurer").

    >>> topic("who seconded the boiler motion"), topic("what was the vote on the subscription rise")
    (['boiler'], ['subscription', 'rise'])"""
    return [w for w in _WORD.findall(question.lower()) if terms(w) and stem(w) not in _VERBS | {"motion", "vote"}]


def stated_before(text: str, spans: Sequence[tuple[int, int]], at: int) -> list[int]:
    """The sentences of ``text`` (``spans``) stating the motion the line ``spans[at]`` records, nearest first: back
    over the lines recording it ("Proposed by ..." before "Carried.") to its paragraph's start, or through the
    paragraph before when the line opens its own; none when another motion's line comes first.

    >>> text = "Three quotes were considered. Proposed by Ann Lee, seconded by Bo Chan.\\n\\nCarried."
    >>> stated_before(text, [(0, 29), (30, 72), (74, 82)], 2)
    [0]"""
    j = at - 1
    while j >= 0 and records_motion(text[spans[j][0] : spans[j][1]]):
        j -= 1
    found: list[int] = []
    while j >= 0 and not records_motion(text[spans[j][0] : spans[j][1]]):
        found.append(j)
        if j == 0 or "\n\n" in text[spans[j - 1][1] : spans[j][0]]:
            break
        j -= 1
    return found


_DECIDED = frozenset(
    stem(w)
    for w in "agreed accepted approved resolved decided proposed appointed elected adopted voted confirmed".split()
)
"""Verbs minutes record a decision with: the sentence saying one states the motion ("The trustees accepted the
quote of £11,950", not the "Works are planned for half term." after it)."""


def stating(text: str, spans: Sequence[tuple[int, int]], at: int) -> int | None:
    """The sentence stating the motion the line ``spans[at]`` records, quoted with it ("Proposed by Colin Dunmore,
    seconded by Aisha Rahman." alone does not say what he proposed): the nearest of ``stated_before`` recording a
    decision (``_DECIDED``), else the nearest.

    >>> text = "The trustees accepted the quote. Works start in May. Proposed by Ann Lee, seconded by Bo Chan."
    >>> stating(text, [(0, 32), (33, 52), (53, 95)], 2)
    0"""
    stated = stated_before(text, spans, at) if records_motion(text[spans[at][0] : spans[at][1]]) else []
    decided = [j for j in stated if _DECIDED & set(stems(text[spans[j][0] : spans[j][1]]))]
    found = decided or stated
    return found[0] if found else None


def motion_words(text: str, spans: Sequence[tuple[int, int]], at: int, heading: frozenset[str]) -> frozenset[str]:
    """The stems of the motion the line ``spans[at]`` records: its item's ``heading`` and the sentences stating it
    (``stated_before``), with the line's own words but for the names in it ("Proposed by Graham Oduya, seconded by
    Priya Desai" is not about Priya Desai)."""
    line = text[spans[at][0] : spans[at][1]]
    own = stems(" ".join(w for w in line.split() if not w[:1].isupper()))
    return heading | frozenset(own).union(
        *(stems(text[spans[j][0] : spans[j][1]]) for j in stated_before(text, spans, at))
    )


def day_written(published_at: str) -> str:
    """The day a document was published on as minutes write it, for a question naming the meeting by it ("who moved
    the motion for a strike ballot at the october meeting" of minutes of 14 October 2025); "" when undated.

    >>> day_written("2025-10-14T18:00:00"), day_written("")
    ('14 October 2025', '')"""
    found = _ISO_DAY.match(published_at)
    if found is None or not 1 <= int(found.group(2)) <= 12:
        return ""
    return f"{int(found.group(3))} {calendar.month_name[int(found.group(2))]} {found.group(1)}"


def held_topic(asked: Sequence[str], words: frozenset[str], written: str) -> frozenset[str] | None:
    """The stems of the topic words ``asked`` (``topic``) that a motion holds, its ``words`` (stems) or a longer word
    of ``written`` that one clips ("subs" of "Subscriptions"), or None when it lacks more than ``TOPIC_MISSING`` of
    them: that line is another motion's, whose names answer nothing of this one.

    >>> sorted(held_topic(["subs", "increase"], frozenset({"rais"}), "3. Subscriptions"))
    ['sub']
    >>> sorted(held_topic(["price", "agm"], frozenset(), "Minutes of the Annual General Meeting"))
    ['agm']
    >>> held_topic(["priya", "desai", "treasurer"], frozenset({"car", "park"}), "4. Car park") is None
    True"""
    if not asked:
        return frozenset()
    written_terms = set(_WORD.findall(written.lower()))
    initials = {
        "".join(m.group()[0] for m in _CAPITALISED.finditer(run.group())).lower() for run in _RUN.finditer(written)
    }
    held = {
        stem(w)
        for w in asked
        if stem(w) in words
        or (len(w) >= CLIPPED_LETTERS and any(t.startswith(w) and len(t) > len(w) for t in written_terms))
        or (w.isalpha() and any(w in run for run in initials))
    }
    return frozenset(held) if held and len(set(map(stem, asked))) - len(held) <= TOPIC_MISSING else None
