"""The command menu in each language: default menus at start-up, a chat's own on choosing."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager

import pytest

from bot.core.config import Settings
from bot.core.i18n import native_name
from bot.person import texts
from bot.serving.serve import RunningBot
from emulator import BotApiEmulator
from emulator.models import Call
from tests.e2e.harness import CATALOGS, WAIT, Person, running_bot, running_webhook_bot

Start = Callable[[Settings], AbstractAsyncContextManager[RunningBot]]


def descriptions(locale: str) -> list[str]:
    t = CATALOGS.translator(locale)
    return [t.raw(text) for text in texts.COMMANDS.values()]


def menus(emulator: BotApiEmulator) -> list[Call]:
    return [call for call in emulator.calls if call.method == "setMyCommands" and call.ok]


def described(call: Call) -> list[str]:
    return [command["description"] for command in call.params["commands"]]


@pytest.mark.parametrize("start", [running_bot, running_webhook_bot], ids=["polling", "webhook"])
async def test_starting_publishes_menus_in_english_russian_and_latin_uzbek(
    emulator: BotApiEmulator, settings: Settings, start: Start
) -> None:
    async with start(settings):
        pass  # started and stopped as `boshpana run` does: nothing called by hand
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
        await person.send("/language")
        await person.tap(native_name("uz_Cyrl"))
        chat_menu = await emulator.wait_for(
            "setMyCommands", lambda call: "scope" in call.params, after=0, timeout=WAIT
        )
    assert [call for call in menus(emulator) if "scope" in call.params] == [chat_menu]
    assert chat_menu.params["scope"] == {"type": "chat", "chat_id": person.user.id}
    assert described(chat_menu) == descriptions("uz_Cyrl")
    assert "Тилни ўзгартириш" in described(chat_menu)
