"""Webhook delivery: POSTed updates with the secret header, retries, getWebhookInfo."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web

from emulator import BotApiEmulator
from emulator.webhook import SECRET_HEADER
from tests.emulator.conftest import Api


class Receiver:
    """A tiny webhook endpoint answering with ``status``."""

    def __init__(self) -> None:
        self.status = 200
        self.received: list[tuple[str | None, dict[str, Any]]] = []
        self.arrived = asyncio.Event()
        self.url = ""

    async def handle(self, request: web.Request) -> web.Response:
        self.received.append((request.headers.get(SECRET_HEADER), await request.json()))
        self.arrived.set()
        return web.Response(status=self.status)


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    receiver = Receiver()
    app = web.Application()
    app.router.add_post("/hook", receiver.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    host, port = runner.addresses[0][:2]
    receiver.url = f"http://{host}:{port}/hook"
    yield receiver
    await runner.cleanup()


async def test_updates_are_posted_with_the_secret(
    emu: BotApiEmulator, api: Api, receiver: Receiver
) -> None:
    assert await api.ok("setWebhook", url=receiver.url, secret_token="s3cret-token")
    message = emu.send_text(7, "hi")
    await emu.confirmed(emu.latest_update_id)
    [(secret, update)] = receiver.received
    assert secret == "s3cret-token"
    assert update["message"] == message
    info = await api.ok("getWebhookInfo")
    assert info["url"] == receiver.url and info["pending_update_count"] == 0
    assert "last_error_date" not in info


async def test_failed_delivery_is_retried_then_reported(
    emu: BotApiEmulator, api: Api, receiver: Receiver
) -> None:
    receiver.status = 500
    assert await api.ok("setWebhook", url=receiver.url)
    emu.send_text(7, "hi")
    await emu.confirmed(emu.latest_update_id)  # given up after the retries
    assert len(receiver.received) == 3
    assert receiver.received[0][0] is None  # no secret configured, no header
    info = await api.ok("getWebhookInfo")
    assert (
        info["last_error_message"] == "Wrong response from the webhook: 500 Internal Server Error"
    )


async def test_only_loopback_webhooks(api: Api) -> None:
    status, body = await api("setWebhook", url="https://example.org/hook")
    assert status == 400 and "loopback" in body["description"]
    status, body = await api(
        "setWebhook", url="http://127.0.0.1:9/hook", secret_token="bad token!"
    )
    assert status == 400 and "secret token" in body["description"]
