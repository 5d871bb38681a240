"""Serving Telegram by long polling or webhook until SIGINT or SIGTERM, then stopping cleanly.

:func:`running` is the one start-up path: ``boshpana run`` (polling or ``--webhook``), the
demo, the sandbox and the end-to-end tests all start the bot through it, so what they test
is what runs.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta

from telegram import Update
from telegram.ext import Application

from bot.core.clock import Clock
from bot.core.config import Settings
from bot.core.i18n import Catalogs
from bot.core.services import Services
from bot.serving.app import build_application, stopping
from bot.serving.intake import polling_error
from bot.serving.runtime import services
from bot.serving.webhook import WebhookServer, webhook_secret, webhook_url

log = logging.getLogger(__name__)

LONG_POLL = timedelta(seconds=10)
"""How long one ``getUpdates`` waits at Telegram's for something to arrive."""


@dataclass
class Running:
    """A started bot: its Application and services, and its webhook server if it has one."""

    application: Application  # type: ignore[type-arg]
    services: Services
    webhook: WebhookServer | None = None


@asynccontextmanager
async def running(
    settings: Settings,
    token: str,
    *,
    webhook: bool = False,
    say: Callable[[str], None] = print,
    catalogs: Catalogs | None = None,
    clock: Clock | None = None,
    poll_timeout: timedelta = LONG_POLL,
    register_webhook: bool = True,
) -> AsyncIterator[Running]:
    """Start the bot, serve until the block ends, then stop as on SIGTERM.

    Polling, or with ``webhook`` the webhook server on ``BOSHPANA_LISTEN:BOSHPANA_PORT``
    (registered with Telegram at ``BOSHPANA_WEBHOOK_URL`` unless ``register_webhook`` is
    off, e.g. behind a test's load balancer). Stopping first stops taking updates; those
    in flight finish, those not started stay in the inbox for the next start.
    """
    secret = webhook_secret(settings) if webhook else None
    async with services(settings, say, catalogs, clock) as shared:
        application = build_application(shared, token)
        async with application:
            if application.post_init is not None:
                await application.post_init(application)
            await application.start()
            server = None
            try:
                if secret is not None:
                    server = WebhookServer(application, shared, secret)
                    await server.start(settings.listen, settings.port)
                    if register_webhook:
                        await application.bot.set_webhook(
                            webhook_url(settings),
                            secret_token=secret,
                            allowed_updates=Update.ALL_TYPES,
                        )
                else:
                    assert application.updater is not None
                    await application.updater.start_polling(
                        poll_interval=0,
                        timeout=poll_timeout,
                        allowed_updates=Update.ALL_TYPES,
                        error_callback=polling_error,
                    )
                yield Running(application, shared, server)
            finally:
                log.info("stopping: finishing the updates in flight")
                stopping(application)
                if server is not None:
                    await server.stop()
                if application.updater is not None and application.updater.running:
                    await application.updater.stop()
                await application.stop()


async def serve(settings: Settings, token: str, *, webhook: bool = False) -> None:
    """Run the bot until a stop signal; updates in flight are finished before exit.

    With a webhook, the webhook stays set when stopping: other instances behind the same
    URL keep serving, and Telegram keeps updates for a restarted one.
    """
    stop = _stop_signal()
    async with running(settings, token, webhook=webhook):
        mode = "webhook" if webhook else "long polling"
        log.info("serving by %s; stop with Ctrl+C or SIGTERM", mode)
        await stop.wait()


def _stop_signal() -> asyncio.Event:
    """An event set by SIGINT or SIGTERM."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    return stop
