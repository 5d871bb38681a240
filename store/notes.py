"""Repository of lawyers' private notes on cases, stored encrypted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from store.clock import Now, utc_now
from store.crypto import Keyring
from store.models import CaseNote


@dataclass(frozen=True, slots=True)
class StoredNote:
    """A decrypted note; ``lawyer_id`` is ``None`` once its author was removed."""

    at: datetime
    lawyer_id: int | None
    text: str


def note_aad(note_id: int, case_id: int) -> bytes:
    """What a note's ciphertext is bound to: its row and its case."""
    return f"case_notes.body:{note_id}:{case_id}".encode()


class Notes:
    """Adds and reads case notes; never commits."""

    def __init__(self, session: AsyncSession, keyring: Keyring, now: Now = utc_now) -> None:
        self._session = session
        self._keyring = keyring
        self._now = now

    async def add(self, case_id: int, lawyer_id: int, text: str) -> None:
        """Add the lawyer's note to the case."""
        # The ciphertext is bound to the row's id, known only once the row exists.
        note_id = await self._session.scalar(
            insert(CaseNote)
            .values(case_id=case_id, lawyer_id=lawyer_id, body=b"", created_at=self._now())
            .returning(CaseNote.id)
        )
        if note_id is None:  # pragma: no cover - INSERT ... RETURNING always returns
            raise RuntimeError("case note insert returned no id")
        body = self._keyring.encrypt(text.encode("utf-8"), aad=note_aad(note_id, case_id))
        await self._session.execute(
            update(CaseNote)
            .where(CaseNote.id == note_id)
            .values(body=body)
            .execution_options(synchronize_session=False)
        )

    async def for_case(self, case_id: int) -> list[StoredNote]:
        """Return the case's notes, the oldest first."""
        rows = await self._session.execute(
            select(CaseNote.id, CaseNote.created_at, CaseNote.lawyer_id, CaseNote.body)
            .where(CaseNote.case_id == case_id)
            .order_by(CaseNote.created_at, CaseNote.id)
        )
        return [
            StoredNote(
                at=created_at,
                lawyer_id=lawyer_id,
                text=self._keyring.decrypt(body, aad=note_aad(note_id, case_id)).decode("utf-8"),
            )
            for note_id, created_at, lawyer_id, body in rows
        ]
