"""Duty schedules: slots in the lawyer's zone, overrides, and the gaps nobody covers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.desk.schedule import (
    Override,
    Schedule,
    Slot,
    Span,
    gaps,
    parse_slots,
    parse_span,
)

MOSCOW = ZoneInfo("Europe/Moscow")
TASHKENT = ZoneInfo("Asia/Tashkent")
BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2026, 11, 30, tzinfo=UTC)  # a Monday


def utc(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def test_slots_are_written_as_lawyers_say_them() -> None:
    assert parse_slots("mon 20:00-08:00") == [Slot(0, 20 * 60, 12 * 60)]
    assert parse_slots("Fri-Mon 9:00-18:00") == [Slot(d, 9 * 60, 9 * 60) for d in (4, 5, 6, 0)]
    assert len(parse_slots("daily 08:00-08:00") or []) == 7
    assert (parse_slots("daily 08:00-08:00") or [])[0].minutes == 24 * 60
    for wrong in ("monday 20:00-08:00", "mon 25:00-08:00", "mon 20:00", "mon-xyz 1:00-2:00"):
        assert parse_slots(wrong) is None, wrong
    assert Slot(0, 20 * 60, 12 * 60).label() == "mon 20:00-08:00"


def test_a_night_slot_runs_past_midnight_in_the_lawyers_zone() -> None:
    night = Schedule(MOSCOW, (Slot(0, 20 * 60, 12 * 60),))  # Monday 20:00-08:00 Moscow
    assert not night.on_duty_at(utc(30, 16, 59))  # 19:59 in Moscow
    assert night.on_duty_at(utc(30, 17, 0))
    assert night.on_duty_at(utc(1, 4, 59, month=12))  # Tuesday 07:59 in Moscow
    assert not night.on_duty_at(utc(1, 5, 0, month=12))
    assert night.shift_end(utc(30, 20)) == utc(1, 5, month=12)
    assert night.shift_end(utc(30, 12)) is None


def test_a_slot_keeps_its_local_hours_across_daylight_saving() -> None:
    sunday = Schedule(BERLIN, (Slot(6, 9 * 60, 60),))  # Sundays 09:00-10:00 in Berlin
    assert sunday.on_duty_at(datetime(2026, 3, 22, 8, 30, tzinfo=UTC))  # winter: UTC+1
    assert sunday.on_duty_at(datetime(2026, 3, 29, 7, 30, tzinfo=UTC))  # summer: UTC+2


def test_overrides_cover_a_night_or_take_a_holiday() -> None:
    zone = TASHKENT
    day_shift = (Slot(0, 9 * 60, 9 * 60),)
    extra = parse_span("2026-12-01 20:00 - 2026-12-02 08:00", zone)
    holiday = parse_span("2026-11-30 - 2026-11-30", zone)
    assert extra is not None and holiday is not None
    schedule = Schedule(zone, day_shift, (Override(extra, True), Override(holiday, False)))
    assert not schedule.on_duty_at(utc(30, 6)), "Monday off: a holiday"
    assert schedule.on_duty_at(utc(1, 16, month=12)), "Tuesday 21:00 in Tashkent: covering"
    assert parse_span("2026-12-02 - 2026-12-01", zone) is None
    assert parse_span("tomorrow", zone) is None


def test_gaps_are_the_hours_nobody_covers() -> None:
    days = Schedule(MOSCOW, tuple(Slot(d, 8 * 60, 12 * 60) for d in range(7)))
    nights = Schedule(MOSCOW, tuple(Slot(d, 20 * 60, 12 * 60) for d in range(5)))
    week = Span(MONDAY, MONDAY + timedelta(days=7))
    found = gaps([days, nights], week)
    # Nights are covered Monday to Friday: Saturday's and Sunday's are not, nor the early
    # hours of this Monday (Sunday's night). Moscow is UTC+3.
    assert found == [
        Span(MONDAY, utc(30, 5)),
        Span(utc(5, 17, month=12), utc(6, 5, month=12)),
        Span(utc(6, 17, month=12), MONDAY + timedelta(days=7)),
    ]
    assert gaps([Schedule(MOSCOW)], week) == [week]
    assert not Schedule(MOSCOW).exists


def test_the_last_change_is_the_same_for_everyone_who_asks() -> None:
    night = Schedule(MOSCOW, (Slot(0, 20 * 60, 12 * 60),))
    assert night.changed_at(utc(30, 18)) == utc(30, 17), "on since 20:00 Moscow"
    assert night.changed_at(utc(1, 9, month=12)) == utc(1, 5, month=12), "off since 08:00"
