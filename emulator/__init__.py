"""An offline Telegram Bot API emulator for end-to-end tests and demos."""

from emulator.models import Call, SimChat, SimUser, StoredMessage
from emulator.server import BotApiEmulator

__all__ = ["BotApiEmulator", "Call", "SimChat", "SimUser", "StoredMessage"]
