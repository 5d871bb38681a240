"""The outbox: messages to Telegram, written with the change that caused them.

A delivery worker takes due items with :meth:`Outbox.claim_due` in a short transaction
of its own (they become ``sending``), calls the Bot API outside any transaction, then
records :meth:`Outbox.delivered`, :meth:`Outbox.retry` or :meth:`Outbox.failed`. Items
still ``sending`` after a crash are found with :meth:`Outbox.stuck_sending`.

The chat id, payload and result are encrypted, bound to the item's random ``ref``; the
payload is wiped once the item is delivered or has failed. ``last_error`` is stored in
clear and must never hold personal data: pass exception class names or Bot API
descriptions.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from store.crypto import Keyring
from store.models import OutboxMessage, OutboxState
from store.sql import decode_chat_id, decode_json, encode_chat_id, encode_json

MAX_KIND_LENGTH = 32
MAX_ERROR_LENGTH = 200
_REF_BYTES = 16
_UNFINISHED = (OutboxState.PENDING, OutboxState.SENDING)


@dataclass(frozen=True, slots=True)
class OutboxItem:
    """A decrypted outbox item that is still to be delivered."""

    id: int
    kind: str
    chat_id: int
    payload: dict[str, Any]
    case_id: int | None
    attempts: int
    created_at: datetime


def outbox_aad(column: str, ref: str) -> bytes:
    """What an outbox item's ciphertexts are bound to: the column and the item's ref."""
    return f"outbox.{column}:{ref}".encode()


class Outbox:
    """Adds, hands out and settles outbox items; never commits."""

    def __init__(self, session: AsyncSession, keyring: Keyring) -> None:
        self._session = session
        self._keyring = keyring

    async def add(
        self,
        kind: str,
        chat_id: int,
        payload: Mapping[str, Any],
        *,
        case_id: int | None = None,
        priority: int = 0,
        due_at: datetime | None = None,
        user_key: str | None = None,
    ) -> int:
        """Queue a message for ``chat_id``; return the item's id.

        Higher ``priority`` goes first; ``due_at`` (default now) delays it. An item
        tied to a case is deleted with the case. The item records its addressee's user
        key, so erasing a person finds it even without a case: in a private chat the
        chat id is the user id, and ``user_key`` (if given) must be its keyed hash.
        """
        if len(kind) > MAX_KIND_LENGTH:
            raise ValueError(f"kind is longer than {MAX_KIND_LENGTH} characters")
        addressee = self._keyring.user_key(chat_id)
        if user_key is not None and user_key != addressee:
            raise ValueError("user_key is not the user key of chat_id's user")
        ref = secrets.token_hex(_REF_BYTES)
        now = datetime.now(UTC)
        item_id: int | None = await self._session.scalar(
            insert(OutboxMessage)
            .values(
                ref=ref,
                kind=kind,
                chat_ref=self._keyring.encrypt(
                    encode_chat_id(chat_id), aad=outbox_aad("chat_ref", ref)
                ),
                user_key=addressee,
                payload=self._keyring.encrypt(
                    encode_json(payload), aad=outbox_aad("payload", ref)
                ),
                case_id=case_id,
                priority=priority,
                state=OutboxState.PENDING,
                attempts=0,
                due_at=now if due_at is None else due_at,
                created_at=now,
            )
            .returning(OutboxMessage.id)
        )
        if item_id is None:  # pragma: no cover - INSERT ... RETURNING always returns
            raise RuntimeError("outbox insert returned no id")
        return item_id

    async def claim_due(self, now: datetime, limit: int = 20) -> list[OutboxItem]:
        """Take pending items due at ``now``, the highest priority and oldest first.

        They become ``sending`` with one more attempt. On PostgreSQL rows another
        transaction has locked are skipped, so concurrent workers never take the same
        item; commit promptly so that the others see them as ``sending``.

        Items of one kind for one person go out in order: an item waits while an older one
        of the same kind for the same chat is still pending or being sent (by any worker),
        so relayed messages never overtake each other, even across processes or retries.
        """
        older = aliased(OutboxMessage)
        earlier_unfinished = (
            select(older.id)
            .where(
                older.user_key == OutboxMessage.user_key,
                older.kind == OutboxMessage.kind,
                older.id < OutboxMessage.id,
                older.state.in_((OutboxState.PENDING, OutboxState.SENDING)),
            )
            .exists()
        )
        due = (
            select(OutboxMessage.id)
            .where(
                OutboxMessage.state == OutboxState.PENDING,
                OutboxMessage.due_at <= now,
                ~earlier_unfinished,
            )
            .order_by(OutboxMessage.priority.desc(), OutboxMessage.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        ids = list(await self._session.scalars(due))
        if not ids:
            return []
        rows = await self._session.scalars(
            update(OutboxMessage)
            # The state check keeps the claim exclusive even without row locks.
            .where(OutboxMessage.id.in_(ids), OutboxMessage.state == OutboxState.PENDING)
            .values(
                state=OutboxState.SENDING,
                attempts=OutboxMessage.attempts + 1,
                claimed_at=now,
            )
            .returning(OutboxMessage)
            .execution_options(populate_existing=True, synchronize_session=False)
        )
        claimed = sorted(rows, key=lambda row: (-row.priority, row.id))
        return [self._decrypt(row) for row in claimed]

    async def due_now_for_case(self, case_id: int, now: datetime) -> int:
        """Make the case's waiting items due at once (e.g. when a lawyer takes the case)."""
        result = await self._session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.case_id == case_id, OutboxMessage.state == OutboxState.PENDING)
            .values(due_at=now)
            .returning(OutboxMessage.id)
            .execution_options(synchronize_session=False)
        )
        return len(result.all())

    async def delivered(self, item_id: int, result: Mapping[str, Any] | None = None) -> bool:
        """Record delivery: the payload is wiped, ``result`` (e.g. the message id) kept.

        Returns whether the item was still pending or sending.
        """
        ref = await self._session.scalar(
            select(OutboxMessage.ref).where(OutboxMessage.id == item_id)
        )
        if ref is None:
            return False
        stored = (
            None
            if result is None
            else self._keyring.encrypt(encode_json(result), aad=outbox_aad("result", ref))
        )
        return await self._settle(
            item_id,
            state=OutboxState.DELIVERED,
            payload=None,
            result=stored,
            delivered_at=datetime.now(UTC),
        )

    async def retry(self, item_id: int, at: datetime, error: str) -> bool:
        """Put the item back to pending, due at ``at``; ``error`` must not be personal.

        Returns whether the item was still pending or sending.
        """
        return await self._settle(
            item_id,
            state=OutboxState.PENDING,
            due_at=at,
            claimed_at=None,
            last_error=error[:MAX_ERROR_LENGTH],
        )

    async def failed(self, item_id: int, error: str) -> bool:
        """Give up on the item: the payload is wiped; ``error`` must not be personal.

        Returns whether the item was still pending or sending.
        """
        return await self._settle(
            item_id, state=OutboxState.FAILED, payload=None, last_error=error[:MAX_ERROR_LENGTH]
        )

    async def stuck_sending(self, older_than: datetime) -> list[OutboxItem]:
        """Return items taken before ``older_than`` and still ``sending``, oldest first.

        They were left by a process that stopped mid-delivery; whether they went out is
        unknown, so the caller decides between :meth:`retry` and :meth:`failed`. On
        PostgreSQL they are locked like :meth:`claim_due`'s.
        """
        rows = await self._session.scalars(
            select(OutboxMessage)
            .where(
                OutboxMessage.state == OutboxState.SENDING,
                OutboxMessage.claimed_at < older_than,
            )
            .order_by(OutboxMessage.id)
            .with_for_update(skip_locked=True)
            .execution_options(populate_existing=True)
        )
        return [self._decrypt(row) for row in rows]

    async def result_of(self, item_id: int) -> dict[str, Any] | None:
        """Return what :meth:`delivered` recorded for the item, if anything."""
        row = (
            await self._session.execute(
                select(OutboxMessage.ref, OutboxMessage.result).where(OutboxMessage.id == item_id)
            )
        ).one_or_none()
        if row is None or row.result is None:
            return None
        return decode_json(self._keyring.decrypt(row.result, aad=outbox_aad("result", row.ref)))

    async def pending_count(self) -> int:
        """Count the items not delivered yet and not failed (pending or sending)."""
        count = await self._session.scalar(
            select(func.count()).where(OutboxMessage.state.in_(_UNFINISHED))
        )
        return count or 0

    async def oldest_pending_at(self) -> datetime | None:
        """When the oldest item not delivered yet and not failed was added."""
        oldest: datetime | None = await self._session.scalar(
            select(func.min(OutboxMessage.created_at)).where(OutboxMessage.state.in_(_UNFINISHED))
        )
        return oldest

    async def purge_finished(self, before: datetime) -> int:
        """Delete delivered and failed items added before ``before``; return how many."""
        result = await self._session.execute(
            delete(OutboxMessage)
            .where(
                OutboxMessage.state.in_((OutboxState.DELIVERED, OutboxState.FAILED)),
                OutboxMessage.created_at < before,
            )
            .returning(OutboxMessage.id)
            .execution_options(synchronize_session=False)
        )
        return len(result.all())

    async def _settle(self, item_id: int, **values: Any) -> bool:
        unfinished: ColumnElement[bool] = OutboxMessage.state.in_(_UNFINISHED)
        settled = await self._session.scalar(
            update(OutboxMessage)
            .where(OutboxMessage.id == item_id, unfinished)
            .values(**values)
            .returning(OutboxMessage.id)
            .execution_options(synchronize_session=False)
        )
        return settled is not None

    def _decrypt(self, row: OutboxMessage) -> OutboxItem:
        if row.payload is None:
            raise ValueError(f"outbox item {row.id} has no payload")
        chat_ref = self._keyring.decrypt(row.chat_ref, aad=outbox_aad("chat_ref", row.ref))
        payload = self._keyring.decrypt(row.payload, aad=outbox_aad("payload", row.ref))
        return OutboxItem(
            id=row.id,
            kind=row.kind,
            chat_id=decode_chat_id(chat_ref),
            payload=decode_json(payload),
            case_id=row.case_id,
            attempts=row.attempts,
            created_at=row.created_at,
        )
