"""The update ledger: an update id is claimed once, by one transaction."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from store import Database, UpdateLedger


async def test_an_update_is_claimed_once(db: Database) -> None:
    async with db.transaction() as tx:
        assert await UpdateLedger(tx.session).claim(1001)
    async with db.transaction() as tx:
        ledger = UpdateLedger(tx.session)
        assert await ledger.seen(1001)
        assert not await ledger.claim(1001)
        assert not await ledger.seen(1002)


async def test_a_rolled_back_claim_leaves_no_trace(db: Database) -> None:
    with pytest.raises(RuntimeError):
        async with db.transaction() as tx:
            assert await UpdateLedger(tx.session).claim(7)
            raise RuntimeError("the unit of work failed")
    async with db.transaction() as tx:
        assert await UpdateLedger(tx.session).claim(7)


@pytest.mark.usefixtures("postgres_only")
async def test_concurrent_claims_of_one_update_give_one_winner(db: Database) -> None:
    async def attempt() -> bool:
        async with db.transaction() as tx:
            claimed = await UpdateLedger(tx.session).claim(99)
            await asyncio.sleep(0.05)  # hold the row while the other transaction tries
            return claimed

    assert sorted(await asyncio.gather(attempt(), attempt(), attempt())) == [False, False, True]


async def test_old_entries_are_purged(db: Database) -> None:
    async with db.transaction() as tx:
        await UpdateLedger(tx.session).claim(5)
    async with db.transaction() as tx:
        assert await UpdateLedger(tx.session).purge(datetime.now(UTC) - timedelta(hours=1)) == 0
        assert await UpdateLedger(tx.session).purge(datetime.now(UTC) + timedelta(seconds=1)) == 1
