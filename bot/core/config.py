"""Settings from the environment (and an optional ``.env`` file), checked at start.

:func:`load_settings` turns every invalid value into one line naming the variable and
what it accepts (:class:`SettingsError`); ``boshpana`` prints those lines and exits.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BeforeValidator, Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from store import KeyFormatError, Keyring, check_schema, check_url

TELEGRAM_API_URL = "https://api.telegram.org/bot"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
WEBHOOK_SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,256}")
"""Telegram's rule for ``secret_token``."""
SECONDS = re.compile(r"\d+(?:\.\d+)?")
CLOCK = re.compile(r"(\d+):([0-5]\d):([0-5]\d(?:\.\d+)?)")
ISO_8601 = re.compile(
    r"P(?:(?P<days>\d+)D)?"
    r"(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?"
)
DURATION_FORMS = "seconds (600), HH:MM:SS (00:10:00) or ISO 8601 (PT10M)"


def parse_duration(value: object) -> timedelta:
    """A positive duration from seconds, ``HH:MM:SS`` or ISO 8601 (``PT10M``, ``P1DT2H``)."""
    if isinstance(value, timedelta):
        duration = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        duration = timedelta(seconds=value)
    elif isinstance(value, str):
        duration = _parse_duration_text(value.strip())
    else:
        raise ValueError(f"expected a duration: {DURATION_FORMS}")
    if duration <= timedelta(0):
        raise ValueError("must be longer than zero")
    return duration


def _parse_duration_text(text: str) -> timedelta:
    if SECONDS.fullmatch(text):
        return timedelta(seconds=float(text))
    if clock := CLOCK.fullmatch(text):
        hours, minutes, seconds = clock.groups()
        return timedelta(hours=int(hours), minutes=int(minutes), seconds=float(seconds))
    iso = ISO_8601.fullmatch(text.upper())
    if iso and text.upper() not in ("P", "PT") and not text.upper().endswith("T"):
        parts = {name: float(found) for name, found in iso.groupdict().items() if found}
        return timedelta(**parts)
    raise ValueError(f"{text!r} is not a duration: use {DURATION_FORMS}")


def _seconds(value: object) -> float:
    return parse_duration(value).total_seconds()


def _time_zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"{name!r} is not a time zone name; use one like Europe/Moscow or Asia/Tashkent"
        ) from None
    return name


def _log_level(level: str) -> str:
    upper = level.strip().upper()
    if upper not in LOG_LEVELS:
        raise ValueError(f"{level!r} is not a log level; use one of {', '.join(LOG_LEVELS)}")
    return upper


def _http_url(url: str | None) -> str | None:
    if url is None:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{url!r} is not an http(s) URL with a host")
    return url


def _database_url(url: str | None) -> str | None:
    if url is not None:
        check_url(url)
    return url


def _webhook_secret(secret: SecretStr | None) -> SecretStr | None:
    if secret is not None and not WEBHOOK_SECRET_PATTERN.fullmatch(secret.get_secret_value()):
        raise ValueError("must be 1-256 characters of A-Z a-z 0-9 _ - (Telegram's rule)")
    return secret


def _secret_key(secret: SecretStr | None) -> SecretStr | None:
    if secret is not None:
        try:
            Keyring.from_secret(secret.get_secret_value())
        except KeyFormatError as error:
            raise ValueError(f"{error}; make a key with: boshpana keys generate") from None
    return secret


def _schema(schema: str | None) -> str | None:
    if schema is not None:
        check_schema(schema)
    return schema


Duration = Annotated[timedelta, BeforeValidator(parse_duration)]
Seconds = Annotated[float, BeforeValidator(_seconds)]


class Settings(BaseSettings):
    """Everything an operator can configure. Names are the environment variables."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    telegram_bot_token: SecretStr | None = Field(None, alias="TELEGRAM_BOT_TOKEN")
    telegram_api_url: Annotated[str, AfterValidator(_http_url)] = Field(
        TELEGRAM_API_URL, alias="TELEGRAM_API_URL"
    )
    database_url: Annotated[str | None, AfterValidator(_database_url)] = Field(
        None, alias="DATABASE_URL"
    )
    secret_key: Annotated[SecretStr | None, AfterValidator(_secret_key)] = Field(
        None, alias="BOSHPANA_SECRET_KEY"
    )
    data_dir: Path = Field(Path("data"), alias="BOSHPANA_DATA_DIR")
    timezone: Annotated[str, AfterValidator(_time_zone)] = Field(
        "Europe/Moscow", alias="BOSHPANA_TIMEZONE"
    )
    operator: str = Field("Boshpana", alias="BOSHPANA_OPERATOR")
    retain_inactive_days: int = Field(30, ge=1, alias="BOSHPANA_RETAIN_INACTIVE_DAYS")
    retain_closed_days: int = Field(90, ge=1, alias="BOSHPANA_RETAIN_CLOSED_DAYS")
    ack_timeout: Duration = Field(timedelta(minutes=10), alias="BOSHPANA_ACK_TIMEOUT")
    repeat_interval: Duration = Field(timedelta(minutes=10), alias="BOSHPANA_REPEAT_INTERVAL")
    escalation_tick: Seconds = Field(5.0, alias="BOSHPANA_ESCALATION_TICK")
    """How often untaken cases are checked for being due to page again."""
    delivery_tick: Seconds = Field(1.0, alias="BOSHPANA_DELIVERY_TICK")
    """How often the outbox is swept besides the immediate wake-ups."""
    claim_lease: Duration = Field(timedelta(seconds=30), alias="BOSHPANA_CLAIM_LEASE")
    """How long a process's claim on an update or a message lasts: if it dies, another
    process (or itself, restarted) takes the work over after this."""
    flood_limit: int = Field(20, ge=1, alias="BOSHPANA_FLOOD_LIMIT")
    flood_window: Seconds = Field(30.0, alias="BOSHPANA_FLOOD_WINDOW")
    protect_content: bool = Field(False, alias="BOSHPANA_PROTECT_CONTENT")
    # Production: webhooks, a shared database, logs (see docs/operating.md).
    webhook_url: Annotated[str | None, AfterValidator(_http_url)] = Field(
        None, alias="BOSHPANA_WEBHOOK_URL"
    )
    webhook_secret: Annotated[SecretStr | None, AfterValidator(_webhook_secret)] = Field(
        None, alias="BOSHPANA_WEBHOOK_SECRET"
    )
    webhook_max_connections: int = Field(
        40, ge=1, le=100, alias="BOSHPANA_WEBHOOK_MAX_CONNECTIONS"
    )
    """Requests Telegram keeps open to the webhook at once (the Bot API's 1-100, default 40)."""
    listen: str = Field("127.0.0.1", alias="BOSHPANA_LISTEN")
    port: int = Field(8080, ge=0, le=65535, alias="BOSHPANA_PORT")
    db_schema: Annotated[str | None, AfterValidator(_schema)] = Field(
        None, alias="BOSHPANA_DB_SCHEMA"
    )
    """A PostgreSQL schema for every table: for tests and databases shared with other apps."""
    log_format: Literal["text", "json"] = Field("text", alias="BOSHPANA_LOG_FORMAT")
    log_level: Annotated[str, AfterValidator(_log_level)] = Field(
        "INFO", alias="BOSHPANA_LOG_LEVEL"
    )

    @property
    def base_url(self) -> str:
        """python-telegram-bot's ``base_url``: the API root with ``/bot`` (token appended)."""
        url = self.telegram_api_url.rstrip("/")
        return url if url.endswith("/bot") or "{token}" in url else f"{url}/bot"

    @property
    def base_file_url(self) -> str:
        """python-telegram-bot's ``base_file_url``, next to ``base_url``."""
        root = self.base_url.removesuffix("/bot")
        return f"{root}/file/bot"


class SettingsError(Exception):
    """Invalid settings; :attr:`lines` has one line per problem, naming the variable."""

    def __init__(self, lines: list[str]) -> None:
        """Keep ``lines`` (also the message, one per line)."""
        super().__init__("\n".join(lines))
        self.lines = lines


def load_settings() -> Settings:
    """The settings from the environment, or :class:`SettingsError` saying what is wrong.

    Values of secrets are never repeated in the messages.
    """
    try:
        return Settings()
    except ValidationError as error:
        raise SettingsError([_describe(problem) for problem in error.errors()]) from None


def _describe(problem: object) -> str:
    assert isinstance(problem, dict)
    name = ".".join(str(part) for part in problem["loc"]) or "settings"
    message = str(problem["msg"]).removeprefix("Value error, ")
    return f"{name}: {message}"
