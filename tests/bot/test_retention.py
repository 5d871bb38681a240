"""Unfinished interviews are deleted after the retention period, as the safety screen says."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlalchemy import update

from bot.core.config import Settings
from bot.core.services import Services
from bot.serving.retention import purge
from bot.serving.runtime import services
from store import generate_secret
from store.models import Conversation


@pytest.fixture
async def shared(tmp_path: Path) -> AsyncIterator[Services]:
    settings = Settings(
        BOSHPANA_DATA_DIR=tmp_path,
        BOSHPANA_SECRET_KEY=SecretStr(generate_secret()),
        BOSHPANA_RETAIN_INACTIVE_DAYS=30,
    )
    async with services(settings, lambda _: None) as ready:
        yield ready


async def test_purge_deletes_interviews_older_than_the_retention_period(shared: Services) -> None:
    old, recent = shared.keyring.user_key(1), shared.keyring.user_key(2)
    async with shared.db.transaction() as tx:
        await tx.conversations.save(old, 1, {"answers": {}}, 0)
        await tx.conversations.save(recent, 2, {"answers": {}}, 0)
        moved_back = datetime.now(UTC) - timedelta(days=31)
        await tx.session.execute(
            update(Conversation).where(Conversation.user_key == old).values(updated_at=moved_back)
        )
    assert (await purge(shared)).conversations == 1
    async with shared.db.transaction() as tx:
        assert await tx.conversations.load(old) is None
        assert await tx.conversations.load(recent) is not None
