"""Things that must happen once: a reminder, a nudge, a daily report, each with its key.

A job that runs every few seconds on several instances claims a key in the transaction
that queues the message; a second claim of the same key fails, so the message goes once.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from store.clock import Now, utc_now
from store.models import SentOnce
from store.sql import insert_for


class Once:
    """Claims keys; never commits."""

    def __init__(self, session: AsyncSession, now: Now = utc_now) -> None:
        self._session = session
        self._now = now

    async def claim(self, key: str, case_id: int | None = None) -> bool:
        """Claim ``key`` (at most 80 characters); False if it was claimed before."""
        statement = (
            insert_for(self._session, SentOnce)
            .values(key=key, case_id=case_id, sent_at=self._now())
            .on_conflict_do_nothing(index_elements=[SentOnce.key])
            .returning(SentOnce.key)
        )
        return await self._session.scalar(statement) is not None

    async def purge(self, before: datetime) -> int:
        """Forget keys claimed before ``before``; how many."""
        result = await self._session.execute(delete(SentOnce).where(SentOnce.sent_at < before))
        return int(getattr(result, "rowcount", 0) or 0)
