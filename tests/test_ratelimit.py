"""The token bucket and the rate spec parser, pure (a fake clock stands in for time passing)."""

import pytest

from ragqa.api.ratelimit import Rate, RateLimiter, RateLimitSpecError, parse_rate, retry_after_header


@pytest.mark.parametrize(
    "spec, rate",
    [
        ("60/minute", Rate(60, 60.0)),
        ("10/s", Rate(10, 1.0)),
        ("1000 / hour", Rate(1000, 3600.0)),
        ("5/10s", Rate(5, 10.0)),
        ("100/days", Rate(100, 86400.0)),
        ("", None),
    ],
)
def test_parse_rate(spec, rate):
    assert parse_rate(spec) == rate


@pytest.mark.parametrize("spec", ["60", "0/minute", "x/minute", "60/fortnight", "5/0s"])
def test_parse_rate_rejects_with_an_example(spec):
    with pytest.raises(RateLimitSpecError, match="60/minute"):
        parse_rate(spec)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_bucket_allows_a_burst_then_refills_at_the_rate():
    clock = FakeClock()
    limiter = RateLimiter(Rate(3, 60.0), clock=clock)
    assert [limiter.acquire("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    wait = limiter.acquire("a")
    assert wait == pytest.approx(20.0)  # one token per 20 s
    assert retry_after_header(wait) == "20"
    assert limiter.acquire("b") == 0.0  # callers have their own buckets
    clock.now += 20.0
    assert limiter.acquire("a") == 0.0
    assert limiter.acquire("a") > 0
    clock.now += 3600
    assert [limiter.acquire("a") for _ in range(3)] == [0.0, 0.0, 0.0]  # never more than the burst
    assert limiter.acquire("a") > 0


def test_refused_requests_do_not_consume_tokens():
    clock = FakeClock()
    limiter = RateLimiter(Rate(1, 10.0), clock=clock)
    assert limiter.acquire("a") == 0.0
    for _ in range(5):
        assert limiter.acquire("a") > 0
    clock.now += 10.0
    assert limiter.acquire("a") == 0.0


def test_callers_are_bounded():
    limiter = RateLimiter(Rate(1, 60.0), max_callers=100, clock=FakeClock())
    for i in range(1000):
        limiter.acquire(f"client-{i}")
    assert len(limiter._buckets) == 100


def test_retry_after_is_a_whole_second_at_least():
    assert retry_after_header(0.01) == "1"
    assert retry_after_header(1.2) == "2"


def test_wait_looks_without_taking_and_charge_counts_past_zero_for_at_most_one_period():
    clock = FakeClock()
    limiter = RateLimiter(Rate(3, 60.0), clock=clock)
    assert limiter.wait("a") == 0.0 and "a" not in limiter._buckets  # looking at a stranger remembers nothing
    assert limiter.charge("a") == 0.0 and limiter.wait("a") == 0.0  # two tokens left, looking takes none
    assert limiter.charge("a", 2.0) == pytest.approx(20.0)
    assert limiter.charge("a", 100.0) == pytest.approx(60.0)  # never held longer than one period
    assert limiter.acquire("a") == pytest.approx(60.0)  # refused, and refusing takes nothing
    clock.now += 60.0
    assert limiter.wait("a") == 0.0 and limiter.acquire("a") == 0.0
    assert limiter.acquire("a") > 0
