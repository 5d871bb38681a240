"""Small SQL helpers shared by the repositories."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, cast

from sqlalchemy import Row, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase


def insert_for(
    session: AsyncSession, model: type[DeclarativeBase]
) -> postgresql.Insert | sqlite.Insert:
    """Return an ``INSERT`` with ``ON CONFLICT`` support for the session's backend."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(model)
    if dialect == "sqlite":
        return sqlite.insert(model)
    raise NotImplementedError(f"unsupported database backend: {dialect}")


AnyRow = Row[*tuple[Any, ...]]
"""A Core result row, read by column name as the model's object would be."""


def table_of(model: type[DeclarativeBase]) -> Table:
    """The model's table: hot-path statements are built on it once, at import, as Core
    statements (no ORM loading per call, and their cache keys are computed once)."""
    return cast(Table, model.__table__)


def encode_json(value: Mapping[str, Any]) -> bytes:
    """Serialize a JSON object compactly (strict: no NaN or infinity)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.encode("utf-8")


def decode_json(data: bytes) -> dict[str, Any]:
    """Parse bytes made by :func:`encode_json`."""
    value = json.loads(data)
    if not isinstance(value, dict):
        raise ValueError("stored JSON is not an object")
    return value


_CHAT_ID_BYTES = 8


def encode_chat_id(chat_id: int) -> bytes:
    """Return a Telegram chat or user id as 8 bytes, ready to be encrypted."""
    return chat_id.to_bytes(_CHAT_ID_BYTES, "big", signed=True)


def decode_chat_id(data: bytes) -> int:
    """Parse bytes made by :func:`encode_chat_id`."""
    return int.from_bytes(data, "big", signed=True)
