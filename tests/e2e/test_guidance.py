"""Guidance end to end: every topic from /help and from the result, Back, and /about.

Labels and titles are looked up through the bot's catalogs, so the tests run in any
language once it is translated; until then they run in English.
"""

from __future__ import annotations

import pytest

from bot.core.config import Settings
from bot.core.i18n import Translator
from bot.person import texts
from emulator import BotApiEmulator, StoredMessage
from flows import samples
from flows.guidance import TOPICS, TOPICS_BY_ID
from flows.interview import QUESTIONS_BY_ID
from flows.model import Level
from flows.risk import LEVEL_TEXTS
from flows.sources import CONTENT_VERSION
from tests.e2e.harness import CATALOGS, WAIT, Person, running_bot
from tests.e2e.test_interview import answer as answer_question

LOCALES = ["en", "ru", "uz_Latn", "uz_Cyrl"]

URGENT_PATH = list(samples.URGENT)


def message(person: Person, message_id: int) -> StoredMessage:
    """The bot's message ``message_id`` as it stands now (topics edit it in place)."""
    return next(m for m in person.bot_messages() if m.message_id == message_id)


async def tap_on(person: Person, message_id: int, label: str) -> str:
    """Press ``label`` on message ``message_id``; the message's text once the bot edited it."""
    await person.tap(label, message_id)
    await person.emulator.wait_for(
        "editMessageText",
        lambda c: c.params["chat_id"] == person.user.id and c.params["message_id"] == message_id,
        after=person.since,
        timeout=WAIT,
    )
    return message(person, message_id).text or ""


async def answer(person: Person, t: Translator, path: list[tuple[str, str]]) -> None:
    for question_id, option_id in path:
        await answer_question(person, t, question_id, option_id)


async def begin(person: Person, t: Translator) -> None:
    await person.send("/start")
    await person.tap(t.raw(texts.BUTTON_START))


@pytest.mark.parametrize("locale", LOCALES)
async def test_every_topic_opens_from_help_and_back_returns_to_the_menu(
    emulator: BotApiEmulator, settings: Settings, locale: str
) -> None:
    person = Person(emulator, emulator.user(601, "Guli", language_code=locale))
    t = CATALOGS.translator(locale)
    async with running_bot(settings):
        await person.send("/start")
        await person.send("/help")
        menu = (await person.sees(t.raw(texts.TOPICS_MENU))).message_id
        for topic in TOPICS:
            shown = await tap_on(person, menu, t.raw(topic.label))
            assert shown.startswith(t.raw(topic.title)), person.transcript()
            back = await tap_on(person, menu, t.raw(texts.BUTTON_BACK))
            assert t.raw(texts.TOPICS_MENU) in back


@pytest.mark.parametrize("locale", LOCALES)
async def test_result_topic_related_topic_and_back_to_the_result(
    emulator: BotApiEmulator, settings: Settings, locale: str
) -> None:
    person = Person(emulator, emulator.user(602, "Rustam", language_code=locale))
    t = CATALOGS.translator(locale, None)
    urgent = t.raw(LEVEL_TEXTS[Level.URGENT].title)
    async with running_bot(settings):
        await begin(person, t)
        await answer(person, t, URGENT_PATH)
        result = await person.sees(urgent)
        labels = [b["text"] for row in result.raw["reply_markup"]["inline_keyboard"] for b in row]
        for topic_id in ("extradition", "detention", "un_routes", "help_contacts"):
            assert t.raw(TOPICS_BY_ID[topic_id].label) in labels
        assert t.raw(TOPICS_BY_ID["rule39"].label) not in labels, "Rule 39 cannot help in Russia"

        extradition, asylum = TOPICS_BY_ID["extradition"], TOPICS_BY_ID["asylum"]
        shown = await tap_on(person, result.message_id, t.raw(extradition.label))
        assert shown.startswith(t.raw(extradition.title))
        shown = await tap_on(person, result.message_id, t.raw(asylum.label))
        assert shown.startswith(t.raw(asylum.title))
        shown = await tap_on(person, result.message_id, t.raw(texts.BUTTON_BACK))
        assert shown.startswith(urgent)


@pytest.mark.parametrize("locale", LOCALES)
async def test_a_topic_mid_interview_keeps_the_question_and_the_answers(
    emulator: BotApiEmulator, settings: Settings, locale: str
) -> None:
    person = Person(emulator, emulator.user(603, "Malika", language_code=locale))
    t = CATALOGS.translator(locale)
    async with running_bot(settings):
        await begin(person, t)
        await answer(person, t, URGENT_PATH[:3])
        proceedings = QUESTIONS_BY_ID["proceedings"]
        question = await person.sees(t.raw(proceedings.text))
        await person.send("/help")
        menu = (await person.sees(t.raw(texts.TOPICS_MENU))).message_id
        detention = TOPICS_BY_ID["detention"]
        assert (await tap_on(person, menu, t.raw(detention.label))).startswith(
            t.raw(detention.title)
        )
        await tap_on(person, menu, t.raw(texts.BUTTON_BACK))

        assert t.raw(proceedings.text) in person.last_text(), "the question still waits below"
        option = proceedings.option(URGENT_PATH[3][1])
        assert option is not None
        await person.tap(t.raw(option.label), question.message_id)
        await person.sees(t.raw(QUESTIONS_BY_ID["extradition_decision"].text))


async def test_about_shows_the_content_version(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    person = Person(emulator, emulator.user(604, "Anvar", language_code="en"))
    async with running_bot(settings):
        await person.send("/about")
        await person.sees(CONTENT_VERSION)
