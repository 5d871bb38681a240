"""Privacy: message references for /clear, case counters that outlive purges, abuse blocks.

Outbox items learn their addressee's user key (existing items keep ``NULL``: the key
is not available to migrations), and every existing case gets its counters row.

The downgrade drops columns with SQLite's own ``ALTER TABLE ... DROP COLUMN``: a batch
copy of ``cases`` or ``outbox`` would drop the table, and with foreign keys on that
deletes the cards, notes and outbox items hanging on it.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

URGENCY_CHECK = "urgency IN ('urgent', 'high', 'moderate', 'low')"

_cases = sa.table(
    "cases",
    sa.column("id", sa.Integer()),
    sa.column("urgency", sa.String()),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("claimed_at", sa.DateTime(timezone=True)),
    sa.column("closed_at", sa.DateTime(timezone=True)),
    sa.column("outcome", sa.String()),
    sa.column("stats_id", sa.Integer()),
)
_case_stats = sa.table(
    "case_stats",
    sa.column("id", sa.Integer()),
    sa.column("opened_on", sa.Date()),
    sa.column("urgency", sa.String()),
    sa.column("claimed_after_seconds", sa.Integer()),
    sa.column("outcome", sa.String()),
    sa.column("closed_on", sa.Date()),
)


def upgrade() -> None:
    """Create message_refs, case_stats and case_blocks; link cases and outbox items."""
    op.create_table(
        "message_refs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_key", sa.String(length=64), nullable=False),
        sa.Column("ref", sa.LargeBinary(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_message_refs")),
    )
    op.create_index(op.f("ix_message_refs_user_key"), "message_refs", ["user_key"], unique=False)
    op.create_index(op.f("ix_message_refs_sent_at"), "message_refs", ["sent_at"], unique=False)
    op.create_table(
        "case_stats",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("urgency", sa.String(length=16), nullable=True),
        sa.Column("claimed_after_seconds", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=32), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.CheckConstraint(URGENCY_CHECK, name=op.f("ck_case_stats_urgency")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_stats")),
    )
    op.create_table(
        "case_blocks",
        sa.Column("user_key", sa.String(length=64), nullable=False),
        sa.Column("chat_ref", sa.LargeBinary(), nullable=True),
        sa.Column("blocked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by_lawyer_id", sa.Integer(), nullable=True),
        sa.Column("case_number", sa.String(length=8), nullable=False),
        sa.Column("lifted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["by_lawyer_id"],
            ["lawyers.id"],
            name=op.f("fk_case_blocks_by_lawyer_id_lawyers"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("user_key", name=op.f("pk_case_blocks")),
    )
    op.create_index(
        op.f("ix_case_blocks_case_number"), "case_blocks", ["case_number"], unique=False
    )
    op.add_column("outbox", sa.Column("user_key", sa.String(length=64), nullable=True))
    op.create_index(op.f("ix_outbox_user_key"), "outbox", ["user_key"], unique=False)
    op.add_column("cases", sa.Column("stats_id", sa.Integer(), nullable=True))
    _count_existing_cases()


def _count_existing_cases() -> None:
    connection = op.get_bind()
    for case in connection.execute(sa.select(_cases).order_by(_cases.c.id)).all():
        claimed_after = None
        if case.claimed_at is not None:
            claimed_after = round((_utc(case.claimed_at) - _utc(case.created_at)).total_seconds())
        stats_id = connection.scalar(
            sa.insert(_case_stats)
            .values(
                opened_on=_utc(case.created_at).date(),
                urgency=case.urgency,
                claimed_after_seconds=claimed_after,
                outcome=case.outcome if case.closed_at is not None else None,
                closed_on=None if case.closed_at is None else _utc(case.closed_at).date(),
            )
            .returning(_case_stats.c.id)
        )
        connection.execute(
            sa.update(_cases).where(_cases.c.id == case.id).values(stats_id=stats_id)
        )


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def downgrade() -> None:
    """Drop the new tables and columns; the counters go with them."""
    op.drop_column("cases", "stats_id")
    op.drop_index(op.f("ix_outbox_user_key"), table_name="outbox")
    op.drop_column("outbox", "user_key")
    op.drop_index(op.f("ix_case_blocks_case_number"), table_name="case_blocks")
    op.drop_table("case_blocks")
    op.drop_table("case_stats")
    op.drop_index(op.f("ix_message_refs_sent_at"), table_name="message_refs")
    op.drop_index(op.f("ix_message_refs_user_key"), table_name="message_refs")
    op.drop_table("message_refs")
