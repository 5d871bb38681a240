"""Retention: what the bot no longer needs is deleted on a schedule (and by ``boshpana purge``).

- interviews untouched for ``BOSHPANA_RETAIN_INACTIVE_DAYS`` (a person with a case that is
  not closed keeps theirs),
- closed cases after ``BOSHPANA_RETAIN_CLOSED_DAYS``,
- message ids for /clear after 48 hours (Telegram's delete window),
- delivered or failed outbox items after a day.
Aggregate counters (``case_stats``) have no personal data and survive every purge.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from telegram.ext import Application, ContextTypes

from bot.core.services import Services
from bot.person.privacy import DELETE_WINDOW

log = logging.getLogger(__name__)

PURGE_EVERY = timedelta(hours=1)
FIRST_PURGE_AFTER = timedelta(seconds=30)
KEEP_FINISHED_OUTBOX = timedelta(days=1)


@dataclass(frozen=True)
class Purged:
    """How many rows each purge removed."""

    conversations: int
    cases: int
    message_refs: int
    outbox: int


async def purge(services: Services) -> Purged:
    """Delete everything past its retention period, then scrub the database files."""
    now = datetime.now(UTC)
    settings = services.settings
    async with services.db.transaction() as tx:
        purged = Purged(
            conversations=await tx.conversations.purge_inactive(
                now - timedelta(days=settings.retain_inactive_days)
            ),
            cases=await tx.cases.purge_closed(now - timedelta(days=settings.retain_closed_days)),
            message_refs=await tx.messages.purge_older_than(now - DELETE_WINDOW),
            outbox=await tx.outbox.purge_finished(now - KEEP_FINISHED_OUTBOX),
        )
    await services.db.scrub()
    log.info(
        "retention: purged %d conversations, %d closed cases, %d message ids, %d outbox items",
        purged.conversations,
        purged.cases,
        purged.message_refs,
        purged.outbox,
    )
    return purged


def schedule_purge(application: Application, services: Services) -> None:  # type: ignore[type-arg]
    """Run :func:`purge` soon after start-up and then every hour."""

    async def job(_: ContextTypes.DEFAULT_TYPE) -> None:
        await purge(services)

    assert application.job_queue is not None, "python-telegram-bot[job-queue] is required"
    application.job_queue.run_repeating(
        job, interval=PURGE_EVERY, first=FIRST_PURGE_AFTER, name="retention-purge"
    )
