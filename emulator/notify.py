"""A broadcast wake-up for coroutines waiting for "something changed"."""

from __future__ import annotations

import asyncio


class Notifier:
    """Every :meth:`wait` in progress returns at the next :meth:`notify`."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        """Wake all current waiters."""
        event, self._event = self._event, asyncio.Event()
        event.set()

    async def wait(self) -> None:
        """Wait for the next :meth:`notify`."""
        await self._event.wait()
