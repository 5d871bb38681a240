"""Fake cases cannot exhaust the duty lawyers: a lawyer blocks the sender, a coordinator lifts it."""

from __future__ import annotations

from bot.cases import texts as ct
from bot.core.config import Settings
from bot.person import texts
from emulator import BotApiEmulator
from tests.e2e.harness import CATALOGS, running_bot
from tests.e2e.test_escalation import CASE_NUMBER, case_number, filled, lawyers, taken_by

RU, EN, UZ = (CATALOGS.translator(code) for code in ("ru", "en", "uz_Latn"))


async def test_a_case_marked_as_abuse_stops_its_sender_until_a_coordinator_lifts_it(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    karimova, rahimov = await lawyers(emulator, settings)
    async with running_bot(settings):
        await karimova.send("/start")
        await rahimov.send("/start")
        client = await taken_by(karimova, emulator)
        number = case_number(client)
        await karimova.tap(RU.raw(ct.BUTTON_ABUSE))
        await karimova.sees(filled(RU, ct.ABUSE_ASK, client))  # blocking asks first
        await karimova.tap(RU.raw(ct.BUTTON_YES_BLOCK))
        await karimova.sees(filled(RU, ct.ABUSE_MARKED, client))

        await client.send("/lawyer")
        await client.tap(UZ.raw(texts.BUTTON_CONSENT))
        await client.sees(UZ.raw(ct.REQUEST_REFUSED))

        await karimova.send(f"/unblock {number}")
        await karimova.sees(RU.raw(ct.COORDINATORS_ONLY))  # only coordinators lift
        await rahimov.send(f"/unblock {number}")
        await rahimov.sees(EN.raw(ct.UNBLOCKED).format(number=number))

        await client.send("/lawyer")
        await client.tap(UZ.raw(texts.BUTTON_CONSENT))
        recorded = await client.sees(CASE_NUMBER)
        (again,) = set(CASE_NUMBER.findall(recorded.text or "")) - {number}
        await karimova.sees(again)  # a new case, paged as any other
