"""Publication dates in any common form ("June 29, 2020 at 3:52 p.m. PDT", "29 June 2020", "Jun. 29, 2020",
"2020-06-29T15:52:00Z") read once, at index time, into ISO 8601, so date filters and date cues work on every
corpus. Parsing is dateparser's (absolute dates only: "yesterday" in an archived article means nothing now).
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from typing import Any

_HAS_TIME = re.compile(r"\d{1,2}[:.]\d{2}")
_SETTINGS = {
    "PARSERS": ["absolute-time", "custom-formats"],
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PREFER_DAY_OF_MONTH": "first",
}


@lru_cache(maxsize=1)
def _dateparser() -> Any:
    import dateparser  # imported on first use: it loads its language data (about 0.4 s)

    return dateparser


def normalize_date(raw: str) -> str | None:
    """``raw`` as an ISO date (``2020-06-29``) or date-time (``2020-06-29T15:52:00-07:00``), or None when it
    holds no full date. Text that is already ISO is returned as it is."""
    text = raw.strip()
    if not text:
        return None
    try:
        datetime.fromisoformat(text.replace("Z", "+00:00"))
        return text
    except ValueError:
        pass
    parsed = _dateparser().parse(text, languages=["en"], settings=_SETTINGS)
    if parsed is None:
        return None
    return parsed.isoformat() if _HAS_TIME.search(text) else parsed.date().isoformat()
