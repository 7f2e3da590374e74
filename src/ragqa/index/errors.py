"""What can go wrong with an index on disk; every message says what to run or fix."""

from __future__ import annotations


class IndexStoreError(Exception):
    """Base for index problems; messages say what to run or fix."""


class IndexNotFound(IndexStoreError):
    """No published index in the folder."""


class IndexMismatch(IndexStoreError):
    """The index was built with another model, dimension or format."""


class IndexCorrupt(IndexStoreError):
    """A file of a version fails verification."""


class VersionNotFound(IndexStoreError):
    """A rollback named a version that is not on disk (the message lists those that are)."""


class NothingToRollBack(IndexStoreError):
    """A rollback found no good version older than the live one to publish."""
