"""The audit log: who did what to which case, and when — never content or personal data.

Values are checked before they are stored: ``actor`` is ``lawyer:<lawyers.id>``,
``client``, ``system`` or ``operator``; ``action`` is a short lower-case code; ``detail``
is at most 64 printable ASCII characters (a code, a count — never a name or a text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from store.clock import Now, utc_now
from store.models import AuditRecord

ACTOR_PATTERN = re.compile(r"lawyer:[0-9]{1,24}|client|system|operator")
ACTION_PATTERN = re.compile(r"[a-z][a-z0-9_.:-]{0,31}")
DETAIL_PATTERN = re.compile(r"[\x20-\x7e]{0,64}")


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One audit log entry."""

    at: datetime
    actor: str
    action: str
    case_id: int | None
    detail: str | None


class Audit:
    """Appends to and reads the audit log; never commits."""

    def __init__(self, session: AsyncSession, now: Now = utc_now) -> None:
        self._session = session
        self._now = now

    async def record(
        self, actor: str, action: str, case_id: int | None = None, detail: str | None = None
    ) -> None:
        """Append an entry; a malformed actor, action or detail raises ``ValueError``."""
        if not ACTOR_PATTERN.fullmatch(actor):
            raise ValueError(f"audit actor {actor!r} is not lawyer:<id>/client/system/operator")
        if not ACTION_PATTERN.fullmatch(action):
            raise ValueError(f"audit action {action!r} is not a short lower-case code")
        if detail is not None and not DETAIL_PATTERN.fullmatch(detail):
            raise ValueError("audit detail must be at most 64 printable ASCII characters")
        await self._session.execute(
            insert(AuditRecord).values(
                at=self._now(), actor=actor, action=action, case_id=case_id, detail=detail
            )
        )

    async def for_case(self, case_id: int) -> list[AuditEntry]:
        """Return the case's entries, the oldest first."""
        return await self._entries(
            select(AuditRecord)
            .where(AuditRecord.case_id == case_id)
            .order_by(AuditRecord.at, AuditRecord.id)
        )

    async def recent(self, limit: int = 100) -> list[AuditEntry]:
        """Return the newest entries, the newest first."""
        return await self._entries(
            select(AuditRecord).order_by(AuditRecord.at.desc(), AuditRecord.id.desc()).limit(limit)
        )

    async def _entries(self, statement: Select[AuditRecord]) -> list[AuditEntry]:
        rows = await self._session.scalars(statement.execution_options(populate_existing=True))
        return [
            AuditEntry(
                at=row.at,
                actor=row.actor,
                action=row.action,
                case_id=row.case_id,
                detail=row.detail,
            )
            for row in rows
        ]
