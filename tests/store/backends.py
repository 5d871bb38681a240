"""Database backends the store tests run on: SQLite always, PostgreSQL when configured."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.pool import NullPool

from store.engine import create_engine

POSTGRES_URL_ENV = "BOSHPANA_TEST_POSTGRES_URL"
TABLES = (
    "conversations",
    "cases",
    "lawyers",
    "outbox",
    "case_cards",
    "audit",
    "case_notes",
    "relay_links",
    "message_refs",
    "case_stats",
    "case_blocks",
    "inbox",
)


@dataclass(frozen=True)
class Backend:
    """Where one test's database lives."""

    url: str
    schema: str | None = None
    sqlite_path: Path | None = None

    @asynccontextmanager
    async def raw(self) -> AsyncIterator[AsyncConnection]:
        """A plain connection in a transaction, bypassing the store's repositories."""
        engine = create_engine(self.url, schema=self.schema, poolclass=NullPool)
        try:
            async with engine.begin() as connection:
                yield connection
        finally:
            await engine.dispose()

    async def dump_table(self, table: str) -> bytes:
        """Every stored value of one table, as bytes, for searching."""
        parts: list[bytes] = []
        async with self.raw() as connection:
            for row in await connection.exec_driver_sql(f"SELECT * FROM {table}"):
                parts += [v if isinstance(v, bytes) else str(v).encode() for v in row]
        return b"\n".join(parts)

    async def dump(self) -> bytes:
        """Every stored value of every table, as bytes, for searching."""
        parts: list[bytes] = []
        async with self.raw() as connection:
            for table in TABLES:
                result = await connection.exec_driver_sql(f"SELECT * FROM {table}")
                for row in result:
                    for value in row:
                        parts.append(value if isinstance(value, bytes) else str(value).encode())
        return b"\n".join(parts)

    def files(self) -> bytes:
        """The raw bytes of the SQLite database and its journal files (b"" elsewhere)."""
        if self.sqlite_path is None:
            return b""
        paths = sorted(self.sqlite_path.parent.glob(self.sqlite_path.name + "*"))
        return b"".join(path.read_bytes() for path in paths)
