"""Who is a lawyer: a short-lived in-memory list, so a person's update needs no extra lookup.

The list of lawyers' keyed hashes is reloaded every few seconds, and at once for a command
(a newly registered lawyer's first message is ``/start``). A lawyer's own row is always
read fresh from the database.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from telegram import User

from bot.core.services import Services
from store import StoredLawyer

REFRESH_AFTER = 5.0


class LawyerDirectory:
    """Finds the registered lawyer behind a Telegram user, if any."""

    def __init__(
        self,
        services: Services,
        refresh_after: float = REFRESH_AFTER,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Cache the lawyers' keys of ``services``' database for ``refresh_after`` seconds."""
        self.services = services
        self.refresh_after = refresh_after
        self.clock = clock
        self._keys: frozenset[str] = frozenset()
        self._loaded_at: float | None = None

    async def find(self, user: User, *, fresh: bool = False) -> StoredLawyer | None:
        """The lawyer ``user`` is, read from the database; ``fresh`` reloads the list first."""
        key = self.services.keyring.user_key(user.id)
        stale = self._loaded_at is None or self.clock() - self._loaded_at >= self.refresh_after
        if fresh or stale:
            await self._reload()
        if key not in self._keys:
            return None
        async with self.services.db.transaction() as tx:
            return await tx.lawyers.by_user_key(key)

    async def _reload(self) -> None:
        async with self.services.db.transaction() as tx:
            self._keys = frozenset(lawyer.user_key for lawyer in await tx.lawyers.all())
        self._loaded_at = self.clock()
