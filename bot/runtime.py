"""Start-up: the key, the database (migrated), the catalogs → :class:`Services`."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from bot.config import Settings
from bot.i18n import Catalogs
from bot.services import Services
from store import Database, Keyring, default_database_url, is_up_to_date, load_or_create_key_file
from store import upgrade as upgrade_database

log = logging.getLogger(__name__)

KEY_FILE_NAME = "secret.key"


class StartupError(RuntimeError):
    """The bot cannot start; the message says what the operator should do."""


def load_keyring(settings: Settings, say: Callable[[str], None]) -> Keyring:
    """The key from ``BOSHPANA_SECRET_KEY``, or the quick-start key file (created if absent)."""
    return Keyring.from_secret(load_secret(settings, say))


def load_secret(settings: Settings, say: Callable[[str], None]) -> str:
    """``BOSHPANA_SECRET_KEY``, or the quick-start key file next to an embedded SQLite database.

    A server database (PostgreSQL) without ``BOSHPANA_SECRET_KEY`` is refused: a key file
    made silently on one server would leave the others unable to read the data, and would
    likely end up in the same backups as the database.
    """
    if settings.secret_key is not None:
        return settings.secret_key.get_secret_value()
    if not database_url(settings).startswith("sqlite"):
        raise StartupError(
            "BOSHPANA_SECRET_KEY is not set. With a server database the key must come from "
            "the environment (see docs/operating.md); make one with: boshpana keys generate"
        )
    path = key_file(settings)
    secret, created = load_or_create_key_file(path)
    if created:
        say(
            f"Created a new encryption key in {path} (readable by this user only). "
            "Back it up and keep it apart from the database: without it the data cannot be "
            "read. In production set BOSHPANA_SECRET_KEY instead."
        )
    return secret


def key_file(settings: Settings) -> Path:
    """The quick-start key file."""
    return settings.data_dir / KEY_FILE_NAME


def database_url(settings: Settings) -> str:
    """``DATABASE_URL``, or a SQLite file in the data directory."""
    return settings.database_url or default_database_url(settings.data_dir)


async def prepare_database(url: str, schema: str | None = None) -> None:
    """Migrate an embedded SQLite database; refuse a server database that is behind."""
    if url.startswith("sqlite"):
        await upgrade_database(url)
    elif not await is_up_to_date(url, schema=schema):
        raise StartupError("The database schema is behind this version. Run: boshpana db upgrade")


@asynccontextmanager
async def services(
    settings: Settings, say: Callable[[str], None], catalogs: Catalogs | None = None
) -> AsyncIterator[Services]:
    """Everything a running bot needs, closed again on exit.

    The catalogs are loaded first: a broken installation is refused before anything is
    written (a key file, a migrated database).
    """
    catalogs = catalogs or Catalogs()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    keyring = load_keyring(settings, say)
    url = database_url(settings)
    await prepare_database(url, settings.db_schema)
    db = Database(url, keyring, schema=settings.db_schema)
    try:
        yield Services(settings, db, keyring, catalogs)
    finally:
        await db.dispose()
