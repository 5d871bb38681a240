"""Builds the python-telegram-bot Application: handlers, limits, ordering, start-up tasks."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.cases.escalation import Escalation
from bot.core import ledger
from bot.core.services import Services
from bot.delivery.worker import Delivery
from bot.desk.desk import LawyerDesk
from bot.person.command_menu import set_default_commands
from bot.person.conversation import Conversation
from bot.person.privacy import Privacy
from bot.serving.errors import ErrorHandler
from bot.serving.flood import FloodGuard
from bot.serving.health import HEARTBEAT
from bot.serving.jobs import Jobs
from bot.serving.ordering import PerUserUpdateProcessor
from bot.serving.retention import schedule_purge
from bot.serving.routing import Handlers
from flows import validate

log = logging.getLogger(__name__)

RATE_LIMIT_RETRIES = 3
CONNECTION_POOL = 32
"""HTTP connections to the Bot API; httpcore checks every pooled one per request, so a
smaller pool is faster under load (measured in bench/)."""
POOL_TIMEOUT = 10.0
PRIVATE = filters.ChatType.PRIVATE


def build_application(services: Services, token: str) -> Application:  # type: ignore[type-arg]
    """The bot, ready to run by polling or webhook, talking to ``TELEGRAM_API_URL``."""
    validate.check()
    settings = services.settings
    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.base_url)
        .base_file_url(settings.base_file_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML))
        # No overall cap: answering people is not a broadcast, and a global queue would make
        # a lawyer's card wait behind ordinary replies. Telegram's 429s are still honoured.
        .rate_limiter(AIORateLimiter(overall_max_rate=0, max_retries=RATE_LIMIT_RETRIES))
        .connection_pool_size(CONNECTION_POOL)
        .pool_timeout(POOL_TIMEOUT)
        .concurrent_updates(PerUserUpdateProcessor())
        .post_init(_post_init(services))
        .build()
    )
    escalation = Escalation(settings)
    jobs = Jobs(services, escalation, Delivery(services, escalation))
    conversation = Conversation(services, escalation, jobs.kick)
    desk = LawyerDesk(services, escalation, jobs.kick)
    flood = FloodGuard(services, settings.flood_limit, settings.flood_window)
    application.add_handler(TypeHandler(Update, flood), group=-1)
    privacy = Privacy(services, jobs.kick)
    register(application, Handlers(services, conversation, desk, privacy))
    jobs.schedule(application)
    application.bot_data[HEARTBEAT] = jobs.delivery.heartbeat
    ledger.install(application, services)
    schedule_purge(application, services)
    application.add_error_handler(ErrorHandler(services.catalogs))
    return application


def register(application: Application, handlers: Handlers) -> None:  # type: ignore[type-arg]
    """Attach every handler; anything outside a private chat only makes the bot leave."""
    application.add_handlers(
        [
            ChatMemberHandler(handlers.membership, ChatMemberHandler.MY_CHAT_MEMBER),
            MessageHandler(
                ~PRIVATE & (filters.UpdateType.MESSAGES | filters.UpdateType.CHANNEL_POSTS),
                handlers.outside_private,
            ),
            CallbackQueryHandler(handlers.button),
            MessageHandler(PRIVATE & filters.UpdateType.EDITED_MESSAGE, handlers.edited),
            MessageHandler(PRIVATE & filters.COMMAND, handlers.command),
            MessageHandler(PRIVATE & filters.TEXT, handlers.text),
            MessageHandler(PRIVATE & filters.UpdateType.MESSAGE, handlers.media),
        ]
    )


def _post_init(services: Services):  # type: ignore[no-untyped-def]
    async def post_init(application: Application) -> None:  # type: ignore[type-arg]
        """Publish the command menu in every language that has a Telegram language code."""
        await set_default_commands(application.bot, services.catalogs)

    return post_init
