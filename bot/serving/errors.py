"""The one error handler: log without personal data, tell the person kindly."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatType, ParseMode
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.core.i18n import Catalogs
from bot.person import texts

log = logging.getLogger(__name__)


class ErrorHandler:
    """Logs the failure's type (never the update's content) and apologises to the person."""

    def __init__(self, catalogs: Catalogs) -> None:
        """Word apologies with ``catalogs``."""
        self.catalogs = catalogs

    async def __call__(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Handle an exception raised while processing ``update``."""
        error = context.error
        update_id = update.update_id if isinstance(update, Update) else None
        log.error(
            "update %s failed: %s",
            update_id,
            type(error).__name__,
            exc_info=(type(error), error, error.__traceback__) if error else None,
        )
        if not isinstance(update, Update) or update.effective_chat is None:
            return
        if update.effective_chat.type != ChatType.PRIVATE:
            return
        user = update.effective_user
        locale = self.catalogs.negotiate(user.language_code if user else None)
        apology = self.catalogs.translator(locale)(texts.ERROR)
        try:
            await context.bot.send_message(
                update.effective_chat.id, apology, parse_mode=ParseMode.HTML
            )
        except TelegramError as failure:
            log.warning("could not send the apology: %s", type(failure).__name__)
