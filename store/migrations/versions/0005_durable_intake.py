"""Durable intake and delivery: the inbox of updates, leased outbox claims, lanes, resends.

The inbox replaces ``processed_updates`` (the ids already processed are kept as finished
updates, so a late redelivery is still recognised). Outbox items get a lane (one
addressee's items of a lane go out in order), a lease on their claim, and a flag for a
possible repeat; an item a crashed process left ``sending`` gets a lease that has already
run out, so the next worker takes it at once. Relay links learn when they were made and
whether the lawyer wrote the message, so /forget can tell which copies in lawyers' chats
Telegram still lets the bot delete, and leaves the lawyers' own words alone.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATE_CHECK = "state IN ('pending', 'done', 'failed')"

_processed = sa.table(
    "processed_updates",
    sa.column("update_id", sa.BigInteger()),
    sa.column("processed_at", sa.DateTime(timezone=True)),
)
_inbox = sa.table(
    "inbox",
    sa.column("update_id", sa.BigInteger()),
    sa.column("state", sa.String()),
    sa.column("attempts", sa.Integer()),
    sa.column("received_at", sa.DateTime(timezone=True)),
    sa.column("finished_at", sa.DateTime(timezone=True)),
)
_outbox = sa.table(
    "outbox",
    sa.column("state", sa.String()),
    sa.column("claimed_at", sa.DateTime(timezone=True)),
    sa.column("lease_until", sa.DateTime(timezone=True)),
)


def upgrade() -> None:
    """Create the inbox from the ledger, and give the outbox lanes, leases and resends."""
    op.create_table(
        "inbox",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("user_key", sa.String(length=64), nullable=True),
        sa.Column("payload", sa.LargeBinary(), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=200), nullable=True),
        sa.CheckConstraint(STATE_CHECK, name=op.f("ck_inbox_state")),
        sa.PrimaryKeyConstraint("update_id", name=op.f("pk_inbox")),
    )
    op.create_index(op.f("ix_inbox_finished_at"), "inbox", ["finished_at"], unique=False)
    op.create_index("ix_inbox_state_lease_until", "inbox", ["state", "lease_until"])
    op.create_index("ix_inbox_user_key_state", "inbox", ["user_key", "state"])
    op.execute(
        sa.insert(_inbox).from_select(
            ["update_id", "state", "attempts", "received_at", "finished_at"],
            sa.select(
                _processed.c.update_id,
                sa.literal("done"),
                sa.literal(1),
                _processed.c.processed_at,
                _processed.c.processed_at,
            ),
        )
    )
    op.drop_index(op.f("ix_processed_updates_processed_at"), table_name="processed_updates")
    op.drop_table("processed_updates")

    op.add_column(
        "outbox",
        sa.Column("lane", sa.String(length=16), server_default=sa.text("'chat'"), nullable=False),
    )
    op.add_column(
        "outbox",
        sa.Column("resend", sa.Boolean(), server_default=sa.text("false"), nullable=False),
    )
    op.add_column("outbox", sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True))
    op.create_index("ix_outbox_user_key_lane_state", "outbox", ["user_key", "lane", "state"])
    op.add_column("relay_links", sa.Column("linked_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column(
        "relay_links",
        sa.Column("own", sa.Boolean(), server_default=sa.text("false"), nullable=False),
    )
    op.execute(
        sa.update(_outbox)
        .where(_outbox.c.state == "sending")
        .values(lease_until=_outbox.c.claimed_at)
    )


def downgrade() -> None:
    """Back to the ledger of processed update ids; the outbox loses lanes and leases."""
    op.drop_column("relay_links", "own")
    op.drop_column("relay_links", "linked_at")
    op.drop_index("ix_outbox_user_key_lane_state", table_name="outbox")
    op.drop_column("outbox", "lease_until")
    op.drop_column("outbox", "resend")
    op.drop_column("outbox", "lane")
    op.create_table(
        "processed_updates",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("update_id", name=op.f("pk_processed_updates")),
    )
    op.create_index(
        op.f("ix_processed_updates_processed_at"),
        "processed_updates",
        ["processed_at"],
        unique=False,
    )
    op.execute(
        sa.insert(_processed).from_select(
            ["update_id", "processed_at"],
            sa.select(_inbox.c.update_id, _inbox.c.finished_at).where(_inbox.c.state == "done"),
        )
    )
    op.drop_index("ix_inbox_user_key_state", table_name="inbox")
    op.drop_index("ix_inbox_state_lease_until", table_name="inbox")
    op.drop_index(op.f("ix_inbox_finished_at"), table_name="inbox")
    op.drop_table("inbox")
