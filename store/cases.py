"""Repository of cases: requests for a lawyer, known by a pseudonymous number."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Executable, select
from sqlalchemy.ext.asyncio import AsyncSession

from store.crypto import Keyring
from store.models import Case, CaseStatus, Urgency
from store.sql import decode_json, encode_json, insert_for

NUMBER_PREFIX = "B-"
NUMBER_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I
NUMBER_LENGTH = 4
MAX_NUMBER_ATTEMPTS = 10


class CaseNumbersExhaustedError(RuntimeError):
    """No free case number was found; the number space is (nearly) full."""


@dataclass(frozen=True, slots=True)
class StoredCase:
    """A decrypted case row."""

    id: int
    number: str
    user_key: str
    urgency: Urgency | None
    status: CaseStatus
    summary: dict[str, Any]
    created_at: datetime
    updated_at: datetime


def new_case_number() -> str:
    """Return a random case number such as ``B-7K3Q``."""
    return NUMBER_PREFIX + "".join(secrets.choice(NUMBER_ALPHABET) for _ in range(NUMBER_LENGTH))


def _summary_aad(number: str, user_key: str) -> bytes:
    return f"cases.summary:{number}:{user_key}".encode()


class Cases:
    """Creates and finds cases; never commits."""

    def __init__(self, session: AsyncSession, keyring: Keyring) -> None:
        self._session = session
        self._keyring = keyring

    async def create(
        self, user_key: str, urgency: str | None, summary: Mapping[str, Any]
    ) -> StoredCase:
        """Create a ``requested`` case with a fresh unique number."""
        level = None if urgency is None else Urgency(urgency)
        for _ in range(MAX_NUMBER_ATTEMPTS):
            case = await self._insert(new_case_number(), user_key, level, summary)
            if case is not None:
                return case
        raise CaseNumbersExhaustedError("no free case number found")

    async def open_for(self, user_key: str) -> StoredCase | None:
        """Return the user's latest case that is not closed."""
        return await self._one(
            select(Case)
            .where(Case.user_key == user_key, Case.status != CaseStatus.CLOSED)
            .order_by(Case.id.desc())
            .limit(1)
        )

    async def get_by_number(self, number: str) -> StoredCase | None:
        """Return the case with this number."""
        return await self._one(select(Case).where(Case.number == number))

    async def _insert(
        self, number: str, user_key: str, urgency: Urgency | None, summary: Mapping[str, Any]
    ) -> StoredCase | None:
        now = datetime.now(UTC)
        ciphertext = self._keyring.encrypt(
            encode_json(summary), aad=_summary_aad(number, user_key)
        )
        statement = (
            insert_for(self._session, Case)
            .values(
                number=number,
                user_key=user_key,
                urgency=urgency,
                summary=ciphertext,
                status=CaseStatus.REQUESTED,
                created_at=now,
                updated_at=now,
            )
            .on_conflict_do_nothing(index_elements=[Case.number])
            .returning(Case)
        )
        return await self._one(statement)

    async def _one(self, statement: Executable) -> StoredCase | None:
        row: Case | None = await self._session.scalar(
            statement.execution_options(populate_existing=True)
        )
        return None if row is None else self._decrypt(row)

    def _decrypt(self, row: Case) -> StoredCase:
        summary = self._keyring.decrypt(row.summary, aad=_summary_aad(row.number, row.user_key))
        return StoredCase(
            id=row.id,
            number=row.number,
            user_key=row.user_key,
            urgency=None if row.urgency is None else Urgency(row.urgency),
            status=CaseStatus(row.status),
            summary=decode_json(summary),
            created_at=row.created_at,
            updated_at=row.updated_at,
        )
