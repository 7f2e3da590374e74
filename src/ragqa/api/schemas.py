"""Request and response models of the public API (what ``/docs`` shows)."""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from ragqa.answering.citations import Citation
from ragqa.chat.conversations import CONVERSATION_ID
from ragqa.records import Hit
from ragqa.retrieval.filters import Filters

_FULL_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
"""A JSON Schema ``format: date`` (RFC 3339 full-date); whether the day exists is pydantic's to check."""

MAX_OFFSET = 10_000_000
"""The largest ``offset`` a paged route takes: far past any real list, well inside SQLite's 64-bit integers."""

_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})
"""Control and format characters (zero-width spaces and joiners, byte order marks, direction marks, soft hyphens:
unicodedata category Cf) and spaces."""

_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
"""Letters and symbols that render as nothing: the Hangul fillers and the blank Braille pattern."""


def is_invisible(ch: str) -> bool:
    """Whether a reader sees nothing of ``ch``: whitespace, a control or format character, a filler."""
    return ch.isspace() or ch in _BLANK_LETTERS or unicodedata.category(ch) in _INVISIBLE_CATEGORIES


def has_visible(text: str) -> bool:
    """Whether ``text`` has at least one character a reader can see (the rule behind ``VISIBLE``)."""
    return not all(map(is_invisible, text))


def _visible_pattern() -> str:
    """``[^...]`` over the invisible characters of the Basic Multilingual Plane, as ``\\uXXXX`` ranges: the one
    spelling pydantic's (Rust) regex, Python's ``re`` and JSON Schema's ECMA regex all read alike."""
    ranges: list[tuple[int, int]] = []
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF or not is_invisible(chr(code)):
            continue
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    return "[^" + "".join(f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges) + "]"


VISIBLE = _visible_pattern()
"""At least one visible character, in the schema too, so generated clients and fuzzers know blank is invalid.

The validators apply ``has_visible`` as well: it also refuses the few invisible characters beyond the Basic
Multilingual Plane (format characters such as tag characters), which the portable pattern does not list.
"""

MAX_FILTER_VALUE = 200
FilterValue = Annotated[str, StringConstraints(min_length=1, max_length=MAX_FILTER_VALUE, pattern=VISIBLE)]


class FiltersIn(BaseModel):
    """Metadata conditions, all of which a passage must meet; applied before ranking.

    Dates are inclusive days; a range whose start is after its end is refused (422): it could match nothing, and
    is a slip (the two days swapped), not a question.
    """

    model_config = ConfigDict(extra="forbid")

    source: list[FilterValue] = Field(
        default_factory=list, max_length=100, description="Sources to keep (any of; case-insensitive)."
    )
    category: list[FilterValue] = Field(
        default_factory=list, max_length=100, description="Categories to keep (any of; case-insensitive)."
    )
    published_after: date | None = Field(None, description="Keep passages published on or after this day.")
    published_before: date | None = Field(None, description="Keep passages published on or before this day.")

    @field_validator("source", "category", mode="before")
    @classmethod
    def a_list(cls, value: Any) -> Any:
        """A list, as the schema says, with an example of what to send: ``"source": "Reuters"`` got pydantic's bare
        "Input should be a valid list", where the other filter errors say what to send.

        >>> FiltersIn.a_list("Reuters")
        Traceback (most recent call last):
        ValueError: must be a list of names, for example ["Reuters"]
        """
        if not isinstance(value, list):
            named = isinstance(value, str) and value.strip() and len(value) <= MAX_FILTER_VALUE
            example = json.dumps([value if named else "Reuters"], ensure_ascii=False)
            raise ValueError(f"must be a list of names, for example {example}")
        return value

    @field_validator("published_after", "published_before", mode="before")
    @classmethod
    def a_day(cls, value: Any) -> Any:
        """A day as the schema says (``format: date``, YYYY-MM-DD): pydantic alone would also read a number as
        seconds since 1970 and a date-time as its day."""
        if value is not None and not (isinstance(value, str) and _FULL_DATE.fullmatch(value)):
            raise ValueError("must be a day written YYYY-MM-DD, for example 2024-03-01")
        if value is not None:
            try:
                date.fromisoformat(value)
            except ValueError as exc:  # "2021-13-01": pydantic's "a valid date or datetime" hinted at date-times
                raise ValueError(f"{value} is no day of the calendar ({exc}); write YYYY-MM-DD") from None
        return value

    @model_validator(mode="after")
    def in_order(self) -> FiltersIn:
        """The range's start on or before its end."""
        if self.published_after and self.published_before and self.published_after > self.published_before:
            raise ValueError(
                f"published_after ({self.published_after}) is after published_before ({self.published_before}): "
                "no day is in that range; swap them"
            )
        return self

    def to_filters(self) -> Filters:
        """The domain object the retriever applies."""
        return Filters(
            source=tuple(v.strip() for v in self.source),
            category=tuple(v.strip() for v in self.category),
            published_after=self.published_after,
            published_before=self.published_before,
        )


def number_not_bool_or_text(value: Any) -> Any:
    """Refuse true/false and text where a number is expected (pydantic would read them as 1/0, "9" as 9)."""
    if isinstance(value, bool):
        raise ValueError("must be a whole number, not true/false")
    if isinstance(value, str):
        raise ValueError("must be a whole number, not text")
    return value


def collection_field() -> Any:
    return Field(
        "default",
        min_length=1,
        max_length=100,
        description="The collection to use (`default`: the server's own index). One that does not exist, or that "
        "the API key may not use, gets 404.",
    )


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str = Field(
        ..., min_length=1, max_length=2000, pattern=VISIBLE, description="The question, 1 to 2000 characters."
    )
    top_k: int | None = Field(None, ge=1, le=20, description="How many passages to retrieve (default 5).")
    stream: bool = Field(
        False, strict=True, description="Answer as text/event-stream: sources, delta..., citations, done."
    )
    conversation_id: str | None = Field(
        None,
        pattern=CONVERSATION_ID.pattern,
        description="Continue this conversation (follow-ups are rewritten from its history); "
        "absent, unknown or expired starts a new one, whose id the response returns.",
    )
    filters: FiltersIn | None = Field(None, description="Only use passages matching these metadata conditions.")
    collection: str = collection_field()
    min_confidence: float | None = Field(
        None,
        ge=0.0,
        le=1.0,
        description="Abstain below this confidence (0-1) instead of the server's threshold, for this question: "
        "lower answers more often, higher abstains more often (see confidence in the response).",
    )

    _top_k_a_number = field_validator("top_k", mode="before")(lambda cls, v: number_not_bool_or_text(v))

    @field_validator("min_confidence", mode="before")
    @classmethod
    def a_fraction(cls, value: Any) -> Any:
        if isinstance(value, bool | str):
            raise ValueError("must be a number from 0 to 1, not true/false or text")
        return value

    @field_validator("question")
    @classmethod
    def not_blank(cls, value: str) -> str:
        if not has_visible(value):
            raise ValueError(
                "question is blank: send a question with at least one visible character "
                "(spaces, control and zero-width characters do not count)"
            )
        return value.strip()


class SearchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    query: str = Field(
        ..., min_length=1, max_length=2000, pattern=VISIBLE, description="Search text, 1 to 2000 characters."
    )
    top_k: int = Field(10, ge=1, le=100, description="How many passages to return.")
    filters: FiltersIn | None = Field(None, description="Only return passages matching these metadata conditions.")
    collection: str = collection_field()

    _top_k_a_number = field_validator("top_k", mode="before")(lambda cls, v: number_not_bool_or_text(v))

    @field_validator("query")
    @classmethod
    def not_blank(cls, value: str) -> str:
        if not has_visible(value):
            raise ValueError(
                "query is blank: send at least one visible character "
                "(spaces, control and zero-width characters do not count)"
            )
        return value.strip()


class Passage(BaseModel):
    """A passage of a document: its text is exactly ``document.text[start:end]``."""

    chunk_id: str
    doc_id: str
    title: str
    section: str
    url: str
    source: str = ""
    published_at: str = ""
    category: str = ""
    page: int | None = Field(None, description="The 1-based page the passage starts on (PDFs), else null.")
    text: str
    start: int
    end: int
    score: float

    @classmethod
    def from_hit(cls, hit: Hit) -> Passage:
        c = hit.chunk
        return cls(
            chunk_id=c.chunk_id,
            doc_id=c.doc_id,
            title=c.title,
            section=c.section,
            url=c.url,
            source=c.source,
            published_at=c.published_at,
            category=c.category,
            page=c.page or None,
            text=c.text,
            start=c.start,
            end=c.end,
            score=round(hit.score, 4),
        )


class CitationOut(BaseModel):
    """A cited passage; ``n`` is the number its ``[n]`` markers use in the answer.

    ``supported``: whether the LLM's sentences citing it were found in it (null for extractive answers).
    """

    n: int
    chunk_id: str
    doc_id: str
    title: str
    section: str
    url: str
    source: str = ""
    published_at: str = ""
    category: str = ""
    page: int | None = None
    text: str
    start: int
    end: int
    score: float
    supported: bool | None = None

    @classmethod
    def from_citation(cls, citation: Citation) -> CitationOut:
        return cls(n=citation.n, supported=citation.supported, **Passage.from_hit(citation.hit).model_dump())


class AskResponse(BaseModel):
    answer: str
    citations: list[CitationOut]
    abstained: bool
    mode: str = Field(description='"llm" or "extractive" (no LLM configured, or the LLM answer fell back).')
    fallback_reason: str | None = Field(None, description="Why an LLM answer fell back to extractive, else null.")
    conversation_id: str
    answer_id: str
    index_version: str
    timings_ms: dict[str, float]
    query: str = Field(
        "",
        description="What was searched for: the question, or for a follow-up the standalone query it was rewritten "
        'into ("who wrote it? (how much faster is libjpeg-turbo)"), so a wrong follow-up can be told from a wrong '
        "answer.",
    )
    confidence: float | None = Field(
        None,
        description="The calibrated probability (0-1) that the articles answer the question, from the evidence of "
        "the best sentences; the service abstains below RAGQA_ABSTAIN_THRESHOLD or the model's own threshold. With an "
        "LLM it is what decided whether the LLM was asked. 1 or 0 for questions about an article's metadata.",
    )


class SearchResponse(BaseModel):
    results: list[Passage]
    index_version: str


class ErrorBody(BaseModel):
    status: int
    type: str
    message: str
    fields: list[dict] = Field(default_factory=list)


class ErrorResponse(BaseModel):
    error: ErrorBody


PUBLIC_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorResponse}
    for code in (401, 408, 413, 422, 429, 503)  # 401/429 only when RAGQA_API_KEYS / RAGQA_RATE_LIMIT are set
}
"""The error answers every public route documents."""
