"""Where the store's timestamps come from: the wall clock, or one the caller controls.

Every "now" the store writes (when a case opened, when an outbox item is due, …) is read
from the ``now`` callable given to :class:`store.Database`, so that timers compared with
those timestamps run on the same clock as the bot (a test or the sandbox can move it).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Now = Callable[[], datetime]
"""Returns the current time, timezone-aware, in UTC."""


def utc_now() -> datetime:
    """The wall clock, in UTC."""
    return datetime.now(UTC)
