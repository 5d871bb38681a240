"""Changes to try on the bot process without editing ``bot/`` or ``store/``.

Each is applied in the bot's process before it starts (``--experiment NAME``), so a run
shows what a proposed change would buy. None is used unless asked for.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from telegram.ext import ApplicationBuilder


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
        "sniffio": sniffio_shim,
    }
    if name not in known:
        raise ValueError(f"unknown experiment {name!r}; known: {[*known, 'pool=N']}")
    return known[name]
