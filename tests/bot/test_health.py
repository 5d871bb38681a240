"""``/healthz``'s probe: the database, the outbox worker's heartbeat, the oldest item."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from pydantic import SecretStr

from bot.core.config import Settings
from bot.core.i18n import Catalogs
from bot.core.services import Services
from bot.delivery.heartbeat import Heartbeat
from bot.serving.health import check
from store import Database, Keyring, generate_secret


def services_on(url: str, tmp_path: Path) -> Services:
    secret = generate_secret()
    settings = Settings(BOSHPANA_DATA_DIR=tmp_path, BOSHPANA_SECRET_KEY=SecretStr(secret))
    keyring = Keyring.from_secret(secret)
    return Services(settings, Database(url, keyring), keyring, Catalogs())


async def sqlite_threads_finished() -> None:
    """Wait for aiosqlite's worker threads to end while this test's event loop still runs.

    After a failed connect, aiosqlite (0.22) stops its thread without awaiting it; the
    thread then answers a loop that pytest may have closed ("Event loop is closed" in a
    later test).
    """
    workers = [t for t in threading.enumerate() if "_connection_worker_thread" in t.name]
    await asyncio.to_thread(lambda: [worker.join(timeout=5) for worker in workers])


def test_heartbeat_ages() -> None:
    now = [100.0]
    heartbeat = Heartbeat(clock=lambda: now[0])
    assert heartbeat.age() is None
    heartbeat.beat()
    now[0] = 102.5
    assert heartbeat.age() == 2.5


async def test_an_unreachable_database_is_unhealthy(tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such" / "dir" / "boshpana.sqlite3"
    services = services_on(f"sqlite+aiosqlite:///{missing}", tmp_path)
    heartbeat = Heartbeat()
    heartbeat.beat()
    try:
        health = await check(services, heartbeat)
    finally:
        await services.db.dispose()
        await sqlite_threads_finished()
    assert not health.database_reachable and health.delivery_worker_alive
    assert not health.healthy
    assert health.as_json()["status"] == "unhealthy"


async def test_a_worker_that_never_swept_is_not_alive(tmp_path: Path) -> None:
    services = services_on(f"sqlite+aiosqlite:///{tmp_path / 'x.sqlite3'}", tmp_path)
    try:
        health = await check(services, Heartbeat())
    finally:
        await services.db.dispose()
    assert not health.delivery_worker_alive and not health.healthy
