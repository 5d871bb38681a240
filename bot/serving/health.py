"""``GET /healthz``: is this instance fit to receive Telegram's updates?

Healthy means the database answers a query (the outbox figures) within :data:`DB_TIMEOUT`,
and this process's outbox worker claimed within :data:`ALIVE_TICKS` delivery ticks. The
age of the oldest undelivered outbox item is reported, not judged: it is shared by every
instance (one slow chat or Telegram's flood control should not take them all out of
the load balancer), so alert on it instead.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from bot.core.services import Services
from bot.delivery.heartbeat import Heartbeat

log = logging.getLogger(__name__)

DB_TIMEOUT = 2.0
"""Seconds the database gets to answer before the instance counts as unhealthy."""
ALIVE_TICKS = 3
"""The outbox worker is alive if its last claim is at most this many delivery ticks old."""
GRACE = 0.5
"""Seconds added to the ticks, for the job queue's own scheduling delay."""
HEARTBEAT = "boshpana.delivery-heartbeat"
"""The key of the outbox worker's :class:`Heartbeat` in ``Application.bot_data``."""


@dataclass(frozen=True)
class Health:
    """What ``/healthz`` answers (aggregate figures only)."""

    database_reachable: bool
    delivery_worker_alive: bool
    last_sweep_seconds_ago: float | None
    undelivered: int | None
    oldest_undelivered_seconds: float | None

    @property
    def healthy(self) -> bool:
        """Fit for traffic: the database answers and the outbox worker runs."""
        return self.database_reachable and self.delivery_worker_alive

    def as_json(self) -> dict[str, Any]:
        """The JSON body, with ``status`` first."""
        body: dict[str, Any] = {"status": "ok" if self.healthy else "unhealthy"}
        body.update(asdict(self))
        return body


async def check(services: Services, heartbeat: Heartbeat, timeout: float = DB_TIMEOUT) -> Health:  # noqa: ASYNC109 - the timeout is a setting, not a cancel scope
    """Probe the database and the outbox worker."""
    age = heartbeat.age()
    alive = age is not None and age <= ALIVE_TICKS * services.settings.delivery_tick + GRACE
    undelivered: int | None = None
    oldest_seconds: float | None = None
    try:
        async with asyncio.timeout(timeout), services.db.transaction() as tx:
            undelivered = await tx.outbox.pending_count()
            oldest = await tx.outbox.oldest_pending_at()
        reachable = True
    except Exception as error:  # whatever the driver raises, the instance is not fit
        log.warning("health: the database did not answer (%s)", type(error).__name__)
        reachable = False
    else:
        if oldest is not None:
            oldest_seconds = round((datetime.now(UTC) - oldest).total_seconds(), 1)
    return Health(
        database_reachable=reachable,
        delivery_worker_alive=alive,
        last_sweep_seconds_ago=None if age is None else round(age, 2),
        undelivered=undelivered,
        oldest_undelivered_seconds=oldest_seconds,
    )
