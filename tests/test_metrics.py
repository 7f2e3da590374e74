"""`/metrics` over a real server: the counters and histograms move with real requests."""

from __future__ import annotations

import httpx
from prometheus_client.parser import text_string_to_metric_families


def scrape(base: str) -> dict[tuple[str, frozenset], float]:
    response = httpx.get(f"{base}/metrics")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
    samples = {}
    for family in text_string_to_metric_families(response.text):
        for s in family.samples:
            samples[(s.name, frozenset(s.labels.items()))] = s.value
    return samples


def value(samples, name: str, **labels) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def test_metrics_follow_requests(server):
    before = scrape(server)
    with httpx.Client(base_url=server, timeout=30) as client:
        assert client.post("/ask", json={"question": "Who is Zamir Kabulov?"}).status_code == 200
        assert client.post("/ask", json={"question": "What is the capital of Australia?"}).json()["abstained"]
        assert client.post("/ask", json={"question": ""}).status_code == 422
        assert client.get("/no-such-route").status_code == 404
        ready = client.get("/ready").json()
    after = scrape(server)

    def delta(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    assert delta("ragqa_http_requests_total", route="/ask", method="POST", status="200") == 2
    assert delta("ragqa_http_requests_total", route="/ask", method="POST", status="422") == 1
    assert delta("ragqa_http_requests_total", route="unmatched", method="GET", status="404") == 1
    assert delta("ragqa_http_request_duration_seconds_count", route="/ask", method="POST") == 3
    assert delta("ragqa_retrieval_duration_seconds_count") == 2
    assert delta("ragqa_answer_duration_seconds_count", mode="extractive") == 2
    assert delta("ragqa_abstentions_total", mode="extractive") == 1
    assert value(after, "ragqa_index_chunks") == ready["chunk_count"]
    assert value(after, "ragqa_index_info", version=ready["index_version"]) == 1
    assert value(after, "process_resident_memory_bytes") > 50e6  # the process collector is on: RSS is visible


def test_metric_names_are_prefixed(server):
    names = {name for name, _ in scrape(server)}
    ours = {n for n in names if not n.startswith(("process_", "python_"))}
    assert ours and all(n.startswith("ragqa_") for n in ours)
    assert "ragqa_llm_duration_seconds_count" in names  # outcomes are pre-created so dashboards show zeros


def test_llm_timer_and_fallback_helpers_count_in_process():
    import pytest

    from ragqa.observability import fallbacks, metrics

    def count(outcome):
        return metrics.REGISTRY.get_sample_value("ragqa_llm_duration_seconds_count", {"outcome": outcome})

    ok_before, error_before = count("ok"), count("error")
    with metrics.llm_timer():
        pass
    with pytest.raises(RuntimeError), metrics.llm_timer():
        raise RuntimeError("backend down")
    with metrics.llm_timer() as t:
        t["outcome"] = "timeout"
    assert count("ok") == ok_before + 1 and count("error") == error_before + 1
    assert count("timeout") >= 1
    before = metrics.REGISTRY.get_sample_value("ragqa_fallbacks_total", {"reason": "llm_timeout"}) or 0
    fallbacks.record_fallback("llm_timeout")  # counted in observability.fallbacks, exported by metrics
    assert metrics.REGISTRY.get_sample_value("ragqa_fallbacks_total", {"reason": "llm_timeout"}) == before + 1


def test_mid_stream_llm_failures_are_exported():
    """A streamed LLM answer that breaks off after text went out cannot fall back; it is still counted."""
    from ragqa.observability import fallbacks, metrics

    def broken() -> float:
        value = metrics.REGISTRY.get_sample_value("ragqa_llm_stream_errors_total", {"reason": "llm_stream_interrupted"})
        return value or 0.0

    before = broken()
    fallbacks.record_stream_error("llm_stream_interrupted", "connection reset")
    assert broken() == before + 1
    assert b"ragqa_llm_stream_errors_total" in metrics.render()[0]
