"""Durable intake: an update is stored before Telegram is told it arrived.

In polling mode python-telegram-bot confirms an update to Telegram with the *next*
``getUpdates`` call (its ``offset``). :class:`InboxBot` stores every batch ``getUpdates``
returns in the inbox, in one transaction, before handing it on: the next call, which
confirms it, happens only after the commit. If the database cannot store a batch, the
call fails like a network error and python-telegram-bot asks again with the same offset,
so Telegram keeps the updates until they are stored. (The webhook server stores each
update before answering, see :mod:`bot.serving.webhook`.)

How many updates wait in memory is bounded (:class:`Backlog`): ``getUpdates`` asks only
for what there is room for, and waits while there is none; the rest wait at Telegram's or
in the inbox. Updates whose lease ran out (their process died, or their attempt failed and
the back-off is over) are taken again from the inbox by :meth:`Intake.replay`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

from telegram import Update
from telegram.error import NetworkError, TelegramError
from telegram.ext import Application, ExtBot

from bot.core.services import Services
from store import ReceivedUpdate

log = logging.getLogger(__name__)

MAX_BACKLOG = 1024
"""Updates held in memory at most (fetched or replayed, not yet processed): about 11 MB.

An urgent update (a consent, a lawyer's reply) goes first only once it is in memory; beyond
this many, it waits at Telegram's behind everything sent before it. So the bound is set
for a thousand people mid-interview at once (one update each in flight), not lower."""


class DatabaseUnavailableError(NetworkError):
    """The inbox could not store updates: python-telegram-bot retries as for a network error."""


class Backlog:
    """Counts the updates in memory and makes intake wait while there is no room."""

    def __init__(self, limit: int = MAX_BACKLOG) -> None:
        """Allow ``limit`` updates in memory at once."""
        self.limit = limit
        self._held: dict[int, int] = {}
        """Update id → how many copies of it are in memory (a redelivery may add one)."""
        self._count = 0
        self._changed = asyncio.Condition()

    @property
    def room(self) -> int:
        """How many more updates may come in now."""
        return max(self.limit - self._count, 0)

    @property
    def held(self) -> list[int]:
        """The ids of the updates in memory (not to be taken from the inbox again)."""
        return list(self._held)

    async def wait_for_room(self) -> int:
        """Wait until at least one more update may come in; how many may."""
        async with self._changed:
            await self._changed.wait_for(lambda: self._count < self.limit)
        return self.room

    def admit(self, update_ids: Sequence[int]) -> None:
        """These updates came in."""
        for update_id in update_ids:
            self._held[update_id] = self._held.get(update_id, 0) + 1
        self._count += len(update_ids)

    async def done(self, update_id: int) -> None:
        """An update left memory (processed, or handed back to the inbox)."""
        async with self._changed:
            self._count -= 1
            left = self._held.get(update_id, 1) - 1
            if left > 0:
                self._held[update_id] = left
            else:
                self._held.pop(update_id, None)
            self._changed.notify_all()


def ordering_key(services: Services, update: Update) -> str | None:
    """Whose update it is, as the database knows them: the keyed hash of the sender."""
    if update.effective_user is not None:
        return services.user_key(update.effective_user.id)
    if update.effective_chat is not None:
        return services.user_key(update.effective_chat.id)
    return None


class Intake:
    """Stores arriving updates in the inbox and feeds stored ones to the Application."""

    def __init__(self, services: Services, backlog: Backlog) -> None:
        """Store through ``services``; count what is in memory in ``backlog``."""
        self.services = services
        self.backlog = backlog

    async def store(
        self, updates: Sequence[Update], as_sent: Sequence[Mapping[str, Any]] | None = None
    ) -> None:
        """Store ``updates`` (one transaction), leased to this process.

        ``as_sent`` is their JSON as Telegram sent it, if at hand (the webhook's): else
        each update is serialised again. Raises :class:`DatabaseUnavailableError` if they
        could not be stored.
        """
        data = [update.to_dict() for update in updates] if as_sent is None else as_sent
        received = [
            ReceivedUpdate(update.update_id, ordering_key(self.services, update), json)
            for update, json in zip(updates, data, strict=True)
        ]
        lease_until = self.services.clock.now() + self.services.settings.claim_lease
        try:
            # Ahead of the updates being processed: an urgent one among these is seen at once.
            async with self.services.db.transaction(ahead=True) as tx:
                await tx.inbox.store(received, lease_until)
        except Exception as error:  # whatever the driver raises: nothing was stored
            log.error(
                "could not store %d updates (%s); Telegram keeps them, retrying",
                len(updates),
                type(error).__name__,
            )
            raise DatabaseUnavailableError("the database could not store updates") from error

    async def replay(self, application: Application) -> int:  # type: ignore[type-arg]
        """Put stored updates whose lease ran out back into processing; returns how many."""
        room = self.backlog.room
        if room == 0:
            return 0
        lease_until = self.services.clock.now() + self.services.settings.claim_lease
        async with self.services.db.transaction() as tx:
            pending = await tx.inbox.take_expired(lease_until, room, in_hand=self.backlog.held)
        for stored in pending:
            update = Update.de_json(stored.data, application.bot)
            self.backlog.admit([update.update_id])
            await application.update_queue.put(update)
        if pending:
            log.info("replaying %d stored updates", len(pending))
        return len(pending)


class InboxBot(ExtBot[Any]):
    """python-telegram-bot's bot, storing what ``getUpdates`` returns before it is confirmed."""

    def __init__(self, token: str, intake: Intake, **options: Any) -> None:
        """A bot storing its updates through ``intake``; ``options`` as for ``ExtBot``."""
        super().__init__(token, **options)
        self._intake = intake

    async def get_updates(self, *args: Any, **kwargs: Any) -> tuple[Update, ...]:
        """Ask only for what fits in memory, and store it before returning it.

        The call python-telegram-bot makes while stopping (no long poll) only confirms
        what was stored: what it returns is dropped by python-telegram-bot, and stays
        unconfirmed at Telegram's for the next start.
        """
        intake = self._intake
        if _no_wait(kwargs.get("timeout")):
            return await super().get_updates(*args, **kwargs)
        room = await intake.backlog.wait_for_room()
        limit = kwargs.get("limit")
        kwargs["limit"] = min(limit or 100, room, 100)
        updates = await super().get_updates(*args, **kwargs)
        if updates:
            # python-telegram-bot cancels a poll in progress when it stops: the batch is
            # stored all the same (not a transaction cut in half, its connection left open);
            # unconfirmed, it comes again at the next start, and is recognised.
            await asyncio.shield(intake.store(updates))
            intake.backlog.admit([update.update_id for update in updates])
        return updates


def _no_wait(timeout: object) -> bool:
    return timeout == 0 or timeout == timedelta(0)


def polling_error(error: TelegramError) -> None:
    """python-telegram-bot's polling error callback: one line, no traceback."""
    if isinstance(error, DatabaseUnavailableError):
        return  # Intake.store said it already
    log.warning("polling for updates failed (%s); retrying", type(error).__name__)
