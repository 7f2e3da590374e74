"""Documents to chunks: heading-aware, sentence-aware, token-bounded, with exact character offsets.

Pure functions over plain data (the token counter is passed in), so every rule here is tested
without a model: a chunk never spans two sections, never cuts a sentence unless that sentence alone
is over the limit, and ``document.text[chunk.start:chunk.end] == chunk.text`` always holds.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Callable, Iterable

from ragqa.ingest.dates import opens_with_day
from ragqa.records import Chunk, Document

TokenCounter = Callable[[str], int]

RULES = 4
"""The version of the rules that cut text into sentences and chunks, recorded in each index version: a build
re-chunks every document when it changed (2: a hard-wrapped line is no sentence end; 3: nor is the period of a
line's item number, "1. Install it"; 4: nor the last period of initials before a name, "A.J. Hinch", "K.O. II"),
keeping the vectors of chunks that come out the same."""

SPECIAL_TOKENS = 2
"""[CLS] and [SEP]: the model's window holds the chunk's context line and text plus these two."""

MAX_CONTEXT_TOKENS = 48
"""Cap on the title/section line embedded before each chunk (long titles are truncated by the model)."""


_ABBREVIATIONS = frozenset(
    "mr mrs ms dr gen maj jr sr st lt col sgt capt gov sen rep prof inc corp co ltd vs etc no fig "
    "u.s u.k u.n e.g i.e a.m p.m jan feb mar apr jun jul aug sep sept oct nov dec mt ft approx est "
    "dept univ assn bros ave blvd rd excl incl rev revd hon".split()
)
_INITIALS = re.compile(r"(?:[a-z]\.)+[a-z]")
"""Letters each followed by a period, the last period left out: "a.j", "u.s", "k.o", "n.y", "p.m"."""
_OPENERS = frozenset(
    "the a an this that these those there it its he his she her they their we our i in on at but and as if when "
    "while after before for so yet now then".split()
)
"""Words that open a sentence rather than go on with a name: "... in the U.S. The company ...", "... in Murray Hill,
N.J. There, ...", against "A.J. Hinch", "the U.S. Army", "the K.O. II"."""
_NEXT_WORD = re.compile(r"\s+[\"'“‘(\[]*([A-Za-z]+)")
_LEADER_DOTS = 4
"""Periods in a row that lead the eye across a line rather than end a sentence (an ellipsis has three)."""
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])|\n+")
_ENUMERATOR = re.compile(r"\d{1,3}(?:\.\d{1,3})*|[ivx]{1,5}")
_BLOCK_START = re.compile(r"[ \t]*(?:[-*+•]\s|\d{1,3}[.)]\s|#|>|\||```|~~~|[-=*_]{3,}\s*$)")
"""A line that starts a block of its own: a list item, a heading or its underline, a quotation, a table row, a
code fence, a rule."""
_RUNS_ON = re.compile(
    r"(?:[,;(–—-]|\b(?:a|an|the|of|to|and|or|but|with|in|on|at|for|from|by|as|about|under|over|after|before|"
    r"between|through|within|without|into|onto|via|than|that|which|who|whose|where|when|is|are|was|were|be|been|"
    r"has|have|had|can|could|will|would|should|may|might|must|its|their|his|her|your|our|my|this|these|those|"
    r"not)\b)[*_]*$",
    re.IGNORECASE,
)
"""How a line ends that its sentence goes on after: a comma, an article, a preposition, a conjunction."""


def runs_on(line: str) -> bool:
    """Whether ``line`` ends where no sentence does (``_RUNS_ON``), so the next line goes on it whatever that opens
    with: a heading never ends so.

    >>> runs_on("The fix shipped on"), runs_on("5. Date of next meeting")
    (True, False)"""
    return _RUNS_ON.search(line.strip()) is not None


CODE_INDENT = "    "
"""How a line of code stands in a text (the Markdown reader indents fenced code so): never part of a sentence."""
_FENCE = re.compile(r"^[ \t]*(?:```|~~~)", re.MULTILINE)


def _wraps(text: str, newline: int, fences: list[int]) -> bool:
    """Whether the single line break at ``newline`` only wraps a sentence ("... the committee met\non
    Tuesday."), as hard-wrapped Markdown and plain text break their lines, rather than ending a line of its own (a
    title, a list item, a heading, a table row, code, fenced or indented, a break Markdown makes hard with two
    trailing spaces). The next line must open in lower case, with a digit or with inline code, or the line must
    end where no sentence ends ("with the\nHomebrew"). ``fences``: where the text's code fences are."""
    line = text[text.rfind("\n", 0, newline) + 1 : newline].rstrip("\r")
    words = line.strip()
    if not words or line.endswith(("  ", "\\")) or words.startswith(("#", "|", "```", "~~~")) or words[-1] in ".!?:":
        return False
    end = text.find("\n", newline + 1)
    following = text[newline + 1 : end if end >= 0 else len(text)]
    if not following.strip() or _BLOCK_START.match(following) or bisect.bisect(fences, newline) % 2:
        return False
    if line.startswith((CODE_INDENT, "\t")) or following.startswith((CODE_INDENT, "\t")):  # an indented code block
        return False
    return continues(line, following, None)


_BRACKETED = re.compile(r"\s*\([\w\"'“‘]")
_ENCLOSED_ITEM = re.compile(r"\s*\((?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,5})\)\s")
"""A line opening with an item's number or letter in brackets ("(b) You must cause ..."): an item of its own."""


def continues(line: str, following: str, width: int | None) -> bool:
    """Whether the sentence on ``line`` (not ended by ``.!?:``) goes on at ``following`` in text wrapped at
    ``width``: the next line opens in lower case, with a digit, inline code or a bracket round words (not an item's
    "(b)", nor under a line in capitals: "ACME LTD" over "(Company number 123)"), the line ends on a word a
    sentence cannot end on, or the next line's first word would not have fit on this one ("the terms of the
    Example\nSoftware Licence": a filled line was broken by the wrapping, not by its writer). Plain text
    reflows its paragraphs so (``ingest.plain``); the sentence splitter leaves the width out, as Markdown's
    hard-wrapped documentation measured no better with it (docs/quality.md). Two lines each opening with a day are
    a timeline's or a changelog's entries: the next does not go on this one."""
    if opens_with_day(line) and opens_with_day(following):
        return False  # "2024-03-19  report received" over "2024-03-21  issue confirmed": a timeline, a line a day
    if _BRACKETED.match(following) and not _ENCLOSED_ITEM.match(following) and any(c.islower() for c in line):
        return True  # "... from 2.3.5 to 2.4.0" over "(3 brokers, 140 consumers) several groups never finished"
    opening = following.lstrip()[0]
    if opening.islower() or opening.isdigit() or opening == "`" or runs_on(line):
        return True
    filled = width is not None and len(line.rstrip()) + 1 + len(following.split()[0]) > width
    return filled and not line.rstrip().endswith(">")  # "... Ltd. <https://example.org/>" ends a line of its own


_RUN_IN = re.compile(
    r"[ \t]*(?:\d{1,3}(?:\.\d{1,3})+\.?|\d{1,3}|\((?:\d{1,3}|[a-z])\))[ \t]+[A-Z][\w'’-]*(?:[ \t]+[\w'’-]+){0,4}"
)
"""A numbered clause's run-in heading, its line's start up to its period ("3.2 Drag-along", "(b) Sub-letting"); not
a list item's sentence ("1. Install it.")."""


def _runs_in(text: str, dot: int) -> bool:
    """Whether the period at ``dot`` ends a numbered clause's run-in heading with its text going on on the line
    ("3.2 Drag-along. If holders of 75% ..."): the heading is no sentence of its own, quoted as an answer."""
    if text[dot] != ".":
        return False
    line_start = text.rfind("\n", 0, dot) + 1
    return _RUN_IN.fullmatch(text, line_start, dot) is not None


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the period at ``dot`` ends an abbreviation, an initial or a line's item number, not a
    sentence."""
    if text[dot] != ".":
        return False
    word_start = dot
    while word_start > 0 and (text[word_start - 1].isalnum() or text[word_start - 1] == "."):
        word_start -= 1
    word = text[word_start:dot].lower()
    if not word:
        return False
    if _INITIALS.fullmatch(word) and word not in ("e.g", "i.e"):
        # initials end a sentence only before a word that opens one: names and "U.S. Army" follow them
        following = _NEXT_WORD.match(text, dot + 1)
        return following is None or following.group(1).lower() not in _OPENERS
    if word in _ABBREVIATIONS:
        return True
    line_start = text.rfind("\n", 0, word_start) + 1
    if _ENUMERATOR.fullmatch(word) and text[line_start:word_start].strip() in ("", "("):
        return True  # a numbered item or clause opening its line: "1. Install it", "10.2. Effect of Renewal"
    return len(word) == 1 and word.isalpha()  # an initial: "John F. Kennedy"


_NOTE = re.compile(r"(?:[-*+•]\s+)?(?:\*\*|__)?[A-Z][\w ]{0,30}:(?:\*\*|__)?\s*\S")
NOTE_CHARS = 160


def is_note(line: str) -> bool:
    """Whether ``line`` is a short "label: value" note ("Added in: v2.4.0", "Status: beta", "Updated: 3 June
    2020", "- Default: true"): documentation states an entry's version, status and defaults
    that way, right under its heading."""
    line = " ".join(line.split())
    return len(line) <= NOTE_CHARS and _NOTE.match(line) is not None


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` inside ``text[start:end]``, trimmed of surrounding whitespace."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    cursor = start
    fences: list[int] | None = None
    for match in _BOUNDARY.finditer(text, start, end):
        if match.group() == "\n":
            if fences is None:
                fences = [m.start() for m in _FENCE.finditer(text)]
            if _wraps(text, match.start(), fences):
                continue
        if match.group().startswith("\n"):
            cut = match.start()
        else:
            if _is_abbreviation(text, match.start()) and match.end() - match.start() == 1:
                continue
            if match.group().count(".") >= _LEADER_DOTS:
                continue  # a dot leader ("Tiramisu ........ Eggs; Milk"), as price lists and contents pages set them
            if _runs_in(text, match.start()):
                continue
            cut = match.end()
        spans.append((cursor, cut))
        cursor = match.end() if match.group().startswith("\n") else cut
    spans.append((cursor, end))
    trimmed = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            trimmed.append((s, e))
    return trimmed


def _split_long(text: str, span: tuple[int, int], budget: int, count: TokenCounter) -> list[tuple[int, int]]:
    """Cut one over-long sentence at word boundaries into pieces of at most ``budget`` tokens.

    A piece holds at most ``budget`` words (a word is at least one token), so each search counts the tokens of
    a bounded stretch: time grows with the sentence's length, not its square (a 465 KB line without full stops
    took 44 s when every search counted from the piece's start to the sentence's end)."""
    words = [m.span() for m in re.finditer(r"\S+", text[span[0] : span[1]])]
    words = [(span[0] + s, span[0] + e) for s, e in words]
    pieces: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        lo, hi = i + 1, min(len(words), i + budget)
        while lo < hi:  # the largest j with words[i:j] within budget
            mid = (lo + hi + 1) // 2
            if count(text[words[i][0] : words[mid - 1][1]]) <= budget:
                lo = mid
            else:
                hi = mid - 1
        pieces.append((words[i][0], words[lo - 1][1]))
        i = lo
    return pieces


def context_line(title: str, section: str) -> str:
    """The line embedded before a chunk's text, so a passage keeps the topic its article gives it."""
    if section and section != title:
        return f"{title} — {section}" if title else section
    return title


def chunk_id_for(doc_id: str, start: int, end: int, text: str) -> str:
    """A stable id: the same passage of the same document always gets the same id."""
    return hashlib.sha1(f"{doc_id}\0{start}\0{end}\0{text}".encode()).hexdigest()[:16]


def chunk_document(
    doc: Document,
    count_tokens: TokenCounter,
    max_tokens: int = 256,
    overlap_sentences: int = 1,
) -> list[Chunk]:
    """Split a document into chunks of whole sentences within one section.

    The budget leaves room in the model's ``max_tokens`` window for [CLS]/[SEP] and the context
    line, so the encoder sees every token of every chunk.
    """
    chunks: list[Chunk] = []
    for section in doc.sections:
        context = context_line(doc.title, section.heading)
        context_tokens = min(count_tokens(context), MAX_CONTEXT_TOKENS) + 1 if context else 0
        budget = max(16, max_tokens - SPECIAL_TOKENS - context_tokens)
        sentences: list[tuple[int, int, int]] = []  # (start, end, tokens)
        for span in split_sentences(doc.text, section.start, section.end):
            n = count_tokens(doc.text[span[0] : span[1]])
            if n <= budget:
                sentences.append((*span, n))
            else:
                for piece in _split_long(doc.text, span, budget, count_tokens):
                    sentences.append((*piece, count_tokens(doc.text[piece[0] : piece[1]])))
        for first, last in pack_sentences([s[2] for s in sentences], budget, overlap_sentences):
            start, end = sentences[first][0], sentences[last][1]
            text = doc.text[start:end]
            chunks.append(
                Chunk(
                    chunk_id=chunk_id_for(doc.doc_id, start, end, text),
                    doc_id=doc.doc_id,
                    title=doc.title,
                    section=section.heading,
                    start=start,
                    end=end,
                    text=text,
                    url=doc.url,
                    source=doc.source,
                    published_at=doc.published_at,
                    category=doc.category,
                    page=doc.page_at(start),
                )
            )
    return chunks


def pack_sentences(token_counts: list[int], budget: int, overlap: int) -> list[tuple[int, int]]:
    """Greedy packing of sentences into inclusive index ranges of at most ``budget`` tokens.

    Each range after the first starts with up to ``overlap`` sentences of the previous one, as long
    as they fit and the range still moves forward.
    """
    ranges: list[tuple[int, int]] = []
    i = 0
    n = len(token_counts)
    while i < n:
        total = token_counts[i]
        j = i
        while j + 1 < n and total + token_counts[j + 1] <= budget:
            j += 1
            total += token_counts[j]
        ranges.append((i, j))
        if j + 1 >= n:
            break
        nxt = j + 1
        back = 0
        room = budget - token_counts[nxt]
        while back < overlap and nxt - back - 1 > i and token_counts[nxt - back - 1] <= room:
            room -= token_counts[nxt - back - 1]
            back += 1
        i = nxt - back
    return ranges


def chunk_documents(
    docs: Iterable[Document], count_tokens: TokenCounter, max_tokens: int = 256, overlap_sentences: int = 1
) -> list[Chunk]:
    """Chunks of every document, in corpus order."""
    return [c for d in docs for c in chunk_document(d, count_tokens, max_tokens, overlap_sentences)]
