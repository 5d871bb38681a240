"""The unit of work for one person's update: load state, run the flow, save, then reply.

The person's state, the case a lawyer request opens and the messages it queues for the
lawyers are written in one transaction; replies are sent after it commits.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from telegram import Bot, Message, User
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.cases import texts as ct
from bot.cases.escalation import Escalation
from bot.core import ledger
from bot.core.i18n import Translator
from bot.core.menus import set_chat_commands
from bot.core.messages import Rendered, split_text
from bot.core.services import Services
from bot.outbox.kinds import Kind, Priority
from bot.outbox.relaying import relay_payload
from bot.person import texts
from bot.person.command_menu import language_chosen
from bot.person.render import Renderer
from flows.clock import earliest_today
from flows.engine import Outcome, handle
from flows.events import Context, Event
from flows.screens import RequestLawyer
from flows.state import InterviewState
from store import ConcurrentUpdateError, StoredCase, Transaction
from store.models import CaseStatus

log = logging.getLogger(__name__)

SAVE_ATTEMPTS = 3


@dataclass(frozen=True)
class CaseOpened:
    """What a lawyer request led to: the case number (None if refused) and lawyers paged."""

    number: str | None
    paged: int


class Conversation:
    """Carries one person's events through the flow engine, the store and Telegram."""

    def __init__(
        self, services: Services, escalation: Escalation, kick: Callable[[], None]
    ) -> None:
        """Use ``services``; open cases through ``escalation``; ``kick`` wakes the outbox worker."""
        self.services = services
        self.escalation = escalation
        self.kick = kick

    async def advance(
        self, bot: Bot, user: User, chat_id: int, event: Event, pressed: Message | None = None
    ) -> list[int]:
        """Apply ``event`` for ``user``, show the result in ``chat_id``; the ids of what it showed.

        ``pressed`` is the message whose button was pressed: replies marked ``edit`` replace it.
        """
        user_key = self.services.keyring.user_key(user.id)
        fallback = self.services.catalogs.negotiate(user.language_code)
        outcome, opened = await self._transact(user_key, chat_id, event, fallback)
        if opened is not None:
            self.kick()
        render = Renderer(
            self.services.catalogs.translator(
                outcome.state.locale or fallback, outcome.state.reader
            ),
            self.services.catalogs,
            operator=self.services.settings.operator,
            retain_days=self.services.settings.retain_inactive_days,
            case_number=opened.number if opened else None,
            lawyers_reachable=bool(opened and opened.paged),
            request_refused=bool(opened and opened.number is None),
        )
        shown: list[int] = []
        for reply in outcome.replies:
            target = pressed if reply.edit else None
            shown += await show(
                bot,
                chat_id,
                render(reply.screen),
                edit=target,
                protect=self.services.settings.protect_content,
            )
        if language_chosen(event, outcome.state.locale):
            await set_chat_commands(bot, chat_id, render.t, texts.COMMANDS)
        return shown

    async def message_for_lawyer(self, bot: Bot, user: User, message: Message) -> list[int] | None:
        """Queue ``message`` for the person's lawyer; ``None`` if they have no case.

        Returns the ids of the bot's own messages it sent in answer (if any).
        """
        user_key = self.services.keyring.user_key(user.id)
        async with self.services.db.transaction() as tx:
            await ledger.once(tx)
            case = await tx.cases.open_for(user_key)
            if case is None:
                return None
            await tx.outbox.add(
                Kind.RELAY_TO_LAWYER,
                message.chat_id,
                relay_payload(message),
                case_id=case.id,
                priority=Priority.MESSAGE,
            )
            await tx.audit.record("client", "relayed_to_lawyer", case.id)
        self.kick()
        if case.status is CaseStatus.CLAIMED:
            return []
        t = await self.translator(user)
        kept = await bot.send_message(
            message.chat_id, t(ct.KEPT_FOR_LAWYER), parse_mode=ParseMode.HTML
        )
        return [kept.message_id]

    async def end_with_lawyer(self, bot: Bot, user: User, chat_id: int) -> list[int]:
        """The person ends the conversation with their lawyer: the case is closed.

        Returns the id of the bot's answer.
        """
        user_key = self.services.keyring.user_key(user.id)
        async with self.services.db.transaction() as tx:
            await ledger.once(tx)
            case = await tx.cases.open_for(user_key)
            if case is not None:
                await self.escalation.close(tx, case, "client_ended", None)
        self.kick()
        t = await self.translator(user)
        text = t(ct.ENDED, {"number": case.number}) if case else t(ct.NO_CASE_TO_END)
        answer = await bot.send_message(chat_id, text, parse_mode=ParseMode.HTML)
        return [answer.message_id]

    async def translator(self, user: User) -> Translator:
        """The person's language (their choice, else Telegram's) and reader."""
        user_key = self.services.keyring.user_key(user.id)
        async with self.services.db.transaction() as tx:
            stored = await tx.conversations.load(user_key)
        state = InterviewState.from_dict(stored.state) if stored else InterviewState()
        locale = state.locale or self.services.catalogs.negotiate(user.language_code)
        return self.services.catalogs.translator(locale, state.reader)

    async def _transact(
        self, user_key: str, chat_id: int, event: Event, fallback_locale: str
    ) -> tuple[Outcome, CaseOpened | None]:
        """Run the flow and store its state and effects in one transaction."""
        for attempt in range(1, SAVE_ATTEMPTS + 1):
            try:
                async with self.services.db.transaction() as tx:
                    await ledger.once(tx)
                    stored = await tx.conversations.load(user_key)
                    state = InterviewState.from_dict(stored.state) if stored else InterviewState()
                    case = await tx.cases.open_for(user_key)
                    today = earliest_today(datetime.now(UTC))  # not the server's zone
                    ctx = Context(today, self.services.catalogs.locales, case is not None)
                    outcome = handle(state, event, ctx)
                    opened = await self._apply(tx, user_key, outcome, fallback_locale, case)
                    version = stored.version if stored else 0
                    await tx.conversations.save(
                        user_key, chat_id, outcome.state.to_dict(), expected_version=version
                    )
                return outcome, opened
            except ConcurrentUpdateError:
                log.info("conversation changed concurrently; retrying (attempt %d)", attempt)
        raise ConcurrentUpdateError("conversation kept changing during the update")

    async def _apply(
        self,
        tx: Transaction,
        user_key: str,
        outcome: Outcome,
        fallback_locale: str,
        case: StoredCase | None,
    ) -> CaseOpened | None:
        """Carry out the flow's effects: a lawyer request opens (or refreshes) the case."""
        opened = None
        for effect in outcome.effects:
            if isinstance(effect, RequestLawyer):
                urgency = effect.level.key if effect.level else None
                summary = {
                    "level": urgency,
                    "answers": effect.answers,
                    "locale": outcome.state.locale or fallback_locale,
                }
                case, paged = await self.escalation.open_case(tx, user_key, urgency, summary)
                if case is None:
                    log.info("lawyer request refused (blocked or too many cases)")
                    opened = CaseOpened(None, 0)
                else:
                    log.info(
                        "lawyer requested: case %s, level %s, %d paged",
                        case.number,
                        urgency,
                        paged,
                    )
                    opened = CaseOpened(case.number, paged)
        return opened


async def show(
    bot: Bot, chat_id: int, rendered: Rendered, *, edit: Message | None, protect: bool = False
) -> list[int]:
    """Send ``rendered`` (split if over Telegram's limit), or put it in place of ``edit``.

    Returns the ids of the messages sent (none when an edit replaced a message in place).
    """
    parts = split_text(rendered.text)
    if edit is not None and len(parts) == 1:
        try:
            await edit.edit_text(
                parts[0], parse_mode=ParseMode.HTML, reply_markup=rendered.keyboard
            )
        except BadRequest as error:
            if "not modified" in error.message.lower():
                return []
            log.info("could not edit a message (%s); sending it anew", error.message)
        else:
            return []
    sent: list[int] = []
    for number, part in enumerate(parts, start=1):
        keyboard = rendered.keyboard if number == len(parts) else None
        message = await bot.send_message(
            chat_id,
            part,
            parse_mode=ParseMode.HTML,
            reply_markup=keyboard,
            protect_content=protect,
        )
        sent.append(message.message_id)
    return sent
