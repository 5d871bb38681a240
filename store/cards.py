"""Repository of case cards: which lawyer was shown which case, in which message."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from store.clock import Now, utc_now
from store.models import CaseCard


@dataclass(frozen=True, slots=True)
class StoredCard:
    """A case card sent (or being sent) to a lawyer."""

    id: int
    case_id: int
    lawyer_id: int
    message_id: int | None


class CaseCards:
    """Records case cards so they can be edited when the case is taken; never commits."""

    def __init__(self, session: AsyncSession, now: Now = utc_now) -> None:
        self._session = session
        self._now = now

    async def add(self, case_id: int, lawyer_id: int, *, outbox_id: int | None = None) -> int:
        """Record a card for the lawyer (optionally the outbox item sending it); return its id."""
        card_id: int | None = await self._session.scalar(
            insert(CaseCard)
            .values(
                case_id=case_id,
                lawyer_id=lawyer_id,
                outbox_id=outbox_id,
                created_at=self._now(),
            )
            .returning(CaseCard.id)
        )
        if card_id is None:  # pragma: no cover - INSERT ... RETURNING always returns
            raise RuntimeError("case card insert returned no id")
        return card_id

    async def set_message(self, card_id: int, message_id: int) -> None:
        """Record the Telegram message that shows the card."""
        await self._session.execute(
            update(CaseCard)
            .where(CaseCard.id == card_id)
            .values(message_id=message_id)
            .execution_options(synchronize_session=False)
        )

    async def of(self, case_id: int, lawyer_id: int) -> StoredCard | None:
        """The lawyer's card of the case, if they were shown one."""
        row = (
            await self._session.execute(
                select(CaseCard.id, CaseCard.case_id, CaseCard.lawyer_id, CaseCard.message_id)
                .where(CaseCard.case_id == case_id, CaseCard.lawyer_id == lawyer_id)
                .order_by(CaseCard.id.desc())
                .limit(1)
            )
        ).one_or_none()
        return None if row is None else StoredCard(*row)

    async def for_lawyer(self, lawyer_id: int) -> list[StoredCard]:
        """Every card shown to the lawyer, the oldest first."""
        rows = await self._session.execute(
            select(CaseCard.id, CaseCard.case_id, CaseCard.lawyer_id, CaseCard.message_id)
            .where(CaseCard.lawyer_id == lawyer_id)
            .order_by(CaseCard.id)
        )
        return [StoredCard(*row) for row in rows]

    async def for_case(self, case_id: int) -> list[StoredCard]:
        """Return the case's cards, in the order they were added."""
        rows = await self._session.execute(
            select(CaseCard.id, CaseCard.case_id, CaseCard.lawyer_id, CaseCard.message_id)
            .where(CaseCard.case_id == case_id)
            .order_by(CaseCard.id)
        )
        return [StoredCard(*row) for row in rows]
