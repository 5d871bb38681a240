"""The bot's command menu (setMyCommands) in each language.

Telegram picks a menu by the app's language (``language_code``), which never names a
script: the default menus cover English, Russian and Uzbek (Latin). When a person chooses
a language, their chat gets its own menu in that language (``BotCommandScopeChat``), so a
reader of Uzbek Cyrillic sees Cyrillic commands.
"""

from __future__ import annotations

import logging

from telegram import Bot, BotCommand

from bot.core.i18n import Catalogs, Translator
from bot.person import texts
from flows.buttons import LanguageButton, parse
from flows.events import Event, Pressed

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
