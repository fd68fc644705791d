"""Values users give on the command line and in API queries, checked as values (a real
date, a number the database can take), not only by their shape."""

from __future__ import annotations

import re
from datetime import date

MAX_OFFSET = 2**63 - 1  # the largest OFFSET both backends take (64-bit signed)
MAX_LIMIT = 1_000_000_000  # a CLI --limit: "everything", far below any overflow
_DAY = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def day_bound(value: str) -> str:
    """A year ("2025"), month ("2025-02") or day ("2025-02-14") that exists, as given;
    ValueError otherwise ("2025-02-30", "2025-13", "abc")."""
    match = _DAY.fullmatch(value.strip())
    if not match:
        raise ValueError(f"{value!r} is not a year, month or day (2025, 2025-02, 2025-02-14)")
    year, month, day = (int(part) if part is not None else 1 for part in match.groups())
    try:
        date(year, month, day)
    except ValueError as err:
        raise ValueError(f"{value!r} is not a real date: {err}") from None
    return value.strip()
