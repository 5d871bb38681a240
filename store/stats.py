"""Aggregate figures for coordinators, from counters that outlive purges and erasure.

The counters (``case_stats``, one row per case, kept by :class:`store.cases.Cases`)
hold no person and no case number, only days, an urgency, a waiting time and an
outcome. Figures are computed in Python, the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select

from store.database import Transaction
from store.models import Case, CaseStats, CaseStatus, Lawyer, Urgency

_URGENCY_ORDER = {level.value: rank for rank, level in enumerate(Urgency)}


@dataclass(frozen=True, slots=True)
class WeekFigures:
    """How many cases of one urgency (``None``: not assessed) opened in one week."""

    week_start: date
    urgency: str | None
    opened: int


@dataclass(frozen=True, slots=True)
class LawyerWeek:
    """How many cases one lawyer took in one week."""

    week_start: date
    lawyer_id: int
    taken: int


@dataclass(frozen=True, slots=True)
class Figures:
    """Figures since a day, and the situation now.

    ``by_week`` has weeks starting on Monday, in order, and within a week the most
    urgent first (``None`` last); weeks without cases are left out. The claim figures
    are over cases opened since the day and claimed at least once, in seconds until
    their first claim (``None`` without such cases); ``p90`` interpolates linearly
    between ranks, like PostgreSQL's ``percentile_cont``. ``unclaimed_now`` counts
    open cases; ``active_lawyers`` the lawyers on duty whom the bot can reach.
    """

    by_week: list[WeekFigures]
    claim_median_seconds: float | None
    claim_p90_seconds: float | None
    unclaimed_now: int
    active_lawyers: int
    first_message_median_seconds: float | None = None
    """From a case coming in to a lawyer's first message to the client (median)."""
    deadlines_met: int = 0
    """Cases whose lawyer wrote to the client by the case's soonest appeal or removal day."""
    deadlines_missed: int = 0
    """Cases whose soonest day passed before any lawyer wrote to the client."""
    taken_by_lawyer: list[LawyerWeek] = field(default_factory=list)
    """Cases each lawyer took, by week (lawyers by their id), in order."""


def week_start(day: date) -> date:
    """The Monday of the day's week."""
    return day - timedelta(days=day.weekday())


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """The ``fraction`` quantile of ``values``, interpolated between ranks (``None`` if empty)."""
    if not values:
        return None
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    below = math.floor(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


async def figures(tx: Transaction, since: date) -> Figures:
    """Compute the figures for cases opened on or after ``since``."""
    rows = (
        await tx.session.execute(
            select(CaseStats.opened_on, CaseStats.urgency, CaseStats.claimed_after_seconds).where(
                CaseStats.opened_on >= since
            )
        )
    ).all()
    opened = Counter((week_start(opened_on), urgency) for opened_on, urgency, _ in rows)
    by_week = [
        WeekFigures(week_start=week, urgency=urgency, opened=count)
        for (week, urgency), count in sorted(
            opened.items(),
            key=lambda item: (item[0][0], _URGENCY_ORDER.get(item[0][1] or "", len(Urgency))),
        )
    ]
    waits = [float(seconds) for _, _, seconds in rows if seconds is not None]
    team = await _team_figures(tx, since)
    unclaimed = await tx.session.scalar(
        select(func.count()).select_from(Case).where(Case.status == CaseStatus.OPEN)
    )
    active = await tx.session.scalar(
        select(func.count())
        .select_from(Lawyer)
        .where(Lawyer.on_duty.is_(True), Lawyer.reachable.is_(True))
    )
    return Figures(
        by_week=by_week,
        claim_median_seconds=percentile(waits, 0.5),
        claim_p90_seconds=percentile(waits, 0.9),
        unclaimed_now=unclaimed or 0,
        active_lawyers=active or 0,
        first_message_median_seconds=team.first_message_median_seconds,
        deadlines_met=team.deadlines_met,
        deadlines_missed=team.deadlines_missed,
        taken_by_lawyer=team.taken_by_lawyer,
    )


@dataclass(frozen=True, slots=True)
class _Team:
    first_message_median_seconds: float | None
    deadlines_met: int
    deadlines_missed: int
    taken_by_lawyer: list[LawyerWeek]


async def _team_figures(tx: Transaction, since: date) -> _Team:
    today = tx.now().date()
    rows = (
        await tx.session.execute(
            select(
                CaseStats.first_message_after_seconds,
                CaseStats.first_message_on,
                CaseStats.deadline_on,
            ).where(CaseStats.opened_on >= since)
        )
    ).all()
    firsts = [float(seconds) for seconds, _, _ in rows if seconds is not None]
    met = sum(1 for _, first, day in rows if day and first and first <= day)
    missed = sum(
        1 for _, first, day in rows if day and day < today and not (first and first <= day)
    )
    taken = (
        await tx.session.execute(
            select(CaseStats.claimed_on, CaseStats.lawyer_id).where(
                CaseStats.claimed_on >= since, CaseStats.lawyer_id.is_not(None)
            )
        )
    ).all()
    counted = Counter(
        (week_start(day), lawyer_id)
        for day, lawyer_id in taken
        if day is not None and lawyer_id is not None
    )
    return _Team(
        first_message_median_seconds=percentile(firsts, 0.5),
        deadlines_met=met,
        deadlines_missed=missed,
        taken_by_lawyer=[
            LawyerWeek(week, lawyer_id, count)
            for (week, lawyer_id), count in sorted(counted.items())
        ],
    )
