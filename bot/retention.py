"""The daily purge of interviews nobody touched for ``BOSHPANA_RETAIN_INACTIVE_DAYS``."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from telegram.ext import Application, ContextTypes

from bot.services import Services

log = logging.getLogger(__name__)

PURGE_EVERY = timedelta(days=1)
FIRST_PURGE_AFTER = timedelta(seconds=30)


async def purge_inactive(services: Services) -> int:
    """Delete the conversations inactive for longer than the retention period."""
    cut_off = datetime.now(UTC) - timedelta(days=services.settings.retain_inactive_days)
    async with services.db.transaction() as tx:
        purged = await tx.conversations.purge_inactive(cut_off)
    log.info("retention: purged %d inactive conversations", purged)
    return purged


def schedule_purge(application: Application, services: Services) -> None:  # type: ignore[type-arg]
    """Run :func:`purge_inactive` soon after start-up and then every day."""

    async def job(_: ContextTypes.DEFAULT_TYPE) -> None:
        await purge_inactive(services)

    assert application.job_queue is not None, "python-telegram-bot[job-queue] is required"
    application.job_queue.run_repeating(
        job, interval=PURGE_EVERY, first=FIRST_PURGE_AFTER, name="retention-purge"
    )
