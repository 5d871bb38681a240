"""The Telegram adapter: python-telegram-bot Application, handlers, rendering, CLI.

Durations from python-telegram-bot (``RetryAfter.retry_after`` …) are ``timedelta``s:
we opt in to the behaviour its next major version makes the default.
"""

import os

os.environ.setdefault("PTB_TIMEDELTA", "1")
