"""How a waiting case is paged, by its urgency: the one place the escalation policy is set.

- **Urgent** (and any case whose appeal or removal day is three days away or nearer): the
  lawyers on duty at once, day and night; every lawyer after ``BOSHPANA_ACK_TIMEOUT``.
- **High**, and a request made before the questions were finished (the person may have
  had no time): the lawyers on duty at once; every lawyer after three timeouts.
- **Moderate and low**: the lawyers on duty by day; at night they wait in ``/cases`` until
  the morning; every lawyer the next morning if still untaken.

Among the lawyers on duty, those who speak the client's language are paged first; if
none of them is on duty, all of them are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DAY_STARTS = time(8)
DAY_ENDS = time(21)
"""The team's day (in ``BOSHPANA_TIMEZONE``): moderate and low cases page nobody outside it."""
SOON = timedelta(days=3)
"""A waiting case whose appeal or removal day is this near is paged as urgent."""


@dataclass(frozen=True)
class Policy:
    """How one level of urgency is paged."""

    at_night: bool
    """Whether the lawyers on duty are paged at night (else in the morning)."""
    everyone_after: float | None
    """After how many ack timeouts every lawyer is paged (``None``: the next morning)."""


URGENT = Policy(at_night=True, everyone_after=1)
HIGH = Policy(at_night=True, everyone_after=3)
ROUTINE = Policy(at_night=False, everyone_after=None)
POLICIES: dict[str | None, Policy] = {
    "urgent": URGENT,
    "high": HIGH,
    None: HIGH,
    "moderate": ROUTINE,
    "low": ROUTINE,
}


def policy_for(urgency: str | None, next_day: date | None, today: date) -> Policy:
    """The policy of a case of ``urgency`` whose soonest running day is ``next_day``."""
    if next_day is not None and next_day - today <= SOON:
        return URGENT
    return POLICIES.get(urgency, HIGH)


def is_night(moment: datetime, zone: ZoneInfo) -> bool:
    """Whether ``moment`` falls outside the team's day."""
    local = moment.astimezone(zone).time()
    return not DAY_STARTS <= local < DAY_ENDS


def next_morning(moment: datetime, zone: ZoneInfo) -> datetime:
    """The next start of the team's day after ``moment``."""
    local = moment.astimezone(zone)
    morning = datetime.combine(local.date(), DAY_STARTS, tzinfo=zone)
    if morning <= local:
        morning = datetime.combine(local.date() + timedelta(days=1), DAY_STARTS, tzinfo=zone)
    return morning.astimezone(moment.tzinfo)
