"""Answer events as server-sent events: ``event: <name>\\ndata: <json>\\n\\n``.

Event names and payloads (the widget and other clients build on these):
``sources`` {conversation_id, answer_id, passages}, ``delta`` {text}, ``citations`` {citations, abstained},
``done`` {conversation_id, answer_id, mode, fallback_reason, abstained, timings_ms, index_version, confidence},
``error`` {message} (the stream ends after it).

When the client disconnects, Starlette cancels the task iterating the events; the cancellation reaches the
pipeline's pending await (an LLM stream read), which closes the upstream connection.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator

from fastapi.responses import StreamingResponse

from ragqa.answering.events import Citations, Delta, Done, Error, Event, Sources
from ragqa.api.schemas import CitationOut, Passage

log = logging.getLogger(__name__)

SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


def sse(name: str, data: dict) -> str:
    """One server-sent event (JSON on a single ``data:`` line)."""
    return f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def event_payload(event: Event) -> tuple[str, dict]:
    """The SSE name and JSON payload of an answer event."""
    if isinstance(event, Sources):
        passages = [Passage.from_hit(h).model_dump() for h in event.hits]
        return "sources", {"conversation_id": event.conversation_id, "answer_id": event.answer_id, "passages": passages}
    if isinstance(event, Delta):
        return "delta", {"text": event.text}
    if isinstance(event, Citations):
        citations = [CitationOut.from_citation(c).model_dump() for c in event.citations]
        return "citations", {"citations": citations, "abstained": event.abstained}
    if isinstance(event, Done):
        return "done", {
            "conversation_id": event.conversation_id,
            "answer_id": event.answer_id,
            "mode": event.mode,
            "fallback_reason": event.fallback_reason,
            "abstained": event.abstained,
            "timings_ms": event.timings_ms,
            "index_version": event.index_version,
            "query": event.query,
            "confidence": event.confidence,
        }
    if isinstance(event, Error):
        return "error", {"message": event.message}
    raise TypeError(f"not an answer event: {event!r}")


async def sse_stream(events: AsyncIterator[Event]) -> AsyncIterator[str]:
    """Serialize events; an unexpected failure becomes an ``error`` event that ends the stream."""
    try:
        async for event in events:
            name, data = event_payload(event)
            yield sse(name, data)
            if name == "error":
                return
    except Exception as exc:  # the stream has started: the status line is sent, so report in-band
        log.exception("answer stream failed")
        yield sse("error", {"message": f"the answer failed: {type(exc).__name__}; it has been logged"})
    finally:
        aclose = getattr(events, "aclose", None)
        if aclose is not None:
            await aclose()


def sse_response(events: AsyncIterator[Event]) -> StreamingResponse:
    return StreamingResponse(sse_stream(events), media_type="text/event-stream", headers=SSE_HEADERS)
