"""Logging: plain text or one JSON object per line, and never personal data or the token.

Our own code logs no names, message text or Telegram ids (only case numbers, outbox ids,
update ids and exception class names). The libraries are another matter, so every
record goes through :class:`PrivacyFilter` on the way out:

- records below INFO from python-telegram-bot, httpx, httpcore, aiohttp, aiosqlite and
  SQLAlchemy are dropped: at DEBUG they print whole updates, API requests and SQL
  parameters (text, names, ids);
- the arguments of other library records are reduced to numbers, redacted strings and
  type names (PTB's critical "Error while building CallbackContext for update %s" would
  otherwise print the update);
- in every message and traceback the bot token (httpx logs request URLs, which contain
  it) and any run of six or more digits (Telegram user and chat ids) are masked.

Production runs at INFO; even ``BOSHPANA_LOG_LEVEL=DEBUG`` keeps these rules.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import IO, Any

from bot.core.config import Settings

LIBRARIES = (
    "telegram",
    "httpx",
    "httpcore",
    "aiohttp",
    "aiosqlite",
    "asyncpg",
    "apscheduler",
    "sqlalchemy",
    "alembic",
)
"""Loggers whose arguments we do not control."""
CHATTY = ("telegram", "httpx", "httpcore", "aiohttp", "aiosqlite", "sqlalchemy")
"""Libraries that log requests, updates or SQL below INFO: those records are dropped."""
QUIET = {
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
    "alembic": logging.WARNING,
    "apscheduler": logging.WARNING,  # a line per job run: three a second for the outbox alone
}
"""Library loggers kept quieter than the rest at any level."""
TOKEN = re.compile(r"\d{5,}:[A-Za-z0-9_-]{10,}")
LONG_NUMBER = re.compile(r"(?<![\w.])-?\d{6,}(?![\w.])")
REDACTED_TOKEN = "<token>"
REDACTED_ID = "<id>"
_OURS = "boshpana_handler"
"""Marks the root handler :func:`configure` installed."""


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with ``secrets``, anything shaped like a bot token, and long numbers masked."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED_TOKEN)
    text = TOKEN.sub(REDACTED_TOKEN, text)
    return LONG_NUMBER.sub(REDACTED_ID, text)


def _from(name: str, prefixes: Iterable[str]) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


class PrivacyFilter(logging.Filter):
    """Drops library debug records and masks tokens and ids (see the module docstring).

    Attach it to a handler: handler filters see the records of every logger.
    """

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        """Also mask each of ``secrets`` (the bot token, the webhook secret) verbatim."""
        super().__init__()
        self._secrets = tuple(secret for secret in secrets if secret)
        self._formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep the record, rewritten, unless it is a library's debug output."""
        if record.levelno < logging.INFO and _from(record.name, CHATTY):
            return False
        if record.args and _from(record.name, LIBRARIES):
            record.args = tuple(self._safe(arg) for arg in _as_tuple(record.args))
        record.msg = redact(record.getMessage(), self._secrets)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self._secrets)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self._secrets)
        return True

    def _safe(self, arg: object) -> object:
        if arg is None or isinstance(arg, bool | int | float):
            return arg
        if isinstance(arg, str):
            return redact(arg, self._secrets)
        if isinstance(arg, BaseException):
            return type(arg).__name__
        return f"<{type(arg).__name__}>"


def _as_tuple(args: Any) -> tuple[object, ...]:
    return args if isinstance(args, tuple) else (args,)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ``time`` (UTC, ISO 8601), ``level``, ``logger``, ``message``.

    ``exception`` is added when the record carries one.
    """

    def format(self, record: logging.LogRecord) -> str:
        """The record as one line of JSON."""
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False)


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is when a record is emitted.

    A handler holding the ``sys.stderr`` of the moment it was made outlives it when that
    stream is replaced and closed (pytest's capture does so after each test): every later
    record would then fail with "I/O operation on closed file".
    """

    def __init__(self) -> None:
        """A handler on the current standard error."""
        super().__init__(sys.stderr)

    @property
    def stream(self) -> IO[str]:
        """The current ``sys.stderr``."""
        return sys.stderr

    @stream.setter
    def stream(self, _: IO[str]) -> None:
        """Ignored: the stream is always the current ``sys.stderr``."""


def handler(settings: Settings, stream: IO[str] | None = None) -> logging.Handler:
    """A handler writing to ``stream`` (stderr) in ``BOSHPANA_LOG_FORMAT``, privacy-filtered."""
    secrets = [
        value.get_secret_value()
        for value in (settings.telegram_bot_token, settings.webhook_secret)
        if value is not None
    ]
    made = StderrHandler() if stream is None else logging.StreamHandler(stream)
    made.addFilter(PrivacyFilter(secrets))
    made.setFormatter(
        JsonFormatter() if settings.log_format == "json" else logging.Formatter(TEXT_FORMAT)
    )
    return made


def configure(settings: Settings, stream: IO[str] | None = None) -> logging.Handler:
    """Send every log record through :func:`handler` at ``BOSHPANA_LOG_LEVEL``.

    A handler an earlier call installed is replaced; others (a test runner's) stay.
    Returns the new handler.
    """
    made = handler(settings, stream)
    setattr(made, _OURS, True)
    root = logging.getLogger()
    for old in root.handlers[:]:
        if getattr(old, _OURS, False):
            root.removeHandler(old)
    root.addHandler(made)
    root.setLevel(settings.log_level.upper())
    for name, level in QUIET.items():
        logging.getLogger(name).setLevel(max(level, root.level))
    return made
