"""What Telegram did with a message is recorded even when the database is busy for a moment.

Only the delivery worker knows, in memory, that a send succeeded. If recording that fails
once (SQLite busy under a backlog, a PostgreSQL failover), the worker tries again while its
claim lasts; otherwise the claim would run out and the message be sent a second time.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

from bot.core.clock import ManualClock
from bot.core.config import Settings
from bot.person import texts
from bot.serving.app import DELIVERY
from emulator import BotApiEmulator
from tests.e2e.harness import Person, running_bot
from tests.e2e.test_interview import tr

FAILURES = 2


async def test_a_sent_message_is_recorded_after_the_database_fails_once_and_not_sent_again(
    emulator: BotApiEmulator,
    settings: Settings,
    clock: ManualClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    person = Person(emulator, emulator.user(7301, "Dilshod", language_code="uz"))
    async with running_bot(settings, clock) as bot:
        delivery = bot.application.bot_data[DELIVERY]
        record = delivery._record
        failures = FAILURES

        async def failing_record(*args: Any) -> None:
            nonlocal failures
            if failures:
                failures -= 1
                raise OperationalError("UPDATE outbox", {}, Exception("database is locked"))
            await record(*args)

        delivery._record = failing_record
        with caplog.at_level(logging.WARNING, "bot.delivery.worker"):
            await person.send("/start")
            await person.offered(tr("uz_Latn").raw(texts.BUTTON_START))  # the second message
            sent = len(person.bot_messages())
            clock.advance(settings.claim_lease * 3)
            assert await delivery.sweep() == 0, "nothing is left to send again"
    assert failures == 0
    assert "trying again" in caplog.text
    assert "could not record" not in caplog.text
    assert sent == 2
    assert len(person.bot_messages()) == sent
