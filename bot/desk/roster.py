"""Duty by schedule: lawyers go on and off duty as their slots say, with a handoff.

Run on every escalation tick. A lawyer's duty changes by schedule only when the schedule
itself changes its mind (a shift begins or ends), so ``/duty on|off`` in between is an
override that lasts until the next change. At each change the incoming lawyer gets the open
cases (urgency, holder, the next running day); the coordinators are told if nobody is left
on duty, and once a day, from 09:00, about the hours in the next 7 days nobody covers.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.cases.dates import soonest
from bot.cases.escalation import actor
from bot.core.i18n import Translator
from bot.core.services import Services
from bot.core.work import Work
from bot.desk import duty_texts as dt
from bot.desk.schedule import Override, Schedule, Slot, Span, gaps
from bot.outbox.kinds import LawyerNotice
from bot.outbox.payloads import LawyerNoticePayload, Prepared
from flows.model import Level
from flows.risk import LEVEL_TEXTS
from flows.text import Reader
from store import StoredCase, StoredLawyer, Transaction

WEEK = timedelta(days=7)
REPORT_AT = time(9)
"""From when, in the team's time zone, the daily report of gaps in cover goes out."""


class Roster:
    """Turns duty on and off by schedule and tells the team what it needs to know."""

    def __init__(self, services: Services) -> None:
        """Work with ``services``' settings, clock and catalogs."""
        self.services = services

    @property
    def team_zone(self) -> ZoneInfo:
        """The team's time zone (``BOSHPANA_TIMEZONE``)."""
        return ZoneInfo(self.services.settings.timezone)

    async def run(self, work: Work) -> int:
        """Apply every schedule now; returns how many lawyers' duty changed."""
        tx = work.tx
        now = tx.now()
        team = await tx.lawyers.all()
        schedules = await schedules_of(tx, team, self.team_zone, now)
        on_before = [lawyer for lawyer in team if lawyer.on_duty and lawyer.reachable]
        changed = 0
        for lawyer in team:
            schedule = schedules[lawyer.id]
            on = schedule.on_duty_at(now) if schedule.exists else None
            if on is lawyer.scheduled or (on is None and lawyer.scheduled is None):
                continue
            await tx.lawyers.set_scheduled(lawyer.id, on, lawyer.on_duty if on is None else on)
            if on is None:
                continue  # the schedule was removed: duty stays as it was
            changed += 1
            await tx.audit.record(actor(lawyer), "duty_on" if on else "duty_off", None, "schedule")
            shift = f"shift:{lawyer.id}:{schedule.changed_at(now).isoformat()}"
            if lawyer.reachable and await tx.once.claim(shift):
                await self._tell_shift(work, lawyer, schedule, on, team)
        if changed and on_before:
            everyone = await tx.lawyers.all()
            if not [lawyer for lawyer in everyone if lawyer.on_duty and lawyer.reachable]:
                await warn_nobody_on_duty(work, everyone)
        await self._report_gaps(work, team, schedules, now)
        return changed

    def translator(self, lawyer: StoredLawyer) -> Translator:
        """The lawyer's own language."""
        return self.services.catalogs.translator(lawyer.locale, Reader.OTHER)

    async def _tell_shift(
        self,
        work: Work,
        lawyer: StoredLawyer,
        schedule: Schedule,
        on: bool,
        team: list[StoredLawyer],
    ) -> None:
        t = self.translator(lawyer)
        if not on:
            await work.queue.put(lawyer.telegram_id, Prepared(t(dt.SHIFT_ENDS)))
            return
        now = work.tx.now()
        end = schedule.shift_end(now)
        until = moment(end, schedule.zone, t) if end else "—"
        names = {member.id: member.name for member in team}
        cases = await work.tx.cases.waiting() + await claimed_cases(work.tx, team)
        if not cases:
            await work.queue.put(
                lawyer.telegram_id, Prepared(t(dt.SHIFT_STARTS_EMPTY, {"end": until}))
            )
            return
        lines = [t(dt.SHIFT_STARTS, {"end": until})]
        facts = await work.tx.facts.for_cases([case.id for case in cases])
        lines += [
            f"• {case_line(case, names, t, schedule.zone, now, facts.get(case.id))}"
            for case in cases
        ]
        await work.queue.put(lawyer.telegram_id, Prepared("\n".join(lines)))

    async def _report_gaps(
        self,
        work: Work,
        team: list[StoredLawyer],
        schedules: dict[int, Schedule],
        now: datetime,
    ) -> None:
        local = now.astimezone(self.team_zone)
        if local.time() < REPORT_AT or not any(s.exists for s in schedules.values()):
            return
        reachable = [schedules[lawyer.id] for lawyer in team if lawyer.reachable]
        uncovered = gaps(reachable, Span(now, now + WEEK))
        if not uncovered or not await work.tx.once.claim(f"gaps:{local.date().isoformat()}"):
            return
        for coordinator in team:
            if coordinator.coordinator and coordinator.reachable:
                t = self.translator(coordinator)
                text = gaps_text(uncovered, t, self.team_zone)
                await work.queue.put(coordinator.telegram_id, Prepared(text))


async def schedules_of(
    tx: Transaction, team: Iterable[StoredLawyer], team_zone: ZoneInfo, now: datetime
) -> dict[int, Schedule]:
    """Each lawyer's schedule (overrides that have not ended yet)."""
    slots = await tx.schedules.slots()
    overrides = await tx.schedules.overrides(ending_after=now)
    return {
        lawyer.id: Schedule(
            zone_of(lawyer, team_zone),
            tuple(
                Slot(s.weekday, s.start_minute, s.minutes)
                for s in slots
                if s.lawyer_id == lawyer.id
            ),
            tuple(
                Override(Span(o.starts_at, o.ends_at), o.on_duty)
                for o in overrides
                if o.lawyer_id == lawyer.id
            ),
        )
        for lawyer in team
    }


def zone_of(lawyer: StoredLawyer, team_zone: ZoneInfo) -> ZoneInfo:
    """The lawyer's own time zone, else the team's."""
    return ZoneInfo(lawyer.time_zone) if lawyer.time_zone else team_zone


async def claimed_cases(tx: Transaction, team: Iterable[StoredLawyer]) -> list[StoredCase]:
    """Every case a lawyer of the team holds now."""
    return [case for lawyer in team for case in await tx.cases.for_lawyer(lawyer.id)]


async def warn_nobody_on_duty(
    work: Work, everyone: list[StoredLawyer], but: StoredLawyer | None = None
) -> None:
    """Tell the coordinators (except ``but``) that nobody is on duty any more."""
    for coordinator in everyone:
        if (
            coordinator.coordinator
            and coordinator.reachable
            and coordinator.id != (but.id if but else None)
        ):
            await work.queue.put(
                coordinator.telegram_id,
                LawyerNoticePayload(LawyerNotice.NOBODY_ON_DUTY, coordinator.id),
            )


def case_line(
    case: StoredCase,
    names: dict[int, str],
    t: Translator,
    zone: ZoneInfo,
    now: datetime,
    facts: Mapping[str, str] | None = None,
) -> str:
    """One line about an open case: level, number, holder, the next running day (counting
    the days its holder recorded, ``facts``)."""
    level = next((lv for lv in Level if lv.key == case.summary.level), None)
    title = t(LEVEL_TEXTS[level].title) if level else "⚪"
    holder = names.get(case.lawyer_id) if case.lawyer_id else None
    parts = [title, case.number, t(dt.WITH, {"name": holder}) if holder else t(dt.WAITING)]
    upcoming = soonest(case.summary, now.astimezone(zone).date(), facts)
    if upcoming is not None:
        parts.append(f"{t.day_label(upcoming.day)}: {html.escape(t.raw(upcoming.law))}")
    return " · ".join(parts)


def gaps_text(uncovered: list[Span], t: Translator, zone: ZoneInfo) -> str:
    """The hours nobody covers, as a coordinator reads them."""
    lines = [t(dt.GAPS_HEAD)]
    lines += [f"• {moment(s.start, zone, t)} – {moment(s.end, zone, t)}" for s in uncovered]
    return "\n".join(lines)


def moment(at: datetime, zone: ZoneInfo, t: Translator) -> str:
    """A moment as the reader's locale writes it, in ``zone``: ``Tue 1 Dec, 20:00``."""
    return t.moment(at.astimezone(zone), "EEE d MMM, HH:mm")
