"""Documented method behaviour: sending, editing, deleting, callbacks, files, errors."""

from __future__ import annotations

from typing import Any

import pytest
from telegram import Bot

from emulator import BotApiEmulator
from emulator.methods import NOT_MODIFIED, QUERY_INVALID
from tests.emulator.conftest import TOKEN, Api

KEYBOARD = {"inline_keyboard": [[{"text": "Yes", "callback_data": "yes"}]]}


async def _send(api: Api, chat_id: int = 7, **extra: Any) -> dict[str, Any]:
    return await api.ok("sendMessage", chat_id=chat_id, text="Question?", **extra)


async def _error(api: Api, method: str, **params: Any) -> tuple[int, str]:
    status, body = await api(method, **params)
    assert not body["ok"] and body["error_code"] == status
    return status, body["description"]


async def test_get_me_uses_the_token_id(api: Api) -> None:
    me = await api.ok("getMe")
    assert me["id"] == int(TOKEN.split(":")[0]) and me["is_bot"] is True


async def test_send_message_returns_a_full_message(emu: BotApiEmulator, api: Api) -> None:
    emu.send_text(emu.user(7, first_name="Aziz"), "hi")
    message = await _send(api, reply_markup=KEYBOARD, parse_mode="HTML")
    assert message["message_id"] == 2  # the user's message was 1
    assert message["chat"]["first_name"] == "Aziz"
    assert message["from"]["is_bot"] is True
    assert message["reply_markup"] == KEYBOARD
    stored = emu.last_bot_message(7)
    assert stored is not None and stored.text == "Question?" and stored.reply_markup == KEYBOARD
    assert emu.violations == []


async def test_sending_to_an_unknown_chat_fails(api: Api) -> None:
    assert await _error(api, "sendMessage", chat_id=999, text="x") == (
        400,
        "Bad Request: chat not found",
    )


async def test_reply_parameters(emu: BotApiEmulator, api: Api) -> None:
    question = emu.send_text(7, "question")
    reply = await _send(api, reply_parameters={"message_id": question["message_id"]})
    assert reply["reply_to_message"]["text"] == "question"
    assert await _error(
        api, "sendMessage", chat_id=7, text="x", reply_parameters={"message_id": 99}
    ) == (
        400,
        "Bad Request: message to be replied not found",
    )


async def test_form_encoded_numbers_stay_text(emu: BotApiEmulator, api: Api) -> None:
    emu.user(7)
    status, body = await api.form("sendMessage", chat_id="7", text="123")
    assert status == 200 and body["result"]["text"] == "123"


async def test_query_string_get(emu: BotApiEmulator, api: Api) -> None:
    emu.user(7)
    async with api.session.get(
        api.url("sendmessage"), params={"chat_id": "7", "text": "q"}
    ) as resp:
        assert (await resp.json())["result"]["text"] == "q"
    assert emu.calls[-1].method == "sendMessage"


async def test_violation_is_answered_400_and_recorded(emu: BotApiEmulator, api: Api) -> None:
    emu.user(7)
    status, description = await _error(
        api, "sendMessage", chat_id=7, text="a<br>b", parse_mode="HTML"
    )
    assert (status, description) == (
        400,
        'Bad Request: can\'t parse entities: Unsupported start tag "br" at byte offset 1',
    )
    assert await _error(api, "sendMessage", chat_id=7, text="x", colour="red") == (
        400,
        "Bad Request: unknown parameter 'colour'",
    )
    assert emu.violations == [
        'sendMessage: can\'t parse entities: Unsupported start tag "br" at byte offset 1',
        "sendMessage: unknown parameter 'colour'",
    ]


async def test_unknown_and_unsupported_methods(emu: BotApiEmulator, api: Api) -> None:
    assert await _error(api, "sendTelepathy", chat_id=7) == (404, "Not Found")
    assert await _error(api, "sendDice", chat_id=7) == (
        400,
        "Bad Request: method not supported by the emulator",
    )
    assert emu.violations == [
        "unknown method 'sendTelepathy'",
        "sendDice: method not supported by the emulator",
    ]


async def test_bad_token_is_unauthorized(emu: BotApiEmulator, api: Api) -> None:
    async with api.session.post(f"{emu.base_url}not-a-token/getMe") as response:
        assert response.status == 401


async def test_edit_message_text(emu: BotApiEmulator, api: Api) -> None:
    emu.user(7)
    sent = await _send(api, reply_markup=KEYBOARD)
    ids = {"chat_id": 7, "message_id": sent["message_id"]}
    assert await _error(
        api, "editMessageText", **ids, text="Question?", reply_markup=KEYBOARD
    ) == (
        400,
        f"Bad Request: {NOT_MODIFIED}",
    )
    edited = await api.ok("editMessageText", **ids, text="<i>Answered</i>", parse_mode="HTML")
    assert edited["text"] == "Answered" and "edit_date" in edited
    assert "reply_markup" not in edited  # omitting reply_markup removes the keyboard
    stored = emu.last_bot_message(7)
    assert stored is not None and stored.text == "Answered" and stored.reply_markup is None
    assert await _error(api, "editMessageText", chat_id=7, message_id=99, text="x") == (
        400,
        "Bad Request: message to edit not found",
    )


async def test_edit_reply_markup_and_user_messages(emu: BotApiEmulator, api: Api) -> None:
    user_message = emu.send_text(7, "mine")
    sent = await _send(api)
    ids = {"chat_id": 7, "message_id": sent["message_id"]}
    edited = await api.ok("editMessageReplyMarkup", **ids, reply_markup=KEYBOARD)
    assert edited["reply_markup"] == KEYBOARD
    assert (await _error(api, "editMessageReplyMarkup", **ids, reply_markup=KEYBOARD))[
        1
    ].startswith("Bad Request: message is not modified")
    assert await _error(
        api, "editMessageText", chat_id=7, message_id=user_message["message_id"], text="x"
    ) == (
        400,
        "Bad Request: message can't be edited",
    )
    reply_keyboard = {"keyboard": [[{"text": "A"}]]}
    status, _ = await api("editMessageReplyMarkup", **ids, reply_markup=reply_keyboard)
    assert status == 400 and emu.violations  # only inline keyboards are allowed here


async def test_delete_window_is_48_hours(emu: BotApiEmulator, api: Api) -> None:
    user_message = emu.send_text(7, "secret")
    old = await _send(api)
    emu.advance_clock(48 * 3600 - 1)
    recent = await _send(api)
    assert await api.ok("deleteMessage", chat_id=7, message_id=user_message["message_id"]) is True
    emu.advance_clock(1)
    assert await _error(api, "deleteMessage", chat_id=7, message_id=old["message_id"]) == (
        400,
        "Bad Request: message can't be deleted",
    )
    assert await api.ok("deleteMessage", chat_id=7, message_id=recent["message_id"]) is True
    assert await _error(api, "deleteMessage", chat_id=7, message_id=recent["message_id"]) == (
        400,
        "Bad Request: message to delete not found",
    )
    assert [m.message_id for m in emu.chat_messages(7)] == [old["message_id"]]


async def test_delete_messages_skips_missing_ids(emu: BotApiEmulator, api: Api) -> None:
    emu.user(7)
    first, second = await _send(api), await _send(api)
    ids = [first["message_id"], 99, second["message_id"]]
    assert await api.ok("deleteMessages", chat_id=7, message_ids=ids) is True
    assert emu.chat_messages(7) == []


async def test_group_user_messages_cannot_be_deleted(emu: BotApiEmulator, api: Api) -> None:
    group = emu.group(-100, "Lawyers")
    message = emu.send_text(7, "hello all", chat=group)
    assert message["chat"] == {"id": -100, "type": "group", "title": "Lawyers"}
    assert await _error(api, "deleteMessage", chat_id=-100, message_id=message["message_id"]) == (
        400,
        "Bad Request: message can't be deleted",
    )


async def test_callback_queries(emu: BotApiEmulator, api: Api) -> None:
    user = emu.user(7)
    sent = await _send(api, reply_markup=KEYBOARD)
    query_id = emu.press_button(user, "Yes")
    [update] = (await api.ok("getUpdates"))[-1:]
    query = update["callback_query"]
    assert query["id"] == query_id and query["data"] == "yes"
    assert query["message"]["message_id"] == sent["message_id"]
    assert await api.ok("answerCallbackQuery", callback_query_id=query_id, text="Done") is True
    assert await _error(api, "answerCallbackQuery", callback_query_id=query_id) == (
        400,
        f"Bad Request: {QUERY_INVALID}",
    )


async def test_press_checks_buttons_unless_forged(emu: BotApiEmulator, api: Api) -> None:
    user = emu.user(7)
    sent = await _send(api, reply_markup=KEYBOARD)
    with pytest.raises(LookupError, match="no button 'No'; buttons are \\['Yes'\\]"):
        emu.press_button(user, "No")
    with pytest.raises(LookupError, match="Pass forged=True"):
        emu.press(user, sent["message_id"], "admin")
    assert emu.press(user, sent["message_id"], "admin", forged=True)
    assert emu.press_button(user, 0, sent["message_id"])


async def test_copy_and_forward(emu: BotApiEmulator, api: Api) -> None:
    emu.user(7)
    emu.user(8, first_name="Lawyer")
    original = emu.send_message_update(7, {"voice": {**emu.register_file(b"ogg"), "duration": 3}})
    copied = await api.ok(
        "copyMessage", chat_id=8, from_chat_id=7, message_id=original["message_id"]
    )
    stored = emu.chat_messages(8)[-1]
    assert stored.message_id == copied["message_id"]
    assert stored.raw["voice"] == original["voice"] and "forward_origin" not in stored.raw
    forwarded = await api.ok(
        "forwardMessage", chat_id=8, from_chat_id=7, message_id=original["message_id"]
    )
    assert forwarded["forward_origin"]["sender_user"]["id"] == 7


async def test_protected_content_cannot_be_copied(emu: BotApiEmulator, api: Api) -> None:
    emu.user(7)
    sent = await _send(api, protect_content=True)
    assert await _error(
        api, "copyMessage", chat_id=7, from_chat_id=7, message_id=sent["message_id"]
    ) == (
        400,
        "Bad Request: message can't be copied",
    )


async def test_commands_per_scope_and_language(api: Api) -> None:
    commands = [{"command": "start", "description": "Start"}]
    scope = {"type": "all_private_chats"}
    assert await api.ok("setMyCommands", commands=commands, scope=scope, language_code="uz")
    assert await api.ok("getMyCommands", scope=scope, language_code="uz") == commands
    assert await api.ok("getMyCommands") == []
    assert await api.ok("deleteMyCommands", scope=scope, language_code="uz")
    assert await api.ok("getMyCommands", scope=scope, language_code="uz") == []


async def test_profile_texts(api: Api) -> None:
    assert await api.ok("setMyName", name="Boshpana")
    assert await api.ok("setMyDescription", description="Yordam", language_code="uz")
    assert await api.ok("getMyName", language_code="ru") == {"name": "Boshpana"}
    assert await api.ok("getMyDescription", language_code="uz") == {"description": "Yordam"}
    assert (await api.ok("getMe"))["first_name"] == "Boshpana"


async def test_chat_action_leave_and_get_chat(emu: BotApiEmulator, api: Api) -> None:
    emu.user(7)
    group = emu.group(-5)
    assert await api.ok("sendChatAction", chat_id=7, action="typing")
    assert (await _error(api, "sendChatAction", chat_id=7, action="dancing"))[0] == 400
    assert (await api.ok("getChat", chat_id=7))["type"] == "private"
    assert await api.ok("leaveChat", chat_id=group.id)
    assert emu.left_chats == [group.id]


async def test_command_menu_is_the_narrowest_scope_in_the_users_language(
    emu: BotApiEmulator, api: Api
) -> None:
    def menu(*names: str) -> list[dict[str, str]]:
        return [{"command": name, "description": name.title()} for name in names]

    person = emu.user(7, language_code="uz")
    assert emu.command_menu(person) == []
    assert await api.ok("setMyCommands", commands=menu("start"))
    assert await api.ok("setMyCommands", commands=menu("boshlash"), language_code="uz")
    assert emu.command_menu(person) == menu("boshlash")
    assert emu.command_menu(emu.user(8, language_code="ru")) == menu("start")
    private = {"type": "all_private_chats"}
    assert await api.ok("setMyCommands", commands=menu("help"), scope=private)
    assert emu.command_menu(7) == menu("help")
    chat = {"type": "chat", "chat_id": 7}
    assert await api.ok("setMyCommands", commands=menu("duty"), scope=chat)
    assert emu.command_menu(7) == menu("duty")
    assert emu.command_menu(8) == menu("help"), "another chat keeps the wider menu"


async def test_file_content_is_what_the_bot_uploaded(emu: BotApiEmulator, bot: Bot) -> None:
    emu.user(7)
    sent = await bot.send_document(7, b"PK draft", filename="draft.docx")
    assert sent.document is not None
    assert emu.file_content(sent.document.file_id) == b"PK draft"
    assert emu.file_content("no-such-file") is None
