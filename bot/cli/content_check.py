"""``boshpana content check``: legal statements without a source, or checked too long ago."""

from __future__ import annotations

import sys
from datetime import date
from typing import TextIO

from flows.content import DEFAULT_MAX_AGE_DAYS, entries, findings

__all__ = ["DEFAULT_MAX_AGE_DAYS", "run"]


def run(today: date, max_age_days: int, out: TextIO | None = None) -> int:
    """Print the findings about the shipped content (to stdout); the exit status (1 if any)."""
    out = out or sys.stdout
    checked = list(entries())
    found = findings(checked, today, max_age_days)
    if not found:
        print(
            f"content check: {len(checked)} statements, each with a source or marked as advice, "
            f"checked within the last {max_age_days} days.",
            file=out,
        )
        return 0
    print(f"content check: {len(found)} finding(s) in {len(checked)} statements:", file=out)
    for finding in found:
        print(f"  {finding}", file=out)
    return 1
