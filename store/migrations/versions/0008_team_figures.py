"""Team figures: who took a case and when, the first message to the client, the deadline.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (
    ("claimed_on", sa.Date()),
    ("first_message_after_seconds", sa.Integer()),
    ("first_message_on", sa.Date()),
    ("deadline_on", sa.Date()),
)


def upgrade() -> None:
    """case_stats learns the lawyer, the first message and the deadline of each case."""
    with op.batch_alter_table("case_stats") as batch:
        batch.add_column(sa.Column("lawyer_id", sa.Integer(), nullable=True))
        for name, kind in COLUMNS:
            batch.add_column(sa.Column(name, kind, nullable=True))
        batch.create_foreign_key(
            op.f("fk_case_stats_lawyer_id_lawyers"),
            "lawyers",
            ["lawyer_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    """Drop what :func:`upgrade` added."""
    with op.batch_alter_table("case_stats") as batch:
        batch.drop_constraint(op.f("fk_case_stats_lawyer_id_lawyers"), type_="foreignkey")
        batch.drop_column("lawyer_id")
        for name, _ in reversed(COLUMNS):
            batch.drop_column(name)
