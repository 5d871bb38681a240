"""What hangs on a case: cards, audit entries, notes, relay links."""

from __future__ import annotations

from datetime import timedelta

import pytest

from store import AuditEntry, Database, DecryptionError, StoredCard
from tests.store.backends import Backend
from tests.store.helpers import add_lawyers, now, summary


async def test_cards_round_trip(db: Database, alice: str) -> None:
    first, second = await add_lawyers(db, 2)
    async with db.transaction() as tx:
        case = await tx.cases.create(alice, "urgent", summary())
        other = await tx.cases.create(alice, "high", summary())
        sending = await tx.outbox.add("card", 1001, {}, case_id=case.id)
        card_a = await tx.cards.add(case.id, first, outbox_id=sending)
        card_b = await tx.cards.add(case.id, second)
        await tx.cards.add(other.id, first)
        await tx.cards.set_message(card_b, 4242)
        cards = await tx.cards.for_case(case.id)
    assert cards == [
        StoredCard(id=card_a, case_id=case.id, lawyer_id=first, message_id=None),
        StoredCard(id=card_b, case_id=case.id, lawyer_id=second, message_id=4242),
    ]
    async with db.transaction() as tx:
        assert await tx.outbox.purge_finished(now() + timedelta(hours=1)) == 0
        await tx.outbox.claim_due(now() + timedelta(seconds=1))
        await tx.outbox.delivered(sending)
        assert await tx.outbox.purge_finished(now() + timedelta(hours=1)) == 1
        assert len(await tx.cards.for_case(case.id)) == 2  # the card outlives its outbox item


async def test_audit_round_trip(db: Database, alice: str) -> None:
    (lawyer,) = await add_lawyers(db, 1)
    async with db.transaction() as tx:
        case = await tx.cases.create(alice, "urgent", summary())
        await tx.audit.record("system", "case_opened", case.id, "urgent")
        await tx.audit.record(f"lawyer:{lawyer}", "claimed", case.id)
        await tx.audit.record("operator", "lawyer_added")
        await tx.audit.record("client", "closed", case.id, "withdrawn")
        entries = await tx.audit.for_case(case.id)
        recent = await tx.audit.recent()
        latest = await tx.audit.recent(limit=2)
    assert [(e.actor, e.action, e.case_id, e.detail) for e in entries] == [
        ("system", "case_opened", case.id, "urgent"),
        (f"lawyer:{lawyer}", "claimed", case.id, None),
        ("client", "closed", case.id, "withdrawn"),
    ]
    assert all(isinstance(entry, AuditEntry) for entry in entries)
    assert all(abs(entry.at - now()) < timedelta(minutes=1) for entry in entries)
    assert [entry.action for entry in recent] == [
        "closed",
        "lawyer_added",
        "claimed",
        "case_opened",
    ]
    assert latest == recent[:2]


@pytest.mark.parametrize(
    ("actor", "action", "detail"),
    [
        ("lawyer:Akmal", "claimed", None),
        ("lawyer:", "claimed", None),
        ("7123456789", "claimed", None),
        ("client", "Claimed by Akmal", None),
        ("client", "a" * 33, None),
        ("client", "closed", "Дилноза"),
        ("client", "closed", "x" * 65),
        ("client", "closed", "line\nbreak"),
    ],
)
async def test_audit_refuses_what_could_carry_personal_data(
    db: Database, actor: str, action: str, detail: str | None
) -> None:
    with pytest.raises(ValueError):
        async with db.transaction() as tx:
            await tx.audit.record(actor, action, None, detail)
    async with db.transaction() as tx:
        assert await tx.audit.recent() == []


async def test_notes_round_trip(db: Database, alice: str) -> None:
    first, second = await add_lawyers(db, 2)
    async with db.transaction() as tx:
        case = await tx.cases.create(alice, "urgent", summary())
        other = await tx.cases.create(alice, "high", summary())
        await tx.notes.add(case.id, first, "Позвонил в суд, заседание 12.03")
        await tx.notes.add(other.id, first, "other case")
        await tx.notes.add(case.id, second, "Sud qarori olindi")
        notes = await tx.notes.for_case(case.id)
        assert await tx.notes.for_case(case.id + 1000) == []
    assert [(note.lawyer_id, note.text) for note in notes] == [
        (first, "Позвонил в суд, заседание 12.03"),
        (second, "Sud qarori olindi"),
    ]
    assert all(abs(note.at - now()) < timedelta(minutes=1) for note in notes)


async def test_note_moved_to_another_note_is_rejected(
    db: Database, alice: str, backend: Backend
) -> None:
    (lawyer,) = await add_lawyers(db, 1)
    async with db.transaction() as tx:
        case = await tx.cases.create(alice, "urgent", summary())
        await tx.notes.add(case.id, lawyer, "first")
        await tx.notes.add(case.id, lawyer, "second")
    async with backend.raw() as connection:
        await connection.exec_driver_sql(
            "UPDATE case_notes SET body = (SELECT body FROM case_notes ORDER BY id LIMIT 1)"
        )
    with pytest.raises(DecryptionError):
        async with db.transaction() as tx:
            await tx.notes.for_case(case.id)


async def test_relay_links_round_trip(db: Database, alice: str) -> None:
    first, second = await add_lawyers(db, 2)
    async with db.transaction() as tx:
        case = await tx.cases.create(alice, "urgent", summary())
        other = await tx.cases.create(alice, "high", summary())
        await tx.relay.link(first, 10, case.id)
        await tx.relay.link(second, 10, other.id)
        await tx.relay.link(first, 11, other.id)
        assert await tx.relay.case_for(first, 10) == case.id
        assert await tx.relay.case_for(second, 10) == other.id
        assert await tx.relay.case_for(first, 11) == other.id
        assert await tx.relay.case_for(first, 12) is None
        await tx.relay.link(first, 10, other.id)  # linking again moves the link
        assert await tx.relay.case_for(first, 10) == other.id
