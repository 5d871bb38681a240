"""Runs the real Application against the offline Bot API emulator, as people meet it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from pydantic import SecretStr
from telegram import Update
from telegram.ext import Application

from bot.core.config import Settings
from bot.core.i18n import Catalogs
from bot.core.services import Services
from bot.serving.app import build_application
from bot.serving.runtime import services
from bot.serving.webhook import WEBHOOK_PATH, WebhookServer
from emulator import BotApiEmulator, SimUser, StoredMessage
from tests.e2e.databases import e2e_database, fresh_schema

TOKEN = "123456:TEST-TOKEN"
VISIBLE = {"sendMessage", "editMessageText", "copyMessage", "sendDocument"}
"""Calls that change what a person sees; every action in these tests causes at least one."""
CATALOGS = Catalogs()


def settings_for(
    emulator: BotApiEmulator, data_dir: Path, secret: str, postgres_url: str | None = None
) -> Settings:
    """Settings that point the bot at ``emulator`` and keep its data in ``data_dir``.

    The database is a SQLite file there, or, with ``postgres_url`` or when
    ``BOSHPANA_TEST_DATABASE=postgres``, a fresh migrated schema on PostgreSQL.
    """
    url = postgres_url or e2e_database()
    database = (
        {} if url is None else {"DATABASE_URL": url, "BOSHPANA_DB_SCHEMA": fresh_schema(url)}
    )
    return Settings(
        TELEGRAM_BOT_TOKEN=SecretStr(TOKEN),
        TELEGRAM_API_URL=emulator.base_url,
        BOSHPANA_DATA_DIR=data_dir,
        BOSHPANA_SECRET_KEY=SecretStr(secret),
        BOSHPANA_OPERATOR="Test NGO",
        **database,
    )


@asynccontextmanager
async def running_bot(settings: Settings) -> AsyncIterator[tuple[Application, Services]]:  # type: ignore[type-arg]
    """The bot polling the emulator until the block ends (then stopped as on SIGTERM).

    It uses the tests' :data:`CATALOGS`, so tests look for exactly the words it shows.
    """
    async with services(settings, lambda _: None, CATALOGS) as shared:
        application = build_application(shared, TOKEN)
        async with application:
            await application.start()
            assert application.updater is not None
            await application.updater.start_polling(poll_interval=0, timeout=1)
            try:
                yield application, shared
            finally:
                await application.updater.stop()
                await application.stop()


WEBHOOK_SECRET = "e2e-webhook-secret_0123456789"


@dataclass
class Instance:
    """One bot process serving a webhook: its Application, services and HTTP server."""

    application: Application  # type: ignore[type-arg]
    services: Services
    server: WebhookServer

    @property
    def url(self) -> str:
        """Where Telegram (the emulator) posts updates for this instance."""
        return f"http://127.0.0.1:{self.server.port}{WEBHOOK_PATH}"


@asynccontextmanager
async def running_webhook_bot(
    settings: Settings, *, set_webhook: bool = True
) -> AsyncIterator[Instance]:
    """The bot serving a webhook on a free loopback port, stopped as ``boshpana run`` does.

    With ``set_webhook`` it registers its own URL with the emulator; leave it off to put
    something (a forwarder to several instances) in front.
    """
    async with services(settings, lambda _: None, CATALOGS) as shared:
        application = build_application(shared, TOKEN)
        async with application:
            await application.start()
            server = WebhookServer(application, shared, WEBHOOK_SECRET)
            await server.start("127.0.0.1", 0)
            instance = Instance(application, shared, server)
            if set_webhook:
                await application.bot.set_webhook(
                    instance.url, secret_token=WEBHOOK_SECRET, allowed_updates=Update.ALL_TYPES
                )
            try:
                yield instance
            finally:
                await server.stop()
                await application.stop()


@dataclass
class Person:
    """Someone chatting with the bot in a private chat, by taps and typing."""

    emulator: BotApiEmulator
    user: SimUser
    consented_at: float = 0.0

    async def send(self, text: str) -> None:
        """Send a message and wait until the bot has answered."""
        since = len(self.emulator.calls)
        self.emulator.send_text(self.user, text)
        await self.settle(since)

    async def tap(self, label: str) -> None:
        """Press the button labelled ``label`` on the newest message with buttons."""
        since = len(self.emulator.calls)
        self.emulator.press_button(self.user, label)
        await self.settle(since)

    async def tap_data(self, data: str, message_id: int | None = None) -> None:
        """Send a button press with raw ``data`` (possibly forged) on a bot message."""
        target = message_id or self.bot_messages()[-1].message_id
        since = len(self.emulator.calls)
        self.emulator.press(self.user, target, data, forged=True)
        await self.settle(since)

    async def settle(self, since: int) -> None:
        """Wait for the bot's visible answer to what happened at call ``since``, then quiet."""
        await self.emulator.wait_for(VISIBLE, after=since, timeout=10)
        await self.emulator.wait_idle()

    def bot_messages(self) -> list[StoredMessage]:
        """The bot's messages as they stand in the chat now."""
        return [m for m in self.emulator.chat_messages(self.user.id) if m.from_bot]

    def last_text(self) -> str:
        """The text of the bot's newest message."""
        return self.bot_messages()[-1].text or ""

    def buttons(self) -> list[str]:
        """The labels on the newest message that has buttons."""
        for message in reversed(self.bot_messages()):
            keyboard = (message.reply_markup or {}).get("inline_keyboard")
            if keyboard:
                return [button["text"] for row in keyboard for button in row]
        return []

    def transcript(self) -> str:
        """Every bot message, for assertion messages."""
        return "\n---\n".join(m.text or "" for m in self.bot_messages())
