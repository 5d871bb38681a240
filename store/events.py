"""The case timeline: what was said and done in a case, for its holder, the next one and
coordinators.

Every relayed message (its text, or the file it carried: its kind, Telegram's file id and
its caption; files themselves are never stored) and every step of the case (taken, handed
back with a handover note, closed, reopened, the level changed) is an event, encrypted and
bound to its row and case. Events go with the case: erased by /forget, purged with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from store.clock import Now, utc_now
from store.crypto import Keyring
from store.models import CaseEvent
from store.sql import decode_json, encode_json

MAX_KIND_LENGTH = 24


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """A decrypted event; ``lawyer_id`` is ``None`` for the client or the system."""

    id: int
    at: datetime
    kind: str
    lawyer_id: int | None
    body: dict[str, Any]


def event_aad(event_id: int, case_id: int) -> bytes:
    """What an event's ciphertext is bound to: its row and its case."""
    return f"case_events.body:{event_id}:{case_id}".encode()


class CaseEvents:
    """Adds and reads a case's timeline; never commits."""

    def __init__(self, session: AsyncSession, keyring: Keyring, now: Now = utc_now) -> None:
        self._session = session
        self._keyring = keyring
        self._now = now

    async def add(
        self,
        case_id: int,
        kind: str,
        body: Mapping[str, Any] | None = None,
        *,
        lawyer_id: int | None = None,
    ) -> int:
        """Record an event of the case; returns its id."""
        if len(kind) > MAX_KIND_LENGTH:
            raise ValueError(f"kind is longer than {MAX_KIND_LENGTH} characters")
        # The ciphertext is bound to the row's id, known only once the row exists.
        event_id: int | None = await self._session.scalar(
            insert(CaseEvent)
            .values(case_id=case_id, at=self._now(), kind=kind, lawyer_id=lawyer_id, body=b"")
            .returning(CaseEvent.id)
        )
        if event_id is None:  # pragma: no cover - INSERT ... RETURNING always returns
            raise RuntimeError("case event insert returned no id")
        sealed = self._keyring.encrypt(encode_json(body or {}), aad=event_aad(event_id, case_id))
        await self._session.execute(
            update(CaseEvent)
            .where(CaseEvent.id == event_id)
            .values(body=sealed)
            .execution_options(synchronize_session=False)
        )
        return event_id

    async def for_case(self, case_id: int, *, kinds: tuple[str, ...] = ()) -> list[StoredEvent]:
        """The case's events (of these kinds, if given), the oldest first."""
        statement = select(CaseEvent).where(CaseEvent.case_id == case_id)
        if kinds:
            statement = statement.where(CaseEvent.kind.in_(kinds))
        rows = await self._session.scalars(statement.order_by(CaseEvent.at, CaseEvent.id))
        return [
            StoredEvent(
                id=row.id,
                at=row.at,
                kind=row.kind,
                lawyer_id=row.lawyer_id,
                body=decode_json(self._keyring.decrypt(row.body, aad=event_aad(row.id, case_id))),
            )
            for row in rows
        ]

    async def latest(
        self, case_id: int, *, kinds: tuple[str, ...] = (), since: datetime | None = None
    ) -> datetime | None:
        """When the case's newest event (of these kinds, from ``since`` on) happened."""
        statement = select(func.max(CaseEvent.at)).where(CaseEvent.case_id == case_id)
        if kinds:
            statement = statement.where(CaseEvent.kind.in_(kinds))
        if since is not None:
            statement = statement.where(CaseEvent.at >= since)
        latest: datetime | None = await self._session.scalar(statement)
        return latest
