"""Metadata filters (source, category, publication dates), applied inside retrieval as a row mask.

Why a mask and not post-filtering: a narrow filter applied after a top-k search can leave nothing;
masking before ranking means ``top_k`` matching passages still come back whenever that many exist.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import numpy as np

from ragqa.ingest.dates import first_and_last_day, period_of
from ragqa.records import Chunk, DocumentRecord


class FilterError(ValueError):
    """A filter value cannot be used; ``field`` names it (e.g. ``published_after``)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def parse_day(value: str, field: str) -> date:
    """An ISO date (``2023-10-01``) or date-time; anything else is a FilterError naming ``field``."""
    text = value.strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        raise FilterError(field, f"{value!r} is not a date: use YYYY-MM-DD, e.g. 2023-10-01") from None


@dataclass(frozen=True)
class Filters:
    """Which chunks may be returned: all set conditions must hold; an empty list means no condition.

    Sources and categories match case-insensitively; dates are inclusive days (a range whose start
    is after its end matches nothing), a chunk dated by a month or a year alone ("September 2022") matches
    when that period shares a day with the range, and a chunk without a publication date never matches a
    date condition.
    """

    source: tuple[str, ...] = ()
    category: tuple[str, ...] = ()
    published_after: date | None = None
    published_before: date | None = None

    @property
    def active(self) -> bool:
        return bool(self.source or self.category or self.published_after or self.published_before)

    def describe(self) -> str:
        """The conditions in words, for an answer saying that no article passes them: 'source "AP" or "BBC";
        published from 2024-01-01 to 2024-03-31'."""
        parts = [
            f"{name} " + " or ".join(f'"{v}"' for v in values)
            for name, values in (("source", self.source), ("category", self.category))
            if values
        ]
        after, before = self.published_after, self.published_before
        if after and before:
            parts.append(f"published from {after.isoformat()} to {before.isoformat()}")
        elif after:
            parts.append(f"published on or after {after.isoformat()}")
        elif before:
            parts.append(f"published on or before {before.isoformat()}")
        return "; ".join(parts)

    @classmethod
    def from_values(
        cls,
        source: Sequence[str] | None = None,
        category: Sequence[str] | None = None,
        published_after: str | None = None,
        published_before: str | None = None,
    ) -> Filters:
        """Validate raw values (as a request or the CLI gives them)."""
        for name, values in (("source", source), ("category", category)):
            for v in values or ():
                if not isinstance(v, str) or not v.strip():
                    raise FilterError(name, "values must be non-empty strings")
        return cls(
            source=tuple(v.strip() for v in source or ()),
            category=tuple(v.strip() for v in category or ()),
            published_after=parse_day(published_after, "published_after") if published_after else None,
            published_before=parse_day(published_before, "published_before") if published_before else None,
        )


def _day_keys(published_at: str) -> tuple[int, int]:
    """The first and last day (``day_key``) of the period a stored date names: the same day twice for a day, a
    month's or a year's first and last for a date written without its day; 0 twice without a date."""
    first, last = first_and_last_day(period_of(published_at))
    return day_key(first), day_key(last)


def day_key(day: str) -> int:
    """A ``YYYY-MM-DD`` day as the integer YYYYMMDD (ordered as the days are), 0 for "" (no date).

    Why: comparing a million ``<U10`` strings took 20 ms per period a question names; integers take well
    under a millisecond."""
    return int(day.replace("-", "")) if day else 0


def _normalized(values: Sequence[str], normalize: Callable[[str], Any], dtype: Any) -> np.ndarray:
    """``normalize`` of every value as an array, computed once per distinct value."""
    seen: dict[str, Any] = {}
    out = []
    for value in values:
        done = seen.get(value)
        if done is None:
            done = seen[value] = normalize(value)
        out.append(done)
    return np.array(out, dtype=dtype)


class FilterColumns:
    """Per-chunk metadata as arrays, built once per index version so a mask costs microseconds."""

    def __init__(self, chunks: Iterable[Chunk] = ()) -> None:
        chunks = list(chunks)
        self._fill([c.source for c in chunks], [c.category for c in chunks], [c.published_at for c in chunks])

    @classmethod
    def from_columns(cls, source: Sequence[str], category: Sequence[str], published_at: Sequence[str]) -> FilterColumns:
        """From the fields as columns in row order (``chunk_columns``: no ``Chunk`` object is built)."""
        columns = cls()
        columns._fill(source, category, published_at)
        return columns

    def _fill(self, source: Sequence[str], category: Sequence[str], published_at: Sequence[str]) -> None:
        # each distinct value is normalized once: a document's chunks repeat its source, category and date
        self.size = len(source)
        self.source = _normalized(source, lambda v: (v or "").strip().lower(), object)
        self.category = _normalized(category, lambda v: (v or "").strip().lower(), object)
        keys = _normalized(published_at, _day_keys, np.int32).reshape(-1, 2)
        self.first_day, self.last_day = keys[:, 0].copy(), keys[:, 1].copy()

    def mask(self, filters: Filters | None) -> np.ndarray | None:
        """Boolean array of the chunks that pass, or None when nothing is filtered."""
        if filters is None or not filters.active:
            return None
        keep = np.ones(self.size, dtype=bool)
        if filters.source:
            keep &= np.isin(self.source, [s.lower() for s in filters.source])
        if filters.category:
            keep &= np.isin(self.category, [c.lower() for c in filters.category])
        if filters.published_after or filters.published_before:
            keep &= self.first_day > 0
        if filters.published_after:
            keep &= self.last_day >= day_key(filters.published_after.isoformat())
        if filters.published_before:
            keep &= self.first_day <= day_key(filters.published_before.isoformat())
        return keep


def documents_within(records: Mapping[str, DocumentRecord], filters: Filters | None) -> dict[str, DocumentRecord]:
    """The documents whose metadata passes ``filters`` (all of them when none is set), as their chunks would.

    Why: answers about the collection ("what is the latest article", "what has jane doe written", "how many
    articles are there") are made from the documents, not from passages; without this they ignored the request's
    filters and listed articles outside them."""
    if filters is None or not filters.active:
        return dict(records)
    values = list(records.values())
    columns = FilterColumns.from_columns(
        [r.source for r in values], [r.category for r in values], [r.published_at for r in values]
    )
    keep = columns.mask(filters)
    return {r.doc_id: r for r, kept in zip(values, keep if keep is not None else [True] * len(values)) if kept}
