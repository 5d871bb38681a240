"""Programmatic Alembic: bring a database to the latest schema and inspect its revision."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.pool import NullPool

from store.engine import create_engine

MIGRATIONS = "store:migrations"
"""Alembic's script location as package data (found with importlib.resources when installed)."""
_FORMAT_NEW_REVISIONS = {
    "hooks": "ruff",
    "ruff.type": "module",
    "ruff.module": "ruff",
    "ruff.options": "format REVISION_SCRIPT_FILENAME",
}


def alembic_config(url: str, *, schema: str | None = None) -> Config:
    """Return an Alembic config for ``url`` (no ``alembic.ini`` needed).

    Usable with :mod:`alembic.command`, e.g. ``command.check(alembic_config(url))``.
    """
    config = _scripts_config()
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    for option, value in _FORMAT_NEW_REVISIONS.items():
        config.set_section_option("post_write_hooks", option, value)
    config.attributes["schema"] = schema
    return config


def _scripts_config() -> Config:
    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    return config


def head_revision() -> str:
    """Return the newest migration's revision id."""
    head = ScriptDirectory.from_config(_scripts_config()).get_current_head()
    if head is None:
        raise RuntimeError("no migrations found")
    return head


async def upgrade(url: str, *, schema: str | None = None) -> None:
    """Migrate the database at ``url`` to the newest revision, in one transaction."""
    config = alembic_config(url, schema=schema)
    async with _connection(url, schema) as connection:
        await connection.run_sync(_upgrade, config)


async def current_revision(url: str, *, schema: str | None = None) -> str | None:
    """Return the database's revision, or ``None`` if it was never migrated."""
    async with _connection(url, schema) as connection:
        return await connection.run_sync(_current_revision)


async def is_up_to_date(url: str, *, schema: str | None = None) -> bool:
    """Tell whether the database is at the newest revision."""
    return await current_revision(url, schema=schema) == head_revision()


@asynccontextmanager
async def _connection(url: str, schema: str | None) -> AsyncIterator[AsyncConnection]:
    engine = create_engine(url, schema=schema, poolclass=NullPool)
    try:
        async with engine.begin() as connection:
            yield connection
    finally:
        await engine.dispose()


def _upgrade(connection: Connection, config: Config) -> None:
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


def _current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()
