"""Duty schedules as time: weekly slots in each lawyer's zone, overrides, gaps in coverage.

Pure functions over aware datetimes (UTC in, UTC out). A slot is local ("Monday 20:00 for
12 hours" in the lawyer's zone), so a shift keeps its local hours across daylight-saving
changes. Overrides put a lawyer on (or off) duty for a date range, whatever the slots say.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""How slots name the days of the week (0 is Monday)."""
DAY = timedelta(days=1)
_SLOT = re.compile(
    r"^(?P<days>daily|[a-z]{3}(?:-[a-z]{3})?)\s+(?P<start>\d{1,2}:\d{2})-(?P<end>\d{1,2}:\d{2})$"
)
_MOMENT = re.compile(r"^(?P<day>\d{4}-\d{2}-\d{2})(?:\s+(?P<time>\d{1,2}:\d{2}))?$")


@dataclass(frozen=True, order=True)
class Span:
    """From ``start`` to ``end`` (aware datetimes)."""

    start: datetime
    end: datetime


@dataclass(frozen=True)
class Slot:
    """A weekly slot: ``weekday`` (0 is Monday) from ``start_minute``, ``minutes`` long."""

    weekday: int
    start_minute: int
    minutes: int

    def label(self) -> str:
        """How a lawyer writes it: ``mon 20:00-08:00``."""
        end = (self.start_minute + self.minutes) % (24 * 60)
        return f"{WEEKDAYS[self.weekday]} {_clock(self.start_minute)}-{_clock(end)}"


@dataclass(frozen=True)
class Override:
    """On (or off) duty during ``span``, whatever the weekly slots say."""

    span: Span
    on_duty: bool


@dataclass(frozen=True)
class Schedule:
    """One lawyer's weekly slots and overrides, in their zone."""

    zone: ZoneInfo
    slots: tuple[Slot, ...] = ()
    overrides: tuple[Override, ...] = ()

    @property
    def exists(self) -> bool:
        """Whether the lawyer has a schedule at all (else only /duty puts them on duty)."""
        return bool(self.slots or self.overrides)

    def spans(self, window: Span) -> list[Span]:
        """When the lawyer is on duty within ``window``."""
        on = [*self._slot_spans(window), *(o.span for o in self.overrides if o.on_duty)]
        off = [o.span for o in self.overrides if not o.on_duty]
        return clip(subtract(union(on), off), window)

    def on_duty_at(self, moment: datetime) -> bool:
        """Whether the schedule has the lawyer on duty at ``moment``."""
        return any(s.start <= moment < s.end for s in self.spans(Span(moment, moment + DAY)))

    def shift_end(self, moment: datetime) -> datetime | None:
        """When the shift running at ``moment`` ends (within a week), if one runs."""
        for span in self.spans(Span(moment, moment + 7 * DAY)):
            if span.start <= moment < span.end:
                return span.end
        return None

    def changed_at(self, moment: datetime) -> datetime:
        """When the schedule last turned the lawyer on or off duty, up to ``moment`` (at
        most a week back): the same for every process that asks, so a change is told once."""
        past = self.spans(Span(moment - 7 * DAY, moment + DAY))
        boundaries = [edge for span in past for edge in (span.start, span.end) if edge <= moment]
        return max(boundaries, default=moment - 7 * DAY)

    def _slot_spans(self, window: Span) -> Iterable[Span]:
        first = window.start.astimezone(self.zone).date() - DAY
        last = window.end.astimezone(self.zone).date()
        day = first
        while day <= last:
            for slot in self.slots:
                if slot.weekday == day.weekday():
                    start = _local(day, slot.start_minute, self.zone)
                    yield Span(start, start + timedelta(minutes=slot.minutes))
            day += DAY


def union(spans: Iterable[Span]) -> list[Span]:
    """The spans merged where they touch or overlap, in order."""
    merged: list[Span] = []
    for span in sorted(spans):
        if merged and span.start <= merged[-1].end:
            merged[-1] = Span(merged[-1].start, max(merged[-1].end, span.end))
        else:
            merged.append(span)
    return merged


def subtract(spans: list[Span], cuts: Iterable[Span]) -> list[Span]:
    """``spans`` without the times in ``cuts``."""
    left = spans
    for cut in cuts:
        left = [
            piece
            for span in left
            for piece in (
                Span(span.start, min(span.end, cut.start)),
                Span(max(span.start, cut.end), span.end),
            )
            if piece.start < piece.end
        ]
    return left


def clip(spans: Iterable[Span], window: Span) -> list[Span]:
    """The parts of ``spans`` inside ``window``."""
    clipped = (Span(max(s.start, window.start), min(s.end, window.end)) for s in spans)
    return [span for span in clipped if span.start < span.end]


def gaps(schedules: Iterable[Schedule], window: Span) -> list[Span]:
    """The times in ``window`` when nobody's schedule has them on duty."""
    covered = union(span for schedule in schedules for span in schedule.spans(window))
    return subtract([window], covered)


def parse_slots(text: str) -> list[Slot] | None:
    """``mon 20:00-08:00``, ``mon-fri 09:00-18:00`` or ``daily 08:00-20:00``; ``None`` if not."""
    found = _SLOT.match(text.strip().lower())
    if found is None:
        return None
    start, end = _minutes(found["start"]), _minutes(found["end"])
    days = _days(found["days"])
    if start is None or end is None or days is None:
        return None
    length = (end - start) % (24 * 60) or 24 * 60
    return [Slot(day, start, length) for day in days]


def parse_span(text: str, zone: ZoneInfo) -> Span | None:
    """``2026-12-01 20:00 - 2026-12-02 08:00``, or whole days ``2026-12-24 - 2026-12-26``."""
    parts = [part.strip() for part in text.split(" - ")]
    if len(parts) != 2:
        return None
    start, end = _moment(parts[0], zone, end=False), _moment(parts[1], zone, end=True)
    if start is None or end is None or end <= start:
        return None
    return Span(start, end)


def _days(text: str) -> list[int] | None:
    if text == "daily":
        return list(range(7))
    first, _, last = text.partition("-")
    if first not in WEEKDAYS or (last and last not in WEEKDAYS):
        return None
    start, stop = WEEKDAYS.index(first), WEEKDAYS.index(last or first)
    return [(start + n) % 7 for n in range((stop - start) % 7 + 1)]


def _moment(text: str, zone: ZoneInfo, *, end: bool) -> datetime | None:
    found = _MOMENT.match(text)
    if found is None:
        return None
    try:
        day = date.fromisoformat(found["day"])
    except ValueError:
        return None
    if found["time"] is None:  # a whole day: from its start, or to the end of it
        return _local(day + DAY if end else day, 0, zone)
    minute = _minutes(found["time"])
    return None if minute is None else _local(day, minute, zone)


def _minutes(text: str) -> int | None:
    hours, _, minutes = text.partition(":")
    if not (hours.isdigit() and minutes.isdigit()):
        return None
    h, m = int(hours), int(minutes)
    return h * 60 + m if h < 24 and m < 60 else None


def _local(day: date, minute: int, zone: ZoneInfo) -> datetime:
    local = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=zone)
    return local.astimezone(UTC)


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"
