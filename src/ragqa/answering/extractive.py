"""Answer without an LLM: quote the sentences of the retrieved passages that best answer the question.

Sentences are ranked by ``answering.evidence`` (words, similarity to the question, the kind of answer asked
for, the passage's own score); whether to answer at all is ``answering.abstention``'s calibrated decision over
the best sentence's evidence.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from ragqa.answering.abstention import AbstentionModel
from ragqa.answering.citations import REFERENCE, Citation, Claim, render_claims
from ragqa.answering.evidence import (
    OPTION_TERM,
    Candidate,
    Evidence,
    OpensSection,
    Vectorize,
    by_kind,
    candidates,
    dates_the_document,
    evidence,
    heading_alone_under,
    heading_asked,
    holds_kind,
    is_code_line,
    lacks_asked_kind,
    question_kind,
    refers_back,
    rejudged,
    says_nothing,
    sentence_stems,
    speaker_at,
    title_block_line,
    with_heading,
    with_kind,
    without_form,
)
from ragqa.answering.figures import names_other_figure
from ragqa.answering.motions import records_motion, stating
from ragqa.answering.overview import title_block
from ragqa.answering.recency import names_other_year, newer_of_kind, newest_first
from ragqa.ingest import tables
from ragqa.ingest.chunking import CODE_INDENT, split_sentences
from ragqa.ingest.dates import day_without_year
from ragqa.ingest.headers import salutation
from ragqa.ingest.words import STOPWORDS
from ragqa.records import Chunk, CorpusView, Hit
from ragqa.retrieval.lexical import stems, terms
from ragqa.retrieval.query import dated_spans

ABSTAIN_MESSAGE = "The articles do not say. I could not find an answer to this question in the indexed articles."
NOTHING_MORE = "The articles do not say more about it than the answer before."


def below_cut_off(confidence: float, cut_off: float) -> str:
    """The abstention of an answer the service would give but whose confidence is below the ``cut_off`` a request
    asked for (its ``min_confidence``), opening as every abstention does (``prompts.ABSTAIN_PHRASE``, which
    follow-ups read as no answer).

    Why: "pet fee" with min_confidence 0.99 said "I could not find an answer" at a confidence of 0.94: the answer
    was found, only below the caller's cut-off.

    >>> below_cut_off(0.9386, 0.99)
    'The articles do not say. They may answer this, but not with the confidence asked for (0.94 < 0.99).'
    """
    asked = f"({confidence:.2f} < {cut_off:.2f})"
    return f"The articles do not say. They may answer this, but not with the confidence asked for {asked}."


MORE_MARGIN = 0.5
"""How far below the best sentence one may score and still be "more" of the same answer (``select_sentences``'
margin), besides the sentences that follow those quoted."""


_BULLET = re.compile(r"^\s*[-*+•]\s+")
"""The mark opening a list item ("- ", "* ", "• "); a numbered item's number ("2. Online") may say its step."""


def unbulleted(text: str) -> str:
    """``text`` without the bullet opening it: a list item quoted alone reads as a sentence, not as a stray dash
    ("- A no-show fee of £20 per guest applies", black-box report bb51, item 8).

    >>> unbulleted("- A no-show fee of £20 applies."), unbulleted("-A NUM, --after-context=NUM")
    ('A no-show fee of £20 applies.', '-A NUM, --after-context=NUM')"""
    return _BULLET.sub("", text, count=1)


def _plain(text: str) -> str:
    """``text`` without citation markers or a bullet, its spacing folded: a sentence as an answer quoted it."""
    return " ".join(unbulleted(REFERENCE.sub(" ", text)).split())


def _more(ranked: list[Candidate], quoted: str) -> list[Candidate]:
    """What "tell me more" quotes of ``ranked``: first the sentence right after each one ``quoted`` already holds,
    in its passage and paragraph (reading on: "... known as fadergate." is followed by what caused it), then the
    unquoted sentences within ``MORE_MARGIN`` of the best, then the rest of the headed sections quoted from
    (``_rest_of_section``); each once."""
    near = [c for c in ranked if _plain(c.text) not in quoted and c.score >= ranked[0].score - MORE_MARGIN]
    chosen: list[Candidate] = []
    seen: set[tuple[str, int]] = set()
    for candidate in [*_following(ranked, quoted), *near, *_rest_of_section(ranked, quoted)]:
        key = (candidate.hit.chunk.doc_id, candidate.start)
        if key not in seen and not _introduces_quoted(candidate, quoted):
            seen.add(key)
            chosen.append(candidate)
    return chosen


def _introduces_quoted(sentence: Candidate, quoted: str) -> bool:
    """Whether ``sentence`` only introduces, with its colon, what ``quoted`` holds already ("The judges chose these
    winners:" over the table row an answer quoted): quoted again, it would say nothing new."""
    if not sentence.text.rstrip().endswith(":"):
        return False
    _, added = introduced(sentence)
    chunk = sentence.hit.chunk
    return added is not None and _plain(chunk.text[added[0] - chunk.start : added[1] - chunk.start]) in quoted


def _headed(chunk: Chunk) -> bool:
    """Whether a passage stands under a heading of its own, not only its document's title."""
    return bool(chunk.section.strip()) and chunk.section.strip() != chunk.title.strip()


def _rest_of_section(ranked: list[Candidate], quoted: str) -> list[Candidate]:
    """The sentences of ``ranked`` not quoted yet that share a headed section (``_headed``) with one ``quoted``
    holds: those after the first quoted one in the document's order, then those before it. Why: "who won best
    balcony" quoted two rows of a winners table, and "tell me more" said there was no more, though its third row and
    "Each winner receives £50 ..." under the same heading were never quoted (a row is no sentence of a paragraph to
    read on to, and both scored below the margin). A section under a heading is about one thing; a text without
    headings may turn to another topic in its next paragraph ("The sampler costs $299."), where reading on stops."""
    first: dict[tuple[str, str], int] = {}
    for c in ranked:
        key = (c.hit.chunk.doc_id, c.hit.chunk.section)
        if _headed(c.hit.chunk) and _plain(c.text) in quoted:
            first[key] = min(first.get(key, c.start), c.start)

    def place(c: Candidate) -> tuple[bool, str, int]:
        return c.start < first[(c.hit.chunk.doc_id, c.hit.chunk.section)], c.hit.chunk.doc_id, c.start

    rest = [c for c in ranked if (c.hit.chunk.doc_id, c.hit.chunk.section) in first and _plain(c.text) not in quoted]
    return sorted(rest, key=place)


def _unread(ranked: list[Candidate], quoted: str) -> list[Candidate]:
    """What "go on" quotes of an article being read (``extractive_answer``'s ``reading``): its sentences not quoted
    yet, in the order it gives them, each once (by score, the sentences after an overview's opening all fell below
    the margin of the opening's own, and "go on" said there was no more)."""
    chosen: dict[tuple[str, int], Candidate] = {}
    for candidate in sorted(ranked, key=lambda c: (c.hit.chunk.doc_id, c.start)):
        if _plain(candidate.text) not in quoted and not _heads_text(candidate):
            chosen.setdefault((candidate.hit.chunk.doc_id, candidate.start), candidate)
    return list(chosen.values())


def _heads_text(sentence: Candidate) -> bool:
    """Whether ``sentence`` stands over its document's text rather than in it: a line of its title block (its
    byline, "Published February 2026": ``evidence.title_block_line``, or a passage holding only such lines:
    ``overview.title_block``), a letter's greeting ("Dear members,"), or
    what says nothing (``evidence.says_nothing``). Why: "tell me more" after "when was it published?" read a report
    on from its byline and date line, and an e-mail from its greeting, as if they were its content (testers' bb80,
    bb78)."""
    chunk = sentence.hit.chunk
    start, end = sentence.start - chunk.start, sentence.end - chunk.start
    return (
        title_block(sentence.hit)
        or title_block_line(chunk, start, end)
        or salutation(sentence.text.strip())
        or says_nothing(chunk.text, start, end)
    )


def _following(ranked: list[Candidate], quoted: str) -> list[Candidate]:
    """The sentence after each quoted one (in ``ranked``'s order) in the same passage and paragraph, itself not
    quoted."""
    found = []
    for sentence in ranked:
        if _plain(sentence.text) not in quoted:
            continue
        chunk = sentence.hit.chunk
        after = [c for c in ranked if c.hit.chunk.chunk_id == chunk.chunk_id and c.start >= sentence.end]
        if not after:
            continue
        following = min(after, key=lambda c: c.start)
        gap = chunk.text[sentence.end - chunk.start : following.start - chunk.start]
        if "\n\n" not in gap and _plain(following.text) not in quoted:
            found.append(following)
    return found


def select_sentences(ranked: list[Candidate], max_sentences: int = 3) -> list[Candidate]:
    """Up to ``max_sentences`` answering sentences, without near-duplicates (overlapping chunks repeat text)."""
    chosen: list[Candidate] = []
    seen_spans: set[tuple[str, int, int]] = set()
    seen_text: set[str] = set()
    for sentence in ranked:
        key = (sentence.hit.chunk.doc_id, sentence.start, sentence.end)
        normalized = " ".join(sentence.text.lower().split())
        if key in seen_spans or normalized in seen_text:
            continue
        if chosen and sentence.score < chosen[0].score - 0.5:
            break  # a much weaker sentence would dilute the answer
        seen_spans.add(key)
        seen_text.add(normalized)
        chosen.append(sentence)
        if len(chosen) == max_sentences:
            break
    return chosen


def asks_last(sentence: Candidate) -> bool:
    """Whether a sentence is a question ending its paragraph, as an interviewer's ("SP: ... If not mining, what is
    the biggest human threat to the deep sea?") or a FAQ's; not one the text goes on from ("consider the following
    instance: Is there a route of at most 2000 kilometres ...? The quantitative answer ...")."""
    if not sentence.text.rstrip().rstrip("\"”’'*_)]").endswith("?"):
        return False
    chunk = sentence.hit.chunk
    return chunk.text[sentence.end - chunk.start :].lstrip(" \t").startswith("\n")


READ_ON = 2
"""At most this many sentences of the paragraph under a first sentence that asks (``answered_below``) are quoted."""


def answered_below(chosen: list[Candidate], ranked: list[Candidate], limit: int) -> list[Candidate]:
    """When the first sentence is a question ending its paragraph ("Why is Fortnite still not playable on Steam
    Deck?", an interviewer's), up to ``READ_ON`` sentences of the paragraph after it, which answer it, quoted right
    after it ("If we only had a few more programmers. It's the Linux problem."), before the other chosen sentences."""
    if not chosen or not asks_last(chosen[0]):
        return chosen
    first = chosen[0]
    after = sorted((c for c in ranked if c.hit is first.hit and c.start >= first.end), key=lambda c: c.start)
    following: list[Candidate] = []
    end = first.end
    for candidate in after:
        gap = first.hit.chunk.text[end - first.hit.chunk.start : candidate.start - first.hit.chunk.start]
        if len(gap) > 3 or len(following) == READ_ON or asks_last(candidate) or (following and "\n" in gap):
            break  # the answer is the paragraph under the question
        following.append(candidate)
        end = candidate.end
    if not following:
        return chosen
    taken = {(c.hit.chunk.doc_id, c.start) for c in following}
    rest = [c for c in chosen[1:] if (c.hit.chunk.doc_id, c.start) not in taken]
    return [first, *following, *rest][:limit]


TextBefore = Callable[[Chunk], Chunk | None]
"""The passage just before a chunk in its document (None when there is none or it is not at hand)."""


_CONSEQUENCE = re.compile(
    r"\b(?:therefore|thus|hence|consequently|accordingly|as\s+a\s+(?:result|consequence)"
    r"|for\s+(?:this|that|these|those)\s+reasons?|because\s+of\s+(?:this|that))\b"
    r"|^\W*so\b(?!\s+(?:far|much|many|long|that)\b)",
    re.IGNORECASE,
)
"""What says a sentence is the consequence of the one before it: "The start therefore moves ...", "As a result,
the library closed."; not "So far ..."."""


def follows_from(sentence: str) -> bool:
    """Whether ``sentence`` says it follows from the sentence before it, whose text then holds the why: asked "why
    did the start move", "The start therefore moves to Riverside Park." was quoted without the bridge works before it
    (tester bb74, MR020).

    >>> follows_from("The start therefore moves to Riverside Park."), follows_from("So the walk was cancelled.")
    (True, True)
    >>> follows_from("The start moves to Riverside Park."), follows_from("Some of the route is new.")
    (False, False)"""
    return _CONSEQUENCE.search(sentence) is not None


def antecedent(sentence: Candidate, before: TextBefore | None = None, why: bool = False) -> tuple[int, str] | None:
    """Where the sentence before ``sentence`` starts in its document and its text, when ``sentence`` points back
    to it ("This phenomenon is known as the West Lothian question."), or, ``why`` asked, says it follows from it
    (``follows_from``); None otherwise. A sentence opening its passage points back into the passage before it,
    which ``before`` gives ("... a new setting, max_retries:" | "this setting caps how often ...")."""
    if not (refers_back(sentence.text) or (why and follows_from(sentence.text))):
        return None
    chunk = sentence.hit.chunk
    previous: tuple[int, str] | None = None
    for s, e, _ in sentence_stems(chunk.text):
        if chunk.start + s == sentence.start:
            earlier = before(chunk) if previous is None and before is not None else None
            spans = split_sentences(earlier.text) if earlier is not None else []
            if earlier is not None and spans:
                previous = earlier.start + spans[-1][0], earlier.text[spans[-1][0] : spans[-1][1]]
            ends = previous is not None and (_ENDS_SENTENCE.search(previous[1]) or is_code_line(previous[1]))
            return previous if ends else None  # "$ find $HOME -mtime 0" over "This command works this way ..."
        previous = (chunk.start + s, chunk.text[s:e])
    return None


_ENDS_SENTENCE = re.compile(r"[.!?:;][\"'”’)\]*_]*\s*$")
"""How a sentence ends, a line that is not one left out: a heading's or a label's ("Last reviewed: 4 February 2026"
over "This policy replaces ..."), which no "this" points back to, read with it as one run-on sentence."""


_UNFINISHED = re.compile(
    r"^[A-Z][^.!?:]*\s(?:using|with|by|via|to|as|of|for|from|into|like|run|type|enter|use|execute|command|commands"
    r"|following|is|are|be|the|a|an|and|or)$"
)
"""A sentence of prose that stops on a word no sentence ends on, without its full stop: "With apt, you can set a
package to hold using", "... you can run the command", the command on the next line finishing it (not a heading
over a list: "Streaming devices" over "eero")."""


BLOCK_LINES = 8
BLOCK_CHARS = 500
"""At most this many lines (and about this many characters) of a code block a sentence introduces are quoted with
it; the citation leads to the rest."""


def _code_block(text: str, at: int) -> tuple[str, int] | None:
    """The code block whose first line starts at ``at`` in ``text`` (lines indented by ``CODE_INDENT`` or a tab, as
    the readers write code; blank lines inside it kept), dedented, with where it ends. None when the line at ``at``
    is not indented, when the block is one line (quoted as a line) or holds a backtick (it could not be quoted as one
    code span, where brackets are the code's own and never citation markers)."""
    line_start = text.rfind("\n", 0, at) + 1
    if not text.startswith((CODE_INDENT, "\t"), line_start) or text[line_start:at].strip():
        return None
    lines: list[str] = []
    for line in text[line_start:].split("\n"):
        if line.strip() and not line.startswith((CODE_INDENT, "\t")):
            break
        if line.strip() and len(lines) > 1 and sum(len(kept) + 1 for kept in lines) + len(line) > BLOCK_CHARS:
            break
        lines.append(line)
        if sum(1 for kept in lines if kept.strip()) == BLOCK_LINES:
            break
    while lines and not lines[-1].strip():
        lines.pop()
    block = "\n".join(lines)
    if sum(1 for kept in lines if kept.strip()) < 2 or "`" in block:
        return None
    return textwrap.dedent(block).strip("\n"), line_start + len(block)


def introduced(sentence: Candidate) -> tuple[str, tuple[int, int] | None]:
    """The sentence with what it introduces, when it ends on a colon ("You can also activate a virtualenv
    manually:" and the command under it, or the whole code block under it: "To force re-reading of a changed module,
    do this:" over three lines ending in ``importlib.reload(modname)``), or stops without a full stop right before a
    line of code ("... set a package to hold using" and "pkg hold package_name"): a reader needs both. The passage
    must hold what follows. Also where in the document what was added starts and ends (None when nothing was
    added), so none of it is quoted twice."""
    text = sentence.text.rstrip()
    colon = text.endswith(":")
    chunk = sentence.hit.chunk
    heading = _heading_over(sentence)
    if heading is not None:
        (next_s, next_e), following = heading
        joint = " — " if ":" in text else ": "  # "Best VPN for gaming: ExpressVPN — We picked ..."
        return f"{text}{joint}{as_code(following)}", (chunk.start + next_s, chunk.start + next_e)
    reply = _reply_goes_on(sentence) if _BARE_REPLY.fullmatch(text) else None
    if reply is not None:  # a FAQ's "Yes." and what it goes on with, in the row's order
        (next_s, next_e), following = reply
        return f"{text} {following}", (chunk.start + next_s, chunk.start + next_e)
    if not colon and not _UNFINISHED.match(text):
        default = _default_after(sentence)
        if default is None:
            return as_code(sentence.text), None
        (next_s, next_e), following = default
        return f"{as_code(sentence.text)} {following}", (chunk.start + next_s, chunk.start + next_e)
    spans = sentence_stems(chunk.text)
    for (s, _, _), (next_s, next_e, _) in zip(spans, spans[1:], strict=False):
        if chunk.start + s == sentence.start:
            following = chunk.text[next_s:next_e]
            if not colon and not is_code_line(following):
                break
            own = _code_block(chunk.text, s) if colon else None
            if own is not None:  # a line of code opening a block (">>> def f(a, /):"): the block from this line on
                code, end = own
                return f"`{code}`", (chunk.start + next_s, chunk.start + end)
            block = _code_block(chunk.text, next_s) if colon else None
            if block is not None:  # several lines: one code span, its lines and indentation kept
                code, end = block
                return f"{sentence.text}\n`{code}`", (chunk.start + next_s, chunk.start + end)
            items = _items_after(chunk.text, spans, next_s) if colon else []
            if len(items) > 1:  # a list: its items, not its first alone ("free on the NHS: - hepatitis A")
                listed = "; ".join(_LIST_MARK.sub("", chunk.text[a:b]).rstrip(".;,") for a, b in items)
                return f"{sentence.text} {listed}.", (chunk.start + items[0][0], chunk.start + items[-1][1])
            return f"{sentence.text} {as_code(following)}", (chunk.start + next_s, chunk.start + next_e)
    return as_code(sentence.text), None


_REPLY = re.compile(r"^(?:yes|no)[.,!;:](?:\s|$)", re.IGNORECASE)
"""A sentence opening with a yes or a no ("No. E-scooters are not carried.", "Yes, in your cabin bag only."): an
answer to a question it does not repeat."""
_BARE_REPLY = re.compile(r"(?:yes|no)[.!]?", re.IGNORECASE)
"""A sentence that is a yes or a no and nothing else ("Yes.")."""


def _reply_goes_on(sentence: Candidate) -> tuple[tuple[int, int], str] | None:
    """The sentence after a bare "Yes." or "No." in its paragraph, with where it is in the passage: "Yes." alone
    says nothing to a reader, and quoted after what follows it ("Towels can be hired from reception for £2. Yes.")
    it reads as an answer to something else (black-box report bb52, item 8)."""
    chunk = sentence.hit.chunk
    end = sentence.end - chunk.start
    after = [(s, e) for s, e, _ in sentence_stems(chunk.text) if s >= end]
    if not after or "\n\n" in chunk.text[end : after[0][0]]:
        return None
    return after[0], chunk.text[after[0][0] : after[0][1]]


def _question_replied(sentence: Candidate, text: str) -> str:
    """The question heading ``sentence``'s section when ``text`` (its claim) opens with a yes or a no that answers
    it (a FAQ's row: "Can I bring an e-scooter or hoverboard?" over "No. E-scooters ... are not carried."), else "":
    without it "No." reads as the answer to whatever was asked ("can i bring a drone", black-box report bb55,
    B11)."""
    chunk = sentence.hit.chunk
    heading = chunk.section.strip()
    asks = heading.endswith("?") and heading != chunk.title.strip()
    return heading if asks and _REPLY.match(text) is not None else ""


LISTED_ITEMS = 8
"""The most items of a list a colon introduces that an answer quotes after it."""
LISTED_WORDS = 80
"""... and the most words they may hold together: a list of paragraphs is no answer's to quote whole."""


def _items_after(text: str, spans: Sequence[tuple[int, int, frozenset[str]]], start: int) -> list[tuple[int, int]]:
    """The list items from the sentence at ``start`` on, each its own line opening with a list mark ("- typhoid",
    "2. Online ..."), up to ``LISTED_ITEMS``; none when the list's words are over ``LISTED_WORDS``."""
    items: list[tuple[int, int]] = []
    for s, e, _ in spans:
        if s < start:
            continue
        line_start = text.rfind("\n", 0, s) + 1
        if text[line_start:s].strip() or not _LIST_MARK.match(text[s:e]) or len(items) == LISTED_ITEMS:
            break
        items.append((s, e))
    return items if sum(len(text[a:b].split()) for a, b in items) <= LISTED_WORDS else []


HEADING_WORDS = 12
"""A line of more words is no heading."""
_SENTENCE_END = (".", "!", "?", ":", ";", ",", '"', "”")


def _heading_over(sentence: Candidate) -> tuple[tuple[int, int], str] | None:
    """The first sentence under ``sentence`` when it is a heading in its passage's text (a short line of its own
    naming something after its first word, without a sentence's end, a blank line after it), with where it is in the
    passage: a heading such as "Chiefs vs. Packers final score" matches the question best and says nothing; what
    stands under it answers ("Q1 Q2 Q3 Q4 Final Chiefs 3 3 6 7 19 Packers 7 7 7 6 27"), as a table's first row does
    under its caption ("VAT registration and deregistration thresholds"). A table's row, short and without a full
    stop too, heads nothing (``tables.written_row``), nor does the last line of a paragraph of several, as a list's
    last item: "Sunday: 12 noon to 5pm" under "Thursday: 5pm to 10pm" was quoted with the paragraph after its list
    ("... — Over Christmas we are closed on 25 and 26 December.", black-box report bb64, B6). A line dating the
    document (``evidence.dates_the_document``) neither heads nor stands under a heading: it dates all of it (black-box
    report bb80, bug 10: "Updated: 2026-01-20 — Update, 20 January 2026: The northern ride is closed ...",
    "Volunteer Coordinator: Tom Greaves, ... — This handbook was last revised in February 2026.")."""
    text = sentence.text.strip()
    words = text.split()
    if len(words) > HEADING_WORDS or text.endswith(_SENTENCE_END) or "\n" in text:
        return None
    if dates_the_document(text):
        return None  # "Updated: 2026-01-20", "Published 4 March 2026": the document's date, over no section
    named = any(w[:1].isupper() or w[:1].isdigit() for w in words[1:])
    chunk = sentence.hit.chunk
    s = sentence.start - chunk.start
    e = sentence.end - chunk.start
    if not _opens_paragraph(chunk.text, s) or not chunk.text[e:].startswith("\n\n"):
        return None
    above = chunk.text[:s].rstrip("\n")
    if tables.written_row(text, above[above.rfind("\n") + 1 :] if chunk.text[:s].endswith("\n\n") else ""):
        return None  # a table's row: what follows its table is no part of it
    spans = sentence_stems(chunk.text)
    after = [(ns, ne) for ns, ne, _ in spans if ns >= e]
    if not after:
        return None
    next_s, next_e = after[0]
    following = chunk.text[next_s:next_e]
    row = tables.written_row(following)  # a table's first row under its caption ("VAT registration thresholds")
    if not named and not row:
        return None  # a headline names something ("... the SBF trial"); "Most packages can be held by the tool" not
    if len(following.split()) <= HEADING_WORDS and not following.rstrip().endswith(_SENTENCE_END) and not row:
        return None  # another heading, or a line of links ("(All times Eastern)", "Ohio State-Michigan TV ratings")
    if dates_the_document(following):
        return None  # "This handbook was last revised in February 2026." under the handbook's last line
    return (next_s, next_e), following


def _opens_paragraph(text: str, at: int) -> bool:
    """Whether the line at ``at`` in ``text`` opens its paragraph: the passage's first, or under a blank line.

    >>> hours = chr(10).join(["Hours", "", "Thursday: 5pm", "Sunday: noon"])
    >>> _opens_paragraph(hours, hours.index("Thursday")), _opens_paragraph(hours, hours.index("Sunday"))
    (True, False)"""
    return at == 0 or text[:at].endswith("\n\n") or (text[at - 1] == "\n" and not text[:at].strip())


_DEFAULT = re.compile(
    r"^\W*(?:defaults?\s+(?:to|is)\b|default(?:\s+value)?\s*(?:is\b|:)|the\s+default(?:\s+value)?\s+is\b)",
    re.IGNORECASE,
)
"""A default stated without saying of what ("Defaults to `500`.", "Default: 1000.", "The default is empty."): of
what the sentence before it names."""


def _default_after(sentence: Candidate) -> tuple[tuple[int, int], str] | None:
    """The sentence right after ``sentence`` on its line (where in the passage, and its text) when it states the
    default of what ``sentence`` describes ("minimum_size - Do not GZip responses that are smaller than this
    minimum size in bytes." | "Defaults to 500."): a reader needs both, and the default alone names nothing."""
    chunk = sentence.hit.chunk
    spans = sentence_stems(chunk.text)
    for (s, e, _), (next_s, next_e, _) in zip(spans, spans[1:], strict=False):
        if chunk.start + s == sentence.start:
            following = chunk.text[next_s:next_e]
            if "\n" in chunk.text[e:next_s] or not _DEFAULT.match(following):
                return None
            return (next_s, next_e), following
    return None


def as_code(text: str) -> str:
    """A line of code holding brackets a reader could take for citation markers (``let v = vec![1, 2];``,
    ``first = argv[1]``) as an inline code span, where they stay as written (``citations.in_code``); any other text
    as it is."""
    if "`" in text or not is_code_line(text) or not REFERENCE.search(text):
        return text
    return f"`{text.strip()}`"


_LIST_MARK = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+")


_CODE_WORD = re.compile(r"^[-_$]|\w_|_\w|\w\(|::|[=<]|^[a-z]\w*\.[A-Za-z]")
"""A word naming code: "path.extname(path)", "--keep", "PYENV_ROOT", "String::from", "Request.send_early_hints"."""
TERM_WORDS = 4
ITEM_LINES = 6
"""How many lines above a sentence its option may stand (an item's description runs on over a few lines)."""


def _item_term(text: str, at: int) -> str:
    """The option whose description holds the sentence at ``at`` in ``text``, when the sentence does not start
    with it: the nearest line above (or its own) that starts with an option, within its paragraph and list item;
    "" otherwise."""
    pos = text.rfind("\n", 0, at) + 1
    for _ in range(ITEM_LINES):
        item = OPTION_TERM.match(text, pos)
        if item is not None:
            return item.group("term") if item.end() <= at else ""
        line = text[pos:].partition("\n")[0]
        if pos == 0 or _LIST_MARK.match(line) or text[pos - 2 : pos] == "\n\n":
            return ""  # the paragraph's or another item's start
        pos = text.rfind("\n", 0, pos - 1) + 1
    return ""


def _term_named(sentence: Candidate) -> str:
    """The term a description sentence is about, which it may not say: the option heading its item
    ("When searching recursively, skip any subdirectory ..." under "--exclude-dir=GLOB"), else a short heading
    naming code or a command over it ("pyenv root", "pack-destination", "os.tmpdir()"); "" otherwise."""
    chunk = sentence.hit.chunk
    item = _item_term(chunk.text, sentence.start - chunk.start)
    if item:
        return item
    heading = chunk.section.strip()
    words = heading.split()
    if not words or heading == chunk.title.strip() or len(words) > TERM_WORDS:
        return ""
    if _CODE_WORD.search(words[0]):
        return heading
    # a command or a setting in lower case ("pyenv root", "pack-destination"), not a phrase ("info and geturl")
    return heading if heading[0].islower() and not any(w.lower() in STOPWORDS for w in words) else ""


def _names(term: str) -> list[str]:
    """How a text may name a term: each option of "-A NUM, --after-context=NUM" ("--after-context"), a
    function's name before its arguments ("os.tmpdir" of "os.tmpdir()"), a command as written ("pyenv root")."""
    if term.startswith("-"):
        return [part.split("=")[0].split("[")[0] for part in re.split(r"[,/\s]+", term) if part.startswith("-")]
    return [term.split("(")[0].strip()]


def named_terms(claims: list[Claim], terms_of: list[str], question: str, shown: str = "") -> list[Claim]:
    """Each claim after the term it describes (``_term_named``) when neither it, an earlier claim, what was shown
    before nor the question names it: "pyenv root: Displays the root directory where versions and shims are
    kept." answers "which command prints the dir where versions are kept", where the sentence alone does not."""
    asked = set(stems(question))
    said = shown.lower()
    out: list[Claim] = []
    for claim, term in zip(claims, terms_of, strict=True):
        names = [n.lower() for n in _names(term)] if term else []
        named = any(len(n) > 2 and n in f"{said} {claim.text.lower()}" for n in names)
        if term and not named and not any(set(stems(n)) <= asked for n in names if stems(n)):
            claim = Claim(f"{term}: {_LIST_MARK.sub('', claim.text, count=1)}", claim.sources)
        out.append(claim)
        said = f"{said} {claim.text.lower()}"
    return out


_LABELLED = re.compile(r"^(?:[A-Z][\w'’&/-]*)(?: [\w'’&/-]+){0,3}: \S")
"""A label line's label, of a few words ("Standards check: Grade A.", "Languages: Polish and English")."""
LABEL_LINE_WORDS = 10
_HE_OR_SHE = re.compile(r"^(?:he|she|his|her)\b", re.IGNORECASE)
"""A sentence about a person it does not name ("He speaks Polish and English.")."""
_LABELLED_FIGURE = re.compile(r"(?P<label>[A-Za-z][\w'’&/-]*(?: [\w'’&/-]+){0,3}):? (?:no\.? )?[\w/.-]*\d[\w/.-]*?\.?")
"""A verbless line giving a figure after its label: "GDC number 203117.", "Registration no. 4471", "Licence
AB-1234."; not a sentence ending on one ("Leela joined in 2019.": its label holds a function word)."""
_NAME_PART = re.compile(r"\s+[–—-]\s+|,\s+|:\s+")
NAME_WORDS = 4


def _persons_name(heading: str) -> str:
    """The person's name a heading opens with ("Gwen Ellis" of "Gwen Ellis – Founder and Chief Instructor",
    "Tomasz Nowak"): a few capitalised words before any dash, comma or colon; "" for any other heading.

    >>> _persons_name("Gwen Ellis – Founder and Chief Instructor"), _persons_name("Opening hours")
    ('Gwen Ellis', '')"""
    name = _NAME_PART.split(heading.strip(), maxsplit=1)[0]
    words = name.split()
    if not 2 <= len(words) <= NAME_WORDS:
        return ""
    named = all(w[:1].isupper() and w.replace("-", "").replace("'", "").isalpha() for w in words)
    return name if named and not any(w.lower() in STOPWORDS for w in words) else ""


def labelled_figure(text: str) -> bool:
    """Whether ``text`` is a verbless line giving a figure after a label of a few words (``_LABELLED_FIGURE``).

    >>> labelled_figure("GDC number 203117."), labelled_figure("Leela joined in 2019.")
    (True, False)"""
    found = _LABELLED_FIGURE.fullmatch(text.strip())
    if found is None:
        return False
    return not any(w.lower() in STOPWORDS or w.endswith("ed") for w in found.group("label").split())


def named_person(sentence: Candidate, text: str, said: str = "") -> str:
    """``text`` (a claim opening with ``sentence`` or the sentence it points back to) after the person its
    section's heading names when it says "he" or "she" of them without naming them, or gives a figure of theirs
    without a verb (``labelled_figure``), nor does what the answer ``said`` before it: "Tomasz Nowak: He speaks
    Polish and English.", not a bare "He speaks ..." that answers "which instructor speaks polish" with no one;
    "Dr Tomasz Wieczorek: GDC number 203117.", where each dentist's paragraph gives one (black-box report bb77,
    DP034: two other dentists' numbers read as his)."""
    chunk = sentence.hit.chunk
    heading = chunk.section.strip()
    about = _HE_OR_SHE.match(text.strip()) or labelled_figure(text)
    person = _persons_name(heading) if heading != chunk.title.strip() and about else ""
    if not person or set(stems(person)) <= set(stems(f"{said} {text}")):
        return text
    return f"{person}: {text}"


def of_section(sentence: Candidate, text: str) -> str:
    """``text`` after its section's heading when it does not name what the heading does and reads as the answer
    for whichever section was asked about: a table's row (``tables.written_row``), as ``under_heading`` writes it
    ("The Sorrel Larkhill: Day: Monday and Tuesday; Hours: Closed", not a bare "Day: Monday and Tuesday; Hours:
    Closed"), a short label line ("Sarah Okonkwo: Standards check: Grade B.", where each instructor's section
    ends with one)."""
    chunk = sentence.hit.chunk
    heading = chunk.section.strip()
    if not heading or heading == chunk.title.strip():
        return text
    label = bool(_LABELLED.match(text)) and len(text.split()) <= LABEL_LINE_WORDS
    if not (tables.written_row(text) or label) or set(stems(heading)) <= set(stems(text)):
        return text
    return f"{heading}: {_LIST_MARK.sub('', text, count=1)}"  # a list item's "Fen violet: ...", not "- Fen violet"


def asked_in_heading(sentence: Candidate, text: str, question: str) -> str:
    """``text`` after its section's heading when the sentence opens its passage and the heading names what the
    question asks of (``heading_asked``, as it was scored): "2. Time limit and the sweep vehicle: The course closes
    6 hours 30 minutes after ...", "Gwen Ellis – Founder and Chief Instructor: Gwen qualified as an ADI in 1998";
    without it, "Tuesday 17 March 2026 at 7.00pm." does not say it is the date of the next meeting. A question
    naming the whole heading needs it not ("what does pyenv root do")."""
    chunk = sentence.hit.chunk
    if sentence.start != chunk.start or not question:
        return text
    heading = chunk.section.strip()
    asked = set(stems(without_form(question, how=False)))
    if not heading_asked(chunk, asked) or text.startswith(heading):
        return text
    named = {w for w in stems(heading) if not w.isdigit()}  # "5. Date of next meeting" asked as it reads
    return text if named <= asked | set(stems(text)) else f"{heading}: {_LIST_MARK.sub('', text, count=1)}"


def under_heading(sentence: Candidate, text: str) -> str:
    """``text`` (the sentence's claim) after the heading it is all that stands under, when the heading says what
    the sentence does not: "License: Apache-2.0", "2.0.0 (2021-03-01): First stable release." ("The MIT
    License" under "License" needs no heading); and after the question a yes or a no answers
    (``_question_replied``)."""
    replied = _question_replied(sentence, text)  # "Yes." answers its question, whatever words it repeats
    heading = replied or heading_alone_under(sentence.hit.chunk)
    if not heading or (not replied and set(stems(heading)) <= set(stems(text))):
        return text
    joint = " " if heading.rstrip().endswith((":", "?", ".", "!")) else ": "  # "Who may vote? Members ..."
    return f"{heading.rstrip()}{joint}{_LIST_MARK.sub('', text, count=1)}"


_VERSION = re.compile(r"(?<![$€£])\bv?\d+\.\d+(?:\.\d+)*\b(?![.%]?\d|%)")
"""A version ("3.10", "2.0.0"), not an amount ("3.5%", "$1.2 billion")."""
_RELEASE = re.compile(r"\b\d+\.\d+\.\d+\b|\bv\d+\.\d+")
"""A release a changelog dates ("1.0.0", "v2.4"): what says when, where "3.5" could be any number."""
_ASKS_VERSION = re.compile(r"\b(?:which|what)\s+(?:\w+\s+)?(?:version|release|firmware)s?\b", re.IGNORECASE)
_NUMBERING = re.compile(r"^\s*\d+(?:\.\d+)*\.\s+|^\s*\d+(?:\.\d+)+\s+(?=[A-Z])")
"""A heading's section number ("8.2.3. Input methods", "2.6 Debuginfod"): no version ("1.0.0 (2023-02-24)" is one)."""


def _dated_heading(heading: str, asks_version: bool) -> bool:
    """Whether ``heading`` says what was asked: a version when asked which ("What's New In Python 3.10"), else (asked
    when) a release or a day ("1.0.0 (2023-02-24)"; a year alone is a topic's: "1973 oil crisis")."""
    named = _NUMBERING.sub("", heading)
    if asks_version:
        return _VERSION.search(named) is not None
    return (
        _RELEASE.search(named) is not None
        or any(start == end for (start, end), _ in dated_spans(named))
        or day_without_year(named)  # a daily note's "Wednesday 2 April"
        or _PERIOD_HEADING.match(named.strip()) is not None  # a garden calendar's "February", a newsletter's "Spring"
    )


_PERIOD_HEADING = re.compile(
    r"^(?:(?:early|mid|late)[\s-]+)?(?:january|february|march|april|may|june|july|august|september|october|november"
    r"|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|spring|summer|autumn|fall|winter)\.?(?:\s+\d{4})?:?$",
    re.IGNORECASE,
)
"""A heading that is a month or a season and nothing else: when, for what stands under it (a calendar's jobs, a
newsletter's part). A year alone is a topic's ("1973 oil crisis"), so a year is only its complement."""


_CLOCK_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?!\d)|\b\d{1,2}\s*[ap]\.?m\.?(?!\w)", re.IGNORECASE)
"""A time of day ("14:00", "6.30pm", "9 a.m."): when on a day, which a daily note's title gives."""


def dated_by_heading(question: str, claim: Claim) -> Claim:
    """``claim`` (the answer's first) after the heading or title it stands under, when the question asks when or in
    which version and only that heading says: release notes ("What's New In Python 3.10" over "the interpreter now
    includes the location of the unclosed bracket"), a changelog's "1.0.0 (2023-02-24)" over "Drop support for Python
    3.7", a daily note's "Wednesday 2 April" over "- 14:00 packed the books" (a time is no day). The reader sees the
    version or the date with the sentence, not only behind its citation."""
    kind = question_kind(question, wide=True)
    dates_too = kind in ("date", "year")
    asks_version = _ASKS_VERSION.search(question) is not None
    if not (dates_too or asks_version) or not claim.sources:
        return claim
    undated = _CLOCK_TIME.sub(" ", claim.text)  # "- 14:00 packed the books" says at what time, not on which day
    if dates_too and (by_its_day := _dated_by_its_day(claim)) is not None:
        return by_its_day  # "closed from today": the day its message was sent says which
    if not asks_version and holds_kind(undated, kind, set(terms(question)), question, wide=True):
        return claim
    chunk = claim.sources[0].chunk
    for heading in (chunk.section.strip(), chunk.title.strip()):
        if not heading or not _dated_heading(heading, asks_version) or heading in claim.text:
            continue
        # asked which version, a sentence naming another one ("deprecated since release 2.5.3") under a release's
        # heading is that release's: the heading leads unless the sentence names its version
        versions = {v.lstrip("vV") for v in _VERSION.findall(_NUMBERING.sub("", heading))}
        if asks_version and versions & {v.lstrip("vV") for v in _VERSION.findall(claim.text)}:
            return claim
        return Claim(f"{heading.rstrip(':')}: {_LIST_MARK.sub('', claim.text, count=1)}", claim.sources)
    return claim


def _dated_by_its_day(claim: Claim) -> Claim | None:
    """``claim`` after the day its document was written, when it names no day but by that one ("The Falls Path is
    closed from today"); None otherwise."""
    day = claim.sources[0].chunk.published_at[:10] if claim.sources else ""
    if not _RELATIVE_DAY.search(claim.text) or not re.fullmatch(r"\d{4}-\d\d-\d\d", day):
        return None
    if dated_spans(claim.text, yearless=True):  # "reopens tomorrow, Friday 27 March" names its day
        return None
    when = date.fromisoformat(day)
    return Claim(f"{when:%A} {when.day} {when:%B} {when.year}: {claim.text}", claim.sources)


_RELATIVE_DAY = re.compile(r"\b(?:today|tonight|this\s+(?:morning|afternoon|evening)|yesterday|tomorrow)\b", re.I)
"""A day a message names by the day it was written: asked when, "closed from today" says nothing without it (a
national park tester's "when did the falls path close", answered from an e-mail of Monday 5 January 2026)."""


def spoken_by(claims: list[Claim]) -> list[Claim]:
    """Each claim quoting a transcript's speaker after the first words of a turn, led by the speaker's label
    ("RACHEL DUNN: Customers keep asking me about pricing for 2.0."), unless the claim before was that speaker's
    in the same document: the reader sees who said it, not only behind its citation."""
    out: list[Claim] = []
    said_by = ("", "")
    for claim in claims:
        if not claim.sources:
            out.append(claim)
            said_by = ("", "")
            continue
        chunk = claim.sources[0].chunk
        at = chunk.text.find(claim.text)
        label = speaker_at(chunk.text, at) if at >= 0 else ""
        if label and said_by != (chunk.doc_id, label) and not claim.text.startswith(label):
            claim = Claim(f"{label}: {claim.text}", claim.sources)
        said_by = (chunk.doc_id, label)
        out.append(claim)
    return out


def dated_by_headings(question: str, claims: list[Claim]) -> list[Claim]:
    """Every claim after the heading that says when or in which version, as ``dated_by_heading`` leads one: the
    answer to "when was firmware 2.4.1 released" may quote another text first and the release's item second, which
    its day must lead too (only the first claim was led: tune halves, the changelog set +2; check halves, the
    reStructuredText set +1; no set lost)."""
    return [dated_by_heading(question, claim) for claim in claims]


def answer_claims(
    sentences: list[Candidate],
    max_sentences: int,
    shown: str = "",
    before: TextBefore | None = None,
    question: str = "",
) -> list[Claim]:
    """The chosen sentences as claims; a first sentence that points back is read with the sentence it points
    to, as one claim (a reader cannot tell what "This phenomenon" is otherwise), and the answer keeps at most
    ``max_sentences`` sentences in all (so an answer of one sentence stays one). ``shown``: what the answer (or
    the answers before it) quotes before these, which needs no repeating; ``before``: the passage before a chunk
    (``antecedent``). A chosen sentence that another one already quotes (as what its colon introduces, or as what
    it points back to) is not repeated. ``question``: what was asked; a claim it does not name the term of is
    quoted after the term (``named_terms``)."""
    read = [
        (asked_in_heading(s, of_section(s, under_heading(s, text)), question), added)
        for s in sentences
        for text, added in [introduced(s)]
    ]
    quoted = [(s.hit.chunk.doc_id, added) for s, (_, added) in zip(sentences, read, strict=True) if added is not None]

    def within(s: Candidate, doc: str, span: tuple[int, int]) -> bool:
        return doc == s.hit.chunk.doc_id and span[0] <= s.start < span[1]

    # a sentence quoting one that ranks before it takes that one's place ("How to follow the trial:" + its first)
    placed = sorted(
        (
            min([i, *(j for j, other in enumerate(sentences) if added and within(other, s.hit.chunk.doc_id, added))]),
            i,
            s,
            text,
        )
        for i, (s, (text, added)) in enumerate(zip(sentences, read, strict=True))
        if not any(within(s, doc, span) for doc, span in quoted)
    )
    kept = [s for _, _, s, _ in placed]
    claims = [Claim(text, (s.hit,)) for _, _, s, text in placed]
    why = bool(question) and question_kind(question, wide=True) == "reason"
    found = antecedent(kept[0], before, why) if kept and max_sentences > 1 else None
    if found is not None and " ".join(found[1].split()) not in _plain(shown):
        first, (start, earlier) = kept[0], found
        rest = [
            (s, claim)
            for s, claim in zip(kept[1:], claims[1:], strict=True)
            if (s.hit.chunk.doc_id, s.start) != (first.hit.chunk.doc_id, start)
        ][: max_sentences - 2]
        kept = [first, *(s for s, _ in rest)]
        claims = [Claim(f"{earlier} {claims[0].text}", (first.hit,)), *(c for _, c in rest)]
    kept, claims = with_motions(kept, claims, max_sentences, shown)
    claims = [
        Claim(named_person(s, claim.text, " ".join(c.text for c in claims[:i])), claim.sources)
        for i, (s, claim) in enumerate(zip(kept, claims, strict=True))
    ]
    named = named_terms(claims, [_term_named(s) for s in kept], question, shown)
    return [Claim(unbulleted(claim.text), claim.sources) for claim in named]


def motion_stated(sentence: Candidate) -> tuple[int, str] | None:
    """Where the sentence stating the motion ``sentence`` records starts in its document, and its text
    (``motions.stating``); None when ``sentence`` records no motion or its passage holds no such sentence."""
    if not records_motion(sentence.text):
        return None
    chunk = sentence.hit.chunk
    spans = split_sentences(chunk.text)
    at = next((i for i, (s, _) in enumerate(spans) if chunk.start + s == sentence.start), None)
    stated = stating(chunk.text, spans, at) if at is not None else None
    if stated is None:
        return None
    s, e = spans[stated]
    return chunk.start + s, chunk.text[s:e]


def with_motions(
    kept: list[Candidate], claims: list[Claim], max_sentences: int, shown: str = ""
) -> tuple[list[Candidate], list[Claim]]:
    """The claims with each line recording a motion ("Proposed by Colin Dunmore, seconded by Aisha Rahman.") read
    after the sentence stating that motion (``motion_stated``), in the document's order: joined to the claim quoting
    it already, in the better place of the two, else quoted before the line, the last claims recording no motion
    giving way so the answer keeps ``max_sentences`` sentences. Alone, the line says who proposed something but not
    what (tester bb75: "what did he propose in march?")."""
    if max_sentences < 2:
        return kept, claims
    kept, sources = list(kept), [c.sources for c in claims]
    pieces = [[(s.hit.chunk.doc_id, s.start, c.text)] for s, c in zip(kept, claims, strict=True)]
    recording: set[int] = set()
    i = 0
    while i < len(kept):
        found = motion_stated(kept[i])
        if found is None:
            i += 1
            continue
        recording.add(i)
        doc, (start, stated) = kept[i].hit.chunk.doc_id, found
        at = next((j for j, held in enumerate(pieces) if j != i and (doc, start) in {p[:2] for p in held}), None)
        if at is None:
            if _plain(stated) not in _plain(" ".join([shown, *(p[2] for held in pieces for p in held)])):
                pieces[i].insert(0, (doc, start, stated))
            i += 1
            continue
        first, other = min(i, at), max(i, at)  # "Priya Desai was appointed Treasurer ...": the line follows it
        pieces[first] = sorted(pieces[first] + pieces.pop(other))
        sources[first] = (*sources[first], *(h for h in sources.pop(other) if h not in sources[first]))
        kept.pop(other)
        recording = {j - (j > other) for j in recording | ({first} if other in recording else set()) if j != other}
        i += other != i  # the next claim
    while sum(map(len, pieces)) > max_sentences:
        spare = next((j for j in range(len(pieces) - 1, -1, -1) if j not in recording), None)
        if spare is None:
            break
        kept.pop(spare), pieces.pop(spare), sources.pop(spare)
        recording = {j - (j > spare) for j in recording}
    return kept, [Claim(" ".join(p[2] for p in held), found) for held, found in zip(pieces, sources, strict=True)]


@dataclass(frozen=True)
class ExtractiveAnswer:
    text: str
    citations: list[Citation]
    abstained: bool
    confidence: float
    """The calibrated probability that the articles answer the question (``answering.abstention``)."""
    evidence: Evidence | None
    """What the decision rested on (None for an answer from the document's metadata)."""


def extractive_answer(
    question: str,
    hits: list[Hit],
    model: AbstentionModel,
    max_sentences: int = 3,
    corpus: CorpusView | None = None,
    vectorize: Vectorize | None = None,
    threshold: float | None = None,
    context: str = "",
    judged: str | None = None,
    lead: Claim | None = None,
    before: TextBefore | None = None,
    opens_section: OpensSection | None = None,
    shown: str = "",
    cited: frozenset[str] = frozenset(),
    reading: bool = False,
) -> ExtractiveAnswer:
    """The best sentences with ``[n]`` markers, or the abstention message when the evidence is weak
    (``threshold`` overrides the model's own; ``context``: the earlier question a follow-up refers to;
    ``judged``: the follow-up with the words of what it refers to: the confidence is the mean of the two readings'
    probabilities, see ``evidence.rejudged``); ``lead``: a sentence of a passage that says what the question asks
    about (the sentence introducing an acronym: ``expansions.asked_what_is``), quoted first and never abstained
    on; ``before``: the passage before a chunk, for a first sentence that points back past its passage's start;
    ``opens_section``: whether a passage begins its section (``evidence.candidates``: a heading that asks);
    ``shown``: the answer before, when the question asks for more of it ("tell me more"): its sentences are not
    quoted again, and when no other is left, the answer says the articles say no more; ``cited``: the documents
    the answer before cited, whose sentences a follow-up prefers; ``reading``: the passages are of the one article
    "tell me more" reads on in (after an overview or a byline), quoted in its order."""
    ranked = candidates(question, hits, vectorize, context=context, opens_section=opens_section, cited=cited)
    found = evidence(question, ranked, hits, corpus)
    confidence = model.probability(found)
    if judged and ranked:  # two readings, averaged: "its commander" may be answered by its own words
        resolved = evidence(
            judged, rejudged(judged, ranked[0], hits, vectorize, opens_section), hits, corpus, kind_of=question
        )
        confidence = (confidence + model.probability(resolved)) / 2
    if lead is not None:
        rest = [c for c in ranked if " ".join(c.text.split()) not in " ".join(lead.text.split())]
        chosen = by_kind(
            question, with_kind(question, rest, select_sentences(rest, max_sentences - 1), max_sentences - 1)
        )
        claims = [lead, *answer_claims(chosen, max_sentences - 1, lead.text, before, question)]
        text, citations = render_claims(claims[:max_sentences])
        return ExtractiveAnswer(text, citations, False, 1.0, found)
    if not ranked or model.below(confidence, threshold):
        return ExtractiveAnswer(ABSTAIN_MESSAGE, [], True, confidence, found)
    if shown:  # read on from what was quoted, in that order
        more = (_unread if reading else _more)(ranked, _plain(shown))
        if not more:
            return ExtractiveAnswer(NOTHING_MORE, [], True, confidence, found)
        sentences = more[:max_sentences]
    else:
        chosen = by_kind(question, with_kind(question, ranked, select_sentences(ranked, max_sentences), max_sentences))
        chosen = newer_of_kind(question, ranked, chosen, max_sentences, cited, context)
        chosen = newest_first(question, chosen, context)
        sentences = answered_below(chosen, ranked, max_sentences)
    claims = spoken_by(answer_claims(sentences, max_sentences, shown, before=before, question=question))
    claims = dated_by_headings(question, claims)
    said = [with_heading(s) for s in sentences] + [claim.text for claim in claims]  # with a code block quoted after
    if not shown and (
        lacks_asked_kind(question, said)
        or names_other_year(question, sentences)
        or names_other_figure(question, sentences)
    ):
        # "how much was each bounty": no figure to give; "... in 2023", "at mile 10": only other years', rows' figures
        # no more than a clear absence's confidence: abstained at the model's threshold, still answered at a
        # client's lower min_confidence, and with an LLM still read by it (``pipeline``)
        confidence = min(confidence, model.clear_absence)
        if model.below(confidence, threshold):
            return ExtractiveAnswer(ABSTAIN_MESSAGE, [], True, confidence, found)
    text, citations = render_claims(claims)
    return ExtractiveAnswer(text, citations, False, confidence, found)
