"""Inbox: updates stored before they are confirmed, processed exactly once, in order, leased."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import select

from store import Database, EarlierWaiting, InboxState, ReceivedUpdate
from store.inbox import InboxUpdate
from tests.store.backends import Backend
from tests.store.helpers import later, now, together

ALICE = "a" * 64
BOB = "b" * 64


def update(update_id: int, user_key: str | None = ALICE) -> ReceivedUpdate:
    return ReceivedUpdate(
        update_id, user_key, {"update_id": update_id, "text": "Assalomu alaykum"}
    )


async def test_a_batch_is_stored_once_and_a_redelivery_is_ignored(db: Database) -> None:
    async with db.transaction() as tx:
        assert await tx.inbox.store([update(1), update(2), update(3, BOB)], later(30)) == 3
    async with db.transaction() as tx:
        assert await tx.inbox.store([update(2), update(4)], later(30)) == 1
        assert await tx.inbox.pending_count() == 4
        assert await tx.inbox.store([], later(30)) == 0


async def test_an_update_is_begun_once_and_its_content_and_owner_are_wiped(
    db: Database, backend: Backend
) -> None:
    async with db.transaction() as tx:
        await tx.inbox.store([update(7)], later(30))
    async with db.transaction() as tx:
        assert await tx.inbox.begin(7)
    async with db.transaction() as tx:
        assert not await tx.inbox.begin(7), "a second attempt finds it done"
        assert await tx.inbox.pending_count() == 0
    async with backend.raw() as connection:
        row = (
            await connection.execute(
                select(InboxUpdate.state, InboxUpdate.payload, InboxUpdate.user_key)
            )
        ).one()
    assert tuple(row) == (InboxState.DONE, None, None)


async def test_a_rolled_back_attempt_leaves_the_update_pending(db: Database) -> None:
    async with db.transaction() as tx:
        await tx.inbox.store([update(8)], later(30))
    try:
        async with db.transaction() as tx:
            assert await tx.inbox.begin(8)
            raise RuntimeError("the handler failed")
    except RuntimeError:
        pass
    async with db.transaction() as tx:
        assert await tx.inbox.pending_count() == 1
        assert await tx.inbox.begin(8)


async def test_an_update_never_stored_is_recorded_when_begun(db: Database) -> None:
    async with db.transaction() as tx:
        assert await tx.inbox.begin(99)
    async with db.transaction() as tx:
        assert not await tx.inbox.begin(99)


async def test_two_attempts_at_once_process_an_update_once(db: Database) -> None:
    async with db.transaction() as tx:
        await tx.inbox.store([update(11)], later(30))
    at_once = together(db, 2)

    async def attempt() -> bool:
        async with db.transaction() as tx:
            await at_once()
            return await tx.inbox.begin(11)

    results = await asyncio.wait_for(asyncio.gather(attempt(), attempt()), timeout=20)
    assert sorted(results) == [False, True]


async def test_earlier_pending_updates_of_a_person_come_oldest_first(db: Database) -> None:
    async with db.transaction() as tx:
        await tx.inbox.store([update(5), update(3), update(4, BOB), update(6)], later(30))
        await tx.inbox.begin(3)
    async with db.transaction() as tx:
        earlier = await tx.inbox.earlier_pending(ALICE, 6)
    assert [(p.update_id, p.data["update_id"]) for p in earlier] == [(5, 5)]


async def test_an_update_is_not_begun_in_turn_while_its_persons_older_ones_wait(
    db: Database,
) -> None:
    async with db.transaction() as tx:
        await tx.inbox.store([update(5), update(4, BOB), update(6)], later(30))
    with pytest.raises(EarlierWaiting) as waiting:
        async with db.transaction() as tx:
            await tx.inbox.begin(6, in_turn_of=ALICE)
    assert [p.update_id for p in waiting.value.earlier] == [5], "not Bob's"
    async with db.transaction() as tx:
        assert await tx.inbox.begin(5, in_turn_of=ALICE)
        assert await tx.inbox.begin(6, in_turn_of=ALICE), "its turn once 5 is done"
        assert await tx.inbox.begin(3, in_turn_of=BOB), "never stored, and Bob's 4 is later"
        with pytest.raises(EarlierWaiting):
            await tx.inbox.begin(10, in_turn_of=BOB)


async def test_only_updates_whose_lease_ran_out_are_taken_again(db: Database) -> None:
    async with db.transaction() as tx:
        await tx.inbox.store([update(1)], now() - timedelta(seconds=1))
        await tx.inbox.store([update(2)], later(30))
    async with db.transaction() as tx:
        taken = await tx.inbox.take_expired(later(30), limit=10)
    assert [(p.update_id, p.data["text"], p.attempts) for p in taken] == [
        (1, "Assalomu alaykum", 0)
    ]
    async with db.transaction() as tx:
        assert await tx.inbox.take_expired(later(30), limit=10) == [], "now leased again"


async def test_a_failed_update_waits_its_back_off_then_can_be_given_up(
    db: Database, backend: Backend
) -> None:
    async with db.transaction() as tx:
        await tx.inbox.store([update(21)], now() - timedelta(seconds=1))
        assert await tx.inbox.record_failure(21, "OperationalError") == 1
        await tx.inbox.postpone(21, later(60))
    async with db.transaction() as tx:
        assert await tx.inbox.take_expired(later(30), limit=10) == []
        assert await tx.inbox.record_failure(21, "OperationalError") == 2
        await tx.inbox.give_up(21)
        assert await tx.inbox.pending_count() == 0
    async with backend.raw() as connection:
        state, payload, error = (
            await connection.execute(
                select(InboxUpdate.state, InboxUpdate.payload, InboxUpdate.last_error)
            )
        ).one()
    assert (state, payload, error) == (InboxState.FAILED, None, "OperationalError")


async def test_released_updates_are_taken_at_once_by_the_next_process(db: Database) -> None:
    async with db.transaction() as tx:
        await tx.inbox.store([update(31), update(32)], later(30))
        await tx.inbox.release([31])
    async with db.transaction() as tx:
        taken = await tx.inbox.take_expired(later(30), limit=10)
    assert [p.update_id for p in taken] == [31]


async def test_finished_updates_are_purged_after_their_time(db: Database) -> None:
    async with db.transaction() as tx:
        await tx.inbox.store([update(41), update(42)], later(30))
        await tx.inbox.begin(41)
        assert await tx.inbox.purge(now() - timedelta(minutes=1)) == 0
        assert await tx.inbox.purge(later(1)) == 1, "pending ones are kept"
        oldest = await tx.inbox.oldest_pending_at()
    assert oldest is not None and abs(oldest - now()) < timedelta(minutes=1)


async def test_the_stored_update_is_encrypted(db: Database, backend: Backend) -> None:
    async with db.transaction() as tx:
        await tx.inbox.store([update(51)], later(30))
    assert b"Assalomu" not in await backend.dump_table("inbox")
