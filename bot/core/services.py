"""What every part of a running bot shares: settings, database, keys, catalogs, clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from bot.core.clock import Clock, SystemClock
from bot.core.config import Settings
from bot.core.i18n import Catalogs
from bot.core.work import Outlet
from store import Database, Keyring


@dataclass(frozen=True)
class Services:
    """The long-lived objects one running bot uses."""

    settings: Settings
    db: Database
    keyring: Keyring
    catalogs: Catalogs
    clock: Clock = field(default_factory=SystemClock)
    outlet: Outlet = field(default_factory=Outlet)
    """Where committed outbox items go: set by the serving bot, unset in the CLI."""

    def today(self) -> date:
        """Today's date where the people the bot serves live (``BOSHPANA_TIMEZONE``)."""
        return self.clock.now().astimezone(ZoneInfo(self.settings.timezone)).date()

    def user_key(self, telegram_id: int) -> str:
        """The keyed hash that stands for a Telegram user (or chat) in the database."""
        return self.keyring.user_key(telegram_id)
