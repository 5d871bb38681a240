"""Message references: which messages of a person's chat ``/clear`` may still delete.

Telegram lets a bot delete the messages of a private chat, its own and the person's,
for 48 hours. The ids are stored encrypted, bound to the person and to their row, and
purged once they are too old to be deleted (:meth:`MessageRefs.purge_older_than`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, bindparam, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from store.clock import Now, utc_now
from store.crypto import Keyring
from store.models import MessageRef
from store.sql import decode_chat_id, encode_chat_id, table_of

DELETABLE_FOR = timedelta(hours=48)
"""How long Telegram lets a bot delete a message of a private chat."""


_REFS = table_of(MessageRef)
_ADD = insert(_REFS).returning(_REFS.c.id, sort_by_parameter_order=True)
_SET_REF = update(_REFS).where(_REFS.c.id == bindparam("row_id")).values(ref=bindparam("ref"))


def message_ref_aad(row_id: int, user_key: str) -> bytes:
    """What a message reference's ciphertext is bound to: its row and its person."""
    return f"message_refs.ref:{row_id}:{user_key}".encode()


class MessageRefs:
    """Remembers, lists and forgets the ids of messages in people's chats; never commits."""

    def __init__(self, session: AsyncSession, keyring: Keyring, now: Now = utc_now) -> None:
        self._session = session
        self._keyring = keyring
        self._now = now

    async def remember(
        self, user_key: str, message_ids: Sequence[int], *, sent_at: datetime | None = None
    ) -> None:
        """Remember messages of the person's chat, sent at ``sent_at`` (default now)."""
        if not message_ids:
            return
        at = self._now() if sent_at is None else sent_at
        # The ciphertext is bound to the row's id, known only once the row exists.
        row_ids = list(
            await self._session.scalars(
                _ADD, [{"user_key": user_key, "ref": b"", "sent_at": at} for _ in message_ids]
            )
        )
        await self._session.execute(
            _SET_REF,
            [
                {
                    "row_id": row_id,
                    "ref": self._keyring.encrypt(
                        encode_chat_id(message_id), aad=message_ref_aad(row_id, user_key)
                    ),
                }
                for row_id, message_id in zip(row_ids, message_ids, strict=True)
            ],
        )

    async def deletable(self, user_key: str, since: datetime) -> list[int]:
        """Return the ids of the person's messages sent at or after ``since``, oldest first.

        Each id appears once, however often it was remembered.
        """
        rows = await self._session.execute(
            select(MessageRef.id, MessageRef.ref)
            .where(MessageRef.user_key == user_key, MessageRef.sent_at >= since)
            .order_by(MessageRef.sent_at, MessageRef.id)
        )
        ids: dict[int, None] = {}
        for row_id, ref in rows:
            plain = self._keyring.decrypt(ref, aad=message_ref_aad(row_id, user_key))
            ids.setdefault(decode_chat_id(plain))
        return list(ids)

    async def forget(self, user_key: str) -> int:
        """Forget every message of the person's chat; return how many references went."""
        return await self._delete(MessageRef.user_key == user_key)

    async def purge_older_than(self, before: datetime) -> int:
        """Forget messages sent before ``before`` (``now - DELETABLE_FOR``); return how many."""
        return await self._delete(MessageRef.sent_at < before)

    async def _delete(self, which: ColumnElement[bool]) -> int:
        result = await self._session.execute(
            delete(MessageRef)
            .where(which)
            .returning(MessageRef.id)
            .execution_options(synchronize_session=False)
        )
        return len(result.all())
