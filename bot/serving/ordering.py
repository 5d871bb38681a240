"""One person's updates in order, different people's at the same time: a lock per person.

How many are worked on at once, urgent ones first, is :class:`store.turns.WorkSlots`."""

from __future__ import annotations

import asyncio
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
