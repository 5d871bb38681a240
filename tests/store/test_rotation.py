"""Key rotation: afterwards the new key alone reads everything, and the old key nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

import pytest
from sqlalchemy import LargeBinary, update

from store import (
    Database,
    DecryptionError,
    Keyring,
    ReceivedUpdate,
    add_new_key,
    generate_secret,
    retire_old_keys,
    upgrade,
)
from store.messages import DELETABLE_FOR
from store.models import Base, Case, Conversation, OutboxMessage
from store.rotation import (
    ENCRYPTED_COLUMNS,
    REKEYED_TABLES,
    RotationError,
    TableRotation,
    rotate,
)
from tests.store.backends import Backend
from tests.store.helpers import later, now, summary

PERSON, BLOCKED, LAWYER = 7_123_456_789, 7_000_000_002, 6_234_567_891
OLD_SECRET = generate_secret()


@asynccontextmanager
async def database(backend: Backend, keyring: Keyring) -> AsyncIterator[Database]:
    db = Database(backend.url, keyring, schema=backend.schema)
    try:
        yield db
    finally:
        await db.dispose()


async def ciphertexts(backend: Backend) -> list[tuple[str, bytes]]:
    """Every stored ciphertext, with its table and column."""
    found: list[tuple[str, bytes]] = []
    async with backend.raw() as connection:
        for table, column in sorted(ENCRYPTED_COLUMNS):
            rows = await connection.exec_driver_sql(f"SELECT {column} FROM {table}")
            found += [(f"{table}.{column}", bytes(value)) for (value,) in rows if value]
    return found


async def user_keys(backend: Backend) -> set[str]:
    found: set[str] = set()
    async with backend.raw() as connection:
        for table in sorted(REKEYED_TABLES):
            rows = await connection.exec_driver_sql(f"SELECT user_key FROM {table}")
            found |= {value for (value,) in rows if value is not None}
    return found


def kid_of(blob: bytes) -> str:
    return blob[2 : 2 + blob[1]].decode()


async def populate(backend: Backend, old: Keyring) -> dict[str, int]:
    """Everything that can be stored about two people and a lawyer; returns some ids."""
    await upgrade(backend.url, schema=backend.schema)
    person, blocked = old.user_key(PERSON), old.user_key(BLOCKED)
    async with database(backend, old) as db, db.transaction() as tx:
        lawyer = await tx.lawyers.add(LAWYER, "Адвокат Каримова", "ru", True)
        await tx.conversations.save(person, PERSON, {"answer": "Тошкент"}, 0)
        await tx.conversations.save(blocked, BLOCKED, {"answer": "spam"}, 0)
        case = await tx.cases.create(person, "urgent", summary({"text": "detained"}))
        await tx.cases.claim(case.id, lawyer.id)
        await tx.notes.add(case.id, lawyer.id, "call the consulate")
        await tx.cards.add(case.id, lawyer.id)
        await tx.relay.link(lawyer.id, 77, case.id)
        await tx.events.add(case.id, "client_message", {"text": "Меня задержали"})
        await tx.held.hold(lawyer.id, {"text": "Не подписывайте"})
        await tx.facts.set(case.id, "full_name", "Aziz Karimov")
        spam = await tx.cases.create(blocked, None, summary({"text": "spam"}))
        await tx.blocks.block(blocked, lawyer.id, spam.number)
        await tx.messages.remember(person, [101, 102])
        await tx.inbox.store(
            [ReceivedUpdate(9001, person, {"message": {"text": "Тошкент"}})], later(30)
        )
        await tx.outbox.add("relay", PERSON, {"text": "hello"}, case_id=case.id)
        delivered = await tx.outbox.add("card", LAWYER, {"text": "card"}, case_id=case.id)
        legacy = await tx.outbox.add("notice", PERSON, {"text": "from before 0003"})
        await tx.outbox.claim_due(later(1))
        await tx.outbox.delivered(delivered, {"message_id": 555})
        await tx.session.execute(
            update(OutboxMessage).where(OutboxMessage.id == legacy).values(user_key=None)
        )
    return {"case": case.id, "lawyer": lawyer.id, "delivered": delivered}


def test_rotation_covers_every_encrypted_column_and_user_key() -> None:
    encrypted = {
        (table.name, column.name)
        for table in Base.metadata.tables.values()
        for column in table.columns
        if isinstance(column.type, LargeBinary)
    }
    keyed = {table.name for table in Base.metadata.tables.values() if "user_key" in table.columns}
    assert encrypted == ENCRYPTED_COLUMNS
    assert keyed == REKEYED_TABLES


async def test_after_rotation_the_new_key_alone_reads_everything(backend: Backend) -> None:
    old = Keyring.from_secret(OLD_SECRET)
    ids = await populate(backend, old)
    before = await ciphertexts(backend)
    old_keys = await user_keys(backend)
    new_secret = add_new_key(OLD_SECRET)
    new = Keyring.from_secret(new_secret)

    report = await rotate(backend.url, old, new, schema=backend.schema)

    assert report.new_kid == "k1"
    assert report.unmapped == 0
    assert report.tables == {
        "conversations": TableRotation(rows=2, rekeyed=2),
        "lawyers": TableRotation(rows=1, rekeyed=1),
        "cases": TableRotation(rows=2, rekeyed=2),
        "case_notes": TableRotation(rows=1),
        "outbox": TableRotation(rows=3, rekeyed=3),
        "message_refs": TableRotation(rows=2, rekeyed=2),
        "case_blocks": TableRotation(rows=1, rekeyed=1),
        "inbox": TableRotation(rows=1, rekeyed=1),
        "case_events": TableRotation(rows=1),
        "held_messages": TableRotation(rows=1),
        "case_facts": TableRotation(rows=1),
    }
    # Every ciphertext is under the new key, every user key the new key's.
    after = await ciphertexts(backend)
    assert len(after) == len(before)
    assert {kid_of(blob) for _, blob in after} == {"k1"}
    assert await user_keys(backend) == {new.user_key(n) for n in (PERSON, BLOCKED, LAWYER)}
    stored = backend.files()
    for secret in [*(blob[:32] for _, blob in before), *(key.encode() for key in old_keys)]:
        assert secret not in stored, secret

    # The new key alone reads everything.
    alone = Keyring.from_secret(retire_old_keys(new_secret))
    assert alone.kids == ("k1",)
    person = alone.user_key(PERSON)
    async with database(backend, alone) as db, db.transaction() as tx:
        conversation = await tx.conversations.load(person)
        case = await tx.cases.open_for(person)
        notes = await tx.notes.for_case(ids["case"])
        assert await tx.facts.of(ids["case"]) == {"full_name": "Aziz Karimov"}
        lawyer = await tx.lawyers.by_user_key(alone.user_key(LAWYER))
        messages = await tx.messages.deletable(person, now() - DELETABLE_FOR)
        blocked = await tx.blocks.is_blocked(alone.user_key(BLOCKED))
        result = await tx.outbox.result_of(ids["delivered"])
        items = await tx.outbox.claim_due(later(60))
        updates = await tx.inbox.earlier_pending(person, 10**9)
        events = await tx.events.for_case(ids["case"])
        held = await tx.held.release(ids["lawyer"])
    assert conversation is not None
    assert conversation.state == {"answer": "Тошкент"}
    assert conversation.chat_id == PERSON
    assert case is not None
    assert case.summary.answers == {"text": "detained"}
    assert [note.text for note in notes] == ["call the consulate"]
    assert lawyer is not None
    assert (lawyer.id, lawyer.name, lawyer.telegram_id) == (
        ids["lawyer"],
        "Адвокат Каримова",
        LAWYER,
    )
    assert messages == [101, 102]
    assert blocked
    assert result == {"message_id": 555}
    assert [item.chat_id for item in items] == [PERSON]
    assert [u.data for u in updates] == [{"message": {"text": "Тошкент"}}]
    assert [e.body for e in events] == [{"text": "Меня задержали"}]
    assert held == [{"text": "Не подписывайте"}]

    # The old key alone reads nothing, and finds nobody.
    async with database(backend, old) as db, db.transaction() as tx:
        assert await tx.conversations.load(old.user_key(PERSON)) is None
        with pytest.raises(DecryptionError):
            await tx.cases.get(ids["case"])
        with pytest.raises(DecryptionError):
            await tx.notes.for_case(ids["case"])
        with pytest.raises(DecryptionError):
            await tx.outbox.result_of(ids["delivered"])


async def test_rotating_again_changes_nothing_but_the_ciphertexts(backend: Backend) -> None:
    old = Keyring.from_secret(OLD_SECRET)
    await populate(backend, old)
    new = Keyring.from_secret(add_new_key(OLD_SECRET))
    await rotate(backend.url, old, new, schema=backend.schema)
    keys = await user_keys(backend)

    report = await rotate(backend.url, old, new, schema=backend.schema)

    assert all(table.rekeyed == 0 for table in report.tables.values())
    assert await user_keys(backend) == keys
    async with database(backend, new) as db, db.transaction() as tx:
        assert await tx.conversations.load(new.user_key(PERSON)) is not None


async def test_rows_without_a_known_telegram_id(backend: Backend) -> None:
    """A closed case and a block whose person's conversation is gone; old message refs."""
    old = Keyring.from_secret(OLD_SECRET)
    await upgrade(backend.url, schema=backend.schema)
    gone = old.user_key(PERSON)
    async with database(backend, old) as db, db.transaction() as tx:
        await tx.lawyers.add(LAWYER, "L", "ru", False)
        case = await tx.cases.create(gone, "high", summary({"text": "closed long ago"}))
        await tx.cases.close(case.id, "resolved")
        await tx.blocks.block(gone, 1, case.number)  # no conversation: no id kept
        await tx.messages.remember(gone, [5])
    new_secret = add_new_key(OLD_SECRET)
    new = Keyring.from_secret(new_secret)

    report = await rotate(backend.url, old, new, schema=backend.schema)

    assert report.tables["cases"] == TableRotation(rows=1, unmapped=1)
    assert report.tables["case_blocks"] == TableRotation(rows=1, unmapped=1)
    assert report.tables["message_refs"] == TableRotation(dropped=1)
    assert report.unmapped == 2
    alone = Keyring.from_secret(retire_old_keys(new_secret))
    async with database(backend, alone) as db, db.transaction() as tx:
        kept = await tx.cases.get(case.id)
        assert await tx.cases.open_for(alone.user_key(PERSON)) is None
        assert [number for number, _ in await tx.blocks.active()] == [case.number]
        assert await tx.blocks.lift(case.number)
    assert kept is not None
    assert kept.summary.answers == {"text": "closed long ago"}
    assert kept.user_key == gone  # a pseudonym nobody can link once the old key is gone


async def test_a_block_keeps_its_persons_id_after_the_conversation_is_purged(
    backend: Backend,
) -> None:
    old = Keyring.from_secret(OLD_SECRET)
    await upgrade(backend.url, schema=backend.schema)
    person = old.user_key(BLOCKED)
    async with database(backend, old) as db, db.transaction() as tx:
        lawyer = await tx.lawyers.add(LAWYER, "L", "ru", False)
        await tx.conversations.save(person, BLOCKED, {}, 0)
        case = await tx.cases.create(person, None, summary())
        await tx.blocks.block(person, lawyer.id, case.number)
        await tx.cases.close(case.id, "abuse")
        await tx.session.execute(
            update(Conversation).values(updated_at=now() - timedelta(days=60))
        )
        assert await tx.conversations.purge_inactive(now() - timedelta(days=30)) == 1
    new = Keyring.from_secret(add_new_key(OLD_SECRET))

    report = await rotate(backend.url, old, new, schema=backend.schema)

    assert report.tables["case_blocks"] == TableRotation(rows=1, rekeyed=1)
    async with database(backend, new) as db, db.transaction() as tx:
        assert await tx.blocks.is_blocked(new.user_key(BLOCKED))


async def test_rotation_with_the_wrong_old_key_changes_nothing(backend: Backend) -> None:
    old = Keyring.from_secret(OLD_SECRET)
    await populate(backend, old)
    before = await ciphertexts(backend)
    wrong = Keyring.from_secret(generate_secret())
    new = Keyring.from_secret(generate_secret(kid="k1"))  # without the old key
    with pytest.raises(RotationError, match="neither key"):
        await rotate(backend.url, wrong, new, schema=backend.schema)
    assert await ciphertexts(backend) == before


async def test_the_new_key_needs_a_new_id(backend: Backend) -> None:
    old = Keyring.from_secret(OLD_SECRET)
    await upgrade(backend.url, schema=backend.schema)
    same_id = Keyring.from_secret(f"0:{generate_secret()}")
    with pytest.raises(RotationError, match="already in use"):
        await rotate(backend.url, old, same_id, schema=backend.schema)


async def test_rotation_needs_the_newest_schema(backend: Backend) -> None:
    old = Keyring.from_secret(OLD_SECRET)
    with pytest.raises(RotationError, match="newest schema"):
        await rotate(
            backend.url, old, Keyring.from_secret(add_new_key(OLD_SECRET)), schema=backend.schema
        )


async def test_open_cases_keep_their_conversation_through_the_inactivity_purge(
    backend: Backend,
) -> None:
    """So the lawyer's messages still reach the person, and rotation can re-key the case."""
    keyring = Keyring.from_secret(OLD_SECRET)
    await upgrade(backend.url, schema=backend.schema)
    waiting, done = keyring.user_key(1), keyring.user_key(2)
    async with database(backend, keyring) as db:
        async with db.transaction() as tx:
            for user_key, telegram_id in ((waiting, 1), (done, 2)):
                await tx.conversations.save(user_key, telegram_id, {}, 0)
                case = await tx.cases.create(user_key, None, summary())
            await tx.cases.close(case.id, "resolved")
            await tx.session.execute(
                update(Conversation).values(updated_at=now() - timedelta(days=60))
            )
        async with db.transaction() as tx:
            assert await tx.conversations.purge_inactive(now() - timedelta(days=30)) == 1
            assert await tx.conversations.load(waiting) is not None
            assert await tx.conversations.load(done) is None
            assert await tx.session.get(Case, case.id) is not None
