"""/forget: every trace of a person goes, from the rows and from the database files."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from sqlalchemy import select

from store import Database, Keyring
from store.erasure import Erased, erase_person
from store.messages import DELETABLE_FOR
from store.models import CaseStats
from tests.store.backends import Backend
from tests.store.helpers import later, now, summary
from tests.store.test_privacy import id_forms

PERSON = 7_123_456_789
BYSTANDER = 7_000_000_001
LAWYER = 6_234_567_891


@dataclass
class Planted:
    """What was stored about the person, to be searched for afterwards."""

    user_key: str
    canaries: list[bytes] = field(default_factory=list)
    case_ids: list[int] = field(default_factory=list)


def canary(label: str) -> str:
    return f"{label}-{secrets.token_hex(8)}"


async def plant_person(db: Database, keyring: Keyring, telegram_id: int, lawyer: int) -> Planted:
    """A full story: interview, two cases with notes, cards, relays and messages."""
    planted = Planted(keyring.user_key(telegram_id))
    texts = [canary(label) for label in ("state", "case1", "case2", "note", "relay", "notice")]
    planted.canaries += [text.encode() for text in texts]
    message_ids = [1_900_000_000 + n for n in range(3)]
    user_key = planted.user_key
    async with db.transaction() as tx:
        await tx.conversations.save(user_key, telegram_id, {"answer": texts[0]}, 0)
        await tx.messages.remember(user_key, message_ids)
        for n, said in enumerate(texts[1:3]):
            case = await tx.cases.create(user_key, "urgent", summary({"text": said}))
            planted.case_ids.append(case.id)
            if n == 0:
                await tx.cases.claim(case.id, lawyer)
                await tx.lawyers.set_active_case(lawyer, case.id)
            await tx.notes.add(case.id, lawyer, texts[3])
            card_item = await tx.outbox.add("card", LAWYER, {"text": said}, case_id=case.id)
            card = await tx.cards.add(case.id, lawyer, outbox_id=card_item)
            await tx.cards.set_message(card, 500 + case.id)
            await tx.relay.link(lawyer, 600 + case.id, case.id)
            await tx.outbox.add("relay", telegram_id, {"text": texts[4]}, case_id=case.id)
            await tx.audit.record(f"lawyer:{lawyer}", "claimed", case.id)
        # Addressed to the person without a case: found by the addressee's user key.
        await tx.outbox.add("notice", telegram_id, {"text": texts[5]})
        delivered = await tx.outbox.add("notice", telegram_id, {"text": texts[5]})
        await tx.outbox.claim_due(later(1))
        await tx.outbox.delivered(delivered, {"message_id": message_ids[0]})
    planted.canaries += [form for n in (telegram_id, *message_ids) for form in id_forms(n)]
    planted.canaries.append(user_key.encode())
    return planted


async def ciphertexts(backend: Backend, user_key: str, case_ids: list[int]) -> list[bytes]:
    """The person's stored ciphertexts, as they are in the database."""
    cases = ",".join(str(case_id) for case_id in case_ids)
    queries = [
        f"SELECT chat_ref, state FROM conversations WHERE user_key = '{user_key}'",
        f"SELECT summary FROM cases WHERE id IN ({cases})",
        f"SELECT body FROM case_notes WHERE case_id IN ({cases})",
        f"SELECT chat_ref, payload, result FROM outbox "
        f"WHERE user_key = '{user_key}' OR case_id IN ({cases})",
        f"SELECT ref FROM message_refs WHERE user_key = '{user_key}'",
    ]
    found: list[bytes] = []
    async with backend.raw() as connection:
        for query in queries:
            for row in await connection.exec_driver_sql(query):
                found += [bytes(value) for value in row if value is not None]
    return found


async def test_erase_person_leaves_no_trace(
    db: Database, keyring: Keyring, backend: Backend
) -> None:
    async with db.transaction() as tx:
        lawyer = (await tx.lawyers.add(LAWYER, "Lawyer", "ru", False)).id
    person = await plant_person(db, keyring, PERSON, lawyer)
    bystander = await plant_person(db, keyring, BYSTANDER, lawyer)
    await db.scrub()  # as time goes by, the rows reach the main database file
    stored = await ciphertexts(backend, person.user_key, person.case_ids)
    assert len(stored) == 21  # 2 + 2 cases + 2 notes + 12 outbox + 3 message refs
    assert all(blob[:32] in backend.files() for blob in stored) or backend.sqlite_path is None

    async with db.transaction() as tx:
        erased = await erase_person(tx, person.user_key)
    await db.scrub()

    # 2 relay + 2 cards to the lawyer + 2 notices without a case.
    assert erased == Erased(conversation=True, cases=2, messages=3, outbox=6)
    remains = await backend.dump() + backend.files()
    assert bystander.user_key.encode() in remains  # we are looking at the right data
    for secret in [*person.canaries, *(blob[:32] for blob in stored)]:
        assert secret not in remains, secret
    async with db.transaction() as tx:
        assert await erase_person(tx, person.user_key) == Erased(False, 0, 0, 0)
        counters = list(await tx.session.scalars(select(CaseStats.outcome).order_by(CaseStats.id)))
        holder = await tx.lawyers.get(lawyer)
        left = await tx.audit.recent()
        kept = await tx.conversations.load(bystander.user_key)
        kept_refs = await tx.messages.deletable(bystander.user_key, now() - DELETABLE_FOR)
        kept_cases = [await tx.cases.get(case_id) for case_id in bystander.case_ids]
    assert counters == ["erased", "erased", None, None]  # the counters stay, unlinked
    assert holder is not None
    assert holder.active_case_id == bystander.case_ids[0]
    assert [entry.case_id for entry in left].count(None) == 2  # what happened stays
    assert kept is not None
    assert len(kept_refs) == 3
    assert all(case is not None for case in kept_cases)


async def test_erasure_keeps_a_block_on_the_person(
    db: Database, keyring: Keyring, backend: Backend
) -> None:
    async with db.transaction() as tx:
        lawyer = (await tx.lawyers.add(LAWYER, "Lawyer", "ru", False)).id
    person = await plant_person(db, keyring, PERSON, lawyer)
    async with db.transaction() as tx:
        case = await tx.cases.get(person.case_ids[0])
        assert case is not None
        await tx.blocks.block(person.user_key, lawyer, case.number)
        await erase_person(tx, person.user_key)
    async with db.transaction() as tx:
        assert await tx.blocks.is_blocked(person.user_key)
        assert await tx.blocks.active() != []
