"""Which reverse proxies ``ragqa serve`` believes about the client's address.

Why explicit: uvicorn on its own trusts ``X-Forwarded-For`` from 127.0.0.1 and ::1, so anyone who reaches a
server that listens on loopback without a proxy (or through a local tunnel or sidecar that does not rewrite the
header) could pick their own address, and with it a fresh rate-limit bucket and a forged access log line. Here
no proxy is trusted unless ``RAGQA_TRUSTED_PROXIES`` (or uvicorn's own ``FORWARDED_ALLOW_IPS``) names them.
"""

from __future__ import annotations

import ipaddress
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass

from ragqa.config import Settings

log = logging.getLogger(__name__)

UVICORN_VARIABLE = "FORWARDED_ALLOW_IPS"
"""uvicorn's own variable, honoured when ``RAGQA_TRUSTED_PROXIES`` is empty (an explicit choice too)."""


class TrustedProxiesError(ValueError):
    """An entry of ``RAGQA_TRUSTED_PROXIES`` / ``FORWARDED_ALLOW_IPS`` is not an address, a network or ``*``."""


@dataclass(frozen=True)
class ProxyOptions:
    """What ``uvicorn.run`` gets: whether to read forwarding headers at all, and from which peers."""

    proxy_headers: bool
    forwarded_allow_ips: list[str] | None

    @property
    def trusts_everyone(self) -> bool:
        return self.forwarded_allow_ips == ["*"]


def parse_trusted_proxies(value: str, variable: str = "RAGQA_TRUSTED_PROXIES") -> list[str]:
    """The comma-separated addresses and CIDR networks in ``value`` (blanks ignored), or ``["*"]`` (any peer).

    Entries are checked here so a typo fails at start-up: uvicorn would keep an entry it cannot parse as a
    literal host name that no peer address ever equals, silently trusting nothing.
    """
    entries = [e.strip() for e in (value or "").split(",") if e.strip()]
    if "*" in entries:
        if len(entries) > 1:
            raise TrustedProxiesError(f"{variable}: '*' (any peer) cannot be combined with other entries")
        return ["*"]
    for entry in entries:
        try:
            if "/" in entry:
                ipaddress.ip_network(entry)  # strict, as uvicorn parses it: 10.0.0.0/8, not 10.0.0.1/8
            else:
                ipaddress.ip_address(entry)
        except ValueError:
            raise TrustedProxiesError(
                f"{variable}: {entry!r} is not an IP address or a network: write each proxy as an address "
                "(10.0.0.5, ::1) or a network with its base address (10.0.0.0/8, fd00::/8), comma-separated"
            ) from None
    return entries


def proxy_options(settings: Settings, environ: Mapping[str, str] | None = None) -> ProxyOptions:
    """Trust forwarding headers only from the proxies named in ``RAGQA_TRUSTED_PROXIES``, else in uvicorn's
    ``FORWARDED_ALLOW_IPS``; with neither set, the client is always the connection's peer."""
    environ = os.environ if environ is None else environ
    if settings.trusted_proxies.strip():
        trusted = parse_trusted_proxies(settings.trusted_proxies)
    else:
        trusted = parse_trusted_proxies(environ.get(UVICORN_VARIABLE, ""), UVICORN_VARIABLE)
    options = ProxyOptions(proxy_headers=bool(trusted), forwarded_allow_ips=trusted or None)
    if options.trusts_everyone:
        log.warning(
            "X-Forwarded-For is believed from any peer (trusted proxies '*'): make sure only the proxy can reach "
            "this server, or any client can pick its own address and rate-limit bucket"
        )
    return options
