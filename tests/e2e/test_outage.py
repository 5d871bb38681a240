"""The database away for a while: nothing is lost, and nobody is told anything untrue.

On SQLite the database is held locked by another connection (what a full disk or a stuck
backup looks like to the bot: every write fails); on PostgreSQL the connections to the
server are cut and new ones refused, through a proxy. Meanwhile a client and their lawyer
write to each other. Updates that cannot be stored are not confirmed to Telegram, so they
come again; once the database is back, every message arrives.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Protocol

from sqlalchemy.engine import make_url

from bot.core.config import Settings
from bot.serving.runtime import database_url
from emulator import BotApiEmulator, Call
from tests.e2e.harness import running_bot
from tests.e2e.test_escalation import KARIMOVA, lawyers, taken_by

MESSAGES = 3


class Outage(Protocol):
    """Makes the bot's database unavailable, and available again."""

    async def start(self) -> None: ...

    async def end(self) -> None: ...


class LockedSqlite:
    """Another connection holds SQLite's write lock: every write of the bot fails."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.connection: sqlite3.Connection | None = None

    async def start(self) -> None:
        self.connection = sqlite3.connect(self.path, isolation_level=None)
        self.connection.execute("BEGIN EXCLUSIVE")

    async def end(self) -> None:
        assert self.connection is not None
        self.connection.execute("ROLLBACK")
        self.connection.close()


class CutProxy:
    """A TCP proxy to PostgreSQL whose connections can be cut and refused."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.server: asyncio.Server | None = None
        self.port = 0
        self.up = True
        self.pipes: set[asyncio.StreamWriter] = set()

    async def listen(self) -> None:
        self.server = await asyncio.start_server(self._connection, "127.0.0.1", 0)
        self.port = self.server.sockets[0].getsockname()[1]

    async def _connection(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        if not self.up:
            writer.close()
            return
        upstream_reader, upstream_writer = await asyncio.open_connection(*self.target)
        self.pipes |= {writer, upstream_writer}

        async def pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
            with contextlib.suppress(ConnectionError, OSError):
                while data := await source.read(65536):
                    sink.write(data)
                    await sink.drain()
            sink.close()

        await asyncio.gather(pipe(reader, upstream_writer), pipe(upstream_reader, writer))

    async def start(self) -> None:
        self.up = False
        for writer in self.pipes:
            writer.close()
        self.pipes.clear()

    async def end(self) -> None:
        self.up = True

    async def close(self) -> None:
        if self.server is not None:
            self.server.close()


@asynccontextmanager
async def breakable(settings: Settings) -> AsyncIterator[tuple[Settings, Outage]]:
    """Settings whose database can be taken away, and the means to do it."""
    url = database_url(settings)
    if url.startswith("sqlite"):
        yield settings, LockedSqlite(make_url(url).database or "")
        return
    parsed = make_url(url)
    proxy = CutProxy(parsed.host or "127.0.0.1", parsed.port or 5432)
    await proxy.listen()
    try:
        through = parsed.set(host="127.0.0.1", port=proxy.port)
        yield (
            settings.model_copy(
                update={"database_url": through.render_as_string(hide_password=False)}
            ),
            proxy,
        )
    finally:
        await proxy.close()


async def unconfirmed_twice(emulator: BotApiEmulator, since: int) -> None:
    """Wait until the bot asked twice for the same updates: it could not store them."""
    offsets: list[object] = []

    def repeated(call: Call) -> bool:
        offsets.append(call.params.get("offset"))
        return offsets.count(call.params.get("offset")) >= 3

    await emulator.wait_for("getUpdates", repeated, after=since, timeout=60)


async def test_a_database_outage_loses_nothing_and_tells_no_untruth(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    async with breakable(settings) as (breakable_settings, outage):
        karimova, _ = await lawyers(emulator, breakable_settings)
        async with running_bot(breakable_settings):
            await karimova.send("/start")
            client = await taken_by(karimova, emulator)
            client.write("before the outage")
            first = await karimova_receives(emulator, "before the outage")
            since = len(emulator.calls)
            await outage.start()
            try:
                for n in range(MESSAGES):
                    emulator.send_text(client.user, f"during {n}")
                    emulator.send_text(karimova.user, f"answer {n}", reply_to_message=first)
                await unconfirmed_twice(emulator, since)
                said = [
                    c for c in emulator.calls[since:] if c.params.get("chat_id") == client.user.id
                ]
                assert not said, "nothing is said while nothing could be kept"
            finally:
                await outage.end()
            for n in range(MESSAGES):
                await karimova_receives(emulator, f"during {n}")
                await client.expect(f"answer {n}", patience=90)


async def karimova_receives(emulator: BotApiEmulator, text: str) -> dict[str, object]:
    call = await emulator.wait_for(
        "sendMessage",
        lambda c: c.ok and c.params.get("chat_id") == KARIMOVA and text in str(c.params),
        after=0,
        timeout=90,
    )
    (message,) = [
        m for m in emulator.chat_messages(KARIMOVA) if m.message_id == call.result["message_id"]
    ]
    return message.raw
