"""Plain data shared by the emulator modules."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

JsonDict = dict[str, Any]


@dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart request."""

    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class SimUser:
    """A simulated Telegram user; their private chat with the bot has ``chat id == id``."""

    id: int
    first_name: str = "Test"
    language_code: str | None = "en"
    username: str | None = None

    def as_user(self) -> JsonDict:
        """The ``User`` object Telegram sends for this person."""
        user: JsonDict = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.username is not None:
            user["username"] = self.username
        if self.language_code is not None:
            user["language_code"] = self.language_code
        return user

    def as_chat(self) -> JsonDict:
        """The ``Chat`` object of the private chat with this person."""
        chat: JsonDict = {"id": self.id, "type": "private", "first_name": self.first_name}
        if self.username is not None:
            chat["username"] = self.username
        return chat


@dataclass(frozen=True)
class SimChat:
    """A simulated basic group the bot is a member of."""

    id: int
    title: str = "Group"

    def as_chat(self) -> JsonDict:
        """The ``Chat`` object of this group."""
        return {"id": self.id, "type": "group", "title": self.title}


@dataclass
class Call:
    """One Bot API request the bot made, with the emulator's answer."""

    index: int
    method: str
    params: JsonDict
    time: float
    status: int = 200
    response: JsonDict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Whether the emulator answered ``ok: true``."""
        return bool(self.response.get("ok"))

    @property
    def result(self) -> Any:
        """The ``result`` of a successful answer (``None`` for errors)."""
        return self.response.get("result")


@dataclass
class StoredMessage:
    """A message as it currently stands in a chat."""

    chat_id: int
    message_id: int
    from_bot: bool
    date: int
    raw: JsonDict
    deleted: bool = False

    @property
    def text(self) -> str | None:
        """The visible text (or caption), without markup."""
        value = self.raw.get("text", self.raw.get("caption"))
        return value if isinstance(value, str) else None

    @property
    def reply_markup(self) -> JsonDict | None:
        """The inline keyboard attached to the message, if any."""
        markup = self.raw.get("reply_markup")
        return markup if isinstance(markup, dict) else None


class ApiError(Exception):
    """An ``ok: false`` answer; raised by method handlers."""

    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after

    def as_response(self) -> JsonDict:
        """The JSON body Telegram sends for this error."""
        body: JsonDict = {"ok": False, "error_code": self.status, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def bad_request(what: str) -> ApiError:
    """A 400 error with Telegram's ``Bad Request: `` prefix."""
    return ApiError(400, f"Bad Request: {what}")
