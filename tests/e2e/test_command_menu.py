"""The command menu in each language: default menus at start-up, a chat's own on choosing."""

from __future__ import annotations

from bot.core.config import Settings
from bot.core.i18n import native_name
from bot.person import texts
from bot.person.command_menu import set_default_commands
from emulator import BotApiEmulator
from emulator.models import Call
from tests.e2e.harness import CATALOGS, Person, running_bot


def descriptions(locale: str) -> list[str]:
    t = CATALOGS.translator(locale)
    return [t.raw(text) for text in texts.COMMANDS.values()]


def menus(emulator: BotApiEmulator) -> list[Call]:
    return [call for call in emulator.calls if call.method == "setMyCommands" and call.ok]


def described(call: Call) -> list[str]:
    return [command["description"] for command in call.params["commands"]]


async def test_default_menus_cover_english_russian_and_latin_uzbek(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    async with running_bot(settings) as (application, shared):
        await set_default_commands(application.bot, shared.catalogs)  # run_polling's post_init
    by_language = {call.params.get("language_code"): described(call) for call in menus(emulator)}
    assert by_language == {
        None: descriptions("en"),
        "ru": descriptions("ru"),
        "uz": descriptions("uz_Latn"),
    }


async def test_choosing_cyrillic_uzbek_gives_the_chat_cyrillic_commands(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    person = Person(emulator, emulator.user(601, "Otabek", language_code="uz"))
    async with running_bot(settings):
        await person.send("/start")
        assert not [call for call in menus(emulator) if "scope" in call.params]
        await person.send("/language")
        await person.tap(native_name("uz_Cyrl"))
    chat_menus = [call for call in menus(emulator) if "scope" in call.params]
    assert len(chat_menus) == 1
    assert chat_menus[0].params["scope"] == {"type": "chat", "chat_id": person.user.id}
    assert described(chat_menus[0]) == descriptions("uz_Cyrl")
    assert "Тилни ўзгартириш" in described(chat_menus[0])
