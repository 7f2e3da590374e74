"""Bounding key and token guessing: failed authentications counted per client address and per key prefix.

The rule (``RAGQA_AUTH_FAILURE_LIMIT``, say ``10/minute``):

1. **Before** a presented key or token is compared, an address that has used up its failures gets 429 with
   ``Retry-After``, whatever it presents, the right key included. A throttled address gets no comparison at
   all, so it learns nothing, and guessing from one address is bounded by the limit. Accepting a right key while
   throttled would not be: a guesser whose wrong guesses got 429 and whose right guess got 200 would keep
   guessing at full speed and recognise the hit.
2. A right key is never charged, and one address's failures never touch another's bucket: the right key from any
   other address always works. Only clients sharing the guesser's address (a NAT, or every client behind a
   proxy that is not in ``RAGQA_TRUSTED_PROXIES``) wait with it, for at most one period.
3. Failures are also counted per presented-key prefix (the first ``PREFIX_CHARS`` characters, hashed with a
   per-process salt: the key itself is never stored or logged). A prefix that has used up the limit of failures
   within a period, across all addresses, is *hot*: each further failure with it throttles its address for a
   whole period at once instead of one token. An attacker who knows how a key starts and spreads guesses over
   many addresses then gets one guess per address per period instead of the limit. The prefix never refuses a
   request before the comparison, so nobody can lock a right key out everywhere by hammering its prefix.

Requests with no key at all are refused with 401 and not counted: nothing was guessed. Both maps are bounded
(least recently seen forgotten first), like the rate limiter's.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import time
from collections.abc import Callable

from ragqa.api.ratelimit import Rate, RateLimiter

PREFIX_CHARS = 4
"""Characters of a presented key that name its prefix bucket: enough to tell guesses at one key from random
ones, too few to say anything about a key."""


class AuthThrottle:
    """Failed-authentication buckets per client address and per hashed key prefix (see the module docstring)."""

    def __init__(self, rate: Rate, max_entries: int = 10_000, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self._addresses = RateLimiter(rate, max_entries, clock)
        self._prefixes = RateLimiter(rate, max_entries, clock)
        self._salt = secrets.token_bytes(16)

    def wait(self, address: str) -> float:
        """Seconds before ``address`` may present a credential again; 0.0 = now. Call before comparing."""
        return self._addresses.wait(address)

    def failed(self, address: str, presented: str) -> float:
        """Count a wrong key or token from ``address``; returns the seconds it must now wait (0.0 = none)."""
        prefix = self.prefix_id(presented)
        hot = self._prefixes.wait(prefix) > 0  # this prefix failed the limit already, from anywhere
        self._prefixes.charge(prefix)
        return self._addresses.charge(address, math.inf if hot else 1.0)

    def prefix_id(self, presented: str) -> str:
        """The salted hash naming ``presented``'s prefix bucket (never the characters themselves)."""
        prefix = presented[:PREFIX_CHARS].encode()
        return hmac.new(self._salt, prefix, hashlib.sha256).hexdigest()[:16]
