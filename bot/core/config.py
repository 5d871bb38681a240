"""Settings from the environment (and an optional ``.env`` file)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

TELEGRAM_API_URL = "https://api.telegram.org/bot"


class Settings(BaseSettings):
    """Everything an operator can configure. Names are the environment variables."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    telegram_bot_token: SecretStr | None = Field(None, alias="TELEGRAM_BOT_TOKEN")
    telegram_api_url: str = Field(TELEGRAM_API_URL, alias="TELEGRAM_API_URL")
    database_url: str | None = Field(None, alias="DATABASE_URL")
    secret_key: SecretStr | None = Field(None, alias="BOSHPANA_SECRET_KEY")
    data_dir: Path = Field(Path("data"), alias="BOSHPANA_DATA_DIR")
    timezone: str = Field("Europe/Moscow", alias="BOSHPANA_TIMEZONE")
    operator: str = Field("Boshpana", alias="BOSHPANA_OPERATOR")
    retain_inactive_days: int = Field(30, ge=1, alias="BOSHPANA_RETAIN_INACTIVE_DAYS")
    retain_closed_days: int = Field(90, ge=1, alias="BOSHPANA_RETAIN_CLOSED_DAYS")
    ack_timeout: timedelta = Field(timedelta(minutes=10), alias="BOSHPANA_ACK_TIMEOUT")
    repeat_interval: timedelta = Field(timedelta(minutes=10), alias="BOSHPANA_REPEAT_INTERVAL")
    escalation_tick: float = Field(5.0, gt=0, alias="BOSHPANA_ESCALATION_TICK")
    delivery_tick: float = Field(1.0, gt=0, alias="BOSHPANA_DELIVERY_TICK")
    flood_limit: int = Field(20, ge=1, alias="BOSHPANA_FLOOD_LIMIT")
    flood_window: float = Field(30.0, gt=0, alias="BOSHPANA_FLOOD_WINDOW")
    protect_content: bool = Field(False, alias="BOSHPANA_PROTECT_CONTENT")
    # Production: webhooks, a shared database, logs (see docs/operating.md).
    webhook_url: str | None = Field(None, alias="BOSHPANA_WEBHOOK_URL")
    webhook_secret: SecretStr | None = Field(None, alias="BOSHPANA_WEBHOOK_SECRET")
    listen: str = Field("127.0.0.1", alias="BOSHPANA_LISTEN")
    port: int = Field(8080, ge=0, le=65535, alias="BOSHPANA_PORT")
    db_schema: str | None = Field(None, alias="BOSHPANA_DB_SCHEMA")
    """A PostgreSQL schema for every table: for tests and databases shared with other apps."""
    log_format: Literal["text", "json"] = Field("text", alias="BOSHPANA_LOG_FORMAT")
    log_level: str = Field("INFO", alias="BOSHPANA_LOG_LEVEL")

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
