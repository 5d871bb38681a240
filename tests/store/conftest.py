"""Fixtures: a fresh migrated database per test, on every configured backend."""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from store import Database, Keyring, default_database_url, generate_secret, upgrade
from tests.store.backends import POSTGRES_URL_ENV, Backend


@pytest.fixture(params=["sqlite", "postgresql"])
async def backend(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Backend]:
    """An empty database: a new SQLite file, or a new PostgreSQL schema dropped afterwards.

    PostgreSQL runs only when ``BOSHPANA_TEST_POSTGRES_URL`` is set; if it is set but
    the server cannot be reached, the tests fail.
    """
    if request.param == "sqlite":
        yield Backend(default_database_url(tmp_path), sqlite_path=tmp_path / "boshpana.sqlite3")
        return
    url = os.environ.get(POSTGRES_URL_ENV)
    if not url:
        pytest.skip(f"{POSTGRES_URL_ENV} is not set")
    schema = f"boshpana_test_{secrets.token_hex(6)}"
    admin = create_async_engine(url, poolclass=NullPool)
    try:
        async with admin.begin() as connection:
            await connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        yield Backend(url, schema=schema)
        async with admin.begin() as connection:
            await connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
    finally:
        await admin.dispose()


@pytest.fixture
def keyring() -> Keyring:
    """A keyring with one fresh random key."""
    return Keyring.from_secret(generate_secret())


@pytest.fixture
def alice(keyring: Keyring) -> str:
    """The user key of a test user."""
    return keyring.user_key(7_123_456_789)


@pytest.fixture
async def db(backend: Backend, keyring: Keyring) -> AsyncIterator[Database]:
    """A database migrated to the newest revision."""
    await upgrade(backend.url, schema=backend.schema)
    database = Database(backend.url, keyring, schema=backend.schema)
    try:
        yield database
    finally:
        await database.dispose()


@pytest.fixture
def postgres_only(backend: Backend) -> None:
    """Skip a test that needs concurrent transactions (SQLite runs them one at a time)."""
    if backend.schema is None:
        pytest.skip("SQLite runs one transaction at a time")
