"""Escalation: lawyers, claimable cases, outbox, case cards, audit, notes, relay links.

Cases that were ``requested`` become ``open`` and due for escalation at once, so the
first lawyers to come on duty see them.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_STATUS_CHECK = "status IN ('requested', 'closed')"
NEW_STATUS_CHECK = "status IN ('requested', 'open', 'claimed', 'closed')"


def upgrade() -> None:
    """Create the escalation tables and let cases be claimed."""
    op.create_table(
        "lawyers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_key", sa.String(length=64), nullable=False),
        sa.Column("chat_ref", sa.LargeBinary(), nullable=False),
        sa.Column("name", sa.LargeBinary(), nullable=False),
        sa.Column("locale", sa.String(length=16), nullable=False),
        sa.Column("coordinator", sa.Boolean(), nullable=False),
        sa.Column("on_duty", sa.Boolean(), nullable=False),
        sa.Column("reachable", sa.Boolean(), nullable=False),
        sa.Column("active_case_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["active_case_id"],
            ["cases.id"],
            name=op.f("fk_lawyers_active_case_id_cases"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lawyers")),
        sa.UniqueConstraint("user_key", name=op.f("uq_lawyers_user_key")),
    )
    with op.batch_alter_table("cases") as batch_op:
        batch_op.add_column(sa.Column("lawyer_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("outcome", sa.String(length=32), nullable=True))
        batch_op.add_column(
            sa.Column("next_escalation_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column(
                "escalation_round", sa.Integer(), server_default=sa.text("0"), nullable=False
            )
        )
        batch_op.create_foreign_key(
            op.f("fk_cases_lawyer_id_lawyers"),
            "lawyers",
            ["lawyer_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_index(op.f("ix_cases_lawyer_id"), ["lawyer_id"], unique=False)
        batch_op.create_index(
            op.f("ix_cases_next_escalation_at"), ["next_escalation_at"], unique=False
        )
        batch_op.drop_constraint(op.f("ck_cases_status"), type_="check")
        batch_op.create_check_constraint(op.f("ck_cases_status"), NEW_STATUS_CHECK)
        batch_op.create_check_constraint(
            op.f("ck_cases_claimed_has_lawyer"),
            "status <> 'claimed' OR lawyer_id IS NOT NULL",
        )
    op.execute(
        "UPDATE cases SET status = 'open', next_escalation_at = created_at "
        "WHERE status = 'requested'"
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("chat_ref", sa.LargeBinary(), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=200), nullable=True),
        sa.Column("result", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "state IN ('pending', 'sending', 'delivered', 'failed')",
            name=op.f("ck_outbox_state"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_outbox_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("ref", name=op.f("uq_outbox_ref")),
    )
    op.create_index(op.f("ix_outbox_case_id"), "outbox", ["case_id"], unique=False)
    op.create_index("ix_outbox_state_due_at", "outbox", ["state", "due_at"], unique=False)
    op.create_table(
        "case_cards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("lawyer_id", sa.Integer(), nullable=False),
        sa.Column("outbox_id", sa.Integer(), nullable=True),
        sa.Column("message_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_case_cards_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["lawyer_id"],
            ["lawyers.id"],
            name=op.f("fk_case_cards_lawyer_id_lawyers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["outbox_id"],
            ["outbox.id"],
            name=op.f("fk_case_cards_outbox_id_outbox"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_cards")),
    )
    op.create_index(op.f("ix_case_cards_case_id"), "case_cards", ["case_id"], unique=False)
    op.create_index(op.f("ix_case_cards_lawyer_id"), "case_cards", ["lawyer_id"], unique=False)
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=32), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_audit_case_id_cases"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit")),
    )
    op.create_index(op.f("ix_audit_at"), "audit", ["at"], unique=False)
    op.create_index(op.f("ix_audit_case_id"), "audit", ["case_id"], unique=False)
    op.create_table(
        "case_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("lawyer_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_case_notes_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["lawyer_id"],
            ["lawyers.id"],
            name=op.f("fk_case_notes_lawyer_id_lawyers"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_notes")),
    )
    op.create_index(op.f("ix_case_notes_case_id"), "case_notes", ["case_id"], unique=False)
    op.create_table(
        "relay_links",
        sa.Column("lawyer_id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_relay_links_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["lawyer_id"],
            ["lawyers.id"],
            name=op.f("fk_relay_links_lawyer_id_lawyers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("lawyer_id", "message_id", name=op.f("pk_relay_links")),
    )
    op.create_index(op.f("ix_relay_links_case_id"), "relay_links", ["case_id"], unique=False)


def downgrade() -> None:
    """Drop the escalation tables; open and claimed cases become ``requested`` again."""
    op.drop_index(op.f("ix_relay_links_case_id"), table_name="relay_links")
    op.drop_table("relay_links")
    op.drop_index(op.f("ix_case_notes_case_id"), table_name="case_notes")
    op.drop_table("case_notes")
    op.drop_index(op.f("ix_audit_case_id"), table_name="audit")
    op.drop_index(op.f("ix_audit_at"), table_name="audit")
    op.drop_table("audit")
    op.drop_index(op.f("ix_case_cards_lawyer_id"), table_name="case_cards")
    op.drop_index(op.f("ix_case_cards_case_id"), table_name="case_cards")
    op.drop_table("case_cards")
    op.drop_index("ix_outbox_state_due_at", table_name="outbox")
    op.drop_index(op.f("ix_outbox_case_id"), table_name="outbox")
    op.drop_table("outbox")
    op.execute("UPDATE cases SET status = 'requested' WHERE status IN ('open', 'claimed')")
    with op.batch_alter_table("cases") as batch_op:
        batch_op.drop_constraint(op.f("ck_cases_claimed_has_lawyer"), type_="check")
        batch_op.drop_constraint(op.f("ck_cases_status"), type_="check")
        batch_op.create_check_constraint(op.f("ck_cases_status"), OLD_STATUS_CHECK)
        batch_op.drop_index(op.f("ix_cases_next_escalation_at"))
        batch_op.drop_index(op.f("ix_cases_lawyer_id"))
        batch_op.drop_constraint(op.f("fk_cases_lawyer_id_lawyers"), type_="foreignkey")
        batch_op.drop_column("escalation_round")
        batch_op.drop_column("next_escalation_at")
        batch_op.drop_column("outcome")
        batch_op.drop_column("closed_at")
        batch_op.drop_column("claimed_at")
        batch_op.drop_column("lawyer_id")
    op.drop_table("lawyers")
