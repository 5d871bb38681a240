"""Per-person flood control: a kind word, then silence, for someone sending too fast.

A sliding window per sender (kept in memory, keyed by the keyed hash, never the Telegram
id). Updates over the limit are not processed; the sender is told once per window. Lawyers
get a higher limit: they paste documents and talk to several clients.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable

from telegram import Update
from telegram.constants import ChatType, ParseMode
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.core.services import Services
from flows.text import N_

log = logging.getLogger(__name__)

TOO_FAST = N_(
    "You are sending messages very fast. Please wait a minute: what you sent before is kept."
)


class FloodGuard:
    """Stops updates from a sender over ``limit`` per ``window`` seconds."""

    def __init__(
        self,
        services: Services,
        limit: int,
        window: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Allow ``limit`` updates per ``window`` seconds for each sender."""
        self.services = services
        self.limit = limit
        self.window = window
        self.clock = clock
        self._seen: dict[str, deque[float]] = {}
        self._warned: dict[str, float] = {}

    async def __call__(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Run before every handler (group -1); raises ApplicationHandlerStop over the limit."""
        user, chat = update.effective_user, update.effective_chat
        if user is None or chat is None or chat.type != ChatType.PRIVATE:
            return
        key = self.services.keyring.user_key(user.id)
        if self._allow(key):
            return
        log.warning("flood control: an update was dropped")
        if self.clock() - self._warned.get(key, -self.window) >= self.window:
            self._warned[key] = self.clock()
            locale = self.services.catalogs.negotiate(user.language_code)
            text = self.services.catalogs.translator(locale)(TOO_FAST)
            await context.bot.send_message(chat.id, text, parse_mode=ParseMode.HTML)
        if update.callback_query is not None:
            await update.callback_query.answer()
        raise ApplicationHandlerStop

    def _allow(self, key: str) -> bool:
        now = self.clock()
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
        if len(self._seen) < 10_000:
            return
        for key in [
            k for k, times in self._seen.items() if not times or now - times[-1] >= self.window
        ]:
            self._seen.pop(key, None)
            self._warned.pop(key, None)
