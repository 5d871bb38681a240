"""The bot's clock: the wall clock in production, a manual one in tests and the sandbox.

Everything time-based (ack timeouts, re-paging, outbox back-off and leases, retention,
flood windows, "today" for deadlines) reads this clock, and the database writes its
timestamps from it too, so moving a :class:`ManualClock` moves the whole bot at once.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Tells the time."""

    def now(self) -> datetime:
        """The current time, timezone-aware, in UTC."""
        ...

    def monotonic(self) -> float:
        """Seconds on a clock that never goes back (for measuring intervals)."""
        ...

    def on_advance(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` whenever the clock jumps forward (never, for the wall clock)."""
        ...


class SystemClock:
    """The wall clock."""

    def now(self) -> datetime:
        """The current time, in UTC."""
        return datetime.now(UTC)

    def monotonic(self) -> float:
        """:func:`time.monotonic`."""
        return time.monotonic()

    def on_advance(self, callback: Callable[[], None]) -> None:
        """The wall clock never jumps: nothing to call."""


class OffsetClock(SystemClock):
    """The wall clock set to another moment: it starts at ``start`` and runs on from there
    (a sandbox showing a fixed day to trainers)."""

    def __init__(self, start: datetime) -> None:
        """Start at ``start`` (timezone-aware)."""
        if start.tzinfo is None:
            raise ValueError("start must be timezone-aware")
        self._offset = start - datetime.now(UTC)

    def now(self) -> datetime:
        """The wall clock's time, moved."""
        return datetime.now(UTC) + self._offset


class ManualClock:
    """A clock that moves only when told to, and tells the bot when it did.

    Jobs waiting for a moment (a case's ack timeout, an outbox item's back-off) register
    with :meth:`on_advance` and look again at once when the clock jumps, so a test moves
    time instead of waiting for it.
    """

    def __init__(self, start: datetime) -> None:
        """Start at ``start`` (timezone-aware)."""
        if start.tzinfo is None:
            raise ValueError("start must be timezone-aware")
        self._now = start.astimezone(UTC)
        self._monotonic = 0.0
        self._listeners: list[Callable[[], None]] = []

    def now(self) -> datetime:
        """The time the clock was set to."""
        return self._now

    def monotonic(self) -> float:
        """Seconds the clock was advanced by, in all."""
        return self._monotonic

    def on_advance(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` after every :meth:`advance`."""
        self._listeners.append(callback)

    def advance(self, delta: timedelta) -> None:
        """Move the clock forward by ``delta`` and wake whoever waits on it."""
        if delta < timedelta(0):
            raise ValueError("a clock does not go back")
        self._now += delta
        self._monotonic += delta.total_seconds()
        for listener in list(self._listeners):
            listener()
