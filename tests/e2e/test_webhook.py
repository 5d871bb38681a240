"""``boshpana run --webhook``: updates by webhook with a secret token, health, a clean stop."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sys
from typing import Any

import aiohttp
import pytest
from pydantic import SecretStr
from telegram import Bot, Update
from telegram.ext import ContextTypes, TypeHandler

from bot.core.config import Settings
from bot.person import texts
from bot.serving.runtime import StartupError
from bot.serving.serve import RunningBot, running
from bot.serving.webhook import HEALTH_PATH, SECRET_HEADER, webhook_secret
from emulator import BotApiEmulator, Call
from tests.e2e.harness import (
    CATALOGS,
    TOKEN,
    WAIT,
    WEBHOOK_SECRET,
    Person,
    endpoint,
    free_port,
    running_webhook_bot,
)

PERSON = 7101


async def post(bot: RunningBot, update: dict[str, Any], headers: dict[str, str]) -> int:
    """POST ``update`` to the bot's webhook endpoint; the HTTP status it answered."""
    async with (
        aiohttp.ClientSession() as http,
        http.post(endpoint(bot), json=update, headers=headers) as response,
    ):
        return response.status


async def health(port: int) -> tuple[int, dict[str, Any]]:
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"http://127.0.0.1:{port}{HEALTH_PATH}") as response,
    ):
        return response.status, await response.json()


async def health_becomes(port: int, status: int) -> dict[str, Any]:
    """``/healthz`` once it answers ``status``, asked as a load balancer does, every 0.1 s."""
    async with asyncio.timeout(WAIT):
        while True:
            answered, body = await health(port)
            if answered == status:
                return body
            await asyncio.sleep(0.1)


def start_message(emulator: BotApiEmulator, update_id: int) -> dict[str, Any]:
    """An update with a person's /start, made by hand (not queued in the emulator)."""
    user = emulator.user(PERSON, "Webhook Canary", language_code="en")
    message = {
        "message_id": update_id,
        "from": user.as_user(),
        "chat": user.as_chat(),
        "date": 1,
        "text": "/start",
        "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
    }
    return {"update_id": update_id, "message": message}


def answers(emulator: BotApiEmulator) -> list[Call]:
    return [c for c in emulator.calls if c.method == "sendMessage"]


async def test_a_person_is_answered_through_the_webhook(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    async with running_webhook_bot(settings) as bot:
        person = Person(emulator, emulator.user(PERSON, "Webhook Canary", language_code="en"))
        await person.send("/start")
        assert person.bot_messages(), "answered through the webhook"
        (registered,) = [c for c in emulator.calls if c.method == "setWebhook"]
        assert registered.params["url"] == endpoint(bot)
        assert registered.params["secret_token"] == WEBHOOK_SECRET
        assert "callback_query" in registered.params["allowed_updates"]
        info = await bot.application.bot.get_webhook_info()
        assert info.url == endpoint(bot) and info.last_error_date is None


async def test_telegram_is_told_how_many_requests_to_keep_open(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    assert settings.webhook_max_connections == 40, "Telegram's default unless set"
    configured = settings.model_copy(update={"webhook_max_connections": 100})
    async with running_webhook_bot(configured) as bot:
        (registered,) = [c for c in emulator.calls if c.method == "setWebhook"]
        assert registered.params["max_connections"] == 100
        info = await bot.application.bot.get_webhook_info()
        assert info.max_connections == 100


async def test_requests_without_the_secret_token_are_refused_unprocessed(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    async with running_webhook_bot(settings) as bot:
        update = start_message(emulator, 1)
        assert await post(bot, update, {}) == 403
        assert await post(bot, update, {SECRET_HEADER: "wrong-secret"}) == 403
        assert await post(bot, update, {SECRET_HEADER: WEBHOOK_SECRET[:-1]}) == 403
        assert await post(bot, update, {SECRET_HEADER: WEBHOOK_SECRET + "x"}) == 403
        assert not answers(emulator), "refused before processing: nothing was answered"
        assert await post(bot, {"update_id": 2}, {SECRET_HEADER: WEBHOOK_SECRET}) == 200
        for junk in ({"update_id": "x"}, {"update_id": 3, "message": 5}, {}):
            assert await post(bot, junk, {SECRET_HEADER: WEBHOOK_SECRET}) == 400
        assert await post(bot, update, {SECRET_HEADER: WEBHOOK_SECRET}) == 200
        answered = await emulator.wait_for("sendMessage", lambda c: c.ok)
        assert answered.params["chat_id"] == PERSON, "only the request with the secret"


async def test_health_reports_the_database_and_the_delivery_worker(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    fast = settings.model_copy(update={"delivery_tick": 0.2})
    async with running_webhook_bot(fast) as bot:
        assert bot.server is not None
        body = await health_becomes(bot.server.port, 200)
        assert body["status"] == "ok" and body["database_reachable"] is True
        assert body["delivery_worker_alive"] is True
        assert body["undelivered"] == 0 and body["oldest_undelivered_seconds"] is None
        assert bot.application.job_queue is not None
        await bot.application.job_queue.stop(wait=True)
        body = await health_becomes(bot.server.port, 503)  # three missed ticks (real time)
        assert body["status"] == "unhealthy" and body["delivery_worker_alive"] is False
        assert body["database_reachable"] is True


async def test_stopping_finishes_the_update_in_flight(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    started, release = asyncio.Event(), asyncio.Event()

    async def slow(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        started.set()
        await release.wait()

    async with contextlib.AsyncExitStack() as stack:
        bot = await stack.enter_async_context(running_webhook_bot(settings))
        bot.application.add_handler(TypeHandler(Update, slow), group=-100)
        emulator.user(PERSON, "Webhook Canary", language_code="en")
        emulator.send_text(PERSON, "/start")
        await started.wait()
        stopping = asyncio.create_task(stack.aclose())  # as on SIGTERM
        await asyncio.sleep(0)  # let it begin
        assert not answers(emulator)
        release.set()
        await stopping
    assert answers(emulator), "the update in flight was finished and answered"
    async with Bot(TOKEN, base_url=settings.base_url) as outside:
        info = await outside.get_webhook_info()
    assert info.last_error_date is None, info.last_error_message
    assert info.pending_update_count == 0


@pytest.mark.parametrize(
    "secret", [None, "", "has space", "trailing-space ", "x" * 257, "ünïcode"]
)
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
        async with running(configured, TOKEN, webhook=True):
            pass


async def test_webhook_mode_needs_the_public_url(settings: Settings) -> None:
    configured = settings.model_copy(update={"webhook_secret": SecretStr(WEBHOOK_SECRET)})
    assert webhook_secret(configured) == WEBHOOK_SECRET
    with pytest.raises(StartupError, match="BOSHPANA_WEBHOOK_URL"):
        async with running(configured, TOKEN, webhook=True):
            pass


async def test_an_update_delivered_again_is_not_processed_again(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    async with running_webhook_bot(settings) as bot:
        update = start_message(emulator, 41)
        secret = {SECRET_HEADER: WEBHOOK_SECRET}
        assert await post(bot, update, secret) == 200
        assert await post(bot, update, secret) == 200, "acknowledged, so Telegram stops"
        both = await asyncio.gather(
            post(bot, {**update, "update_id": 42}, secret),
            post(bot, {**update, "update_id": 42}, secret),
        )
        assert both == [200, 200]
        assert await post(bot, {**update, "update_id": 43}, secret) == 200
        # The person's updates are processed in order: once 43 is answered, so is every
        # copy of 41 and 42 before it.
        index = 0
        for _ in range(3):
            index = (await emulator.wait_for("sendMessage", greeting, after=index)).index + 1
    assert len([c for c in emulator.calls if greeting(c)]) == 3, "41, 42, 43 once each"


def greeting(call: Call) -> bool:
    """The bot's greeting (the choice of language) to the person."""
    text = CATALOGS.translator("en").raw(texts.CHOOSE_LANGUAGE)
    return call.ok and call.params.get("chat_id") == PERSON and text in str(call.params)


async def test_boshpana_run_webhook_serves_and_stops_on_sigterm(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    port = free_port()
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
        await health_becomes(port, 200)
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


async def test_malformed_updates_are_refused_without_a_traceback(
    emulator: BotApiEmulator, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    nested = b"[" * 100_000 + b"]" * 100_000
    chatless = {"update_id": 9, "message": {"message_id": 1, "date": 0, "text": "hi"}}
    async with running_webhook_bot(settings) as bot, aiohttp.ClientSession() as http:
        headers = {SECRET_HEADER: WEBHOOK_SECRET, "Content-Type": "application/json"}
        async with http.post(endpoint(bot), data=nested, headers=headers) as response:
            assert response.status == 400
        assert await post(bot, chatless, {SECRET_HEADER: WEBHOOK_SECRET}) == 400
    assert not [r for r in caplog.records if r.exc_info], "no traceback logged"
