"""Repository of duty schedules: each lawyer's weekly slots and date-range overrides."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from store.models import DutyOverride, DutySlot


@dataclass(frozen=True, slots=True)
class StoredSlot:
    """A weekly duty slot, in the lawyer's own time zone."""

    id: int
    lawyer_id: int
    weekday: int
    """0 is Monday."""
    start_minute: int
    minutes: int


@dataclass(frozen=True, slots=True)
class StoredOverride:
    """On (or off) duty from ``starts_at`` to ``ends_at``, whatever the slots say."""

    id: int
    lawyer_id: int
    starts_at: datetime
    ends_at: datetime
    on_duty: bool


class Schedules:
    """Reads and changes duty slots and overrides; never commits."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def slots(self, lawyer_id: int | None = None) -> list[StoredSlot]:
        """The weekly slots of one lawyer, or of everyone, in week order."""
        statement = select(DutySlot).order_by(
            DutySlot.lawyer_id, DutySlot.weekday, DutySlot.start_minute
        )
        if lawyer_id is not None:
            statement = statement.where(DutySlot.lawyer_id == lawyer_id)
        return [
            StoredSlot(row.id, row.lawyer_id, row.weekday, row.start_minute, row.minutes)
            for row in await self._session.scalars(statement)
        ]

    async def add_slot(self, lawyer_id: int, weekday: int, start_minute: int, minutes: int) -> int:
        """Add a weekly slot; returns its id."""
        slot_id: int | None = await self._session.scalar(
            insert(DutySlot)
            .values(
                lawyer_id=lawyer_id, weekday=weekday, start_minute=start_minute, minutes=minutes
            )
            .returning(DutySlot.id)
        )
        assert slot_id is not None
        return slot_id

    async def overrides(
        self, lawyer_id: int | None = None, *, ending_after: datetime
    ) -> list[StoredOverride]:
        """The overrides of one lawyer, or of everyone, that end after ``ending_after``."""
        statement = (
            select(DutyOverride)
            .where(DutyOverride.ends_at > ending_after)
            .order_by(DutyOverride.starts_at)
        )
        if lawyer_id is not None:
            statement = statement.where(DutyOverride.lawyer_id == lawyer_id)
        return [
            StoredOverride(row.id, row.lawyer_id, row.starts_at, row.ends_at, row.on_duty)
            for row in await self._session.scalars(statement)
        ]

    async def add_override(
        self, lawyer_id: int, starts_at: datetime, ends_at: datetime, on_duty: bool
    ) -> int:
        """Add an override; returns its id."""
        override_id: int | None = await self._session.scalar(
            insert(DutyOverride)
            .values(lawyer_id=lawyer_id, starts_at=starts_at, ends_at=ends_at, on_duty=on_duty)
            .returning(DutyOverride.id)
        )
        assert override_id is not None
        return override_id

    async def remove_slot(self, lawyer_id: int, slot_id: int) -> bool:
        """Remove one of the lawyer's slots; whether there was one."""
        result = await self._session.execute(
            delete(DutySlot).where(DutySlot.id == slot_id, DutySlot.lawyer_id == lawyer_id)
        )
        return bool(getattr(result, "rowcount", 0))

    async def remove_override(self, lawyer_id: int, override_id: int) -> bool:
        """Remove one of the lawyer's overrides; whether there was one."""
        result = await self._session.execute(
            delete(DutyOverride).where(
                DutyOverride.id == override_id, DutyOverride.lawyer_id == lawyer_id
            )
        )
        return bool(getattr(result, "rowcount", 0))

    async def purge_overrides(self, ended_before: datetime) -> int:
        """Delete overrides that ended before ``ended_before``; how many."""
        result = await self._session.execute(
            delete(DutyOverride).where(DutyOverride.ends_at < ended_before)
        )
        return int(getattr(result, "rowcount", 0) or 0)
