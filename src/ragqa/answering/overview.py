"""Questions about what an article says as a whole ("summarize the article", "what is this article about",
"tl;dr", "what are the key points"), answered with its opening sentences, cited.

Why: no sentence of an article answers "what is it about?" better than its lede (news writing puts the story's
gist first, and an encyclopaedia article's first sentences define its subject), while searching the question's
words ("article", "about") finds nothing and abstains. Which article: the one the question names by its topic, or
the best passage's when it names none (in a conversation, the one being discussed).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ragqa.answering.citations import Citation, Claim, render_claims
from ragqa.answering.metadata import ABOUT, DOCUMENT_NOUNS, REF
from ragqa.ingest.chunking import CODE_INDENT, split_sentences
from ragqa.ingest.headers import date_line_day, read_date_line, salutation
from ragqa.ingest.words import terms
from ragqa.records import Hit

_ASKS = [
    rf"\bsummari[sz]e\b(?:\s+(?:for\s+me\s+)?{REF}{ABOUT})?(?:\s+(?:for\s+me|briefly|please))?\W*$",
    rf"^\W*(?:(?:can|could)\s+you\s+)?(?:give|write|show|tell)\s+(?:me\s+)?(?:an?\s+|the\s+)?(?:short\s+|brief\s+|"
    rf"quick\s+)?(?:summary|overview|rundown|gist|(?:main|key)\s+(?:points|facts|takeaways|ideas))(?:\s+of\s+{REF}{ABOUT})?\W*$",
    rf"^\W*(?:an?\s+|the\s+)?(?:short\s+|brief\s+|quick\s+)?(?:summary|overview|gist)(?:\s+(?:of|for)\s+{REF})?\W*$",
    rf"^\W*tl;?\s?dr(?:\s+(?:of|for|on)\s+{REF})?\W*$",
    r"^\W*(?:the\s+)?(?:main|key)\s+(?:points|facts|takeaways|ideas)\W*$",
    rf"\bwhat(?:'s|’s|\s+is|\s+was)\s+(?:the\s+)?(?:gist|summary|main\s+(?:point|idea|story)|point)(?:\s+of\s+{REF})?\W*$",
    rf"\bwhat\s+(?:are|were)\s+the\s+(?:main|key)\s+(?:points|facts|takeaways|ideas)(?:\s+(?:of|in|from)\s+{REF})?\W*$",
    rf"\bwhat(?:'s|’s|\s+is|\s+was)\s+{REF}\s+(?:all\s+)?about\W*$",
    rf"\bwhat\s+(?:does|did)\s+{REF}\s+say\W*$",
]
_COMPILED = [re.compile(p, re.I) for p in _ASKS]
_WORDS = frozenset("summarize summarise summary overview gist rundown point main key fact takeaway idea brief short "
                   "quick give write show please tl dr tldr say".split())  # fmt: skip
LEDE_SENTENCES = 3
_ENDS_SENTENCE = re.compile(r"[.!?…][\"'”’)\]]*\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s")


_NAMING = [
    re.compile(r"^\W*what(?:'s|’s|\s+is|\s+was|\s+are|\s+were)\s+(?P<named>.+?)\s+(?:all\s+)?about\W*$", re.I),
    re.compile(r"^\W*(?:please\s+)?summari[sz]e\s+(?P<named>.+?)(?:\s+(?:for\s+me|briefly|please))?\W*$", re.I),
    re.compile(
        r"^\W*(?:(?:give|show|tell)\s+(?:me\s+)?|what(?:'s|’s|\s+is|\s+are)\s+)?(?:an?\s+|the\s+)?"
        r"(?:short\s+|brief\s+|quick\s+)?(?:summary|overview|gist|tl;?\s?dr|(?:main|key)\s+(?:points|facts|takeaways|ideas))"
        r"\s+(?:of|for|from|on)\s+(?P<named>.+?)\W*$",
        re.I,
    ),
]
"""How a question names the document it asks a summary of: "summarize X", "what is X about", "a summary of X", and
as the README promises as well, "tl;dr of X" and "(what are) the key points of X" (testers' bb78: those two
abstained while "summarize X" was answered)."""
_DOCUMENT_NOUN = re.compile(rf"\b{DOCUMENT_NOUNS}\b|\b(?:chapter|section|part|man\s+page|manpage|file)\b", re.I)


def asks_overview(question: str) -> bool:
    """Whether the question asks what an article says as a whole."""
    return len(question.split()) <= 20 and any(p.search(question) for p in _COMPILED)


def overview_named(question: str) -> str:
    """What a question asking for a whole document calls it ("what is the harbour bylaw about", "summarize the
    tar man page": "the harbour bylaw", "the tar"), its words for a kind of document left out; "" for other
    questions. Whether a retrieved document's title holds it decides whether the question is about that document
    or about a topic of its text ("what is the mayor's plan about")."""
    if len(question.split()) > 20:
        return ""
    found = next((m for p in _NAMING if (m := p.search(question))), None)
    return " ".join(_DOCUMENT_NOUN.sub(" ", found.group("named")).split()) if found else ""


_DEFINING = [
    re.compile(r"^\W*what(?:'s|’s|\s+is|\s+are)\s+(?:an?\s+|the\s+)?(?P<named>.+?)(?:\s+(?:used\s+)?for)?\W*$", re.I),
    re.compile(r"^\W*what\s+(?:does|do)\s+(?:an?\s+|the\s+)?(?P<named>.+?)\s+do\W*$", re.I),
    re.compile(r"^\W*who(?:'s|’s|s|\s+is|\s+was|\s+are|\s+were)\s+(?P<named>.+?)\W*$", re.I),  # a person's page
    re.compile(r"^\W*(?:(?:can\s+you\s+)?(?:tell\s+me\s+about|describe|explain))\s+(?P<named>.+?)\W*$", re.I),
]


def defined_named(question: str) -> str:
    """What a question asking what something is calls it ("what is threadpoolctl", "what does typer do", "tell me
    about rich", "who is priya raman": "threadpoolctl", "typer", "rich", "priya raman"); "" for other questions. Only
    a document whose title or file name is that whole name answers it with its opening: a README's first sentences
    say what the package is, a person's page in a notes vault who they are, which its other sentences, naming it
    everywhere or nowhere, never single out."""
    if len(question.split()) > 8:
        return ""
    found = next((m for p in _DEFINING if (m := p.search(question))), None)
    return found.group("named") if found else ""


_NAME_WORD = re.compile(r"[a-z0-9]+")
_ARTICLE = frozenset(("the", "a", "an"))


_SIGNATURE = re.compile(r"^\s*([A-Za-z_$][\w.$]*)\(.*$", re.S)
"""An API heading's call signature: "path.basename(path[, suffix])" is "path.basename"."""


def heading_key(text: str) -> tuple[str, ...]:
    """A name or heading as its words in order, stopwords kept and an article before it dropped, so "`pyenv
    local`" and "pyenv local" agree and "pyenv which" is not "pyenv"; a function's heading is its name."""
    words = _NAME_WORD.findall(_SIGNATURE.sub(r"\1", text).lower())
    return tuple(words[1:] if words[:1] and words[0] in _ARTICLE else words)


def topic_words() -> frozenset[str]:
    """The words of an overview question that name no topic ("summarize", "main points")."""
    return _WORDS


def opening(hits: Sequence[Hit], doc_id: str) -> Hit | None:
    """Of ``hits``, the passage of ``doc_id`` that comes first in the document."""
    own = [h for h in hits if h.chunk.doc_id == doc_id]
    return min(own, key=lambda h: h.chunk.start) if own else None


_TABLE_ROW = re.compile(r"[^:;\n]{1,40}: [^;\n]*; [^:;\n]{1,40}: ")
"""A table's row as the readers write it: "Version: v6.0.0; Changes: Added in: v0.1.25"."""


def _in_code(text: str, start: int) -> bool:
    """Whether the sentence at ``start`` is a line of code: indented, as the readers set code blocks."""
    line = text.rfind("\n", 0, start) + 1
    return text.startswith((CODE_INDENT, "\t"), line)


def _says_when(sentence: str) -> bool:
    """Whether a sentence is a title block's line saying when (and by whom) a document was made, not what it says:
    a date line ("Revised: 20 August 2024"), or a line that ends no sentence and ends on the day it says is the
    document's, a byline after it aside (``headers.date_line_day``: "Version 4 - effective from 1 March 2026",
    "Issued 2 February 2026 by Dafydd Rees, Arable Field Officer", which a summary quoted as its lede). A sentence
    of the text saying so ("The new terms are effective from 1 March 2026.") says what, and stays.

    >>> _says_when("Issued 2 February 2026 by Dafydd Rees, Arable Field Officer")
    True
    >>> _says_when("The new terms are effective from 1 March 2026.")
    False
    """
    if read_date_line(sentence) is not None:
        return True
    return not _ENDS_SENTENCE.search(sentence) and date_line_day(sentence) != ""


LETTER_HEAD_WORDS = 12
"""The most words of a line in a letter's head (a letterhead, an address, the day, a reference), as the Word reader
reads one (``ingest.word``)."""


def _lines(hit: Hit) -> list[str]:
    """A passage's lines that are text, its headings (the title and section it is under) left out."""
    headings = {hit.chunk.title.strip().lower(), hit.chunk.section.strip().lower()}
    lines = (line.strip() for line in hit.chunk.text.splitlines())
    return [line for line in lines if line and line.lower() not in headings]


def title_block(hit: Hit) -> bool:
    """Whether a passage is a title block alone: lines that end no sentence, a line saying when the document was
    made among them (``_says_when``), the others short (an organisation's name, a reference). Why: a PDF's title
    block, "Version 3.1 - issued 12 January 2026 by ..." over "Kestrel Vale Cycling Club", was its first passage,
    and the club's name, the one line not saying when, was the summary (testers' bb78).

    >>> from ragqa.records import Chunk
    >>> block = "Version 2 - issued 3 March 2026\\n\\nWexcombe Rowing Club"
    >>> title_block(Hit(Chunk("c0", "d", "Rules", "", 0, len(block), block), 1.0))
    True
    >>> text = "Wexcombe Rowing Club\\n\\nThe club rows on Sundays."
    >>> title_block(Hit(Chunk("c0", "d", "Rules", "", 0, len(text), text), 1.0))
    False
    """
    lines = _lines(hit)
    when = [_says_when(line) for line in lines]
    short = [len(line.split()) <= LETTER_HEAD_WORDS and not _ENDS_SENTENCE.search(line) for line in lines]
    return any(when) and all(a or b for a, b in zip(when, short, strict=True))


def letter_head(hit: Hit) -> bool:
    """Whether a document's opening passage may be the head of a letter alone: short lines only (a letterhead, the
    sender's address, the day), no greeting among them. Whether it is, the passage after it says (``greets``).

    >>> from ragqa.records import Chunk
    >>> head = "The Vicarage, 2 Church Street, Wexcombe WX7 2AL\\n\\n23 November 2025"
    >>> letter_head(Hit(Chunk("c0", "d", "A letter", "", 0, len(head), head), 1.0))
    True
    """
    lines = _lines(hit)
    return bool(lines) and all(len(line.split()) <= LETTER_HEAD_WORDS and not salutation(line) for line in lines)


def greets(hit: Hit) -> bool:
    """Whether a passage opens with a letter's greeting ("Dear friends,"; ``headers.salutation``), its heading aside.

    Why both: a vicar's letter set the vicarage's address and the day over its subject's heading and greeting, so
    its first passage held those lines alone, and "summarise the vicars letter" answered with the address. A
    letter opens after its greeting; its head says who writes from where, and when, not what."""
    lines = _lines(hit)
    return bool(lines) and salutation(lines[0])


def overview_answer(
    hit: Hit, sentences: int = LEDE_SENTENCES, subject: frozenset[str] = frozenset(), prose: bool = False
) -> tuple[str, list[Citation]] | None:
    """The first ``sentences`` sentences of a document's opening passage (its headings left out), each cited;
    with a ``subject``, from the first sentence naming it on (a README's language links and tagline come before
    "Rich is a Python library for ..."), when one does. With a ``subject`` or ``prose``, sentences only."""
    text = hit.chunk.text
    headings = {hit.chunk.title.strip().lower(), hit.chunk.section.strip().lower()}
    spans = [
        (s, e)
        for s, e in split_sentences(text)
        if text[s:e].strip().lower().rstrip("?.!") not in headings
        and len(text[s:e].split()) >= 4
        and not _says_when(text[s:e].strip())
        and not salutation(text[s:e].strip())  # "Dear Parents and Carers," says to whom, not what
    ]
    if subject or prose:
        # what something is is said in prose: not in code ("from cachetools import cached, LRUCache"), a table's
        # rows ("Version: v6.0.0; Changes: ..."), nor a list of contents ("- Other Use Cases")
        spans = [(s, e) for s, e in spans if not _in_code(text, s) and not _TABLE_ROW.match(text, s)]
        spans = [
            (s, e) for s, e in spans if not _LIST_ITEM.match(text[s:e]) or text[s:e].rstrip().endswith((".", "!", ":"))
        ]
    if not (subject or prose):
        # a scraped page's chrome before the story ("In this article SHOP-CA", "Please enter a valid email address",
        # "Dave Clark (L) and Ryan Petersen (R) Getty Images") ends no sentence; the story's lede does
        ended = [(s, e) for s, e in spans if _ENDS_SENTENCE.search(text[s:e])]
        if not ended and title_block(hit):
            return None  # the organisation's line under "Version 3.1 - issued ...": the passage after says what
        spans = ended or spans
    lede = [text[s:e] for s, e in spans]
    naming = next((i for i, sentence in enumerate(lede) if subject and subject <= set(terms(sentence))), 0)
    lede = lede[naming : naming + sentences]
    return render_claims([Claim(sentence, (hit,)) for sentence in lede]) if lede else None
