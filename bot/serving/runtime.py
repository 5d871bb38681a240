"""Start-up: the key, the database (migrated), the catalogs → :class:`Services`."""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from bot.core.clock import Clock, SystemClock
from bot.core.config import Settings
from bot.core.i18n import Catalogs
from bot.core.services import Services
from store import (
    Database,
    Keyring,
    default_database_url,
    is_unavailable,
    is_up_to_date,
    load_or_create_key_file,
    safe_url,
)
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
    """Migrate an embedded SQLite database; refuse a server database that is behind.

    A database that cannot be reached or written is a :class:`StartupError` saying so
    in one line (the password, if any, left out).
    """
    try:
        up_to_date = await is_up_to_date(url, schema=schema)
        if not up_to_date and url.startswith("sqlite"):
            await upgrade_database(url)  # Alembic is loaded only if there is work for it
            return
    except Exception as error:  # whatever the driver raises, say it plainly
        if not is_unavailable(error):
            raise
        raise StartupError(
            f"Cannot use the database at {safe_url(url)} ({_reason(error)}). Check "
            "DATABASE_URL, that the server is running and that this user may write there."
        ) from None
    if not up_to_date:
        raise StartupError("The database schema is behind this version. Run: boshpana db upgrade")


def _reason(error: BaseException) -> str:
    cause = error.__cause__ or error
    return (
        f"{type(cause).__name__}: {str(cause).splitlines()[0][:120]}"
        if str(cause)
        else type(cause).__name__
    )


def prepare_data_dir(settings: Settings) -> None:
    """Create the data directory, readable by this user only; say so if it cannot be."""
    directory = settings.data_dir
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise StartupError(
            f"Cannot create the data directory {directory} ({type(error).__name__}). Set "
            "BOSHPANA_DATA_DIR to a folder this user may write."
        ) from None
    if not os.access(directory, os.W_OK | os.X_OK):
        raise StartupError(
            f"Cannot write in the data directory {directory}. Set BOSHPANA_DATA_DIR to a "
            "folder this user may write."
        )


@asynccontextmanager
async def services(
    settings: Settings,
    say: Callable[[str], None],
    catalogs: Catalogs | None = None,
    clock: Clock | None = None,
) -> AsyncIterator[Services]:
    """Everything a running bot needs, closed again on exit.

    The catalogs are loaded first: a broken installation is refused before anything is
    written (a key file, a migrated database). ``clock`` is the wall clock unless given
    (tests and the sandbox move a manual one).
    """
    catalogs = catalogs or Catalogs()
    prepare_data_dir(settings)
    keyring = load_keyring(settings, say)
    url = database_url(settings)
    await prepare_database(url, settings.db_schema)
    clock = clock or SystemClock()
    db = Database(url, keyring, schema=settings.db_schema, now=clock.now)
    try:
        yield Services(settings, db, keyring, catalogs, clock)
    finally:
        await db.dispose()
