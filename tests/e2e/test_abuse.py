"""Fake cases cannot exhaust the duty lawyers: a lawyer blocks the sender, a coordinator lifts it."""

from __future__ import annotations

from bot.cases import texts as ct
from bot.core.config import Settings
from bot.person import texts
from emulator import BotApiEmulator
from tests.e2e.harness import CATALOGS
from tests.e2e.test_escalation import lawyers, running_bot, taken_by

RU, EN, UZ = (CATALOGS.translator(code) for code in ("ru", "en", "uz_Latn"))


async def test_a_case_marked_as_abuse_stops_its_sender_until_a_coordinator_lifts_it(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    karimova, rahimov = await lawyers(emulator, settings)
    async with running_bot(settings):
        await karimova.send("/start")
        await rahimov.send("/start")
        client = await taken_by(karimova, emulator)
        await karimova.tap(RU.raw(ct.BUTTON_ABUSE))
        number = next(w for w in karimova.last_text().split() if w.startswith("B-"))

        await client.send("/lawyer")
        await client.tap(UZ.raw(texts.BUTTON_CONSENT))
        assert UZ.raw(ct.REQUEST_REFUSED) in client.transcript()

        await karimova.send(f"/unblock {number}")
        assert RU.raw(ct.COORDINATORS_ONLY) in karimova.last_text(), "only coordinators lift"
        await rahimov.send(f"/unblock {number}")
        assert number in rahimov.last_text()

        await client.send("/lawyer")
        await client.tap(UZ.raw(texts.BUTTON_CONSENT))
        await emulator.wait_idle()
        assert (
            len([c for c in emulator.calls if "k:take" in str(c.params.get("reply_markup"))]) >= 3
        )
