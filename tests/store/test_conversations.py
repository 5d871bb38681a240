"""Conversations repository: round trips, versions, deletion, transactions."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from store import ConcurrentUpdateError, Database, Keyring

STATE = {"step": "detained", "answers": {"where": "Тошкент"}, "locale": "uz_Latn"}


async def test_unknown_user_has_no_conversation(db: Database, alice: str) -> None:
    async with db.transaction() as tx:
        assert await tx.conversations.load(alice) is None


async def test_round_trip(db: Database, alice: str) -> None:
    async with db.transaction() as tx:
        assert await tx.conversations.save(alice, -1001234567890, STATE, 0) == 1
    async with db.transaction() as tx:
        stored = await tx.conversations.load(alice)
    assert stored is not None
    assert (stored.user_key, stored.chat_id, stored.state, stored.version) == (
        alice,
        -1001234567890,
        STATE,
        1,
    )
    assert stored.updated_at.tzinfo is not None
    assert abs(stored.updated_at - datetime.now(UTC)) < timedelta(minutes=1)


async def test_each_save_increments_the_version(db: Database, alice: str) -> None:
    async with db.transaction() as tx:
        assert await tx.conversations.save(alice, 1, {"n": 1}, None) == 1
        assert await tx.conversations.save(alice, 1, {"n": 2}, 1) == 2
        assert await tx.conversations.save(alice, 1, {"n": 3}, None) == 3
        assert await tx.conversations.version_of(alice) == 3
        assert await tx.conversations.version_of("nobody") is None
        stored = await tx.conversations.load(alice)
    assert stored is not None
    assert (stored.state, stored.version) == ({"n": 3}, 3)


async def test_stale_version_is_refused(db: Database, alice: str) -> None:
    async with db.transaction() as tx:
        await tx.conversations.save(alice, 1, {"n": 1}, 0)
        await tx.conversations.save(alice, 1, {"n": 2}, 1)
    with pytest.raises(ConcurrentUpdateError):
        async with db.transaction() as tx:
            await tx.conversations.save(alice, 1, {"n": "lost"}, 1)
    async with db.transaction() as tx:
        stored = await tx.conversations.load(alice)
    assert stored is not None
    assert stored.state == {"n": 2}


@pytest.mark.parametrize("expected_version", [0, 1])
async def test_expected_version_must_match_absence_or_presence(
    db: Database, alice: str, expected_version: int
) -> None:
    if expected_version == 0:
        async with db.transaction() as tx:
            await tx.conversations.save(alice, 1, {}, 0)
    with pytest.raises(ConcurrentUpdateError):
        async with db.transaction() as tx:
            await tx.conversations.save(alice, 1, {}, expected_version)


async def test_concurrent_units_of_work_for_one_user_are_serialized(
    db: Database, alice: str
) -> None:
    async def append(item: str) -> None:
        async with db.transaction() as tx:
            stored = await tx.conversations.load(alice)
            assert stored is not None
            await asyncio.sleep(0.05)
            state = {"items": [*stored.state["items"], item]}
            await tx.conversations.save(alice, 1, state, stored.version)

    async with db.transaction() as tx:
        await tx.conversations.save(alice, 1, {"items": []}, 0)
    await asyncio.gather(append("a"), append("b"))
    async with db.transaction() as tx:
        stored = await tx.conversations.load(alice)
    assert stored is not None
    assert sorted(stored.state["items"]) == ["a", "b"]
    assert stored.version == 3


async def test_delete(db: Database, alice: str) -> None:
    async with db.transaction() as tx:
        await tx.conversations.save(alice, 1, STATE, 0)
    async with db.transaction() as tx:
        assert await tx.conversations.delete(alice)
        assert not await tx.conversations.delete(alice)
        assert await tx.conversations.load(alice) is None


async def test_exception_rolls_the_transaction_back(db: Database, alice: str) -> None:
    with pytest.raises(RuntimeError):
        async with db.transaction() as tx:
            await tx.conversations.save(alice, 1, STATE, 0)
            raise RuntimeError("handler failed")
    async with db.transaction() as tx:
        assert await tx.conversations.load(alice) is None


async def test_state_must_be_json(db: Database, alice: str) -> None:
    with pytest.raises(TypeError):
        async with db.transaction() as tx:
            await tx.conversations.save(alice, 1, {"when": datetime.now(UTC)}, 0)


async def test_purge_removes_only_conversations_inactive_since_the_cut_off(
    db: Database, alice: str, keyring: Keyring
) -> None:
    bob = keyring.user_key(2)
    async with db.transaction() as tx:
        await tx.conversations.save(alice, 1, {"n": 1}, 0)
    cut_off = datetime.now(UTC)
    await asyncio.sleep(0.01)
    async with db.transaction() as tx:
        await tx.conversations.save(bob, 2, {"n": 1}, 0)
    async with db.transaction() as tx:
        assert await tx.conversations.purge_inactive(cut_off) == 1
    async with db.transaction() as tx:
        assert await tx.conversations.load(alice) is None
        assert await tx.conversations.load(bob) is not None
