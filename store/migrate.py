"""Programmatic Alembic: bring a database to the latest schema, inspect its revision, and
write the next migration from the models (``boshpana db revision``).

Alembic (with Mako and Pygments, ~10 MB) is imported only to migrate or write a migration:
telling whether a database is up to date reads the revision table and the migrations'
``revision`` lines, so a bot whose database is current never loads it.
"""

from __future__ import annotations

import ast
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.pool import NullPool

from store.engine import create_engine
from store.models import Base

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import Script

VERSION_TABLE = "alembic_version"
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
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    return config


def head_revision() -> str:
    """Return the newest migration's revision id: the one no other migration revises."""
    revisions: set[str] = set()
    revised: set[str] = set()
    for script in (resources.files("store") / "migrations" / "versions").iterdir():
        if script.name.endswith(".py"):
            values = _assigned(script.read_text(encoding="utf-8"))
            revisions.add(str(values["revision"]))
            down = values.get("down_revision")
            if isinstance(down, str):
                revised.add(down)
            elif isinstance(down, tuple | list):
                revised.update(str(each) for each in down)
    heads = revisions - revised
    if len(heads) != 1:
        raise RuntimeError(f"expected one newest migration, found {sorted(heads)}")
    return heads.pop()


def _assigned(source: str) -> dict[str, object]:
    """A migration's module-level constants (``revision``, ``down_revision``)."""
    values: dict[str, object] = {}
    for node in ast.parse(source).body:
        targets: list[ast.expr]
        if isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        elif isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        else:
            continue
        for target in targets:
            if isinstance(target, ast.Name):
                try:
                    values[target.id] = ast.literal_eval(value)
                except ValueError:
                    continue
    return values


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
    from alembic import command

    config.attributes["connection"] = connection
    command.upgrade(config, "head")


def _current_revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table(VERSION_TABLE):
        return None
    versions = list(connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars())
    if len(versions) > 1:
        raise RuntimeError(f"the database has several revisions: {sorted(versions)}")
    return versions[0] if versions else None


@dataclass(frozen=True)
class NewRevision:
    """A migration :func:`new_revision` wrote, and how many schema changes it found."""

    path: Path
    changes: int


async def new_revision(message: str, *, into: Path | None = None) -> NewRevision:
    """Write the next migration (``0005_<message>.py`` after ``0004``), autogenerated.

    The models are compared with a fresh SQLite database migrated to the newest revision,
    so no live database is needed or touched. It is written into the migrations of this
    source checkout, or into ``into``. With no schema change found, ``upgrade`` and
    ``downgrade`` are left for a data migration written by hand.
    """
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(_scripts_config())
    if into is None and not (Path(scripts.dir).parents[1] / "pyproject.toml").is_file():
        raise ValueError(
            f"migrations are written into the source tree, but {scripts.dir} is an "
            "installed copy: run this in a checkout installed with pip install -e ."
        )
    rev_id = f"{int(head_revision()) + 1:04d}"
    with TemporaryDirectory(prefix="boshpana-revision-") as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'head.sqlite3'}"
        await upgrade(url)
        config = alembic_config(url)
        if into is not None:
            config.set_main_option("path_separator", "os")
            config.set_main_option("version_locations", f"{scripts.versions}:{into}")
        async with _connection(url, None) as connection:
            changes = await connection.run_sync(_changes)
            script = await connection.run_sync(_revise, config, message, rev_id, into)
    return NewRevision(Path(script.path), changes)


def _changes(connection: Connection) -> int:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    return len(compare_metadata(MigrationContext.configure(connection), Base.metadata))


def _revise(
    connection: Connection, config: Config, message: str, rev_id: str, into: Path | None
) -> Script:
    from alembic import command
    from alembic.script import Script

    config.attributes["connection"] = connection
    script = command.revision(
        config,
        message=message,
        autogenerate=True,
        rev_id=rev_id,
        version_path=None if into is None else str(into),
    )
    assert isinstance(script, Script)
    return script
