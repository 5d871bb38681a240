"""ORM models: the database schema that the migrations in ``store/migrations`` build.

Personal values are stored only as ciphertexts (``LargeBinary``) made by
:class:`store.crypto.Keyring`; users appear only as keyed hashes (``user_key``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, ClassVar

from sqlalchemy import CheckConstraint, DateTime, Dialect, LargeBinary, MetaData, String
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

    REQUESTED = "requested"
    CLOSED = "closed"


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


def _in(column: str, values: type[StrEnum]) -> str:
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
    """A request for a lawyer, known to lawyers by its pseudonymous ``number``."""

    __tablename__ = "cases"
    __table_args__ = (
        CheckConstraint(_in("urgency", Urgency), name="urgency"),
        CheckConstraint(_in("status", CaseStatus), name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(8), unique=True)
    user_key: Mapped[str] = mapped_column(String(USER_KEY_LENGTH), index=True)
    urgency: Mapped[str | None] = mapped_column(String(16))
    summary: Mapped[bytes] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
