"""The duty lawyer's side of the bot: duty, cards, taking cases, tools, talking to clients.

Every action checks, in its own transaction, that the case is the lawyer's (or, for Take,
still open) and is written to the audit log (who, when, what; never content).
"""

from __future__ import annotations

import html
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from telegram import Bot, CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.cases import texts as ct
from bot.cases.escalation import Escalation, actor
from bot.core import ledger
from bot.core.i18n import Translator
from bot.core.menus import set_chat_commands
from bot.core.messages import send_text
from bot.core.services import Services
from bot.desk import stats
from bot.desk.buttons import LawyerAction, LawyerButton
from bot.desk.cards import CardView, render_card
from bot.desk.tools import (
    applicable_bodies,
    draft_body,
    drafts_keyboard,
    send_draft,
    sources_text,
)
from bot.outbox.kinds import Kind, LawyerNotice, Priority
from bot.outbox.relaying import relay_payload
from flows.drafts import DraftBody
from flows.text import Reader
from store import StoredCase, StoredLawyer, Transaction
from store.models import CaseStatus

log = logging.getLogger(__name__)

CLOSING_OUTCOMES = [key for key in ct.OUTCOMES if key not in {"client_ended", "abuse"}]


class LawyerDesk:
    """Handles everything a registered lawyer sends or presses."""

    def __init__(
        self, services: Services, escalation: Escalation, kick: Callable[[], None]
    ) -> None:
        """Act through ``services`` and ``escalation``; ``kick`` wakes the outbox worker."""
        self.services = services
        self.escalation = escalation
        self.kick = kick

    def translator(self, lawyer: StoredLawyer) -> Translator:
        """The lawyer's language; case texts are worded about "the person"."""
        return self.services.catalogs.translator(lawyer.locale, Reader.OTHER)

    async def command(self, bot: Bot, lawyer: StoredLawyer, name: str, args: list[str]) -> None:
        """``/start``, ``/help``, ``/duty``, ``/cases``, ``/card``, ``/note``."""
        t = self.translator(lawyer)
        match name:
            case "start" | "help":
                async with self.services.db.transaction() as tx:
                    await self.escalation.lawyer_reachable(tx, lawyer)
                await set_chat_commands(bot, lawyer.telegram_id, t, ct.LAWYER_MENU)
                welcome = t(ct.LAWYER_WELCOME, {"name": lawyer.name})
                commands = "\n".join(t(text) for text in ct.LAWYER_COMMANDS.values())
                await send_text(bot, lawyer.telegram_id, f"{welcome}\n\n{commands}")
            case "duty":
                await self._duty(bot, lawyer, args, t)
            case "cases":
                await self._my_cases(bot, lawyer, t)
            case "card" if args:
                await self._show_card(bot, lawyer, args[0].upper(), t)
            case "note" if len(args) >= 2:
                await self._note(bot, lawyer, args[0].upper(), " ".join(args[1:]), t)
            case "unblock":
                await send_text(bot, lawyer.telegram_id, await self._unblock(lawyer, args, t))
            case "stats" if lawyer.coordinator:
                found, since = await stats.current(self.services)
                text = stats.render(found, since, stats.DEFAULT_WEEKS, t)
                await send_text(bot, lawyer.telegram_id, text)
            case _:
                commands = "\n".join(t(text) for text in ct.LAWYER_COMMANDS.values())
                await send_text(bot, lawyer.telegram_id, commands)
        self.kick()

    async def button(
        self, query: CallbackQuery, lawyer: StoredLawyer, button: LawyerButton
    ) -> None:
        """A press on one of the lawyer's buttons, checked against the case as it is now."""
        await query.answer()
        t = self.translator(lawyer)
        handlers: dict[LawyerAction, Callable[[Transaction, StoredCase], Awaitable[str | None]]]
        handlers = {
            LawyerAction.ACTIVATE: lambda tx, case: self._activate(tx, lawyer, case, t),
            LawyerAction.NOTES: lambda tx, case: self._notes_text(tx, lawyer, case, t),
            LawyerAction.HAND_BACK: lambda tx, case: self._hand_back(tx, lawyer, case, t),
            LawyerAction.ABUSE: lambda tx, case: self._abuse(tx, lawyer, case, t),
            LawyerAction.CLOSE_WITH: lambda tx, case: self._close(tx, lawyer, case, button, t),
        }
        keyboard = None
        draft: tuple[StoredCase, DraftBody] | None = None
        async with self.services.db.transaction() as tx:
            await ledger.once(tx)
            case = await tx.cases.get(button.case_id)
            if button.action is LawyerAction.TAKE:
                answer = await self._take(tx, lawyer, case, t)
            elif (
                case is None
                or case.lawyer_id != lawyer.id
                or case.status is not CaseStatus.CLAIMED
            ):
                # A forged button may name a case that does not exist: no reference then.
                await tx.audit.record(
                    actor(lawyer), "refused_button", case.id if case else None, button.action
                )
                answer = t(ct.NOT_YOURS)
            elif button.action is LawyerAction.SOURCES:
                await tx.audit.record(actor(lawyer), "read_sources", case.id)
                answer = sources_text(case, t, self.services.today())
            elif button.action is LawyerAction.DRAFTS:
                keyboard = drafts_keyboard(case, t)
                answer = t(ct.DRAFTS_HEAD if keyboard else ct.NO_DRAFTS, {"number": case.number})
            elif button.action is LawyerAction.DRAFT:
                body = draft_body(button.outcome)
                if body is not None and body in applicable_bodies(case):
                    await tx.audit.record(actor(lawyer), "drafted", case.id, body.value)
                    draft = (case, body)
                answer = None
            elif button.action is LawyerAction.CLOSE:
                answer, keyboard = (
                    t(ct.CLOSE_WITH, {"number": case.number}),
                    self._outcomes(case, t),
                )
            else:
                answer = await handlers[button.action](tx, case)
        if answer is not None:
            await send_text(query.get_bot(), lawyer.telegram_id, answer, keyboard)
        if draft is not None:
            await send_draft(query.get_bot(), self.services, lawyer, *draft)
        self.kick()

    async def message(self, message: Message, lawyer: StoredLawyer) -> None:
        """A message from a lawyer: relayed to the client it answers (reply) or the active case."""
        t = self.translator(lawyer)
        async with self.services.db.transaction() as tx:
            await ledger.once(tx)
            case = await self._target_case(tx, lawyer, message)
            if case is None:
                answer: str | None = t(ct.WHICH_CASE)
            else:
                conversation = await tx.conversations.load(case.user_key)
                if conversation is None:
                    answer = t(ct.NOT_YOURS)
                else:
                    await tx.outbox.add(
                        Kind.RELAY_TO_CLIENT,
                        conversation.chat_id,
                        relay_payload(message),
                        case_id=case.id,
                        priority=Priority.MESSAGE,
                    )
                    await tx.audit.record(actor(lawyer), "relayed_to_client", case.id)
                    answer = None
        if answer:
            await send_text(message.get_bot(), lawyer.telegram_id, answer)
        self.kick()

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
        self, tx: Transaction, lawyer: StoredLawyer, case: StoredCase | None, t: Translator
    ) -> str | None:
        if case is None:
            return t(ct.NO_SUCH_CASE)
        if not await self.escalation.claim(tx, case.id, lawyer):
            await tx.audit.record(actor(lawyer), "claim_lost", case.id)
            return t(ct.ALREADY_TAKEN)
        return None

    async def _activate(
        self, tx: Transaction, lawyer: StoredLawyer, case: StoredCase, t: Translator
    ) -> str:
        await tx.lawyers.set_active_case(lawyer.id, case.id)
        await tx.audit.record(actor(lawyer), "activated", case.id)
        return t(ct.ACTIVE_CASE, {"number": case.number})

    async def _notes_text(
        self, tx: Transaction, lawyer: StoredLawyer, case: StoredCase, t: Translator
    ) -> str:
        notes = await tx.notes.for_case(case.id)
        await tx.audit.record(actor(lawyer), "read_notes", case.id)
        if not notes:
            return t(ct.NOTES_NONE, {"number": case.number})
        lines = [f"<b>{t(ct.NOTES_HEAD, {'number': case.number})}</b>"]
        lines += [f"• {t.value(note.at.date())}: {_escape(note.text)}" for note in notes]
        return "\n".join(lines)

    async def _abuse(
        self, tx: Transaction, lawyer: StoredLawyer, case: StoredCase, t: Translator
    ) -> str:
        await self.escalation.mark_abuse(tx, case, lawyer)
        return t(ct.ABUSE_MARKED, {"number": case.number})

    async def _unblock(self, lawyer: StoredLawyer, args: list[str], t: Translator) -> str:
        """Coordinators lift a block by case number, or list the blocks."""
        if not lawyer.coordinator:
            return t(ct.COORDINATORS_ONLY)
        async with self.services.db.transaction() as tx:
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

    async def _hand_back(
        self, tx: Transaction, lawyer: StoredLawyer, case: StoredCase, t: Translator
    ) -> str:
        await self.escalation.hand_back(tx, case, lawyer)
        return t(ct.HANDED_BACK_TO_TEAM, {"number": case.number})

    async def _close(
        self,
        tx: Transaction,
        lawyer: StoredLawyer,
        case: StoredCase,
        button: LawyerButton,
        t: Translator,
    ) -> str | None:
        if button.outcome not in CLOSING_OUTCOMES:
            await tx.audit.record(actor(lawyer), "refused_button", case.id, "outcome")
            return t(ct.NOT_YOURS)
        await self.escalation.close(tx, case, button.outcome, lawyer)
        return None

    def _outcomes(self, case: StoredCase, t: Translator) -> InlineKeyboardMarkup:
        rows = [
            [
                InlineKeyboardButton(
                    t(ct.OUTCOMES[key]),
                    callback_data=LawyerButton(LawyerAction.CLOSE_WITH, case.id, key).pack(),
                )
            ]
            for key in CLOSING_OUTCOMES
        ]
        return InlineKeyboardMarkup(rows)

    async def _duty(self, bot: Bot, lawyer: StoredLawyer, args: list[str], t: Translator) -> None:
        async with self.services.db.transaction() as tx:
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
                await self._warn_coordinators(tx, everyone, lawyer)
        await send_text(bot, lawyer.telegram_id, "\n".join(lines))

    async def _warn_coordinators(
        self, tx: Transaction, everyone: list[StoredLawyer], lawyer: StoredLawyer
    ) -> None:
        for coordinator in everyone:
            if coordinator.coordinator and coordinator.reachable and coordinator.id != lawyer.id:
                await tx.outbox.add(
                    Kind.LAWYER_NOTICE_DIRECT,
                    coordinator.telegram_id,
                    {"notice": LawyerNotice.NOBODY_ON_DUTY.value, "lawyer_id": coordinator.id},
                    priority=Priority.MESSAGE,
                )

    async def _my_cases(self, bot: Bot, lawyer: StoredLawyer, t: Translator) -> None:
        async with self.services.db.transaction() as tx:
            cases = await tx.cases.for_lawyer(lawyer.id)
        if not cases:
            await send_text(bot, lawyer.telegram_id, t(ct.NO_OPEN_CASES))
            return
        rows = [
            [
                InlineKeyboardButton(
                    case.number, callback_data=LawyerButton(LawyerAction.ACTIVATE, case.id).pack()
                )
            ]
            for case in cases
        ]
        await send_text(bot, lawyer.telegram_id, t(ct.MY_CASES), InlineKeyboardMarkup(rows))

    async def _show_card(self, bot: Bot, lawyer: StoredLawyer, number: str, t: Translator) -> None:
        async with self.services.db.transaction() as tx:
            case = await tx.cases.get_by_number(number)
            if case is None or case.status is CaseStatus.CLOSED:
                text, keyboard = t(ct.NO_SUCH_CASE), None
            else:
                await tx.audit.record(actor(lawyer), "viewed_card", case.id)
                holder = await tx.lawyers.get(case.lawyer_id) if case.lawyer_id else None
                view = CardView(
                    case,
                    lawyer,
                    holder.name if holder else None,
                    datetime.now(UTC),
                    self.services.today(),
                    ZoneInfo(self.services.settings.timezone),
                )
                rendered = render_card(view, t)
                text, keyboard = rendered.text, rendered.keyboard
        await send_text(bot, lawyer.telegram_id, text, keyboard)

    async def _note(
        self, bot: Bot, lawyer: StoredLawyer, number: str, text: str, t: Translator
    ) -> None:
        async with self.services.db.transaction() as tx:
            await ledger.once(tx)
            case = await tx.cases.get_by_number(number)
            if case is None or case.lawyer_id != lawyer.id:
                answer = t(ct.NOT_YOURS)
            else:
                await tx.notes.add(case.id, lawyer.id, text)
                await tx.audit.record(actor(lawyer), "note_added", case.id)
                answer = t(ct.NOTE_SAVED, {"number": case.number})
        await send_text(bot, lawyer.telegram_id, answer)


def _escape(text: str) -> str:
    return html.escape(text, quote=False)
