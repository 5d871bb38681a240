"""``boshpana run --webhook``: updates by webhook with a secret token, health, a clean stop."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys
from typing import Any

import aiohttp
import pytest
from pydantic import SecretStr
from telegram import Update
from telegram.ext import ContextTypes, TypeHandler

from bot.core.config import Settings
from bot.serving.runtime import StartupError
from bot.serving.serve import serve
from bot.serving.webhook import HEALTH_PATH, SECRET_HEADER, webhook_secret
from emulator import BotApiEmulator
from tests.e2e.harness import TOKEN, WEBHOOK_SECRET, Instance, Person, running_webhook_bot

PERSON = 7101


async def post(instance: Instance, update: dict[str, Any], headers: dict[str, str]) -> int:
    async with (
        aiohttp.ClientSession() as http,
        http.post(instance.url, json=update, headers=headers) as response,
    ):
        return response.status


async def health(instance: Instance) -> tuple[int, dict[str, Any]]:
    url = f"http://127.0.0.1:{instance.server.port}{HEALTH_PATH}"
    async with aiohttp.ClientSession() as http, http.get(url) as response:
        return response.status, await response.json()


async def healthy_soon(url: str, within: float = 10.0) -> bool:
    """Whether ``url`` answers 200 within ``within`` seconds (as a load balancer waits)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    async with aiohttp.ClientSession() as http:
        while loop.time() < deadline:
            async with http.get(url) as response:
                if response.status == 200:
                    return True
            await asyncio.sleep(0.1)
    return False


async def test_a_person_is_answered_through_the_webhook(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    async with running_webhook_bot(settings) as instance:
        person = Person(emulator, emulator.user(PERSON, "Webhook Canary", language_code="en"))
        await person.send("/start")
        assert person.bot_messages(), "answered through the webhook"
        (registered,) = [c for c in emulator.calls if c.method == "setWebhook"]
        assert registered.params["url"] == instance.url
        assert registered.params["secret_token"] == WEBHOOK_SECRET
        assert "callback_query" in registered.params["allowed_updates"]
        info = await instance.application.bot.get_webhook_info()
        assert info.url == instance.url and info.last_error_date is None


async def test_requests_without_the_secret_token_are_refused_unprocessed(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    async with running_webhook_bot(settings, set_webhook=False) as instance:
        emulator.user(PERSON, "Webhook Canary", language_code="en")
        message = emulator.send_text(PERSON, "/start")
        update = {"update_id": 1, "message": message}
        assert await post(instance, update, {}) == 403
        assert await post(instance, update, {SECRET_HEADER: "wrong-secret"}) == 403
        assert await post(instance, update, {SECRET_HEADER: WEBHOOK_SECRET[:-1]}) == 403
        await asyncio.sleep(0.3)
        assert not [c for c in emulator.calls if c.method == "sendMessage"], "not processed"
        assert await post(instance, {"update_id": 2}, {SECRET_HEADER: WEBHOOK_SECRET}) == 200
        for junk in ({"update_id": "x"}, {"update_id": 3, "message": 5}, {}):
            assert await post(instance, junk, {SECRET_HEADER: WEBHOOK_SECRET}) == 400
        assert await post(instance, update, {SECRET_HEADER: WEBHOOK_SECRET}) == 200
        answer = await emulator.wait_for("sendMessage", after=0)
        assert answer.params["chat_id"] == PERSON


async def test_health_reports_the_database_and_the_delivery_worker(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    fast = settings.model_copy(update={"delivery_tick": 0.2})
    async with running_webhook_bot(fast) as instance:
        await asyncio.sleep(0.3)
        status, body = await health(instance)
        assert status == 200, body
        assert body["status"] == "ok" and body["database_reachable"] is True
        assert body["delivery_worker_alive"] is True
        assert body["undelivered"] == 0 and body["oldest_undelivered_seconds"] is None
        assert instance.application.job_queue is not None
        await instance.application.job_queue.stop(wait=True)
        await asyncio.sleep(3 * 0.2 + 0.8)
        status, body = await health(instance)
        assert status == 503, body
        assert body["status"] == "unhealthy" and body["delivery_worker_alive"] is False
        assert body["database_reachable"] is True


async def test_stopping_finishes_the_update_in_flight(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    started = asyncio.Event()

    async def slow(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        started.set()
        await asyncio.sleep(0.5)

    async with running_webhook_bot(settings) as instance:
        instance.application.add_handler(TypeHandler(Update, slow), group=-100)
        emulator.user(PERSON, "Webhook Canary", language_code="en")
        emulator.send_text(PERSON, "/start")
        await started.wait()
        await instance.server.stop()  # as on SIGTERM: stop accepting, finish what is in flight
        assert [c for c in emulator.calls if c.method == "sendMessage"], "answered before stopping"
        info = await instance.application.bot.get_webhook_info()
        assert info.last_error_date is None, info.last_error_message
        assert info.pending_update_count == 0


@pytest.mark.parametrize("secret", [None, "", "has space", "x" * 257, "ünïcode"])
async def test_webhook_mode_refuses_to_start_without_a_valid_secret(
    settings: Settings, secret: str | None
) -> None:
    configured = settings.model_copy(
        update={
            "webhook_url": "https://bot.example.org/telegram",
            "webhook_secret": None if secret is None else SecretStr(secret),
        }
    )
    with pytest.raises(StartupError, match="BOSHPANA_WEBHOOK_SECRET"):
        await serve(configured, TOKEN, webhook=True)


async def test_webhook_mode_needs_the_public_url(settings: Settings) -> None:
    configured = settings.model_copy(update={"webhook_secret": SecretStr(WEBHOOK_SECRET)})
    assert webhook_secret(configured) == WEBHOOK_SECRET
    with pytest.raises(StartupError, match="BOSHPANA_WEBHOOK_URL"):
        await serve(configured, TOKEN, webhook=True)


async def test_an_update_delivered_again_is_not_processed_again(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    async with running_webhook_bot(settings, set_webhook=False) as instance:
        emulator.user(PERSON, "Webhook Canary", language_code="en")
        update = {"update_id": 41, "message": emulator.send_text(PERSON, "/start")}
        secret = {SECRET_HEADER: WEBHOOK_SECRET}
        assert await post(instance, update, secret) == 200
        answered = len([c for c in emulator.calls if c.method == "sendMessage"])
        assert answered
        assert await post(instance, update, secret) == 200, "acknowledged, so Telegram stops"
        both = await asyncio.gather(
            post(instance, {**update, "update_id": 42}, secret),
            post(instance, {**update, "update_id": 42}, secret),
        )
        assert both == [200, 200]
        await asyncio.sleep(0.3)
        sent = [c for c in emulator.calls if c.method == "sendMessage"]
        assert len(sent) == 2 * answered, "41 once and 42 once, however often they came"


async def test_boshpana_run_webhook_serves_and_stops_on_sigterm(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert settings.secret_key is not None
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": emulator.base_url,
        "BOSHPANA_DATA_DIR": str(settings.data_dir),
        "BOSHPANA_SECRET_KEY": settings.secret_key.get_secret_value(),
        "BOSHPANA_WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram",
        "BOSHPANA_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "BOSHPANA_PORT": str(port),
        "BOSHPANA_LOG_FORMAT": "json",
    }
    if settings.database_url:
        env["DATABASE_URL"] = settings.database_url
        env["BOSHPANA_DB_SCHEMA"] = settings.db_schema or ""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "import sys; from bot.cli.main import main; sys.exit(main(sys.argv[1:]))",
        "run",
        "--webhook",
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        await emulator.wait_for("setWebhook", after=0, timeout=30)
        assert await healthy_soon(f"http://127.0.0.1:{port}{HEALTH_PATH}"), "never healthy"
        person = Person(emulator, emulator.user(PERSON, "Webhook Canary", language_code="en"))
        await person.send("/start")
        process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode == 0, stderr.decode()
    logged = [json.loads(line) for line in stderr.decode().splitlines() if line.startswith("{")]
    assert any("finishing the updates in flight" in entry["message"] for entry in logged)
    assert TOKEN not in stderr.decode()
