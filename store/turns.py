"""Taking turns: :class:`WorkSlots`, a number of places with urgent work first, and
:class:`Turns`, the database's places for units of work (SQLite's one writer at a time,
PostgreSQL's pooled connections), first come first served, with storing arriving updates
ahead."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any


class NestedTransactionError(RuntimeError):
    """A unit of work opened another while its own was open (it could wait forever for a place)."""


class WorkSlots:
    """``limit`` places to work at once; urgent work first, with ``reserved`` places of its own.

    Ordinary work takes at most ``limit - reserved`` places, so urgent work (a lawyer, a
    consent, a message for a lawyer) finds a place even while ordinary work fills the
    rest; when a place comes free it goes to the urgent waiters first, each class in the
    order it asked.
    """

    def __init__(self, limit: int, reserved: int) -> None:
        """``limit`` places, ``reserved`` of them for urgent work only."""
        if not 0 <= reserved < limit:
            raise ValueError("reserved must be at least 0 and below limit")
        self.limit = limit
        self.reserved = reserved
        self._busy = 0
        self._ordinary_busy = 0
        self._waiting: dict[bool, deque[asyncio.Future[None]]] = {True: deque(), False: deque()}

    @asynccontextmanager
    async def hold(self, *, urgent: bool) -> AsyncIterator[None]:
        """Hold a place for the block (urgent work before ordinary work)."""
        if self._waiting[urgent] or not self._free(urgent):
            waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self._waiting[urgent].append(waiter)
            try:
                await waiter  # the place was taken for us by _hand_on
            except BaseException:
                if waiter.done() and not waiter.cancelled():
                    self._leave(urgent)  # a place was handed to us as we were cancelled
                elif waiter in self._waiting[urgent]:
                    self._waiting[urgent].remove(waiter)
                raise
        else:
            self._take(urgent)
        try:
            yield
        finally:
            self._leave(urgent)

    def _free(self, urgent: bool) -> bool:
        if self._busy >= self.limit:
            return False
        return urgent or self._ordinary_busy < self.limit - self.reserved

    def _take(self, urgent: bool) -> None:
        self._busy += 1
        self._ordinary_busy += not urgent

    def _leave(self, urgent: bool) -> None:
        self._busy -= 1
        self._ordinary_busy -= not urgent
        self._hand_on()

    def _hand_on(self) -> None:
        """Give free places to waiters: urgent ones first."""
        for urgent in (True, False):
            queue = self._waiting[urgent]
            while queue and self._free(urgent):
                waiter = queue.popleft()
                if not waiter.done():
                    self._take(urgent)
                    waiter.set_result(None)


class Turns:
    """``places`` units of work at a time; those marked ``ahead`` before the others, each in
    order."""

    def __init__(self, places: int = 1) -> None:
        """Nobody holds a turn."""
        self._places = WorkSlots(places, 0)
        self._holders: set[asyncio.Task[Any] | None] = set()
        """The tasks holding a turn."""

    @asynccontextmanager
    async def hold(self, *, ahead: bool = False) -> AsyncIterator[None]:
        """Hold a turn for the block, after those who asked before (``ahead``: before
        every waiter not ahead)."""
        task = asyncio.current_task()
        if task in self._holders:
            raise NestedTransactionError("a unit of work is already open in this task")
        async with self._places.hold(urgent=ahead):
            self._holders.add(task)
            try:
                yield
            finally:
                self._holders.discard(task)
