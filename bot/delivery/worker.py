"""Delivery: sends outbox items, once and in order per chat and lane, until they arrive.

Items come two ways: a unit of work that claimed its own items hands them over right after
its commit (:meth:`Delivery.deliver`), and the worker sweeps for the rest — items due
after a back-off, items nobody could claim, claims whose lease ran out because their
process died (:meth:`Delivery.sweep`). Either way every item is sent by one process.

Telegram's ``retry_after`` is honoured; timeouts, network and server errors back off
exponentially, up to five minutes, and are retried for as long as it takes. A timeout may
hide a message Telegram did show, so the retry is marked as a possible repeat. A message
Telegram refuses for good is reported to whoever sent it (see :mod:`bot.delivery.failures`).
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable, Sequence
from datetime import timedelta
from typing import Any

from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.core.services import Services
from bot.core.work import Queue, Work
from bot.delivery.failures import Failures
from bot.delivery.heartbeat import Heartbeat
from bot.delivery.render import NotYet, Renderer, Sent
from bot.outbox.kinds import Kind, LawyerNotice, Priority
from bot.outbox.payloads import LawyerNoticePayload
from store import OutboxItem, Transaction

log = logging.getLogger(__name__)

BATCH = 20
MAX_BACK_OFF = timedelta(minutes=5)
SETTLE_FIRST_PAUSE = 0.05
SETTLE_LAST_PAUSE = 2.0
"""Seconds between tries to record what Telegram did with an item (doubling)."""
NOT_MODIFIED = "message is not modified"


class Delivery:
    """Sends outbox items and records what came of them."""

    def __init__(self, services: Services, failures: Failures, bot: Bot) -> None:
        """Send with ``bot``; report what cannot be delivered through ``failures``."""
        self.services = services
        self.failures = failures
        self.bot = bot
        self.render = Renderer(services)
        self._lock = asyncio.Lock()
        self._again = False
        self._in_flight: set[int] = set()
        """Items this process is sending: its own claims are never taken again."""
        self.heartbeat = Heartbeat()
        """Beats on every sweep: ``/healthz`` tells from it that this worker runs."""

    async def deliver(self, items: Sequence[OutboxItem], *, urgent_first: bool = False) -> None:
        """Send items this process claimed: each chat's lanes in order, side by side.

        With ``urgent_first`` (a sweep's batch, which may be a backlog), lanes holding an
        urgent item (a card, a relay: :data:`~bot.outbox.kinds.Priority.RELAY` and above)
        are sent before the others start, so a page never shares the network with a
        backlog of ordinary replies. One update's few items go all at once: a person's
        confirmation and the lawyer's card arrive together.
        """
        by_lane: dict[tuple[int, str], list[OutboxItem]] = defaultdict(list)
        for item in items:
            by_lane[item.chat_id, item.lane].append(item)
        queues = list(by_lane.values())
        urgent = [q for q in queues if urgent_first and any(_urgent(item) for item in q)]
        ordinary = [q for q in queues if q not in urgent]
        ids = {item.id for item in items}
        self._in_flight |= ids
        try:
            for phase in (urgent, ordinary):
                sent = await asyncio.gather(*(self._in_order(queue) for queue in phase))
                await self._record_all([done for lane in sent for done in lane])
        finally:
            self._in_flight -= ids

    async def sweep(self) -> int:
        """Claim and send everything due now; returns how many items were attempted."""
        if self._lock.locked():
            # The running sweep may have claimed before the items it is woken for were
            # committed: have it look once more instead of leaving them to the next tick.
            self._again = True
            return 0
        attempted = 0
        async with self._lock:
            self._again = True
            while self._again:
                self._again = False
                while items := await self._claim():
                    await self.deliver(items, urgent_first=True)
                    attempted += len(items)
        return attempted

    async def _claim(self) -> list[OutboxItem]:
        now = self.services.clock.now()
        try:
            async with self.services.db.transaction() as tx:
                items = await tx.outbox.claim_due(
                    now,
                    BATCH,
                    lease_until=now + self.services.settings.claim_lease,
                    in_flight=list(self._in_flight),
                )
        except Exception as error:  # the database is away: try again on the next tick
            log.warning("delivery: could not claim items (%s)", type(error).__name__)
            return []
        self.heartbeat.beat()
        return items

    async def _in_order(self, queue: list[OutboxItem]) -> list[tuple[OutboxItem, Sent | None]]:
        """Send one lane's items in order; those Telegram accepted, to record together."""
        accepted = []
        for item in queue:
            if (done := await self._deliver(item)) is not None:
                accepted.append(done)
        return accepted

    async def _deliver(self, item: OutboxItem) -> tuple[OutboxItem, Sent | None] | None:
        """Send ``item``: what Telegram accepted is returned, to be recorded with the rest
        of its batch (:meth:`_record_all`); any other outcome is recorded here."""
        started = self.services.clock.now()  # back-offs count from the attempt
        try:
            call = self.render.without_reads(item)
            if call is None:
                async with self.services.db.transaction() as tx:
                    call = await self.render.prepare(tx, item)
            sent = None if call is None else await call(self.bot)
        except RetryAfter as error:
            wait = _seconds(error.retry_after)
            await self._settle(
                _named([item]), lambda tx: tx.outbox.retry(item.id, started + wait, "429")
            )
        except Forbidden:
            await self._settle(
                _named([item]), lambda tx: self.failures.blocked(tx, item, self._work(tx))
            )
        except BadRequest as error:
            await self._refused(item, error)
        except NotYet:
            wait = self._back_off(item)
            await self._settle(
                _named([item]), lambda tx: tx.outbox.retry(item.id, started + wait, "NotYet")
            )
        except (TimedOut, NetworkError) as error:
            wait, name = self._back_off(item), type(error).__name__
            maybe_sent = isinstance(error, TimedOut)
            await self._settle(
                _named([item]),
                lambda tx: tx.outbox.retry(item.id, started + wait, name, maybe_sent=maybe_sent),
            )
        except Exception as error:  # a database failure or a bug: the claim runs out, and a
            # later sweep tries again (marked as a possible repeat)
            log.error("delivery of item %d failed: %s", item.id, type(error).__name__)
        else:
            return item, sent
        return None

    async def _record_all(self, accepted: list[tuple[OutboxItem, Sent | None]]) -> None:
        """Record what Telegram accepted, in one transaction for the batch (see :meth:`_settle`)."""
        if not accepted:
            return

        async def record(tx: Transaction) -> None:
            work = self._work(tx)
            await tx.outbox.delivered_all([(item, _result(sent)) for item, sent in accepted])
            shown: dict[int, list[int]] = defaultdict(list)
            for item, sent in accepted:
                await self._record(tx, item, sent, work)
                if sent is not None and sent.message_id is not None:
                    shown[item.chat_id] += sent.remember
            for chat_id, message_ids in shown.items():  # one write per chat, for /clear
                await tx.messages.remember(self.services.user_key(chat_id), message_ids)

        await self._settle(_named(item for item, _ in accepted), record)

    async def _refused(self, item: OutboxItem, error: BadRequest) -> None:
        if NOT_MODIFIED in error.message.lower():
            await self._settle(_named([item]), lambda tx: tx.outbox.delivered_all([(item, None)]))
            return
        refusal = error.message[:200]
        log.error("outbox item %d (%s) refused: %s", item.id, item.kind, refusal)
        await self._settle(
            _named([item]), lambda tx: self.failures.refused(tx, item, refusal, self._work(tx))
        )

    async def _record(
        self, tx: Transaction, item: OutboxItem, sent: Sent | None, work: Work
    ) -> None:
        """What else a delivery makes known (recorded delivered already)."""
        if sent is None or sent.message_id is None:
            return
        card_id = item.payload.get("card_id")
        if item.kind == Kind.CARD and isinstance(card_id, int):
            await tx.cards.set_message(card_id, sent.message_id)
        if sent.case_link is not None and sent.lawyer_id is not None:
            await tx.relay.link(sent.lawyer_id, sent.message_id, sent.case_link)
        if item.kind == Kind.RELAY_TO_CLIENT and item.case_id is not None:
            await self._acknowledge(tx, item, work)

    async def _acknowledge(self, tx: Transaction, item: OutboxItem, work: Work) -> None:
        """A lawyer's message reached the client: say so in reply to it, with the case."""
        case = await tx.cases.get(item.case_id) if item.case_id else None
        lawyer = await tx.lawyers.get(case.lawyer_id) if case and case.lawyer_id else None
        if case is None or lawyer is None:
            return
        await work.queue.put(
            lawyer.telegram_id,
            LawyerNoticePayload(
                LawyerNotice.SENT, lawyer.id, case.number, reply_to=item.payload.get("message_id")
            ),
            case_id=case.id,
        )

    def _work(self, tx: Transaction) -> Work:
        """A unit of work for what a failure makes known (sent by the next sweep)."""
        return Work(tx, Queue(tx, None))

    async def _settle(self, what: str, change: Callable[[Transaction], Awaitable[Any]]) -> None:
        """Record the outcome of an attempt, trying again while the claim lasts.

        What Telegram did is known only here, in memory: a busy or briefly absent database
        must not turn a message that was sent into one sent again (after the claim runs out).
        Only if the database stays away for half the claim are the items left to be sent
        again, marked as possible repeats (as when the process dies between sending and
        recording).
        """
        pause, deadline = SETTLE_FIRST_PAUSE, self._monotonic() + self._lease_seconds()
        while True:
            try:
                async with self.services.db.transaction() as tx:
                    await change(tx)
                break
            except Exception as error:
                if self._monotonic() + pause >= deadline:
                    log.error("delivery: could not record %s (%s)", what, type(error).__name__)
                    break
                log.warning(
                    "delivery: recording %s failed (%s), trying again", what, type(error).__name__
                )
                await asyncio.sleep(pause)
                pause = min(pause * 2, SETTLE_LAST_PAUSE)
        self.services.outlet.wake()

    def _lease_seconds(self) -> float:
        """How long this process may keep trying to record an attempt: half the claim."""
        return self.services.settings.claim_lease.total_seconds() / 2

    @staticmethod
    def _monotonic() -> float:
        return asyncio.get_running_loop().time()

    def _back_off(self, item: OutboxItem) -> timedelta:
        return min(timedelta(seconds=2 ** min(item.attempts - 1, 10)), MAX_BACK_OFF)


def _named(items: Iterable[OutboxItem]) -> str:
    """Items as logs name them: by id only."""
    return "items " + ", ".join(str(item.id) for item in items)


def _urgent(item: OutboxItem) -> bool:
    return item.priority >= Priority.RELAY


def _seconds(retry_after: object) -> timedelta:
    return (
        retry_after
        if isinstance(retry_after, timedelta)
        else timedelta(seconds=float(str(retry_after)))
    )


def _result(sent: Sent | None) -> dict[str, Any] | None:
    """What is kept of a delivery: the message's id, if Telegram gave one."""
    return None if sent is None or sent.message_id is None else {"message_id": sent.message_id}
