"""Showing and changing a lawyer's schedule by words, the same in the bot (``/schedule``)
and on the command line (``boshpana schedule``): ``add mon 20:00-08:00``, ``remove 2``,
``cover 2026-12-01 20:00 - 2026-12-02 08:00``, ``off 2026-12-24 - 2026-12-26``,
``zone Asia/Tashkent``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core.i18n import Translator
from bot.desk import duty_texts as dt
from bot.desk.roster import WEEK, gaps_text, moment, schedules_of, zone_of
from bot.desk.schedule import Slot, Span, gaps, parse_slots, parse_span
from store import StoredLawyer, Transaction
from store.schedules import StoredOverride, StoredSlot


class Edit(StrEnum):
    """What a schedule command did."""

    SHOWN = "shown"
    SAVED = "saved"
    NOTHING_TO_REMOVE = "nothing_to_remove"
    BAD_ZONE = "bad_zone"
    USAGE = "usage"


@dataclass(frozen=True)
class Entries:
    """A lawyer's slots and current overrides, numbered in this order from 1."""

    slots: list[StoredSlot]
    overrides: list[StoredOverride]


async def entries(tx: Transaction, lawyer: StoredLawyer, now: datetime) -> Entries:
    """The lawyer's slots and the overrides that have not ended yet."""
    return Entries(
        await tx.schedules.slots(lawyer.id),
        await tx.schedules.overrides(lawyer.id, ending_after=now),
    )


async def edit_schedule(
    tx: Transaction, lawyer: StoredLawyer, words: list[str], team_zone: ZoneInfo
) -> Edit:
    """Carry out ``words`` (see the module docstring) on ``lawyer``'s schedule."""
    if not words:
        return Edit.SHOWN
    verb, rest = words[0].lower(), " ".join(words[1:])
    match verb:
        case "add":
            slots = parse_slots(rest)
            if not slots:
                return Edit.USAGE
            for slot in slots:
                await tx.schedules.add_slot(
                    lawyer.id, slot.weekday, slot.start_minute, slot.minutes
                )
            return Edit.SAVED
        case "remove" if rest.isdigit():
            return await _remove(tx, lawyer, int(rest))
        case "cover" | "off":
            span = parse_span(rest, zone_of(lawyer, team_zone))
            if span is None:
                return Edit.USAGE
            await tx.schedules.add_override(lawyer.id, span.start, span.end, verb == "cover")
            return Edit.SAVED
        case "zone":
            try:
                ZoneInfo(rest)
            except (ZoneInfoNotFoundError, ValueError):
                return Edit.BAD_ZONE
            await tx.lawyers.set_time_zone(lawyer.id, rest)
            return Edit.SAVED
    return Edit.USAGE


async def _remove(tx: Transaction, lawyer: StoredLawyer, number: int) -> Edit:
    found = await entries(tx, lawyer, tx.now())
    if 1 <= number <= len(found.slots):
        removed = await tx.schedules.remove_slot(lawyer.id, found.slots[number - 1].id)
    elif 1 <= number - len(found.slots) <= len(found.overrides):
        override = found.overrides[number - len(found.slots) - 1]
        removed = await tx.schedules.remove_override(lawyer.id, override.id)
    else:
        removed = False
    return Edit.SAVED if removed else Edit.NOTHING_TO_REMOVE


async def schedule_text(
    tx: Transaction, lawyer: StoredLawyer, t: Translator, team_zone: ZoneInfo
) -> str:
    """The lawyer's numbered slots and changes, and the gaps in the team's cover."""
    now = tx.now()
    zone = zone_of(lawyer, team_zone)
    found = await entries(tx, lawyer, now)
    params = {"name": lawyer.name, "zone": str(zone)}
    lines = [t(dt.SCHEDULE_HEAD if found.slots or found.overrides else dt.SCHEDULE_NONE, params)]
    lines += [
        f"{n}. {Slot(s.weekday, s.start_minute, s.minutes).label()}"
        for n, s in enumerate(found.slots, 1)
    ]
    if found.overrides:
        lines += ["", t(dt.OVERRIDES_HEAD)]
    for n, override in enumerate(found.overrides, len(found.slots) + 1):
        span = f"{moment(override.starts_at, zone, t)} – {moment(override.ends_at, zone, t)}"
        text = dt.OVERRIDE_ON if override.on_duty else dt.OVERRIDE_OFF
        lines.append(t(text, {"number": n, "span": span}))
    team = [member for member in await tx.lawyers.all() if member.reachable]
    schedules = await schedules_of(tx, team, team_zone, now)
    uncovered = gaps(schedules.values(), Span(now, now + WEEK))
    lines += ["", gaps_text(uncovered, t, team_zone) if uncovered else t(dt.GAPS_NONE)]
    return "\n".join(lines)
