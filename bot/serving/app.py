"""Builds the python-telegram-bot Application: the bot, handlers, ordering, jobs, intake."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import HTTPXRequest

from bot.cases.directory import LawyerDirectory
from bot.cases.escalation import Escalation
from bot.core.scope import BotContext
from bot.core.services import Services
from bot.delivery.failures import Failures
from bot.delivery.worker import Delivery
from bot.desk.desk import LawyerDesk
from bot.person.command_menu import set_default_commands
from bot.person.conversation import Conversation
from bot.person.privacy import Privacy
from bot.serving.errors import on_error
from bot.serving.flood import FloodGuard
from bot.serving.health import HEARTBEAT
from bot.serving.intake import Backlog, InboxBot, Intake
from bot.serving.jobs import Jobs
from bot.serving.processing import InboxUpdateProcessor, Pipeline, ScopeBuilder
from bot.serving.retention import schedule_purge
from bot.serving.routing import Handlers
from flows import validate

log = logging.getLogger(__name__)

CONNECTION_POOL = 32
"""HTTP connections to the Bot API; httpcore checks every pooled one per request, so a
smaller pool is faster under load (measured in bench/)."""
POOL_TIMEOUT = 10.0
PRIVATE = filters.ChatType.PRIVATE
INTAKE = "boshpana.intake"
"""The key of the :class:`Intake` in ``Application.bot_data`` (the webhook server uses it)."""
PIPELINE = "boshpana.pipeline"
"""The key of the :class:`Pipeline` in ``Application.bot_data`` (stopping sets it)."""
DELIVERY = "boshpana.delivery"
"""The key of the :class:`Delivery` in ``Application.bot_data``."""


def build_application(services: Services, token: str) -> Application:  # type: ignore[type-arg]
    """The bot, ready to run by polling or webhook, talking to ``TELEGRAM_API_URL``."""
    validate.check()
    settings = services.settings
    backlog = Backlog()
    intake = Intake(services, backlog)
    bot = InboxBot(
        token,
        intake,
        base_url=settings.base_url,
        base_file_url=settings.base_file_url,
        request=HTTPXRequest(connection_pool_size=CONNECTION_POOL, pool_timeout=POOL_TIMEOUT),
        get_updates_request=HTTPXRequest(),
        defaults=Defaults(parse_mode=ParseMode.HTML),
        # No rate limiter: answering people is not a broadcast, and a global queue would
        # make a lawyer's card wait behind ordinary replies. Telegram's 429 is honoured per
        # item: the outbox sends it again after its retry_after (bot.delivery.worker).
    )
    processor = InboxUpdateProcessor()
    application = (
        ApplicationBuilder()
        .bot(bot)
        .context_types(ContextTypes(context=BotContext))
        .concurrent_updates(processor)
        .post_init(_post_init(services))
        .build()
    )
    escalation = Escalation(settings)
    delivery = Delivery(services, Failures(services, escalation), bot)
    jobs = Jobs(services, escalation, delivery, intake)
    services.outlet.deliver = delivery.deliver
    services.outlet.lease = settings.claim_lease
    services.outlet.wake = jobs.wake
    pipeline = Pipeline(services, application, ScopeBuilder(services, LawyerDirectory()), backlog)
    processor.pipeline = pipeline
    flood = FloodGuard(services.clock, settings.flood_limit, settings.flood_window)
    application.add_handler(TypeHandler(Update, flood), group=-1)
    conversation = Conversation(services, escalation)
    handlers = Handlers(conversation, LawyerDesk(services, escalation), Privacy(services))
    register(application, handlers)
    jobs.schedule(application)
    schedule_purge(application, services)
    application.bot_data[HEARTBEAT] = delivery.heartbeat
    application.bot_data[INTAKE] = intake
    application.bot_data[PIPELINE] = pipeline
    application.bot_data[DELIVERY] = delivery
    application.add_error_handler(on_error)
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


def _post_init(
    services: Services,
) -> Callable[[Application], Coroutine[Any, Any, None]]:  # type: ignore[type-arg]
    async def post_init(application: Application) -> None:  # type: ignore[type-arg]
        """Publish the command menu in every language that has a Telegram language code."""
        await set_default_commands(application.bot, services.catalogs)

    return post_init


def stopping(application: Application) -> None:  # type: ignore[type-arg]
    """The bot stops: updates not started yet are left in the inbox for the next start."""
    pipeline = application.bot_data.get(PIPELINE)
    if isinstance(pipeline, Pipeline):
        pipeline.stopping = True
