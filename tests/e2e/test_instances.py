"""Two instances sharing one PostgreSQL database behave as one bot.

The emulator posts each update to a small forwarder, which hands updates to the two
instances in turn, as a load balancer would. Like Telegram after a lost answer, it
posts every third update a second time, to the other instance, and it posts the
person's relayed messages to both at once (two deliveries in flight together).
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from bot.cases import texts as ct
from bot.core.config import Settings
from bot.serving.runtime import services
from bot.serving.webhook import SECRET_HEADER
from emulator import BotApiEmulator
from store import generate_secret
from tests.e2e.databases import postgres_url
from tests.e2e.harness import CATALOGS, WAIT, endpoint, running_webhook_bot, settings_for
from tests.e2e.test_escalation import (
    EN,
    KARIMOVA,
    RAHIMOV,
    RU,
    UZ,
    filled,
    is_answer,
    is_card,
    lawyers,
    urgent_client,
)

BURST = [f"xabar {n}: hujjatlarimni olib ketishdi" for n in range(1, 7)]


class Forwarder:
    """Round-robin in front of several instances, with redeliveries."""

    def __init__(self) -> None:
        self.targets: list[str] = []
        """The instances' endpoints, known once they listen."""
        self.turn = 0
        self.url = ""
        self.posted: list[tuple[int, int, int]] = []
        """(update_id, instance, status) of every post."""

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        headers = {
            SECRET_HEADER: request.headers.get(SECRET_HEADER, ""),
            "Content-Type": "application/json",
        }
        update = json.loads(body)
        if not self.targets:
            return web.Response(status=503)
        first = self.turn % len(self.targets)
        other = (first + 1) % len(self.targets)
        self.turn += 1
        if "message" in update and update["message"].get("text") in BURST:
            statuses = await asyncio.gather(
                self._post(update, first, body, headers), self._post(update, other, body, headers)
            )
            return web.Response(status=max(statuses))
        status = await self._post(update, first, body, headers)
        if status == 200 and update["update_id"] % 3 == 0:
            await self._post(update, other, body, headers)  # the answer was "lost"
        return web.Response(status=status)

    async def _post(
        self, update: dict[str, object], index: int, body: bytes, headers: dict[str, str]
    ) -> int:
        async with (
            aiohttp.ClientSession() as http,
            http.post(self.targets[index], data=body, headers=headers) as response,
        ):
            self.posted.append((int(str(update["update_id"])), index, response.status))
            return response.status


@asynccontextmanager
async def forwarding() -> AsyncIterator[Forwarder]:
    forwarder = Forwarder()
    app = web.Application()
    app.router.add_post("/telegram", forwarder.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    forwarder.url = f"http://127.0.0.1:{runner.addresses[0][1]}/telegram"
    try:
        yield forwarder
    finally:
        await runner.cleanup()


@pytest.fixture
def shared_settings(emulator: BotApiEmulator, tmp_path: Path) -> tuple[Settings, Settings]:
    """Two instances' settings: one PostgreSQL schema and key, separate data folders."""
    url = postgres_url()
    if url is None:
        pytest.skip(
            "BOSHPANA_TEST_POSTGRES_URL is not set: several instances need a shared "
            "PostgreSQL database (CI sets it)"
        )
    first = settings_for(emulator, tmp_path / "a", generate_secret(), postgres_url=url)
    return first, first.model_copy(update={"data_dir": tmp_path / "b"})


async def test_two_instances_on_one_database_act_as_one_bot(
    emulator: BotApiEmulator, shared_settings: tuple[Settings, Settings]
) -> None:
    settings_a, settings_b = shared_settings
    karimova, rahimov = await lawyers(emulator, settings_a)
    async with (
        forwarding() as forwarder,
        running_webhook_bot(settings_a, url=forwarder.url) as a,
        running_webhook_bot(settings_b, url=forwarder.url) as b,
    ):
        forwarder.targets = [endpoint(a), endpoint(b)]
        await karimova.send("/start")
        await rahimov.send("/start")
        client = await urgent_client(emulator)
        cards = [await karimova.offered(RU.raw(ct.BUTTON_TAKE))]
        cards.append(await rahimov.offered(EN.raw(ct.BUTTON_TAKE)))

        pressed = emulator.mark()
        emulator.press_button(karimova.user, RU.raw(ct.BUTTON_TAKE), cards[0])
        presses = [emulator.latest_update_id]
        emulator.press_button(rahimov.user, EN.raw(ct.BUTTON_TAKE), cards[1])
        presses.append(emulator.latest_update_id)
        for update_id in presses:
            await emulator.reply_to(update_id, is_answer, timeout=WAIT)
        yours = await emulator.first_call(
            lambda c: "k:act:" in str(c.params.get("reply_markup")), after=pressed, timeout=WAIT
        )
        winner = karimova if yours.params["chat_id"] == KARIMOVA else rahimov
        await client.sees(filled(UZ, ct.CLAIMED.me, client))
        assert len(await audited(settings_a, "claimed")) == 1, "exactly one claim"

        for text in BURST:
            client.write(text)
        await winner.sees(BURST[-1])
        shown = [text for m in winner.bot_messages() for text in BURST if text in (m.text or "")]
        assert shown == BURST, "each message relayed once, in the order it was sent"
        assert len(await audited(settings_a, "relayed_to_lawyer")) == len(BURST)
        cards_sent = [c for c in emulator.calls if is_card(c)]
        assert Counter(c.params["chat_id"] for c in cards_sent) == {KARIMOVA: 1, RAHIMOV: 1}, (
            "nobody on duty: everyone gets the card, once"
        )

    both = {index for _, index, _ in forwarder.posted}
    assert both == {0, 1}, "both instances served updates"
    twice = Counter(update_id for update_id, _, _ in forwarder.posted)
    assert sum(n > 1 for n in twice.values()) >= 5, "updates were delivered twice"
    assert all(status == 200 for _, _, status in forwarder.posted)
    assert not [c for c in emulator.calls if not c.ok], [
        (c.method, c.response) for c in emulator.calls if not c.ok
    ]


async def audited(settings: Settings, action: str) -> list[object]:
    async with (
        services(settings, lambda _: None, CATALOGS) as shared,
        shared.db.transaction() as tx,
    ):
        return [e for e in await tx.audit.recent(limit=500) if e.action == action]
