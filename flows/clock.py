"""Which day "today" is for a person somewhere in Russia, whatever the server's clock zone.

Russia spans eleven time zones, from Kaliningrad (UTC+2) to Kamchatka and Chukotka (UTC+12),
so at most moments two dates are "today" somewhere in it. A person who taps "today" or
"yesterday" means their own day, which the bot does not know. Reading it as the earliest
date that is today anywhere in Russia never starts an appeal period late, so it never gives
a last day later than the law allows: at worst one day early, and the person is told to act
today anyway. The caller passes the moment (``Context.today``); nothing here reads a clock.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

RUSSIAN_TIME_ZONES = (
    "Europe/Kaliningrad",
    "Europe/Moscow",
    "Europe/Samara",
    "Asia/Yekaterinburg",
    "Asia/Omsk",
    "Asia/Krasnoyarsk",
    "Asia/Irkutsk",
    "Asia/Yakutsk",
    "Asia/Vladivostok",
    "Asia/Magadan",
    "Asia/Kamchatka",
)
"""One IANA zone for each of Russia's eleven time zones, west to east."""
_ZONES = tuple(ZoneInfo(zone) for zone in RUSSIAN_TIME_ZONES)


def dates_in_russia(now: datetime) -> tuple[date, ...]:
    """Every date that is today somewhere in Russia at the aware moment ``now``, earliest first."""
    if now.tzinfo is None:
        raise ValueError("the moment must carry its time zone")
    return tuple(sorted({now.astimezone(zone).date() for zone in _ZONES}))


def earliest_today(now: datetime) -> date:
    """The earliest date that is today somewhere in Russia at the moment ``now``."""
    return dates_in_russia(now)[0]
