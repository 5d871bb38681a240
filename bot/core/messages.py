"""Messages as Telegram shows them: HTML text with a keyboard, split to fit, and sent."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from telegram import Bot, InlineKeyboardMarkup, Message
from telegram.constants import ParseMode


@dataclass(frozen=True)
class Rendered:
    """One message: HTML text and an optional inline keyboard."""

    text: str
    keyboard: InlineKeyboardMarkup | None = None


async def send_text(
    bot: Bot,
    chat_id: int,
    text: str,
    keyboard: InlineKeyboardMarkup | None = None,
    *,
    protect: bool = False,
) -> int:
    """Send HTML ``text`` (split if needed, keyboard on the last part); the first message's id."""
    first: Message | None = None
    parts = split_text(text)
    for number, part in enumerate(parts, start=1):
        markup = keyboard if number == len(parts) else None
        message = await bot.send_message(
            chat_id, part, parse_mode=ParseMode.HTML, reply_markup=markup, protect_content=protect
        )
        first = first or message
    assert first is not None
    return first.message_id


def split_text(text: str, limit: int = 4096) -> Sequence[str]:
    """Split ``text`` at line breaks into parts of at most ``limit`` UTF-16 code units.

    Tags in our messages never span lines, so every part stays valid HTML.
    """
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        while _units(line) > limit:
            cut = _cut(line, limit)
            parts.append(line[:cut])
            line = line[cut:]
        candidate = f"{current}\n{line}" if current else line
        if _units(candidate) > limit:
            parts.append(current)
            candidate = line
        current = candidate
    if current:
        parts.append(current)
    return parts


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _cut(line: str, limit: int) -> int:
    """Where to cut an over-long line: within ``limit``, never inside an ``&…;`` entity."""
    cut = limit
    while _units(line[:cut]) > limit:
        cut -= 1
    entity = line.rfind("&", 0, cut)
    if entity > line.rfind(";", 0, cut):
        cut = entity
    return cut
