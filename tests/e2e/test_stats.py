"""``/stats`` for coordinators and ``boshpana stats``: aggregate figures only."""

from __future__ import annotations

from bot.cases import texts as ct
from bot.cli.stats import report
from bot.core.config import Settings
from bot.desk import stats
from emulator import BotApiEmulator
from flows.model import Level
from flows.risk import LEVEL_TEXTS
from tests.e2e.harness import running_bot
from tests.e2e.test_escalation import EN, RU, is_card, lawyers, urgent_client


async def test_coordinators_see_figures_and_nobody_else_does(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    karimova, rahimov = await lawyers(emulator, settings)  # Rahimov coordinates, in English
    async with running_bot(settings):
        await karimova.send("/start")
        await rahimov.send("/start")
        await karimova.send("/duty on")
        await urgent_client(emulator)
        await emulator.wait_for(
            "sendMessage",
            lambda c: c.params["chat_id"] == karimova.user.id and is_card(c),
            after=0,
        )
        await emulator.wait_idle()
        await karimova.tap(RU.raw(ct.BUTTON_TAKE))

        await rahimov.send("/stats")
        figures = rahimov.last_text()
        assert EN.raw(stats.BY_WEEK) in figures
        assert EN.raw(LEVEL_TEXTS[Level.HIGH].title) + " 1" in figures, figures
        assert EN.raw(stats.UNCLAIMED_NOW).format(count=0) in figures
        assert EN.raw(stats.ACTIVE_LAWYERS).format(count=1) in figures
        assert "median" in figures and "B-" not in figures, "no case numbers in figures"

        await karimova.send("/stats")
        assert RU.raw(stats.BY_WEEK) not in karimova.last_text(), "coordinators only"

    printed = await report(settings, 2, "en")
    assert "Figures for the last 2 weeks" in printed and "<b>" not in printed
    assert EN.raw(LEVEL_TEXTS[Level.HIGH].title) + " 1" in printed
