"""Cases through their life: claim exactly once, release, close, escalation timers."""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from store import CaseStatus, Database, Keyring
from tests.store.backends import Backend
from tests.store.helpers import add_lawyers, later, now, summary, together

CLAIMERS = 8


async def test_claim_gives_the_case_to_one_lawyer(db: Database, alice: str) -> None:
    first, second = await add_lawyers(db, 2)
    async with db.transaction() as tx:
        case = await tx.cases.create(alice, "urgent", summary(), next_escalation_at=later(600))
        assert case.next_escalation_at is not None
        assert await tx.cases.claim(case.id, first)
        assert not await tx.cases.claim(case.id, second)
        assert not await tx.cases.claim(case.id, first)
        claimed = await tx.cases.get(case.id)
    assert claimed is not None
    assert (claimed.status, claimed.lawyer_id, claimed.next_escalation_at) == (
        CaseStatus.CLAIMED,
        first,
        None,
    )
    assert claimed.claimed_at is not None
    assert abs(claimed.claimed_at - now()) < timedelta(minutes=1)


async def test_missing_and_closed_cases_cannot_be_claimed(db: Database, alice: str) -> None:
    (lawyer,) = await add_lawyers(db, 1)
    async with db.transaction() as tx:
        case = await tx.cases.create(alice, "urgent", summary())
        assert await tx.cases.close(case.id, "no_answer")
        assert not await tx.cases.claim(case.id, lawyer)
        assert not await tx.cases.claim(case.id + 1000, lawyer)


async def test_concurrent_claims_have_exactly_one_winner(db: Database, alice: str) -> None:
    """On PostgreSQL the claims really overlap; SQLite serialises them."""
    lawyers = await add_lawyers(db, CLAIMERS)
    async with db.transaction() as tx:
        case = await tx.cases.create(alice, "urgent", summary())
    at_once = together(db, CLAIMERS)

    async def claim(lawyer: int) -> bool:
        async with db.transaction() as tx:
            await at_once()  # the transaction begins with the claim, all at once
            won = await tx.cases.claim(case.id, lawyer)
            await asyncio.sleep(0.05)  # hold the row while the others try
            return won

    results = await asyncio.gather(*(claim(lawyer) for lawyer in lawyers))
    assert sum(results) == 1
    winner = lawyers[results.index(True)]
    async with db.transaction() as tx:
        stored = await tx.cases.get(case.id)
    assert stored is not None
    assert (stored.status, stored.lawyer_id) == (CaseStatus.CLAIMED, winner)


async def test_release_puts_a_claimed_case_back_in_the_pool(db: Database, alice: str) -> None:
    lawyer, other = await add_lawyers(db, 2)
    at = later(60)
    async with db.transaction() as tx:
        case = await tx.cases.create(alice, "urgent", summary())
        assert not await tx.cases.release(case.id, at)  # open, not claimed
        await tx.cases.schedule_escalation(case.id, later(10), 3)
        await tx.cases.claim(case.id, lawyer)
        await tx.lawyers.set_active_case(lawyer, case.id)
        assert await tx.cases.release(case.id, at)
        released = await tx.cases.get(case.id)
        holder = await tx.lawyers.get(lawyer)
        assert not await tx.cases.release(case.id, at)
        assert await tx.cases.claim(case.id, other)
    assert released is not None
    assert (released.status, released.lawyer_id, released.claimed_at) == (
        CaseStatus.OPEN,
        None,
        None,
    )
    assert (released.next_escalation_at, released.escalation_round) == (at, 0)
    assert holder is not None
    assert holder.active_case_id is None


async def test_release_all_returns_only_that_lawyers_claimed_cases(
    db: Database, keyring: Keyring
) -> None:
    lawyer, other = await add_lawyers(db, 2)
    at = later(30)
    async with db.transaction() as tx:
        cases = [
            await tx.cases.create(keyring.user_key(n), "high", summary({"n": str(n)}))
            for n in range(4)
        ]
        await tx.cases.claim(cases[0].id, lawyer)
        await tx.cases.claim(cases[1].id, other)
        await tx.cases.claim(cases[2].id, lawyer)
        await tx.cases.claim(cases[3].id, lawyer)
        await tx.cases.close(cases[3].id, "resolved")
        released = await tx.cases.release_all(lawyer, at)
        assert await tx.cases.release_all(lawyer, at) == []
        assert [case.id for case in await tx.cases.for_lawyer(other)] == [cases[1].id]
    assert [case.id for case in released] == [cases[0].id, cases[2].id]
    assert all(case.status == CaseStatus.OPEN for case in released)
    assert all(case.lawyer_id is None and case.next_escalation_at == at for case in released)
    assert [case.summary for case in released] == [summary({"n": "0"}), summary({"n": "2"})]


async def test_close_ends_any_case_once(db: Database, alice: str) -> None:
    (lawyer,) = await add_lawyers(db, 1)
    async with db.transaction() as tx:
        waiting = await tx.cases.create(alice, "urgent", summary(), next_escalation_at=later(5))
        taken = await tx.cases.create(alice, "high", summary())
        await tx.cases.claim(taken.id, lawyer)
        await tx.lawyers.set_active_case(lawyer, taken.id)
        assert await tx.cases.close(waiting.id, "withdrawn")
        assert await tx.cases.close(taken.id, "resolved")
        assert not await tx.cases.close(taken.id, "other")
        assert not await tx.cases.close(taken.id + 1000, "other")
        closed_waiting = await tx.cases.get(waiting.id)
        closed_taken = await tx.cases.get(taken.id)
        holder = await tx.lawyers.get(lawyer)
        assert await tx.cases.for_lawyer(lawyer) == []
        assert not await tx.cases.release(taken.id, later(5))
        assert await tx.cases.open_for(alice) is None
    assert closed_waiting is not None
    assert closed_taken is not None
    assert (closed_waiting.status, closed_waiting.outcome) == (CaseStatus.CLOSED, "withdrawn")
    assert closed_waiting.next_escalation_at is None
    assert closed_waiting.closed_at is not None
    assert (closed_taken.status, closed_taken.outcome) == (CaseStatus.CLOSED, "resolved")
    assert closed_taken.lawyer_id == lawyer  # who had it stays on record
    assert holder is not None
    assert holder.active_case_id is None


async def test_outcome_is_a_short_code(db: Database, alice: str) -> None:
    with pytest.raises(ValueError):
        async with db.transaction() as tx:
            case = await tx.cases.create(alice, "urgent", summary())
            await tx.cases.close(case.id, "x" * 33)


async def test_for_lawyer_lists_held_cases_in_claim_order(db: Database, keyring: Keyring) -> None:
    lawyer, other = await add_lawyers(db, 2)
    async with db.transaction() as tx:
        cases = [await tx.cases.create(keyring.user_key(n), "high", summary()) for n in range(3)]
    for case in reversed(cases):  # separate transactions: distinct claim times
        async with db.transaction() as tx:
            await tx.cases.claim(case.id, lawyer)
    async with db.transaction() as tx:
        held = await tx.cases.for_lawyer(lawyer)
        assert await tx.cases.for_lawyer(other) == []
    assert [case.id for case in held] == [case.id for case in reversed(cases)]


async def test_a_claimed_case_always_has_a_lawyer(
    db: Database, alice: str, backend: Backend
) -> None:
    """The database itself refuses a claimed case without a lawyer."""
    async with db.transaction() as tx:
        case = await tx.cases.create(alice, "urgent", summary())
    with pytest.raises(IntegrityError):
        async with backend.raw() as connection:
            await connection.exec_driver_sql(
                f"UPDATE cases SET status = 'claimed' WHERE id = {case.id}"
            )


async def test_due_for_escalation_takes_open_overdue_cases_most_overdue_first(
    db: Database, keyring: Keyring
) -> None:
    (lawyer,) = await add_lawyers(db, 1)
    t = now()
    async with db.transaction() as tx:
        late = await tx.cases.create(keyring.user_key(1), "high", summary(), next_escalation_at=t)
        later_due = await tx.cases.create(
            keyring.user_key(2), "urgent", summary(), next_escalation_at=t + timedelta(seconds=1)
        )
        latest = await tx.cases.create(
            keyring.user_key(3), "urgent", summary(), next_escalation_at=t - timedelta(minutes=5)
        )
        future = await tx.cases.create(
            keyring.user_key(4), "urgent", summary(), next_escalation_at=t + timedelta(minutes=5)
        )
        unscheduled = await tx.cases.create(keyring.user_key(5), "urgent", summary())
        claimed = await tx.cases.create(
            keyring.user_key(6), "urgent", summary(), next_escalation_at=t
        )
        await tx.cases.claim(claimed.id, lawyer)

    probe = t + timedelta(seconds=2)
    async with db.transaction() as tx:
        due = await tx.cases.due_for_escalation(probe)
        assert [case.id for case in await tx.cases.due_for_escalation(probe, limit=2)] == [
            latest.id,
            late.id,
        ]
    assert [case.id for case in due] == [latest.id, late.id, later_due.id]
    assert {future.id, unscheduled.id, claimed.id}.isdisjoint(case.id for case in due)


async def test_schedule_escalation_moves_the_timer_of_open_cases_only(
    db: Database, alice: str
) -> None:
    (lawyer,) = await add_lawyers(db, 1)
    t = now()
    async with db.transaction() as tx:
        case = await tx.cases.create(alice, "urgent", summary(), next_escalation_at=t)
        assert [c.id for c in await tx.cases.due_for_escalation(t)] == [case.id]
        assert await tx.cases.schedule_escalation(case.id, t + timedelta(minutes=10), 1)
        assert await tx.cases.due_for_escalation(t) == []
        rescheduled = await tx.cases.get(case.id)
        await tx.cases.claim(case.id, lawyer)
        assert not await tx.cases.schedule_escalation(case.id, t, 2)
        claimed = await tx.cases.get(case.id)
    assert rescheduled is not None
    assert (rescheduled.next_escalation_at, rescheduled.escalation_round) == (
        t + timedelta(minutes=10),
        1,
    )
    assert claimed is not None
    assert (claimed.next_escalation_at, claimed.escalation_round) == (None, 1)


async def test_escalation_workers_never_take_the_same_case(db: Database, keyring: Keyring) -> None:
    """One after another (as SQLite runs them): a rescheduled case is not due again."""
    t = now()
    async with db.transaction() as tx:
        for n in range(3):
            await tx.cases.create(keyring.user_key(n), "urgent", summary(), next_escalation_at=t)
    seen: list[int] = []
    for _ in range(2):
        async with db.transaction() as tx:
            for case in await tx.cases.due_for_escalation(t):
                seen.append(case.id)
                await tx.cases.schedule_escalation(case.id, t + timedelta(minutes=10), 1)
    assert len(seen) == len(set(seen)) == 3


async def test_due_cases_locked_by_one_worker_are_skipped_by_another(
    db: Database, keyring: Keyring, postgres_only: None
) -> None:
    t = now()
    async with db.transaction() as tx:
        ids = [
            (
                await tx.cases.create(
                    keyring.user_key(n),
                    "urgent",
                    summary(),
                    next_escalation_at=t - timedelta(seconds=n),
                )
            ).id
            for n in range(4)
        ]
    first_has_them = asyncio.Event()
    second_done = asyncio.Event()

    async def first() -> list[int]:
        async with db.transaction() as tx:
            taken = [case.id for case in await tx.cases.due_for_escalation(t, limit=2)]
            first_has_them.set()
            await second_done.wait()
            for case_id in taken:
                await tx.cases.schedule_escalation(case_id, t + timedelta(minutes=10), 1)
            return taken

    async def second() -> tuple[list[int], float]:
        await first_has_them.wait()
        started = time.monotonic()
        try:
            async with db.transaction() as tx:
                taken = [case.id for case in await tx.cases.due_for_escalation(t)]
            return taken, time.monotonic() - started
        finally:
            second_done.set()

    taken_first, (taken_second, waited) = await asyncio.wait_for(
        asyncio.gather(first(), second()), timeout=10
    )
    assert taken_first == [ids[3], ids[2]]
    assert taken_second == [ids[1], ids[0]]
    assert waited < 1  # skipped the locked rows instead of waiting for them


async def test_waiting_lists_open_cases_oldest_first(db: Database, keyring: Keyring) -> None:
    (lawyer,) = await add_lawyers(db, 1)
    async with db.transaction() as tx:
        first = await tx.cases.create(keyring.user_key(1), "low", summary())
        taken = await tx.cases.create(keyring.user_key(2), "urgent", summary())
        closed = await tx.cases.create(keyring.user_key(3), "urgent", summary())
        last = await tx.cases.create(
            keyring.user_key(4), "urgent", summary(), next_escalation_at=now()
        )
        await tx.cases.claim(taken.id, lawyer)
        await tx.cases.close(closed.id, "resolved")
        assert [case.id for case in await tx.cases.waiting()] == [first.id, last.id]


async def test_update_summary_replaces_the_encrypted_summary(db: Database, alice: str) -> None:
    async with db.transaction() as tx:
        case = await tx.cases.create(alice, "urgent", summary({"v": "1"}))
        await tx.cases.update_summary(case.id, summary({"v": "2", "city": "Самарканд"}))
    async with db.transaction() as tx:
        stored = await tx.cases.get(case.id)
        with pytest.raises(KeyError):
            await tx.cases.update_summary(case.id + 1000, summary())
    assert stored is not None
    assert stored.summary == summary({"v": "2", "city": "Самарканд"})


async def test_delete_for_removes_the_users_cases_and_what_hangs_on_them(
    db: Database, alice: str, keyring: Keyring
) -> None:
    (lawyer,) = await add_lawyers(db, 1)
    bob = keyring.user_key(2)
    async with db.transaction() as tx:
        mine = [await tx.cases.create(alice, "urgent", summary()) for _ in range(2)]
        theirs = await tx.cases.create(bob, "urgent", summary())
        await tx.cases.claim(mine[0].id, lawyer)
        await tx.lawyers.set_active_case(lawyer, mine[0].id)
        for case in [*mine, theirs]:
            await tx.cards.add(case.id, lawyer)
            await tx.notes.add(case.id, lawyer, "note")
            await tx.outbox.add("card", 1001, {"case": case.id}, case_id=case.id)
            await tx.relay.link(lawyer, 100 + case.id, case.id)
            await tx.audit.record(f"lawyer:{lawyer}", "claim", case.id)
        unrelated = await tx.outbox.add("notice", 1001, {}, lane="notices")
    async with db.transaction() as tx:
        assert await tx.cases.delete_for(alice) == 2
        assert await tx.cases.delete_for(alice) == 0
    async with db.transaction() as tx:
        for case in mine:
            assert await tx.cases.get(case.id) is None
            assert await tx.cards.for_case(case.id) == []
            assert await tx.notes.for_case(case.id) == []
            assert await tx.relay.case_for(lawyer, 100 + case.id) is None
            assert await tx.audit.for_case(case.id) == []
        assert await tx.cases.get(theirs.id) is not None
        assert len(await tx.cards.for_case(theirs.id)) == 1
        assert await tx.relay.case_for(lawyer, 100 + theirs.id) == theirs.id
        holder = await tx.lawyers.get(lawyer)
        items = await tx.outbox.claim_due(later(1))
        audit = await tx.audit.recent()
    assert holder is not None
    assert holder.active_case_id is None
    assert len(items) == 2
    assert unrelated in {item.id for item in items}
    assert {item.case_id for item in items} == {theirs.id, None}
    assert [entry.case_id for entry in audit].count(None) == 2  # the log keeps what happened
