"""Per-chat command menus (setMyCommands with a chat scope), in the chat's language."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from telegram import Bot, BotCommand, BotCommandScopeChat
from telegram.error import TelegramError

from bot.core.i18n import Translator
from flows.text import Text

log = logging.getLogger(__name__)


async def set_chat_commands(
    bot: Bot, chat_id: int, t: Translator, menu: Mapping[str, Text]
) -> None:
    """Give ``chat_id`` the command ``menu`` in ``t``'s language; a failure is only logged."""
    described = [BotCommand(name, t.raw(text)) for name, text in menu.items()]
    try:
        await bot.set_my_commands(described, scope=BotCommandScopeChat(chat_id))
    except TelegramError as error:
        log.warning("could not set the chat's command menu: %s", error)
