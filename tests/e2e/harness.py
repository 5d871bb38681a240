"""Runs the real Application against the offline Bot API emulator, as people meet it."""

from __future__ import annotations

import re
import socket
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from pydantic import SecretStr

from bot.core.clock import Clock
from bot.core.config import Settings
from bot.core.i18n import Catalogs
from bot.serving.serve import RunningBot, running
from bot.serving.webhook import WEBHOOK_PATH
from emulator import BotApiEmulator, Call, SimUser, StoredMessage
from tests.e2e.databases import e2e_database, fresh_schema

TOKEN = "123456:TEST-TOKEN"
TEAM_ZONE = "Europe/Moscow"
"""The test team's time zone, whatever the machine's environment says."""
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
        BOSHPANA_TIMEZONE=TEAM_ZONE,
        **database,
    )


POLL = timedelta(seconds=1)
"""The long poll of the bots under test: short, so stopping them is quick."""


@asynccontextmanager
async def running_bot(settings: Settings, clock: Clock | None = None) -> AsyncIterator[RunningBot]:
    """The bot polling the emulator, started and stopped as ``boshpana run`` does.

    It uses the tests' :data:`CATALOGS`, so tests look for exactly the words it shows,
    and ``clock`` if given (a test moves it instead of waiting for time to pass).
    """
    async with running(
        settings, TOKEN, say=_quiet, catalogs=CATALOGS, clock=clock, poll_timeout=POLL
    ) as bot:
        yield bot


WEBHOOK_SECRET = "e2e-webhook-secret_0123456789"


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def webhook_settings(settings: Settings, url: str | None = None) -> Settings:
    """``settings`` for ``boshpana run --webhook`` on a free loopback port.

    Telegram (the emulator) posts to ``url``, by default the bot's own endpoint.
    """
    port = free_port()
    return settings.model_copy(
        update={
            "listen": "127.0.0.1",
            "port": port,
            "webhook_url": url or f"http://127.0.0.1:{port}{WEBHOOK_PATH}",
            "webhook_secret": SecretStr(WEBHOOK_SECRET),
        }
    )


def endpoint(bot: RunningBot) -> str:
    """Where a webhook bot takes updates on this machine."""
    assert bot.server is not None, "not a webhook bot"
    return f"http://127.0.0.1:{bot.server.port}{WEBHOOK_PATH}"


@asynccontextmanager
async def running_webhook_bot(
    settings: Settings, *, url: str | None = None, clock: Clock | None = None
) -> AsyncIterator[RunningBot]:
    """The bot serving a webhook as ``boshpana run --webhook`` does, on a free port.

    It registers ``url`` (default: its own endpoint) with the emulator, as every
    instance registers ``BOSHPANA_WEBHOOK_URL`` at start.
    """
    configured = webhook_settings(settings, url)
    async with running(
        configured, TOKEN, webhook=True, say=_quiet, catalogs=CATALOGS, clock=clock
    ) as bot:
        yield bot


def _quiet(_: str) -> None:
    """The tests' bots say nothing about their key files."""


WAIT = 15.0
"""Seconds a test waits for an event it expects before failing (the machine may be busy)."""


def labels(message: StoredMessage) -> list[str]:
    """The labels of a message's inline buttons."""
    keyboard = (message.reply_markup or {}).get("inline_keyboard", [])
    return [str(button.get("text", "")) for row in keyboard for button in row]


@dataclass
class Person:
    """Someone chatting with the bot in a private chat, by taps and typing.

    Each action waits for the bot's reply to it (its first call about the update);
    :meth:`sees` and :meth:`offered` wait for what a test expects to appear after the
    person's last action (:attr:`since`). Nothing waits for a quiet moment.
    """

    emulator: BotApiEmulator
    user: SimUser
    consented_at: float = 0.0
    since: int = 0
    """The point in the call log of this person's last action."""

    async def send(self, text: str) -> Call:
        """Send a message; the bot's reply to it."""
        self.since = self.emulator.mark()
        self.emulator.send_text(self.user, text)
        return await self.reply()

    async def send_message(self, fields: dict[str, object]) -> Call:
        """Send a message with ``fields`` (a sticker, a photo, ...); the bot's reply to it."""
        self.write_message(fields)
        return await self.reply()

    def write(self, text: str) -> None:
        """Send a message the bot passes on to someone else: it answers nothing here."""
        self.write_message({"text": text})

    def write_message(self, fields: dict[str, object]) -> None:
        """Send a message with ``fields`` without waiting for an answer in this chat."""
        self.since = self.emulator.mark()
        self.emulator.send_message_update(self.user, fields)

    async def tap(self, label: str, message_id: int | None = None) -> Call:
        """Press ``label`` on the bot's message offering it (see :meth:`offered`); the reply."""
        target = await self.offered(label, message_id)
        self.since = self.emulator.mark()
        self.emulator.press_button(self.user, label, message_id=target)
        return await self.reply()

    async def tap_data(self, data: str, message_id: int | None = None) -> Call:
        """Send a button press with raw ``data`` (possibly forged) on a bot message."""
        target = message_id or self.bot_messages()[-1].message_id
        self.since = self.emulator.mark()
        self.emulator.press(self.user, target, data, forged=True)
        return await self.reply()

    async def reply(self, predicate: Callable[[Call], bool] | None = None) -> Call:
        """The bot's reply to the newest update (matching ``predicate``), once made."""
        update_id = self.emulator.latest_update_id
        return await self.emulator.reply_to(update_id, predicate, timeout=WAIT)

    async def offered(
        self, label: str, message_id: int | None = None, patience: float = WAIT
    ) -> int:
        """The id of the newest bot message offering ``label`` (``message_id`` if given).

        Waits until a call since this person's last action shows one: a button offered
        only before it (on a question already answered) does not count, unless the test
        names the message (a lawyer's case card keeps its buttons).
        """

        def offers(message: StoredMessage | None) -> bool:
            return (
                message is not None
                and message_id in (None, message.message_id)
                and label in labels(message)
            )

        if message_id is not None and any(offers(m) for m in self.bot_messages()):
            return message_id
        await self.emulator.first_call(
            lambda call: offers(self.shown(call)),
            after=self.since,
            timeout=patience,
            expected=f"button {label!r} offered to {self.user.id}",
        )
        found = [self.shown(c) for c in self.emulator.calls[self.since :]]
        return [m for m in found if offers(m) and m is not None][-1].message_id

    async def sees(
        self, text: str | re.Pattern[str], *, after: int | None = None
    ) -> StoredMessage:
        """The bot's message showing ``text``, sent or edited since ``after``, as it is now.

        ``text`` is a part of the message, or a pattern to search for in it. ``after``
        defaults to this person's last action.
        """
        pattern = text if isinstance(text, re.Pattern) else re.compile(re.escape(text))

        def showing(call: Call) -> bool:
            message = self.shown(call)
            return message is not None and pattern.search(message.text or "") is not None

        call = await self.emulator.first_call(
            showing,
            after=self.since if after is None else after,
            timeout=WAIT,
            expected=f"message to {self.user.id} with {pattern.pattern[:60]!r}",
        )
        shown = self.shown(call)
        assert shown is not None
        return shown

    async def expect(self, text: str, patience: float = WAIT * 2) -> None:
        """Wait until the bot has shown this person ``text`` (at any time, now or later)."""
        if any(text in (m.text or "") for m in self.bot_messages()):
            return
        await self.emulator.first_call(
            lambda call: (shown := self.shown(call)) is not None and text in (shown.text or ""),
            after=0,
            timeout=patience,
            expected=f"message to {self.user.id} with {text[:60]!r}",
        )

    def shown(self, call: Call) -> StoredMessage | None:
        """The message ``call`` put in this person's chat (sent, copied or edited), as it is now."""
        if not call.ok or call.params.get("chat_id") != self.user.id:
            return None
        result = call.result
        message_id = result.get("message_id") if isinstance(result, dict) else None
        message_id = message_id or call.params.get("message_id")
        return next((m for m in self.bot_messages() if m.message_id == message_id), None)

    def bot_messages(self) -> list[StoredMessage]:
        """The bot's messages as they stand in the chat now."""
        return [m for m in self.emulator.chat_messages(self.user.id) if m.from_bot]

    def last_text(self) -> str:
        """The text of the bot's newest message."""
        return self.bot_messages()[-1].text or ""

    def buttons(self) -> list[str]:
        """The labels on the newest message that has buttons."""
        for message in reversed(self.bot_messages()):
            if labels(message):
                return labels(message)
        return []

    def transcript(self) -> str:
        """Every bot message, for assertion messages."""
        return "\n---\n".join(m.text or "" for m in self.bot_messages())
