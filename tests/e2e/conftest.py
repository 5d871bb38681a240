"""Fixtures: an emulator that fails the test on any Bot API violation, and the bot on it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core.clock import ManualClock
from bot.core.config import Settings
from emulator import BotApiEmulator
from emulator.testing import running_emulator
from store import generate_secret
from tests.e2e.databases import drop_created_schemas
from tests.e2e.harness import settings_for


@pytest.fixture(scope="session", autouse=True)
def _drop_test_schemas() -> Iterator[None]:
    """PostgreSQL schemas made for the bots are dropped once every test has run."""
    yield
    drop_created_schemas()


@pytest.fixture
async def emulator() -> AsyncIterator[BotApiEmulator]:
    """A started emulator; the test fails if the bot broke any Bot API rule."""
    async with running_emulator() as started:
        yield started


NOON_ON_A_MONDAY = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
"""Noon in Moscow, the team's time zone: every case pages someone at once (no night rules)."""


@pytest.fixture
def clock() -> ManualClock:
    """A clock the test moves: nothing waits for real time to pass. It starts at noon on a
    weekday, so what a test sees does not depend on when it runs."""
    return ManualClock(NOON_ON_A_MONDAY)


@pytest.fixture
def settings(emulator: BotApiEmulator, tmp_path: Path) -> Settings:
    """Settings pointing the bot at the emulator, with a fresh SQLite database and key."""
    return settings_for(emulator, tmp_path, generate_secret())
