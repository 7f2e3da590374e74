"""Reading server-sent events in tests, from raw lines, so the wire format itself is checked."""

from __future__ import annotations

import json
from collections.abc import Iterable


def parse_sse(lines: Iterable[str]) -> list[tuple[str, dict]]:
    """(event name, JSON data) pairs; every event must have exactly one name and one data line."""
    events: list[tuple[str, dict]] = []
    name: str | None = None
    data: str | None = None
    for line in lines:
        if line == "":
            if name is None and data is None:
                continue
            assert name is not None and data is not None, f"incomplete event: {name!r} {data!r}"
            events.append((name, json.loads(data)))
            name = data = None
        elif line.startswith("event: "):
            assert name is None, "two event lines in one event"
            name = line[len("event: ") :]
        elif line.startswith("data: "):
            assert data is None, "two data lines in one event"
            data = line[len("data: ") :]
        else:
            raise AssertionError(f"unexpected SSE line: {line!r}")
    assert name is None and data is None, "stream ended inside an event"
    return events


def stream_events(client, path: str, payload: dict) -> tuple[object, list[tuple[str, dict]]]:
    """POST ``payload`` and read the whole event stream (response, events)."""
    with client.stream("POST", path, json=payload) as response:
        assert response.status_code == 200, response.read()
        lines = list(response.iter_lines())
    return response, parse_sse(lines)
