"""Serving Telegram by long polling or webhook until SIGINT or SIGTERM, then stopping cleanly."""

from __future__ import annotations

import asyncio
import logging
import signal

from telegram import Update

from bot.core.config import Settings
from bot.serving.app import build_application
from bot.serving.runtime import services
from bot.serving.webhook import WebhookServer, webhook_secret, webhook_url

log = logging.getLogger(__name__)


async def serve(settings: Settings, token: str, *, webhook: bool = False) -> None:
    """Run the bot until a stop signal; updates in flight are finished before exit."""
    if webhook:
        await serve_webhook(settings, token)
        return
    stop = _stop_signal()
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


async def serve_webhook(settings: Settings, token: str) -> None:
    """Serve Telegram's webhook (and ``/healthz``) until a stop signal, then stop cleanly.

    The web server stops accepting first and waits for the requests in flight (each is
    answered only once its update was processed); then the Application stops, letting
    the outbox worker finish its sweep. The webhook stays set: other instances behind the
    same URL keep serving, and Telegram keeps updates for a restarted one.
    """
    secret, url = webhook_secret(settings), webhook_url(settings)
    stop = _stop_signal()
    async with services(settings, print) as shared:
        application = build_application(shared, token)
        async with application:
            await application.start()
            server = WebhookServer(application, shared, secret)
            await server.start(settings.listen, settings.port)
            await application.bot.set_webhook(
                url, secret_token=secret, allowed_updates=Update.ALL_TYPES
            )
            log.info("serving by webhook; stop with Ctrl+C or SIGTERM")
            await stop.wait()
            log.info("stopping: finishing the updates in flight")
            await server.stop()
            await application.stop()


def _stop_signal() -> asyncio.Event:
    """An event set by SIGINT or SIGTERM."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    return stop
