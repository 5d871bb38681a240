"""The webhook server: Telegram's updates on ``POST /telegram``, health on ``GET /healthz``.

This is python-telegram-bot's "custom webhook server" pattern (an aiohttp app in front of
the Application, as in PTB's ``examples/customwebhookbot.py``): an update is put on
``application.update_queue`` and answered at once, like one fetched by polling. With one
change: it is stored in the inbox first (if it cannot be, the answer is 503 and Telegram
sends it again), so once Telegram has its 200 the update survives any crash.

Answering as soon as the update is stored keeps Telegram's queue short: the bot holds
up to :data:`~bot.serving.intake.MAX_BACKLOG` updates in memory and serves urgent ones
first (a consent, a lawyer's reply), where answering only after processing would leave a
consent at Telegram's behind everything sent before it, at most ``max_connections`` (40)
requests at a time. A person's updates stay in order across instances: whichever instance
processes an update first processes the person's earlier ones still in the inbox
(:meth:`store.Inbox.earlier_pending`), and an update is processed once
(:meth:`store.Inbox.begin`). With no room in memory the request waits, and so does Telegram.
"""

from __future__ import annotations

import hmac
import logging

from aiohttp import web
from telegram import Update
from telegram.ext import Application

from bot.core.config import WEBHOOK_SECRET_PATTERN, Settings
from bot.core.services import Services
from bot.delivery.heartbeat import Heartbeat
from bot.serving.app import INTAKE
from bot.serving.health import HEARTBEAT, check
from bot.serving.intake import DatabaseUnavailableError
from bot.serving.runtime import StartupError

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/telegram"
HEALTH_PATH = "/healthz"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
SHUTDOWN_TIMEOUT = 30.0
"""Seconds the requests in flight get to finish when the server stops."""
MAX_UPDATE_BYTES = 1024 * 1024

NO_SECRET = """\
BOSHPANA_WEBHOOK_SECRET is not set, so the webhook cannot tell Telegram's requests from
anyone else's. Choose 1-256 characters of A-Z a-z 0-9 _ - (for example the output of
`python3 -c "import secrets; print(secrets.token_urlsafe(32))"`) and set it in the
environment file. Telegram sends it back in the X-Telegram-Bot-Api-Secret-Token header;
the reverse proxy must pass that header through."""
BAD_SECRET = """\
BOSHPANA_WEBHOOK_SECRET must be 1-256 characters of A-Z a-z 0-9 _ - (Telegram's rule);
the value set has other characters or is too long."""
NO_URL = """\
BOSHPANA_WEBHOOK_URL is not set: give the public https URL Telegram should post to,
e.g. https://bot.example.org/telegram (ports 443, 80, 88 or 8443), proxied to
http://{listen}:{port}/telegram."""


def webhook_secret(settings: Settings) -> str:
    """The configured secret token, or a :class:`StartupError` explaining what to set."""
    if settings.webhook_secret is None:
        raise StartupError(NO_SECRET)
    secret = settings.webhook_secret.get_secret_value()
    if not WEBHOOK_SECRET_PATTERN.fullmatch(secret):
        raise StartupError(BAD_SECRET)
    return secret


def webhook_url(settings: Settings) -> str:
    """The public URL Telegram posts to, or a :class:`StartupError` explaining it."""
    if not settings.webhook_url:
        raise StartupError(NO_URL.format(listen=settings.listen, port=settings.port))
    return settings.webhook_url


class WebhookServer:
    """An aiohttp server feeding one Application, with a health endpoint."""

    def __init__(
        self,
        application: Application,  # type: ignore[type-arg]
        services: Services,
        secret: str,
    ) -> None:
        """Serve ``application``; accept only requests carrying ``secret``."""
        self.application = application
        self.services = services
        self._secret = secret.encode()
        self._runner: web.AppRunner | None = None
        self._stopping = False
        self.port = 0

    def web_app(self) -> web.Application:
        """The aiohttp application (routes only)."""
        app = web.Application(client_max_size=MAX_UPDATE_BYTES)
        app.router.add_post(WEBHOOK_PATH, self._telegram)
        app.router.add_get(HEALTH_PATH, self._health)
        return app

    async def start(self, host: str, port: int) -> None:
        """Listen on ``host:port`` (0 picks a free port, then in :attr:`port`)."""
        self._runner = web.AppRunner(
            self.web_app(), access_log=None, shutdown_timeout=SHUTDOWN_TIMEOUT
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        self.port = self._runner.addresses[0][1]
        log.info("webhook server listening on %s:%d", host, self.port)

    async def stop(self) -> None:
        """Stop accepting requests, then wait for those in flight to be stored."""
        self._stopping = True
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    async def _telegram(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self._secret):
            log.warning("webhook: refused a request without the right secret token")
            return web.Response(status=403)
        if self._stopping:
            # Telegram retries, and the load balancer sends it to another instance.
            return web.Response(status=503)
        try:
            data = await request.json()
            if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
                raise TypeError("not an update")
            update = Update.de_json(data, self.application.bot)
            message = update.effective_message
            if message is not None and getattr(message, "chat", None) is None:
                raise TypeError("a message without a chat")
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
            log.warning("webhook: a request that is not an update")
            return web.Response(status=400)
        intake = self.application.bot_data[INTAKE]
        await intake.backlog.wait_for_room()
        try:
            await intake.store([update], [data])
        except DatabaseUnavailableError:
            return web.Response(status=503)  # not stored: Telegram sends it again
        intake.backlog.admit([update.update_id])
        await self.application.update_queue.put(update)
        return web.Response()

    async def _health(self, request: web.Request) -> web.Response:
        heartbeat = self.application.bot_data.get(HEARTBEAT)
        health = await check(
            self.services, heartbeat if isinstance(heartbeat, Heartbeat) else Heartbeat()
        )
        status = 200 if health.healthy and not self._stopping else 503
        return web.json_response(health.as_json(), status=status)
