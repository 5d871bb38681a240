"""The bot's update queue with ``getUpdates`` semantics (offset, limit, long poll)."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Iterable

from emulator.models import ApiError, JsonDict
from emulator.notify import Notifier

# Update kinds Telegram only sends when asked for explicitly in ``allowed_updates``.
OPT_IN_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
SUPERSEDED = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)


def update_kind(update: JsonDict) -> str:
    """The kind of an update, e.g. ``message`` or ``callback_query``."""
    return next((key for key in update if key != "update_id"), "")


def update_chat(update: JsonDict) -> object:
    """The chat an update belongs to (or its sender, or the update itself).

    Telegram delivers one chat's updates in order: this is the key of that queue.
    """
    body: object = next((value for key, value in update.items() if key != "update_id"), {})
    if isinstance(body, dict):
        for holder in (body, body.get("message")):
            if isinstance(holder, dict) and isinstance(holder.get("chat"), dict):
                return holder["chat"].get("id")
        sender = body.get("from")
        if isinstance(sender, dict):
            return sender.get("id")
    return ("update", update.get("update_id"))


class UpdateQueue:
    """Unconfirmed updates, in ``update_id`` order."""

    def __init__(self) -> None:
        self._pending: list[JsonDict] = []
        self._next_id = 1
        self.changed = Notifier()
        self._poll_generation = 0
        self.allowed_updates: frozenset[str] | None = None
        self.last_change = time.monotonic()
        """When an update was last queued or confirmed (``time.monotonic()``)."""

    @property
    def pending_count(self) -> int:
        """Updates created but not yet confirmed by the bot."""
        return len(self._pending)

    def set_allowed_updates(self, kinds: Iterable[str]) -> None:
        """Remember ``allowed_updates``; an empty list means the default set."""
        self.allowed_updates = frozenset(kinds) or None

    def push(self, update: JsonDict) -> int:
        """Assign the next ``update_id`` and queue the update unless it is filtered out."""
        update_id = self._next_id
        self._next_id += 1
        fields = {key: value for key, value in update.items() if key != "update_id"}
        update = {"update_id": update_id, **fields}
        kind = update_kind(update)
        allowed = (
            kind in self.allowed_updates if self.allowed_updates else (kind not in OPT_IN_UPDATES)
        )
        if allowed:
            self._pending.append(update)
            self.last_change = time.monotonic()
            self.changed.notify()
        return update_id

    def drop_all(self) -> None:
        """Forget every pending update (``drop_pending_updates``)."""
        self._pending.clear()

    def confirm(self, update_id: int) -> None:
        """Remove one update (delivered by webhook, or given up)."""
        self._pending = [u for u in self._pending if u["update_id"] != update_id]
        self.last_change = time.monotonic()
        self.changed.notify()

    def is_pending(self, update_id: int) -> bool:
        """Whether ``update_id`` still waits to be confirmed."""
        return any(u["update_id"] == update_id for u in self._pending)

    def snapshot(self) -> list[JsonDict]:
        """The pending updates, oldest first (a copy of the list, not of the updates)."""
        return list(self._pending)

    async def first(self) -> JsonDict:
        """Wait for and return the oldest pending update without removing it."""
        while not self._pending:
            await self.changed.wait()
        return self._pending[0]

    async def get(self, offset: int | None, limit: int, long_poll: float) -> list[JsonDict]:
        """Answer ``getUpdates``: confirm by offset, then return up to ``limit`` updates.

        Waits up to ``long_poll`` seconds for an update to arrive. A newer ``getUpdates``
        call ends a waiting one with 409 Conflict, as Telegram does.
        """
        self._poll_generation += 1
        generation = self._poll_generation
        self.changed.notify()
        before = len(self._pending)
        if offset is not None and offset < 0:
            self._pending = self._pending[offset:]
        elif offset:
            self._pending = [u for u in self._pending if u["update_id"] >= offset]
        if len(self._pending) != before:
            self.last_change = time.monotonic()
            self.changed.notify()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + long_poll
        while True:
            if generation != self._poll_generation:
                raise ApiError(409, SUPERSEDED)
            remaining = deadline - loop.time()
            if self._pending or remaining <= 0:
                return self._pending[:limit]
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.changed.wait(), remaining)
