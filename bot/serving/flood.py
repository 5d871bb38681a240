"""Per-person flood control for the interview: a kind word, then taps are not answered.

A sliding window per person (in memory, keyed by the keyed hash, never the Telegram id).
It applies only to the interview: what a person sends their lawyer is always passed on
(the delivery paces it to Telegram's limits), and lawyers are never limited. Over the
limit, the person is told once per window, and their taps and typing are not answered
until the window has passed; nothing else they did is lost.
"""

from __future__ import annotations

import logging
from collections import deque

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot.core.clock import Clock
from bot.core.scope import BotContext, Person
from bot.outbox.payloads import Prepared
from flows.text import N_

log = logging.getLogger(__name__)

TOO_FAST = N_(
    "You are sending very fast. Please wait a minute: until then I do not answer buttons or "
    "typing. Messages for your lawyer are always passed on."
)
IDLE_SENDERS = 10_000
"""Above this many senders, those quiet for a whole window are forgotten."""


class FloodGuard:
    """Stops interview updates from a person over ``limit`` per ``window`` seconds."""

    def __init__(self, clock: Clock, limit: int, window: float) -> None:
        """Allow ``limit`` interview updates per ``window`` seconds for each person."""
        self.clock = clock
        self.limit = limit
        self.window = window
        self._seen: dict[str, deque[float]] = {}
        self._warned: dict[str, float] = {}

    async def __call__(self, update: Update, context: BotContext) -> None:
        """Run before the handlers; raises ApplicationHandlerStop over the limit."""
        scope = context.scope
        person = scope.actor
        if not isinstance(person, Person) or await self._for_lawyer(update, context, person):
            return
        key = person.user_key
        if self._allow(key):
            return
        log.warning("flood control: an interview update was not answered")
        now = self.clock.monotonic()
        if now - self._warned.get(key, -self.window) >= self.window:
            self._warned[key] = now
            await scope.queue.put(person.chat_id, Prepared(scope.t(TOO_FAST), remember=True))
        raise ApplicationHandlerStop

    async def _for_lawyer(self, update: Update, context: BotContext, person: Person) -> bool:
        """Whether the update is content for the person's lawyer (never limited)."""
        if update.callback_query is not None or update.effective_message is None:
            return False
        text = update.effective_message.text or ""
        if text.startswith("/"):
            return False
        return await context.scope.tx.cases.open_for(person.user_key) is not None

    def _allow(self, key: str) -> bool:
        now = self.clock.monotonic()
        seen = self._seen.setdefault(key, deque())
        while seen and now - seen[0] >= self.window:
            seen.popleft()
        if len(seen) >= self.limit:
            return False
        seen.append(now)
        self._forget_idle(now)
        return True

    def _forget_idle(self, now: float) -> None:
        """Drop senders quiet for a whole window, so memory does not grow with users."""
        if len(self._seen) < IDLE_SENDERS:
            return
        for key in [
            k for k, times in self._seen.items() if not times or now - times[-1] >= self.window
        ]:
            self._seen.pop(key, None)
            self._warned.pop(key, None)
