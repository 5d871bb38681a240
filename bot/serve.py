"""Serving Telegram by long polling until SIGINT or SIGTERM, then stopping cleanly."""

from __future__ import annotations

import asyncio
import logging
import signal

from telegram import Update

from bot.app import build_application
from bot.config import Settings
from bot.runtime import services

log = logging.getLogger(__name__)


async def serve(settings: Settings, token: str) -> None:
    """Run the bot until a stop signal; updates in flight are finished before exit."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with services(settings, print) as shared:
        application = build_application(shared, token)
        async with application:
            await application.start()
            assert application.updater is not None
            await application.updater.start_polling(allowed_updates=Update.ALL_TYPES)
            log.info("serving by long polling; stop with Ctrl+C or SIGTERM")
            await stop.wait()
            log.info("stopping: finishing the updates in flight")
            await application.updater.stop()
            await application.stop()
