"""Repository of conversation states, one row per user."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from store.clock import Now, utc_now
from store.crypto import Keyring
from store.errors import ConcurrentUpdateError
from store.models import Case, CaseStatus, Conversation
from store.sql import (
    AnyRow,
    decode_chat_id,
    decode_json,
    encode_chat_id,
    encode_json,
    insert_for,
    table_of,
)

_CONVERSATIONS = table_of(Conversation)
_conversation = _CONVERSATIONS.c
_LOAD = select(_CONVERSATIONS).where(_conversation.user_key == bindparam("key")).with_for_update()
_UPDATE_IF = (
    update(_CONVERSATIONS)
    .where(
        _conversation.user_key == bindparam("key"),
        _conversation.version == bindparam("expected"),
    )
    .values(
        version=_conversation.version + 1,
        chat_ref=bindparam("chat_ref"),
        state=bindparam("state"),
        updated_at=bindparam("updated_at"),
    )
    .returning(_conversation.version)
)


@dataclass(frozen=True, slots=True)
class StoredConversation:
    """A decrypted conversation row."""

    user_key: str
    chat_id: int
    state: dict[str, Any]
    version: int
    updated_at: datetime


def conversation_aad(column: str, user_key: str) -> bytes:
    """What a conversation's ciphertexts are bound to: the column and the person."""
    return f"conversations.{column}:{user_key}".encode()


class Conversations:
    """Loads and saves conversation states; never commits."""

    def __init__(self, session: AsyncSession, keyring: Keyring, now: Now = utc_now) -> None:
        self._session = session
        self._keyring = keyring
        self._now = now

    async def load(self, user_key: str) -> StoredConversation | None:
        """Return the user's conversation, locking its row until the transaction ends.

        The lock is taken on PostgreSQL; SQLite locks the whole database instead.
        """
        row = (await self._session.execute(_LOAD, {"key": user_key})).first()
        return None if row is None else self._decrypt(row)

    async def save(
        self,
        user_key: str,
        chat_id: int,
        state: Mapping[str, Any],
        expected_version: int | None,
    ) -> int:
        """Insert or update the conversation and return its new version.

        ``expected_version`` is the version that was loaded, ``0`` if none was, or
        ``None`` to overwrite whatever is stored. A mismatch raises
        :class:`ConcurrentUpdateError`.
        """
        values = self._encrypt(user_key, chat_id, state)
        if expected_version is None:
            version = await self._upsert(user_key, values)
        elif expected_version == 0:
            version = await self._insert_new(user_key, values)
        else:
            version = await self._update_if(user_key, expected_version, values)
        if version is None:
            raise ConcurrentUpdateError(f"conversation is not at version {expected_version}")
        return version

    async def version_of(self, user_key: str) -> int | None:
        """The conversation's version (it grows with every save), without reading it."""
        version: int | None = await self._session.scalar(
            select(Conversation.version).where(Conversation.user_key == user_key)
        )
        return version

    async def delete(self, user_key: str) -> bool:
        """Delete the user's conversation; return whether there was one."""
        statement = delete(Conversation).where(Conversation.user_key == user_key)
        deleted = await self._session.scalar(statement.returning(Conversation.user_key))
        return deleted is not None

    async def purge_inactive(self, before: datetime) -> int:
        """Delete conversations untouched since ``before``; return how many went.

        The conversation of a person whose case is not closed stays: it is how their
        lawyer's messages reach them.
        """
        live_cases = select(Case.user_key).where(Case.status != CaseStatus.CLOSED)
        statement = delete(Conversation).where(
            Conversation.updated_at < before, Conversation.user_key.not_in(live_cases)
        )
        result = await self._session.execute(statement.returning(Conversation.user_key))
        return len(result.all())

    async def _upsert(self, user_key: str, values: dict[str, Any]) -> int | None:
        statement = (
            insert_for(self._session, Conversation)
            .values(user_key=user_key, version=1, created_at=values["updated_at"], **values)
            .on_conflict_do_update(
                index_elements=[Conversation.user_key],
                set_={**values, "version": Conversation.version + 1},
            )
        )
        return await self._session.scalar(statement.returning(Conversation.version))

    async def _insert_new(self, user_key: str, values: dict[str, Any]) -> int | None:
        statement = (
            insert_for(self._session, Conversation)
            .values(user_key=user_key, version=1, created_at=values["updated_at"], **values)
            .on_conflict_do_nothing(index_elements=[Conversation.user_key])
        )
        return await self._session.scalar(statement.returning(Conversation.version))

    async def _update_if(self, user_key: str, version: int, values: dict[str, Any]) -> int | None:
        params = {"key": user_key, "expected": version, **values}
        updated: int | None = await self._session.scalar(_UPDATE_IF, params)
        return updated

    def _encrypt(self, user_key: str, chat_id: int, state: Mapping[str, Any]) -> dict[str, Any]:
        chat_ref = encode_chat_id(chat_id)
        return {
            "chat_ref": self._keyring.encrypt(
                chat_ref, aad=conversation_aad("chat_ref", user_key)
            ),
            "state": self._keyring.encrypt(
                encode_json(state), aad=conversation_aad("state", user_key)
            ),
            "updated_at": self._now(),
        }

    def _decrypt(self, row: AnyRow) -> StoredConversation:
        chat_ref = self._keyring.decrypt(
            row.chat_ref, aad=conversation_aad("chat_ref", row.user_key)
        )
        state = self._keyring.decrypt(row.state, aad=conversation_aad("state", row.user_key))
        return StoredConversation(
            user_key=row.user_key,
            chat_id=decode_chat_id(chat_ref),
            state=decode_json(state),
            version=row.version,
            updated_at=row.updated_at,
        )
