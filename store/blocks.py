"""Abuse blocks: a person who may not open cases until a coordinator lifts the block.

A lawyer marks a case as abuse; its person, known only by user key, is blocked. The
coordinator sees blocks by the number of the case that caused them, and lifts them by
that number. Blocks are about abuse, not about the person's request, so erasing a
person (``/forget``) leaves them.

The block also keeps the person's Telegram id, encrypted, taken from their
conversation: key rotation needs it to re-key the block (:mod:`store.rotation`). It
reveals no more than the user key does to someone holding the key.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from store.clock import Now, utc_now
from store.conversations import conversation_aad
from store.crypto import Keyring
from store.models import CaseBlock, Conversation
from store.sql import insert_for


def block_aad(user_key: str) -> bytes:
    """What a block's encrypted Telegram id is bound to."""
    return f"case_blocks.chat_ref:{user_key}".encode()


class Blocks:
    """Blocks and unblocks people from opening cases; never commits."""

    def __init__(self, session: AsyncSession, keyring: Keyring, now: Now = utc_now) -> None:
        self._session = session
        self._keyring = keyring
        self._now = now

    async def block(self, user_key: str, lawyer_id: int, case_number: str) -> None:
        """Block the person because of the case ``case_number``, on the lawyer's word.

        A person blocked before (even if lifted) is blocked again, for this case.
        """
        chat_ref = None
        stored = await self._session.scalar(
            select(Conversation.chat_ref).where(Conversation.user_key == user_key)
        )
        if stored is not None:
            chat_id = self._keyring.decrypt(stored, aad=conversation_aad("chat_ref", user_key))
            chat_ref = self._keyring.encrypt(chat_id, aad=block_aad(user_key))
        values = {
            "chat_ref": chat_ref,
            "blocked_at": self._now(),
            "by_lawyer_id": lawyer_id,
            "case_number": case_number,
            "lifted_at": None,
        }
        await self._session.execute(
            insert_for(self._session, CaseBlock)
            .values(user_key=user_key, **values)
            .on_conflict_do_update(index_elements=[CaseBlock.user_key], set_=values)
        )

    async def is_blocked(self, user_key: str) -> bool:
        """Tell whether the person is blocked now."""
        blocked = await self._session.scalar(
            select(CaseBlock.user_key).where(
                CaseBlock.user_key == user_key, CaseBlock.lifted_at.is_(None)
            )
        )
        return blocked is not None

    async def lift(self, case_number: str) -> bool:
        """Lift the block caused by the case; return whether there was one in force."""
        lifted = await self._session.execute(
            update(CaseBlock)
            .where(CaseBlock.case_number == case_number, CaseBlock.lifted_at.is_(None))
            .values(lifted_at=self._now())
            .returning(CaseBlock.user_key)
            .execution_options(synchronize_session=False)
        )
        return bool(lifted.all())

    async def active(self) -> list[tuple[str, datetime]]:
        """Return ``(case_number, blocked_at)`` of the blocks in force, the oldest first."""
        rows = await self._session.execute(
            select(CaseBlock.case_number, CaseBlock.blocked_at)
            .where(CaseBlock.lifted_at.is_(None))
            .order_by(CaseBlock.blocked_at, CaseBlock.case_number)
        )
        return [(number, at) for number, at in rows]

    async def purge_lifted(self, before: datetime) -> int:
        """Delete blocks lifted before ``before``; return how many went."""
        result = await self._session.execute(
            delete(CaseBlock)
            .where(CaseBlock.lifted_at < before)
            .returning(CaseBlock.user_key)
            .execution_options(synchronize_session=False)
        )
        return len(result.all())
