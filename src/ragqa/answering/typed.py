"""What people type around a question, taken off before anything reads it: "- who is galeotti??", "“who is
galeotti”", "who is galeotti please", "🙂 who is galeotti", "can you tell me who galeotti is", "who is galeotti btw".

Why: every rule that reads a question's wording (the kind of answer asked for, "who is X" definitions, follow-ups)
anchors on its first and last words, so a list dash, a quotation mark or a second "?" made "who is galeotti" ask
for a different kind of answer and quote a different first sentence; and "please" is a word no sentence holds,
so "who is galeotti please" lost coverage and abstained. The question's own words stay as typed; only a question
asked inside a request ("who galeotti is") is put back in a question's word order.
"""

from __future__ import annotations

import re
import unicodedata

from ragqa.answering.smalltalk import small_talk

_MARKERS = re.compile(r"^(?:[-*•>#]+\s+|q(?:uestion)?\s*[:.)]\s+)+", re.IGNORECASE)
"""A list or quote marker, or a "Q:" label, before the question; a dash right before a word ("-r", "--force")
is an option's name."""
_PAIRS = {'"': '"', "'": "'", "“": "”", "„": "“", "‘": "’", "«": "»", "「": "」"}
_EMOTICON = re.compile(r"\s+(?:[:;=][-']?[()dpo3\]\[/\\|*]+|<3|\^_?\^)\s*$", re.IGNORECASE)
_MARKS_AT_END = re.compile(r"\s*[?!]*\?[?!]*\s*$|\s*!{2,}\s*$")
_COURTESY_FIRST = re.compile(r"^(?:please|pls|plz|kindly)\b[\s,;:!.-]*(?=\S)", re.IGNORECASE)
_THANKED = r"(?<!\bgive)(?<!\bgave)(?<!\bgiven)(?<!\bgiving)(?<!\bgives)(?<!\bowe)(?<!\bsay)(?<!\bsaid)(?<!\bexpress)"
_COURTESY_LAST = re.compile(
    r"(?:[\s,;:-]+(?:please|pls|plz)|(?:\s*[?!.,;-]\s*|" + _THANKED + r"\s+)(?:thanks|thank\s+you|thx)"
    r"(?:\s+(?:so|very)\s+much|\s+a\s+lot|\s+in\s+advance)?)(?P<end>[\s?!.]*)$",
    re.IGNORECASE,
)
""""..., please?" anywhere; "thanks" last ("who is x? thanks", "who is x thanks"), unless a verb it is the
object of comes before it ("what did they give thanks", "what did he say thanks")."""
_WH = r"(?:who|whom|whose|what|when|where|which|why|how)\b"
_REQUESTS = (
    r"(?:can|could|would|will) (?:you|u) (?:please |pls )?(?:tell|show) me",
    r"(?:do|does) (?:you|u|anyone|anybody) (?:happen to )?know",
    r"(?:i|we)(?: (?:want|would like|need) to| wanna|'d like to|’d like to) know",
    r"id like to know",
    r"i(?:'m| am)? (?:was )?wonder(?:ing)?",
    r"any (?:idea|clue)s?",
    r"tell me",
    r"let me know",
)
_LEAD_IN = re.compile(
    r"^(?P<pre>(?:so|and|but|hey|ok(?:ay)?)[\s,]+)?(?:" + "|".join(_REQUESTS) + r")[\s,:]+(?=" + _WH + ")",
    re.IGNORECASE,
)
"""A request wrapped around the question it asks: "can you tell me who ...", "do you know when ...", "i'd like to
know how many ...". Only before a question word: "tell me about galeotti" asks what it says."""
_EMBEDDED = re.compile(
    r"^(?P<wh>(?:who|what|where|which \w+|whose \w+))\s+(?P<subject>[^?]{1,60}?)\s+(?P<verb>is|was|are|were)"
    r"(?P<end>\s*[?.!]?)$",
    re.IGNORECASE,
)
"""The word order of a question inside a request ("who galeotti is"), turned back into a question's ("who is
galeotti"), which the "who is X" rules read."""
_FILLER = re.compile(r"(?:^(?:btw|by the way)\b[\s,]*|[\s,]+(?:btw|by the way|exactly)(?=[\s?!.]*$))", re.IGNORECASE)
_WH_EXACTLY = re.compile(r"^(" + _WH + r")\s+exactly\b", re.IGNORECASE)
""""what exactly is x", "who is x exactly", "btw who is x": words no sentence answering it holds."""


def _symbol(char: str) -> bool:
    """Emoji and other pictographs, with the joiners, skin tones and variation selectors that build them (not
    an accent combining with the letter before it, nor ASCII: "^", "`" may belong to what is asked)."""
    return char > "\x7f" and (unicodedata.category(char) in ("So", "Sk", "Cf") or char in "\ufe0e\ufe0f\u20e3")


def _strip_symbols(text: str) -> str:
    start, end = 0, len(text)
    while start < end and (text[start].isspace() or _symbol(text[start])):
        start += 1
    while end > start and (text[end - 1].isspace() or _symbol(text[end - 1])):
        end -= 1
    return text[start:end]


def as_asked(question: str) -> str:
    """The question without the decorations and courtesy words around it, and with one question mark at its end
    however many were typed; small talk ("ok thanks") and a message with nothing else left ("🙂") as typed."""
    text = _strip_symbols(question)
    text = _EMOTICON.sub("", text)
    text = _strip_symbols(_MARKERS.sub("", text))
    closing = _PAIRS.get(text[:1])
    if closing is not None and text.endswith((closing, closing + "?")):  # “who is x”, "who is x"?
        inner = text[1:].removesuffix("?").removesuffix(closing)
        if text[0] not in inner and closing not in inner:  # not "Rise" or "Fall"
            text = inner.strip() + ("?" if text.endswith("?") else "")
    if small_talk(text) is not None:  # "ok thanks", "thank you so much": the chat's reply, as typed
        return text
    text = _COURTESY_FIRST.sub("", text, count=1)
    text = _COURTESY_LAST.sub(lambda m: "?" if "?" in m.group() else m.group("end").strip(), text, count=1)
    text = _FILLER.sub("", text)
    text = _WH_EXACTLY.sub(r"\1", text, count=1)
    request = _LEAD_IN.match(text)
    if request is not None:  # "and" or "so" before it stays: it tells a follow-up
        asked = _EMBEDDED.sub(r"\g<wh> \g<verb> \g<subject>\g<end>", text[request.end() :], count=1)
        text = (request.group("pre") or "") + asked
    text = _MARKS_AT_END.sub(lambda m: "?" if "?" in m.group() else "!", text, count=1)
    return text if any(c.isalnum() for c in text) else question


_COUNTRY_US = re.compile(r"(?<=\bthe\s)us\b(?!['’])|(?:^|(?<=\d\s))us(?=\s+[a-z0-9])|\bus(?=-[a-z])", re.IGNORECASE)
"""A lower-case "us" where the pronoun never stands: after "the" or a number ("the us army", "2024 us open"),
first in the question ("us spending on oil imports") or joined by a hyphen ("us-led")."""


def with_country_written(question: str) -> str:
    """The question with the country "us" written "US", as the articles write it and as ``terms`` reads it (the
    lower-case pronoun is a stopword): "where is the 2024 us open" asks about the U.S. Open."""
    return _COUNTRY_US.sub("US", question)
