"""Relay links: which case a message in a lawyer's chat belongs to.

Every message of a case shown to a lawyer (its card, relayed messages, notices, drafts)
and every message a lawyer sent to a client is linked to the case. A lawyer's reply to
any of them reaches that case's client; a lawyer's edit of a message they sent corrects
it for the same client; and /forget finds the copies to delete from lawyers' chats.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from store.clock import Now, utc_now
from store.models import CaseCard, RelayLink
from store.sql import insert_for


@dataclass(frozen=True, slots=True)
class LinkedMessage:
    """A message in a lawyer's chat that belongs to a case."""

    lawyer_id: int
    message_id: int
    linked_at: datetime | None
    """When it was linked (``None`` for links older than this column)."""


class RelayLinks:
    """Links lawyers' messages to cases; never commits."""

    def __init__(self, session: AsyncSession, now: Now = utc_now) -> None:
        self._session = session
        self._now = now

    async def link(
        self, lawyer_id: int, message_id: int, case_id: int, *, own: bool = False
    ) -> None:
        """Record that message ``message_id`` of the lawyer's chat belongs to the case.

        ``own``: the lawyer wrote it (to the client), rather than the bot showing it.
        """
        await self._session.execute(
            insert_for(self._session, RelayLink)
            .values(
                lawyer_id=lawyer_id,
                message_id=message_id,
                case_id=case_id,
                linked_at=self._now(),
                own=own,
            )
            .on_conflict_do_update(
                index_elements=[RelayLink.lawyer_id, RelayLink.message_id],
                set_={"case_id": case_id},
            )
        )

    async def copies(self, case_ids: list[int]) -> list[LinkedMessage]:
        """What the bot showed lawyers of these cases, except the cards themselves."""
        cards = select(CaseCard.message_id).where(
            CaseCard.case_id.in_(case_ids), CaseCard.message_id.is_not(None)
        )
        rows = await self._session.execute(
            select(RelayLink.lawyer_id, RelayLink.message_id, RelayLink.linked_at)
            .where(
                RelayLink.case_id.in_(case_ids),
                RelayLink.message_id.not_in(cards),
                RelayLink.own.is_(False),
            )
            .order_by(RelayLink.lawyer_id, RelayLink.message_id)
        )
        return [LinkedMessage(*row) for row in rows]

    async def case_for(self, lawyer_id: int, message_id: int) -> int | None:
        """Return the case the lawyer's message belongs to, if it is known."""
        case_id: int | None = await self._session.scalar(
            select(RelayLink.case_id).where(
                RelayLink.lawyer_id == lawyer_id, RelayLink.message_id == message_id
            )
        )
        return case_id
