"""Who is a lawyer: a short-lived in-memory list, so a person's update needs no extra lookup.

The list of lawyers' keyed hashes is reloaded every few seconds, and at once for a command
(a newly registered lawyer's first message is ``/start``). A lawyer's own row is always
read fresh from the database.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from store import StoredLawyer, Transaction

REFRESH_AFTER = 5.0


class LawyerDirectory:
    """Finds the registered lawyer behind a Telegram user, if any."""

    def __init__(
        self, refresh_after: float = REFRESH_AFTER, clock: Callable[[], float] = time.monotonic
    ) -> None:
        """Cache the lawyers' keys for ``refresh_after`` seconds."""
        self.refresh_after = refresh_after
        self.clock = clock
        self._keys: frozenset[str] = frozenset()
        self._loaded_at: float | None = None

    def knows(self, user_key: str) -> bool:
        """Whether ``user_key`` was a lawyer's when the list was last read (no database)."""
        return user_key in self._keys

    async def find(
        self, tx: Transaction, user_key: str, *, fresh: bool = False
    ) -> StoredLawyer | None:
        """The lawyer behind ``user_key``, read in ``tx``; ``fresh`` reloads the list first."""
        stale = self._loaded_at is None or self.clock() - self._loaded_at >= self.refresh_after
        if fresh or stale:
            self._keys = await tx.lawyers.known_keys()
            self._loaded_at = self.clock()
        if user_key not in self._keys:
            return None
        return await tx.lawyers.by_user_key(user_key)
