"""On SQLite, units of work take turns in the order they asked, and none fails for waiting."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from store import Database, Keyring, default_database_url, upgrade
from store.turns import NestedTransactionError


@pytest.fixture
async def sqlite_db(tmp_path: Path, keyring: Keyring) -> Database:
    url = default_database_url(tmp_path)
    await upgrade(url)
    return Database(url, keyring)


async def test_a_burst_of_units_of_work_is_served_in_the_order_it_asked(
    sqlite_db: Database,
) -> None:
    served: list[int] = []
    first_holds = asyncio.Event()
    let_go = asyncio.Event()

    async def first() -> None:
        async with sqlite_db.transaction() as tx:
            await tx.conversations.save("a" * 64, 1, {"answers": {}}, 0)
            first_holds.set()
            await let_go.wait()
        served.append(0)

    async def later(n: int) -> None:
        async with sqlite_db.transaction() as tx:
            await tx.conversations.save(f"{n:064d}", n, {"answers": {}}, 0)
        served.append(n)

    try:
        holder = asyncio.create_task(first())
        await first_holds.wait()
        waiting = []
        for n in range(1, 41):
            waiting.append(asyncio.create_task(later(n)))
            await asyncio.sleep(0)  # each asks before the next
        let_go.set()
        await asyncio.gather(holder, *waiting)
    finally:
        await sqlite_db.dispose()
    assert served == list(range(41)), "first come, first served, and nobody refused"


async def test_a_unit_of_work_opened_inside_another_is_refused_at_once(
    sqlite_db: Database,
) -> None:
    try:
        async with sqlite_db.transaction():
            with pytest.raises(NestedTransactionError):
                async with sqlite_db.transaction():
                    pass
        async with sqlite_db.transaction() as tx:  # the outer one let go of its turn
            assert await tx.inbox.pending_count() == 0
    finally:
        await sqlite_db.dispose()


async def test_units_of_work_marked_ahead_go_before_those_waiting(sqlite_db: Database) -> None:
    served: list[str] = []
    first_holds, let_go = asyncio.Event(), asyncio.Event()

    async def first() -> None:
        async with sqlite_db.transaction():
            first_holds.set()
            await let_go.wait()

    async def unit(name: str, *, ahead: bool) -> None:
        async with sqlite_db.transaction(ahead=ahead):
            served.append(name)

    try:
        holder = asyncio.create_task(first())
        await first_holds.wait()
        waiting = []
        for name, ahead in (("a", False), ("b", False), ("X", True), ("c", False), ("Y", True)):
            waiting.append(asyncio.create_task(unit(name, ahead=ahead)))
            await asyncio.sleep(0)
        let_go.set()
        await asyncio.gather(holder, *waiting)
    finally:
        await sqlite_db.dispose()
    assert served == ["X", "Y", "a", "b", "c"]


async def test_a_waiter_that_gives_up_leaves_the_turn_to_the_next(sqlite_db: Database) -> None:
    first_holds, let_go = asyncio.Event(), asyncio.Event()

    async def first() -> None:
        async with sqlite_db.transaction():
            first_holds.set()
            await let_go.wait()

    async def unit() -> None:
        async with sqlite_db.transaction():
            pass

    try:
        holder = asyncio.create_task(first())
        await first_holds.wait()
        impatient = asyncio.create_task(unit())
        await asyncio.sleep(0)
        patient = asyncio.create_task(unit())
        await asyncio.sleep(0)
        impatient.cancel()
        let_go.set()
        await asyncio.wait_for(asyncio.gather(holder, patient), timeout=10)
        assert impatient.cancelled()
    finally:
        await sqlite_db.dispose()
