"""Simulated people: what users do in their Telegram clients, turned into updates."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from emulator.models import JsonDict, SimChat, SimUser, StoredMessage
from emulator.spec import ApiSpec
from emulator.state import ChatState, EmulatorState, commands_key
from emulator.telegram_html import utf16_len
from emulator.updates import update_chat


@dataclass(frozen=True)
class UpdateSubject:
    """What an update is about: the bot answers it in ``chat`` (and ``callback_query_id``)."""

    chat: object
    callback_query_id: str | None


class Simulation:
    """The people side of the emulator; :class:`~emulator.BotApiEmulator` adds the server."""

    def __init__(self, state: EmulatorState, spec: ApiSpec) -> None:
        self._state = state
        self._spec = spec
        self._subjects: dict[int, UpdateSubject] = {}
        self.latest_update_id = 0
        """The id of the newest update people caused (0 before the first)."""

    # --- people and chats -------------------------------------------------------------

    def user(
        self,
        user_id: int,
        first_name: str = "Test",
        language_code: str | None = "en",
        username: str | None = None,
    ) -> SimUser:
        """Create (or update) a person who has a private chat with the bot."""
        user = SimUser(user_id, first_name, language_code, username)
        self._state.add_user(user)
        return user

    def group(self, chat_id: int, title: str = "Group") -> SimChat:
        """Create a basic group containing the bot; pass it as ``chat=`` to send in it."""
        group = SimChat(chat_id, title)
        self._state.add_group(group)
        return group

    def register_file(self, data: bytes, file_name: str = "file.bin") -> JsonDict:
        """Store a file a user sends; returns ``file_id``, ``file_unique_id``, ``file_size``."""
        stored = self._state.store_file(data, "documents", file_name)
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(data),
        }

    # --- what users do -----------------------------------------------------------------

    def send_text(
        self, user: SimUser | int, text: str, *, chat: SimChat | int | None = None, **extra: Any
    ) -> JsonDict:
        """The user sends ``text``; a leading ``/command`` gets a ``bot_command`` entity."""
        fields: JsonDict = {"text": text, **extra}
        if text.startswith("/") and "entities" not in extra:
            command = text.split(maxsplit=1)[0]
            fields["entities"] = [
                {"type": "bot_command", "offset": 0, "length": utf16_len(command)}
            ]
        return self.send_message_update(user, fields, chat=chat)

    def send_message_update(
        self, user: SimUser | int, message_fields: JsonDict, *, chat: SimChat | int | None = None
    ) -> JsonDict:
        """The user sends a message with ``message_fields`` (sticker, voice, photo, ...).

        ``message_id``, ``date``, ``chat`` and ``from`` are filled in. Returns the Message.
        """
        person = self._person(user)
        target = self._chat(person, chat)
        stored = self._state.add_message(target, person.as_user(), message_fields)
        self.push_update({"message": stored.raw})
        return copy.deepcopy(stored.raw)

    def edit_text(
        self,
        user: SimUser | int,
        message_id: int,
        new_text: str,
        *,
        chat: SimChat | int | None = None,
    ) -> None:
        """The user edits one of their text messages (an ``edited_message`` update)."""
        person = self._person(user)
        message = self._chat(person, chat).messages.get(message_id)
        if message is None or message.deleted or message.raw["from"]["id"] != person.id:
            raise LookupError(f"user {person.id} has no message {message_id} to edit")
        if "text" not in message.raw:
            raise ValueError(f"message {message_id} has no text to edit")
        message.raw["text"] = new_text
        message.raw.pop("entities", None)
        message.raw["edit_date"] = self._state.now()
        self.push_update({"edited_message": message.raw})

    def press(
        self,
        user: SimUser | int,
        message_id: int,
        data: str,
        *,
        chat: SimChat | int | None = None,
        forged: bool = False,
    ) -> str:
        """The user presses an inline button carrying ``data`` on a bot message.

        With ``forged=True`` ``data`` need not be on the message: a modified client can
        send arbitrary callback data. Returns the callback query id.
        """
        person = self._person(user)
        message = self._bot_message(self._chat(person, chat), message_id)
        offered = [b.get("callback_data") for b in _buttons(message)]
        if not forged and data not in offered:
            raise LookupError(
                f"message {message_id} has no button with callback_data {data!r}; it has "
                f"{offered}. Pass forged=True to send it anyway"
            )
        return self._callback_query(person, message, data)

    def press_button(
        self,
        user: SimUser | int,
        text_or_index: str | int,
        message_id: int | None = None,
        *,
        chat: SimChat | int | None = None,
    ) -> str:
        """Press the inline button with this label (or flat index) on the latest bot
        message that has buttons (or on ``message_id``). Returns the callback query id."""
        person = self._person(user)
        target = self._chat(person, chat)
        if message_id is not None:
            message = self._bot_message(target, message_id)
        else:
            with_buttons = [m for m in self._visible(target) if m.from_bot and _buttons(m)]
            if not with_buttons:
                raise LookupError(
                    f"no bot message with inline buttons in chat {target.chat['id']}"
                )
            message = with_buttons[-1]
        buttons = _buttons(message)
        labels = [b["text"] for b in buttons]
        if isinstance(text_or_index, int):
            if not 0 <= text_or_index < len(buttons):
                raise LookupError(f"no button #{text_or_index}; buttons are {labels}")
            button = buttons[text_or_index]
        else:
            matches = [b for b in buttons if b["text"] == text_or_index]
            if not matches:
                raise LookupError(f"no button {text_or_index!r}; buttons are {labels}")
            button = matches[0]
        if "callback_data" not in button:
            raise ValueError(f"button {button['text']!r} sends nothing to the bot: {button}")
        return self._callback_query(person, message, button["callback_data"])

    def press_inline(self, user: SimUser | int, inline_message_id: str, data: str) -> str:
        """The user presses a button on a message sent in inline mode (it has no chat).

        Returns the callback query id.
        """
        person = self._person(user)
        query_id = str(4_000_000_000_000 + self._state.next_id())
        self._state.callback_queries[query_id] = False
        query = {
            "id": query_id,
            "from": person.as_user(),
            "chat_instance": str(person.id * 1_000_003 % 2**62),
            "inline_message_id": inline_message_id,
            "data": data,
        }
        self.push_update({"callback_query": query})
        return query_id

    def block_bot(self, user: SimUser | int) -> None:
        """The user blocks the bot: sends to them now fail with 403."""
        self._set_blocked(self._person(user), blocked=True)

    def unblock_bot(self, user: SimUser | int) -> None:
        """The user unblocks the bot."""
        self._set_blocked(self._person(user), blocked=False)

    def push_update(self, update: JsonDict) -> int:
        """Queue a copy of a raw update (``update_id`` is assigned); it must be valid per spec."""
        errors = self._spec.check_value({**update, "update_id": 0}, ("Update",), "update")
        if errors:
            raise ValueError("invalid update: " + "; ".join(errors))
        update_id = self._state.updates.push(copy.deepcopy(update))
        query = update.get("callback_query")
        self._subjects[update_id] = UpdateSubject(
            update_chat(update), query.get("id") if isinstance(query, dict) else None
        )
        self.latest_update_id = update_id
        return update_id

    def subject(self, update_id: int) -> UpdateSubject:
        """What update ``update_id`` is about (``LookupError`` for one nobody caused)."""
        if update_id not in self._subjects:
            raise LookupError(f"no update {update_id} was pushed")
        return self._subjects[update_id]

    def advance_clock(self, seconds: float) -> None:
        """Move the server clock forward (e.g. past the 48 h delete window)."""
        self._state.clock_offset += seconds

    # --- observing ---------------------------------------------------------------------

    def chat_messages(self, chat_id: int) -> list[StoredMessage]:
        """The messages currently visible in a chat, oldest first."""
        chat = self._state.chats.get(chat_id)
        return self._visible(chat) if chat else []

    def last_bot_message(self, chat_id: int) -> StoredMessage | None:
        """The bot's latest visible message in a chat."""
        return next((m for m in reversed(self.chat_messages(chat_id)) if m.from_bot), None)

    def reply_keyboard(self, chat_id: int) -> JsonDict | None:
        """The reply keyboard the bot currently shows in a chat, if any."""
        chat = self._state.chats.get(chat_id)
        markup = chat.reply_keyboard if chat else None
        return markup if markup and "keyboard" in markup else None

    def command_menu(self, user: SimUser | int) -> list[JsonDict]:
        """The commands the user's app lists in their private chat with the bot.

        As Telegram documents for private chats: the first scope that has commands, from
        the chat's own to ``all_private_chats`` to ``default``, each with the user's
        ``language_code`` before without it.
        """
        user_id = user.id if isinstance(user, SimUser) else user
        chat = self._state.chats.get(user_id)
        language = chat.user.language_code if chat and chat.user else None
        scopes = ({"type": "chat", "chat_id": user_id}, {"type": "all_private_chats"}, None)
        for scope in scopes:
            for code in (language, None):
                if commands := self._state.commands.get(commands_key(scope, code)):
                    return copy.deepcopy(commands)
        return []

    def file_content(self, file_id: str) -> bytes | None:
        """The bytes of a file the bot uploaded (or a user sent), if the server has them."""
        stored = self._state.files.get(file_id)
        return stored.data if stored else None

    @property
    def left_chats(self) -> list[int]:
        """Chats the bot left with ``leaveChat``."""
        return list(self._state.left_chats)

    # --- helpers -----------------------------------------------------------------------

    def _person(self, user: SimUser | int) -> SimUser:
        if isinstance(user, SimUser):
            self._state.add_user(user)
            return user
        known = self._state.chats.get(user)
        return known.user if known and known.user else self.user(user)

    def _chat(self, person: SimUser, chat: SimChat | int | None) -> ChatState:
        if chat is None:
            return self._state.chats[person.id]
        chat_id = chat.id if isinstance(chat, SimChat) else chat
        if chat_id not in self._state.chats:
            raise LookupError(f"unknown chat {chat_id}; create it with group()")
        return self._state.chats[chat_id]

    @staticmethod
    def _visible(chat: ChatState) -> list[StoredMessage]:
        return [m for m in chat.messages.values() if not m.deleted]

    @staticmethod
    def _bot_message(chat: ChatState, message_id: int) -> StoredMessage:
        message = chat.messages.get(message_id)
        if message is None or message.deleted or not message.from_bot:
            raise LookupError(f"no bot message {message_id} in chat {chat.chat['id']}")
        return message

    def _callback_query(self, person: SimUser, message: StoredMessage, data: str) -> str:
        query_id = str(4_000_000_000_000 + self._state.next_id())
        self._state.callback_queries[query_id] = False
        query = {
            "id": query_id,
            "from": person.as_user(),
            "chat_instance": str(abs(message.chat_id) * 1_000_003 % 2**62),
            "message": message.raw,
            "data": data,
        }
        self.push_update({"callback_query": query})
        return query_id

    def _set_blocked(self, person: SimUser, *, blocked: bool) -> None:
        chat = self._state.chats[person.id]
        if chat.blocked == blocked:
            return
        chat.blocked = blocked
        bot = self._state.bot_user
        member = {"status": "member", "user": bot}
        kicked = {"status": "kicked", "user": bot, "until_date": 0}
        old, new = (member, kicked) if blocked else (kicked, member)
        self.push_update(
            {
                "my_chat_member": {
                    "chat": chat.chat,
                    "from": person.as_user(),
                    "date": self._state.now(),
                    "old_chat_member": old,
                    "new_chat_member": new,
                }
            }
        )


def _buttons(message: StoredMessage) -> list[JsonDict]:
    markup = message.reply_markup or {}
    return [button for row in markup.get("inline_keyboard", []) for button in row]
