"""What the emulated Telegram server remembers: chats, messages, files, bot profile."""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from emulator.models import ApiError, JsonDict, SimChat, SimUser, StoredMessage, bad_request
from emulator.updates import UpdateQueue
from emulator.webhook import WebhookDelivery

BLOCKED = "Forbidden: bot was blocked by the user"
DEFAULT_BOT_NAME = "Emulated Bot"


def commands_key(scope: JsonDict | None, language_code: str | None) -> tuple[str, str]:
    """How a command list is filed: its scope (``None``: default) and language."""
    return json.dumps(scope or {"type": "default"}, sort_keys=True), language_code or ""


@dataclass
class ChatState:
    """One chat: who is in it and its messages."""

    chat: JsonDict
    user: SimUser | None = None
    messages: dict[int, StoredMessage] = field(default_factory=dict)
    next_message_id: int = 1
    blocked: bool = False
    reply_keyboard: JsonDict | None = None
    """The last reply keyboard (or ``remove_keyboard``) the bot sent here."""

    @property
    def private(self) -> bool:
        """Whether this is a private chat with one user."""
        return bool(self.chat["type"] == "private")


@dataclass
class StoredFile:
    """A file the server knows by ``file_id``; ``data`` is ``None`` for URL sends."""

    file_id: str
    file_unique_id: str
    data: bytes | None
    file_path: str

    def as_file(self) -> JsonDict:
        """The ``File`` object for ``getFile``."""
        result: JsonDict = {"file_id": self.file_id, "file_unique_id": self.file_unique_id}
        if self.data is not None:
            result["file_size"] = len(self.data)
            result["file_path"] = self.file_path
        return result


class EmulatorState:
    """All server-side state of one emulator."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self.clock_offset = 0.0
        self.chats: dict[int, ChatState] = {}
        self.updates = UpdateQueue()
        self.webhook = WebhookDelivery(self.updates, self.now)
        self.bot_id: int | None = None
        self.profile: dict[tuple[str, str], str] = {}
        """``(field, language_code)`` -> value, set by setMyName/Description/..."""
        self.commands: dict[tuple[str, str], list[JsonDict]] = {}
        """``(scope as JSON, language_code)`` -> commands."""
        self.callback_queries: dict[str, bool] = {}
        """Callback query id -> answered."""
        self.files: dict[str, StoredFile] = {}
        self.left_chats: list[int] = []
        self._ids = itertools.count(1)

    def now(self) -> int:
        """Current server time (unix seconds), honouring :meth:`advance_clock`."""
        return int(self.clock() + self.clock_offset)

    def next_id(self) -> int:
        """A fresh number for callback query and file ids."""
        return next(self._ids)

    @property
    def bot_user(self) -> JsonDict:
        """The bot's ``User`` object."""
        if self.bot_id is None:
            raise RuntimeError("the bot has not called the API yet, so its id is unknown")
        name = self.profile.get(("name", ""), DEFAULT_BOT_NAME)
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": name,
            "username": f"emulated_{self.bot_id}_bot",
        }

    def add_user(self, user: SimUser) -> ChatState:
        """Register a person and their private chat (updating name and language)."""
        chat = self.chats.get(user.id)
        if chat is None:
            chat = self.chats[user.id] = ChatState(user.as_chat(), user)
        else:
            chat.chat, chat.user = user.as_chat(), user
        return chat

    def add_group(self, group: SimChat) -> ChatState:
        """Register a group the bot is a member of (idempotent)."""
        return self.chats.setdefault(group.id, ChatState(group.as_chat()))

    def chat(self, chat_id: object) -> ChatState:
        """The chat addressed by a ``chat_id`` parameter, or 400 "chat not found"."""
        chat = self.chats.get(chat_id) if isinstance(chat_id, int) else None
        if chat is None:
            raise bad_request("chat not found")
        return chat

    def writable_chat(self, chat_id: object) -> ChatState:
        """Like :meth:`chat`, but 403 when the user blocked the bot."""
        chat = self.chat(chat_id)
        if chat.blocked:
            raise ApiError(403, BLOCKED)
        return chat

    def add_message(self, chat: ChatState, sender: JsonDict, content: JsonDict) -> StoredMessage:
        """Store a new message in ``chat`` and return it."""
        message_id = chat.next_message_id
        chat.next_message_id += 1
        date = self.now()
        raw = {"message_id": message_id, "from": sender, "date": date, "chat": chat.chat}
        raw.update(content)
        stored = StoredMessage(
            chat.chat["id"], message_id, sender.get("is_bot") is True, date, raw
        )
        chat.messages[message_id] = stored
        return stored

    def message(self, chat: ChatState, message_id: object, missing: str) -> StoredMessage:
        """A visible message of ``chat`` or 400 with the ``missing`` description."""
        stored = chat.messages.get(message_id) if isinstance(message_id, int) else None
        if stored is None or stored.deleted:
            raise bad_request(missing)
        return stored

    def store_file(self, data: bytes | None, folder: str, name: str) -> StoredFile:
        """Register uploaded content (or, with ``data=None``, a URL) and give it an id."""
        number = self.next_id()
        digest = hashlib.sha256(data if data is not None else name.encode()).hexdigest()[:16]
        suffix = PurePosixPath(name).suffix if data is not None else ""
        stored = StoredFile(
            f"EMU-FILE-{number}-{digest}", f"U{digest}", data, f"{folder}/file_{number}{suffix}"
        )
        self.files[stored.file_id] = stored
        return stored
