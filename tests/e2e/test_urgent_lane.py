"""An urgent lane: a case card waits neither behind ordinary replies nor behind another case."""

from __future__ import annotations

from datetime import timedelta

from bot.core.clock import ManualClock
from bot.core.config import Settings
from bot.core.work import Queue
from bot.outbox.kinds import Lane, Priority
from bot.outbox.payloads import Prepared
from bot.person import texts
from emulator import BotApiEmulator
from tests.e2e.harness import WAIT, Person, running_bot, running_webhook_bot
from tests.e2e.test_escalation import (
    KARIMOVA,
    URGENT_ANSWERS,
    UZ,
    case_number,
    is_card,
    lawyers,
    to,
    urgent_client,
)
from tests.e2e.test_interview import answer

BACKLOG = 30
"""Ordinary replies waiting: more than one delivery batch (20)."""


async def test_a_card_is_sent_before_a_backlog_of_ordinary_replies(
    emulator: BotApiEmulator, settings: Settings, clock: ManualClock
) -> None:
    people = [Person(emulator, emulator.user(8000 + n, f"P{n}")) for n in range(BACKLOG)]
    lawyer = Person(emulator, emulator.user(8999, "Lawyer"))
    async with running_bot(settings, clock) as bot:
        for person in (*people, lawyer):
            await person.send("/start")
        due = clock.now() + timedelta(minutes=1)  # all fall due at once (after an outage, say)
        async with bot.services.db.transaction() as tx:
            queue = Queue(tx, None)
            for person in people:
                await queue.put(person.user.id, Prepared("ordinary reply"), due_at=due)
            card = Prepared("case card")
            await queue.put(
                lawyer.user.id, card, lane=Lane.CARDS, priority=Priority.CARD, due_at=due
            )
        mark = emulator.mark()
        clock.advance(timedelta(minutes=2))
        await emulator.first_call(
            lambda call: call.params.get("text") == "case card", after=mark, timeout=15
        )
        for person in people:
            await person.expect("ordinary reply")
    queued = {"case card", "ordinary reply"}
    sent = [c.params.get("text") for c in emulator.calls[mark:]]
    sent = [text for text in sent if text in queued]
    assert sent[0] == "case card"
    assert sent.count("ordinary reply") == BACKLOG


async def test_a_card_telegram_refused_for_a_while_holds_up_no_other_cases_card(
    emulator: BotApiEmulator, settings: Settings, clock: ManualClock
) -> None:
    """Each case's cards to a lawyer are in order, but apart: two detained people's cards
    must not wait for each other (one 500 from Telegram would hold up every later case)."""
    karimova, _ = await lawyers(emulator, settings)
    async with running_bot(settings, clock):
        await karimova.send("/start")
        await karimova.send("/duty on")
        emulator.fail_next(
            "sendMessage", status=500, description="Internal Server Error", chat_id=KARIMOVA
        )
        first = await urgent_client(emulator, 7401)
        failed = await emulator.wait_for(
            "sendMessage", lambda c: c.params.get("chat_id") == KARIMOVA and not c.ok
        )
        second = await urgent_client(emulator, 7402)
        card = await emulator.wait_for(
            "sendMessage", to(karimova.user, is_card), after=failed.index + 1
        )
        assert case_number(second) in str(card.params["text"]), "the later case is not held up"
        clock.advance(timedelta(minutes=1))  # the refused card's back-off runs out
        again = await emulator.wait_for(
            "sendMessage", to(karimova.user, is_card), after=card.index + 1
        )
        assert case_number(first) in str(again.params["text"])


CROWD = 150
"""People whose /start reaches the webhook just before a detained person's consent."""
TELEGRAM_CONNECTIONS = 40
"""Requests Telegram has open to a webhook at once (``max_connections``' default)."""


async def test_by_webhook_a_consent_is_served_before_a_crowd_that_wrote_first(
    emulator: BotApiEmulator, settings: Settings, clock: ManualClock
) -> None:
    """Telegram posts updates in order, 40 requests at a time: a consent queued at Telegram's
    behind a crowd must not wait for the crowd to be answered. (Answered only after being
    processed, every update, at least all but the last 40 of the crowd, was answered
    before the consent was even posted.)"""
    karimova, _ = await lawyers(emulator, settings)
    async with running_webhook_bot(settings, clock=clock):
        await karimova.send("/start")
        await karimova.send("/duty on")
        client = Person(emulator, emulator.user(7501, "Client Canary", language_code="uz"))
        await client.send("/start")
        await client.tap(UZ.raw(texts.BUTTON_START))
        for question_id, option_id in URGENT_ANSWERS:
            await answer(client, UZ, question_id, option_id)
        await client.send("/lawyer")
        consent = await client.offered(UZ.raw(texts.BUTTON_CONSENT))
        mark = emulator.mark()
        crowd = [emulator.user(9000 + n, f"P{n}", language_code="en") for n in range(CROWD)]
        for person in crowd:
            emulator.send_text(person, "/start")
        emulator.press_button(client.user, UZ.raw(texts.BUTTON_CONSENT), message_id=consent)
        card = await emulator.wait_for(
            "sendMessage", to(karimova.user, is_card), after=mark, timeout=WAIT
        )
        greeted_before = {
            call.params.get("chat_id")
            for call in emulator.calls[mark : card.index]
            if call.method == "sendMessage" and call.params.get("chat_id") != KARIMOVA
        }
        for person in crowd:  # and the crowd is answered too
            await emulator.wait_for(
                "sendMessage",
                lambda c, p=person: c.params.get("chat_id") == p.id,
                after=mark,
                timeout=WAIT,
            )
    figure = f"{len(greeted_before)} of {CROWD} greeted before the card"
    print(figure)  # shown with pytest -s: the figure the capacity notes quote
    assert len(greeted_before) < CROWD - TELEGRAM_CONNECTIONS, figure
