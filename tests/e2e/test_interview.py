"""The migrant's interview end to end: real Application, emulator, SQLite, each language."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.cases.texts import NO_LAWYER_NOW, WHY
from bot.core.config import Settings
from bot.core.i18n import Translator, native_name
from bot.person import texts
from emulator import BotApiEmulator
from flows import samples
from flows.buttons import RelativeDay
from flows.clock import earliest_today
from flows.interview import QUESTIONS_BY_ID
from flows.model import Level
from flows.risk import LEVEL_TEXTS
from flows.screens import NoticeKind
from flows.text import Reader, Text
from tests.e2e.harness import CATALOGS, Person, labels, running_bot

LANGUAGES = [("uz", "uz_Latn"), ("ru", "ru")]

URGENT_PATH = list(samples.URGENT)
LOW_PATH = list(samples.LOW)


def tr(locale: str, reader: Reader | None = None) -> Translator:
    """The bot's translator, to find buttons and texts as the person sees them."""
    return CATALOGS.translator(locale, reader)


def plain(t: Translator, text: Text) -> str:
    """The translation as shown on the phone (no escaping)."""
    return t.raw(text)


async def answer(person: Person, t: Translator, question_id: str, option_id: str) -> None:
    """See the question ``question_id``, then tap the button for ``option_id``."""
    if option_id == RelativeDay.YESTERDAY:
        await person.tap(plain(t, texts.BUTTON_YESTERDAY))
        return
    option = QUESTIONS_BY_ID[question_id].option(option_id)
    assert option is not None
    await person.sees(plain(t, QUESTIONS_BY_ID[question_id].text))
    await person.tap(plain(t, option.label))


async def begin(person: Person, t: Translator) -> None:
    """/start, then the Start button of the safety screen."""
    await person.send("/start")
    await person.tap(plain(t, texts.BUTTON_START))


@pytest.mark.parametrize(("language_code", "locale"), LANGUAGES)
async def test_urgent_interview_ends_urgent_with_deadline_and_lawyer_request(
    emulator: BotApiEmulator, settings: Settings, language_code: str, locale: str
) -> None:
    person = Person(emulator, emulator.user(501, "Aziz", language_code=language_code))
    t = tr(locale)
    async with running_bot(settings) as bot:
        await person.send("/start")
        greeting = await person.sees(plain(t, texts.CHOOSE_LANGUAGE))
        safety = await person.sees(plain(t, texts.SAFETY_TITLE))
        assert greeting.message_id < safety.message_id
        await person.tap(plain(t, texts.BUTTON_START))
        for question_id, option_id in URGENT_PATH:
            await answer(person, t, question_id, option_id)

        result = (await person.sees(plain(t, LEVEL_TEXTS[Level.URGENT].title))).text or ""
        consent = await person.sees(t.raw(texts.CONSENT)[:20])
        assert plain(t, texts.BUTTON_CONSENT) in labels(consent), "an urgent result asks at once"
        today = earliest_today(bot.services.clock.now())  # the person's today, not the server's
        deadline = today - timedelta(days=1) + timedelta(days=10)
        assert t.value(deadline) in result
        assert t.raw(WHY) in result

        await person.tap(plain(t, texts.BUTTON_CONSENT))
        confirmation = (await person.sees(plain(t, NO_LAWYER_NOW))).text or ""
        number = next(word for word in confirmation.split() if word.startswith("B-"))
        async with bot.services.db.transaction() as tx:
            case = await tx.cases.get_by_number(number.rstrip("."))
        assert case is not None
        assert case.urgency == "urgent"


@pytest.mark.parametrize(("language_code", "locale"), LANGUAGES)
async def test_low_risk_interview_ends_low(
    emulator: BotApiEmulator, settings: Settings, language_code: str, locale: str
) -> None:
    person = Person(emulator, emulator.user(502, "Dilnoza", language_code=language_code))
    t = tr(locale)
    async with running_bot(settings):
        await begin(person, t)
        for question_id, option_id in LOW_PATH:
            await answer(person, t, question_id, option_id)
        await person.sees(plain(t, LEVEL_TEXTS[Level.LOW].title))


async def test_restart_mid_interview_continues_at_the_same_question(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    person = Person(emulator, emulator.user(503, "Bekzod", language_code="ru"))
    t = tr("ru")
    async with running_bot(settings):
        await begin(person, t)
        for question_id, option_id in URGENT_PATH[:3]:
            await answer(person, t, question_id, option_id)
        await person.sees(plain(t, QUESTIONS_BY_ID[URGENT_PATH[3][0]].text))

    async with running_bot(settings):
        await person.send("/start")
        await person.sees(plain(t, texts.NOTICES[NoticeKind.RESUMED]))
        for question_id, option_id in URGENT_PATH[3:]:
            await answer(person, t, question_id, option_id)
        await person.sees(plain(t, LEVEL_TEXTS[Level.URGENT].title))


async def test_language_switch_mid_interview_keeps_answers(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    person = Person(emulator, emulator.user(504, "Madina", language_code="ru"))
    async with running_bot(settings):
        await begin(person, tr("ru"))
        for question_id, option_id in URGENT_PATH[:2]:
            await answer(person, tr("ru"), question_id, option_id)
        await person.send("/language")
        await person.tap(native_name("uz_Latn"))
        uz = tr("uz_Latn", Reader.SELF)
        for question_id, option_id in URGENT_PATH[2:]:
            await answer(person, uz, question_id, option_id)
        await person.sees(plain(uz, LEVEL_TEXTS[Level.URGENT].title))


async def test_relative_reads_questions_about_the_person(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    person = Person(emulator, emulator.user(505, "Sister", language_code="en"))
    t = tr("en")
    async with running_bot(settings):
        await begin(person, t)
        await answer(person, t, "reader", "other")
        await person.sees("Where is the person now?")
