"""The desk: a case's timeline, lawyers' held messages, removed lawyers, steps in progress.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create case_events and held_messages; lawyers learn removal and steps in progress."""
    op.create_table(
        "case_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("lawyer_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_case_events_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["lawyer_id"],
            ["lawyers.id"],
            name=op.f("fk_case_events_lawyer_id_lawyers"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_events")),
    )
    op.create_index(op.f("ix_case_events_case_id"), "case_events", ["case_id"], unique=False)
    op.create_table(
        "held_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lawyer_id", sa.Integer(), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["lawyer_id"],
            ["lawyers.id"],
            name=op.f("fk_held_messages_lawyer_id_lawyers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_held_messages")),
    )
    op.create_index(
        op.f("ix_held_messages_lawyer_id"), "held_messages", ["lawyer_id"], unique=False
    )
    op.add_column("lawyers", sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("lawyers", sa.Column("awaiting", sa.String(length=40), nullable=True))


def downgrade() -> None:
    """Drop the timeline and held messages; removed lawyers are deleted."""
    op.execute(sa.text("DELETE FROM lawyers WHERE removed_at IS NOT NULL"))
    op.drop_column("lawyers", "awaiting")
    op.drop_column("lawyers", "removed_at")
    op.drop_index(op.f("ix_held_messages_lawyer_id"), table_name="held_messages")
    op.drop_table("held_messages")
    op.drop_index(op.f("ix_case_events_case_id"), table_name="case_events")
    op.drop_table("case_events")
