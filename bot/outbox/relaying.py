"""What a relayed message carries: its text, or a reference to copy it (files are not stored)."""

from __future__ import annotations

from typing import Any

from telegram import Message

CAPTIONABLE = ("photo", "document", "video", "audio", "voice", "animation")


def relay_payload(message: Message) -> dict[str, Any]:
    """The outbox payload to relay ``message``: its text, or where to copy it from."""
    if message.text is not None:
        return {"text": message.text}
    return {
        "from_chat_id": message.chat_id,
        "message_id": message.message_id,
        "caption": message.caption,
        "captionable": any(getattr(message, kind) for kind in CAPTIONABLE),
    }
