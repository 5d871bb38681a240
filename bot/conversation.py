"""The unit of work for one update: load state, run the flow, save, then show the replies."""

from __future__ import annotations

import logging

from telegram import Bot, Message, User
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.command_menu import language_chosen, set_chat_commands
from bot.render import Rendered, Renderer, split_text
from bot.services import Services
from flows.engine import Outcome, handle
from flows.events import Context, Event
from flows.screens import Effect, RequestLawyer
from flows.state import InterviewState
from store import ConcurrentUpdateError, Transaction

log = logging.getLogger(__name__)

SAVE_ATTEMPTS = 3


class Conversation:
    """Carries one person's events through the flow engine, the store and Telegram."""

    def __init__(self, services: Services) -> None:
        """Use ``services`` for every update."""
        self.services = services

    async def advance(
        self, bot: Bot, user: User, chat_id: int, event: Event, pressed: Message | None = None
    ) -> None:
        """Apply ``event`` for ``user`` and show the result in ``chat_id``.

        ``pressed`` is the message whose button was pressed: replies marked ``edit`` replace it.
        """
        user_key = self.services.keyring.user_key(user.id)
        outcome, case_number = await self._transact(user_key, chat_id, event)
        catalogs = self.services.catalogs
        locale = outcome.state.locale or catalogs.negotiate(user.language_code)
        render = Renderer(
            catalogs.translator(locale, outcome.state.reader),
            catalogs,
            operator=self.services.settings.operator,
            retain_days=self.services.settings.retain_inactive_days,
            case_number=case_number,
        )
        for reply in outcome.replies:
            target = pressed if reply.edit else None
            await show(bot, chat_id, render(reply.screen), edit=target)
        if language_chosen(event, outcome.state.locale):
            await set_chat_commands(bot, chat_id, render.t)

    async def _transact(
        self, user_key: str, chat_id: int, event: Event
    ) -> tuple[Outcome, str | None]:
        """Run the flow and store its state and effects in one transaction."""
        ctx = Context(self.services.today(), self.services.catalogs.locales)
        for attempt in range(1, SAVE_ATTEMPTS + 1):
            try:
                async with self.services.db.transaction() as tx:
                    stored = await tx.conversations.load(user_key)
                    state = InterviewState.from_dict(stored.state) if stored else InterviewState()
                    outcome = handle(state, event, ctx)
                    case_number = await _apply(tx, user_key, outcome.effects)
                    version = stored.version if stored else 0
                    await tx.conversations.save(
                        user_key, chat_id, outcome.state.to_dict(), expected_version=version
                    )
                return outcome, case_number
            except ConcurrentUpdateError:
                log.info("conversation changed concurrently; retrying (attempt %d)", attempt)
        raise ConcurrentUpdateError("conversation kept changing during the update")


async def _apply(tx: Transaction, user_key: str, effects: tuple[Effect, ...]) -> str | None:
    """Carry out the flow's effects; returns the case number of a lawyer request."""
    number = None
    for effect in effects:
        match effect:
            case RequestLawyer(level, answers):
                case = await tx.cases.open_for(user_key)
                if case is None:
                    urgency = level.key if level else None
                    summary = {"level": urgency, "answers": answers}
                    case = await tx.cases.create(user_key, urgency, summary)
                    log.info("lawyer requested: case %s, level %s", case.number, urgency)
                number = case.number
    return number


async def show(bot: Bot, chat_id: int, rendered: Rendered, *, edit: Message | None) -> None:
    """Send ``rendered`` (split if over Telegram's limit), or put it in place of ``edit``."""
    parts = split_text(rendered.text)
    if edit is not None and len(parts) == 1:
        try:
            await edit.edit_text(
                parts[0], parse_mode=ParseMode.HTML, reply_markup=rendered.keyboard
            )
        except BadRequest as error:
            if "not modified" in error.message.lower():
                return
            log.info("could not edit a message (%s); sending it anew", error.message)
        else:
            return
    for number, part in enumerate(parts, start=1):
        keyboard = rendered.keyboard if number == len(parts) else None
        await bot.send_message(chat_id, part, parse_mode=ParseMode.HTML, reply_markup=keyboard)
