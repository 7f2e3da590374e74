"""One answer as a sequence of events: conversation, follow-up rewrite, retrieval, LLM or extractive answer.

``AnswerPipeline.run`` yields the events of ``ragqa.answering.events``; the HTTP layer either streams them
(server-sent events, OpenAI chunks) or collects them into one response. No HTTP in here: the LLM client is
given, and the pipeline never sees a request.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field

from ragqa.answering.citations import Citation
from ragqa.answering.events import Citations, Delta, Done, Error, Event, Sources
from ragqa.answering.followup import heuristic_rewrite
from ragqa.config import Settings
from ragqa.conversations import ConversationStore, Turn, new_id
from ragqa.service import QAService

log = logging.getLogger(__name__)

_CLAIM_END = re.compile(r"(?<=\])(?= )")


def _ms(since: float) -> float:
    return round((time.perf_counter() - since) * 1000, 2)


def split_for_streaming(text: str) -> list[str]:
    """Pieces of an already complete answer (one per cited claim); they concatenate to ``text``."""
    return [p for p in _CLAIM_END.split(text) if p]


@dataclass
class AnswerResult:
    """Everything the events carried, collected (for the non-streamed responses)."""

    conversation_id: str = ""
    answer_id: str = ""
    answer: str = ""
    citations: list[Citation] = field(default_factory=list)
    abstained: bool = False
    mode: str = "extractive"
    fallback_reason: str | None = None
    index_version: str = ""
    query: str = ""
    timings_ms: dict[str, float] = field(default_factory=dict)
    hits: list = field(default_factory=list)


class AnswerFailed(Exception):
    """The answer could not be completed (an ``Error`` event while collecting)."""


async def collect(events: AsyncIterator[Event]) -> AnswerResult:
    """Fold an event sequence into one result; raise ``AnswerFailed`` on an ``Error`` event."""
    result = AnswerResult()
    parts: list[str] = []
    async for event in events:
        if isinstance(event, Sources):
            result.conversation_id, result.answer_id, result.hits = event.conversation_id, event.answer_id, event.hits
        elif isinstance(event, Delta):
            parts.append(event.text)
        elif isinstance(event, Citations):
            result.citations, result.abstained = event.citations, event.abstained
        elif isinstance(event, Done):
            result.mode, result.fallback_reason = event.mode, event.fallback_reason
            result.index_version, result.query, result.timings_ms = event.index_version, event.query, event.timings_ms
        elif isinstance(event, Error):
            raise AnswerFailed(event.message)
    result.answer = "".join(parts)
    return result


class AnswerPipeline:
    """Answers questions within conversations; the LLM is optional."""

    def __init__(
        self,
        service: QAService,
        settings: Settings | None = None,
        conversations: ConversationStore | None = None,
    ) -> None:
        self.service = service
        self.settings = settings or service.settings
        self.conversations = conversations or ConversationStore(
            max_turns=self.settings.conversation_max_turns,
            ttl_s=self.settings.conversation_ttl_s,
            max_conversations=self.settings.conversation_max_count,
        )

    async def aclose(self) -> None:
        """Release network resources (nothing to release without an LLM)."""

    async def standalone_query(self, question: str, history: Sequence[Turn]) -> str:
        """The question rewritten to stand alone given the history (see ``answering.followup``)."""
        return heuristic_rewrite(question, history)

    async def run(
        self,
        question: str,
        top_k: int | None = None,
        conversation_id: str | None = None,
        history: Sequence[Turn] | None = None,
    ) -> AsyncIterator[Event]:
        """The events of one answer.

        With ``history`` given (the OpenAI facade, where the client holds the history) no server-side
        conversation is used or stored; otherwise ``conversation_id`` selects (or starts) one.
        """
        t_start = time.perf_counter()
        timings: dict[str, float] = {}
        if history is None:
            conversation_id, turns = self.conversations.open(conversation_id)
            remember = True
        else:
            conversation_id, turns, remember = new_id(), list(history), False
        answer_id = new_id()

        t0 = time.perf_counter()
        query = await self.standalone_query(question, turns)
        if turns:
            timings["rewrite"] = _ms(t0)
        t0 = time.perf_counter()
        hits, version = await asyncio.to_thread(self.service.retrieve, query, top_k)
        timings["retrieval"] = _ms(t0)
        yield Sources(conversation_id, answer_id, hits)

        t0 = time.perf_counter()
        # sentences are chosen by what was asked now; the rewritten query only steered retrieval
        extractive = self.service.extractive(question, hits)
        timings["answer"] = _ms(t0)
        for piece in split_for_streaming(extractive.text):
            yield Delta(piece)
        yield Citations(extractive.citations, extractive.abstained)
        if remember:
            chunk_ids = tuple(c.hit.chunk.chunk_id for c in extractive.citations)
            self.conversations.append(conversation_id, Turn(question, query, extractive.text, chunk_ids))
        timings["total"] = _ms(t_start)
        yield Done(conversation_id, answer_id, "extractive", None, extractive.abstained, version, query, timings)
