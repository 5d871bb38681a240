"""Lawyers repository: registration (upsert), lookups, flags, removal."""

from __future__ import annotations

import pytest

from store import CaseStatus, Database, DecryptionError, Keyring, StoredLawyer
from tests.store.backends import Backend
from tests.store.helpers import later, summary

TELEGRAM_ID = 5_550_001_234


async def test_add_registers_an_unreachable_lawyer_off_duty(
    db: Database, keyring: Keyring
) -> None:
    async with db.transaction() as tx:
        added = await tx.lawyers.add(TELEGRAM_ID, "Дилноза Каримова", "uz_Latn", True)
    assert added == StoredLawyer(
        id=added.id,
        user_key=keyring.user_key(TELEGRAM_ID),
        telegram_id=TELEGRAM_ID,
        name="Дилноза Каримова",
        locale="uz_Latn",
        coordinator=True,
        on_duty=False,
        reachable=False,
        active_case_id=None,
    )
    async with db.transaction() as tx:
        assert await tx.lawyers.get(added.id) == added
        assert await tx.lawyers.by_user_key(keyring.user_key(TELEGRAM_ID)) == added
        assert await tx.lawyers.get(added.id + 1) is None
        assert await tx.lawyers.by_user_key(keyring.user_key(TELEGRAM_ID + 1)) is None


async def test_re_adding_updates_the_profile_and_keeps_duty_and_reachability(
    db: Database,
) -> None:
    async with db.transaction() as tx:
        first = await tx.lawyers.add(TELEGRAM_ID, "A. Karimov", "ru", False)
        await tx.lawyers.set_on_duty(first.id, True)
        await tx.lawyers.set_reachable(first.id, True)
    async with db.transaction() as tx:
        again = await tx.lawyers.add(TELEGRAM_ID, "Akmal Karimov", "en", True)
        assert await tx.lawyers.all() == [again]
    assert (again.id, again.name, again.locale, again.coordinator) == (
        first.id,
        "Akmal Karimov",
        "en",
        True,
    )
    assert (again.on_duty, again.reachable) == (True, True)


async def test_all_lists_lawyers_in_registration_order(db: Database) -> None:
    async with db.transaction() as tx:
        for telegram_id in (30, 10, 20):
            await tx.lawyers.add(telegram_id, f"L{telegram_id}", "ru", False)
        await tx.lawyers.add(30, "L30 again", "ru", False)
        lawyers = await tx.lawyers.all()
    assert [lawyer.telegram_id for lawyer in lawyers] == [30, 10, 20]
    assert lawyers[0].name == "L30 again"


async def test_flags_and_active_case(db: Database, alice: str) -> None:
    async with db.transaction() as tx:
        lawyer = await tx.lawyers.add(TELEGRAM_ID, "L", "ru", False)
        other = await tx.lawyers.add(TELEGRAM_ID + 1, "M", "ru", False)
        case = await tx.cases.create(alice, "urgent", summary())
        await tx.lawyers.set_on_duty(lawyer.id, True)
        await tx.lawyers.set_reachable(lawyer.id, True)
        await tx.lawyers.set_active_case(lawyer.id, case.id)
        updated = await tx.lawyers.get(lawyer.id)
        untouched = await tx.lawyers.get(other.id)
        await tx.lawyers.set_on_duty(lawyer.id, False)
        await tx.lawyers.set_reachable(lawyer.id, False)
        await tx.lawyers.set_active_case(lawyer.id, None)
        reset = await tx.lawyers.get(lawyer.id)
    assert updated is not None
    assert (updated.on_duty, updated.reachable, updated.active_case_id) == (True, True, case.id)
    assert untouched == other
    assert reset is not None
    assert (reset.on_duty, reset.reachable, reset.active_case_id) == (False, False, None)


async def test_locale_is_short(db: Database) -> None:
    with pytest.raises(ValueError):
        async with db.transaction() as tx:
            await tx.lawyers.add(TELEGRAM_ID, "L", "x" * 17, False)


async def test_remove_puts_their_cases_back_in_the_pool_and_keeps_them_known_as_removed(
    db: Database, alice: str, keyring: Keyring
) -> None:
    async with db.transaction() as tx:
        lawyer = await tx.lawyers.add(TELEGRAM_ID, "L", "ru", False)
        colleague = await tx.lawyers.add(TELEGRAM_ID + 1, "M", "ru", False)
        held = await tx.cases.create(alice, "urgent", summary())
        closed = await tx.cases.create(keyring.user_key(2), "high", summary())
        theirs = await tx.cases.create(keyring.user_key(3), "high", summary())
        await tx.cases.claim(held.id, lawyer.id)
        await tx.cases.claim(closed.id, lawyer.id)
        await tx.cases.close(closed.id, "resolved")
        await tx.cases.claim(theirs.id, colleague.id)
        await tx.cards.add(held.id, lawyer.id)
        await tx.notes.add(held.id, lawyer.id, "called the client")
        await tx.relay.link(lawyer.id, 77, held.id)
    async with db.transaction() as tx:
        removed = await tx.lawyers.remove(TELEGRAM_ID)
        assert await tx.lawyers.remove(TELEGRAM_ID) is None
    assert removed is not None
    assert (removed.id, removed.telegram_id, removed.name) == (lawyer.id, TELEGRAM_ID, "L")
    async with db.transaction() as tx:
        known = await tx.lawyers.get(lawyer.id)
        assert await tx.lawyers.all() == [colleague]
        assert keyring.user_key(TELEGRAM_ID) in await tx.lawyers.known_keys()
        pooled = await tx.cases.get(held.id)
        finished = await tx.cases.get(closed.id)
        kept = await tx.cases.get(theirs.id)
        due = await tx.cases.due_for_escalation(later(1))
        notes = await tx.notes.for_case(held.id)
    assert known is not None
    assert (known.removed, known.on_duty, known.reachable) == (True, False, False)
    assert pooled is not None
    assert (pooled.status, pooled.lawyer_id) == (CaseStatus.OPEN, None)
    assert [case.id for case in due] == [held.id]  # escalated again at once
    assert finished is not None
    assert (finished.status, finished.lawyer_id) == (CaseStatus.CLOSED, lawyer.id)
    assert kept is not None
    assert (kept.status, kept.lawyer_id) == (CaseStatus.CLAIMED, colleague.id)
    assert [(note.lawyer_id, note.text) for note in notes] == [(lawyer.id, "called the client")]
    async with db.transaction() as tx:
        back = await tx.lawyers.add(TELEGRAM_ID, "L", "uz_Latn")
    assert (back.removed, back.coordinator, back.locale) == (False, False, "uz_Latn")


async def test_re_adding_a_lawyer_keeps_the_coordinator_role_unless_told(db: Database) -> None:
    async with db.transaction() as tx:
        await tx.lawyers.add(TELEGRAM_ID, "L", "ru", True)
        same = await tx.lawyers.add(TELEGRAM_ID, "L", "uz_Latn")
        demoted = await tx.lawyers.add(TELEGRAM_ID, "L", "uz_Latn", False)
    assert (same.coordinator, same.locale, demoted.coordinator) == (True, "uz_Latn", False)


async def test_lawyer_name_moved_to_another_lawyer_is_rejected(
    db: Database, backend: Backend
) -> None:
    async with db.transaction() as tx:
        first = await tx.lawyers.add(1, "First", "ru", False)
        second = await tx.lawyers.add(2, "Second", "ru", False)
    async with backend.raw() as connection:
        await connection.exec_driver_sql(
            "UPDATE lawyers SET name = (SELECT name FROM lawyers WHERE id = "
            f"{first.id}) WHERE id = {second.id}"
        )
    with pytest.raises(DecryptionError):
        async with db.transaction() as tx:
            await tx.lawyers.get(second.id)
