"""The outbox worker: delivers what transactions queued, once, in order per chat, with retries.

Items are claimed in their own committed transaction (``sending``) before the Bot API is
called, so two workers never send the same item. An item left ``sending`` by a crashed
process is retried if it goes to a lawyer (a duplicate card is harmless) and dropped if it
goes to a person (a person is never sent the same message twice). Telegram's
``retry_after`` is honoured; other failures back off exponentially, up to five minutes.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter

from bot.cases.escalation import Escalation
from bot.core.services import Services
from bot.delivery.heartbeat import Heartbeat
from bot.delivery.render import NotYet, OutboxRenderer, Sent
from bot.outbox.kinds import Kind, LawyerNotice
from store import OutboxItem, Transaction

log = logging.getLogger(__name__)

BATCH = 20
MAX_BACKOFF = timedelta(minutes=5)
STUCK_AFTER = timedelta(minutes=2)
CLIENT_BOUND = {Kind.CLIENT_NOTICE.value, Kind.RELAY_TO_CLIENT.value}
NOT_MODIFIED = "message is not modified"


class Delivery:
    """Sweeps the outbox: claim due items, send them, record the result."""

    def __init__(self, services: Services, escalation: Escalation) -> None:
        """Deliver through ``services``; report blocked people via ``escalation``."""
        self.services = services
        self.escalation = escalation
        self.render = OutboxRenderer(services)
        self._lock = asyncio.Lock()
        self._again = False
        self.heartbeat = Heartbeat()
        """Beats on every claim: ``/healthz`` tells from it that this worker runs."""

    async def sweep(self, bot: Bot) -> int:
        """Deliver everything due now; returns how many items were attempted."""
        if self._lock.locked():
            # The running sweep may have claimed before this kick's items were committed:
            # have it look once more instead of leaving them to the next tick.
            self._again = True
            return 0
        attempted = 0
        async with self._lock:
            self._again = True
            while self._again:
                self._again = False
                while items := await self._claim():
                    by_chat: dict[int, list[OutboxItem]] = defaultdict(list)
                    for item in items:
                        by_chat[item.chat_id].append(item)
                    await asyncio.gather(
                        *(self._in_order(bot, queue) for queue in by_chat.values())
                    )
                    attempted += len(items)
        return attempted

    async def recover(self) -> None:
        """Settle items a crashed process left half-sent (see the module docstring)."""
        async with self.services.db.transaction() as tx:
            for item in await tx.outbox.stuck_sending(_now() - STUCK_AFTER):
                if item.kind in CLIENT_BOUND:
                    log.warning(
                        "outbox item %d: outcome unknown after a crash; not resent", item.id
                    )
                    await tx.outbox.failed(item.id, "interrupted")
                else:
                    await tx.outbox.retry(item.id, _now(), "interrupted")

    async def _claim(self) -> list[OutboxItem]:
        async with self.services.db.transaction() as tx:
            items = await tx.outbox.claim_due(_now(), BATCH)
        self.heartbeat.beat()
        return items

    async def _in_order(self, bot: Bot, queue: list[OutboxItem]) -> None:
        for item in queue:
            await self._deliver(bot, item)

    async def _deliver(self, bot: Bot, item: OutboxItem) -> None:
        try:
            sent = await self.render.send(bot, item)
        except RetryAfter as error:
            retry_after = error.retry_after
            wait = (
                retry_after
                if isinstance(retry_after, timedelta)
                else timedelta(seconds=retry_after)
            )
            await self._settle(item, lambda tx: tx.outbox.retry(item.id, _now() + wait, "429"))
        except Forbidden:
            await self._settle(item, lambda tx: self._blocked(tx, item))
        except BadRequest as error:
            if NOT_MODIFIED in error.message.lower():
                await self._settle(item, lambda tx: tx.outbox.delivered(item.id, None))
            else:
                refusal = error.message[:200]
                log.error("outbox item %d (%s) refused: %s", item.id, item.kind, refusal)
                await self._settle(item, lambda tx: tx.outbox.failed(item.id, refusal))
        except (NetworkError, NotYet) as error:
            wait = min(timedelta(seconds=2**item.attempts), MAX_BACKOFF)
            reason = type(error).__name__
            await self._settle(item, lambda tx: tx.outbox.retry(item.id, _now() + wait, reason))
        else:
            await self._settle(item, lambda tx: self._record(tx, item, sent))

    async def _record(self, tx: Transaction, item: OutboxItem, sent: Sent | None) -> None:
        await tx.outbox.delivered(item.id, {"message_id": sent.message_id} if sent else None)
        if sent is None:
            return
        if item.kind in CLIENT_BOUND:
            person = self.services.keyring.user_key(item.chat_id)
            await tx.messages.remember(person, [sent.message_id])
        card_id = item.payload.get("card_id")
        if item.kind == Kind.CARD_NEW and isinstance(card_id, int):
            await tx.cards.set_message(card_id, sent.message_id)
        if sent.link_case is not None and sent.lawyer_id is not None:
            await tx.relay.link(sent.lawyer_id, sent.message_id, sent.link_case)

    async def _blocked(self, tx: Transaction, item: OutboxItem) -> None:
        """The recipient blocked the bot: tell the lawyer, or mark the lawyer unreachable."""
        await tx.outbox.failed(item.id, "blocked")
        case = await tx.cases.get(item.case_id) if item.case_id else None
        if item.kind in CLIENT_BOUND:
            if case is not None:
                await self.escalation.notify_lawyer(tx, case, LawyerNotice.CLIENT_BLOCKED)
            return
        lawyer = await tx.lawyers.by_user_key(self.services.keyring.user_key(item.chat_id))
        if lawyer is not None:
            await tx.lawyers.set_reachable(lawyer.id, False)

    async def _settle(
        self, item: OutboxItem, change: Callable[[Transaction], Awaitable[Any]]
    ) -> None:
        async with self.services.db.transaction() as tx:
            await change(tx)


def _now() -> datetime:
    return datetime.now(UTC)
