"""An urgent lane: a case card does not wait behind a backlog of ordinary replies."""

from __future__ import annotations

from datetime import timedelta

from bot.core.clock import ManualClock
from bot.core.config import Settings
from bot.core.work import Queue
from bot.outbox.kinds import Lane, Priority
from bot.outbox.payloads import Prepared
from emulator import BotApiEmulator
from tests.e2e.harness import Person, running_bot

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
