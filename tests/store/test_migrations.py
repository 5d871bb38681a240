"""Migrations: from empty to head, no drift from the models, reversible."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from store import (
    CaseStatus,
    Database,
    Keyring,
    head_revision,
    is_up_to_date,
    new_revision,
    upgrade,
)
from store.migrate import alembic_config, current_revision
from store.models import Base
from tests.store.backends import Backend
from tests.store.helpers import summary


def drift(connection: Connection) -> list[Any]:
    """What ``alembic check`` would complain about."""
    differences: list[Any] = compare_metadata(
        MigrationContext.configure(connection), Base.metadata
    )
    return differences


def table_names(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


def downgrade_to_base(connection: Connection, url: str) -> None:
    downgrade_to(connection, url, "base")


def downgrade_to(connection: Connection, url: str, revision: str) -> None:
    config = alembic_config(url)
    config.attributes["connection"] = connection
    command.downgrade(config, revision)


async def test_empty_database_is_not_up_to_date(backend: Backend) -> None:
    assert await current_revision(backend.url, schema=backend.schema) is None
    assert not await is_up_to_date(backend.url, schema=backend.schema)


async def test_upgrade_from_empty_to_head_matches_the_models(backend: Backend) -> None:
    await upgrade(backend.url, schema=backend.schema)
    assert await current_revision(backend.url, schema=backend.schema) == head_revision()
    assert await is_up_to_date(backend.url, schema=backend.schema)
    async with backend.raw() as connection:
        assert await connection.run_sync(drift) == []


async def test_upgrade_twice_is_harmless(backend: Backend) -> None:
    await upgrade(backend.url, schema=backend.schema)
    await upgrade(backend.url, schema=backend.schema)
    assert await is_up_to_date(backend.url, schema=backend.schema)


async def test_downgrade_to_base_removes_every_table(backend: Backend) -> None:
    await upgrade(backend.url, schema=backend.schema)
    async with backend.raw() as connection:
        await connection.run_sync(downgrade_to_base, backend.url)
    async with backend.raw() as connection:
        assert await connection.run_sync(table_names) == {"alembic_version"}
    await upgrade(backend.url, schema=backend.schema)
    assert await is_up_to_date(backend.url, schema=backend.schema)


async def test_cases_survive_0002_down_and_up_again(backend: Backend, keyring: Keyring) -> None:
    """0002 turns requested cases into open ones, due at once; its downgrade undoes that."""
    await upgrade(backend.url, schema=backend.schema)
    db = Database(backend.url, keyring, schema=backend.schema)
    try:
        async with db.transaction() as tx:
            lawyer = await tx.lawyers.add(1, "L", "ru", False)
            waiting = await tx.cases.create(keyring.user_key(2), "urgent", summary({"n": "1"}))
            claimed = await tx.cases.create(keyring.user_key(3), "high", summary({"n": "2"}))
            closed = await tx.cases.create(keyring.user_key(4), None, summary({"n": "3"}))
            await tx.cases.claim(claimed.id, lawyer.id)
            await tx.cases.close(closed.id, "resolved")
        async with backend.raw() as connection:
            await connection.run_sync(downgrade_to, backend.url, "0001")
        async with backend.raw() as connection:
            assert await connection.run_sync(table_names) == {
                "alembic_version",
                "conversations",
                "cases",
            }
            rows = await connection.exec_driver_sql("SELECT id, status FROM cases ORDER BY id")
            assert [tuple(row) for row in rows] == [
                (waiting.id, "requested"),
                (claimed.id, "requested"),
                (closed.id, "closed"),
            ]
        await upgrade(backend.url, schema=backend.schema)
        async with db.transaction() as tx:
            due = await tx.cases.due_for_escalation(waiting.created_at)
            after = [await tx.cases.get(case.id) for case in (waiting, claimed, closed)]
        assert [case.id for case in due] == [waiting.id]
        assert [(case.status, case.summary) for case in after if case is not None] == [
            (CaseStatus.OPEN, summary({"n": "1"})),
            (CaseStatus.OPEN, summary({"n": "2"})),
            (CaseStatus.CLOSED, summary({"n": "3"})),
        ]
        assert [case.next_escalation_at for case in after if case is not None] == [
            waiting.created_at,
            claimed.created_at,
            None,
        ]
    finally:
        await db.dispose()


async def test_0003_down_keeps_what_hangs_on_cases_and_up_counts_existing_cases(
    backend: Backend, keyring: Keyring
) -> None:
    """SQLite drops 0003's columns in place: a table copy would cascade-delete cards."""
    await upgrade(backend.url, schema=backend.schema)
    db = Database(backend.url, keyring, schema=backend.schema)
    try:
        async with db.transaction() as tx:
            lawyer = await tx.lawyers.add(1, "L", "ru", False)
            claimed = await tx.cases.create(keyring.user_key(2), "urgent", summary({"n": "1"}))
            closed = await tx.cases.create(keyring.user_key(3), None, summary({"n": "2"}))
            await tx.cases.claim(claimed.id, lawyer.id)
            await tx.cases.close(closed.id, "resolved")
            item = await tx.outbox.add("card", 1, {}, case_id=claimed.id)
            await tx.cards.add(claimed.id, lawyer.id, outbox_id=item)
            await tx.notes.add(claimed.id, lawyer.id, "note")
            await tx.messages.remember(keyring.user_key(2), [1])
        async with backend.raw() as connection:
            await connection.run_sync(downgrade_to, backend.url, "0002")
        async with backend.raw() as connection:
            assert "message_refs" not in await connection.run_sync(table_names)
            counts = [
                (await connection.exec_driver_sql(f"SELECT count(*) FROM {table}")).scalar()
                for table in ("cases", "outbox", "case_cards", "case_notes")
            ]
            outbox_ids = await connection.exec_driver_sql("SELECT outbox_id FROM case_cards")
            assert [row[0] for row in outbox_ids] == [item]
        assert counts == [2, 1, 1, 1]
        await upgrade(backend.url, schema=backend.schema)
        async with backend.raw() as connection:
            rows = await connection.exec_driver_sql(
                "SELECT s.urgency, s.claimed_after_seconds IS NOT NULL, s.outcome, "
                "s.closed_on IS NOT NULL FROM cases c JOIN case_stats s ON s.id = c.stats_id "
                "ORDER BY c.id"
            )
            assert [tuple(row) for row in rows] == [
                ("urgent", True, None, False),
                (None, False, "resolved", True),
            ]
            assert await connection.run_sync(drift) == []
    finally:
        await db.dispose()


async def test_a_new_revision_holds_what_the_models_added(tmp_path: Path) -> None:
    table = sa.Table(
        "contributor_example",
        Base.metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("note", sa.String(40)),
    )
    try:
        written = await new_revision("add contributor example", into=tmp_path)
    finally:
        Base.metadata.remove(table)
    following = f"{int(head_revision()) + 1:04d}"
    assert written.path == tmp_path / f"{following}_add_contributor_example.py"
    assert written.changes == 1
    text = written.path.read_text(encoding="utf-8")
    assert f'revision: str = "{following}"' in text
    assert f'down_revision: str | Sequence[str] | None = "{head_revision()}"' in text
    assert 'op.create_table(\n        "contributor_example",' in text, "ruff-formatted"
    assert 'op.drop_table("contributor_example")' in text


async def test_a_revision_without_schema_changes_is_left_to_write_by_hand(tmp_path: Path) -> None:
    written = await new_revision("backfill something", into=tmp_path)
    assert written.changes == 0
    assert "    pass\n" in written.path.read_text(encoding="utf-8")
