"""The inbox: every Telegram update is stored here before Telegram is told it arrived.

An update counts as received only once it is in this table (encrypted): polling confirms
its offset to Telegram, and the webhook answers, only after :meth:`Inbox.store` committed.
Processing then marks it done with :meth:`Inbox.begin` *in the transaction that carries
its effects*, so an update is processed exactly once whatever crashes, retries or second
instances do: a second attempt finds it done (PostgreSQL makes a concurrent one wait on
the first one's row lock, SQLite runs one transaction at a time).

A stored update is leased to the process that will work on it (``lease_until``). If that
process dies, or its attempt fails, the lease runs out and any process takes the update
again with :meth:`Inbox.take_expired`. A person's updates are processed in the order
Telegram numbered them: :meth:`Inbox.earlier_pending` finds those that must go first.

Finished updates keep only their id and times (not whose they were), for
:data:`KEEP_FINISHED` (Telegram keeps an update for at most 24 hours), so a late
redelivery is recognised.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Index,
    LargeBinary,
    String,
    and_,
    bindparam,
    delete,
    exists,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from store.clock import Now, utc_now
from store.crypto import Keyring
from store.models import USER_KEY_LENGTH, Base, in_enum
from store.sql import AnyRow, decode_json, encode_json, insert_for, table_of

KEEP_FINISHED = timedelta(days=2)
MAX_ERROR_LENGTH = 200


class InboxState(StrEnum):
    """Where a stored update is."""

    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"


class InboxUpdate(Base):
    """A Telegram update as it arrived, until its effects are committed."""

    __tablename__ = "inbox"
    __table_args__ = (
        CheckConstraint(in_enum("state", InboxState), name="state"),
        Index("ix_inbox_state_lease_until", "state", "lease_until"),
        Index("ix_inbox_user_key_state", "user_key", "state"),
    )

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    # Whose update it is (keyed hash of the sender, or of the chat): the ordering key.
    user_key: Mapped[str | None] = mapped_column(String(USER_KEY_LENGTH))
    payload: Mapped[bytes | None] = mapped_column(LargeBinary)
    state: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int]
    received_at: Mapped[datetime]
    lease_until: Mapped[datetime | None]
    finished_at: Mapped[datetime | None] = mapped_column(index=True)
    last_error: Mapped[str | None] = mapped_column(String(MAX_ERROR_LENGTH))


@dataclass(frozen=True, slots=True)
class ReceivedUpdate:
    """An update to store: its id, whose it is, and its JSON as Telegram sent it."""

    update_id: int
    user_key: str | None
    data: Mapping[str, Any]


class EarlierWaiting(Exception):
    """The person has older updates still waiting in the inbox: process them first."""

    def __init__(self, earlier: list[PendingUpdate]) -> None:
        """``earlier``: those updates, oldest first."""
        super().__init__(f"{len(earlier)} earlier updates")
        self.earlier = earlier


@dataclass(frozen=True, slots=True)
class PendingUpdate:
    """A stored update still to be processed."""

    update_id: int
    user_key: str | None
    data: dict[str, Any]
    attempts: int


_INBOX = table_of(InboxUpdate)
_inbox = _INBOX.c
_STORE = {
    backend.dialect.name: backend.insert(_INBOX)
    .on_conflict_do_nothing(index_elements=[_inbox.update_id])
    .returning(_inbox.update_id)
    for backend in (postgresql, sqlite)
}
"""Storing arriving updates (many rows at once), redeliveries left as they are."""
_older = _INBOX.alias("older")
_BEGIN = (
    update(_INBOX)
    .where(_inbox.update_id == bindparam("id"), _inbox.state == InboxState.PENDING)
    .values(
        state=InboxState.DONE,
        user_key=None,
        payload=None,
        lease_until=None,
        finished_at=bindparam("now"),
        attempts=_inbox.attempts + 1,
    )
    .returning(
        _inbox.update_id,
        exists()
        .where(
            _older.c.user_key == bindparam("key", type_=_inbox.user_key.type),
            _older.c.state == InboxState.PENDING,
            _older.c.update_id < bindparam("id"),
        )
        .label("earlier"),
    )
)
"""Marks a pending update done, and says whether its person has older ones waiting."""
_EARLIER_PENDING = (
    select(_inbox.update_id, _inbox.user_key, _inbox.payload, _inbox.attempts)
    .where(
        _inbox.user_key == bindparam("key"),
        _inbox.state == InboxState.PENDING,
        _inbox.update_id < bindparam("id"),
    )
    .order_by(_inbox.update_id)
)


def inbox_aad(update_id: int) -> bytes:
    """What an update's ciphertext is bound to: its id."""
    return f"inbox.payload:{update_id}".encode()


class Inbox:
    """Stores, hands out and finishes updates; never commits."""

    def __init__(self, session: AsyncSession, keyring: Keyring, now: Now = utc_now) -> None:
        self._session = session
        self._keyring = keyring
        self._now = now

    async def store(self, updates: Sequence[ReceivedUpdate], lease_until: datetime) -> int:
        """Store ``updates`` leased until ``lease_until``; returns how many were new.

        An update stored before (a redelivery) is left as it is.
        """
        if not updates:
            return 0
        now = self._now()
        rows = [
            {
                "update_id": received.update_id,
                "user_key": received.user_key,
                "payload": self._keyring.encrypt(
                    encode_json(received.data), aad=inbox_aad(received.update_id)
                ),
                "state": InboxState.PENDING,
                "attempts": 0,
                "received_at": now,
                "lease_until": lease_until,
            }
            for received in updates
        ]
        statement = _STORE[self._session.get_bind().dialect.name]
        return len((await self._session.scalars(statement, rows)).all())

    async def begin(self, update_id: int, *, in_turn_of: str | None = None) -> bool:
        """Mark the update done in this transaction; False if it was done before.

        Call it first in the transaction that carries the update's effects: they commit
        together, or the update stays pending for another attempt. An update that was
        never stored (e.g. one a test hands over directly) is recorded as done now.
        With ``in_turn_of`` (whose update it is), raises :class:`EarlierWaiting` if that
        person has older updates still waiting: the transaction must be rolled back.
        """
        params = {"id": update_id, "now": self._now(), "key": in_turn_of}
        begun = (await self._session.execute(_BEGIN, params)).first()
        if begun is None:
            inserted = await self._session.scalar(
                insert_for(self._session, InboxUpdate)
                .values(
                    update_id=update_id,
                    state=InboxState.DONE,
                    attempts=1,
                    received_at=self._now(),
                    finished_at=self._now(),
                )
                .on_conflict_do_nothing(index_elements=[InboxUpdate.update_id])
                .returning(InboxUpdate.update_id)
            )
            if inserted is None:
                return False
        if in_turn_of is not None and (begun is None or begun.earlier):
            earlier = await self.earlier_pending(in_turn_of, update_id)
            if earlier:
                raise EarlierWaiting(earlier)
        return True

    async def earlier_pending(self, user_key: str, update_id: int) -> list[PendingUpdate]:
        """The same person's updates older than ``update_id`` still waiting, oldest first."""
        rows = await self._session.execute(_EARLIER_PENDING, {"key": user_key, "id": update_id})
        return [self._decrypt(row) for row in rows]

    async def take_expired(
        self, lease_until: datetime, limit: int, *, in_hand: Sequence[int] = ()
    ) -> list[PendingUpdate]:
        """Lease pending updates whose lease ran out (oldest first) until ``lease_until``.

        ``in_hand`` are updates the caller holds already (never taken again). On
        PostgreSQL rows another transaction has locked are skipped.
        """
        now = self._now()
        expired = (
            select(InboxUpdate.update_id)
            .where(
                InboxUpdate.state == InboxState.PENDING,
                or_(InboxUpdate.lease_until.is_(None), InboxUpdate.lease_until < now),
                InboxUpdate.update_id.not_in(list(in_hand)),
            )
            .order_by(InboxUpdate.update_id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        ids = list(await self._session.scalars(expired))
        if not ids:
            return []
        rows = await self._session.scalars(
            update(InboxUpdate)
            .where(InboxUpdate.update_id.in_(ids), InboxUpdate.state == InboxState.PENDING)
            .values(lease_until=lease_until)
            .returning(InboxUpdate)
            .execution_options(populate_existing=True, synchronize_session=False)
        )
        return sorted((self._decrypt(row) for row in rows), key=lambda p: p.update_id)

    async def record_failure(self, update_id: int, error: str) -> int:
        """An attempt failed; returns how many attempts have failed so far.

        ``error`` is stored in clear and must not be personal: pass a class name.
        """
        attempts = await self._session.scalar(
            update(InboxUpdate)
            .where(InboxUpdate.update_id == update_id, InboxUpdate.state == InboxState.PENDING)
            .values(attempts=InboxUpdate.attempts + 1, last_error=error[:MAX_ERROR_LENGTH])
            .returning(InboxUpdate.attempts)
            .execution_options(synchronize_session=False)
        )
        return int(attempts or 0)

    async def postpone(self, update_id: int, until: datetime) -> None:
        """Try the update again (in any process) once ``until`` has passed."""
        await self._session.execute(
            update(InboxUpdate)
            .where(InboxUpdate.update_id == update_id, InboxUpdate.state == InboxState.PENDING)
            .values(lease_until=until)
            .execution_options(synchronize_session=False)
        )

    async def give_up(self, update_id: int) -> None:
        """Stop trying an update that keeps failing: its content is wiped."""
        await self._session.execute(
            update(InboxUpdate)
            .where(InboxUpdate.update_id == update_id, InboxUpdate.state == InboxState.PENDING)
            .values(
                state=InboxState.FAILED,
                user_key=None,
                payload=None,
                lease_until=None,
                finished_at=self._now(),
            )
            .execution_options(synchronize_session=False)
        )

    async def release(self, update_ids: Sequence[int]) -> None:
        """Give up the leases of updates this process will not process (it is stopping)."""
        if update_ids:
            await self._session.execute(
                update(InboxUpdate)
                .where(
                    InboxUpdate.update_id.in_(list(update_ids)),
                    InboxUpdate.state == InboxState.PENDING,
                )
                .values(lease_until=None)
                .execution_options(synchronize_session=False)
            )

    async def pending_count(self) -> int:
        """How many stored updates are still to be processed."""
        count = await self._session.scalar(
            select(func.count()).where(InboxUpdate.state == InboxState.PENDING)
        )
        return count or 0

    async def oldest_pending_at(self) -> datetime | None:
        """When the oldest update still to be processed arrived."""
        oldest: datetime | None = await self._session.scalar(
            select(func.min(InboxUpdate.received_at)).where(
                InboxUpdate.state == InboxState.PENDING
            )
        )
        return oldest

    async def purge(self, before: datetime) -> int:
        """Forget updates finished before ``before``; returns how many."""
        result = await self._session.execute(
            delete(InboxUpdate)
            .where(
                and_(
                    InboxUpdate.state.in_((InboxState.DONE, InboxState.FAILED)),
                    InboxUpdate.finished_at < before,
                )
            )
            .returning(InboxUpdate.update_id)
            .execution_options(synchronize_session=False)
        )
        return len(result.all())

    def _decrypt(self, row: InboxUpdate | AnyRow) -> PendingUpdate:
        if row.payload is None:
            raise ValueError(f"inbox update {row.update_id} has no payload")
        data = self._keyring.decrypt(row.payload, aad=inbox_aad(row.update_id))
        return PendingUpdate(row.update_id, row.user_key, decode_json(data), row.attempts)
