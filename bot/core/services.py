"""What the handlers share: the database, the keys, the catalogs and the settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.core.config import Settings
from bot.core.i18n import Catalogs
from store import Database, Keyring


@dataclass(frozen=True)
class Services:
    """The long-lived objects one running bot uses."""

    settings: Settings
    db: Database
    keyring: Keyring
    catalogs: Catalogs

    def today(self) -> date:
        """Today's date where the people the bot serves live (``BOSHPANA_TIMEZONE``)."""
        return datetime.now(ZoneInfo(self.settings.timezone)).date()
