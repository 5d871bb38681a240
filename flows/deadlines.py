"""Appeal deadlines as data with their sources, counted conservatively.

The last day is never later than the law allows: the period runs from the day after the
decision was received, and a last day on a weekend or holiday is NOT moved to the next
working day (the law may allow that; a lawyer will confirm). The person is always told to
act today.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flows.model import Source


@dataclass(frozen=True, slots=True)
class DeadlineRule:
    """How long a person has to appeal a decision received on a given day."""

    id: str
    days: int
    source: Source

    def last_day(self, received: date) -> date:
        """The last day to file, counting ``days`` from the day after ``received``."""
        return received + timedelta(days=self.days)


EXTRADITION_APPEAL = DeadlineRule(
    "extradition_appeal", 10, Source("S27", "CPC RF art. 463(1): 10 days from notice")
)
EXPULSION_COURT_APPEAL = DeadlineRule(
    "expulsion_court_appeal", 10, Source("S33", "CAO RF art. 30.3(1): 10 days from a copy")
)
