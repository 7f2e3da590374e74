"""The typed events of one answer, in the order they are produced.

Both the streamed and the plain ``/ask`` (and the OpenAI facade) are built from this one sequence:
``Sources`` first, ``Delta`` pieces whose concatenation is the final answer text, ``Citations`` (the
checked list), then ``Done``; or ``Error`` at any point, after which nothing follows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ragqa.answering.citations import Citation
from ragqa.records import Hit

Mode = Literal["extractive", "llm"]
"""How an answer was made: sentences quoted from the passages, or written by the LLM."""
FallbackReason = Literal[
    "llm_unauthorized",
    "llm_rate_limited",
    "llm_server_error",
    "llm_bad_request",
    "llm_bad_response",
    "llm_timeout",
    "llm_unreachable",
    "llm_stream_interrupted",
    "circuit_open",
    "context_overflow",
    "no_valid_citation",
]
"""Why an LLM answer fell back to the extractive one (``fallback_reason`` in responses and metrics)."""


@dataclass(frozen=True)
class Sources:
    conversation_id: str
    answer_id: str
    hits: list[Hit]


@dataclass(frozen=True)
class Delta:
    text: str


@dataclass(frozen=True)
class Citations:
    citations: list[Citation]
    abstained: bool


@dataclass(frozen=True)
class Done:
    conversation_id: str
    answer_id: str
    mode: Mode
    fallback_reason: FallbackReason | None
    abstained: bool
    index_version: str
    query: str
    timings_ms: dict[str, float] = field(default_factory=dict)
    confidence: float | None = None
    """The calibrated probability that the articles answer the question (``answering.abstention``, from the
    sentence evidence, whether or not an LLM then wrote the answer); 1 or 0 for a question about an article's
    metadata, by whether the article records it."""


@dataclass(frozen=True)
class Error:
    message: str


Event = Sources | Delta | Citations | Done | Error
