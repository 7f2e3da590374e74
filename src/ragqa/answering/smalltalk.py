"""Greetings, thanks and "what can you do?" in the chat: answered as a chat answers them, not searched for.

Why: the first thing many people type into a chat box is "hi"; searched for in the articles it got "The articles
do not say", which reads as broken. The reply says what the collection holds and how answers come, and cites
nothing (it makes no claim about the articles' content).
"""

from __future__ import annotations

import re
from typing import Literal

Talk = Literal["greeting", "thanks", "help"]

_PATTERNS: list[tuple[Talk, re.Pattern[str]]] = [
    (
        "greeting",
        re.compile(
            r"^\W*(?:hi|hello|hey|hiya|howdy|greetings|good\s+(?:morning|afternoon|evening|day))(?:\s+there)?"
            r"(?:\s+(?:bot|ragqa))?\W*$",
            re.I,
        ),
    ),
    (
        "thanks",
        re.compile(
            r"^\W*(?:(?:ok(?:ay)?|great|perfect|cool|nice)[\s,!.]+)?(?:thanks|thank\s+(?:you|u)|thx|ty|ta|cheers)"
            r"(?:\s+(?:so|very)\s+much)?(?:\s+a\s+lot)?\W*$",
            re.I,
        ),
    ),
    (
        "help",
        re.compile(
            r"^\W*(?:help|what\s+can\s+you\s+do|what\s+do\s+you\s+do|how\s+does\s+this\s+work|who\s+are\s+you|"
            r"what\s+are\s+you|what\s+can\s+i\s+ask(?:\s+you)?|how\s+do\s+i\s+use\s+(?:this|you))\W*$",
            re.I,
        ),
    ),
]


def small_talk(question: str) -> Talk | None:
    """Which kind of small talk a message is, or None for a question."""
    for talk, pattern in _PATTERNS:
        if pattern.match(question):
            return talk
    return None


def small_talk_reply(talk: Talk, documents: int, newest_title: str = "") -> str:
    """The reply: what can be asked about (how many articles, the newest one's title) and how answers come."""
    if talk == "thanks":
        return "You're welcome. Ask me anything else about the articles."
    held = f"{documents} indexed article{'' if documents == 1 else 's'}"
    if newest_title:
        held += f' (the newest: "{newest_title}")' if documents > 1 else f': "{newest_title}"'
    opening = "Hello! " if talk == "greeting" else ""
    return (
        f"{opening}I answer questions about {held}. Every answer quotes the passages it comes from, with [n] "
        "markers pointing to them; when the articles do not hold the answer, I say so."
    )


_GREETING_FIRST = re.compile(
    r"^\W*(?:hi|hello|hey|hiya|howdy|good\s+(?:morning|afternoon|evening))(?:\s+there)?\s*[,!.:;-]+\s*(?=\S)", re.I
)


def without_greeting(question: str) -> str:
    """A question with the greeting it opens with left out ("hi, who wrote this?" -> "who wrote this?")."""
    return _GREETING_FIRST.sub("", question, count=1)


_ACK_WORD = (
    r"(?:ok(?:ay)?|thanks|thank\s+(?:you|u)|thx|ty|ta|cheers|great|cool|nice|got\s+it|alright|all\s+right|right|hm+|interesting"
    r"|i\s+see|lol|haha|ha|lmao|oh|ah|aha|wow|um+|uh+|erm|yo|yeah|yep|sure|wait|sorry|oops)"
)
_LEAD_IN = (
    r"(?:one\s+more(?:\s+(?:question|thing|q))?|(?:a\s+)?quick\s+(?:question|q)|another\s+(?:question|one|thing|q)"
    r"|next\s+question)"
)
_WH_NEXT = r"(?=(?:and|so|but|then|now|also|what|who|whom|whose|how|when|where|why|which)\b)"
_ACKNOWLEDGED = re.compile(
    rf"^\W*(?:{_ACK_WORD}(?:[\s,!.]+{_ACK_WORD}){{0,2}}|(?:{_ACK_WORD}[\s,!.]+)?{_LEAD_IN})"
    rf"(?:\s*[,!.:;-]+\s*|\s+{_WH_NEXT})(?=\S)"
    # a sound of hesitation before any question ("umm does it ..."; "um"/"hm" alone only with a comma or stop after
    # them: "um football" may mean a university)
    r"|^\W*(?:(?:hmm+|umm+|uhh+|erm)[\s,!.]+|(?:hm|um|uh)[,!.]+\s*)(?=\S)",
    re.I,
)
"""A word or two acknowledging the answer before ("ok cool,", "lol.", "hmm"), or a lead-in ("one more:", "quick
question:"), before a question."""
_TOPIC_SWITCH = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|so|now|alright|right|thanks|thx|cool|great)[\s,.!]+)?"
    r"(?:(?:(?:a|an|one|some|totally|completely|entirely)\s+)?(?:diff?e?rr?ent|other|unrelated|separate|new)"
    r"(?:\s+(?:question|q|topic|subject|thing|doc|document|article|matter))"
    r"|unrelated|switching(?:\s+(?:topics?|subjects?|gears|sports|tracks|areas?|fields?|themes?))?"
    r"|changing\s+(?:the\s+)?(?:topic|subject)"
    r"|change\s+of\s+(?:topic|subject)|on\s+another\s+(?:note|topic))"
    r"(?:\s*[,!.:;–—-]+\s*(?:but\s+)?|\s*,?\s+but\s+)(?=\S)",
    re.I,
)
"""A message opening by saying it changes the subject ("different question -", "other topic:", "unrelated, but",
"switching sports:", "ok different question,")."""


def without_acknowledgement(question: str) -> str:
    """A chat question without the word acknowledging the answer before it ("ok and what about galeotti" -> "and
    what about galeotti", "thanks! who wrote it?" -> "who wrote it?", "ok cool, who runs it" -> "who runs it") or a
    lead-in ("one more: who wrote it"): the follow-up rules read what comes after."""
    return _ACKNOWLEDGED.sub("", question, count=1)


def without_topic_switch(question: str) -> tuple[str, bool]:
    """A question without the words saying it changes the subject, and whether it said so ("different question -
    what does the deal say" -> "what does the deal say", True): such a question stands alone, whatever was asked
    before, and those words are no part of what is asked."""
    rest = _TOPIC_SWITCH.sub("", question, count=1)
    return rest, rest != question
