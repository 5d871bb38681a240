"""The bot's command menu (setMyCommands) in each language.

Telegram picks a menu by the app's language (``language_code``), which never names a
script: the default menus cover English, Russian and Uzbek (Latin). When a person chooses
a language, their chat gets its own menu in that language (``BotCommandScopeChat``), so a
reader of Uzbek Cyrillic sees Cyrillic commands.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from telegram import Bot, BotCommand, BotCommandScopeChat
from telegram.error import TelegramError

from bot import texts
from bot.i18n import Catalogs, Translator
from flows.buttons import LanguageButton, parse
from flows.events import Event, Pressed
from flows.text import Text

log = logging.getLogger(__name__)

COMMAND_LANGUAGES = {"en": None, "ru": "ru", "uz_Latn": "uz"}
"""Catalog → Telegram ``language_code`` of a default menu (``None``: every other language)."""


def commands(t: Translator) -> list[BotCommand]:
    """The bot's commands described in ``t``'s language."""
    return [BotCommand(name, t.raw(text)) for name, text in texts.COMMANDS.items()]


async def set_default_commands(bot: Bot, catalogs: Catalogs) -> None:
    """Publish the menu for every language that has a Telegram language code."""
    for locale, language_code in COMMAND_LANGUAGES.items():
        if locale in catalogs.locales:
            menu = commands(catalogs.translator(locale))
            await bot.set_my_commands(menu, language_code=language_code)


def language_chosen(event: Event, locale: str | None) -> bool:
    """Whether ``event`` was a press on the language button for ``locale`` (now in use)."""
    return isinstance(event, Pressed) and parse(event.data) == LanguageButton(locale or "")


async def set_chat_commands(
    bot: Bot, chat_id: int, t: Translator, menu: Mapping[str, Text] = texts.COMMANDS
) -> None:
    """Give ``chat_id`` the command ``menu`` in ``t``'s language; a failure is only logged."""
    described = [BotCommand(name, t.raw(text)) for name, text in menu.items()]
    try:
        await bot.set_my_commands(described, scope=BotCommandScopeChat(chat_id))
    except TelegramError as error:
        log.warning("could not set the chat's command menu: %s", error)
