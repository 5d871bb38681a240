"""Outbox: queueing, exclusive claims with leases, settling, wiping, recovery after a crash."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from store import Database, DecryptionError, Keyring, OutboxState
from store.models import OutboxMessage
from tests.store.backends import Backend
from tests.store.helpers import later, now, summary, together

CHAT_ID = -1_009_876_543_210
PAYLOAD = {"text": "Ваш юрист ответил", "buttons": [["take", 5]]}


async def raw_item(backend: Backend, item_id: int) -> dict[str, object]:
    async with backend.raw() as connection:
        row = (
            await connection.execute(select(OutboxMessage).where(OutboxMessage.id == item_id))
        ).one()
    return dict(row._mapping)


async def test_add_and_claim_round_trip(db: Database, alice: str) -> None:
    async with db.transaction() as tx:
        case = await tx.cases.create(alice, "urgent", summary())
        item_id = await tx.outbox.add("card", CHAT_ID, PAYLOAD, case_id=case.id)
    async with db.transaction() as tx:
        (item,) = await tx.outbox.claim_due(later(1))
    assert (item.id, item.kind, item.chat_id, item.payload, item.case_id, item.attempts) == (
        item_id,
        "card",
        CHAT_ID,
        PAYLOAD,
        case.id,
        1,
    )
    assert abs(item.created_at - now()) < timedelta(minutes=1)


async def test_claim_due_takes_due_pending_items_by_priority_then_age(db: Database) -> None:
    async with db.transaction() as tx:
        low = await tx.outbox.add("reply", 1, {"n": "low"})
        high = await tx.outbox.add("card", 2, {"n": "high"}, priority=10)
        low_again = await tx.outbox.add("reply", 3, {"n": "low again"})
        high_again = await tx.outbox.add("card", 4, {"n": "high again"}, priority=10)
        await tx.outbox.add("reminder", 5, {"n": "future"}, due_at=later(3600))
    async with db.transaction() as tx:
        first = await tx.outbox.claim_due(later(1), limit=3)
        second = await tx.outbox.claim_due(later(1), limit=3)
        third = await tx.outbox.claim_due(later(1))
    assert [item.id for item in first] == [high, high_again, low]
    assert [item.id for item in second] == [low_again]
    assert third == []
    async with db.transaction() as tx:
        for item in [*first, *second]:
            await tx.outbox.delivered(item.id)
        (future,) = await tx.outbox.claim_due(later(7200))
    assert future.payload == {"n": "future"}


async def test_concurrent_claimers_never_share_an_item(db: Database) -> None:
    async with db.transaction() as tx:
        ids = {await tx.outbox.add("reply", n, {"n": n}) for n in range(12)}
    at_once = together(db, 4)

    async def worker() -> list[int]:
        async with db.transaction() as tx:
            await at_once()
            items = await tx.outbox.claim_due(later(1), limit=5)
            await asyncio.sleep(0.05)
            return [item.id for item in items]

    taken = [
        item for batch in await asyncio.gather(*(worker() for _ in range(4))) for item in batch
    ]
    assert len(taken) == len(set(taken))
    assert set(taken) == ids


async def test_locked_items_are_skipped_not_waited_for(db: Database, postgres_only: None) -> None:
    async with db.transaction() as tx:
        ids = [await tx.outbox.add("reply", n, {"n": n}) for n in range(30)]
    first_has_them = asyncio.Event()
    second_done = asyncio.Event()

    async def first() -> list[int]:
        async with db.transaction() as tx:
            items = await tx.outbox.claim_due(later(1), limit=10)
            first_has_them.set()
            await second_done.wait()  # still holding the row locks
            return [item.id for item in items]

    async def second() -> tuple[list[int], float]:
        await first_has_them.wait()
        started = time.monotonic()
        try:
            async with db.transaction() as tx:
                items = await tx.outbox.claim_due(later(1), limit=10)
            return [item.id for item in items], time.monotonic() - started
        finally:
            second_done.set()

    taken_first, (taken_second, waited) = await asyncio.wait_for(
        asyncio.gather(first(), second()), timeout=10
    )
    assert taken_first == ids[:10]
    assert taken_second == ids[10:20]
    assert waited < 1


async def test_delivered_wipes_the_payload_and_keeps_the_result(
    db: Database, backend: Backend
) -> None:
    async with db.transaction() as tx:
        item_id = await tx.outbox.add("reply", CHAT_ID, PAYLOAD)
        assert await tx.outbox.result_of(item_id) is None
        await tx.outbox.claim_due(later(1))
        assert await tx.outbox.delivered(item_id, {"message_id": 5})
        assert not await tx.outbox.delivered(item_id, {"message_id": 6})
        assert not await tx.outbox.retry(item_id, now(), "TimedOut")
        assert not await tx.outbox.failed(item_id, "Forbidden")
        assert await tx.outbox.result_of(item_id) == {"message_id": 5}
        assert await tx.outbox.claim_due(later(3600)) == []
        assert await tx.outbox.pending_count() == 0
        assert await tx.outbox.result_of(item_id + 1000) is None
    row = await raw_item(backend, item_id)
    assert (row["state"], row["payload"], row["attempts"]) == (OutboxState.DELIVERED, None, 1)
    assert row["delivered_at"] is not None


async def test_items_handed_out_are_recorded_delivered_together_each_with_its_result(
    db: Database, backend: Backend
) -> None:
    async with db.transaction() as tx:
        for n in range(3):
            await tx.outbox.add("reply", CHAT_ID + n, PAYLOAD)
        first, second, third = await tx.outbox.claim_due(later(1))
        assert await tx.outbox.failed(third.id, "Forbidden")
        await tx.outbox.delivered_all(
            [(first, {"message_id": 5}), (second, None), (third, {"message_id": 7})]
        )
        assert await tx.outbox.result_of(first.id) == {"message_id": 5}
        assert await tx.outbox.result_of(second.id) is None
        assert await tx.outbox.result_of(third.id) is None, "settled before: left alone"
        assert await tx.outbox.pending_count() == 0
    states = [(await raw_item(backend, item.id))["state"] for item in (first, second, third)]
    assert states == [OutboxState.DELIVERED, OutboxState.DELIVERED, OutboxState.FAILED]


async def test_delivered_without_a_result(db: Database) -> None:
    async with db.transaction() as tx:
        item_id = await tx.outbox.add("reply", CHAT_ID, PAYLOAD)
        await tx.outbox.claim_due(later(1))
        assert await tx.outbox.delivered(item_id)
        assert await tx.outbox.result_of(item_id) is None
        assert not await tx.outbox.delivered(item_id + 1000)


async def test_retry_makes_the_item_due_again_later(db: Database, backend: Backend) -> None:
    async with db.transaction() as tx:
        item_id = await tx.outbox.add("reply", CHAT_ID, PAYLOAD)
    async with db.transaction() as tx:
        await tx.outbox.claim_due(later(1))
        assert await tx.outbox.retry(item_id, later(60), "RetryAfter " + "x" * 300)
    async with db.transaction() as tx:
        assert await tx.outbox.claim_due(later(30)) == []
        (again,) = await tx.outbox.claim_due(later(61))
    assert (again.id, again.attempts, again.payload) == (item_id, 2, PAYLOAD)
    row = await raw_item(backend, item_id)
    assert row["last_error"] == ("RetryAfter " + "x" * 300)[:200]


async def test_failed_wipes_the_payload_for_good(db: Database, backend: Backend) -> None:
    async with db.transaction() as tx:
        item_id = await tx.outbox.add("reply", CHAT_ID, PAYLOAD)
        await tx.outbox.claim_due(later(1))
        assert await tx.outbox.failed(item_id, "Forbidden")
        assert not await tx.outbox.retry(item_id, now(), "late")
        assert not await tx.outbox.delivered(item_id)
        assert await tx.outbox.claim_due(later(3600)) == []
        assert await tx.outbox.pending_count() == 0
    row = await raw_item(backend, item_id)
    assert (row["state"], row["payload"], row["last_error"]) == (
        OutboxState.FAILED,
        None,
        "Forbidden",
    )


async def test_a_claim_whose_lease_ran_out_is_taken_again_as_a_possible_repeat(
    db: Database,
) -> None:
    async with db.transaction() as tx:
        crashed = await tx.outbox.add("card", CHAT_ID, PAYLOAD)
        follower = await tx.outbox.add("card", CHAT_ID, {"n": 2})
    async with db.transaction() as tx:
        (claimed,) = await tx.outbox.claim_due(now(), lease_until=later(30))
    assert (claimed.id, claimed.resend) == (crashed, False)
    async with db.transaction() as tx:
        assert await tx.outbox.claim_due(later(29)) == [], "the lease still holds"
    async with db.transaction() as tx:
        (again,) = await tx.outbox.claim_due(later(31))
    assert (again.id, again.attempts, again.resend) == (crashed, 2, True)
    async with db.transaction() as tx:
        await tx.outbox.delivered(crashed)
        (next_one,) = await tx.outbox.claim_due(later(31))
    assert (next_one.id, next_one.resend) == (follower, False)


async def test_a_timed_out_send_is_retried_as_a_possible_repeat(db: Database) -> None:
    async with db.transaction() as tx:
        item_id = await tx.outbox.add("relay_to_client", CHAT_ID, PAYLOAD)
        await tx.outbox.claim_due(now())
        await tx.outbox.retry(item_id, now(), "TimedOut", maybe_sent=True)
        (again,) = await tx.outbox.claim_due(later(1))
    assert (again.id, again.resend) == (item_id, True)


async def test_add_claimed_claims_an_item_only_in_its_turn(db: Database) -> None:
    async with db.transaction() as tx:
        first = await tx.outbox.add_claimed("reply", CHAT_ID, {"n": 1}, later(30))
        second = await tx.outbox.add_claimed("reply", CHAT_ID, {"n": 2}, later(30))
        other_lane = await tx.outbox.add_claimed(
            "card", CHAT_ID, {"n": 3}, later(30), lane="cards"
        )
    assert first is not None and other_lane is not None
    assert (first.payload, first.attempts, other_lane.lane) == ({"n": 1}, 1, "cards")
    assert second is None, "the first is unfinished: the second waits its turn"
    async with db.transaction() as tx:
        assert await tx.outbox.claim_due(later(1)) == [], "claimed items are not due"
        await tx.outbox.delivered(first.id)
        (waiting,) = await tx.outbox.claim_due(later(1))
    assert waiting.payload == {"n": 2}


async def test_pending_count_and_oldest_pending(db: Database) -> None:
    async with db.transaction() as tx:
        assert await tx.outbox.pending_count() == 0
        assert await tx.outbox.oldest_pending_at() is None
        first = await tx.outbox.add("reply", 1, {})
    before_second = now()
    async with db.transaction() as tx:
        await tx.outbox.add("reply", 2, {})
        await tx.outbox.add("reply", 3, {}, due_at=later(3600))
        oldest = await tx.outbox.oldest_pending_at()
        assert await tx.outbox.pending_count() == 3
    assert oldest is not None
    assert oldest <= before_second
    async with db.transaction() as tx:
        await tx.outbox.claim_due(later(1), limit=1)  # sending still counts
        assert await tx.outbox.pending_count() == 3
        await tx.outbox.delivered(first)
        assert await tx.outbox.pending_count() == 2
        newer = await tx.outbox.oldest_pending_at()
    assert newer is not None
    assert newer >= oldest


async def test_purge_finished_removes_only_old_settled_items(db: Database) -> None:
    async with db.transaction() as tx:
        done = await tx.outbox.add("reply", 1, {})
        gone = await tx.outbox.add("reply", 2, {})
        waiting = await tx.outbox.add("reply", 3, {}, due_at=later(3600))
        await tx.outbox.claim_due(later(1))
        await tx.outbox.delivered(done, {"message_id": 1})
        await tx.outbox.failed(gone, "Forbidden")
    async with db.transaction() as tx:
        assert await tx.outbox.purge_finished(now() - timedelta(minutes=1)) == 0
        assert await tx.outbox.purge_finished(later(1)) == 2
        assert await tx.outbox.result_of(done) is None
        assert [item.id for item in await tx.outbox.claim_due(later(7200))] == [waiting]


async def test_kind_is_short(db: Database) -> None:
    with pytest.raises(ValueError):
        async with db.transaction() as tx:
            await tx.outbox.add("k" * 33, 1, {})


async def test_payload_moved_to_another_item_is_rejected(db: Database, backend: Backend) -> None:
    async with db.transaction() as tx:
        first = await tx.outbox.add("reply", 1, {"to": "first"})
        second = await tx.outbox.add("reply", 2, {"to": "second"})
    async with backend.raw() as connection:
        await connection.exec_driver_sql(
            f"UPDATE outbox SET payload = (SELECT payload FROM outbox WHERE id = {first}) "
            f"WHERE id = {second}"
        )
    with pytest.raises(DecryptionError):
        async with db.transaction() as tx:
            await tx.outbox.claim_due(later(1))


async def test_items_record_their_addressee(db: Database, keyring: Keyring) -> None:
    async with db.transaction() as tx:
        plain = await tx.outbox.add("notice", 42, {})
        claimed = await tx.outbox.add_claimed("notice", 43, {}, later(30))
        rows = await tx.session.execute(
            select(OutboxMessage.id, OutboxMessage.user_key).order_by(OutboxMessage.id)
        )
    assert claimed is not None
    assert list(rows) == [(plain, keyring.user_key(42)), (claimed.id, keyring.user_key(43))]


async def test_items_of_one_lane_for_one_chat_go_out_in_order(db: Database) -> None:
    async with db.transaction() as tx:
        first = await tx.outbox.add("relay_to_lawyer", 501, {"n": 1}, lane="to_lawyer")
        second = await tx.outbox.add("relay_to_lawyer", 501, {"n": 2}, lane="to_lawyer")
        other_kind = await tx.outbox.add("client_notice", 501, {"n": 3})
        other_chat = await tx.outbox.add("relay_to_lawyer", 502, {"n": 4}, lane="to_lawyer")
    now = datetime.now(UTC) + timedelta(seconds=1)
    async with db.transaction() as tx:
        claimed = {item.id for item in await tx.outbox.claim_due(now)}
    assert claimed == {first, other_kind, other_chat}, "the second waits for the first"
    async with db.transaction() as tx:
        await tx.outbox.retry(first, now + timedelta(minutes=1), "NetworkError")
    async with db.transaction() as tx:
        assert await tx.outbox.claim_due(now) == [], "not even a retry lets it overtake"
    async with db.transaction() as tx:
        assert await tx.outbox.due_now_for_case(-1, now) == 0
        await tx.outbox.delivered(first)
    async with db.transaction() as tx:
        assert [item.id for item in await tx.outbox.claim_due(now)] == [second]
