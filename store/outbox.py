"""The outbox: every message to Telegram, written with the change that caused it.

An item is *claimed* before the Bot API is called: it becomes ``sending`` with a lease
(``lease_until``). The transaction that writes an item may claim it at once
(:meth:`Outbox.add` with ``lease_until``) so that its process sends it right after the
commit; otherwise a delivery worker claims due items with :meth:`Outbox.claim_due`. Either
way the Bot API is called outside any transaction, then the result is recorded with
:meth:`Outbox.delivered`, :meth:`Outbox.retry` or :meth:`Outbox.failed`.

A claim whose lease ran out (its process died, or hung) is taken again by any worker, and
the item is marked ``resend``: Telegram may have shown it already, and a possible duplicate,
marked as such, is better than a loss. Items of one *lane* for one addressee go out in
order: an item waits while an older one of the same lane and addressee is unfinished.

The chat id, payload and result are encrypted, bound to the item's random ``ref``; the
payload is wiped once the item is delivered or has failed. ``last_error`` is stored in
clear and must never hold personal data: pass exception class names or Bot API
descriptions.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    and_,
    bindparam,
    case,
    delete,
    exists,
    func,
    insert,
    null,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from store.clock import Now, utc_now
from store.crypto import Keyring
from store.models import OutboxMessage, OutboxState
from store.sql import decode_chat_id, decode_json, encode_chat_id, encode_json, table_of

MAX_KIND_LENGTH = 32
MAX_ERROR_LENGTH = 200
_REF_BYTES = 16
_UNFINISHED = (OutboxState.PENDING, OutboxState.SENDING)
DEFAULT_LEASE = timedelta(seconds=30)
"""How long a claim lasts unless the claimer says."""


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
    ref: str
    """The item's random reference, which its ciphertexts are bound to."""
    lane: str = "chat"
    priority: int = 0
    resend: bool = False
    """Whether Telegram may already have shown this item (an earlier attempt's outcome is
    unknown): the message should say it may be a repeat."""


_OUTBOX = table_of(OutboxMessage)
_out = _OUTBOX.c
_older = _OUTBOX.alias("older")
_claimed = and_(
    bindparam("claim", type_=Boolean()),
    ~exists().where(
        _older.c.user_key == bindparam("addressee", type_=_out.user_key.type),
        _older.c.lane == bindparam("item_lane", type_=_out.lane.type),
        _older.c.state.in_(_UNFINISHED),
        _older.c.id.not_in(bindparam("mine", expanding=True)),
    ),
)
"""Whether the item being added is claimed at once: the caller asks, and no other item of
its lane for its addressee (than those the caller claimed before) is unfinished."""
_ADD = (
    insert(_OUTBOX)
    .values(
        user_key=bindparam("addressee"),
        lane=bindparam("item_lane"),
        state=case((_claimed, OutboxState.SENDING), else_=OutboxState.PENDING),
        attempts=case((_claimed, 1), else_=0),
        claimed_at=case((_claimed, bindparam("now", type_=_out.claimed_at.type)), else_=null()),
        lease_until=case(
            (_claimed, bindparam("lease", type_=_out.lease_until.type)), else_=null()
        ),
        resend=False,
    )
    .returning(_out.id, _out.state)
)
_DELIVERED = (
    update(_OUTBOX)
    # Not IN (...): its values would be expanded per execution, which executemany refuses.
    .where(_out.id == bindparam("item_id"), or_(*(_out.state == state for state in _UNFINISHED)))
    .values(
        state=OutboxState.DELIVERED,
        payload=None,
        result=bindparam("result"),
        lease_until=None,
        delivered_at=bindparam("delivered_at"),
    )
)


def outbox_aad(column: str, ref: str) -> bytes:
    """What an outbox item's ciphertexts are bound to: the column and the item's ref."""
    return f"outbox.{column}:{ref}".encode()


class Outbox:
    """Adds, hands out and settles outbox items; never commits."""

    def __init__(self, session: AsyncSession, keyring: Keyring, now: Now = utc_now) -> None:
        self._session = session
        self._keyring = keyring
        self._now = now

    async def add(
        self,
        kind: str,
        chat_id: int,
        payload: Mapping[str, Any],
        *,
        case_id: int | None = None,
        priority: int = 0,
        lane: str = "chat",
        due_at: datetime | None = None,
    ) -> int:
        """Queue a message for ``chat_id`` (pending, for a worker to claim); return its id.

        Higher ``priority`` goes first; ``due_at`` (default now) delays it. An item tied to
        a case is deleted with the case; every item records its addressee's user key (in a
        private chat the chat id is the user id), so erasing a person finds it.
        """
        item_id, _, _ = await self._insert(kind, chat_id, payload, case_id, priority, lane, due_at)
        return item_id

    async def add_claimed(
        self,
        kind: str,
        chat_id: int,
        payload: Mapping[str, Any],
        lease_until: datetime,
        *,
        case_id: int | None = None,
        priority: int = 0,
        lane: str = "chat",
        claimed_before: Sequence[int] = (),
    ) -> OutboxItem | None:
        """Queue a message and claim it for the caller until ``lease_until``, if its turn.

        The caller sends it right after the commit, after the items it claimed before
        (``claimed_before``). If another older item of its lane for the same addressee is
        unfinished, it waits its turn (pending) and ``None`` is returned.
        """
        item_id, ref, claimed = await self._insert(
            kind, chat_id, payload, case_id, priority, lane, None, lease_until, claimed_before
        )
        if not claimed:
            return None
        return OutboxItem(
            id=item_id,
            kind=kind,
            chat_id=chat_id,
            payload=dict(payload),
            case_id=case_id,
            attempts=1,
            created_at=self._now(),
            ref=ref,
            lane=lane,
            priority=priority,
        )

    async def _insert(
        self,
        kind: str,
        chat_id: int,
        payload: Mapping[str, Any],
        case_id: int | None,
        priority: int,
        lane: str,
        due_at: datetime | None,
        lease_until: datetime | None = None,
        claimed_before: Sequence[int] = (),
    ) -> tuple[int, str, bool]:
        """Insert an item; its id, its ref, and whether it was claimed (see :data:`_claimed`)."""
        if len(kind) > MAX_KIND_LENGTH:
            raise ValueError(f"kind is longer than {MAX_KIND_LENGTH} characters")
        addressee = self._keyring.user_key(chat_id)
        now = self._now()
        ref = secrets.token_hex(_REF_BYTES)
        chat_ref = self._keyring.encrypt(encode_chat_id(chat_id), aad=outbox_aad("chat_ref", ref))
        encrypted = self._keyring.encrypt(encode_json(payload), aad=outbox_aad("payload", ref))
        row = (
            await self._session.execute(
                _ADD,
                {
                    "ref": ref,
                    "kind": kind,
                    "item_lane": lane,
                    "chat_ref": chat_ref,
                    "addressee": addressee,
                    "payload": encrypted,
                    "case_id": case_id,
                    "priority": priority,
                    "due_at": now if due_at is None else due_at,
                    "created_at": now,
                    "claim": lease_until is not None,
                    "now": now,
                    "lease": lease_until,
                    "mine": list(claimed_before),
                },
            )
        ).one()
        return row.id, ref, row.state == OutboxState.SENDING

    async def claim_due(
        self,
        now: datetime,
        limit: int = 20,
        *,
        lease_until: datetime | None = None,
        in_flight: Sequence[int] = (),
    ) -> list[OutboxItem]:
        """Claim items due at ``now``, the highest priority and oldest first, until
        ``lease_until`` (default: :data:`DEFAULT_LEASE` after ``now``).

        Due items are pending ones whose time has come, and claimed ones whose lease ran
        out (those come back marked ``resend``). On PostgreSQL rows another transaction
        has locked are skipped, so concurrent workers never take the same item; commit
        promptly so that the others see them claimed. An item waits while an older item
        of its lane for the same addressee is unfinished, so one chat's messages never
        overtake each other, even across processes or retries. ``in_flight`` are items the
        caller is sending right now: never taken again, whatever their lease says.
        """
        lease_until = lease_until or now + DEFAULT_LEASE
        older = aliased(OutboxMessage)
        earlier_unfinished = (
            select(older.id)
            .where(
                older.user_key == OutboxMessage.user_key,
                older.lane == OutboxMessage.lane,
                older.id < OutboxMessage.id,
                older.state.in_(_UNFINISHED),
            )
            .exists()
        )
        pending_due = and_(OutboxMessage.state == OutboxState.PENDING, OutboxMessage.due_at <= now)
        lease_expired = and_(
            OutboxMessage.state == OutboxState.SENDING,
            OutboxMessage.lease_until < now,
            OutboxMessage.id.not_in(list(in_flight)),
        )
        due = (
            select(OutboxMessage.id)
            .where(or_(pending_due, lease_expired), ~earlier_unfinished)
            .order_by(OutboxMessage.priority.desc(), OutboxMessage.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        ids = list(await self._session.scalars(due))
        if not ids:
            return []
        rows = await self._session.scalars(
            update(OutboxMessage)
            # The conditions keep the claim exclusive even without row locks.
            .where(OutboxMessage.id.in_(ids), or_(pending_due, lease_expired))
            .values(
                state=OutboxState.SENDING,
                attempts=OutboxMessage.attempts + 1,
                resend=or_(OutboxMessage.resend, OutboxMessage.state == OutboxState.SENDING),
                claimed_at=now,
                lease_until=lease_until,
            )
            .returning(OutboxMessage)
            .execution_options(populate_existing=True, synchronize_session=False)
        )
        claimed = sorted(rows, key=lambda row: (-row.priority, row.id))
        return [self._decrypt(row) for row in claimed]

    async def next_due_at(self) -> datetime | None:
        """When the next pending item falls due, or a claim runs out (for the worker's timer)."""
        pending: datetime | None = await self._session.scalar(
            select(func.min(OutboxMessage.due_at)).where(
                OutboxMessage.state == OutboxState.PENDING
            )
        )
        leased: datetime | None = await self._session.scalar(
            select(func.min(OutboxMessage.lease_until)).where(
                OutboxMessage.state == OutboxState.SENDING
            )
        )
        times = [t for t in (pending, leased) if t is not None]
        return min(times) if times else None

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
        params = self._delivery(item_id, ref, result)
        return await self._session.scalar(_DELIVERED.returning(_out.id), params) is not None

    async def delivered_all(
        self, items: Sequence[tuple[OutboxItem, Mapping[str, Any] | None]]
    ) -> None:
        """Record the delivery of items handed out, each with its result, as
        :meth:`delivered` does (one statement for all)."""
        if items:
            params = [self._delivery(item.id, item.ref, result) for item, result in items]
            await self._session.execute(_DELIVERED, params)

    def _delivery(
        self, item_id: int, ref: str, result: Mapping[str, Any] | None
    ) -> dict[str, Any]:
        """The parameters of :data:`_DELIVERED` for one item."""
        stored = (
            None
            if result is None
            else self._keyring.encrypt(encode_json(result), aad=outbox_aad("result", ref))
        )
        return {"item_id": item_id, "result": stored, "delivered_at": self._now()}

    async def retry(
        self, item_id: int, at: datetime, error: str, *, maybe_sent: bool = False
    ) -> bool:
        """Put the item back to pending, due at ``at``; ``error`` must not be personal.

        ``maybe_sent`` says Telegram may have shown it (a timeout): it is marked ``resend``.
        Returns whether the item was still pending or sending.
        """
        values: dict[str, Any] = {
            "state": OutboxState.PENDING,
            "due_at": at,
            "claimed_at": None,
            "lease_until": None,
            "last_error": error[:MAX_ERROR_LENGTH],
        }
        if maybe_sent:
            values["resend"] = True
        return await self._settle(item_id, **values)

    async def failed(self, item_id: int, error: str) -> bool:
        """Give up on the item: the payload is wiped; ``error`` must not be personal.

        Returns whether the item was still pending or sending.
        """
        return await self._settle(
            item_id,
            state=OutboxState.FAILED,
            payload=None,
            lease_until=None,
            last_error=error[:MAX_ERROR_LENGTH],
        )

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
            ref=row.ref,
            lane=row.lane,
            priority=row.priority,
            resend=row.resend,
        )
