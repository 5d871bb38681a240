"""ORM models: the database schema that the migrations in ``store/migrations`` build.

Personal values are stored only as ciphertexts (``LargeBinary``) made by
:class:`store.crypto.Keyring`; users appear only as keyed hashes (``user_key``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any, ClassVar

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
USER_KEY_LENGTH = 64


class Urgency(StrEnum):
    """How soon a case needs a lawyer, from the risk rules."""

    URGENT = "urgent"
    HIGH = "high"
    MODERATE = "moderate"
    LOW = "low"


class CaseStatus(StrEnum):
    """Where a case is in its life."""

    REQUESTED = "requested"  # before escalation existed; migration 0002 made these "open"
    OPEN = "open"
    CLAIMED = "claimed"
    CLOSED = "closed"


class OutboxState(StrEnum):
    """Where an outgoing message is on its way to Telegram."""

    PENDING = "pending"
    SENDING = "sending"
    DELIVERED = "delivered"
    FAILED = "failed"


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp, also on SQLite (which drops the offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime; use datetime.now(UTC)")
        return None if value is None else value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def in_enum(column: str, values: type[StrEnum]) -> str:
    """A CHECK constraint's condition: ``column`` holds one of the enum's values."""
    return f"{column} IN ({', '.join(repr(member.value) for member in values)})"


class Base(DeclarativeBase):
    """Declarative base with the naming convention Alembic relies on."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime()}


class Conversation(Base):
    """One user's conversation with the bot: where they are and what they answered."""

    __tablename__ = "conversations"

    user_key: Mapped[str] = mapped_column(String(USER_KEY_LENGTH), primary_key=True)
    chat_ref: Mapped[bytes] = mapped_column(LargeBinary)
    state: Mapped[bytes] = mapped_column(LargeBinary)
    version: Mapped[int]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class Case(Base):
    """A request for a lawyer, known to lawyers by its pseudonymous ``number``.

    An ``open`` case waits for a lawyer (``next_escalation_at`` says when it is next
    announced), a ``claimed`` one has exactly one lawyer, a ``closed`` one is done.
    """

    __tablename__ = "cases"
    __table_args__ = (
        CheckConstraint(in_enum("urgency", Urgency), name="urgency"),
        CheckConstraint(in_enum("status", CaseStatus), name="status"),
        CheckConstraint(
            f"status <> '{CaseStatus.CLAIMED.value}' OR lawyer_id IS NOT NULL",
            name="claimed_has_lawyer",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(8), unique=True)
    user_key: Mapped[str] = mapped_column(String(USER_KEY_LENGTH), index=True)
    urgency: Mapped[str | None] = mapped_column(String(16))
    summary: Mapped[bytes] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    lawyer_id: Mapped[int | None] = mapped_column(
        ForeignKey("lawyers.id", ondelete="SET NULL"), index=True
    )
    claimed_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    outcome: Mapped[str | None] = mapped_column(String(32))
    next_escalation_at: Mapped[datetime | None] = mapped_column(index=True)
    escalation_round: Mapped[int] = mapped_column(server_default=text("0"))
    # No foreign key: the counters outlive the case, and nothing leads back from them.
    stats_id: Mapped[int | None]


class Lawyer(Base):
    """A duty lawyer or coordinator, registered by an operator."""

    __tablename__ = "lawyers"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_key: Mapped[str] = mapped_column(String(USER_KEY_LENGTH), unique=True)
    chat_ref: Mapped[bytes] = mapped_column(LargeBinary)
    name: Mapped[bytes] = mapped_column(LargeBinary)
    locale: Mapped[str] = mapped_column(String(16))
    coordinator: Mapped[bool]
    on_duty: Mapped[bool]
    reachable: Mapped[bool]
    # use_alter: cases and lawyers refer to each other.
    active_case_id: Mapped[int | None] = mapped_column(
        ForeignKey("cases.id", ondelete="SET NULL", use_alter=True)
    )
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    # Removed by an operator: no longer a lawyer, but still recognised (and told so).
    removed_at: Mapped[datetime | None]
    # A step the lawyer is in the middle of, e.g. "handover:12" (writing a handover note).
    awaiting: Mapped[str | None] = mapped_column(String(40))
    # Their own time zone (an IANA name), for their duty slots and reminders; None: the team's.
    time_zone: Mapped[str | None] = mapped_column(String(64))
    # The languages they can write to a client in ("uz,ru"); None: not said.
    languages: Mapped[str | None] = mapped_column(String(64))
    # Whether their schedule had them on duty when last looked at; None: they have none.
    scheduled: Mapped[bool | None]


class OutboxMessage(Base):
    """A message to send to Telegram, written in the transaction that caused it."""

    __tablename__ = "outbox"
    __table_args__ = (
        CheckConstraint(in_enum("state", OutboxState), name="state"),
        Index("ix_outbox_state_due_at", "state", "due_at"),
        Index("ix_outbox_user_key_lane_state", "user_key", "lane", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    chat_ref: Mapped[bytes] = mapped_column(LargeBinary)
    # The addressee's user key, so that erasing a person finds items without a case.
    user_key: Mapped[str | None] = mapped_column(String(USER_KEY_LENGTH), index=True)
    payload: Mapped[bytes | None] = mapped_column(LargeBinary)
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), index=True
    )
    priority: Mapped[int]
    # Items of one lane for one addressee are sent in order (chat messages, case cards…).
    lane: Mapped[str] = mapped_column(String(16), server_default=text("'chat'"))
    state: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int]
    # Telegram may have shown it already (an earlier attempt's outcome is unknown).
    resend: Mapped[bool] = mapped_column(server_default=text("false"))
    due_at: Mapped[datetime]
    claimed_at: Mapped[datetime | None]
    lease_until: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(200))
    result: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime]
    delivered_at: Mapped[datetime | None]


class CaseCard(Base):
    """A case card sent to one lawyer, to be edited when the case is taken."""

    __tablename__ = "case_cards"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    lawyer_id: Mapped[int] = mapped_column(
        ForeignKey("lawyers.id", ondelete="CASCADE"), index=True
    )
    outbox_id: Mapped[int | None] = mapped_column(ForeignKey("outbox.id", ondelete="SET NULL"))
    message_id: Mapped[int | None]
    created_at: Mapped[datetime]


class AuditRecord(Base):
    """Who did what to which case, and when; never message content or personal data."""

    __tablename__ = "audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    actor: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(32))
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("cases.id", ondelete="SET NULL"), index=True
    )
    detail: Mapped[str | None] = mapped_column(String(64))


class CaseNote(Base):
    """A lawyer's private note on a case."""

    __tablename__ = "case_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    lawyer_id: Mapped[int | None] = mapped_column(ForeignKey("lawyers.id", ondelete="SET NULL"))
    body: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime]


class CaseFacts(Base):
    """What the holder recorded on a case (``flows.facts``): one encrypted JSON object."""

    __tablename__ = "case_facts"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), unique=True)
    body: Mapped[bytes] = mapped_column(LargeBinary)
    updated_at: Mapped[datetime]


class RelayLink(Base):
    """Which case a message shown to a lawyer belongs to, so replies reach the right client."""

    __tablename__ = "relay_links"
    __table_args__ = (PrimaryKeyConstraint("lawyer_id", "message_id"),)

    lawyer_id: Mapped[int] = mapped_column(ForeignKey("lawyers.id", ondelete="CASCADE"))
    message_id: Mapped[int]
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    linked_at: Mapped[datetime | None]
    # The lawyer wrote it (to the client), rather than the bot showing it to them.
    own: Mapped[bool] = mapped_column(server_default=text("false"))


class CaseEvent(Base):
    """One step in a case's timeline: a relayed message or something done to the case."""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime]
    kind: Mapped[str] = mapped_column(String(24))
    lawyer_id: Mapped[int | None] = mapped_column(ForeignKey("lawyers.id", ondelete="SET NULL"))
    body: Mapped[bytes] = mapped_column(LargeBinary)


class HeldMessage(Base):
    """A lawyer's message waiting for them to say which case it is for."""

    __tablename__ = "held_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    lawyer_id: Mapped[int] = mapped_column(
        ForeignKey("lawyers.id", ondelete="CASCADE"), index=True
    )
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime]


class MessageRef(Base):
    """A message of a person's chat that ``/clear`` may still delete (Telegram: 48 hours)."""

    __tablename__ = "message_refs"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_key: Mapped[str] = mapped_column(String(USER_KEY_LENGTH), index=True)
    ref: Mapped[bytes] = mapped_column(LargeBinary)
    sent_at: Mapped[datetime] = mapped_column(index=True)


class CaseStats(Base):
    """Counters of one case that outlive it: no person, no case number, days not times."""

    __tablename__ = "case_stats"
    __table_args__ = (CheckConstraint(in_enum("urgency", Urgency), name="urgency"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    opened_on: Mapped[date]
    urgency: Mapped[str | None] = mapped_column(String(16))
    claimed_after_seconds: Mapped[int | None]
    outcome: Mapped[str | None] = mapped_column(String(32))
    closed_on: Mapped[date | None]
    # Who took it last, and the day: cases per lawyer per week.
    lawyer_id: Mapped[int | None] = mapped_column(ForeignKey("lawyers.id", ondelete="SET NULL"))
    claimed_on: Mapped[date | None]
    # The first message a lawyer wrote to the client: how long after it came in, and the day.
    first_message_after_seconds: Mapped[int | None]
    first_message_on: Mapped[date | None]
    # The soonest appeal or removal day the case ran against: met or missed.
    deadline_on: Mapped[date | None]


class CaseBlock(Base):
    """A person who may not open cases, after a lawyer marked one of theirs as abuse."""

    __tablename__ = "case_blocks"

    user_key: Mapped[str] = mapped_column(String(USER_KEY_LENGTH), primary_key=True)
    # The person's Telegram id, encrypted, so that key rotation can re-key the block.
    chat_ref: Mapped[bytes | None] = mapped_column(LargeBinary)
    blocked_at: Mapped[datetime]
    by_lawyer_id: Mapped[int | None] = mapped_column(ForeignKey("lawyers.id", ondelete="SET NULL"))
    case_number: Mapped[str] = mapped_column(String(8), index=True)
    lifted_at: Mapped[datetime | None]


class DutySlot(Base):
    """A weekly duty slot of a lawyer, in the lawyer's own time zone."""

    __tablename__ = "duty_slots"

    id: Mapped[int] = mapped_column(primary_key=True)
    lawyer_id: Mapped[int] = mapped_column(
        ForeignKey("lawyers.id", ondelete="CASCADE"), index=True
    )
    weekday: Mapped[int]
    """0 is Monday."""
    start_minute: Mapped[int]
    """Minutes after midnight."""
    minutes: Mapped[int]
    """How long it lasts (it may run past midnight)."""


class DutyOverride(Base):
    """A lawyer on (or off) duty for a date range, whatever their weekly slots say."""

    __tablename__ = "duty_overrides"

    id: Mapped[int] = mapped_column(primary_key=True)
    lawyer_id: Mapped[int] = mapped_column(
        ForeignKey("lawyers.id", ondelete="CASCADE"), index=True
    )
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime] = mapped_column(index=True)
    on_duty: Mapped[bool]


class SentOnce(Base):
    """A reminder, nudge or report that must go out once: its key, and when it went."""

    __tablename__ = "sent_once"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), index=True
    )
    sent_at: Mapped[datetime] = mapped_column(index=True)
