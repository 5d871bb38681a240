"""The case file: facts the holder records, the export, and ready replies to the client.

Karimova (a lawyer) writes in Russian, Rahimov (a coordinator) in English; the client
answers in Uzbek. The bot runs on the test's clock.
"""

from __future__ import annotations

import io
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from docx import Document
from sqlalchemy import select

from bot.cases import texts as ct
from bot.cases.dates import RECORDED_REMOVAL_LAW
from bot.cases.timeline import LAWYER_MESSAGE
from bot.core.clock import ManualClock
from bot.core.config import Settings
from bot.desk import casefile_texts as ft
from bot.desk import duty_texts as dt
from bot.desk.replies import REPLIES_BY_ID
from emulator import BotApiEmulator
from emulator.models import UploadedFile
from flows.drafts import PARTY_GAP
from flows.facts import FACTS_BY_ID
from flows.interview import QUESTIONS_BY_ID
from flows.text import Reader
from store.models import CaseStats
from tests.e2e.harness import CATALOGS, WAIT, Person, running_bot
from tests.e2e.test_desk import takes
from tests.e2e.test_escalation import (
    EN,
    RU,
    UZ,
    case_number,
    filled,
    lawyers,
    register,
    urgent_client,
)

FIRST, SECOND, TURSUNOV = 7001, 7002, 9003
RU_OF_CLIENT = CATALOGS.translator("ru", Reader.OTHER)
MOSCOW = ZoneInfo("Europe/Moscow")
"""The team's time zone in the tests' settings."""


async def records(lawyer: Person, number: str, fact_id: str, value: str) -> None:
    """``lawyer`` (Russian) records a fact of case ``number`` from /set, guided."""
    await lawyer.send(f"/set {number}")
    await lawyer.tap(RU.raw(FACTS_BY_ID[fact_id].label))
    await lawyer.send(value)
    label = RU.raw(FACTS_BY_ID[fact_id].label)
    await lawyer.sees(RU.raw(ft.FACT_SAVED).format(number=number, label=label))


async def document_to(emulator: BotApiEmulator, lawyer: Person) -> tuple[UploadedFile, str]:
    """The next document the bot sends ``lawyer``, and its paragraphs' text."""
    call = await emulator.wait_for("sendDocument", after=lawyer.since, timeout=WAIT)
    assert call.ok and call.params["chat_id"] == lawyer.user.id
    sent = call.params["document"]
    assert isinstance(sent, UploadedFile)
    text = "\n".join(p.text for p in Document(io.BytesIO(sent.data)).paragraphs)
    return sent, text


async def test_recorded_facts_show_on_the_card_and_fill_the_draft(
    emulator: BotApiEmulator, settings: Settings, clock: ManualClock
) -> None:
    karimova, _ = await lawyers(emulator, settings)
    removal = (clock.now() + timedelta(days=3)).date()
    async with running_bot(settings, clock):
        await karimova.send("/start")
        client = await urgent_client(emulator, FIRST)
        card = await takes(karimova, RU, client)
        number = case_number(client)
        await karimova.tap(RU.raw(ft.BUTTON_FACTS), card)
        await karimova.sees(RU.raw(ft.FACTS_NONE))
        await records(karimova, number, "full_name", "Азиз Каримов")
        await records(karimova, number, "detention_place", "ЦВСИГ <№1> & Co")
        await records(karimova, number, "removal_date", removal.strftime("%d.%m.%Y"))
        await records(karimova, number, "removal_flight", "HY 602, 06:40")

        await karimova.send(f"/card {number}")
        shown = (await karimova.sees(RU.raw(ft.CARD_RECORDED))).text or ""
        assert "Азиз Каримов" in shown and "ЦВСИГ <№1> & Co" in shown, "escaped, shown as typed"
        assert f"{RU.raw(FACTS_BY_ID['removal_date'].label)}: {RU.value(removal)}" in shown

        await karimova.tap(RU.raw(ct.BUTTON_DRAFTS), card)
        await karimova.tap(RU.raw(ct.DRAFT_CAT))
        _, written = await document_to(emulator, karimova)
    assert "Азиз Каримов" in written and "ЦВСИГ <№1> & Co" in written
    assert RU.value(removal) in written and "HY 602, 06:40" in written
    assert RU.raw(PARTY_GAP) not in written, "the blank the facts fill is gone"


async def test_a_date_is_read_strictly_and_a_bad_one_answered_kindly(
    emulator: BotApiEmulator, settings: Settings, clock: ManualClock
) -> None:
    karimova, _ = await lawyers(emulator, settings)
    async with running_bot(settings, clock) as bot:
        await karimova.send("/start")
        client = await urgent_client(emulator, FIRST)
        await takes(karimova, RU, client)
        number = case_number(client)
        await karimova.send(f"/set {number}")
        label = RU.raw(FACTS_BY_ID["birth_date"].label)
        await karimova.tap(label)
        for typed in ("31.02.1990", "15/03/1990", "вчера"):
            await karimova.send(typed)
            await karimova.sees(RU.raw(ft.FACT_BAD_DAY))
        await karimova.send("1990-03-15")
        saved = await karimova.sees(RU.raw(ft.FACT_SAVED).format(number=number, label=label))
        assert "15 марта 1990" in (saved.text or "")
        await karimova.send(f"/set {number}")
        await karimova.tap(f"✓ {label}")
        await karimova.tap(RU.raw(ft.BUTTON_CLEAR))
        cleared = await karimova.sees(RU.raw(ft.FACT_CLEARED).format(number=number, label=label))
        assert "15 марта 1990" not in (cleared.text or "")
        async with bot.services.db.transaction() as tx:
            case = await tx.cases.get_by_number(number)
            assert case is not None
            audit = [(e.action, e.detail) for e in await tx.audit.for_case(case.id)]
    assert ("fact_set", "birth_date") in audit and ("fact_cleared", "birth_date") in audit
    assert not [detail for _, detail in audit if detail and "1990" in detail], "never the value"


async def test_only_the_holder_or_a_coordinator_may_record_or_export(
    emulator: BotApiEmulator, settings: Settings, clock: ManualClock
) -> None:
    karimova, rahimov = await lawyers(emulator, settings)
    await register(settings, TURSUNOV, "C. Tursunov", "uz_Latn")
    tursunov = Person(emulator, emulator.user(TURSUNOV, "Tursun", language_code="uz"))
    async with running_bot(settings, clock):
        for lawyer in (karimova, rahimov, tursunov):
            await lawyer.send("/start")
        client = await urgent_client(emulator, FIRST)
        await takes(karimova, RU, client)
        number = case_number(client)
        for command in ("set", "export"):
            await tursunov.send(f"/{command} {number}")
            await tursunov.sees(UZ.raw(ct.NOT_YOURS))
        await rahimov.send(f"/set {number}")
        await rahimov.sees(EN.raw(ft.FACTS_HEAD).format(number=number))
    assert not [c for c in emulator.calls if c.method == "sendDocument"]
    assert UZ.raw(ft.FACTS_HEAD).format(number=number) not in tursunov.transcript()


async def test_the_export_holds_the_case_file_and_nothing_of_another_case(
    emulator: BotApiEmulator, settings: Settings, clock: ManualClock
) -> None:
    karimova, _ = await lawyers(emulator, settings)
    removal = (clock.now() + timedelta(days=5)).date()
    async with running_bot(settings, clock) as bot:
        await karimova.send("/start")
        other = await urgent_client(emulator, SECOND)
        other.write("OTHER-CASE-7710")
        client = await urgent_client(emulator, FIRST)
        await takes(karimova, RU, client)
        number = case_number(client)
        client.write("EXPORT-RELAY-3318 aeroportga olib ketishyapti")
        await karimova.sees("EXPORT-RELAY-3318")
        client.write_message(
            {
                "photo": [{"file_id": "p1", "file_unique_id": "u1", "width": 9, "height": 9}],
                "caption": "qaror",
            }
        )
        await emulator.wait_for(
            "copyMessage", lambda c: c.params["chat_id"] == karimova.user.id, after=client.since
        )
        await karimova.send(f"/note {number} EXPORT-NOTE-5120")
        await karimova.sees(filled(RU, ct.NOTE_SAVED, client))
        await records(karimova, number, "full_name", "Азиз Каримов")
        await records(karimova, number, "removal_date", removal.isoformat())
        await karimova.send(f"/export {number}")
        sent, text = await document_to(emulator, karimova)
        async with bot.services.db.transaction() as tx:
            case = await tx.cases.get_by_number(number)
            assert case is not None
            actions = [e.action for e in await tx.audit.for_case(case.id)]
    assert sent.filename.startswith(number) and sent.filename.endswith(".docx")
    assert RU.raw(ft.EXPORT_TITLE).format(number=number) in text
    question = QUESTIONS_BY_ID["detention"]
    assert RU_OF_CLIENT.raw(question.text) in text, "the question, as the lawyer reads it"
    assert RU.raw(question.chosen("detained")[0].label) in text, "the answer next to it"
    assert f"{RU.raw(FACTS_BY_ID['full_name'].label)}: Азиз Каримов" in text
    assert f"{RU.value(removal)}: {RU.raw(RECORDED_REMOVAL_LAW)}" in text, "the deadline"
    assert "A. Karimova: EXPORT-NOTE-5120" in text, "the note with its author"
    assert "EXPORT-RELAY-3318" in text, "the timeline"
    assert "photo (qaror)" in text, "the attachment listed"
    assert case_number(other) not in text and "OTHER-CASE-7710" not in text
    assert "exported" in actions


async def test_a_ready_reply_reaches_the_client_in_the_clients_language(
    emulator: BotApiEmulator, settings: Settings, clock: ManualClock
) -> None:
    karimova, _ = await lawyers(emulator, settings)
    ready = REPLIES_BY_ID["photo"]
    async with running_bot(settings, clock) as bot:
        await karimova.send("/start")
        client = await urgent_client(emulator, FIRST)
        card = await takes(karimova, RU, client)
        number = case_number(client)
        await karimova.tap(RU.raw(ft.BUTTON_REPLIES), card)
        await karimova.tap(RU.raw(ready.label))
        received = (await client.sees(UZ.raw(ready.text))).text or ""
        await karimova.sees(filled(RU, ct.SENT_TO_CLIENT, client))
        shown = karimova.transcript()
        async with bot.services.db.transaction() as tx:
            case = await tx.cases.get_by_number(number)
            assert case is not None
            said = [e.body for e in await tx.events.for_case(case.id, kinds=(LAWYER_MESSAGE,))]
    assert said == [{"text": UZ.raw(ready.text)}], "in the case's timeline, as the client read it"
    assert UZ.raw(ct.FROM_LAWYER) in received and "Karimova" not in received
    assert RU.raw(ready.text) in shown, "the lawyer reads what was sent in Russian"
    assert RU.raw(ft.REPLY_SENDING).split("{")[0] in shown and number in shown
    assert RU.raw(ready.text) not in client.transcript()


async def test_a_recorded_removal_day_is_recalled_to_the_holder_the_day_before(
    emulator: BotApiEmulator, settings: Settings, clock: ManualClock
) -> None:
    karimova, _ = await lawyers(emulator, settings)
    removal = (clock.now() + timedelta(days=3)).date()
    async with running_bot(settings, clock) as bot:
        await karimova.send("/start")
        client = await urgent_client(emulator, FIRST)
        await takes(karimova, RU, client)
        number = case_number(client)
        await records(karimova, number, "removal_date", removal.strftime("%d.%m.%Y"))
        async with bot.services.db.transaction() as tx:
            counted = await tx.session.scalar(select(CaseStats.deadline_on))
        assert counted == removal, "the team's figures count the recorded day"
        karimova.since = emulator.mark()
        day_before = datetime.combine(removal - timedelta(days=1), time(9, 1), MOSCOW)
        clock.advance(day_before - clock.now())
        head = RU.raw(dt.DAY_TOMORROW).split("{day}")[0].format(number=number)
        reminder = (await karimova.sees(head)).text or ""
    assert RU.value(removal) in reminder and RU.raw(RECORDED_REMOVAL_LAW) in reminder
