"""The database handle and its unit of work."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from store.audit import Audit
from store.blocks import Blocks
from store.cards import CaseCards
from store.cases import Cases
from store.clock import Now, utc_now
from store.conversations import Conversations
from store.crypto import Keyring
from store.engine import create_engine
from store.events import CaseEvents
from store.facts import Facts
from store.held import HeldMessages
from store.inbox import Inbox
from store.lawyers import Lawyers
from store.messages import MessageRefs
from store.notes import Notes
from store.once import Once
from store.outbox import Outbox
from store.relay import RelayLinks
from store.schedules import Schedules
from store.turns import Turns

POOL_SIZE = 5
"""PostgreSQL connections kept open between units of work (SQLAlchemy's default)."""
POOL_OVERFLOW = 10
"""Connections opened beyond those under load, closed again after (SQLAlchemy's default)."""


def default_database_url(data_dir: Path) -> str:
    """Return the SQLite URL used by the quick start for ``data_dir``."""
    return f"sqlite+aiosqlite:///{data_dir / 'boshpana.sqlite3'}"


@dataclass(frozen=True, slots=True)
class Transaction:
    """Repositories sharing one session inside one transaction."""

    session: AsyncSession
    now: Now
    """The store's clock (see :mod:`store.clock`)."""
    inbox: Inbox
    conversations: Conversations
    cases: Cases
    lawyers: Lawyers
    outbox: Outbox
    cards: CaseCards
    audit: Audit
    notes: Notes
    relay: RelayLinks
    messages: MessageRefs
    blocks: Blocks
    events: CaseEvents
    facts: Facts
    held: HeldMessages
    schedules: Schedules
    once: Once


class Database:
    """Engine, sessions and keyring for one database (SQLite or PostgreSQL).

    Units of work queue for a place in this process (:class:`~store.turns.Turns`), first
    come first served, storing arriving updates ahead of the rest. On SQLite there is one
    place; a unit of work then starts with ``BEGIN IMMEDIATE``, which waits (up to the busy
    timeout) only for another process, such as a command run beside the bot. Left to
    SQLite's busy timeout alone, a burst of updates polls the lock in sleeps, serves
    waiters in no order and fails those that wait longest with "database is locked".
    On PostgreSQL there is a place per pooled connection (:data:`POOL_SIZE` +
    :data:`POOL_OVERFLOW`), so none waits in the pool itself, where storing an update
    would queue behind every unit of work that asked before it. They run concurrently:
    ``Conversations.load`` locks the user's row, ``Cases.claim`` is one conditional update,
    and ``Cases.due_for_escalation`` and ``Outbox.claim_due`` skip rows others have locked.
    """

    def __init__(
        self,
        url: str,
        keyring: Keyring,
        *,
        schema: str | None = None,
        now: Now = utc_now,
    ) -> None:
        if make_url(url).get_backend_name() == "sqlite":
            self.engine = create_engine(url, schema=schema)  # refuses a schema
            self._turns = Turns()
        else:
            pool = {"pool_size": POOL_SIZE, "max_overflow": POOL_OVERFLOW}
            self.engine = create_engine(url, schema=schema, **pool)
            self._turns = Turns(POOL_SIZE + POOL_OVERFLOW)
        self._sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self._keyring = keyring
        self.now = now
        """The clock every timestamp the store writes comes from."""

    @asynccontextmanager
    async def transaction(self, *, ahead: bool = False) -> AsyncIterator[Transaction]:
        """Open a unit of work: committed on exit, rolled back on an exception.

        ``ahead``: before every waiting unit of work not ahead (storing arriving updates, so
        the urgent ones among them are seen at once).
        """
        async with self._turns.hold(ahead=ahead), self._sessions.begin() as session:
            yield Transaction(
                session=session,
                now=self.now,
                inbox=Inbox(session, self._keyring, self.now),
                conversations=Conversations(session, self._keyring, self.now),
                cases=Cases(session, self._keyring, self.now),
                lawyers=Lawyers(session, self._keyring, self.now),
                outbox=Outbox(session, self._keyring, self.now),
                cards=CaseCards(session, self.now),
                audit=Audit(session, self.now),
                notes=Notes(session, self._keyring, self.now),
                relay=RelayLinks(session, self.now),
                messages=MessageRefs(session, self._keyring, self.now),
                blocks=Blocks(session, self._keyring, self.now),
                events=CaseEvents(session, self._keyring, self.now),
                facts=Facts(session, self._keyring, self.now),
                held=HeldMessages(session, self._keyring, self.now),
                schedules=Schedules(session),
                once=Once(session, self.now),
            )

    async def scrub(self) -> None:
        """Clear deleted rows from the database files, as far as the backend allows.

        Call it after erasing or purging. SQLite overwrites deleted content with zeros
        (``secure_delete``), but in WAL mode the old pages stay in the write-ahead log
        and in the main file until a checkpoint: this checkpoints and truncates the log.
        If another connection is reading at that moment the log cannot be emptied; the
        next checkpoint does it. PostgreSQL keeps deleted rows in its data files until
        ``VACUUM`` reuses the space, and in its WAL and backups: nothing is done here
        (they are ciphertexts, unreadable once their key is retired).
        """
        if self.engine.dialect.name != "sqlite":
            return
        async with self.engine.connect() as connection:
            await connection.run_sync(checkpoint_sqlite)

    async def dispose(self) -> None:
        """Close every pooled connection."""
        await self.engine.dispose()


def checkpoint_sqlite(connection: Connection) -> None:
    """Copy SQLite's write-ahead log into the database file and empty the log.

    Runs on the driver's connection: inside a transaction the log cannot be emptied.
    """
    dbapi_connection = connection.connection.dbapi_connection
    if dbapi_connection is None:  # pragma: no cover - an open connection has one
        raise RuntimeError("connection is closed")
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.fetchall()
    finally:
        cursor.close()
