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
from tests.e2e.test_escalation import EN, RU, lawyers, taken_by


async def test_coordinators_see_figures_and_nobody_else_does(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    karimova, rahimov = await lawyers(emulator, settings)  # Rahimov coordinates, in English
    async with running_bot(settings):
        await karimova.send("/start")
        await rahimov.send("/start")
        await karimova.send("/duty on")
        await karimova.sees(RU.raw(ct.DUTY_ON))
        await taken_by(karimova, emulator)

        await rahimov.send("/stats")
        figures = (await rahimov.sees(EN.raw(stats.BY_WEEK))).text or ""
        assert EN.raw(LEVEL_TEXTS[Level.HIGH].title) + " 1" in figures, figures
        assert EN.raw(stats.UNCLAIMED_NOW).format(count=0) in figures
        assert EN.raw(stats.ACTIVE_LAWYERS).format(count=1) in figures
        assert "median" in figures and "B-" not in figures, "no case numbers in figures"

        answer = karimova.shown(await karimova.send("/stats"))
        assert answer is not None and RU.raw(stats.BY_WEEK) not in (answer.text or "")

    printed = await report(settings, 2, "en")
    assert "Figures for the last 2 weeks" in printed and "<b>" not in printed
    assert EN.raw(LEVEL_TEXTS[Level.HIGH].title) + " 1" in printed
