"""Telegram failing 30 % of every call (429 or 5xx) slows the bot down but loses nothing.

Every method fails at random, getUpdates and answerCallbackQuery included; each person
still sees every screen of the interview, every card reaches the lawyer, every relayed
message arrives, and nobody is told "something went wrong".
"""

from __future__ import annotations

import asyncio
import re

from bot.cases import texts as ct
from bot.core.config import Settings
from bot.person import texts
from emulator import BotApiEmulator
from flows.card import ROWS
from flows.interview import QUESTIONS_BY_ID
from tests.e2e.harness import Person, running_bot
from tests.e2e.test_escalation import KARIMOVA, RU, URGENT_ANSWERS, UZ, is_card, register

PEOPLE = 6
FAULT_RATE = 0.3
PATIENCE = 120.0
"""Seconds a step may take: an item failing five times in a row waits 1+2+4+8+16 s."""


async def test_thirty_percent_errors_on_every_method_delay_but_lose_nothing(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    await register(settings, KARIMOVA, "A. Karimova", "ru")
    karimova = Person(emulator, emulator.user(KARIMOVA, "Aziza", language_code="ru"))
    people = [
        Person(emulator, emulator.user(7200 + n, f"Person {n}", language_code="uz"))
        for n in range(PEOPLE)
    ]
    async with running_bot(settings):
        await karimova.send("/start")
        await karimova.send("/duty on")
        emulator.fail_randomly(FAULT_RATE, seed=30)
        await asyncio.gather(*(through_the_interview(person) for person in people))
        for n in range(PEOPLE):
            card = await emulator.wait_for(
                "sendMessage",
                lambda c, n=n: c.ok and is_card(c) and f"k:take:{n + 1}'" in str(c.params),
                after=0,
                timeout=PATIENCE,
            )
            assert card.params["chat_id"] == KARIMOVA
            emulator.press(karimova.user, card.result["message_id"], f"k:take:{n + 1}")
        for n, person in enumerate(people):
            number = case_number(person)
            await person.expect(UZ.raw(ct.CLAIMED.me).format(number=number), PATIENCE)
            emulator.send_text(person.user, f"salom {n}")
        for n in range(PEOPLE):
            relayed = await karimova_receives(emulator, f"salom {n}")
            emulator.send_text(karimova.user, f"otvet {n}", reply_to_message=relayed)
        for n, person in enumerate(people):
            await person.expect(f"otvet {n}", PATIENCE)
        emulator.fail_randomly(0, seed=0)
        failed = [c for c in emulator.calls if not c.ok]
        print(f"{len(failed)} of {len(emulator.calls)} calls failed; nothing was lost")
        assert len(failed) > 50, "the faults really happened"
    apology = UZ.raw(texts.ERROR)[:30]
    for person in people:
        assert apology not in person.transcript()
    assert RU.raw(texts.ERROR)[:30] not in karimova.transcript()


async def through_the_interview(person: Person) -> None:
    """The urgent path, waiting each time for the screen that must come next."""
    emulator, user = person.emulator, person.user
    emulator.send_text(user, "/start")
    await person.expect(UZ.raw(texts.SAFETY_TITLE), PATIENCE)
    emulator.press_button(user, UZ.raw(texts.BUTTON_START))
    for question_id, option_id in URGENT_ANSWERS:
        question = QUESTIONS_BY_ID[question_id]
        await person.expect(UZ.raw(question.text), PATIENCE)
        option = question.option(option_id)
        assert option is not None
        emulator.press_button(user, UZ.raw(option.label))
        # Shown above the next question, or in the result's list of answers.
        await person.expect(f"{UZ.raw(ROWS[question_id].label)}: ", PATIENCE)
    person.since = emulator.mark()
    emulator.send_text(user, "/lawyer")
    consent = await person.offered(UZ.raw(texts.BUTTON_CONSENT), patience=PATIENCE)
    emulator.press_button(user, UZ.raw(texts.BUTTON_CONSENT), message_id=consent)
    await person.expect("B-", PATIENCE)


def case_number(person: Person) -> str:
    found = re.search(r"B-(?!XXXX)[2-9A-Z]{4}", person.transcript())
    assert found, person.transcript()
    return found.group(0)


async def karimova_receives(emulator: BotApiEmulator, text: str) -> dict[str, object]:
    call = await emulator.wait_for(
        {"sendMessage", "copyMessage"},
        lambda c: c.ok and c.params.get("chat_id") == KARIMOVA and text in str(c.params),
        after=0,
        timeout=PATIENCE,
    )
    (message,) = [
        m for m in emulator.chat_messages(KARIMOVA) if m.message_id == call.result["message_id"]
    ]
    return message.raw
