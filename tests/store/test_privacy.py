"""What a seized database reveals: no personal value, no Telegram id, no movable ciphertext."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from store import Database, DecryptionError, Keyring, generate_secret
from tests.store.backends import Backend
from tests.store.helpers import summary

TELEGRAM_ID = 7_123_456_789


def id_forms(number: int) -> list[bytes]:
    """The ways an integer id could show up in stored bytes."""
    return [
        str(number).encode(),
        number.to_bytes(8, "big", signed=True),
        number.to_bytes(8, "little", signed=True),
    ]


async def test_seized_database_reveals_no_personal_data(
    db: Database, keyring: Keyring, backend: Backend
) -> None:
    canary = f"canary-{secrets.token_hex(8)}"
    user_key = keyring.user_key(TELEGRAM_ID)
    state = {"name": canary, "city": f"Тошкент {canary}", "locale": "uz_Latn"}
    async with db.transaction() as tx:
        await tx.conversations.save(user_key, TELEGRAM_ID, state, 0)
        await tx.cases.create(
            user_key, "urgent", summary({"summary": canary, "tg": str(TELEGRAM_ID)})
        )

    stored = await backend.dump() + backend.files()

    assert user_key.encode() in stored  # we are looking at the right data
    for secret in [canary.encode(), "Тошкент".encode(), b"uz_Latn", *id_forms(TELEGRAM_ID)]:
        assert secret not in stored, secret


async def test_seized_database_reveals_no_lawyer_note_or_message(
    db: Database, keyring: Keyring, backend: Backend
) -> None:
    lawyer_name = f"Lawyer-{secrets.token_hex(8)}"
    lawyer_telegram_id = 6_234_567_891
    note = f"note-{secrets.token_hex(8)} клиент в спецприёмнике"
    message = f"message-{secrets.token_hex(8)} Ваш юрист"
    result = f"result-{secrets.token_hex(8)}"
    chat_id = -1_004_567_890_123
    client = keyring.user_key(TELEGRAM_ID)
    async with db.transaction() as tx:
        lawyer = await tx.lawyers.add(lawyer_telegram_id, lawyer_name, "ru", True)
        await tx.lawyers.set_reachable(lawyer.id, True)
        case = await tx.cases.create(client, "urgent", summary({"tg": str(TELEGRAM_ID)}))
        await tx.cases.claim(case.id, lawyer.id)
        await tx.lawyers.set_active_case(lawyer.id, case.id)
        await tx.notes.add(case.id, lawyer.id, note)
        pending = await tx.outbox.add("relay", chat_id, {"text": message}, case_id=case.id)
        delivered = await tx.outbox.add("card", lawyer_telegram_id, {"text": message})
        await tx.outbox.claim_due(datetime.now(UTC) + timedelta(seconds=1))
        await tx.outbox.retry(pending, datetime.now(UTC), "RetryAfter")
        await tx.outbox.delivered(delivered, {"sent": result})
        card = await tx.cards.add(case.id, lawyer.id, outbox_id=delivered)
        await tx.cards.set_message(card, 31)
        await tx.relay.link(lawyer.id, 32, case.id)
        await tx.audit.record(f"lawyer:{lawyer.id}", "claimed", case.id, "urgent")

    stored = await backend.dump() + backend.files()

    assert lawyer.user_key.encode() in stored  # we are looking at the right data
    assert b"RetryAfter" in stored
    canaries = [lawyer_name, note, "спецприёмнике", message, result]
    for secret in [
        *(canary.encode() for canary in canaries),
        *id_forms(lawyer_telegram_id),
        *id_forms(chat_id),
        *id_forms(TELEGRAM_ID),
    ]:
        assert secret not in stored, secret


async def test_ciphertext_moved_to_another_row_is_rejected(
    db: Database, keyring: Keyring, backend: Backend
) -> None:
    alice, bob = keyring.user_key(1), keyring.user_key(2)
    async with db.transaction() as tx:
        await tx.conversations.save(alice, 1, {"who": "alice"}, 0)
        await tx.conversations.save(bob, 2, {"who": "bob"}, 0)
    async with backend.raw() as connection:
        await connection.execute(
            text(
                "UPDATE conversations SET state = "
                "(SELECT state FROM conversations WHERE user_key = :alice) "
                "WHERE user_key = :bob"
            ),
            {"alice": alice, "bob": bob},
        )
    with pytest.raises(DecryptionError):
        async with db.transaction() as tx:
            await tx.conversations.load(bob)


async def test_ciphertext_moved_to_another_column_is_rejected(
    db: Database, keyring: Keyring, backend: Backend
) -> None:
    alice = keyring.user_key(1)
    async with db.transaction() as tx:
        await tx.conversations.save(alice, 1, {}, 0)
    async with backend.raw() as connection:
        await connection.execute(text("UPDATE conversations SET state = chat_ref"))
    with pytest.raises(DecryptionError):
        async with db.transaction() as tx:
            await tx.conversations.load(alice)


async def test_case_summary_moved_to_another_case_is_rejected(
    db: Database, keyring: Keyring, backend: Backend
) -> None:
    async with db.transaction() as tx:
        first = await tx.cases.create(keyring.user_key(1), "high", summary({"n": "1"}))
        second = await tx.cases.create(keyring.user_key(1), "high", summary({"n": "2"}))
    async with backend.raw() as connection:
        await connection.execute(
            text(
                "UPDATE cases SET summary = (SELECT summary FROM cases WHERE id = :first) "
                "WHERE id = :second"
            ),
            {"first": first.id, "second": second.id},
        )
    with pytest.raises(DecryptionError):
        async with db.transaction() as tx:
            await tx.cases.get_by_number(second.number)


async def test_database_read_with_the_wrong_key_fails_clearly(
    db: Database, keyring: Keyring, backend: Backend
) -> None:
    user_key = keyring.user_key(TELEGRAM_ID)
    async with db.transaction() as tx:
        await tx.conversations.save(user_key, TELEGRAM_ID, {"a": 1}, 0)
    other = Database(backend.url, Keyring.from_secret(generate_secret()), schema=backend.schema)
    try:
        with pytest.raises(DecryptionError):
            async with other.transaction() as tx:
                await tx.conversations.load(user_key)
    finally:
        await other.dispose()
