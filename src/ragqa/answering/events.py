"""The typed events of one answer, in the order they are produced.

Both the streamed and the plain ``/ask`` (and the OpenAI facade) are built from this one sequence:
``Sources`` first, ``Delta`` pieces whose concatenation is the final answer text, ``Citations`` (the
checked list), then ``Done``; or ``Error`` at any point, after which nothing follows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ragqa.answering.citations import Citation
from ragqa.retrieval import Hit


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
    mode: str
    fallback_reason: str | None
    abstained: bool
    index_version: str
    query: str
    timings_ms: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Error:
    message: str


Event = Sources | Delta | Citations | Done | Error
