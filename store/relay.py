"""Relay links: which case a message shown to a lawyer belongs to.

When a lawyer replies to a relayed message, the message they reply to tells which
client the answer is for.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from store.models import RelayLink
from store.sql import insert_for


class RelayLinks:
    """Links lawyers' messages to cases; never commits."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def link(self, lawyer_id: int, message_id: int, case_id: int) -> None:
        """Record that the lawyer's message ``message_id`` belongs to the case."""
        await self._session.execute(
            insert_for(self._session, RelayLink)
            .values(lawyer_id=lawyer_id, message_id=message_id, case_id=case_id)
            .on_conflict_do_update(
                index_elements=[RelayLink.lawyer_id, RelayLink.message_id],
                set_={"case_id": case_id},
            )
        )

    async def case_for(self, lawyer_id: int, message_id: int) -> int | None:
        """Return the case the lawyer's message belongs to, if it is known."""
        case_id: int | None = await self._session.scalar(
            select(RelayLink.case_id).where(
                RelayLink.lawyer_id == lawyer_id, RelayLink.message_id == message_id
            )
        )
        return case_id
