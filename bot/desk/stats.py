"""Aggregate figures for coordinators (``/stats``) and operators (``boshpana stats``).

Only counts and durations, from :func:`store.stats.figures`: never a case number, a
name or a date finer than the week.
"""

from __future__ import annotations

from datetime import date, timedelta

from babel.dates import format_timedelta

from bot.core.i18n import Translator
from bot.core.services import Services
from flows.model import Level
from flows.risk import LEVEL_TEXTS
from flows.text import N_
from store.stats import Figures, figures

DEFAULT_WEEKS = 8

TITLE = N_("Figures for the last {weeks} weeks (since {since})")
BY_WEEK = N_("New cases by week and urgency:")
WEEK_LINE = N_("Week of {week}: {counts}")
NO_CASES = N_("No new cases in this period.")
NOT_ASSESSED = N_("not assessed")
# TRANSLATORS: {median} and {p90} are durations such as "4 min".
CLAIM_TIMES = N_("From escalation to a lawyer taking the case: median {median}, 90% within {p90}")
NO_CLAIMS = N_("No case was taken by a lawyer in this period.")
UNCLAIMED_NOW = N_("Cases waiting for a lawyer now: {count}")
ACTIVE_LAWYERS = N_("Lawyers on duty and reachable now: {count}")


def since_for(today: date, weeks: int) -> date:
    """The Monday ``weeks`` weeks back, so that every week shown is whole."""
    monday = today - timedelta(days=today.weekday())
    return monday - timedelta(weeks=weeks - 1)


async def current(services: Services, weeks: int = DEFAULT_WEEKS) -> tuple[Figures, date]:
    """The figures for the last ``weeks`` weeks (this one included) and their first day."""
    since = since_for(services.today(), weeks)
    async with services.db.transaction() as tx:
        return await figures(tx, since), since


def render(found: Figures, since: date, weeks: int, t: Translator) -> str:
    """The figures as Telegram HTML in the translator's language."""
    lines = [f"<b>{t(TITLE, {'weeks': weeks, 'since': since})}</b>", ""]
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
    lines.append(t(UNCLAIMED_NOW, {"count": found.unclaimed_now}))
    lines.append(t(ACTIVE_LAWYERS, {"count": found.active_lawyers}))
    return "\n".join(lines)


def _urgency(key: str | None, t: Translator) -> str:
    level = next((level for level in Level if level.key == key), None)
    return t(LEVEL_TEXTS[level].title) if level is not None else t(NOT_ASSESSED)


def _duration(seconds: float, t: Translator) -> str:
    return format_timedelta(
        timedelta(seconds=round(seconds)), threshold=2, format="short", locale=t.babel_locale
    )
