"""Reminders of a case's running days, and nudges about quiet cases; each goes out once.

- **Days** (an appeal's last day, a removal day the client gave): at 09:00 three days
  before, 09:00 the day before and 08:00 on the day, in the holder's time zone (the team's
  while nobody holds the case), to the holder and the coordinators: the date, what it is,
  and what is still unknown. A case that comes in late gets only the latest one due.
- **Nudges**: a case taken :data:`FIRST_MESSAGE` ago whose lawyer has not written to the
  client yet nudges the holder, and after :data:`FIRST_MESSAGE_TEAM` the coordinators; an
  urgent case with nothing in its timeline for :data:`QUIET` nudges the holder, and after
  :data:`QUIET_TEAM` the coordinators.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_time

from bot.cases import timeline
from bot.cases.dates import REMOVAL, CaseDate, case_dates
from bot.core.i18n import Translator
from bot.core.work import Work
from bot.desk import duty_texts as dt
from bot.desk.roster import Roster, claimed_cases, zone_of
from bot.outbox.payloads import Prepared
from flows.interview import QUESTIONS_BY_ID
from flows.model import DONT_KNOW
from flows.text import Text
from store import StoredCase, StoredLawyer
from store.models import Urgency

FIRST_MESSAGE = timedelta(minutes=30)
FIRST_MESSAGE_TEAM = timedelta(minutes=60)
QUIET = timedelta(hours=24)
QUIET_TEAM = timedelta(hours=26)


@dataclass(frozen=True)
class DayReminder:
    """A reminder ``days_before`` a running day, at ``at`` local time."""

    tag: str
    days_before: int
    at: time
    text: Text


@dataclass(frozen=True)
class Nudge:
    """A nudge to the holder after ``after`` of silence, to the coordinators after
    ``team_after``."""

    name: str
    after: timedelta
    to_holder: Text
    team_after: timedelta
    to_team: Text


FIRST_MESSAGE_NUDGE = Nudge(
    "first", FIRST_MESSAGE, dt.NUDGE_FIRST_MESSAGE, FIRST_MESSAGE_TEAM, dt.NUDGE_FIRST_MESSAGE_TEAM
)
QUIET_NUDGE = Nudge("quiet", QUIET, dt.NUDGE_QUIET, QUIET_TEAM, dt.NUDGE_QUIET_TEAM)

DAY_REMINDERS = (
    DayReminder("3d", 3, time(9), dt.DAY_IN_THREE),
    DayReminder("1d", 1, time(9), dt.DAY_TOMORROW),
    DayReminder("0d", 0, time(8), dt.DAY_TODAY),
)


class Reminders:
    """Sends what is due about every open case (see the module docstring)."""

    def __init__(self, roster: Roster) -> None:
        """Speak to each lawyer as ``roster`` does, in the team's zone when nobody holds it."""
        self.roster = roster

    async def run(self, work: Work) -> int:
        """Send every reminder and nudge due now; returns how many went out."""
        tx = work.tx
        now = tx.now()
        team = await tx.lawyers.all()
        coordinators = [lawyer for lawyer in team if lawyer.coordinator and lawyer.reachable]
        holders = {lawyer.id: lawyer for lawyer in team}
        sent = 0
        for case in await tx.cases.waiting() + await claimed_cases(tx, team):
            holder = holders.get(case.lawyer_id) if case.lawyer_id else None
            sent += await self._days(work, case, holder, coordinators, now)
            if holder is not None:
                sent += await self._nudges(work, case, holder, coordinators, now)
        return sent

    async def _days(
        self,
        work: Work,
        case: StoredCase,
        holder: StoredLawyer | None,
        coordinators: list[StoredLawyer],
        now: datetime,
    ) -> int:
        zone = zone_of(holder, self.roster.team_zone) if holder else self.roster.team_zone
        today = now.astimezone(zone).date()
        sent = 0
        for running in case_dates(case.summary, await work.tx.facts.of(case.id)):
            due = [r for r in DAY_REMINDERS if _local(running.day, r, zone) <= now]
            if running.day < today or not due:
                continue
            latest = due[-1]
            key = f"day:{case.id}:{running.kind}:{running.day.isoformat()}:{latest.tag}"
            if not await work.tx.once.claim(key, case.id):
                continue
            for lawyer in _recipients(holder, coordinators):
                t = self.roster.translator(lawyer)
                text = _day_text(case, running, latest, t, waiting=holder is None)
                await work.queue.put(lawyer.telegram_id, Prepared(text), case_id=case.id)
            sent += 1
        return sent

    async def _nudges(
        self,
        work: Work,
        case: StoredCase,
        holder: StoredLawyer,
        coordinators: list[StoredLawyer],
        now: datetime,
    ) -> int:
        tx, taken = work.tx, case.claimed_at
        if taken is None:
            return 0
        sent = 0
        written = await tx.events.latest(case.id, kinds=(timeline.LAWYER_MESSAGE,), since=taken)
        if written is None:
            sent += await self._nudge(work, case, holder, coordinators, FIRST_MESSAGE_NUDGE, taken)
        if case.urgency is Urgency.URGENT:
            last = max(taken, await tx.events.latest(case.id) or taken)
            sent += await self._nudge(work, case, holder, coordinators, QUIET_NUDGE, last)
        return sent

    async def _nudge(
        self,
        work: Work,
        case: StoredCase,
        holder: StoredLawyer,
        coordinators: list[StoredLawyer],
        nudge: Nudge,
        since: datetime,
    ) -> int:
        """``nudge`` the holder, then the coordinators, about a case quiet ``since``."""
        tx = work.tx
        idle, key = tx.now() - since, f"nudge:{case.id}:{nudge.name}:{since.isoformat()}"
        taken_at = case.claimed_at or since
        sent = 0
        if idle >= nudge.after and holder.reachable and await tx.once.claim(key, case.id):
            t = self.roster.translator(holder)
            params = {"number": case.number, "time": self._clock(taken_at, holder, t)}
            await work.queue.put(
                holder.telegram_id, Prepared(t(nudge.to_holder, params)), case_id=case.id
            )
            sent += 1
        if idle >= nudge.team_after and await tx.once.claim(f"{key}:team", case.id):
            for coordinator in coordinators:
                if coordinator.id != holder.id:
                    t = self.roster.translator(coordinator)
                    params = {
                        "number": case.number,
                        "name": holder.name,
                        "time": self._clock(taken_at, coordinator, t),
                    }
                    await work.queue.put(
                        coordinator.telegram_id,
                        Prepared(t(nudge.to_team, params)),
                        case_id=case.id,
                    )
            sent += 1
        return sent

    def _clock(self, at: datetime, reader: StoredLawyer, t: Translator) -> str:
        local = at.astimezone(zone_of(reader, self.roster.team_zone))
        return format_time(local, "HH:mm", locale=t.babel_locale)


def _recipients(
    holder: StoredLawyer | None, coordinators: list[StoredLawyer]
) -> list[StoredLawyer]:
    first = [holder] if holder is not None and holder.reachable else []
    return first + [c for c in coordinators if holder is None or c.id != holder.id]


def _day_text(
    case: StoredCase, running: CaseDate, reminder: DayReminder, t: Translator, *, waiting: bool
) -> str:
    law = html.escape(t.raw(running.law), quote=False)
    what = law if running.kind == REMOVAL else t(dt.APPEAL_DAY, markup={"law": law})
    lines = [t(reminder.text, {"number": case.number, "day": running.day}, markup={"what": what})]
    if waiting:
        lines.append(t(dt.NOBODY_HAS_IT))
    unknown = [
        t(QUESTIONS_BY_ID[question].text)
        for question, answer in case.summary.answers.items()
        if answer == DONT_KNOW and question in QUESTIONS_BY_ID
    ]
    if unknown:
        lines.append(t(dt.STILL_UNKNOWN, markup={"questions": "; ".join(unknown)}))
    return "\n".join(lines)


def _local(day: date, reminder: DayReminder, zone: ZoneInfo) -> datetime:
    moment = datetime.combine(day - timedelta(days=reminder.days_before), reminder.at, tzinfo=zone)
    return moment.astimezone(UTC)
