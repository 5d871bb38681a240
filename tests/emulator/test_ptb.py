"""python-telegram-bot against the emulator: error mapping, uploads and a real Application."""

from __future__ import annotations

from datetime import timedelta

import pytest
from telegram import Bot, Update
from telegram.error import BadRequest, EndPointNotFound, Forbidden, RetryAfter
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters

from emulator import BotApiEmulator
from emulator.testing import running_emulator
from tests.emulator.conftest import TOKEN


async def test_fault_injection_maps_to_ptb_exceptions(
    emu: BotApiEmulator, bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "1")  # opt in to PTB 23 behaviour, no deprecation warning
    emu.user(7)
    emu.fail_next(
        "sendMessage",
        status=429,
        description="Too Many Requests: retry after 3",
        retry_after=3,
    )
    with pytest.raises(RetryAfter) as raised:
        await bot.send_message(7, "hi")
    assert raised.value.retry_after == timedelta(seconds=3)
    emu.fail_next("sendMessage", status=400, description="Bad Request: chat not found", count=2)
    for _ in range(2):
        with pytest.raises(BadRequest, match="Chat not found"):
            await bot.send_message(7, "hi")
    assert (await bot.send_message(7, "hi")).text == "hi"


async def test_blocked_user_gives_forbidden(emu: BotApiEmulator, bot: Bot) -> None:
    user = emu.user(7)
    emu.block_bot(user)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(7, "hi")
    [update] = await bot.get_updates()
    assert update.my_chat_member is not None
    assert update.my_chat_member.new_chat_member.status == "kicked"
    emu.unblock_bot(user)
    assert (await bot.send_message(7, "back")).text == "back"


async def test_uploads_and_downloads(emu: BotApiEmulator, bot: Bot) -> None:
    emu.user(7)
    sent = await bot.send_document(
        7, b"%PDF-1.4 test", filename="guide.pdf", caption="<b>Guide</b>", parse_mode="HTML"
    )
    assert sent.document is not None and sent.document.file_name == "guide.pdf"
    assert sent.caption == "Guide" and sent.caption_entities[0].type == "bold"
    file = await bot.get_file(sent.document.file_id)
    assert bytes(await file.download_as_bytearray()) == b"%PDF-1.4 test"
    again = await bot.send_photo(7, sent.document.file_id)
    assert again.photo[0].file_id == sent.document.file_id
    with pytest.raises(BadRequest, match="Wrong file identifier"):
        await bot.send_sticker(7, "no-such-file")
    assert emu.violations == []


async def test_real_application_echoes_through_the_emulator() -> None:
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text(
            f"<b>echo:</b> {update.effective_message.text}", parse_mode="HTML"
        )

    async with running_emulator() as emu:
        app = (
            ApplicationBuilder()
            .token(TOKEN)
            .base_url(emu.base_url)
            .base_file_url(emu.base_file_url)
            .build()
        )
        app.add_handler(MessageHandler(filters.TEXT, echo))
        async with app:
            await app.start()
            assert app.updater is not None
            await app.updater.start_polling(poll_interval=0, timeout=1)
            emu.send_text(emu.user(42), "salom")
            call = await emu.reply_to(emu.latest_update_id)
            assert call.method == "sendMessage" and call.result["text"] == "echo: salom"
            await app.updater.stop()
            await app.stop()
        last = emu.last_bot_message(42)
        assert last is not None and last.text == "echo: salom"
        assert [c.method for c in emu.calls][:2] == ["getMe", "deleteWebhook"]


async def test_running_emulator_reports_violations() -> None:
    with pytest.raises(AssertionError, match="unknown method 'sendTelepathy'"):
        async with running_emulator() as emu, Bot(TOKEN, base_url=emu.base_url) as bot:
            with pytest.raises(EndPointNotFound):
                await bot.do_api_request("sendTelepathy")
