"""The case file's facts: recorded, changed and cleared, encrypted, gone with their case."""

from __future__ import annotations

from store import Database, erase_person
from tests.store.backends import Backend
from tests.store.helpers import later, summary


async def test_facts_are_recorded_changed_and_cleared_encrypted(
    db: Database, alice: str, backend: Backend
) -> None:
    async with db.transaction() as tx:
        case = await tx.cases.create(alice, "urgent", summary())
        other = await tx.cases.create(alice, "low", summary())
        await tx.facts.set(case.id, "full_name", "Азиз Каримов")
        await tx.facts.set(case.id, "court", "Мосгорсуд")
        await tx.facts.set(other.id, "court", "Another court")
    async with db.transaction() as tx:
        assert await tx.facts.set(case.id, "court", "Московский городской суд") == {
            "full_name": "Азиз Каримов",
            "court": "Московский городской суд",
        }
        assert await tx.facts.set(case.id, "full_name", None) == {
            "court": "Московский городской суд"
        }
    async with db.transaction() as tx:
        assert await tx.facts.of(case.id) == {"court": "Московский городской суд"}
        assert await tx.facts.for_cases([case.id, other.id, 999]) == {
            case.id: {"court": "Московский городской суд"},
            other.id: {"court": "Another court"},
        }
        assert await tx.facts.of(999) == {}
    dump = await backend.dump_table("case_facts")
    assert "Московский".encode() not in dump and b"Another court" not in dump


async def test_facts_go_with_their_case_when_erased_or_purged(db: Database, alice: str) -> None:
    async with db.transaction() as tx:
        erased = await tx.cases.create(alice, "urgent", summary())
        await tx.facts.set(erased.id, "family_contact", "+7 900 000-00-00")
    async with db.transaction() as tx:
        await erase_person(tx, alice)
    async with db.transaction() as tx:
        assert await tx.facts.of(erased.id) == {}
        closed = await tx.cases.create(alice, "low", summary())
        await tx.facts.set(closed.id, "court", "Мосгорсуд")
        await tx.cases.close(closed.id, "no_action")
    async with db.transaction() as tx:
        assert await tx.cases.purge_closed(later(60)) == 1
        assert await tx.facts.of(closed.id) == {}
