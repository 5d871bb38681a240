"""A unit of work: one transaction, and the messages it queued, sent once it committed.

Nothing is sent to Telegram from inside a transaction, and nothing is sent that is not
in the outbox first. A unit of work queues its messages with :class:`Queue`; where it
may, the queue claims them for this process (a lease), and the :class:`Outlet` sends them
right after the commit, without waiting for a worker. If the process dies first, the
lease runs out and any delivery worker sends them (marked as a possible repeat).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.outbox.kinds import Kind, Lane, Priority, lane_of
from bot.outbox.payloads import Payload, encode, kind_of
from store import OutboxItem, Transaction

if TYPE_CHECKING:
    from bot.core.services import Services


class Queue:
    """Queues outbox items in a transaction, claiming those it may for this process."""

    def __init__(self, tx: Transaction, lease_until: datetime | None) -> None:
        """Queue in ``tx``; claim items until ``lease_until`` (``None``: claim none)."""
        self.tx = tx
        self.lease_until = lease_until
        self.claimed: list[OutboxItem] = []
        """Items to send once the transaction committed, in the order they were queued."""
        self.unclaimed = 0
        """Items left for a delivery worker (their turn has not come, or no lease)."""

    async def put(
        self,
        chat_id: int,
        payload: Payload,
        *,
        kind: Kind | None = None,
        case_id: int | None = None,
        lane: Lane = Lane.CHAT,
        priority: Priority = Priority.MESSAGE,
        due_at: datetime | None = None,
    ) -> None:
        """Queue ``payload`` for ``chat_id`` (its kind follows from its type unless given)."""
        kind = kind or kind_of(payload)
        data = encode(payload)
        in_lane = lane_of(lane, case_id)
        if self.lease_until is None or due_at is not None:
            await self.tx.outbox.add(
                kind,
                chat_id,
                data,
                case_id=case_id,
                priority=priority,
                lane=in_lane,
                due_at=due_at,
            )
            self.unclaimed += 1
            return
        item = await self.tx.outbox.add_claimed(
            kind,
            chat_id,
            data,
            self.lease_until,
            case_id=case_id,
            priority=priority,
            lane=in_lane,
            claimed_before=[claimed.id for claimed in self.claimed],
        )
        if item is None:
            self.unclaimed += 1
        else:
            self.claimed.append(item)


Deliver = Callable[[Sequence[OutboxItem]], Awaitable[None]]


async def _nothing(_: Sequence[OutboxItem]) -> None:
    """No delivery in this process: leave the items to a running bot's worker."""


@dataclass
class Outlet:
    """Where committed items go: the running bot's delivery, or nowhere (the CLI).

    A process that delivers sets :attr:`deliver` and :attr:`lease`; a command-line tool
    leaves both unset, so what it queues stays pending for the bot's worker to send.
    """

    deliver: Deliver = _nothing
    lease: timedelta | None = None
    wake: Callable[[], None] = field(default=lambda: None)
    """Wakes the delivery worker (for items queued but not claimed)."""


@dataclass
class Work:
    """One transaction and what it queued."""

    tx: Transaction
    queue: Queue


@asynccontextmanager
async def unit_of_work(services: Services) -> AsyncIterator[Work]:
    """A transaction whose queued messages are sent once it committed."""
    outlet = services.outlet
    lease_until = None if outlet.lease is None else services.clock.now() + outlet.lease
    async with services.db.transaction() as tx:
        work = Work(tx, Queue(tx, lease_until))
        yield work
    await flush(services, work.queue)


async def flush(services: Services, queue: Queue) -> None:
    """After a commit: send what ``queue`` claimed, and wake the worker for the rest."""
    if queue.unclaimed:
        services.outlet.wake()
    if queue.claimed:
        await services.outlet.deliver(queue.claimed)
