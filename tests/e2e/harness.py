"""Runs the real Application against the offline Bot API emulator, as people meet it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from pydantic import SecretStr
from telegram import Update
from telegram.ext import Application

from bot.core.clock import Clock
from bot.core.config import Settings
from bot.core.i18n import Catalogs
from bot.core.services import Services
from bot.serving.serve import running
from bot.serving.webhook import WEBHOOK_PATH, WebhookServer
from emulator import BotApiEmulator, SimUser, StoredMessage
from tests.e2e.databases import e2e_database, fresh_schema

TOKEN = "123456:TEST-TOKEN"
VISIBLE = {"sendMessage", "editMessageText", "copyMessage", "sendDocument"}
"""Calls that change what a person sees; every action in these tests causes at least one."""
CATALOGS = Catalogs()
POLL = timedelta(seconds=1)
"""The long poll of the bots under test: short, so stopping them is quick."""


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
async def running_bot(
    settings: Settings, clock: Clock | None = None
) -> AsyncIterator[tuple[Application, Services]]:  # type: ignore[type-arg]
    """The bot polling the emulator until the block ends (then stopped as on SIGTERM).

    It starts as ``boshpana run`` does (:func:`bot.serving.serve.running`), with the tests'
    :data:`CATALOGS`, so tests look for exactly the words it shows, and a short long poll.
    """
    async with running(
        settings, TOKEN, say=_quiet, catalogs=CATALOGS, clock=clock, poll_timeout=POLL
    ) as bot:
        yield bot.application, bot.services


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
    settings: Settings, *, set_webhook: bool = True, clock: Clock | None = None
) -> AsyncIterator[Instance]:
    """The bot serving a webhook on a free loopback port, started as ``boshpana run`` does.

    With ``set_webhook`` it registers its own URL with the emulator; leave it off to put
    something (a forwarder to several instances) in front.
    """
    webhook_settings = settings.model_copy(
        update={
            "webhook_secret": SecretStr(WEBHOOK_SECRET),
            "listen": "127.0.0.1",
            "port": 0,
            "webhook_url": "http://127.0.0.1/telegram",
        }
    )
    async with running(
        webhook_settings,
        TOKEN,
        webhook=True,
        say=_quiet,
        catalogs=CATALOGS,
        clock=clock,
        register_webhook=False,
    ) as bot:
        assert bot.webhook is not None
        instance = Instance(bot.application, bot.services, bot.webhook)
        if set_webhook:
            await bot.application.bot.set_webhook(
                instance.url, secret_token=WEBHOOK_SECRET, allowed_updates=Update.ALL_TYPES
            )
        yield instance


def _quiet(_: str) -> None:
    """Start-up messages are not for the tests' output."""


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

    async def expect(self, text: str, patience: float = 30) -> None:
        """Wait until the bot shows this person a message containing ``text``."""
        if any(text in (m.text or "") for m in self.bot_messages()):
            return
        await self.emulator.wait_for(
            VISIBLE,
            lambda c: c.ok and c.params.get("chat_id") == self.user.id and text in str(c.params),
            after=0,
            timeout=patience,
        )

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
