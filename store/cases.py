"""Repository of cases: requests for a lawyer, known by a pseudonymous number, and their claims."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Executable, bindparam, delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from store.clock import Now, utc_now
from store.crypto import Keyring
from store.models import Case, CaseStats, CaseStatus, Lawyer, Urgency
from store.sql import AnyRow, decode_json, encode_json, insert_for, table_of
from store.summary import CaseSummary

NUMBER_PREFIX = "B-"
NUMBER_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I
NUMBER_LENGTH = 4
MAX_NUMBER_ATTEMPTS = 10


class CaseNumbersExhaustedError(RuntimeError):
    """No free case number was found; the number space is (nearly) full."""


MAX_OUTCOME_LENGTH = 32
ERASED_OUTCOME = "erased"
"""The outcome counted for a case erased (``/forget``) before it was closed."""


@dataclass(frozen=True, slots=True)
class StoredCase:
    """A decrypted case row."""

    id: int
    number: str
    user_key: str
    urgency: Urgency | None
    status: CaseStatus
    summary: CaseSummary
    created_at: datetime
    updated_at: datetime
    lawyer_id: int | None
    claimed_at: datetime | None
    closed_at: datetime | None
    outcome: str | None
    next_escalation_at: datetime | None
    escalation_round: int


NUMBER_PATTERN = re.compile(rf"\b{NUMBER_PREFIX}[{NUMBER_ALPHABET}]{{{NUMBER_LENGTH}}}\b")


def numbers_in(text: str) -> set[str]:
    """The case numbers written in ``text``."""
    return set(NUMBER_PATTERN.findall(text))


def new_case_number() -> str:
    """Return a random case number such as ``B-7K3Q``."""
    return NUMBER_PREFIX + "".join(secrets.choice(NUMBER_ALPHABET) for _ in range(NUMBER_LENGTH))


_CASES = table_of(Case)
_OPEN_FOR = (
    select(_CASES)
    .where(_CASES.c.user_key == bindparam("key"), _CASES.c.status != CaseStatus.CLOSED)
    .order_by(_CASES.c.id.desc())
    .limit(1)
)


def summary_aad(number: str, user_key: str) -> bytes:
    """What a case summary's ciphertext is bound to: the case number and its person."""
    return f"cases.summary:{number}:{user_key}".encode()


class Cases:
    """Creates, finds and moves cases through their life; never commits.

    Life of a case: ``open`` (waiting; ``next_escalation_at`` says when it is announced
    next) → ``claimed`` (exactly one lawyer) → back to ``open`` when released, or
    ``closed`` from any state. ``next_escalation_at`` is set only on open cases, and a
    lawyer's ``active_case_id`` never points at a case the lawyer no longer holds.

    Each case has a ``case_stats`` row that these methods keep up to date and that
    outlives the case (:mod:`store.stats`): the day it opened, its urgency, how long
    until its first claim, who took it last and the day, how long until a lawyer first
    wrote to the client, the soonest day it ran against, its outcome and the day it closed.
    """

    def __init__(self, session: AsyncSession, keyring: Keyring, now: Now = utc_now) -> None:
        self._session = session
        self._keyring = keyring
        self._now = now

    async def create(
        self,
        user_key: str,
        urgency: str | None,
        summary: CaseSummary,
        *,
        next_escalation_at: datetime | None = None,
    ) -> StoredCase:
        """Create an ``open`` case with a fresh unique number."""
        level = None if urgency is None else Urgency(urgency)
        stats_id = await self._session.scalar(
            insert(CaseStats)
            .values(opened_on=self._now().date(), urgency=level)
            .returning(CaseStats.id)
        )
        for _ in range(MAX_NUMBER_ATTEMPTS):
            case = await self._insert(
                new_case_number(), user_key, level, summary, next_escalation_at, stats_id
            )
            if case is not None:
                return case
        raise CaseNumbersExhaustedError("no free case number found")

    async def get(self, case_id: int) -> StoredCase | None:
        """Return the case with this id."""
        return await self._one(select(Case).where(Case.id == case_id))

    async def open_for(self, user_key: str) -> StoredCase | None:
        """Return the user's latest case that is not closed."""
        row = (await self._session.execute(_OPEN_FOR, {"key": user_key})).first()
        return None if row is None else self._decrypt(row)

    async def all_for(self, user_key: str) -> list[StoredCase]:
        """Every case of the person, closed ones too, oldest first."""
        return await self._all(select(Case).where(Case.user_key == user_key).order_by(Case.id))

    async def get_by_number(self, number: str) -> StoredCase | None:
        """Return the case with this number."""
        return await self._one(select(Case).where(Case.number == number))

    async def opened_since(self, user_key: str, since: datetime) -> int:
        """Count the person's cases created at or after ``since`` (for a creation limit).

        Erased and purged cases are no longer counted.
        """
        count = await self._session.scalar(
            select(func.count()).where(Case.user_key == user_key, Case.created_at >= since)
        )
        return count or 0

    async def claim(self, case_id: int, lawyer_id: int) -> bool:
        """Give an open case to the lawyer; ``True`` only for the one lawyer who gets it.

        A single conditional ``UPDATE``: on PostgreSQL a concurrent claim waits for the
        row lock, then finds the case no longer open. The first claim of a case counts
        how long it waited (since it was created).
        """
        now = self._now()
        claimed = await self._session.execute(
            update(Case)
            .where(Case.id == case_id, Case.status == CaseStatus.OPEN)
            .values(
                status=CaseStatus.CLAIMED,
                lawyer_id=lawyer_id,
                claimed_at=now,
                next_escalation_at=None,
                updated_at=now,
            )
            .returning(Case.stats_id, Case.created_at)
            .execution_options(synchronize_session=False)
        )
        row = claimed.one_or_none()
        if row is None:
            return False
        stats_id, created_at = row
        await self._session.execute(
            update(CaseStats)
            .where(CaseStats.id == stats_id, CaseStats.claimed_after_seconds.is_(None))
            .values(claimed_after_seconds=max(0, round((now - created_at).total_seconds())))
            .execution_options(synchronize_session=False)
        )
        await self._session.execute(
            update(CaseStats)
            .where(CaseStats.id == stats_id)
            .values(lawyer_id=lawyer_id, claimed_on=now.date())
            .execution_options(synchronize_session=False)
        )
        return True

    async def first_message(self, case_id: int) -> None:
        """A lawyer wrote to the case's client: the first time counts how long it took."""
        now = self._now()
        row = (
            await self._session.execute(
                select(Case.stats_id, Case.created_at).where(Case.id == case_id)
            )
        ).one_or_none()
        if row is None:
            return
        stats_id, created_at = row
        await self._session.execute(
            update(CaseStats)
            .where(CaseStats.id == stats_id, CaseStats.first_message_on.is_(None))
            .values(
                first_message_after_seconds=max(0, round((now - created_at).total_seconds())),
                first_message_on=now.date(),
            )
            .execution_options(synchronize_session=False)
        )

    async def set_deadline(self, case_id: int, day: date | None) -> None:
        """The soonest appeal or removal day the case runs against (``None``: none)."""
        await self._session.execute(
            update(CaseStats)
            .where(CaseStats.id.in_(select(Case.stats_id).where(Case.id == case_id)))
            .values(deadline_on=day)
            .execution_options(synchronize_session=False)
        )

    async def release(self, case_id: int, next_escalation_at: datetime) -> bool:
        """Put a claimed case back in the pool, announced again at ``next_escalation_at``."""
        return bool(await self._release(Case.id == case_id, next_escalation_at))

    async def release_all(self, lawyer_id: int, next_escalation_at: datetime) -> list[StoredCase]:
        """Put every case the lawyer holds back in the pool; return them (now open)."""
        return await self._release(Case.lawyer_id == lawyer_id, next_escalation_at)

    async def close(self, case_id: int, outcome: str) -> bool:
        """Close a case that is not closed yet, with an outcome code (at most 32 characters)."""
        if len(outcome) > MAX_OUTCOME_LENGTH:
            raise ValueError(f"outcome is longer than {MAX_OUTCOME_LENGTH} characters")
        now = self._now()
        closed = await self._session.execute(
            update(Case)
            .where(Case.id == case_id, Case.status != CaseStatus.CLOSED)
            .values(
                status=CaseStatus.CLOSED,
                closed_at=now,
                outcome=outcome,
                next_escalation_at=None,
                updated_at=now,
            )
            .returning(Case.stats_id)
            .execution_options(synchronize_session=False)
        )
        if closed.one_or_none() is None:
            return False
        await self._count_closed(Case.id == case_id, outcome, now)
        await self._forget_active(case_id)
        return True

    async def reopen(
        self, case_id: int, *, lawyer_id: int | None, next_escalation_at: datetime
    ) -> StoredCase | None:
        """Open a closed case again: claimed by ``lawyer_id``, or (``None``) back in the
        pool, announced at ``next_escalation_at``. Returns it, or ``None`` if it was not
        closed (or is gone)."""
        now = self._now()
        values: dict[str, Any] = {
            "closed_at": None,
            "outcome": None,
            "updated_at": now,
            "lawyer_id": lawyer_id,
            "status": CaseStatus.CLAIMED if lawyer_id is not None else CaseStatus.OPEN,
            "claimed_at": now if lawyer_id is not None else None,
            "next_escalation_at": None if lawyer_id is not None else next_escalation_at,
            "escalation_round": 0,
        }
        case = await self._one(
            update(Case)
            .where(Case.id == case_id, Case.status == CaseStatus.CLOSED)
            .values(**values)
            .returning(Case)
        )
        if case is not None:
            await self._session.execute(
                update(CaseStats)
                .where(CaseStats.id.in_(select(Case.stats_id).where(Case.id == case_id)))
                .values(outcome=None, closed_on=None)
                .execution_options(synchronize_session=False)
            )
        return case

    async def for_lawyer(self, lawyer_id: int) -> list[StoredCase]:
        """Return the cases the lawyer holds, the earliest claimed first."""
        return await self._all(
            select(Case)
            .where(Case.lawyer_id == lawyer_id, Case.status == CaseStatus.CLAIMED)
            .order_by(Case.claimed_at, Case.id)
        )

    async def due_for_escalation(self, now: datetime, limit: int = 50) -> list[StoredCase]:
        """Return open cases due for (re-)escalation at ``now``, the longest overdue first.

        On PostgreSQL the rows stay locked until the transaction ends and rows locked by
        another transaction are skipped, so two workers never take the same case:
        reschedule (:meth:`schedule_escalation`) in the same transaction. SQLite runs one
        transaction at a time anyway.
        """
        return await self._all(
            select(Case)
            .where(Case.status == CaseStatus.OPEN, Case.next_escalation_at <= now)
            .order_by(Case.next_escalation_at, Case.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )

    async def schedule_escalation(self, case_id: int, at: datetime, escalation_round: int) -> bool:
        """Set when an open case is announced next and which round that is.

        Cases that are not open are left alone; returns whether the case was open.
        """
        scheduled = await self._session.scalar(
            update(Case)
            .where(Case.id == case_id, Case.status == CaseStatus.OPEN)
            .values(
                next_escalation_at=at,
                escalation_round=escalation_round,
                updated_at=self._now(),
            )
            .returning(Case.id)
            .execution_options(synchronize_session=False)
        )
        return scheduled is not None

    async def waiting(self) -> list[StoredCase]:
        """Return the open cases, the oldest first."""
        return await self._all(
            select(Case).where(Case.status == CaseStatus.OPEN).order_by(Case.created_at, Case.id)
        )

    async def update_summary(
        self, case_id: int, summary: CaseSummary, urgency: str | None = None
    ) -> None:
        """Replace the case's summary (and urgency, if given); a missing case is a
        ``KeyError``."""
        row = (
            await self._session.execute(
                select(Case.number, Case.user_key).where(Case.id == case_id)
            )
        ).one_or_none()
        if row is None:
            raise KeyError(case_id)
        number, user_key = row
        ciphertext = self._keyring.encrypt(
            encode_json(summary.to_dict()), aad=summary_aad(number, user_key)
        )
        await self._session.execute(
            update(Case)
            .where(Case.id == case_id)
            .values(
                summary=ciphertext,
                updated_at=self._now(),
                **({} if urgency is None else {"urgency": Urgency(urgency).value}),
            )
            .execution_options(synchronize_session=False)
        )

    async def delete_for(self, user_key: str) -> int:
        """Delete the user's cases with their cards, notes, outbox items and relay links.

        Audit entries stay, without the case, and so do the counters; those of cases
        not closed yet count as closed today with the outcome ``erased``. Returns how
        many cases went.
        """
        mine = Case.user_key == user_key
        await self._count_closed(mine & (Case.status != CaseStatus.CLOSED), ERASED_OUTCOME)
        return await self._delete(mine)

    async def purge_closed(self, before: datetime) -> int:
        """Delete cases closed before ``before``, as :meth:`delete_for` does; return how many."""
        return await self._delete((Case.status == CaseStatus.CLOSED) & (Case.closed_at < before))

    async def _delete(self, which: ColumnElement[bool]) -> int:
        result = await self._session.execute(
            delete(Case)
            .where(which)
            .returning(Case.id)
            .execution_options(synchronize_session=False)
        )
        return len(result.all())

    async def _count_closed(
        self, which: ColumnElement[bool], outcome: str, at: datetime | None = None
    ) -> None:
        day = (self._now() if at is None else at).date()
        await self._session.execute(
            update(CaseStats)
            .where(CaseStats.id.in_(select(Case.stats_id).where(which)))
            .values(outcome=outcome, closed_on=day)
            .execution_options(synchronize_session=False)
        )

    async def _release(self, which: ColumnElement[bool], at: datetime) -> list[StoredCase]:
        now = self._now()
        cases = await self._all(
            update(Case)
            .where(which, Case.status == CaseStatus.CLAIMED)
            .values(
                status=CaseStatus.OPEN,
                lawyer_id=None,
                claimed_at=None,
                next_escalation_at=at,
                escalation_round=0,
                updated_at=now,
            )
            .returning(Case)
        )
        for case in cases:
            await self._forget_active(case.id)
        return sorted(cases, key=lambda case: case.id)

    async def _forget_active(self, case_id: int) -> None:
        await self._session.execute(
            update(Lawyer)
            .where(Lawyer.active_case_id == case_id)
            .values(active_case_id=None, updated_at=self._now())
            .execution_options(synchronize_session=False)
        )

    async def _insert(
        self,
        number: str,
        user_key: str,
        urgency: Urgency | None,
        summary: CaseSummary,
        next_escalation_at: datetime | None,
        stats_id: int | None,
    ) -> StoredCase | None:
        now = self._now()
        ciphertext = self._keyring.encrypt(
            encode_json(summary.to_dict()), aad=summary_aad(number, user_key)
        )
        statement = (
            insert_for(self._session, Case)
            .values(
                number=number,
                user_key=user_key,
                urgency=urgency,
                summary=ciphertext,
                status=CaseStatus.OPEN,
                created_at=now,
                updated_at=now,
                next_escalation_at=next_escalation_at,
                escalation_round=0,
                stats_id=stats_id,
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

    async def _all(self, statement: Executable) -> list[StoredCase]:
        rows = await self._session.scalars(
            statement.execution_options(populate_existing=True, synchronize_session=False)
        )
        return [self._decrypt(row) for row in rows]

    def _decrypt(self, row: Case | AnyRow) -> StoredCase:
        summary = self._keyring.decrypt(row.summary, aad=summary_aad(row.number, row.user_key))
        return StoredCase(
            id=row.id,
            number=row.number,
            user_key=row.user_key,
            urgency=None if row.urgency is None else Urgency(row.urgency),
            status=CaseStatus(row.status),
            summary=CaseSummary.of(decode_json(summary)),
            created_at=row.created_at,
            updated_at=row.updated_at,
            lawyer_id=row.lawyer_id,
            claimed_at=row.claimed_at,
            closed_at=row.closed_at,
            outcome=row.outcome,
            next_escalation_at=row.next_escalation_at,
            escalation_round=row.escalation_round,
        )
