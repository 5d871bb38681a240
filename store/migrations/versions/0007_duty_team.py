"""A duty team: weekly slots and overrides, lawyers' time zones and languages, sent-once keys.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create duty_slots, duty_overrides and sent_once; lawyers learn zone and languages."""
    op.add_column("lawyers", sa.Column("time_zone", sa.String(length=64), nullable=True))
    op.add_column("lawyers", sa.Column("languages", sa.String(length=64), nullable=True))
    op.add_column("lawyers", sa.Column("scheduled", sa.Boolean(), nullable=True))
    op.create_table(
        "duty_slots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lawyer_id", sa.Integer(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("start_minute", sa.Integer(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["lawyer_id"],
            ["lawyers.id"],
            name=op.f("fk_duty_slots_lawyer_id_lawyers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duty_slots")),
    )
    op.create_index(op.f("ix_duty_slots_lawyer_id"), "duty_slots", ["lawyer_id"], unique=False)
    op.create_table(
        "duty_overrides",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lawyer_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("on_duty", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["lawyer_id"],
            ["lawyers.id"],
            name=op.f("fk_duty_overrides_lawyer_id_lawyers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duty_overrides")),
    )
    op.create_index(
        op.f("ix_duty_overrides_lawyer_id"), "duty_overrides", ["lawyer_id"], unique=False
    )
    op.create_index(op.f("ix_duty_overrides_ends_at"), "duty_overrides", ["ends_at"], unique=False)
    op.create_table(
        "sent_once",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_sent_once_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sent_once")),
    )
    op.create_index(op.f("ix_sent_once_case_id"), "sent_once", ["case_id"], unique=False)
    op.create_index(op.f("ix_sent_once_sent_at"), "sent_once", ["sent_at"], unique=False)


def downgrade() -> None:
    """Drop what :func:`upgrade` made."""
    op.drop_table("sent_once")
    op.drop_table("duty_overrides")
    op.drop_table("duty_slots")
    op.drop_column("lawyers", "scheduled")
    op.drop_column("lawyers", "languages")
    op.drop_column("lawyers", "time_zone")
