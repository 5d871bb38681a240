"""Aggregate figures for coordinators (``/stats``) and operators (``boshpana stats``).

Only counts and durations, from :func:`store.stats.figures`: never a case number, a
name or a date finer than the week.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from datetime import date, timedelta

from babel.dates import format_timedelta

from bot.core.i18n import Translator
from bot.core.services import Services
from flows.model import Level
from flows.risk import LEVEL_TEXTS
from flows.text import N_, NN_
from store import Transaction
from store.stats import Figures, figures

DEFAULT_WEEKS = 8

# TRANSLATORS: {n} is a number of weeks; {since} a date.
TITLE = NN_(
    "Figures for the last {n} week (since {since})",
    "Figures for the last {n} weeks (since {since})",
)
BY_WEEK = N_("New cases by week and urgency:")
WEEK_LINE = N_("Week of {week}: {counts}")
NO_CASES = N_("No new cases in this period.")
NOT_ASSESSED = N_("not assessed")
# TRANSLATORS: {median} and {p90} are durations such as "4 min".
CLAIM_TIMES = N_("From escalation to a lawyer taking the case: median {median}, 90% within {p90}")
NO_CLAIMS = N_("No case was taken by a lawyer in this period.")
UNCLAIMED_NOW = N_("Cases waiting for a lawyer now: {count}")
# TRANSLATORS: {median} is a duration such as "4 minutes".
FIRST_MESSAGE_TIME = N_(
    "From a case coming in to its lawyer's first message to the client: median {median}"
)
NO_FIRST_MESSAGES = N_("No lawyer wrote to a client in this period.")
# TRANSLATORS: {met} and {missed} are numbers of cases.
DEADLINES = N_(
    "Cases with an appeal or removal day: the lawyer wrote in time in {met}, too late or "
    "never in {missed}"
)
BY_LAWYER = N_("Cases taken, by week and lawyer:")
ACTIVE_LAWYERS = N_("Lawyers on duty and reachable now: {count}")


def since_for(today: date, weeks: int) -> date:
    """The Monday ``weeks`` weeks back, so that every week shown is whole."""
    monday = today - timedelta(days=today.weekday())
    return monday - timedelta(weeks=weeks - 1)


async def current(
    services: Services, weeks: int = DEFAULT_WEEKS
) -> tuple[Figures, date, dict[int, str]]:
    """The figures for the last ``weeks`` weeks (this one included), their first day, and
    the team's names by lawyer id."""
    since = since_for(services.today(), weeks)
    async with services.db.transaction() as tx:
        return await figures(tx, since), since, await team_names(tx)


async def team_names(tx: Transaction) -> dict[int, str]:
    """Every lawyer's name by id (removed lawyers are not named)."""
    return {lawyer.id: lawyer.name for lawyer in await tx.lawyers.all()}


def render(
    found: Figures, since: date, weeks: int, t: Translator, names: Mapping[int, str]
) -> str:
    """The figures as Telegram HTML in the translator's language (lawyers by ``names``)."""
    lines = [f"<b>{t.counted(TITLE, weeks, {'since': since})}</b>", ""]
    if found.by_week:
        lines.append(t(BY_WEEK))
        weeks_seen = sorted({row.week_start for row in found.by_week})
        for week in weeks_seen:
            counts = ", ".join(
                f"{_urgency(row.urgency, t)} {row.opened}"
                for row in found.by_week
                if row.week_start == week
            )
            lines.append("• " + t(WEEK_LINE, {"week": week}, markup={"counts": counts}))
    else:
        lines.append(t(NO_CASES))
    lines.append("")
    if found.claim_median_seconds is None or found.claim_p90_seconds is None:
        lines.append(t(NO_CLAIMS))
    else:
        lines.append(
            t(
                CLAIM_TIMES,
                {
                    "median": _duration(found.claim_median_seconds, t),
                    "p90": _duration(found.claim_p90_seconds, t),
                },
            )
        )
    if found.first_message_median_seconds is None:
        lines.append(t(NO_FIRST_MESSAGES))
    else:
        median = _duration(found.first_message_median_seconds, t)
        lines.append(t(FIRST_MESSAGE_TIME, {"median": median}))
    if found.deadlines_met or found.deadlines_missed:
        lines.append(t(DEADLINES, {"met": found.deadlines_met, "missed": found.deadlines_missed}))
    lines.append(t(UNCLAIMED_NOW, {"count": found.unclaimed_now}))
    lines.append(t(ACTIVE_LAWYERS, {"count": found.active_lawyers}))
    if found.taken_by_lawyer:
        lines += ["", t(BY_LAWYER)]
        for week in sorted({row.week_start for row in found.taken_by_lawyer}):
            taken = ", ".join(
                f"{html.escape(names.get(row.lawyer_id, '—'), quote=False)} {row.taken}"
                for row in found.taken_by_lawyer
                if row.week_start == week
            )
            lines.append("• " + t(WEEK_LINE, {"week": week}, markup={"counts": taken}))
    return "\n".join(lines)


def _urgency(key: str | None, t: Translator) -> str:
    level = next((level for level in Level if level.key == key), None)
    return t(LEVEL_TEXTS[level].title) if level is not None else t(NOT_ASSESSED)


def _duration(seconds: float, t: Translator) -> str:
    return format_timedelta(
        timedelta(seconds=round(seconds)), threshold=2, format="long", locale=t.babel_locale
    )
