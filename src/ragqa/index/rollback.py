"""Rollback: make an earlier good version live again, the way a build publishes (writer lock, atomic pointer swap).

Nothing is deleted: the versions newer than the one published stay on disk (the store's ``NEWEST`` remembers they
were live, so pruning does not take them for debris) until a build prunes them by count. The next build starts
from the rolled-back version (it reuses its vectors) and gets an id newer than all of them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ragqa.index.build import build_lock
from ragqa.index.errors import IndexStoreError, NothingToRollBack, VersionNotFound
from ragqa.index.manifest import Manifest
from ragqa.index.store import (
    VERSIONS,
    is_version_id,
    list_versions,
    live_version,
    older_versions,
    publish,
    read_manifest,
    verify_version,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RolledBack:
    """What a rollback did: ``previous`` was live, ``version`` is now (the same when it already was)."""

    previous: str | None
    version: str


def rollback(
    index_dir: Path,
    version: str | None = None,
    *,
    accept: Callable[[Manifest], None] | None = None,
    wait: bool = False,
) -> RolledBack:
    """Publish ``version`` again, by default the newest good version older than the live one.

    The target must be on disk (``VersionNotFound`` lists those that are), verify against its checksums and pass
    ``accept`` (a compatibility check raising ``IndexMismatch``), else nothing changes. Holds the build lock, so it
    never races a build publishing: ``BuildLocked`` when one runs, unless ``wait``.
    """
    with build_lock(index_dir, wait=wait):
        live = live_version(index_dir)
        target = _named(index_dir, version, live, accept) if version is not None else _previous(index_dir, live, accept)
        if target != live:
            publish(index_dir, target)
            log.info("rolled the index back from %s to %s", live, target)
        return RolledBack(previous=live, version=target)


def available(index_dir: Path, live: str | None) -> str:
    """The versions on disk, newest first, the live one marked: what an error message offers instead."""
    versions = [f"{v} (live)" if v == live else v for v in reversed(list_versions(index_dir))]
    return ", ".join(versions) if versions else "none (build one with `ragqa index`)"


def _check(index_dir: Path, version: str, accept: Callable[[Manifest], None] | None) -> None:
    """Raise unless ``version`` verifies (every checksum, read now: it is about to go live) and is accepted."""
    try:
        manifest = read_manifest(index_dir, version)
        verify_version(index_dir / VERSIONS / version, manifest)
        if accept is not None:
            accept(manifest)
    except IndexStoreError as exc:
        raise type(exc)(f"cannot roll back to {version}: {exc}") from None


def _named(index_dir: Path, version: str, live: str | None, accept: Callable[[Manifest], None] | None) -> str:
    if not is_version_id(version) or version not in list_versions(index_dir):
        raise VersionNotFound(
            f"no index version {version[:80]!r} in {index_dir}; available: {available(index_dir, live)}"
        )
    _check(index_dir, version, accept)
    return version


def _previous(index_dir: Path, live: str | None, accept: Callable[[Manifest], None] | None) -> str:
    if live is None or not is_version_id(live):
        raise NothingToRollBack(
            f"no version is live in {index_dir}, so none is the previous one: name the version to publish; "
            f"available: {available(index_dir, live)}"
        )
    refused: list[str] = []
    for candidate in older_versions(index_dir, live):
        try:
            _check(index_dir, candidate, accept)
        except IndexStoreError as exc:
            refused.append(str(exc))
            continue
        return candidate
    why = f" ({'; '.join(refused)})" if refused else ""
    raise NothingToRollBack(
        f"no good version older than the live one ({live}) to roll back to{why}; available: "
        f"{available(index_dir, live)}"
    )
