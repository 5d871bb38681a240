"""The update ledger: which Telegram updates were processed, so none is processed twice.

Telegram retries a webhook update that got no 2xx answer, and a bot restarted after a
crash may fetch the last updates again. Writing the update's id in the same transaction
as its effects (:meth:`UpdateLedger.claim`) makes a second delivery find it and stop; a
concurrent second delivery waits on the first one's uncommitted row (PostgreSQL) or on
the database lock (SQLite) and then finds it too. Only ids and times are kept, for
:data:`KEEP_FOR` (Telegram keeps an undelivered update for at most 24 hours).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import BigInteger, delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from store.models import Base
from store.sql import insert_for

KEEP_FOR = timedelta(days=2)


class ProcessedUpdate(Base):
    """A Telegram update whose effects were committed."""

    __tablename__ = "processed_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    processed_at: Mapped[datetime] = mapped_column(index=True)


class UpdateLedger:
    """Claims update ids; never commits."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def claim(self, update_id: int) -> bool:
        """Record ``update_id`` in this transaction; False if it was recorded before."""
        statement = (
            insert_for(self._session, ProcessedUpdate)
            .values(update_id=update_id, processed_at=datetime.now(UTC))
            .on_conflict_do_nothing(index_elements=[ProcessedUpdate.update_id])
            .returning(ProcessedUpdate.update_id)
        )
        return await self._session.scalar(statement) is not None

    async def seen(self, update_id: int) -> bool:
        """Whether ``update_id`` was recorded (by a committed transaction)."""
        found = await self._session.scalar(
            select(ProcessedUpdate.update_id).where(ProcessedUpdate.update_id == update_id)
        )
        return found is not None

    async def purge(self, before: datetime) -> int:
        """Forget updates processed before ``before``; return how many."""
        result = await self._session.execute(
            delete(ProcessedUpdate)
            .where(ProcessedUpdate.processed_at < before)
            .returning(ProcessedUpdate.update_id)
            .execution_options(synchronize_session=False)
        )
        return len(result.all())
