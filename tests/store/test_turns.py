"""Units of work take turns for the database's places (SQLite's one writer, PostgreSQL's
pooled connections) in the order they asked, storing arriving updates ahead, and none
fails for waiting."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from store import Database, Keyring, default_database_url, upgrade
from store.database import POOL_OVERFLOW, POOL_SIZE
from store.turns import NestedTransactionError


async def asking(unit: Callable[[asyncio.Event], Awaitable[None]]) -> asyncio.Task[None]:
    """Start ``unit`` and return once it has asked for its turn.

    ``unit`` sets the event just before opening its unit of work, and nothing between that
    and joining the queue gives way to the event loop: when the event is seen, it is queued.
    """
    asked = asyncio.Event()

    async def run() -> None:
        await unit(asked)

    task = asyncio.create_task(run())
    await asyncio.wait_for(asked.wait(), timeout=10)
    return task


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

    async def later(n: int, asked: asyncio.Event) -> None:
        asked.set()
        async with sqlite_db.transaction() as tx:
            await tx.conversations.save(f"{n:064d}", n, {"answers": {}}, 0)
        served.append(n)

    try:
        holder = asyncio.create_task(first())
        await first_holds.wait()
        waiting = [await asking(lambda asked, n=n: later(n, asked)) for n in range(1, 41)]
        let_go.set()
        await asyncio.gather(holder, *waiting)
    finally:
        await sqlite_db.dispose()
    assert served == list(range(41)), "first come, first served, and nobody refused"


async def test_a_unit_of_work_opened_inside_another_is_refused_at_once(db: Database) -> None:
    async with db.transaction():
        with pytest.raises(NestedTransactionError):
            async with db.transaction():
                pass
    async with db.transaction() as tx:  # the outer one let go of its turn
        assert await tx.inbox.pending_count() == 0


def places(db: Database) -> int:
    """How many units of work the database runs at once."""
    return 1 if db.engine.dialect.name == "sqlite" else POOL_SIZE + POOL_OVERFLOW


async def test_units_of_work_marked_ahead_go_before_those_waiting_for_a_place(
    db: Database,
) -> None:
    """Every place busy (every pooled connection, on PostgreSQL): the first to come free
    goes to storing arriving updates, not to the units of work that asked before."""
    served: list[str] = []
    all_busy = asyncio.Barrier(places(db) + 1)
    one_free, all_free = asyncio.Event(), asyncio.Event()

    async def holder(let_go: asyncio.Event) -> None:
        async with db.transaction() as tx:
            await tx.inbox.pending_count()  # a connection in hand
            await all_busy.wait()
            await let_go.wait()

    async def unit(name: str, ahead: bool, asked: asyncio.Event) -> None:
        asked.set()
        async with db.transaction(ahead=ahead) as tx:
            served.append(name)
            await tx.inbox.pending_count()

    holders = [asyncio.create_task(holder(one_free))]
    holders += [asyncio.create_task(holder(all_free)) for _ in range(places(db) - 1)]
    await all_busy.wait()
    asks = (("a", False), ("b", False), ("X", True), ("c", False), ("Y", True))
    waiting = [
        await asking(lambda asked, name=name, ahead=ahead: unit(name, ahead, asked))
        for name, ahead in asks
    ]
    one_free.set()
    await asyncio.wait_for(asyncio.gather(*waiting), timeout=10)  # all through one place
    all_free.set()
    await asyncio.gather(*holders)
    assert served == ["X", "Y", "a", "b", "c"]


async def test_a_waiter_that_gives_up_leaves_the_turn_to_the_next(sqlite_db: Database) -> None:
    first_holds, let_go = asyncio.Event(), asyncio.Event()

    async def first() -> None:
        async with sqlite_db.transaction():
            first_holds.set()
            await let_go.wait()

    async def unit(asked: asyncio.Event) -> None:
        asked.set()
        async with sqlite_db.transaction():
            pass

    try:
        holder = asyncio.create_task(first())
        await first_holds.wait()
        impatient = await asking(unit)
        patient = await asking(unit)
        impatient.cancel()
        let_go.set()
        await asyncio.wait_for(asyncio.gather(holder, patient), timeout=10)
        assert impatient.cancelled()
    finally:
        await sqlite_db.dispose()
