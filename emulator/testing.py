"""Pytest helpers for tests that run a bot against the emulator."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from emulator.server import BotApiEmulator


@asynccontextmanager
async def running_emulator(**options: Any) -> AsyncIterator[BotApiEmulator]:
    """A started :class:`BotApiEmulator`; on a clean exit, fail if any violation was seen.

    ``options`` are passed to :class:`BotApiEmulator`.
    """
    emulator = BotApiEmulator(**options)
    await emulator.start()
    try:
        yield emulator
    finally:
        await emulator.stop()
    if emulator.violations:
        listed = "\n".join(f"  - {v}" for v in emulator.violations)
        raise AssertionError(f"the bot broke Bot API rules:\n{listed}")
