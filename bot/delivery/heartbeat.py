"""A worker's sign of life, read by ``/healthz``."""

from __future__ import annotations

import time
from collections.abc import Callable


class Heartbeat:
    """When a worker last showed it was running (monotonic clock)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        """Start with no beat; ``clock`` is for tests."""
        self._clock = clock
        self._at: float | None = None

    def beat(self) -> None:
        """The worker is running now."""
        self._at = self._clock()

    def age(self) -> float | None:
        """Seconds since the last beat, or None before the first."""
        return None if self._at is None else self._clock() - self._at
