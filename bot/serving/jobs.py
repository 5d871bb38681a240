"""The JobQueue side of escalation: deliver the outbox, re-page untaken cases, recover.

State lives in the database; jobs only look at it. Any process can run them at any time:
row locks make sure each case is paged and each outbox item sent by one worker.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from telegram.ext import Application, ContextTypes

from bot.cases.escalation import Escalation
from bot.core.services import Services
from bot.delivery.worker import Delivery

log = logging.getLogger(__name__)

DELIVER_JOB = "outbox-delivery"


class Jobs:
    """Schedules the recurring jobs and lets handlers wake the outbox worker at once."""

    def __init__(self, services: Services, escalation: Escalation, delivery: Delivery) -> None:
        """Run ``escalation`` and ``delivery`` on the application's JobQueue."""
        self.services = services
        self.escalation = escalation
        self.delivery = delivery
        self._application: Application | None = None  # type: ignore[type-arg]

    def schedule(self, application: Application) -> None:  # type: ignore[type-arg]
        """Start the recurring jobs: outbox delivery, escalation timers, crash recovery."""
        self._application = application
        queue = application.job_queue
        assert queue is not None, "python-telegram-bot[job-queue] is required"
        settings = self.services.settings
        queue.run_once(self._recover, when=0, name="outbox-recovery")
        queue.run_repeating(
            self._deliver, interval=settings.delivery_tick, first=0, name=DELIVER_JOB
        )
        queue.run_repeating(
            self._escalate,
            interval=settings.escalation_tick,
            first=settings.escalation_tick,
            name="escalation",
        )

    @property
    def kick(self) -> Callable[[], None]:
        """Wake the outbox worker now (after a transaction that queued messages)."""
        return self._kick

    def _kick(self) -> None:
        if self._application is not None and self._application.job_queue is not None:
            self._application.job_queue.run_once(self._deliver, when=timedelta(0))

    async def _deliver(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.delivery.sweep(context.bot)

    async def _escalate(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        async with self.services.db.transaction() as tx:
            escalated = await self.escalation.escalate_due(tx)
        if escalated:
            log.info("re-paged %d untaken cases", escalated)
            await self.delivery.sweep(context.bot)

    async def _recover(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.delivery.recover()
