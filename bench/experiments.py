"""Changes to try on the bot process without editing ``bot/`` or ``store/``.

Each is applied in the bot's process before it starts (``--experiment NAME``), so a run
shows what a proposed change would buy. None is used unless asked for.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from typing import Any

from telegram.ext import AIORateLimiter, ApplicationBuilder


def no_overall_limit() -> None:
    """AIORateLimiter without its 30 requests/s overall limit (Telegram's 429s still retried)."""
    import bot.serving.app

    def factory(max_retries: int) -> AIORateLimiter:
        return AIORateLimiter(overall_max_rate=0, max_retries=max_retries)

    vars(bot.serving.app)["AIORateLimiter"] = factory


def sqlite_lock() -> None:
    """On SQLite, units of work wait for each other on an asyncio lock in the process,
    instead of on SQLite's busy handler (which sleeps and retries in the driver thread)."""
    from store.database import Database

    original = Database.transaction
    lock = asyncio.Lock()

    @contextlib.asynccontextmanager
    async def transaction(self: Database) -> AsyncIterator[Any]:
        if self.engine.dialect.name != "sqlite":
            async with original(self) as tx:
                yield tx
            return
        async with lock, original(self) as tx:
            yield tx

    Database.transaction = transaction  # type: ignore[method-assign]


def pool(size: int) -> Callable[[], None]:
    """python-telegram-bot's HTTP connection pool of ``size`` (default 256)."""

    def apply() -> None:
        original = ApplicationBuilder.build

        def build(self: ApplicationBuilder) -> Any:  # type: ignore[type-arg]
            with contextlib.suppress(RuntimeError):
                self.connection_pool_size(size)
            return original(self)

        ApplicationBuilder.build = build  # type: ignore[method-assign]

    return apply


def sniffio_shim() -> None:
    """What installing ``sniffio`` gives: httpcore asks it for the async library on every
    request, and when it is missing re-tries the import (a search of ``sys.path``) each time."""
    import importlib.util
    import sys
    import types

    if "sniffio" not in sys.modules and importlib.util.find_spec("sniffio") is None:
        shim = types.ModuleType("sniffio")
        vars(shim)["current_async_library"] = lambda: "asyncio"
        sys.modules["sniffio"] = shim


def by_name(name: str) -> Callable[[], None]:
    """The experiment called ``name`` (``pool=N`` takes a size)."""
    if name.startswith("pool="):
        return pool(int(name.removeprefix("pool=")))
    known = {
        "no-overall-limit": no_overall_limit,
        "sqlite-lock": sqlite_lock,
        "sniffio": sniffio_shim,
    }
    if name not in known:
        raise ValueError(f"unknown experiment {name!r}; known: {[*known, 'pool=N']}")
    return known[name]
