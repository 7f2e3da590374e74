"""Citation markers: number cited passages by first use and render ``[n]`` (extractive answers); parse,
drop the invalid ones and renumber the markers an LLM writes.

Markers may be written ``[2]``, ``[1, 3]`` (or ``[1; 3]``) and ``[1][3]``; they are rewritten as adjacent
``[n]`` markers numbered in order of first use, and a number that points to no source is removed with the
space before it. ``CitationRewriter`` does this incrementally, so a streamed answer can be shown as it is
generated: it only releases text that no later piece can change (it holds back trailing spaces and a marker
that is still open). Brackets inside code (after an odd number of backticks: ``v[1]``) are no markers.

Pure and model-free, so the numbering rules are tested directly.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ragqa.ingest.chunking import split_sentences
from ragqa.records import Hit


@dataclass(frozen=True)
class Citation:
    """Passage number ``n`` in the answer text and the retrieved passage it points to.

    ``supported`` says whether the sentences citing it were checked against the passage and held up
    (None when no check ran, as in extractive answers, whose sentences are quoted from the passage).
    """

    n: int
    hit: Hit
    supported: bool | None = None


@dataclass(frozen=True)
class Claim:
    """One sentence of an answer and the passages that support it."""

    text: str
    sources: tuple[Hit, ...]


def render_claims(claims: list[Claim]) -> tuple[str, list[Citation]]:
    """Answer text with ``[n]`` after each claim, and exactly the cited passages, numbered by first use (a
    passage's own bracketed numbers written as ``own_references`` writes them)."""
    numbers: dict[str, int] = {}
    citations: list[Citation] = []
    parts: list[str] = []
    for claim in claims:
        marks = []
        for hit in claim.sources:
            key = hit.chunk.chunk_id
            if key not in numbers:
                numbers[key] = len(numbers) + 1
                citations.append(Citation(numbers[key], hit))
            if numbers[key] not in marks:
                marks.append(numbers[key])
        suffix = "".join(f"[{n}]" for n in marks)
        text = own_references(plain_quotes(claim.text))
        parts.append(f"{text} {suffix}" if suffix else text)
    return " ".join(parts), citations


_GROUP = r"\[\s*\d{1,4}(?:\s*[,;]\s*\d{1,4})*\s*\]"
MARKER = re.compile(rf"[ \t]*{_GROUP}(?:[ \t]*{_GROUP})*")
"""A run of markers ("[1]", "[1, 3]", "[1][3]", "[2] [4]") with the spaces before it."""
REFERENCE = re.compile(_GROUP)
"""One bracketed group of numbers, as a marker or as a passage's own reference or code writes it."""
_OPEN_MARKER_TAIL = re.compile(r"\s*\[[\d\s,;]*$")
_MARKER_RUN = re.compile(r"(?:\[\d+\])+")


def in_code(text: str, position: int) -> bool:
    """Whether ``position`` lies inside code: after an odd number of backticks (an inline code span or a fenced
    block, open or closed). Brackets there are the code's own (``v[0]``, ``vec![1, 2]``), never citation markers;
    whether a position is in code depends only on the text before it, so a streamed answer can tell at once."""
    return text.count("`", 0, position) % 2 == 1


_TEX_QUOTE = re.compile(r"`([^`'\n]{1,80})'(?![\w`])")
"""A quotation opened with a backtick and closed with an apostrophe (`stable'), as TeX and GNU manuals write."""


def plain_quotes(text: str) -> str:
    """``text`` with `stable' written as ‘stable’ and a backtick left without a partner as ‘. Why: in an answer a
    backtick opens code (``in_code``), so a manual's quotation or a stray backtick would turn every citation marker
    after it into code; code spans and fenced blocks, which pair their backticks, stay."""
    return _lone_backtick_as_quote(_TEX_QUOTE.sub("\u2018\\1\u2019", text))


def _lone_backtick_as_quote(text: str) -> str:
    """``text`` with its last backtick written ‘ when it has no partner (an odd number of them)."""
    if text.count("`") % 2 == 0:
        return text
    last = text.rfind("`")
    return text[:last] + "\u2018" + text[last + 1 :]


def own_references(text: str) -> str:
    """A passage's own bracketed reference numbers ("as shown in [3]", a reference list's "[1] J. Smith:
    ...", as papers and PDFs write them) as "(ref. 3)": an answer's ``[n]`` markers are its citations, and a reader,
    the widget's links and the citation check would take a passage's "[3]" for the third one. Inside code
    (``in_code``) they stay as written."""

    def neutral(match: re.Match) -> str:
        if in_code(match.string, match.start()):
            return match.group()
        return "(ref. " + " ".join(match.group()[1:-1].split()) + ")"

    def as_code(match: re.Match) -> str:
        subscripts = [int(n) for n in re.findall(r"\d+", match.group(2))]
        if in_code(match.string, match.start()) or not (match.group(1).endswith("!") or 0 in subscripts):
            return match.group()
        return f"`{match.group()}`"

    return REFERENCE.sub(neutral, _SUBSCRIPTED.sub(as_code, text))


_SUBSCRIPTED = re.compile(r"(?<![\w`])([A-Za-z_][\w.]*!?)((?:\[\s*\d{1,4}(?:\s*[,;]\s*\d{1,4})*\s*\])+)")
"""A name with brackets right after it ("heap[0]", "vec![1, 2]"): code whose backticks the Markdown reader took
off. It is written as code when it indexes from 0 or is a macro call: a reference counts from 1 and never follows
"!", so "heap[0]" is quoted as `heap[0]`, not "heap(ref. 0)"; "Smith[3]" stays a reference."""


class CitationRewriter:
    """Rewrites markers of a growing answer text; ``order`` lists cited source numbers by first use."""

    def __init__(self, n_sources: int) -> None:
        self.n_sources = n_sources
        self.raw = ""
        self.emitted = ""
        self.order: list[int] = []
        self.dropped = 0

    def _rewrite(self, text: str) -> tuple[str, list[int], int]:
        order: list[int] = []
        dropped = 0

        def replace(match: re.Match) -> str:
            nonlocal dropped
            if in_code(match.string, match.start() + len(match.group()) - len(match.group().lstrip(" \t"))):
                return match.group()
            numbers = [int(n) for n in re.findall(r"\d+", match.group())]
            out: list[int] = []
            for number in numbers:
                if not 1 <= number <= self.n_sources:
                    dropped += 1
                    continue
                if number not in order:
                    order.append(number)
                renumbered = order.index(number) + 1
                if renumbered not in out:
                    out.append(renumbered)
            if not out:
                return ""
            at_line_start = match.start() == 0 or match.string[match.start() - 1] == "\n"
            return ("" if at_line_start else " ") + "".join(f"[{n}]" for n in out)

        return MARKER.sub(replace, text).lstrip(), order, dropped

    def _release(self, text: str) -> str:
        rewritten, self.order, self.dropped = self._rewrite(text)
        if not rewritten.startswith(self.emitted):  # cannot happen by construction; keep the stream consistent
            raise AssertionError(f"rewritten text changed an emitted prefix: {self.emitted!r} -> {rewritten!r}")
        new, self.emitted = rewritten[len(self.emitted) :], rewritten
        return new

    def feed(self, piece: str) -> str:
        """Add generated text; returns the newly final text (possibly empty). Text after a backtick not yet
        closed is held back too: until it closes, whether its brackets are code or markers is not known."""
        self.raw += piece
        tail = _OPEN_MARKER_TAIL.search(self.raw)
        stable = self.raw[: tail.start()] if tail else self.raw.rstrip()
        if stable.count("`") % 2:
            stable = stable[: stable.rfind("`")].rstrip()
        return self._release(stable)

    def finish(self) -> str:
        """The rest of the text once generation has ended (trailing spaces dropped). A backtick never closed
        opened no code: it is written ‘ and the markers after it count."""
        return self._release(_lone_backtick_as_quote(self.raw.rstrip()))

    @property
    def text(self) -> str:
        return self.emitted


def rewrite_citations(text: str, n_sources: int) -> tuple[str, list[int], int]:
    """(rewritten text, cited source numbers by first use, number of dropped markers) for a complete answer."""
    rewriter = CitationRewriter(n_sources)
    rewriter.feed(text)
    rewriter.finish()
    return rewriter.emitted.rstrip(), rewriter.order, rewriter.dropped


@dataclass(frozen=True)
class CitedClaim:
    """A cited piece of an LLM answer and the (renumbered) citation numbers after it."""

    text: str
    numbers: tuple[int, ...]


def cited_claims(answer: str) -> list[CitedClaim]:
    """Each run of markers and the sentence just before it (text before the first marker run ends a claim)."""
    claims: list[CitedClaim] = []
    position = 0
    for run in _MARKER_RUN.finditer(answer):
        if in_code(answer, run.start()):
            continue
        segment = answer[position : run.start()]
        position = run.end()
        numbers = tuple(int(n) for n in re.findall(r"\d+", run.group()))
        spans = [(s, e) for s, e in split_sentences(segment) if segment[s:e].strip(" .,;:!?\"'")]
        if not spans:
            if claims:  # "claim [1], [2]": the run extends the previous claim
                previous = claims[-1]
                claims[-1] = CitedClaim(previous.text, previous.numbers + numbers)
            continue
        start, end = spans[-1]
        claims.append(CitedClaim(segment[start:end].strip(" ,;:"), numbers))
    return claims


def citations_for(order: Sequence[int], hits: Sequence[Hit]) -> list[Citation]:
    """Citation ``k`` (1-based) for the ``k``-th first-used source number."""
    return [Citation(k, hits[source - 1]) for k, source in enumerate(order, start=1)]
