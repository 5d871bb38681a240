"""Units of work taking turns on SQLite (one writer at a time), first come first served,
with a queue ahead for what must not wait (storing arriving updates)."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class NestedTransactionError(RuntimeError):
    """A unit of work opened another while its own was open (on SQLite it would wait forever)."""


class Turns:
    """One holder at a time; waiters marked ``ahead`` go first, each queue in order."""

    def __init__(self) -> None:
        """Nobody holds a turn."""
        self._busy = False
        self._holder: asyncio.Task[object] | None = None
        self._waiting: dict[bool, deque[asyncio.Future[None]]] = {True: deque(), False: deque()}

    @asynccontextmanager
    async def hold(self, *, ahead: bool = False) -> AsyncIterator[None]:
        """Hold the turn for the block, after those who asked before (``ahead``: before
        every waiter not ahead)."""
        task = asyncio.current_task()
        if self._holder is not None and self._holder is task:
            raise NestedTransactionError("a unit of work is already open in this task")
        if self._busy:
            waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self._waiting[ahead].append(waiter)
            try:
                await waiter  # the turn was handed to us by _hand_on
            except BaseException:
                if waiter.done() and not waiter.cancelled():
                    self._hand_on()  # handed to us as we were cancelled: pass it on
                elif waiter in self._waiting[ahead]:
                    self._waiting[ahead].remove(waiter)
                raise
        else:
            self._busy = True
        self._holder = task
        try:
            yield
        finally:
            self._holder = None
            self._hand_on()

    def _hand_on(self) -> None:
        """Give the turn to the next waiter (those ahead first), or free it."""
        for ahead in (True, False):
            queue = self._waiting[ahead]
            while queue:
                waiter = queue.popleft()
                if not waiter.done():
                    waiter.set_result(None)
                    return
        self._busy = False
