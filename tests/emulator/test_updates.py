"""getUpdates semantics: offsets, limit, long polling, webhook conflict."""

from __future__ import annotations

import asyncio
import contextlib
import time

import aiohttp

from emulator import BotApiEmulator
from emulator.notify import Notifier
from tests.emulator.conftest import Api


def _ids(updates: list[dict[str, object]]) -> list[object]:
    return [u["update_id"] for u in updates]


async def test_offset_confirms_earlier_updates(emu: BotApiEmulator, api: Api) -> None:
    for i in range(3):
        emu.send_text(7, f"m{i}")
    first, second, third = _ids(await api.ok("getUpdates"))
    assert _ids(await api.ok("getUpdates")) == [first, second, third]  # nothing confirmed yet
    assert _ids(await api.ok("getUpdates", offset=second)) == [second, third]
    assert _ids(await api.ok("getUpdates")) == [second, third]  # first is gone for good
    assert _ids(await api.ok("getUpdates", offset=third + 1)) == []


async def test_negative_offset_keeps_only_the_last_updates(emu: BotApiEmulator, api: Api) -> None:
    for i in range(4):
        emu.send_text(7, f"m{i}")
    last_two = _ids(await api.ok("getUpdates"))[-2:]
    assert _ids(await api.ok("getUpdates", offset=-2)) == last_two
    assert _ids(await api.ok("getUpdates")) == last_two  # the earlier ones were forgotten


async def test_limit(emu: BotApiEmulator, api: Api) -> None:
    for i in range(3):
        emu.send_text(7, f"m{i}")
    assert _ids(await api.ok("getUpdates", limit=2)) == [1, 2]


async def test_long_poll_returns_when_an_update_arrives(emu: BotApiEmulator, api: Api) -> None:
    started = time.monotonic()
    poll = asyncio.create_task(api.ok("getUpdates", timeout=5))
    await asyncio.sleep(0.1)
    message = emu.send_text(7, "hello")
    updates = await poll
    assert time.monotonic() - started < 2
    assert updates[0]["message"] == message
    assert updates[0]["message"]["chat"] == {"id": 7, "type": "private", "first_name": "Test"}


async def test_long_poll_times_out_empty(api: Api) -> None:
    started = time.monotonic()
    assert await api.ok("getUpdates", timeout=1) == []
    assert 0.9 < time.monotonic() - started < 2


async def test_newer_poll_terminates_the_waiting_one(api: Api) -> None:
    waiting = asyncio.create_task(api("getUpdates", timeout=5))
    await asyncio.sleep(0.1)
    assert await api.ok("getUpdates") == []
    status, body = await waiting
    assert status == 409
    assert body["description"].startswith("Conflict: terminated by other getUpdates request")


async def test_commands_get_a_bot_command_entity(emu: BotApiEmulator, api: Api) -> None:
    emu.send_text(emu.user(7, language_code="uz"), "/start payload")
    [update] = await api.ok("getUpdates")
    message = update["message"]
    assert message["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
    assert message["from"]["language_code"] == "uz"


async def test_allowed_updates_filters_new_updates(emu: BotApiEmulator, api: Api) -> None:
    await api.ok("getUpdates", allowed_updates=["callback_query"])
    emu.send_text(7, "ignored")
    assert await api.ok("getUpdates") == []


async def test_get_updates_conflicts_with_webhook(api: Api) -> None:
    await api.ok("setWebhook", url="http://127.0.0.1:9/hook")
    status, body = await api("getUpdates")
    assert status == 409
    assert "webhook is active" in body["description"]
    await api.ok("deleteWebhook")
    assert await api.ok("getUpdates") == []


async def test_stop_does_not_wait_for_open_long_polls(emu: BotApiEmulator, api: Api) -> None:
    poll = asyncio.create_task(api("getUpdates", timeout=30))
    await asyncio.sleep(0.1)
    started = time.monotonic()
    await emu.stop()
    assert time.monotonic() - started < 2
    poll.cancel()
    with contextlib.suppress(asyncio.CancelledError, aiohttp.ClientError):
        await poll


async def test_an_update_queued_before_a_waiter_first_runs_still_wakes_it() -> None:
    """Webhook delivery and long polls wait in a task, which runs only on a later turn of
    the loop: an update queued in between must wake it (it sat pending until the next one)."""
    changed = Notifier()
    waiting = asyncio.ensure_future(changed.wait())
    changed.notify()  # before the task's first step
    await asyncio.wait_for(waiting, timeout=5)
