"""Key rotation: re-encrypt every ciphertext and re-key every user key with a new key.

``boshpana keys rotate``, step by step:

1. Stop the bot. (A bot still running with the old secret would write rows under the
   old key after the rotation, and look people up by their old user keys.)
2. ``new = Keyring.from_secret(add_new_key(old_secret))``: the new key first, the old
   ones after. :func:`rotate` (``old`` and ``new`` keyrings).
3. Set ``BOSHPANA_SECRET_KEY`` to ``retire_old_keys(new_secret)``, the new key alone,
   and start the bot. The old key can be destroyed: nothing in the database needs it.

**One transaction.** Everything is rewritten in a single transaction: a failure (a
ciphertext neither keyring can open, a conflict) changes nothing, and running it again
is harmless (rows already under the new key are rewritten unchanged, their user keys
map to themselves). An NGO's database is small, so the one transaction is short. On
PostgreSQL the tables are locked against writes for its duration; on SQLite the
database is (``BEGIN IMMEDIATE``).

**Re-encryption.** Every encrypted column (:data:`ENCRYPTED_COLUMNS`) is decrypted with
``new`` or, failing that, ``old``, and encrypted again with ``new``'s active key, bound
to the row's new user key where the binding (AAD) includes one.

**Re-keying.** A user key is the HMAC of a Telegram id under the active key, so a new
user key needs the id. It is found where the database holds it, encrypted: in a private
chat the chat id is the user id, so ``conversations.chat_ref`` (the person),
``lawyers.chat_ref`` (the lawyer), ``outbox.chat_ref`` (the addressee) and
``case_blocks.chat_ref`` (the blocked person) give the id behind their row's user key.
That mapping re-keys the other rows with the same user key: cases, message references,
blocks. The bot keeps a person's conversation as long as they have a case that is not
closed, so open and claimed cases are always mapped.

**Rows that cannot be mapped** (a user key for which no id is stored anywhere):

- a *closed case* whose conversation was purged keeps its old user key, re-encrypted
  with the new key. Once the old key is destroyed, nobody — not even the person — can
  link it to a Telegram id: ``/forget`` no longer finds it, and the retention purge of
  closed cases deletes it;
- a *block* without a stored id (made before its person had a conversation) keeps its
  old user key too: it is still listed and can be lifted, but no longer stops anyone;
- a *message reference* is deleted: it is useful for 48 hours only, while the person's
  conversation exists;
- an *update still to be processed* (the bot stopped with a backlog) of someone the
  database holds no id for keeps its old ordering key: it is still processed, but no
  longer kept in order with that person's new updates.

The report counts them (:attr:`TableRotation.unmapped`, :attr:`TableRotation.dropped`).

**What lingers.** On SQLite deleted and overwritten content is zeroed
(``secure_delete``) and the write-ahead log is emptied afterwards. PostgreSQL keeps old
row versions in its data files until ``VACUUM`` reuses the space, and in its WAL and
backups: they hold only ciphertexts and user keys of the old key, which are useless
once it is destroyed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.pool import NullPool

from store.blocks import block_aad
from store.cases import summary_aad
from store.conversations import conversation_aad
from store.crypto import DecryptionError, Keyring
from store.database import checkpoint_sqlite
from store.engine import create_engine
from store.events import event_aad
from store.facts import facts_aad
from store.held import held_aad
from store.inbox import InboxUpdate, inbox_aad
from store.lawyers import lawyer_aad
from store.messages import message_ref_aad
from store.migrate import current_revision, head_revision
from store.models import (
    Case,
    CaseBlock,
    CaseEvent,
    CaseFacts,
    CaseNote,
    Conversation,
    HeldMessage,
    Lawyer,
    MessageRef,
    OutboxMessage,
)
from store.notes import note_aad
from store.outbox import outbox_aad
from store.sql import decode_chat_id, encode_chat_id

ENCRYPTED_COLUMNS = frozenset(
    {
        ("conversations", "chat_ref"),
        ("conversations", "state"),
        ("cases", "summary"),
        ("lawyers", "chat_ref"),
        ("lawyers", "name"),
        ("case_notes", "body"),
        ("outbox", "chat_ref"),
        ("outbox", "payload"),
        ("outbox", "result"),
        ("message_refs", "ref"),
        ("case_blocks", "chat_ref"),
        ("inbox", "payload"),
        ("case_events", "body"),
        ("held_messages", "payload"),
        ("case_facts", "body"),
    }
)
"""Every encrypted column, all of which :func:`rotate` re-encrypts."""

REKEYED_TABLES = frozenset(
    {"conversations", "cases", "lawyers", "outbox", "message_refs", "case_blocks", "inbox"}
)
"""Every table with a ``user_key`` column, all of which :func:`rotate` re-keys."""

_LOCKED_TABLES = (
    "conversations, cases, lawyers, case_notes, outbox, message_refs, case_blocks, inbox, "
    "case_events, held_messages, case_facts"
)


class RotationError(Exception):
    """The rotation cannot be done; nothing was changed."""


@dataclass(frozen=True, slots=True)
class TableRotation:
    """What :func:`rotate` did to one table.

    ``rows`` were gone through and are readable with the new key alone; of those,
    ``rekeyed`` got a new user key and ``unmapped`` kept their old one (no Telegram id
    is known for it); ``dropped`` were deleted instead (message references that could
    not be mapped).
    """

    rows: int = 0
    rekeyed: int = 0
    unmapped: int = 0
    dropped: int = 0


@dataclass(frozen=True, slots=True)
class RotationReport:
    """What :func:`rotate` did, table by table."""

    new_kid: str
    tables: dict[str, TableRotation] = field(default_factory=dict)

    @property
    def unmapped(self) -> int:
        """Rows left under an old user key, in all tables."""
        return sum(table.unmapped for table in self.tables.values())


async def rotate(
    db_url: str, old: Keyring, new: Keyring, *, schema: str | None = None
) -> RotationReport:
    """Re-encrypt and re-key the whole database with ``new``'s active key, in one transaction.

    ``old`` opens the existing ciphertexts (``new`` may list the old keys too); the
    database must be at the newest schema. Raises :class:`RotationError` (and changes
    nothing) if the new key id is one of ``old``'s or a ciphertext cannot be opened.
    """
    if new.active_kid in old.kids:
        raise RotationError(f"the new key id {new.active_kid!r} is already in use")
    if await current_revision(db_url, schema=schema) != head_revision():
        raise RotationError("the database is not at the newest schema; upgrade it first")
    engine = create_engine(db_url, schema=schema, poolclass=NullPool)
    try:
        async with engine.begin() as connection:
            report = await connection.run_sync(lambda sync: _Rotation(sync, old, new).run())
        if engine.dialect.name == "sqlite":
            async with engine.connect() as connection:
                await connection.run_sync(checkpoint_sqlite)
    finally:
        await engine.dispose()
    return report


class _Rotation:
    def __init__(self, connection: Connection, old: Keyring, new: Keyring) -> None:
        self._connection = connection
        self._old = old
        self._new = new
        self._ids: dict[str, int] = {}

    def run(self) -> RotationReport:
        if self._connection.dialect.name == "postgresql":
            self._connection.exec_driver_sql(
                f"LOCK TABLE {_LOCKED_TABLES} IN SHARE ROW EXCLUSIVE MODE"
            )
        self._collect_ids()
        return RotationReport(
            new_kid=self._new.active_kid,
            tables={
                "conversations": self._conversations(),
                "lawyers": self._lawyers(),
                "cases": self._cases(),
                "case_notes": self._resealed(CaseNote, CaseNote.body, CaseNote.case_id, note_aad),
                "outbox": self._outbox(),
                "message_refs": self._message_refs(),
                "case_blocks": self._blocks(),
                "inbox": self._inbox(),
                "case_events": self._resealed(
                    CaseEvent, CaseEvent.body, CaseEvent.case_id, event_aad
                ),
                "held_messages": self._resealed(
                    HeldMessage, HeldMessage.payload, HeldMessage.lawyer_id, held_aad
                ),
                "case_facts": self._resealed(
                    CaseFacts, CaseFacts.body, CaseFacts.case_id, facts_aad
                ),
            },
        )

    # The Telegram ids behind user keys.

    def _collect_ids(self) -> None:
        sources: list[tuple[Any, Any, Callable[[str], bytes]]] = [
            (
                Conversation.user_key,
                Conversation.chat_ref,
                lambda k: conversation_aad("chat_ref", k),
            ),
            (Lawyer.user_key, Lawyer.chat_ref, lambda k: lawyer_aad("chat_ref", k)),
            (CaseBlock.user_key, CaseBlock.chat_ref, block_aad),
        ]
        for user_key_column, chat_ref_column, aad in sources:
            rows = self._connection.execute(
                select(user_key_column, chat_ref_column).where(chat_ref_column.is_not(None))
            )
            for user_key, chat_ref in rows:
                self._learn(user_key, decode_chat_id(self._open(chat_ref, aad(user_key))))
        rows = self._connection.execute(
            select(OutboxMessage.user_key, OutboxMessage.ref, OutboxMessage.chat_ref).where(
                OutboxMessage.user_key.is_not(None)
            )
        )
        for user_key, ref, chat_ref in rows:
            self._learn(
                user_key, decode_chat_id(self._open(chat_ref, outbox_aad("chat_ref", ref)))
            )

    def _learn(self, user_key: str, telegram_id: int) -> None:
        known = self._ids.setdefault(user_key, telegram_id)
        if known != telegram_id:
            raise RotationError("one user key stands for two different Telegram ids")

    def _rekey(self, user_key: str) -> str | None:
        telegram_id = self._ids.get(user_key)
        return None if telegram_id is None else self._new.user_key(telegram_id)

    # Table by table.

    def _conversations(self) -> TableRotation:
        rows = self._connection.execute(
            select(Conversation.user_key, Conversation.chat_ref, Conversation.state)
        ).all()
        counts = _Counts()
        for user_key, chat_ref, state in rows:
            new_key = self._rekey(user_key) or user_key  # always known: from this row
            self._connection.execute(
                update(Conversation)
                .where(Conversation.user_key == user_key)
                .values(
                    user_key=new_key,
                    chat_ref=self._reseal(
                        chat_ref,
                        conversation_aad("chat_ref", user_key),
                        conversation_aad("chat_ref", new_key),
                    ),
                    state=self._reseal(
                        state,
                        conversation_aad("state", user_key),
                        conversation_aad("state", new_key),
                    ),
                )
            )
            counts.row(rekeyed=new_key != user_key)
        return counts.done()

    def _lawyers(self) -> TableRotation:
        rows = self._connection.execute(
            select(Lawyer.id, Lawyer.user_key, Lawyer.chat_ref, Lawyer.name)
        ).all()
        counts = _Counts()
        for lawyer_id, user_key, chat_ref, name in rows:
            new_key = self._rekey(user_key) or user_key  # always known: from this row
            self._connection.execute(
                update(Lawyer)
                .where(Lawyer.id == lawyer_id)
                .values(
                    user_key=new_key,
                    chat_ref=self._reseal(
                        chat_ref, lawyer_aad("chat_ref", user_key), lawyer_aad("chat_ref", new_key)
                    ),
                    name=self._reseal(
                        name, lawyer_aad("name", user_key), lawyer_aad("name", new_key)
                    ),
                )
            )
            counts.row(rekeyed=new_key != user_key)
        return counts.done()

    def _cases(self) -> TableRotation:
        rows = self._connection.execute(
            select(Case.id, Case.number, Case.user_key, Case.summary)
        ).all()
        counts = _Counts()
        for case_id, number, user_key, summary in rows:
            new_key = self._rekey(user_key)
            kept = new_key or user_key
            self._connection.execute(
                update(Case)
                .where(Case.id == case_id)
                .values(
                    user_key=kept,
                    summary=self._reseal(
                        summary, summary_aad(number, user_key), summary_aad(number, kept)
                    ),
                )
            )
            counts.row(rekeyed=new_key not in (None, user_key), unmapped=new_key is None)
        return counts.done()

    def _outbox(self) -> TableRotation:
        rows = self._connection.execute(
            select(
                OutboxMessage.id,
                OutboxMessage.ref,
                OutboxMessage.user_key,
                OutboxMessage.chat_ref,
                OutboxMessage.payload,
                OutboxMessage.result,
            )
        ).all()
        counts = _Counts()
        for item_id, ref, user_key, chat_ref, payload, result in rows:
            aad = {column: outbox_aad(column, ref) for column in ("chat_ref", "payload", "result")}
            chat_id = decode_chat_id(self._open(chat_ref, aad["chat_ref"]))
            # Items from before the addressee was recorded get it now.
            new_key = self._new.user_key(chat_id)
            self._connection.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == item_id)
                .values(
                    user_key=new_key,
                    chat_ref=self._new.encrypt(encode_chat_id(chat_id), aad=aad["chat_ref"]),
                    payload=self._reseal_optional(payload, aad["payload"]),
                    result=self._reseal_optional(result, aad["result"]),
                )
            )
            counts.row(rekeyed=new_key != user_key)
        return counts.done()

    def _message_refs(self) -> TableRotation:
        rows = self._connection.execute(
            select(MessageRef.id, MessageRef.user_key, MessageRef.ref)
        ).all()
        counts = _Counts()
        for row_id, user_key, ref in rows:
            new_key = self._rekey(user_key)
            if new_key is None:
                self._connection.execute(delete(MessageRef).where(MessageRef.id == row_id))
                counts.dropped += 1
                continue
            self._connection.execute(
                update(MessageRef)
                .where(MessageRef.id == row_id)
                .values(
                    user_key=new_key,
                    ref=self._reseal(
                        ref, message_ref_aad(row_id, user_key), message_ref_aad(row_id, new_key)
                    ),
                )
            )
            counts.row(rekeyed=new_key != user_key)
        return counts.done()

    def _blocks(self) -> TableRotation:
        rows = self._connection.execute(select(CaseBlock.user_key)).all()
        counts = _Counts()
        for (user_key,) in rows:
            telegram_id = self._ids.get(user_key)
            if telegram_id is None:
                counts.row(unmapped=True)  # no id, so nothing encrypted either
                continue
            new_key = self._new.user_key(telegram_id)
            self._connection.execute(
                update(CaseBlock)
                .where(CaseBlock.user_key == user_key)
                .values(
                    user_key=new_key,
                    # Also for blocks that had no id yet but whose person was found.
                    chat_ref=self._new.encrypt(
                        encode_chat_id(telegram_id), aad=block_aad(new_key)
                    ),
                )
            )
            counts.row(rekeyed=new_key != user_key)
        return counts.done()

    def _resealed(
        self,
        model: Any,
        column: Any,
        owner: Any,
        aad: Callable[[int, int], bytes],
    ) -> TableRotation:
        """Re-encrypt a column bound to its row's id and an owner id (no user key)."""
        rows = self._connection.execute(select(model.id, owner, column)).all()
        counts = _Counts()
        for row_id, owner_id, blob in rows:
            bound = aad(row_id, owner_id)
            self._connection.execute(
                update(model)
                .where(model.id == row_id)
                .values({column: self._reseal(blob, bound, bound)})
            )
            counts.row()
        return counts.done()

    def _inbox(self) -> TableRotation:
        """Updates still to process keep their place in their person's queue."""
        rows = self._connection.execute(
            select(InboxUpdate.update_id, InboxUpdate.user_key, InboxUpdate.payload)
        ).all()
        counts = _Counts()
        for update_id, user_key, payload in rows:
            new_key = None if user_key is None else self._rekey(user_key)
            kept = new_key or user_key
            self._connection.execute(
                update(InboxUpdate)
                .where(InboxUpdate.update_id == update_id)
                .values(
                    user_key=kept, payload=self._reseal_optional(payload, inbox_aad(update_id))
                )
            )
            counts.row(
                rekeyed=new_key not in (None, user_key),
                unmapped=user_key is not None and new_key is None,
            )
        return counts.done()

    # Ciphertexts.

    def _open(self, blob: bytes, aad: bytes) -> bytes:
        try:
            return self._new.decrypt(blob, aad=aad)
        except DecryptionError:
            pass
        try:
            return self._old.decrypt(blob, aad=aad)
        except DecryptionError:
            raise RotationError(
                "a ciphertext opens with neither key (wrong old key, or corrupt data)"
            ) from None

    def _reseal(self, blob: bytes, old_aad: bytes, new_aad: bytes) -> bytes:
        return self._new.encrypt(self._open(blob, old_aad), aad=new_aad)

    def _reseal_optional(self, blob: bytes | None, aad: bytes) -> bytes | None:
        return None if blob is None else self._reseal(blob, aad, aad)


@dataclass
class _Counts:
    rows: int = 0
    rekeyed: int = 0
    unmapped: int = 0
    dropped: int = 0

    def row(self, *, rekeyed: bool = False, unmapped: bool = False) -> None:
        self.rows += 1
        self.rekeyed += rekeyed
        self.unmapped += unmapped

    def done(self) -> TableRotation:
        return TableRotation(self.rows, self.rekeyed, self.unmapped, self.dropped)
