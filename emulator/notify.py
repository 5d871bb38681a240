"""A broadcast wake-up for coroutines waiting for "something changed"."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any


class Notifier:
    """Every :meth:`wait` in progress returns at the next :meth:`notify`."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        """Wake all current waiters."""
        event, self._event = self._event, asyncio.Event()
        event.set()

    def wait(self) -> Coroutine[Any, Any, object]:
        """Wait for the next :meth:`notify` after this call.

        The event is taken now, not when the coroutine first runs: a waiter wrapped in a
        task (``asyncio.wait``, ``wait_for``) starts only on a later turn of the loop, and a
        notify in between would otherwise be missed (the webhook then kept an update
        pending until something else changed).
        """
        return self._event.wait()
