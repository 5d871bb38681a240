"""One person's updates are handled in order; other people's do not wait for them."""

from __future__ import annotations

import asyncio

from bot.serving.ordering import KeyedLocks
from store.turns import WorkSlots


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


async def test_urgent_work_goes_first_and_has_places_of_its_own() -> None:
    slots = WorkSlots(limit=3, reserved=1)
    started: list[str] = []
    release = {name: asyncio.Event() for name in ("o1", "o2", "o3", "o4", "u1", "u2")}
    running = {name: asyncio.Event() for name in release}

    async def work(name: str) -> None:
        async with slots.hold(urgent=name.startswith("u")):
            started.append(name)
            running[name].set()
            await release[name].wait()

    tasks = {name: asyncio.create_task(work(name)) for name in ("o1", "o2", "o3")}
    await running["o1"].wait()
    await running["o2"].wait()
    assert started == ["o1", "o2"], "o3 may not take the place kept for urgent work"
    tasks["u1"] = asyncio.create_task(work("u1"))
    await running["u1"].wait()  # the reserved place, at once
    tasks["o4"] = asyncio.create_task(work("o4"))
    tasks["u2"] = asyncio.create_task(work("u2"))
    release["o1"].set()
    await running["u2"].wait()  # asked last, but urgent: the freed place is its
    assert started == ["o1", "o2", "u1", "u2"]
    for name in ("o2", "u1", "u2"):
        release[name].set()
    await running["o3"].wait()
    await running["o4"].wait()
    assert started[4:] == ["o3", "o4"], "ordinary work in the order it asked"
    for event in release.values():
        event.set()
    await asyncio.gather(*tasks.values())


async def test_a_cancelled_wait_gives_its_place_on() -> None:
    slots = WorkSlots(limit=1, reserved=0)
    holding, asking, done = asyncio.Event(), asyncio.Event(), asyncio.Event()

    async def hold() -> None:
        asking.set()  # nothing awaits between this and joining the queue
        async with slots.hold(urgent=False):
            holding.set()
            await done.wait()

    first = asyncio.create_task(hold())
    await holding.wait()
    asking.clear()
    waiting = asyncio.create_task(hold())
    await asking.wait()
    waiting.cancel()
    done.set()
    await first
    async with slots.hold(urgent=True):
        pass
