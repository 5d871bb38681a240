"""Shared set-up for the store tests."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from store import CaseSummary, Database

LAWYER_TELEGRAM_BASE = 1000


def now() -> datetime:
    """The current time (UTC)."""
    return datetime.now(UTC)


def later(seconds: float) -> datetime:
    """A time ``seconds`` from now."""
    return now() + timedelta(seconds=seconds)


async def add_lawyers(db: Database, count: int) -> list[int]:
    """Register ``count`` lawyers (Telegram ids 1001, 1002, …); return their ids."""
    async with db.transaction() as tx:
        return [
            (await tx.lawyers.add(LAWYER_TELEGRAM_BASE + n, f"Lawyer {n}", "ru", False)).id
            for n in range(1, count + 1)
        ]


def summary(answers: dict[str, str] | None = None, level: str | None = None) -> CaseSummary:
    """A case summary with these answers (none by default)."""
    return CaseSummary(level, answers or {})


def together(db: Database, parties: int) -> Callable[[], Awaitable[object]]:
    """What ``parties`` open transactions await so their statements overlap.

    On PostgreSQL a barrier: they run at the same moment. SQLite gives units of work
    turns (see :class:`store.Database`), so there nothing waits for the others.
    """
    if db.engine.dialect.name == "sqlite":
        return _alone
    return asyncio.Barrier(parties).wait


async def _alone() -> None:
    return None
