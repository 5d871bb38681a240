"""The one way the bot starts and stops: ``boshpana run``, ``run --webhook``, the demo, the tests.

:func:`running` builds the services and the Application, initializes it, runs its
post-init work (python-telegram-bot calls ``post_init`` only from ``run_polling`` and
``run_webhook``, which a bot started by hand never reaches: the default command menus
were never published), starts long polling or the webhook server, and on exit stops
in order, finishing the updates in flight. :func:`serve` runs it until SIGINT or SIGTERM.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from telegram import Update
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import Application

from bot.core.clock import Clock
from bot.core.config import Settings
from bot.core.i18n import Catalogs
from bot.core.services import Services
from bot.serving.app import build_application, stopping
from bot.serving.intake import polling_error
from bot.serving.runtime import StartupError, services

if TYPE_CHECKING:
    from bot.serving.webhook import WebhookServer

log = logging.getLogger(__name__)

POLL_TIMEOUT = timedelta(seconds=10)
"""How long one ``getUpdates`` long poll may wait (python-telegram-bot's default)."""


@dataclass(frozen=True)
class RunningBot:
    """A started bot: its Application, its services and, in webhook mode, its web server."""

    application: Application  # type: ignore[type-arg]
    services: Services
    server: WebhookServer | None = None


@asynccontextmanager
async def running(
    settings: Settings,
    token: str,
    *,
    webhook: bool = False,
    say: Callable[[str], None] = print,
    catalogs: Catalogs | None = None,
    clock: Clock | None = None,
    poll_timeout: timedelta = POLL_TIMEOUT,
) -> AsyncIterator[RunningBot]:
    """The bot serving Telegram while the block runs, then stopped as on SIGTERM.

    With ``webhook`` it listens on ``BOSHPANA_LISTEN:BOSHPANA_PORT`` and registers
    ``BOSHPANA_WEBHOOK_URL``; otherwise it polls. ``say`` tells the operator about a new
    key file; ``catalogs`` are loaded unless given; ``clock`` is the wall clock unless
    given (tests and the sandbox move their own). Whatever keeps it from starting
    becomes a :class:`StartupError` saying what to check.
    """
    secret, url = _webhook_address(settings) if webhook else (None, None)
    async with services(settings, say, catalogs, clock) as shared:
        application = build_application(shared, token)
        with _explained(settings):
            await application.initialize()
        server = None if secret is None else _webhook_server(application, shared, secret)
        try:
            with _explained(settings):
                if application.post_init is not None:
                    await application.post_init(application)
                await application.start()
                if server is None:
                    assert application.updater is not None
                    await application.updater.start_polling(
                        poll_interval=0,
                        timeout=poll_timeout,
                        allowed_updates=Update.ALL_TYPES,
                        error_callback=polling_error,
                    )
                else:
                    await server.start(settings.listen, settings.port)
                    await application.bot.set_webhook(
                        url,
                        secret_token=secret,
                        allowed_updates=Update.ALL_TYPES,
                        max_connections=settings.webhook_max_connections,
                    )
            yield RunningBot(application, shared, server)
        finally:
            log.info("stopping: finishing the updates in flight")
            await _stop(application, server)


def _webhook_address(settings: Settings) -> tuple[str, str]:
    """The webhook's secret and URL; aiohttp's web server is loaded only to serve one."""
    from bot.serving.webhook import webhook_secret, webhook_url

    return webhook_secret(settings), webhook_url(settings)


def _webhook_server(
    application: Application,  # type: ignore[type-arg]
    shared: Services,
    secret: str,
) -> WebhookServer:
    from bot.serving.webhook import WebhookServer

    return WebhookServer(application, shared, secret)


async def _stop(application: Application, server: WebhookServer | None) -> None:  # type: ignore[type-arg]
    """Stop accepting updates, finish those in flight, stop the jobs, then shut down.

    The webhook stays set: other instances behind the same URL keep serving, and
    Telegram keeps updates for a restarted one. Updates not started yet stay in the inbox
    for the next start.
    """
    stopping(application)
    if server is not None:
        await server.stop()
    elif application.updater is not None and application.updater.running:
        await application.updater.stop()
    if application.running:
        await application.stop()
        if application.post_stop is not None:
            await application.post_stop(application)
    await application.shutdown()
    if application.post_shutdown is not None:
        await application.post_shutdown(application)


@contextmanager
def _explained(settings: Settings) -> Iterator[None]:
    """Telegram's refusals and an unreachable Bot API as one line for the operator."""
    try:
        yield
    except InvalidToken:
        raise StartupError(
            "Telegram refused TELEGRAM_BOT_TOKEN: copy the token again from @BotFather"
        ) from None
    except NetworkError as error:
        raise StartupError(
            f"Cannot reach the Bot API at {settings.base_url} ({error.message}): "
            "check TELEGRAM_API_URL and the network"
        ) from None
    except TelegramError as error:
        raise StartupError(f"The Bot API refused to start the bot: {error.message}") from None


async def serve(settings: Settings, token: str, *, webhook: bool = False) -> None:
    """Run the bot until SIGINT or SIGTERM; updates in flight are finished before exit."""
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
