"""Which database the end-to-end tests run the bot on: SQLite, or a fresh PostgreSQL schema.

``BOSHPANA_TEST_DATABASE=postgres`` (with ``BOSHPANA_TEST_POSTGRES_URL``) runs every
bot on its own new schema of that database, migrated to the newest revision and dropped
at the end of the session. Schemas are made synchronously (in a helper thread with its
own event loop) because settings are made in plain functions and fixtures.
"""

from __future__ import annotations

import asyncio
import os
import secrets
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from store import upgrade

DATABASE_ENV = "BOSHPANA_TEST_DATABASE"
POSTGRES_URL_ENV = "BOSHPANA_TEST_POSTGRES_URL"
_created: list[tuple[str, str]] = []


def postgres_url() -> str | None:
    """The test PostgreSQL server's URL, if one is configured."""
    return os.environ.get(POSTGRES_URL_ENV) or None


def e2e_database() -> str | None:
    """The PostgreSQL URL the bots should use, or None for SQLite files.

    Asking for PostgreSQL without a URL is a mistake, not a reason to fall back.
    """
    choice = os.environ.get(DATABASE_ENV, "sqlite").lower()
    if choice in {"", "sqlite"}:
        return None
    if choice not in {"postgres", "postgresql"}:
        raise RuntimeError(f"{DATABASE_ENV} must be sqlite or postgres, not {choice!r}")
    url = postgres_url()
    if url is None:
        raise RuntimeError(f"{DATABASE_ENV}=postgres needs {POSTGRES_URL_ENV}")
    return url


def fresh_schema(url: str) -> str:
    """Create a new schema on ``url``, migrate it, and return its name."""
    schema = f"boshpana_e2e_{secrets.token_hex(6)}"
    _in_thread(_create(url, schema))
    _created.append((url, schema))
    return schema


def drop_created_schemas() -> None:
    """Drop every schema :func:`fresh_schema` made."""
    while _created:
        url, schema = _created.pop()
        _in_thread(_execute(url, f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))


async def _create(url: str, schema: str) -> None:
    await _execute(url, f'CREATE SCHEMA "{schema}"')
    await upgrade(url, schema=schema)


async def _execute(url: str, statement: str) -> None:
    engine = create_async_engine(url, poolclass=NullPool)
    try:
        async with engine.begin() as connection:
            await connection.exec_driver_sql(statement)
    finally:
        await engine.dispose()


def _in_thread(work: Coroutine[Any, Any, None]) -> None:
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, work).result()
