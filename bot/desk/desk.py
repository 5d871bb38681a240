"""The duty lawyer's side of the bot: duty, cards, taking cases, tools, talking to clients.

Every action runs in the update's one transaction: it checks that the case is the lawyer's
(or, for Take, still open), writes the audit log (who, when, what; never content) and
queues what the lawyer and the client should see.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Awaitable, Callable
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.cases import texts as ct
from bot.cases.escalation import Escalation, actor
from bot.core.i18n import Translator
from bot.core.scope import Lawyer, UpdateScope
from bot.core.services import Services
from bot.desk import stats
from bot.desk.buttons import LawyerAction, LawyerButton
from bot.desk.cards import CardView, render_card
from bot.desk.tools import applicable_bodies, draft_body, drafts_keyboard, sources_text
from bot.outbox.kinds import Kind, LawyerNotice
from bot.outbox.payloads import Commands, Draft, LawyerNoticePayload, Prepared, Relay
from store import StoredCase, StoredLawyer, Transaction
from store.models import CaseStatus
from store.stats import figures

log = logging.getLogger(__name__)

LAWYER_MENU = "lawyer"
"""The name of the lawyers' command menu (a ``Commands`` outbox item names it)."""
CLOSING_OUTCOMES = [key for key in ct.OUTCOMES if key not in {"client_ended", "abuse"}]

Action = Callable[[UpdateScope, StoredLawyer, StoredCase, LawyerButton], Awaitable[str | None]]


class LawyerDesk:
    """Handles everything a registered lawyer sends or presses."""

    def __init__(self, services: Services, escalation: Escalation) -> None:
        """Act through ``services`` and ``escalation``."""
        self.services = services
        self.escalation = escalation
        self._actions: dict[LawyerAction, Action] = {
            LawyerAction.ACTIVATE: self._activate,
            LawyerAction.NOTES: self._notes_text,
            LawyerAction.HAND_BACK: self._hand_back,
            LawyerAction.ABUSE: self._abuse,
            LawyerAction.CLOSE_WITH: self._close,
            LawyerAction.SOURCES: self._sources,
            LawyerAction.DRAFTS: self._drafts,
            LawyerAction.DRAFT: self._draft,
            LawyerAction.CLOSE: self._ask_outcome,
        }

    async def command(self, scope: UpdateScope, who: Lawyer, name: str, args: list[str]) -> None:
        """``/start``, ``/help``, ``/duty``, ``/cases``, ``/card``, ``/note``, ``/stats`` …"""
        lawyer, t = who.lawyer, scope.t
        match name:
            case "start" | "help":
                await self.escalation.lawyer_reachable(scope.work, lawyer)
                await scope.queue.put(who.chat_id, Commands(LAWYER_MENU, lawyer.locale))
                welcome = t(ct.LAWYER_WELCOME, {"name": lawyer.name})
                await self._say(scope, who, f"{welcome}\n\n{_commands(t)}")
            case "duty":
                await self._duty(scope, who, args)
            case "cases":
                await self._my_cases(scope, who)
            case "card" if args:
                await self._show_card(scope, who, args[0].upper())
            case "note" if len(args) >= 2:
                await self._note(scope, who, args[0].upper(), " ".join(args[1:]))
            case "unblock":
                await self._say(scope, who, await self._unblock(scope, lawyer, args))
            case "stats" if lawyer.coordinator:
                since = stats.since_for(self.services.today(), stats.DEFAULT_WEEKS)
                found = await figures(scope.tx, since)
                await self._say(scope, who, stats.render(found, since, stats.DEFAULT_WEEKS, t))
            case _:
                await self._say(scope, who, _commands(t))

    async def button(self, scope: UpdateScope, who: Lawyer, button: LawyerButton) -> None:
        """A press on one of the lawyer's buttons, checked against the case as it is now."""
        lawyer, t, tx = who.lawyer, scope.t, scope.tx
        case = await tx.cases.get(button.case_id)
        if button.action is LawyerAction.TAKE:
            answer = await self._take(scope, lawyer, case)
        elif case is None or case.lawyer_id != lawyer.id or case.status is not CaseStatus.CLAIMED:
            # A forged button may name a case that does not exist: no reference then.
            await tx.audit.record(
                actor(lawyer), "refused_button", case.id if case else None, button.action
            )
            answer = t(ct.NOT_YOURS)
        else:
            answer = await self._actions[button.action](scope, lawyer, case, button)
        if answer is not None:
            await self._say(scope, who, answer)

    async def message(self, scope: UpdateScope, who: Lawyer, message: Message) -> None:
        """A message from a lawyer: relayed to the client it answers (reply) or the active case."""
        tx, lawyer = scope.tx, who.lawyer
        case = await self._target_case(tx, lawyer, message)
        conversation = await tx.conversations.load(case.user_key) if case else None
        if case is None:
            await self._say(scope, who, scope.t(ct.WHICH_CASE))
        elif conversation is None:
            await self._say(scope, who, scope.t(ct.NOT_YOURS))
        else:
            await self._relay(scope, lawyer, case, conversation.chat_id, Relay.of(message))

    async def correction(self, scope: UpdateScope, who: Lawyer, message: Message) -> None:
        """A lawyer edited a message they sent a client: the client gets the correction."""
        tx, lawyer = scope.tx, who.lawyer
        case_id = await tx.relay.case_for(lawyer.id, message.message_id)
        case = await tx.cases.get(case_id) if case_id else None
        if case is None or case.lawyer_id != lawyer.id or case.status is not CaseStatus.CLAIMED:
            await self._say(scope, who, scope.t(ct.EDIT_NOT_RELAYED))
            return
        conversation = await tx.conversations.load(case.user_key)
        if conversation is not None:
            relay = Relay.of(message, edited=True)
            await self._relay(scope, lawyer, case, conversation.chat_id, relay)

    async def _relay(
        self,
        scope: UpdateScope,
        lawyer: StoredLawyer,
        case: StoredCase,
        chat_id: int,
        relay: Relay,
    ) -> None:
        """Queue a lawyer's message for the client; an edit of it is then a correction."""
        await scope.queue.put(chat_id, relay, kind=Kind.RELAY_TO_CLIENT, case_id=case.id)
        await scope.tx.relay.link(lawyer.id, relay.message_id, case.id, own=True)
        await scope.tx.audit.record(actor(lawyer), "relayed_to_client", case.id)

    async def _say(
        self,
        scope: UpdateScope,
        who: Lawyer,
        text: str,
        keyboard: InlineKeyboardMarkup | None = None,
    ) -> None:
        await scope.queue.put(who.chat_id, Prepared.of(text, keyboard))

    async def _target_case(
        self, tx: Transaction, lawyer: StoredLawyer, message: Message
    ) -> StoredCase | None:
        case_id = None
        if message.reply_to_message is not None:
            case_id = await tx.relay.case_for(lawyer.id, message.reply_to_message.message_id)
        case_id = case_id or lawyer.active_case_id
        case = await tx.cases.get(case_id) if case_id else None
        if case is None or case.lawyer_id != lawyer.id or case.status is not CaseStatus.CLAIMED:
            return None
        return case

    async def _take(
        self, scope: UpdateScope, lawyer: StoredLawyer, case: StoredCase | None
    ) -> str | None:
        if case is None:
            return scope.t(ct.NO_SUCH_CASE)
        if not await self.escalation.claim(scope.work, case.id, lawyer):
            await scope.tx.audit.record(actor(lawyer), "claim_lost", case.id)
            return scope.t(ct.ALREADY_TAKEN)
        await scope.tx.lawyers.set_active_case(lawyer.id, case.id)
        return None

    async def _activate(
        self, scope: UpdateScope, lawyer: StoredLawyer, case: StoredCase, _: LawyerButton
    ) -> str:
        await scope.tx.lawyers.set_active_case(lawyer.id, case.id)
        await scope.tx.audit.record(actor(lawyer), "activated", case.id)
        return scope.t(ct.ACTIVE_CASE, {"number": case.number})

    async def _notes_text(
        self, scope: UpdateScope, lawyer: StoredLawyer, case: StoredCase, _: LawyerButton
    ) -> str:
        t = scope.t
        notes = await scope.tx.notes.for_case(case.id)
        await scope.tx.audit.record(actor(lawyer), "read_notes", case.id)
        if not notes:
            return t(ct.NOTES_NONE, {"number": case.number})
        lines = [f"<b>{t(ct.NOTES_HEAD, {'number': case.number})}</b>"]
        lines += [f"• {t.value(note.at.date())}: {_escape(note.text)}" for note in notes]
        return "\n".join(lines)

    async def _sources(
        self, scope: UpdateScope, lawyer: StoredLawyer, case: StoredCase, _: LawyerButton
    ) -> str:
        await scope.tx.audit.record(actor(lawyer), "read_sources", case.id)
        return sources_text(case, scope.t, self.services.today())

    async def _drafts(
        self, scope: UpdateScope, lawyer: StoredLawyer, case: StoredCase, _: LawyerButton
    ) -> None:
        keyboard = drafts_keyboard(case, scope.t)
        text = scope.t(ct.DRAFTS_HEAD if keyboard else ct.NO_DRAFTS, {"number": case.number})
        await scope.queue.put(lawyer.telegram_id, Prepared.of(text, keyboard))

    async def _draft(
        self, scope: UpdateScope, lawyer: StoredLawyer, case: StoredCase, button: LawyerButton
    ) -> None:
        body = draft_body(button.outcome)
        if body is not None and body in applicable_bodies(case):
            await scope.tx.audit.record(actor(lawyer), "drafted", case.id, body.value)
            await scope.queue.put(lawyer.telegram_id, Draft(body.value), case_id=case.id)

    async def _ask_outcome(
        self, scope: UpdateScope, lawyer: StoredLawyer, case: StoredCase, _: LawyerButton
    ) -> None:
        t = scope.t
        rows = [
            [
                InlineKeyboardButton(
                    t(ct.OUTCOMES[key]),
                    callback_data=LawyerButton(LawyerAction.CLOSE_WITH, case.id, key).pack(),
                )
            ]
            for key in CLOSING_OUTCOMES
        ]
        text = t(ct.CLOSE_WITH, {"number": case.number})
        await scope.queue.put(lawyer.telegram_id, Prepared.of(text, InlineKeyboardMarkup(rows)))

    async def _abuse(
        self, scope: UpdateScope, lawyer: StoredLawyer, case: StoredCase, _: LawyerButton
    ) -> str:
        await self.escalation.mark_abuse(scope.work, case, lawyer)
        return scope.t(ct.ABUSE_MARKED, {"number": case.number})

    async def _hand_back(
        self, scope: UpdateScope, lawyer: StoredLawyer, case: StoredCase, _: LawyerButton
    ) -> str:
        await self.escalation.hand_back(scope.work, case, lawyer)
        if lawyer.active_case_id == case.id:
            await scope.tx.lawyers.set_active_case(lawyer.id, None)
        return scope.t(ct.HANDED_BACK_TO_TEAM, {"number": case.number})

    async def _close(
        self, scope: UpdateScope, lawyer: StoredLawyer, case: StoredCase, button: LawyerButton
    ) -> str | None:
        if button.outcome not in CLOSING_OUTCOMES:
            await scope.tx.audit.record(actor(lawyer), "refused_button", case.id, "outcome")
            return scope.t(ct.NOT_YOURS)
        await self.escalation.close(scope.work, case, button.outcome, lawyer)
        return None

    async def _unblock(self, scope: UpdateScope, lawyer: StoredLawyer, args: list[str]) -> str:
        """Coordinators lift a block by case number, or list the blocks."""
        t, tx = scope.t, scope.tx
        if not lawyer.coordinator:
            return t(ct.COORDINATORS_ONLY)
        if not args:
            blocked = await tx.blocks.active()
            if not blocked:
                return t(ct.NONE_BLOCKED)
            lines = [t(ct.BLOCKED_LIST)]
            lines += [f"• {number} ({t.value(at.date())})" for number, at in blocked]
            return "\n".join(lines)
        number = args[0].upper()
        if not await tx.blocks.lift(number):
            return t(ct.NOT_BLOCKED)
        await tx.audit.record(actor(lawyer), "unblocked")
        return t(ct.UNBLOCKED, {"number": number})

    async def _duty(self, scope: UpdateScope, who: Lawyer, args: list[str]) -> None:
        t, tx, lawyer = scope.t, scope.tx, who.lawyer
        if args and args[0].lower() in {"on", "off"}:
            on = args[0].lower() == "on"
            await tx.lawyers.set_on_duty(lawyer.id, on)
            await tx.audit.record(actor(lawyer), "duty_on" if on else "duty_off")
            lines = [t(ct.DUTY_ON if on else ct.DUTY_OFF)]
        else:
            lines = []
        everyone = await tx.lawyers.all()
        on_duty = [x.name for x in everyone if x.on_duty and x.reachable]
        if lawyer.coordinator or not lines:
            lines.append(
                t(ct.ON_DUTY_NOW, {"names": ", ".join(on_duty)})
                if on_duty
                else t(ct.NOBODY_ON_DUTY)
            )
        if not on_duty:
            await self._warn_coordinators(scope, everyone, lawyer)
        await self._say(scope, who, "\n".join(lines))

    async def _warn_coordinators(
        self, scope: UpdateScope, everyone: list[StoredLawyer], lawyer: StoredLawyer
    ) -> None:
        for coordinator in everyone:
            if coordinator.coordinator and coordinator.reachable and coordinator.id != lawyer.id:
                await scope.queue.put(
                    coordinator.telegram_id,
                    LawyerNoticePayload(LawyerNotice.NOBODY_ON_DUTY, coordinator.id),
                )

    async def _my_cases(self, scope: UpdateScope, who: Lawyer) -> None:
        cases = await scope.tx.cases.for_lawyer(who.lawyer.id)
        if not cases:
            await self._say(scope, who, scope.t(ct.NO_OPEN_CASES))
            return
        rows = [
            [
                InlineKeyboardButton(
                    case.number, callback_data=LawyerButton(LawyerAction.ACTIVATE, case.id).pack()
                )
            ]
            for case in cases
        ]
        await self._say(scope, who, scope.t(ct.MY_CASES), InlineKeyboardMarkup(rows))

    async def _show_card(self, scope: UpdateScope, who: Lawyer, number: str) -> None:
        t, tx = scope.t, scope.tx
        case = await tx.cases.get_by_number(number)
        if case is None or case.status is CaseStatus.CLOSED:
            await self._say(scope, who, t(ct.NO_SUCH_CASE))
            return
        await tx.audit.record(actor(who.lawyer), "viewed_card", case.id)
        holder = await tx.lawyers.get(case.lawyer_id) if case.lawyer_id else None
        view = CardView(
            case,
            who.lawyer,
            holder.name if holder else None,
            self.services.clock.now(),
            self.services.today(),
            ZoneInfo(self.services.settings.timezone),
        )
        rendered = render_card(view, t)
        await self._say(scope, who, rendered.text, rendered.keyboard)

    async def _note(self, scope: UpdateScope, who: Lawyer, number: str, text: str) -> None:
        t, tx = scope.t, scope.tx
        case = await tx.cases.get_by_number(number)
        if case is None or case.lawyer_id != who.lawyer.id:
            await self._say(scope, who, t(ct.NOT_YOURS))
            return
        await tx.notes.add(case.id, who.lawyer.id, text)
        await tx.audit.record(actor(who.lawyer), "note_added", case.id)
        await self._say(scope, who, t(ct.NOTE_SAVED, {"number": case.number}))


def _commands(t: Translator) -> str:
    return "\n".join(t(text) for text in ct.LAWYER_COMMANDS.values())


def _escape(text: str) -> str:
    return html.escape(text, quote=False)
