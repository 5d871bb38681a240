"""Typed outbox payloads, one per kind, stored as versioned JSON.

Items can outlive a deploy (a backlog, a retry due in five minutes), so every payload is
written with :data:`VERSION` and read through :func:`decode`, which brings an older
version up to date first (:data:`UPGRADES`). Version 0 is the untyped dicts written before
payloads had a version; their kinds are mapped to today's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from telegram import InlineKeyboardMarkup, Message

from bot.outbox.kinds import Kind

VERSION = 1

CAPTIONABLE = ("photo", "document", "video", "audio", "voice", "animation")
MEDIA = (*CAPTIONABLE, "sticker", "video_note")
"""Kinds of file a message can carry, which the bot can send again by Telegram's file id."""


@dataclass(frozen=True, slots=True)
class Prepared:
    """A message rendered when queued: HTML text, buttons, where it goes in the chat."""

    text: str
    keyboard: dict[str, Any] | None = None
    """An ``InlineKeyboardMarkup`` as JSON."""
    edit: int | None = None
    """The message to replace with this one (sent anew if it cannot be edited)."""
    reply_to: int | None = None
    protect: bool = False
    remember: bool = False
    """A message in a person's chat: remember its id so /clear can delete it."""
    lawyer_id: int | None = None
    """A message in this lawyer's chat showing the item's case (its recorded facts, a ready
    reply): linked to the case, so /forget deletes it and a reply to it reaches the client."""
    step: int | None = None
    """An interview screen (sent, or edited in place): the conversation's version it shows.
    Tried again after a failure only while the conversation is still there (see
    :class:`bot.delivery.render.Renderer`)."""

    @classmethod
    def of(
        cls,
        text: str,
        keyboard: InlineKeyboardMarkup | None = None,
        **where: Any,
    ) -> Prepared:
        """A payload for ``text`` and ``keyboard``."""
        return cls(text, None if keyboard is None else keyboard.to_dict(), **where)

    def markup(self) -> InlineKeyboardMarkup | None:
        """The keyboard as python-telegram-bot's object."""
        return None if self.keyboard is None else InlineKeyboardMarkup.de_json(self.keyboard, None)


@dataclass(frozen=True, slots=True)
class Card:
    """A case card for the lawyer of ``card_id``."""

    card_id: int


@dataclass(frozen=True, slots=True)
class Ping:
    """A reminder about a waiting case, replying to the lawyer's card ``card_id``."""

    card_id: int


@dataclass(frozen=True, slots=True)
class ClientNoticePayload:
    """A notice to the person about their case."""

    notice: str


@dataclass(frozen=True, slots=True)
class LawyerNoticePayload:
    """A notice to a lawyer; ``number`` names the case when it may be gone by then."""

    notice: str
    lawyer_id: int | None = None
    number: str | None = None
    reply_to: int | None = None
    name: str | None = None
    """Another lawyer the notice is about."""


@dataclass(frozen=True, slots=True)
class Relay:
    """A message from one side of a case to the other: its text, or where to copy it from.

    Files are never stored: they are copied from the sender's chat when delivered.
    """

    from_chat_id: int
    message_id: int
    text: str | None = None
    caption: str | None = None
    captionable: bool = False
    edited: bool = False
    """A correction of a message relayed before."""
    media: str | None = None
    """The kind of file it carries (``photo``, ``document``…), if any."""
    file_id: str | None = None
    """Telegram's id of that file: to send it again if the original is gone."""

    @classmethod
    def of(cls, message: Message, *, edited: bool = False) -> Relay:
        """The payload that relays ``message``."""
        if message.text is not None:
            return cls(message.chat_id, message.message_id, text=message.text, edited=edited)
        media, file_id = file_of(message)
        return cls(
            message.chat_id,
            message.message_id,
            caption=message.caption,
            captionable=media in CAPTIONABLE,
            edited=edited,
            media=media,
            file_id=file_id,
        )

    def timeline(self) -> dict[str, Any]:
        """What a case's history keeps of it: the text, or the file's kind, id and caption."""
        if self.text is not None:
            return {"text": self.text}
        return {"media": self.media, "file_id": self.file_id, "caption": self.caption}


def file_of(message: Message) -> tuple[str | None, str | None]:
    """The kind and Telegram file id of the file a message carries (``None``s if none)."""
    for kind in MEDIA:
        found = getattr(message, kind, None)
        if isinstance(found, tuple):  # a photo comes in sizes: the largest is last
            found = found[-1] if found else None
        if found is not None:
            return kind, str(found.file_id)
    return None, None


@dataclass(frozen=True, slots=True)
class File:
    """A file of a case sent again by its Telegram file id (for the case's next lawyer)."""

    media: str
    file_id: str
    caption: str | None = None


@dataclass(frozen=True, slots=True)
class History:
    """A case's history for the lawyer ``lawyer_id`` (made when it is sent)."""

    lawyer_id: int


@dataclass(frozen=True, slots=True)
class Draft:
    """A draft request of ``body`` for the lawyer of the item's case."""

    body: str


@dataclass(frozen=True, slots=True)
class Export:
    """The item's case's whole file for the lawyer ``lawyer_id`` (made when it is sent)."""

    lawyer_id: int


@dataclass(frozen=True, slots=True)
class Commands:
    """The command menu ``menu`` in ``locale``."""

    menu: str
    locale: str


@dataclass(frozen=True, slots=True)
class Delete:
    """Messages to delete."""

    message_ids: list[int] = field(default_factory=list)


Payload = (
    Prepared
    | File
    | Card
    | Ping
    | ClientNoticePayload
    | LawyerNoticePayload
    | Relay
    | History
    | Draft
    | Export
    | Commands
    | Delete
)

PAYLOAD_TYPES: dict[Kind, type[Payload]] = {
    Kind.MESSAGE: Prepared,
    Kind.CARD: Card,
    Kind.PING: Ping,
    Kind.CLIENT_NOTICE: ClientNoticePayload,
    Kind.LAWYER_NOTICE: LawyerNoticePayload,
    Kind.RELAY_TO_LAWYER: Relay,
    Kind.RELAY_TO_CLIENT: Relay,
    Kind.HISTORY: History,
    Kind.DRAFT: Draft,
    Kind.EXPORT: Export,
    Kind.COMMANDS: Commands,
    Kind.DELETE: Delete,
    Kind.FILE: File,
}


def encode(payload: Payload) -> dict[str, Any]:
    """The payload as JSON, with its version."""
    return {"v": VERSION, **asdict(payload)}


def kind_of(payload: Payload) -> Kind:
    """The kind a payload is sent as (relays are told apart by their caller)."""
    for kind, payload_type in PAYLOAD_TYPES.items():
        if isinstance(payload, payload_type):
            return kind
    raise TypeError(f"not an outbox payload: {type(payload).__name__}")


def _legacy(kind: str, data: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Version 0 (untyped, before payloads had a version) → version 1."""
    match kind:
        case "card_new" | "card_refresh":
            return Kind.CARD, {"card_id": data["card_id"]}
        case "lawyer_notice_direct":
            return Kind.LAWYER_NOTICE, {
                "notice": data["notice"],
                "lawyer_id": data.get("lawyer_id"),
                "number": data.get("number"),
            }
        case "relay_to_lawyer" | "relay_to_client":
            known = {"from_chat_id", "message_id", "text", "caption", "captionable"}
            return kind, {k: v for k, v in data.items() if k in known} | {
                "from_chat_id": data.get("from_chat_id", 0),
                "message_id": data.get("message_id", 0),
            }
    return kind, data


UPGRADES: dict[int, Callable[[str, dict[str, Any]], tuple[str, dict[str, Any]]]] = {0: _legacy}
"""Version N → N + 1, for every N below :data:`VERSION`."""


def decode(kind: str, data: Mapping[str, Any]) -> tuple[Kind, Payload]:
    """The kind and typed payload of a stored item, upgraded to :data:`VERSION`."""
    version = int(data.get("v", 0))
    body = {k: v for k, v in data.items() if k != "v"}
    while version < VERSION:
        kind, body = UPGRADES[version](kind, body)
        version += 1
    resolved = Kind(kind)
    payload_type = PAYLOAD_TYPES[resolved]
    names = {f.name for f in fields(payload_type)}
    return resolved, payload_type(**{k: v for k, v in body.items() if k in names})
