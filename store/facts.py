"""Repository of the facts a case's holder recorded (full name, decision numbers, ...).

All of a case's facts are one encrypted JSON object (field id → value), bound to its row
and its case; they go with the case (purged with it, erased by /forget).
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from store.clock import Now, utc_now
from store.crypto import Keyring
from store.models import CaseFacts
from store.sql import decode_json, encode_json


def facts_aad(row_id: int, case_id: int) -> bytes:
    """What a case's facts' ciphertext is bound to: its row and its case."""
    return f"case_facts.body:{row_id}:{case_id}".encode()


class Facts:
    """Reads and changes the facts recorded on cases; never commits."""

    def __init__(self, session: AsyncSession, keyring: Keyring, now: Now = utc_now) -> None:
        self._session = session
        self._keyring = keyring
        self._now = now

    async def of(self, case_id: int) -> dict[str, str]:
        """The case's recorded facts (empty if none)."""
        row = (
            await self._session.execute(
                select(CaseFacts.id, CaseFacts.body).where(CaseFacts.case_id == case_id)
            )
        ).first()
        if row is None:
            return {}
        return self._open(row.id, case_id, row.body)

    async def for_cases(self, case_ids: list[int]) -> dict[int, dict[str, str]]:
        """The recorded facts of each of these cases that has any."""
        if not case_ids:
            return {}
        rows = await self._session.execute(
            select(CaseFacts.id, CaseFacts.case_id, CaseFacts.body).where(
                CaseFacts.case_id.in_(case_ids)
            )
        )
        return {case_id: self._open(row_id, case_id, body) for row_id, case_id, body in rows}

    async def set(self, case_id: int, field: str, value: str | None) -> dict[str, str]:
        """Record ``value`` for ``field`` (``None``: clear it); returns the case's facts."""
        row = (
            await self._session.execute(
                select(CaseFacts.id, CaseFacts.body).where(CaseFacts.case_id == case_id)
            )
        ).first()
        if row is None:
            # The ciphertext is bound to the row's id, known only once the row exists.
            row_id = await self._session.scalar(
                insert(CaseFacts)
                .values(case_id=case_id, body=b"", updated_at=self._now())
                .returning(CaseFacts.id)
            )
            if row_id is None:  # pragma: no cover - INSERT ... RETURNING always returns
                raise RuntimeError("case facts insert returned no id")
            facts: dict[str, str] = {}
        else:
            row_id, facts = row.id, self._open(row.id, case_id, row.body)
        if value is None:
            facts.pop(field, None)
        else:
            facts[field] = value
        await self._session.execute(
            update(CaseFacts)
            .where(CaseFacts.id == row_id)
            .values(body=self._seal(row_id, case_id, facts), updated_at=self._now())
            .execution_options(synchronize_session=False)
        )
        return facts

    def _seal(self, row_id: int, case_id: int, facts: Mapping[str, str]) -> bytes:
        return self._keyring.encrypt(encode_json(dict(facts)), aad=facts_aad(row_id, case_id))

    def _open(self, row_id: int, case_id: int, body: bytes) -> dict[str, str]:
        opened = decode_json(self._keyring.decrypt(body, aad=facts_aad(row_id, case_id)))
        return {str(key): str(value) for key, value in opened.items()}
