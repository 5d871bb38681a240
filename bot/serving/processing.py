"""One update, one path: in order per person, in one transaction, claimed exactly once.

python-telegram-bot hands every update to :class:`InboxUpdateProcessor`. For each one:

1. wait for the person's earlier updates (one person's updates strictly in order,
   different people's at the same time);
2. open one transaction; claim the update in the inbox (:meth:`store.Inbox.begin`) —
   if it was processed before, stop; if the person has older updates still waiting in
   the inbox (a crash, a failed attempt), process those first;
3. build the update's :class:`~bot.core.scope.UpdateScope` (who, which language) and run
   the handlers, which write their changes and queue their messages in that transaction;
4. commit; then answer the button press and send what was queued.

A conflict with a concurrent update is retried at once. Any other failure rolls the
transaction back and leaves the update in the inbox, tried again after a back-off; after
:data:`MAX_ATTEMPTS` the person is told, in their language, that it could not be handled.
A database that is away or busy is not the update's fault: it is tried again after the
first back-off for as long as it takes, and never given up.
While the bot stops, updates not yet started are left to the inbox for the next start.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from datetime import timedelta
from typing import Any

from telegram import Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import Application, BaseUpdateProcessor

from bot.cases.directory import LawyerDirectory
from bot.core.scope import CURRENT, Lawyer, Person, UpdateScope
from bot.core.services import Services
from bot.core.work import Queue, Work, flush
from bot.outbox.payloads import Prepared
from bot.person import texts
from bot.serving.intake import MAX_BACKLOG, Backlog, ordering_key
from bot.serving.ordering import KeyedLocks
from flows.buttons import Nav, parse
from flows.text import Reader
from store import ConcurrentUpdateError, EarlierWaiting, PendingUpdate, is_unavailable
from store.turns import WorkSlots

log = logging.getLogger(__name__)

MAX_CONCURRENT_WORK = 32
"""Updates worked on at once (each holds a database connection)."""
URGENT_WORK = 4
"""Of those, places only urgent updates may take (see :func:`is_urgent`)."""
RETRIES_AT_ONCE = 3
"""Attempts in a row when a concurrent update changed the same rows."""
BACK_OFF = (timedelta(seconds=10), timedelta(minutes=1), timedelta(minutes=5))
"""Waits before trying a failed update again; after the last, it is given up."""
MAX_ATTEMPTS = len(BACK_OFF) + 1


class ScopeBuilder:
    """Works out, once per update, who is writing and in which language to answer."""

    def __init__(self, services: Services, directory: LawyerDirectory) -> None:
        """Find lawyers through ``directory``."""
        self.services = services
        self.directory = directory

    async def build(self, update: Update, work: Work) -> UpdateScope:
        """The scope of ``update``, reading what it needs in ``work``'s transaction."""
        catalogs = self.services.catalogs
        user, chat = update.effective_user, update.effective_chat
        telegram_locale = catalogs.negotiate(user.language_code if user else None)
        if user is None or chat is None or chat.type != ChatType.PRIVATE:
            return UpdateScope(update, work, None, catalogs.translator(telegram_locale))
        key = self.services.user_key(user.id)
        command = bool(update.message and update.message.text and update.message.text[:1] == "/")
        lawyer = await self.directory.find(work.tx, key, fresh=command)
        if lawyer is not None:
            t = catalogs.translator(lawyer.locale, Reader.OTHER)
            return UpdateScope(update, work, Lawyer(key, chat.id, lawyer), t)
        person = Person(key, chat.id, await work.tx.conversations.load(key))
        state = person.state
        t = catalogs.translator(state.locale or telegram_locale, state.reader)
        return UpdateScope(update, work, person, t)


class Pipeline:
    """Processes one update at a time (see the module docstring)."""

    def __init__(
        self,
        services: Services,
        application: Application,  # type: ignore[type-arg]
        builder: ScopeBuilder,
        backlog: Backlog,
    ) -> None:
        """Run ``application``'s handlers for updates, with scopes from ``builder``."""
        self.services = services
        self.application = application
        self.builder = builder
        self.backlog = backlog
        self.stopping = False
        """Set while the bot stops: updates not yet started stay in the inbox."""

    async def run(self, update: Update, handlers: Awaitable[Any]) -> None:
        """Process ``update``; ``handlers`` is python-telegram-bot's run of its handlers."""
        if self.stopping:
            _close(handlers)
            await self._hand_back(update)
            return
        catch_up = True
        for _ in range(RETRIES_AT_ONCE):
            try:
                scope = await self._attempt(update, handlers, catch_up=catch_up)
            except EarlierWaiting as waiting:
                catch_up = False
                for stored in waiting.earlier:
                    await self.run_stored(stored)
            except ConcurrentUpdateError:
                log.info("update %d met a concurrent change; trying again", update.update_id)
            except Exception as error:
                await self._failed(update, error)
                return
            else:
                if scope is not None:
                    await self._after_commit(update, scope)
                return
            handlers = self.application.process_update(update)
        _close(handlers)
        await self._failed(update, ConcurrentUpdateError("kept changing"))

    async def run_stored(self, stored: PendingUpdate) -> None:
        """Process an update taken from the inbox (already the person's turn)."""
        update = Update.de_json(stored.data, self.application.bot)
        await self.run(update, self.application.process_update(update))

    async def _attempt(
        self, update: Update, handlers: Awaitable[Any], *, catch_up: bool
    ) -> UpdateScope | None:
        lease_until = self.services.clock.now() + self.services.settings.claim_lease
        try:
            async with self.services.db.transaction() as tx:
                key = ordering_key(self.services, update) if catch_up else None
                if not await tx.inbox.begin(update.update_id, in_turn_of=key):
                    log.info("update %d was processed before; ignored", update.update_id)
                    _close(handlers)
                    return None
                scope = await self.builder.build(update, Work(tx, Queue(tx, lease_until)))
                token = CURRENT.set(scope)
                try:
                    await handlers
                finally:
                    CURRENT.reset(token)
                if scope.failed is not None:
                    raise scope.failed
        except BaseException:
            _close(handlers)
            raise
        return scope

    async def _after_commit(self, update: Update, scope: UpdateScope) -> None:
        query = update.callback_query
        if query is not None:
            answer = scope.query_answer
            try:
                await query.answer(answer.text, show_alert=answer.alert)
            except TelegramError as error:
                log.info("could not answer a button press: %s", type(error).__name__)
        await flush(self.services, scope.queue)
        for action in scope.after_commit:
            await action()

    async def _failed(self, update: Update, error: BaseException) -> None:
        """Leave the update for a later attempt, or give it up and say so."""
        name = type(error).__name__
        unavailable = is_unavailable(error)
        if unavailable:
            log.error(
                "update %d failed on the database (%s); kept for later", update.update_id, name
            )
        else:
            log.error("update %d failed: %s", update.update_id, name, exc_info=error)
        try:
            async with self.services.db.transaction() as tx:
                wait: timedelta | None = BACK_OFF[0]
                if not unavailable:  # a database away or busy uses up none of the attempts
                    attempts = await tx.inbox.record_failure(update.update_id, name)
                    wait = BACK_OFF[max(attempts, 1) - 1] if attempts < MAX_ATTEMPTS else None
                if wait is None:
                    await tx.inbox.give_up(update.update_id)
                    await self._apologise(update, Work(tx, Queue(tx, None)))
                else:
                    await tx.inbox.postpone(update.update_id, self.services.clock.now() + wait)
        except Exception as failure:  # the database is away: the lease runs out, then a retry
            log.error("could not record the failure (%s); retried later", type(failure).__name__)
            return
        self.services.outlet.wake()

    async def _apologise(self, update: Update, work: Work) -> None:
        scope = await self.builder.build(update, work)
        if isinstance(scope.actor, Person | Lawyer):
            text = scope.t(texts.ERROR)
            await work.queue.put(scope.actor.chat_id, Prepared(text, remember=True))

    async def _hand_back(self, update: Update) -> None:
        try:
            async with self.services.db.transaction() as tx:
                await tx.inbox.release([update.update_id])
        except Exception as error:  # its lease runs out instead
            log.warning("could not hand an update back (%s)", type(error).__name__)


class InboxUpdateProcessor(BaseUpdateProcessor):
    """python-telegram-bot's update processor, running every update through a :class:`Pipeline`.

    Its own limit is the in-memory backlog (every update admitted may be waiting here);
    how many are worked on at once is :data:`MAX_CONCURRENT_WORK`, taken only once it is
    the person's turn, so one person's burst never holds places others need. Urgent
    updates (:func:`is_urgent`) take a place before the interview's taps, and
    :data:`URGENT_WORK` places are theirs alone: a consent or a lawyer's reply does not
    queue behind a thousand people's answers.
    """

    def __init__(self) -> None:
        """Until :attr:`pipeline` is set, updates run as python-telegram-bot would."""
        super().__init__(MAX_BACKLOG)
        self.pipeline: Pipeline | None = None
        self._locks = KeyedLocks()
        self._work = WorkSlots(MAX_CONCURRENT_WORK, URGENT_WORK)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Process ``update`` after the same person's earlier ones."""
        pipeline = self.pipeline
        if pipeline is None or not isinstance(update, Update):
            await coroutine
            return
        try:
            key = ordering_key(pipeline.services, update)
            urgent = is_urgent(update, key, pipeline.builder.directory)
            async with self._locks.hold(key), self._work.hold(urgent=urgent):
                await pipeline.run(update, coroutine)
        finally:
            await pipeline.backlog.done(update.update_id)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""


def is_urgent(update: Update, key: str | None, directory: LawyerDirectory) -> bool:
    """Whether ``update`` goes before the interview's taps: what a lawyer does, a person's
    consent to share their case, and what a person writes (it may be for their lawyer).

    Decided without the database (the lawyers as last read), so it costs nothing.
    """
    if key is not None and directory.knows(key):
        return True
    query = update.callback_query
    if query is not None:
        return parse(query.data or "") is Nav.CONSENT
    message = update.effective_message
    return message is not None and not (message.text or "").startswith("/")


def _close(handlers: Awaitable[Any]) -> None:
    """Discard a run of the handlers that will not happen."""
    close = getattr(handlers, "close", None)
    if close is not None:
        close()
