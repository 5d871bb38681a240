"""Erasure of everything the bot holds about one person (``/forget``).

What goes: the conversation (answers and state), every case of the person with its
cards, notes, relay links and outbox items, the references to the messages of their
chat, and any outbox item addressed to them. What stays: abuse blocks (about abuse,
by keyed hash; a coordinator lifts them by case number), audit entries (never personal;
their case becomes ``NULL``) and the cases' counters (no person, no case number; cases
not closed yet count as closed with the outcome ``erased``).

Deleted rows can linger in the database files: call :meth:`store.Database.scrub`
after the transaction to clear them from SQLite's files as far as SQLite allows.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, or_, select

from store.database import Transaction
from store.models import Case, OutboxMessage


@dataclass(frozen=True, slots=True)
class Erased:
    """What :func:`erase_person` deleted."""

    conversation: bool
    cases: int
    messages: int
    outbox: int


async def erase_person(tx: Transaction, user_key: str) -> Erased:
    """Delete everything about the person in the transaction ``tx``; return the counts.

    ``outbox`` counts the person's items and those of their cases (including items
    to lawyers about those cases); ``messages`` counts message references.
    """
    outbox = await tx.session.execute(
        delete(OutboxMessage)
        .where(
            or_(
                OutboxMessage.user_key == user_key,
                OutboxMessage.case_id.in_(select(Case.id).where(Case.user_key == user_key)),
            )
        )
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    )
    outbox_count = len(outbox.all())
    cases = await tx.cases.delete_for(user_key)
    messages = await tx.messages.forget(user_key)
    conversation = await tx.conversations.delete(user_key)
    return Erased(conversation=conversation, cases=cases, messages=messages, outbox=outbox_count)
