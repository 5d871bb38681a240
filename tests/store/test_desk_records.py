"""The desk's records: a case's timeline, held messages, reopening a closed case."""

from __future__ import annotations

from store import CaseStatus, Database
from tests.store.backends import Backend
from tests.store.helpers import add_lawyers, later, summary


async def test_the_timeline_keeps_events_in_order_encrypted(
    db: Database, alice: str, backend: Backend
) -> None:
    (lawyer,) = await add_lawyers(db, 1)
    async with db.transaction() as tx:
        case = await tx.cases.create(alice, "urgent", summary())
        await tx.events.add(case.id, "client_message", {"text": "рейс завтра в 9:40"})
        await tx.events.add(case.id, "taken", lawyer_id=lawyer)
        await tx.events.add(case.id, "lawyer_message", {"text": "Еду"}, lawyer_id=lawyer)
    async with db.transaction() as tx:
        events = await tx.events.for_case(case.id)
        messages = await tx.events.for_case(case.id, kinds=("client_message",))
    assert [(e.kind, e.lawyer_id, e.body) for e in events] == [
        ("client_message", None, {"text": "рейс завтра в 9:40"}),
        ("taken", lawyer, {}),
        ("lawyer_message", lawyer, {"text": "Еду"}),
    ]
    assert len(messages) == 1
    assert "рейс".encode() not in await backend.dump_table("case_events")


async def test_held_messages_wait_in_order_and_are_released_once(db: Database) -> None:
    lawyer, other = await add_lawyers(db, 2)
    async with db.transaction() as tx:
        assert await tx.held.hold(lawyer, {"text": "first"}) == 1
        assert await tx.held.hold(other, {"text": "someone else's"}) == 1
        assert await tx.held.hold(lawyer, {"text": "second"}) == 2
    async with db.transaction() as tx:
        assert await tx.held.release(lawyer) == [{"text": "first"}, {"text": "second"}]
        assert await tx.held.release(lawyer) == []
        assert await tx.held.count(other) == 1


async def test_a_closed_case_reopens_to_its_lawyer_or_to_the_pool(
    db: Database, alice: str
) -> None:
    (lawyer,) = await add_lawyers(db, 1)
    async with db.transaction() as tx:
        case = await tx.cases.create(alice, "urgent", summary())
        await tx.cases.claim(case.id, lawyer)
        await tx.cases.close(case.id, "appeal_filed")
        back = await tx.cases.reopen(case.id, lawyer_id=lawyer, next_escalation_at=later(60))
        assert await tx.cases.reopen(case.id, lawyer_id=None, next_escalation_at=later(60)) is None
        await tx.cases.close(case.id, "no_action")
        pooled = await tx.cases.reopen(case.id, lawyer_id=None, next_escalation_at=later(60))
    assert back is not None and (back.status, back.lawyer_id, back.outcome) == (
        CaseStatus.CLAIMED,
        lawyer,
        None,
    )
    assert pooled is not None and (pooled.status, pooled.lawyer_id) == (CaseStatus.OPEN, None)
    assert pooled.next_escalation_at is not None
