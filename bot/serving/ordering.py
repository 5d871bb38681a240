"""One person's updates in order, different people's at the same time: a lock per person;
and a limited number worked on at once, urgent ones first (:class:`WorkSlots`)."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class KeyedLocks:
    """One lock per key, taken in the order asked for, dropped once nobody holds or waits."""

    def __init__(self) -> None:
        """No key is held."""
        self._locks: dict[str, asyncio.Lock] = {}
        self._users: dict[str, int] = {}

    def __len__(self) -> int:
        """How many keys are held or waited for (memory does not grow with past users)."""
        return len(self._locks)

    @asynccontextmanager
    async def hold(self, key: str | None) -> AsyncIterator[None]:
        """Hold ``key``'s lock (nothing for ``None``) after those who asked for it before."""
        if key is None:
            yield
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._users[key] = self._users.get(key, 0) + 1
        try:
            async with lock:
                yield
        finally:
            self._users[key] -= 1
            if not self._users[key]:
                del self._users[key]
                del self._locks[key]


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
