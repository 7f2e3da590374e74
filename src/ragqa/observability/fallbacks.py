"""How often an LLM answer fell back to the extractive one, by reason: an in-process counter.

Why a plain counter here: the metrics endpoint (or anything else) can export ``fallback_counts()``
without this module knowing about any metrics library.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter

log = logging.getLogger("ragqa.fallback")

_counts: Counter[str] = Counter()
_stream_errors: Counter[str] = Counter()
_lock = threading.Lock()


def record_fallback(reason: str, detail: str = "") -> None:
    """Count a fallback and log one line saying why."""
    with _lock:
        _counts[reason] += 1
    log.warning("LLM answer fell back to extractive: reason=%s%s", reason, f" ({detail})" if detail else "")


def fallback_counts() -> dict[str, int]:
    """A snapshot of fallbacks since start-up, by reason."""
    with _lock:
        return dict(_counts)


def record_stream_error(reason: str, detail: str = "") -> None:
    """Count an LLM stream that failed after text was sent (too late to fall back: an ``error`` event)."""
    with _lock:
        _stream_errors[reason] += 1
    log.warning("LLM stream failed mid-answer: reason=%s%s", reason, f" ({detail})" if detail else "")


def stream_error_counts() -> dict[str, int]:
    """A snapshot of mid-stream LLM failures since start-up, by reason."""
    with _lock:
        return dict(_stream_errors)
