"""Held messages: what a lawyer wrote before saying which client it is for.

A lawyer with several cases who writes without replying to a case's message, and without
having chosen a case, is asked which case it is for; nothing is sent until they answer.
Meanwhile their messages wait here, encrypted, in order.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from store.clock import Now, utc_now
from store.crypto import Keyring
from store.models import HeldMessage
from store.sql import decode_json, encode_json


def held_aad(held_id: int, lawyer_id: int) -> bytes:
    """What a held message's ciphertext is bound to: its row and its lawyer."""
    return f"held_messages.payload:{held_id}:{lawyer_id}".encode()


class HeldMessages:
    """Holds a lawyer's messages until they say which case they are for; never commits."""

    def __init__(self, session: AsyncSession, keyring: Keyring, now: Now = utc_now) -> None:
        self._session = session
        self._keyring = keyring
        self._now = now

    async def hold(self, lawyer_id: int, payload: Mapping[str, Any]) -> int:
        """Hold one message; returns how many the lawyer has waiting now."""
        held_id = await self._session.scalar(
            insert(HeldMessage)
            .values(lawyer_id=lawyer_id, payload=b"", created_at=self._now())
            .returning(HeldMessage.id)
        )
        if held_id is None:  # pragma: no cover - INSERT ... RETURNING always returns
            raise RuntimeError("held message insert returned no id")
        sealed = self._keyring.encrypt(encode_json(payload), aad=held_aad(held_id, lawyer_id))
        await self._session.execute(
            update(HeldMessage)
            .where(HeldMessage.id == held_id)
            .values(payload=sealed)
            .execution_options(synchronize_session=False)
        )
        return len(await self._ids(lawyer_id))

    async def release(self, lawyer_id: int) -> list[dict[str, Any]]:
        """The lawyer's held messages, oldest first; they are no longer held."""
        rows = (
            await self._session.execute(
                select(HeldMessage.id, HeldMessage.payload)
                .where(HeldMessage.lawyer_id == lawyer_id)
                .order_by(HeldMessage.id)
                .with_for_update()
            )
        ).all()
        await self._session.execute(
            delete(HeldMessage)
            .where(HeldMessage.lawyer_id == lawyer_id)
            .execution_options(synchronize_session=False)
        )
        return [
            decode_json(self._keyring.decrypt(payload, aad=held_aad(held_id, lawyer_id)))
            for held_id, payload in rows
        ]

    async def count(self, lawyer_id: int) -> int:
        """How many messages the lawyer has waiting."""
        return len(await self._ids(lawyer_id))

    async def _ids(self, lawyer_id: int) -> list[int]:
        return list(
            await self._session.scalars(
                select(HeldMessage.id).where(HeldMessage.lawyer_id == lawyer_id)
            )
        )
