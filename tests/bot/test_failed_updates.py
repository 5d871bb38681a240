"""An update whose processing failed is tried again; only the update's own faults use up
its attempts, so a database that is away or busy for long never makes the bot give up."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from telegram import Update

from bot.cases.directory import LawyerDirectory
from bot.core.config import Settings
from bot.core.services import Services
from bot.serving.intake import Backlog
from bot.serving.processing import MAX_ATTEMPTS, Pipeline, ScopeBuilder
from bot.serving.runtime import services
from store import ReceivedUpdate, generate_secret
from store.inbox import InboxState, InboxUpdate

UPDATE_ID = 41


@pytest.fixture
async def shared(tmp_path: Path) -> AsyncIterator[Services]:
    settings = Settings(
        BOSHPANA_DATA_DIR=tmp_path, BOSHPANA_SECRET_KEY=SecretStr(generate_secret())
    )
    async with services(settings, lambda _: None) as ready:
        yield ready


async def stored_update(shared: Services) -> Update:
    """An update from a group (nobody to apologise to), stored in the inbox."""
    data = {
        "update_id": UPDATE_ID,
        "message": {
            "message_id": 1,
            "date": 0,
            "chat": {"id": -100, "type": "group", "title": "g"},
            "text": "hi",
        },
    }
    async with shared.db.transaction() as tx:
        await tx.inbox.store([ReceivedUpdate(UPDATE_ID, None, data)], shared.clock.now())
    return Update.de_json(data, None)


async def state(shared: Services) -> tuple[str, int]:
    async with shared.db.transaction() as tx:
        row = await tx.session.scalar(
            select(InboxUpdate).where(InboxUpdate.update_id == UPDATE_ID)
        )
    assert row is not None
    return row.state, row.attempts


def pipeline(shared: Services) -> Pipeline:
    builder = ScopeBuilder(shared, LawyerDirectory())
    return Pipeline(shared, None, builder, Backlog())  # type: ignore[arg-type]


async def test_a_database_away_never_uses_up_an_update(shared: Services) -> None:
    update, run = await stored_update(shared), pipeline(shared)
    away = OperationalError("BEGIN IMMEDIATE", {}, Exception("database is locked"))
    for _ in range(MAX_ATTEMPTS * 3):
        await run._failed(update, away)
    assert await state(shared) == (InboxState.PENDING, 0)


async def test_an_update_failing_by_itself_is_given_up_after_its_attempts(
    shared: Services,
) -> None:
    update, run = await stored_update(shared), pipeline(shared)
    for n in range(1, MAX_ATTEMPTS):
        await run._failed(update, ValueError("a bug"))
        assert await state(shared) == (InboxState.PENDING, n)
    await run._failed(update, ValueError("a bug"))
    assert (await state(shared))[0] == InboxState.FAILED
