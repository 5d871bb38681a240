"""The person's side of an update: run the interview, keep the state, queue the replies.

Everything happens in the update's one transaction (:class:`~bot.core.scope.UpdateScope`):
the new state, the case a lawyer request opens, the messages it queues for the lawyers and
the replies to the person. Replies are sent once it committed.
"""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.cases import texts as ct
from bot.cases.escalation import Escalation, Opened
from bot.cases.timeline import CLIENT_MESSAGE
from bot.core.i18n import Translator
from bot.core.scope import Person, UpdateScope
from bot.core.services import Services
from bot.outbox.kinds import Kind, Lane, Priority
from bot.outbox.payloads import Commands, Prepared, Relay
from bot.person.command_menu import PERSON_MENU, language_chosen
from bot.person.render import Renderer
from flows.clock import earliest_today
from flows.engine import Outcome, handle
from flows.events import Context, Event
from flows.screens import RequestLawyer
from flows.state import InterviewState
from store import CaseSummary
from store.models import CaseStatus

log = logging.getLogger(__name__)

END_YES = "x:end!"
END_NO = "x:end?"
"""Callback data of the answers to "End the conversation?" (the ask is ``x:end``)."""


class Conversation:
    """Carries one person's events through the flow engine, the store and the outbox."""

    def __init__(self, services: Services, escalation: Escalation) -> None:
        """Use ``services``; open cases through ``escalation``."""
        self.services = services
        self.escalation = escalation

    async def advance(
        self, scope: UpdateScope, person: Person, event: Event, pressed: Message | None = None
    ) -> None:
        """Apply ``event`` and queue what the person should see.

        ``pressed`` is the message whose button was pressed: replies marked ``edit``
        replace it.
        """
        tx = scope.tx
        case = await tx.cases.open_for(person.user_key)
        today = earliest_today(self.services.clock.now())  # not the server's time zone
        ctx = Context(today, self.services.catalogs.locales, case is not None)
        outcome = handle(person.state, event, ctx)
        opened = await self._apply(scope, person, outcome)
        version = person.conversation.version if person.conversation else 0
        step = await tx.conversations.save(
            person.user_key, person.chat_id, outcome.state.to_dict(), expected_version=version
        )
        render = Renderer(
            self._translator(scope, outcome.state),
            self.services.catalogs,
            operator=self.services.settings.operator,
            retain_days=self.services.settings.retain_inactive_days,
            case_number=opened.case.number if opened and opened.case else None,
            lawyers_reachable=bool(opened and opened.paged),
            request_refused=bool(opened and opened.case is None),
            case_claimed=bool(opened and opened.case and opened.case.status is CaseStatus.CLAIMED),
        )
        for reply in outcome.replies:
            rendered = render(reply.screen)
            edit = pressed.message_id if reply.edit and pressed is not None else None
            await scope.queue.put(
                person.chat_id,
                Prepared.of(
                    rendered.text,
                    rendered.keyboard,
                    edit=edit,
                    protect=self.services.settings.protect_content,
                    remember=True,
                    step=step,
                ),
            )
        if language_chosen(event, outcome.state.locale):
            await scope.queue.put(person.chat_id, Commands(PERSON_MENU, render.t.locale))

    async def message_for_lawyer(
        self, scope: UpdateScope, person: Person, message: Message, *, edited: bool = False
    ) -> bool:
        """Queue ``message`` for the person's lawyer; False if they have no case."""
        tx = scope.tx
        case = await tx.cases.open_for(person.user_key)
        if case is None:
            return False
        relay = Relay.of(message, edited=edited)
        await scope.queue.put(
            person.chat_id,
            relay,
            kind=Kind.RELAY_TO_LAWYER,
            case_id=case.id,
            lane=Lane.TO_LAWYER,
            priority=Priority.RELAY,
        )
        await tx.events.add(case.id, CLIENT_MESSAGE, relay.timeline())
        await tx.audit.record("client", "relayed_to_lawyer", case.id)
        if case.status is not CaseStatus.CLAIMED:
            text = scope.t(ct.KEPT_FOR_LAWYER)
            await scope.queue.put(person.chat_id, Prepared(text, remember=True))
        return True

    async def ask_to_end(self, scope: UpdateScope, person: Person) -> None:
        """One confirmation before the person ends the conversation with their lawyer."""
        case = await scope.tx.cases.open_for(person.user_key)
        if case is None:
            await scope.queue.put(person.chat_id, Prepared(scope.t(ct.NO_CASE_TO_END)))
            return
        t = scope.t
        keyboard = InlineKeyboardMarkup(
            [
                [InlineKeyboardButton(t(ct.BUTTON_END_YES), callback_data=END_YES)],
                [InlineKeyboardButton(t(ct.BUTTON_END_NO), callback_data=END_NO)],
            ]
        )
        text = t(ct.END_ASK, {"number": case.number})
        await scope.queue.put(person.chat_id, Prepared.of(text, keyboard, remember=True))

    async def goes_on(self, scope: UpdateScope, person: Person) -> None:
        """The person changed their mind about ending the conversation."""
        await scope.queue.put(person.chat_id, Prepared(scope.t(ct.GOES_ON), remember=True))

    async def end_with_lawyer(self, scope: UpdateScope, person: Person) -> None:
        """The person ends the conversation with their lawyer: the case is closed."""
        case = await scope.tx.cases.open_for(person.user_key)
        if case is not None:
            await self.escalation.close(scope.work, case, "client_ended", None)
        text = scope.t(ct.ENDED, {"number": case.number}) if case else scope.t(ct.NO_CASE_TO_END)
        await scope.queue.put(person.chat_id, Prepared(text, remember=True))

    def _translator(self, scope: UpdateScope, state: InterviewState) -> Translator:
        """The update's translator, or a new one if this step changed the language or reader."""
        t = scope.t
        locale = state.locale or t.locale
        if (locale, state.reader) == (t.locale, t.reader):
            return t
        return self.services.catalogs.translator(locale, state.reader)

    async def _apply(self, scope: UpdateScope, person: Person, outcome: Outcome) -> Opened | None:
        """Carry out the flow's effects: a lawyer request opens (or updates) the case."""
        opened = None
        for effect in outcome.effects:
            if isinstance(effect, RequestLawyer):
                urgency = effect.level.key if effect.level else None
                locale = outcome.state.locale or scope.t.locale
                summary = CaseSummary(urgency, effect.answers, locale)
                opened = await self.escalation.open_case(
                    scope.work, person.user_key, urgency, summary
                )
                if opened.case is None:
                    log.info("lawyer request refused (blocked or too many cases)")
                else:
                    log.info("lawyer requested: level %s, %d reachable", urgency, opened.paged)
        return opened
