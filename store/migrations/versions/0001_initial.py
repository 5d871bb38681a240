"""Initial schema: conversations and cases.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the conversations and cases tables."""
    op.create_table(
        "conversations",
        sa.Column("user_key", sa.String(length=64), nullable=False),
        sa.Column("chat_ref", sa.LargeBinary(), nullable=False),
        sa.Column("state", sa.LargeBinary(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_key", name=op.f("pk_conversations")),
    )
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=8), nullable=False),
        sa.Column("user_key", sa.String(length=64), nullable=False),
        sa.Column("urgency", sa.String(length=16), nullable=True),
        sa.Column("summary", sa.LargeBinary(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "urgency IN ('urgent', 'high', 'moderate', 'low')", name=op.f("ck_cases_urgency")
        ),
        sa.CheckConstraint("status IN ('requested', 'closed')", name=op.f("ck_cases_status")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
        sa.UniqueConstraint("number", name=op.f("uq_cases_number")),
    )
    op.create_index(op.f("ix_cases_user_key"), "cases", ["user_key"], unique=False)


def downgrade() -> None:
    """Drop the conversations and cases tables."""
    op.drop_index(op.f("ix_cases_user_key"), table_name="cases")
    op.drop_table("cases")
    op.drop_table("conversations")
