"""API keys and the collections each may read and write.

Two sources, both optional:

- ``RAGQA_API_KEYS`` (comma-separated): plain keys, as before collections existed. They read every collection
  (``/ask``, ``/search``, ``/v1/*``, ``GET /documents/{id}``) and write none.
- ``RAGQA_API_KEYS_FILE``: a JSON file ``{"keys": [{"key": "...", "read": ["news"], "write": ["news"]}]}``.
  ``"*"`` in a list means every collection; a key that may write a collection may also read it.

Only the SHA-256 of each key is kept in memory; a presented key is hashed and compared with every stored hash in
constant time, so neither the keys nor which one matched leak through timing.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ragqa.config import Settings, _check_secret

ALL = "*"
Access = Literal["read", "write"]


class KeysFileError(ValueError):
    """``RAGQA_API_KEYS_FILE`` cannot be read or does not hold the expected JSON."""


@dataclass(frozen=True)
class Scope:
    """What one key may do: ``read`` and ``write`` are collection names (``*`` = all)."""

    key_id: str
    read: frozenset[str]
    write: frozenset[str]

    def allows(self, collection: str, access: Access) -> bool:
        names = self.write if access == "write" else self.read | self.write
        return ALL in names or collection in names


UNRESTRICTED = Scope("unrestricted", frozenset({ALL}), frozenset({ALL}))
"""The admin token, or public routes when no API key is configured."""


def digest(key: str | bytes) -> bytes:
    return hashlib.sha256(key.encode() if isinstance(key, str) else key).digest()


def key_id_of(hashed: bytes) -> str:
    """The same short name ``security.key_id`` gives the key (rate-limit buckets, logs)."""
    return "key:" + hashed.hex()[:12]


@dataclass(frozen=True)
class KeyRing:
    """Every configured key, hashed, with its scope."""

    entries: tuple[tuple[bytes, Scope], ...] = ()

    @property
    def enabled(self) -> bool:
        return bool(self.entries)

    def match(self, presented: str) -> Scope | None:
        """The scope of ``presented``; every stored hash is compared so timing does not say which matched."""
        given = digest(presented)
        found = None
        for hashed, scope in self.entries:
            if hmac.compare_digest(given, hashed):
                found = scope
        return found


def _names(value: object, where: str) -> frozenset[str]:
    if value is None:
        return frozenset()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise KeysFileError(f'{where}: must be a list of collection names ("*" = all)')
    return frozenset(v.strip() for v in value)


def parse_keys_file(text: str, source: str = "RAGQA_API_KEYS_FILE") -> list[tuple[str, frozenset[str], frozenset[str]]]:
    """(key, read, write) of each entry of a keys file; ``KeysFileError`` naming the entry when one is wrong."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise KeysFileError(f"{source} is not JSON: {exc}") from None
    items = data.get("keys") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise KeysFileError(f'{source} must hold {{"keys": [{{"key": ..., "read": [...], "write": [...]}}]}}')
    parsed = []
    for n, item in enumerate(items, start=1):
        where = f"{source} key {n}"
        if not isinstance(item, dict) or not isinstance(item.get("key"), str):
            raise KeysFileError(f'{where}: must be an object with a string "key"')
        unknown = sorted(set(item) - {"key", "read", "write", "name"})
        if unknown:
            raise KeysFileError(f"{where}: unknown field {unknown[0]!r} (key, read, write, name)")
        key = item["key"].strip()
        try:
            _check_secret(source, f"key {n}", key, "")
        except ValueError as exc:
            raise KeysFileError(str(exc)) from None
        parsed.append((key, _names(item.get("read"), f"{where} read"), _names(item.get("write"), f"{where} write")))
    return parsed


def load_key_ring(settings: Settings, plain: list[bytes]) -> KeyRing:
    """The plain keys (read everything) and those of ``RAGQA_API_KEYS_FILE``, hashed."""
    entries: dict[bytes, Scope] = {}
    for key in plain:
        hashed = digest(key)
        entries[hashed] = Scope(key_id_of(hashed), frozenset({ALL}), frozenset())
    path = settings.api_keys_file
    if path is not None and str(path) not in ("", "."):
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise KeysFileError(f"RAGQA_API_KEYS_FILE {path} cannot be read: {exc.strerror or exc}") from None
        for secret, read, write in parse_keys_file(text):
            hashed = digest(secret)
            entries[hashed] = Scope(key_id_of(hashed), read, write)
    return KeyRing(tuple(entries.items()))
