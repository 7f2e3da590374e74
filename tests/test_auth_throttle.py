"""Key and token guessing is bounded: failed authentications counted per client address and key prefix.

First the throttle itself with a fake clock, then a real app (the tiny corpus, the fake encoder: no model)
served by uvicorn on loopback, called from loopback addresses of their own (127.0.0.x), so each test's client is
a fresh address and no forwarding header has to be trusted. The rule under test (``ragqa.api.auth_throttle``):
an address past the limit gets 429 before anything it presents is compared, the right key included; the right
key from any other address always works; requests without a key are never counted.
"""

from __future__ import annotations

import uuid

import httpx
import pytest
from helpers.fake_encoder import FakeEncoder
from helpers.tiny_app import client_from, serve_tiny_app, tiny_settings

from ragqa.api.app import create_app
from ragqa.api.auth_throttle import AuthThrottle
from ragqa.api.ratelimit import Rate, RateLimitSpecError
from ragqa.observability import metrics

KEY = "right-api-key-4f2a"
ADMIN = "right-admin-token-9c1e"
LIMIT = 3
QUESTION = {"question": "Who is Zamir Kabulov?"}


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def guess() -> str:
    """A wrong key with a prefix of its own (so no two tests share a prefix bucket)."""
    return uuid.uuid4().hex


# --- the throttle, pure ---


def test_an_address_is_throttled_after_the_limit_then_recovers_at_the_rate():
    clock = FakeClock()
    throttle = AuthThrottle(Rate(3, 60.0), clock=clock)
    assert throttle.wait("10.0.0.1") == 0.0
    assert [throttle.failed("10.0.0.1", guess()) for _ in range(2)] == [0.0, 0.0]
    assert throttle.failed("10.0.0.1", guess()) == pytest.approx(20.0)  # the third failure uses the last token
    assert throttle.wait("10.0.0.1") == pytest.approx(20.0)
    assert throttle.wait("10.0.0.2") == 0.0  # addresses are counted apart
    clock.now += 20.0
    assert throttle.wait("10.0.0.1") == 0.0  # one more try a period/limit later, not a new burst
    assert throttle.failed("10.0.0.1", guess()) == pytest.approx(20.0)


def test_looking_does_not_count_and_an_unknown_address_is_not_remembered():
    throttle = AuthThrottle(Rate(1, 60.0), clock=FakeClock())
    for n in range(100):
        assert throttle.wait(f"10.1.0.{n}") == 0.0
    assert len(throttle._addresses._buckets) == 0


def test_a_hot_prefix_holds_each_further_failing_address_for_a_whole_period():
    clock = FakeClock()
    throttle = AuthThrottle(Rate(3, 60.0), clock=clock)
    # three addresses each try one key starting "sk-l": the prefix has failed its limit
    for n in range(3):
        assert throttle.failed(f"10.2.0.{n}", f"sk-l{guess()}") == 0.0
    # a fourth address failing with that prefix waits the whole period after a single try ...
    assert throttle.failed("10.2.0.9", "sk-l" + guess()) == pytest.approx(60.0)
    # ... while a failure with another prefix costs one token, as usual
    assert throttle.failed("10.2.0.8", "pk-x" + guess()) == 0.0
    # the prefix refuses nobody by itself: an address that has not failed may still try (and a right key passes)
    assert throttle.wait("10.2.0.7") == 0.0
    clock.now += 60.0
    assert throttle.wait("10.2.0.9") == 0.0  # held one period, not more
    assert throttle.failed("10.2.0.6", "sk-l" + guess()) == 0.0  # the prefix has cooled down: one token again


def test_prefix_names_are_salted_hashes_of_the_first_four_characters():
    throttle = AuthThrottle(Rate(3, 60.0))
    name = throttle.prefix_id("abcd-secret-one")
    assert name == throttle.prefix_id("abcd-secret-two")
    assert name != throttle.prefix_id("abce-secret-one")
    assert "abcd" not in name and "secret" not in name
    assert name != AuthThrottle(Rate(3, 60.0)).prefix_id("abcd-secret-one")  # salted per process


def test_the_throttle_keeps_a_bounded_number_of_addresses_and_prefixes():
    throttle = AuthThrottle(Rate(1, 60.0), max_entries=50, clock=FakeClock())
    for n in range(1000):
        throttle.failed(f"10.3.{n // 250}.{n % 250}", guess())
    assert len(throttle._addresses._buckets) == 50 and len(throttle._prefixes._buckets) == 50


# --- over HTTP ---


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """A locked-down app (an API key, an admin token) allowing 3 failures a minute per address."""
    root = tmp_path_factory.mktemp("auth-throttle")
    with serve_tiny_app(root, api_keys=KEY, admin_token=ADMIN, auth_failure_limit=f"{LIMIT}/minute") as url:
        yield url


def ask(client: httpx.Client, key: str | None) -> httpx.Response:
    return client.post("/ask", json=QUESTION, headers={"X-API-Key": key} if key else {})


def admin_index(client: httpx.Client, token: str | None) -> httpx.Response:
    return client.get("/admin/index", headers={"Authorization": f"Bearer {token}"} if token else {})


def assert_throttled(response: httpx.Response, what: str) -> None:
    assert response.status_code == 429, response.text
    error = response.json()["error"]
    assert error["type"] == "rate_limited"
    assert f"too many wrong {what}s from this address" in error["message"]
    assert "RAGQA_AUTH_FAILURE_LIMIT" in error["message"]
    assert 1 <= int(response.headers["retry-after"]) <= 60 // LIMIT


def test_wrong_keys_on_ask_get_401s_then_429_with_retry_after(base):
    throttled_before = metrics.AUTH_THROTTLED._value.get()
    with client_from(base, "127.0.0.2") as client:
        responses = [ask(client, guess()) for _ in range(LIMIT + 2)]
    assert [r.status_code for r in responses] == [401] * LIMIT + [429] * 2
    assert responses[0].headers["www-authenticate"] == "Bearer"
    for refused in responses[LIMIT:]:
        assert_throttled(refused, "API key")
    assert metrics.AUTH_THROTTLED._value.get() == throttled_before + 2


def test_wrong_admin_tokens_get_401s_then_429_with_retry_after(base):
    with client_from(base, "127.0.0.3") as client:
        responses = [admin_index(client, guess()) for _ in range(LIMIT + 2)]
    assert [r.status_code for r in responses] == [401] * LIMIT + [429] * 2
    assert "RAGQA_ADMIN_TOKEN" in responses[0].json()["error"]["message"]
    for refused in responses[LIMIT:]:
        assert_throttled(refused, "admin token")


def test_a_throttled_address_gets_429_even_with_the_right_key_and_other_addresses_are_unaffected(base):
    with client_from(base, "127.0.0.4") as guesser, client_from(base, "127.0.0.5") as reader:
        assert [ask(guesser, guess()).status_code for _ in range(LIMIT)] == [401] * LIMIT
        # nothing is compared for the throttled address: the right key would otherwise tell a hit from a miss
        assert_throttled(ask(guesser, KEY), "API key")
        assert_throttled(admin_index(guesser, ADMIN), "admin token")  # one address, one guess budget
        # the right key and token from another address work throughout
        answered = ask(reader, KEY)
        assert answered.status_code == 200 and "Kabulov" in answered.json()["answer"]
        assert admin_index(reader, ADMIN).status_code == 200
        assert reader.post("/search", json={"query": "pizza dough"}, headers={"X-API-Key": KEY}).status_code == 200


def test_right_keys_and_missing_keys_are_never_counted(base):
    with client_from(base, "127.0.0.6") as client:
        assert [ask(client, None).status_code for _ in range(LIMIT * 3)] == [401] * (LIMIT * 3)
        assert [admin_index(client, None).status_code for _ in range(LIMIT * 3)] == [401] * (LIMIT * 3)
        assert [ask(client, KEY).status_code for _ in range(LIMIT * 2)] == [200] * (LIMIT * 2)
        assert [admin_index(client, ADMIN).status_code for _ in range(LIMIT * 2)] == [200] * (LIMIT * 2)
        # a reader who mistyped the key LIMIT - 1 times still gets in with the right one
        assert [ask(client, guess()).status_code for _ in range(LIMIT - 1)] == [401] * (LIMIT - 1)
        assert ask(client, KEY).status_code == 200


def test_guesses_at_a_known_prefix_from_many_addresses_cost_each_new_address_its_whole_budget(base):
    prefix = "zq7!"
    for n in range(LIMIT):  # LIMIT addresses each try one key with the prefix
        with client_from(base, f"127.0.1.{n + 1}") as client:
            assert ask(client, prefix + guess()).status_code == 401
    with client_from(base, "127.0.1.50") as client:
        assert ask(client, prefix + guess()).status_code == 401
        refused = ask(client, KEY)  # one failure with a hot prefix: held for the whole minute
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 60 // LIMIT
    with client_from(base, "127.0.1.51") as client:
        assert ask(client, guess()).status_code == 401  # another prefix: one token, as usual
        assert ask(client, KEY).status_code == 200


def test_an_empty_limit_turns_the_throttle_off(tmp_path):
    with serve_tiny_app(tmp_path, api_keys=KEY, auth_failure_limit="") as url, client_from(url, "127.0.0.7") as c:
        assert {ask(c, guess()).status_code for _ in range(15)} == {401}
        assert ask(c, KEY).status_code == 200


def test_a_limit_that_does_not_parse_stops_the_app_naming_the_variable(tmp_path):
    with pytest.raises(RateLimitSpecError, match="RAGQA_AUTH_FAILURE_LIMIT.*60/minute"):
        create_app(tiny_settings(tmp_path, auth_failure_limit="lots"), encoder=FakeEncoder())
