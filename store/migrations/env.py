"""Alembic environment for the store; used through :mod:`store.migrate`.

:mod:`store.migrate` passes an open connection in ``config.attributes["connection"]``.
Without one (the ``alembic`` command line with :func:`store.migrate.alembic_config`),
an engine is created from ``sqlalchemy.url`` and ``config.attributes["schema"]``.
"""

from __future__ import annotations

import asyncio
from typing import Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy.engine import Connection
from sqlalchemy.pool import NullPool

from store.engine import create_engine
from store.models import Base, UTCDateTime

config = context.config


def render_item(kind: str, item: object, _context: AutogenContext) -> str | Literal[False]:
    """Render our column types as plain SQLAlchemy types in generated migrations."""
    if kind == "type" and isinstance(item, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run_migrations(connection: Connection) -> None:
    """Run the migrations on an open connection."""
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        render_item=render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_on_new_engine() -> None:
    """Run the migrations on an engine made from the configured URL."""
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("sqlalchemy.url is not set; use store.migrate.alembic_config(url)")
    engine = create_engine(url, schema=config.attributes.get("schema"), poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(run_migrations)
    finally:
        await engine.dispose()


if context.is_offline_mode():
    raise RuntimeError("offline (--sql) migrations are not supported")
if (shared := config.attributes.get("connection")) is not None:
    run_migrations(shared)
else:
    asyncio.run(run_on_new_engine())
