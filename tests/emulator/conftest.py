"""Fixtures: a running emulator, a raw HTTP client for it and a PTB ``Bot`` using it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from telegram import Bot

from emulator import BotApiEmulator

TOKEN = "123456:TEST"


class Api:
    """Calls the emulator over HTTP like a bare client would."""

    def __init__(self, session: aiohttp.ClientSession, emulator: BotApiEmulator) -> None:
        self.session = session
        self.emulator = emulator

    def url(self, method: str) -> str:
        return f"{self.emulator.base_url}{TOKEN}/{method}"

    async def __call__(self, method: str, **params: Any) -> tuple[int, dict[str, Any]]:
        """POST ``params`` as a JSON body."""
        async with self.session.post(self.url(method), json=params) as response:
            return response.status, await response.json()

    async def form(self, method: str, **fields: str) -> tuple[int, dict[str, Any]]:
        """POST ``fields`` form-urlencoded, as python-telegram-bot does."""
        async with self.session.post(self.url(method), data=fields) as response:
            return response.status, await response.json()

    async def ok(self, method: str, **params: Any) -> Any:
        """Call and return ``result``, failing on an error answer."""
        status, body = await self(method, **params)
        assert status == 200 and body["ok"], body
        return body["result"]


@pytest.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    emulator = BotApiEmulator()
    await emulator.start()
    yield emulator
    await emulator.stop()


@pytest.fixture
async def api(emu: BotApiEmulator) -> AsyncIterator[Api]:
    async with aiohttp.ClientSession() as session:
        api = Api(session, emu)
        await api.ok("getMe")
        yield api


@pytest.fixture
async def bot(emu: BotApiEmulator) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=emu.base_url, base_file_url=emu.base_file_url) as ptb_bot:
        yield ptb_bot
