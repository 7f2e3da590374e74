"""Every Prometheus metric of the service, in one module so any layer can record without knowing HTTP.

Why module-level objects: prometheus-client metrics are process-wide singletons; defining them once here
means the service, the answerers and the API all count into the same series, and ``/metrics`` renders them.
All names start with ``ragqa_``. Use the small helpers below rather than touching label sets directly, so
label names stay consistent across callers.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily
from prometheus_client.registry import Collector

from ragqa.observability import fallbacks

# Latency buckets in seconds: from a cached query (sub-millisecond) to a slow LLM call.
_FAST = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
_SLOW = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 30.0, 60.0)

HTTP_REQUESTS = Counter(
    "ragqa_http_requests_total",
    "HTTP requests by route template, method and status code.",
    ["route", "method", "status"],
)
HTTP_LATENCY = Histogram(
    "ragqa_http_request_duration_seconds",
    "Wall time of HTTP requests by route template and method.",
    ["route", "method"],
    buckets=_FAST,
)
RETRIEVAL_LATENCY = Histogram(
    "ragqa_retrieval_duration_seconds",
    "Time to retrieve passages for one question (query encoding plus vector search).",
    buckets=_FAST,
)
ANSWER_LATENCY = Histogram(
    "ragqa_answer_duration_seconds",
    "Time to compose an answer from retrieved passages, by answer mode (extractive, llm, ...).",
    ["mode"],
    buckets=_FAST,
)
LLM_LATENCY = Histogram(
    "ragqa_llm_duration_seconds",
    "Time of one call to the LLM backend, by outcome (ok, error, timeout).",
    ["outcome"],
    buckets=_SLOW,
)
ABSTENTIONS = Counter(
    "ragqa_abstentions_total",
    "Answers that abstained because the articles do not hold the answer, by answer mode.",
    ["mode"],
)
RATE_LIMITED = Counter("ragqa_rate_limited_total", "Requests refused with 429 by the rate limiter.")
AUTH_FAILURES = Counter("ragqa_auth_failures_total", "Requests refused with 401 for a missing or wrong API key.")
AUTH_THROTTLED = Counter(
    "ragqa_auth_throttled_total",
    "Requests refused with 429 before their key or token was compared: too many failures from the address.",
)
INDEX_INFO = Gauge(
    "ragqa_index_info",
    "The live index version (the series with value 1 names it).",
    ["version"],
)
INDEX_CHUNKS = Gauge("ragqa_index_chunks", "Chunks in the live index.")
INDEX_RELOADS = Counter("ragqa_index_reloads_total", "Index versions made live by this process.")

for _outcome in ("ok", "error", "timeout"):
    LLM_LATENCY.labels(outcome=_outcome)
ABSTENTIONS.labels(mode="extractive")


def set_live_index(version: str, chunk_count: int) -> None:
    """Record which index version is live and how many chunks it holds."""
    INDEX_INFO.clear()
    INDEX_INFO.labels(version=version).set(1)
    INDEX_CHUNKS.set(chunk_count)


class _FallbackCollector(Collector):
    """``ragqa_fallbacks_total{reason}`` and ``ragqa_llm_stream_errors_total{reason}`` from
    ``observability.fallbacks``, the one place LLM failures are counted."""

    def collect(self) -> Iterator[CounterMetricFamily]:
        family = CounterMetricFamily(
            "ragqa_fallbacks",
            "Answers that fell back from the LLM to the extractive path, by reason (timeout, error, ...).",
            labels=["reason"],
        )
        for reason, count in sorted(fallbacks.fallback_counts().items()):
            family.add_metric([reason], count)
        yield family
        broken = CounterMetricFamily(
            "ragqa_llm_stream_errors",
            "Streamed LLM answers that failed after text was sent (too late to fall back: an error event).",
            labels=["reason"],
        )
        for reason, count in sorted(fallbacks.stream_error_counts().items()):
            broken.add_metric([reason], count)
        yield broken


REGISTRY.register(_FallbackCollector())


def record_abstention(mode: str) -> None:
    """Count one abstention of the given answer mode."""
    ABSTENTIONS.labels(mode=mode).inc()


@contextmanager
def llm_timer() -> Iterator[dict[str, str]]:
    """Time one LLM call; set ``t["outcome"]`` (e.g. ``"timeout"``) inside; ``ok`` by default, ``error`` on raise.

    Usage: ``with metrics.llm_timer() as t: reply = client.post(...)``.
    """
    state = {"outcome": "ok"}
    start = time.perf_counter()
    try:
        yield state
    except BaseException:
        if state["outcome"] == "ok":
            state["outcome"] = "error"
        raise
    finally:
        LLM_LATENCY.labels(outcome=state["outcome"]).observe(time.perf_counter() - start)


def render() -> tuple[bytes, str]:
    """The current metrics in Prometheus text format, and its content type."""
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
