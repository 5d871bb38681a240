"""Creation of async engines with the settings each supported backend needs."""

from __future__ import annotations

import os
import re
import stat
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import ConnectionPoolEntry

SQLITE_BUSY_TIMEOUT_MS = 5000
_SCHEMA_PATTERN = re.compile(r"[a-z_][a-z0-9_]{0,62}")
DRIVERS = ("sqlite+aiosqlite", "postgresql+asyncpg")
"""The database URLs' schemes the store works with."""


def check_url(url: str) -> None:
    """Raise :class:`ValueError` (saying what works) unless the store can use ``url``."""
    try:
        driver = make_url(url).drivername
    except ArgumentError:
        raise ValueError(
            "is not a database URL; e.g. sqlite+aiosqlite:///data/boshpana.sqlite3 or "
            "postgresql+asyncpg://user@host/db"
        ) from None
    if driver not in DRIVERS:
        raise ValueError(f"the driver {driver!r} is not supported; use {' or '.join(DRIVERS)}")


def check_schema(schema: str) -> None:
    """Raise :class:`ValueError` unless ``schema`` is a lower-case SQL identifier."""
    if not _SCHEMA_PATTERN.fullmatch(schema):
        raise ValueError(f"{schema!r} is not a lower-case SQL identifier (a-z 0-9 _)")


def create_engine(url: str, *, schema: str | None = None, **kwargs: Any) -> AsyncEngine:
    """Create an async engine for SQLite (aiosqlite) or PostgreSQL (asyncpg).

    ``schema`` puts every table of a PostgreSQL database in that schema (via
    ``search_path``); extra ``kwargs`` go to :func:`create_async_engine`.
    """
    backend = make_url(url).get_backend_name()
    if backend == "postgresql" and schema is not None:
        check_schema(schema)
        connect_args = dict(kwargs.get("connect_args", {}))
        connect_args["server_settings"] = {
            **connect_args.get("server_settings", {}),
            "search_path": schema,
        }
        kwargs["connect_args"] = connect_args
    elif schema is not None:
        raise ValueError("schema is only supported on PostgreSQL")
    if backend == "sqlite":
        _private_file(make_url(url).database)
    engine = create_async_engine(url, **kwargs)
    if backend == "sqlite":
        event.listen(engine.sync_engine, "connect", _configure_sqlite)
        event.listen(engine.sync_engine, "begin", _begin_immediate)
    return engine


def safe_url(url: str) -> str:
    """A database URL fit for logs and messages: the password hidden."""
    return make_url(url).render_as_string(hide_password=True)


def _private_file(path: str | None) -> None:
    """Create the SQLite file readable by its owner only (SQLite gives its journal files
    the same mode), and tighten an existing one that is not."""
    if not path or path == ":memory:" or path.startswith("file:"):
        return
    try:
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        if stat.S_IMODE(os.stat(path).st_mode) & 0o077:
            os.chmod(path, 0o600)
    except OSError:
        return  # no such folder, or not ours: SQLite says so when it connects


def _configure_sqlite(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    # Take over BEGIN from the sqlite3 driver so SELECTs run inside the transaction.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    # Overwrite deleted content with zeros, so erased rows do not linger in free space.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def _begin_immediate(connection: Connection) -> None:
    # Take the write lock at once: a read-then-write transaction cannot then fail midway.
    connection.exec_driver_sql("BEGIN IMMEDIATE")
