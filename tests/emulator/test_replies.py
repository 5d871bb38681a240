"""Waiting for events: the bot's reply to an update, the first matching call, a confirmation."""

from __future__ import annotations

import asyncio

import pytest

from emulator import BotApiEmulator
from tests.emulator.conftest import Api

YES = {"inline_keyboard": [[{"text": "Yes", "callback_data": "y"}]]}


async def test_a_reply_is_the_first_call_about_the_chat_after_the_update_reached_the_bot(
    emu: BotApiEmulator, api: Api
) -> None:
    emu.user(7)
    emu.user(8)
    emu.send_text(7, "hi")
    update_id = emu.latest_update_id
    await api.ok("sendMessage", chat_id=7, text="before")  # the bot had not seen it yet
    reply = asyncio.create_task(emu.reply_to(update_id))
    [update] = await api.ok("getUpdates")
    assert update["update_id"] == update_id
    await api.ok("sendMessage", chat_id=8, text="to someone else")
    await api.ok("sendMessage", chat_id=7, text="the reply")
    assert (await reply).params["text"] == "the reply"


async def test_a_button_press_is_answered_by_its_callback_query(
    emu: BotApiEmulator, api: Api
) -> None:
    emu.user(7)
    await api.ok("sendMessage", chat_id=7, text="Sure?", reply_markup=YES)
    query = emu.press_button(7, "Yes")
    await api.ok("getUpdates")
    await api.ok("answerCallbackQuery", callback_query_id=query)
    await api.ok("sendMessage", chat_id=7, text="Done")
    answered = await emu.reply_to(emu.latest_update_id)
    assert answered.method == "answerCallbackQuery"
    done = await emu.reply_to(emu.latest_update_id, lambda c: c.method == "sendMessage")
    assert done.params["text"] == "Done"


async def test_a_press_on_an_inline_message_belongs_to_the_person(
    emu: BotApiEmulator, api: Api
) -> None:
    query = emu.press_inline(emu.user(7), "inline-1", "data")
    [update] = await api.ok("getUpdates")
    assert update["callback_query"]["inline_message_id"] == "inline-1"
    assert "message" not in update["callback_query"]
    await api.ok("answerCallbackQuery", callback_query_id=query)
    assert (await emu.reply_to(update["update_id"])).method == "answerCallbackQuery"


async def test_no_reply_fails_naming_the_update(emu: BotApiEmulator, api: Api) -> None:
    emu.send_text(emu.user(7), "hi")
    with pytest.raises(AssertionError, match="did not reach the bot"):
        await emu.reply_to(emu.latest_update_id, timeout=0.1)
    await api.ok("getUpdates")
    with pytest.raises(AssertionError, match=r"no reply to update 1 in chat 7 within"):
        await emu.reply_to(emu.latest_update_id, timeout=0.1)
    with pytest.raises(LookupError):
        await emu.reply_to(99)


async def test_first_call_looks_only_after_the_mark(emu: BotApiEmulator, api: Api) -> None:
    emu.user(7)
    await api.ok("sendMessage", chat_id=7, text="old")
    mark = emu.mark()
    waiting = asyncio.create_task(emu.first_call(lambda c: c.method == "sendMessage", after=mark))
    await api.ok("sendMessage", chat_id=7, text="new")
    assert (await waiting).params["text"] == "new"


async def test_confirmed_when_the_bot_polls_past_the_update(emu: BotApiEmulator, api: Api) -> None:
    emu.send_text(emu.user(7), "hi")
    update_id = emu.latest_update_id
    await api.ok("getUpdates")
    confirmed = asyncio.create_task(emu.confirmed(update_id))
    await api.ok("getUpdates", offset=update_id + 1)
    await confirmed
