"""Migrations: from empty to head, no drift from the models, reversible."""

from __future__ import annotations

from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from store import head_revision, is_up_to_date, upgrade
from store.migrate import alembic_config, current_revision
from store.models import Base
from tests.store.backends import Backend


def drift(connection: Connection) -> list[Any]:
    """What ``alembic check`` would complain about."""
    differences: list[Any] = compare_metadata(
        MigrationContext.configure(connection), Base.metadata
    )
    return differences


def table_names(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


def downgrade_to_base(connection: Connection, url: str) -> None:
    config = alembic_config(url)
    config.attributes["connection"] = connection
    command.downgrade(config, "base")


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
