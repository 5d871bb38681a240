"""One person's updates are handled in order; other people's do not wait for them."""

from __future__ import annotations

import asyncio

from bot.serving.ordering import KeyedLocks


async def test_one_person_in_order_others_meanwhile() -> None:
    locks = KeyedLocks()
    log: list[str] = []
    first_started, first_may_end = asyncio.Event(), asyncio.Event()

    async def handle(person: str, name: str, gate: asyncio.Event | None = None) -> None:
        async with locks.hold(person):
            log.append(f"start {name}")
            if gate is not None:
                first_started.set()
                await gate.wait()
            log.append(f"end {name}")

    first = asyncio.create_task(handle("a", "a1", first_may_end))
    second = asyncio.create_task(handle("a", "a2"))
    await first_started.wait()
    await handle("b", "b1")
    assert log == ["start a1", "start b1", "end b1"], "b does not wait for a"
    first_may_end.set()
    await asyncio.gather(first, second)
    assert log[3:] == ["end a1", "start a2", "end a2"], "a's second waits for a's first"
    assert len(locks) == 0, "nothing is kept for people no longer writing"


async def test_updates_without_a_person_never_wait() -> None:
    locks = KeyedLocks()
    async with locks.hold(None), locks.hold(None):
        assert len(locks) == 0
