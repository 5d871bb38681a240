"""The JobQueue side: deliver the outbox, re-page untaken cases, duty by schedule, reminders
and nudges, take back stored updates.

State lives in the database; jobs only look at it. Any process can run them at any time:
row locks make sure each case is paged and each outbox item sent by one worker. The jobs
run on a tick and whenever something wakes them: a unit of work that queued messages it
could not send itself, or the clock jumping forward (a test, the sandbox).

APScheduler skips a run that starts more than a second late: under load (the event loop
busy with a thousand people) every run of every job would be skipped, and a wake-up lost
for good. Here every run happens however late; runs missed meanwhile count as one.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from telegram.ext import Application, ContextTypes, JobQueue

from bot.cases.escalation import Escalation
from bot.core.services import Services
from bot.core.work import unit_of_work
from bot.delivery.worker import Delivery
from bot.desk.reminders import Reminders
from bot.desk.roster import Roster
from bot.serving.intake import Intake

log = logging.getLogger(__name__)

DELIVER_JOB = "outbox-delivery"
DUTY_TICK = timedelta(seconds=30)
"""How often schedules, reminders and nudges are looked at (they are minutes apart)."""


class Jobs:
    """Schedules the recurring jobs and lets units of work wake the delivery at once."""

    def __init__(
        self, services: Services, escalation: Escalation, delivery: Delivery, intake: Intake
    ) -> None:
        """Run ``escalation``, ``delivery``, ``intake``'s replay and the duty team's
        schedules and reminders on the JobQueue."""
        self.services = services
        self.escalation = escalation
        self.delivery = delivery
        self.intake = intake
        self.roster = Roster(services)
        self.reminders = Reminders(self.roster)
        self._application: Application | None = None  # type: ignore[type-arg]
        self._wake_pending = False

    def schedule(self, application: Application) -> None:  # type: ignore[type-arg]
        """Start the recurring jobs, and wake them all when the clock jumps."""
        self._application = application
        queue = self._queue()
        queue.scheduler.configure(
            job_defaults={"misfire_grace_time": None, "coalesce": True},
            **queue.scheduler_configuration,
        )
        settings = self.services.settings
        queue.run_repeating(
            self._deliver, interval=settings.delivery_tick, first=0, name=DELIVER_JOB
        )
        queue.run_repeating(
            self._escalate,
            interval=settings.escalation_tick,
            first=settings.escalation_tick,
            name="escalation",
        )
        queue.run_repeating(
            self._duty_team, interval=DUTY_TICK, first=settings.escalation_tick, name="duty-team"
        )
        queue.run_repeating(
            self._replay,
            interval=self.services.settings.claim_lease / 3,
            first=timedelta(0),
            name="inbox-replay",
        )
        self.services.clock.on_advance(self.wake_all)

    def wake(self) -> None:
        """Have the delivery worker look for due items now (once, however often woken)."""
        if self._application is None or self._wake_pending:
            return
        self._wake_pending = True
        self._queue().run_once(self._woken, when=timedelta(0))

    def wake_all(self) -> None:
        """The clock jumped: every timer may be due."""
        if self._application is None:
            return
        queue = self._queue()
        for job in (self._escalate, self._duty_team, self._replay):
            queue.run_once(job, when=timedelta(0))
        self.wake()

    def _queue(self) -> JobQueue:  # type: ignore[type-arg]
        assert self._application is not None and self._application.job_queue is not None
        return self._application.job_queue

    async def _woken(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        self._wake_pending = False
        await self.delivery.sweep()

    async def _deliver(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.delivery.sweep()

    async def _escalate(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        try:
            async with unit_of_work(self.services) as work:
                escalated = await self.escalation.escalate_due(work)
        except Exception as error:  # the database is away: the next tick tries again
            log.warning("escalation: could not look for due cases (%s)", type(error).__name__)
            return
        if escalated:
            log.info("re-paged %d untaken cases", escalated)

    async def _duty_team(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Duty by schedule, then reminders and nudges (each in its own unit of work)."""
        for name, step in (("roster", self.roster.run), ("reminders", self.reminders.run)):
            try:
                async with unit_of_work(self.services) as work:
                    await step(work)
            except Exception as error:  # the database is away: the next tick tries again
                log.warning("%s: could not run (%s)", name, type(error).__name__)

    async def _replay(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert self._application is not None
        try:
            await self.intake.replay(self._application)
        except Exception as error:  # the database is away: the next tick tries again
            log.warning("inbox: could not look for stored updates (%s)", type(error).__name__)
