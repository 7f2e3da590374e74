"""Token-bucket rate limiting per caller (an API key, or the client address when keys are off).

Why a token bucket: it allows short bursts up to the limit while holding the long-run rate, and it tells
the caller exactly how long to wait (``Retry-After``). Pure and clock-injectable so it is tested directly.
"""

from __future__ import annotations

import math
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

_PERIODS = {
    "s": 1.0,
    "sec": 1.0,
    "second": 1.0,
    "m": 60.0,
    "min": 60.0,
    "minute": 60.0,
    "h": 3600.0,
    "hour": 3600.0,
    "d": 86400.0,
    "day": 86400.0,
}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([a-z]+?)s?\s*$")


class RateLimitSpecError(ValueError):
    """``RAGQA_RATE_LIMIT`` is not of the form ``N/period``."""


@dataclass(frozen=True)
class Rate:
    """``requests`` per ``seconds``; also the bucket's burst size."""

    requests: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds


def parse_rate(spec: str) -> Rate | None:
    """``"60/minute"`` -> Rate(60, 60.0); also ``10/s``, ``1000/hour``, ``5/10s``; empty -> None (no limit)."""
    if not spec or not spec.strip():
        return None
    match = _RATE.match(spec.lower())
    if not match or match.group(3) not in _PERIODS or int(match.group(1)) < 1:
        raise RateLimitSpecError(
            f"rate limit {spec!r} is not understood: use N/period with N >= 1 and a period of "
            "second, minute, hour or day, for example 60/minute or 5/10s"
        )
    multiple = int(match.group(2)) if match.group(2) else 1
    if multiple < 1:
        raise RateLimitSpecError(f"rate limit {spec!r} has a zero period: use for example 60/minute")
    return Rate(int(match.group(1)), multiple * _PERIODS[match.group(3)])


class RateLimiter:
    """One token bucket per caller key, bounded in number (least recently seen callers are forgotten)."""

    def __init__(self, rate: Rate, max_callers: int = 10_000, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.max_callers = max_callers
        self._clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def acquire(self, key: str) -> float:
        """Take one token for ``key``: 0.0 when allowed, else the seconds until a token is available."""
        with self._lock:
            tokens, now = self._take(key)
            wait = self._wait(tokens)
            self._store(key, tokens - 1.0 if wait == 0.0 else tokens, now)
        return wait

    def wait(self, key: str) -> float:
        """Seconds until ``key`` has a token (0.0 now), without taking one; an unknown key is not remembered."""
        with self._lock:
            if key not in self._buckets:
                return 0.0
            tokens, now = self._take(key)
            self._store(key, tokens, now)
        return self._wait(tokens)

    def charge(self, key: str, cost: float = 1.0) -> float:
        """Take ``cost`` tokens from ``key`` whatever its balance; returns the seconds until its next token.

        For counting events that already happened (a failed login) rather than permitting requests. The balance
        goes below zero down to ``1 - requests`` at most, so a key is never held longer than one period:
        ``charge(key, math.inf)`` holds it for exactly one period.
        """
        with self._lock:
            tokens, now = self._take(key)
            tokens = max(1.0 - self.rate.requests, tokens - cost)
            self._store(key, tokens, now)
        return self._wait(tokens)

    def _take(self, key: str) -> tuple[float, float]:
        """``key``'s balance refilled up to now (a new key starts full), removed from the map; hold the lock."""
        now = self._clock()
        capacity = float(self.rate.requests)
        tokens, last = self._buckets.pop(key, (capacity, now))
        return min(capacity, tokens + (now - last) * self.rate.per_second), now

    def _store(self, key: str, tokens: float, now: float) -> None:
        """Put ``key`` back as the most recently seen, forgetting the least recent beyond ``max_callers``."""
        self._buckets[key] = (tokens, now)
        while len(self._buckets) > self.max_callers:
            self._buckets.popitem(last=False)

    def _wait(self, tokens: float) -> float:
        return 0.0 if tokens >= 1.0 else (1.0 - tokens) / self.rate.per_second


def retry_after_header(wait_s: float) -> str:
    """Whole seconds for ``Retry-After`` (at least 1, as the header has no fractions)."""
    return str(max(1, math.ceil(wait_s)))
