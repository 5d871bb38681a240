"""The database handle and its unit of work."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from store.cases import Cases
from store.conversations import Conversations
from store.crypto import Keyring
from store.engine import create_engine


def default_database_url(data_dir: Path) -> str:
    """Return the SQLite URL used by the quick start for ``data_dir``."""
    return f"sqlite+aiosqlite:///{data_dir / 'boshpana.sqlite3'}"


@dataclass(frozen=True, slots=True)
class Transaction:
    """Repositories sharing one session inside one transaction."""

    session: AsyncSession
    conversations: Conversations
    cases: Cases


class Database:
    """Engine, sessions and keyring for one database (SQLite or PostgreSQL).

    On SQLite every transaction starts with ``BEGIN IMMEDIATE``, so units of work run
    one at a time; on PostgreSQL they run concurrently and ``Conversations.load``
    locks the user's row.
    """

    def __init__(
        self, url: str, keyring: Keyring, *, schema: str | None = None, **engine_kwargs: Any
    ) -> None:
        self.engine = create_engine(url, schema=schema, **engine_kwargs)
        self._sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self._keyring = keyring

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Transaction]:
        """Open a unit of work: committed on exit, rolled back on an exception."""
        async with self._sessions.begin() as session:
            yield Transaction(
                session=session,
                conversations=Conversations(session, self._keyring),
                cases=Cases(session, self._keyring),
            )

    async def dispose(self) -> None:
        """Close every pooled connection."""
        await self.engine.dispose()
