"""Message references for /clear: encrypted, per person, forgotten after 48 hours."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, text

from store import Database, DecryptionError, Keyring
from store.messages import DELETABLE_FOR
from store.models import MessageRef
from tests.store.backends import Backend
from tests.store.helpers import now


async def test_remembered_messages_come_back_oldest_first(
    db: Database, alice: str, keyring: Keyring
) -> None:
    bob = keyring.user_key(2)
    start = now()
    async with db.transaction() as tx:
        await tx.messages.remember(alice, [12, 13], sent_at=start - timedelta(minutes=5))
        await tx.messages.remember(bob, [12])
        await tx.messages.remember(alice, [2_147_483_700, 11, 13])
        await tx.messages.remember(alice, [])
    async with db.transaction() as tx:
        mine = await tx.messages.deletable(alice, start - DELETABLE_FOR)
        recent = await tx.messages.deletable(alice, start - timedelta(minutes=1))
        theirs = await tx.messages.deletable(bob, start - DELETABLE_FOR)
    assert mine == [12, 13, 2_147_483_700, 11]  # by time sent, then as given; once each
    assert recent == [2_147_483_700, 11, 13]
    assert theirs == [12]


async def test_forget_drops_only_the_persons_references(
    db: Database, alice: str, keyring: Keyring
) -> None:
    bob = keyring.user_key(2)
    async with db.transaction() as tx:
        await tx.messages.remember(alice, [1, 2, 3])
        await tx.messages.remember(bob, [4])
    async with db.transaction() as tx:
        assert await tx.messages.forget(alice) == 3
        assert await tx.messages.forget(alice) == 0
        assert await tx.messages.deletable(alice, now() - DELETABLE_FOR) == []
        assert await tx.messages.deletable(bob, now() - DELETABLE_FOR) == [4]


async def test_references_older_than_48_hours_are_purged(
    db: Database, alice: str, keyring: Keyring
) -> None:
    bob = keyring.user_key(2)
    async with db.transaction() as tx:
        await tx.messages.remember(alice, [1, 2], sent_at=now() - timedelta(hours=49))
        await tx.messages.remember(bob, [3], sent_at=now() - timedelta(hours=47))
        await tx.messages.remember(alice, [4])
    async with db.transaction() as tx:
        assert await tx.messages.purge_older_than(now() - DELETABLE_FOR) == 2
    async with db.transaction() as tx:
        assert await tx.messages.deletable(alice, now() - timedelta(days=30)) == [4]
        assert await tx.messages.deletable(bob, now() - timedelta(days=30)) == [3]


async def test_message_id_moved_to_another_person_is_rejected(
    db: Database, alice: str, keyring: Keyring, backend: Backend
) -> None:
    bob = keyring.user_key(2)
    async with db.transaction() as tx:
        await tx.messages.remember(alice, [1])
        await tx.messages.remember(bob, [2])
    async with backend.raw() as connection:
        await connection.execute(
            text("UPDATE message_refs SET user_key = :bob WHERE user_key = :alice"),
            {"alice": alice, "bob": bob},
        )
    with pytest.raises(DecryptionError):
        async with db.transaction() as tx:
            await tx.messages.deletable(bob, now() - DELETABLE_FOR)


async def test_message_ids_are_stored_encrypted(
    db: Database, alice: str, backend: Backend
) -> None:
    message_id = 987_654_321
    async with db.transaction() as tx:
        await tx.messages.remember(alice, [message_id])
    async with backend.raw() as connection:
        rows = (await connection.execute(select(MessageRef.user_key, MessageRef.ref))).all()
    assert [user_key for user_key, _ in rows] == [alice]
    stored = b"".join(ref for _, ref in rows) + backend.files()
    for form in (str(message_id).encode(), message_id.to_bytes(8, "big", signed=True)):
        assert form not in stored
