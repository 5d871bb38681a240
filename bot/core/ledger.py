"""No Telegram update is processed twice, whichever instance or restart it reaches.

A :class:`~telegram.ext.TypeHandler` in the first group (:func:`install`) notes which
update the current task processes and drops an update the ledger already holds (a
redelivery of one that was processed, e.g. after its webhook answer was lost). The
units of work that change something for the person or the lawyer call :func:`once` in
their transaction: the update's id is written with their effects, and if another
delivery of the same update got there first (both in flight on two instances), the
later one stops there, its transaction rolled back, nothing sent.

Within one update :func:`once` may be called by several transactions (and again when a
transaction is retried): only the first call of an update can find it already claimed.
"""

from __future__ import annotations

import logging
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from telegram import Update
from telegram.ext import Application, ApplicationHandlerStop, ContextTypes, TypeHandler

from bot.core.services import Services
from store import Transaction, UpdateLedger
from store.ledger import KEEP_FOR

log = logging.getLogger(__name__)

GROUP = -1000
"""Before every other handler group (flood control included)."""
PURGE_EVERY = timedelta(hours=6)


@dataclass
class _Current:
    update_id: int
    claimed: bool = False


_current: ContextVar[_Current | None] = ContextVar("boshpana_update", default=None)


async def once(tx: Transaction) -> None:
    """Claim the update being processed in ``tx``; stop handling it if it was seen before.

    Raises :class:`~telegram.ext.ApplicationHandlerStop` (rolling ``tx`` back) for an
    update another delivery already claimed. Outside a handler it does nothing.
    """
    current = _current.get()
    if current is None:
        return
    claimed = await UpdateLedger(tx.session).claim(current.update_id)
    if not claimed and not current.claimed:
        log.info("update %d was already processed elsewhere; ignored", current.update_id)
        raise ApplicationHandlerStop
    current.claimed = True


def install(application: Application, services: Services) -> None:  # type: ignore[type-arg]
    """Register the first-group handler and the ledger's purge job."""

    async def remember(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        _current.set(_Current(update.update_id))
        async with services.db.transaction() as tx:
            seen = await UpdateLedger(tx.session).seen(update.update_id)
        if seen:
            log.info("update %d was processed before; ignored", update.update_id)
            raise ApplicationHandlerStop

    async def purge(_: ContextTypes.DEFAULT_TYPE) -> None:
        async with services.db.transaction() as tx:
            await UpdateLedger(tx.session).purge(datetime.now(UTC) - KEEP_FOR)

    application.add_handler(TypeHandler(Update, remember), group=GROUP)
    assert application.job_queue is not None, "python-telegram-bot[job-queue] is required"
    application.job_queue.run_repeating(
        purge, interval=PURGE_EVERY, first=PURGE_EVERY, name="update-ledger-purge"
    )
