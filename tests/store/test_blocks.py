"""Abuse blocks: by user key, lifted by case number; and the per-person creation count."""

from __future__ import annotations

from datetime import timedelta

from store import Database, Keyring
from tests.store.helpers import add_lawyers, now, summary


async def test_a_blocked_person_stays_blocked_until_lifted(
    db: Database, alice: str, keyring: Keyring
) -> None:
    (lawyer,) = await add_lawyers(db, 1)
    bob = keyring.user_key(2)
    async with db.transaction() as tx:
        case = await tx.cases.create(alice, "urgent", summary())
        assert not await tx.blocks.is_blocked(alice)
        await tx.blocks.block(alice, lawyer, case.number)
    async with db.transaction() as tx:
        assert await tx.blocks.is_blocked(alice)
        assert not await tx.blocks.is_blocked(bob)
        active = await tx.blocks.active()
        assert [number for number, _ in active] == [case.number]
        assert abs(active[0][1] - now()) < timedelta(minutes=1)
        assert not await tx.blocks.lift("B-0000")
        assert await tx.blocks.lift(case.number)
        assert not await tx.blocks.lift(case.number)
    async with db.transaction() as tx:
        assert not await tx.blocks.is_blocked(alice)
        assert await tx.blocks.active() == []


async def test_blocking_again_after_a_lift_blocks_for_the_new_case(
    db: Database, alice: str
) -> None:
    (lawyer,) = await add_lawyers(db, 1)
    async with db.transaction() as tx:
        first = await tx.cases.create(alice, "urgent", summary())
        second = await tx.cases.create(alice, "urgent", summary())
        await tx.blocks.block(alice, lawyer, first.number)
        await tx.blocks.lift(first.number)
        await tx.blocks.block(alice, lawyer, second.number)
    async with db.transaction() as tx:
        assert await tx.blocks.is_blocked(alice)
        assert [number for number, _ in await tx.blocks.active()] == [second.number]
        assert not await tx.blocks.lift(first.number)
        assert await tx.blocks.lift(second.number)


async def test_blocks_outlive_the_case_and_the_lawyer(
    db: Database, alice: str, keyring: Keyring
) -> None:
    async with db.transaction() as tx:
        lawyer = await tx.lawyers.add(1001, "L", "ru", False)
        case = await tx.cases.create(alice, "urgent", summary())
        await tx.blocks.block(alice, lawyer.id, case.number)
        await tx.cases.delete_for(alice)
        await tx.lawyers.remove(1001)
    async with db.transaction() as tx:
        assert await tx.blocks.is_blocked(alice)
        assert [number for number, _ in await tx.blocks.active()] == [case.number]


async def test_lifted_blocks_are_purged(db: Database, alice: str, keyring: Keyring) -> None:
    (lawyer,) = await add_lawyers(db, 1)
    bob = keyring.user_key(2)
    async with db.transaction() as tx:
        await tx.blocks.block(alice, lawyer, "B-AAAA")
        await tx.blocks.block(bob, lawyer, "B-BBBB")
        await tx.blocks.lift("B-AAAA")
    async with db.transaction() as tx:
        assert await tx.blocks.purge_lifted(now() - timedelta(minutes=1)) == 0
        assert await tx.blocks.purge_lifted(now() + timedelta(minutes=1)) == 1
        assert await tx.blocks.is_blocked(bob)


async def test_opened_since_counts_the_persons_recent_cases(
    db: Database, alice: str, keyring: Keyring
) -> None:
    bob = keyring.user_key(2)
    start = now()
    async with db.transaction() as tx:
        for _ in range(3):
            await tx.cases.create(alice, None, summary())
        await tx.cases.create(bob, None, summary())
    async with db.transaction() as tx:
        assert await tx.cases.opened_since(alice, start - timedelta(seconds=1)) == 3
        assert await tx.cases.opened_since(bob, start - timedelta(seconds=1)) == 1
        assert await tx.cases.opened_since(alice, now() + timedelta(seconds=1)) == 0
        assert await tx.cases.opened_since(keyring.user_key(3), start) == 0
