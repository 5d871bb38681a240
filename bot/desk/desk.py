"""The duty lawyer's side of the bot: duty, cards, taking cases, tools, talking to clients.

Every action runs in the update's one transaction: it checks that the case is the lawyer's
(or, for Take, still open), writes the audit log (who, when, what; never content) and
queues what the lawyer and the client should see. Where a lawyer's message goes is decided
by :mod:`bot.desk.routing`. Destructive actions (block, close, hand back) ask first.

What a lawyer can do, and who may, is declared in :mod:`bot.desk.flow`; this class has
one method per command and per button there.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Awaitable, Callable
from dataclasses import asdict
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup, Message

from bot.cases import texts as ct
from bot.cases.escalation import Escalation, actor
from bot.core.i18n import Translator
from bot.core.scope import Lawyer, UpdateScope
from bot.core.services import Services
from bot.desk import duty_texts as dt
from bot.desk import stats
from bot.desk.buttons import LawyerAction, LawyerButton, inline
from bot.desk.casefile import CaseFileDesk, awaited_fact
from bot.desk.coordination import Coordination, Page
from bot.desk.flow import BUTTONS, CASE_ACCESS, COMMANDS, START_COMMANDS, Access, commands_for
from bot.desk.history import files_of, history_text
from bot.desk.roster import warn_nobody_on_duty
from bot.desk.routing import Route, holds, relay_to_client, target_of, unreplied_target
from bot.desk.schedule_edit import Edit, edit_schedule, schedule_text
from bot.desk.tools import applicable_bodies, draft_body, drafts_keyboard, sources_text
from bot.outbox.payloads import (
    Commands,
    Draft,
    File,
    Prepared,
    Relay,
)
from flows.facts import Fact
from store import StoredCase, StoredLawyer
from store.models import CaseStatus
from store.stats import figures

log = logging.getLogger(__name__)

LAWYER_MENU = "lawyer"
COORDINATOR_MENU = "coordinator"
"""The names of the command menus (a ``Commands`` outbox item names one)."""
CLOSING_OUTCOMES = [key for key in ct.OUTCOMES if key not in {"client_ended", "abuse"}]
CLIENT_LANGUAGES = frozenset({"uz", "ru", "en"})
"""The languages a lawyer may say they write to clients in (``/languages``)."""
HANDOVER = "handover:"
"""``awaiting`` prefix: the lawyer is writing the handover note of this case."""

CaseAction = Callable[[UpdateScope, StoredLawyer, StoredCase, LawyerButton], Awaitable[str | None]]
TeamAction = Callable[[UpdateScope, StoredLawyer, LawyerButton], Awaitable[str | None]]
CommandAction = Callable[[UpdateScope, Lawyer, list[str]], Awaitable[None]]
CaseCommand = Callable[[UpdateScope, StoredLawyer, StoredCase], Awaitable[None]]


class LawyerDesk:
    """Handles everything a registered lawyer sends or presses (see :mod:`bot.desk.flow`)."""

    def __init__(self, services: Services, escalation: Escalation) -> None:
        """Act through ``services`` and ``escalation``."""
        self.services = services
        self.escalation = escalation
        self.commands: dict[str, CommandAction] = {
            "duty": self._duty,
            "cases": self._my_cases,
            "to": self._to,
            "card": self._show_card,
            "note": self._note,
            "reopen": self._reopen_by_number,
            "schedule": self._schedule,
            "languages": self._languages,
            "team": self._team,
            "unblock": self._unblock,
            "stats": self._stats,
        }
        self.casefile = CaseFileDesk(services, escalation)
        self.case_commands: dict[str, CaseCommand] = {
            "set": self.casefile.show,
            "export": self.casefile.export,
        }
        self.coordination = Coordination(services, escalation)
        self.team_actions: dict[LawyerAction, TeamAction] = {
            LawyerAction.TAKE: self._take,
            LawyerAction.DISCARD: self._discard,
            LawyerAction.LIST: self._list,
        }
        self.case_actions: dict[LawyerAction, CaseAction] = {
            LawyerAction.ACTIVATE: self._write_to,
            LawyerAction.TO: self._write_to,
            LawyerAction.NOTES: self._notes_text,
            LawyerAction.HISTORY: self._history,
            LawyerAction.FILES: self._files,
            LawyerAction.HAND_BACK: self._ask_handover,
            LawyerAction.NO_NOTE: self._hand_back_without_note,
            LawyerAction.ABUSE: self._ask_abuse,
            LawyerAction.ABUSE_YES: self._abuse,
            LawyerAction.CLOSE: self._ask_outcome,
            LawyerAction.CLOSE_WITH: self._close,
            LawyerAction.CANCEL: self._cancel,
            LawyerAction.SOURCES: self._sources,
            LawyerAction.DRAFTS: self._drafts,
            LawyerAction.DRAFT: self._draft,
            LawyerAction.REOPEN: self._reopen,
            LawyerAction.CARD: self._card,
            LawyerAction.REASSIGN: self._ask_whom,
            LawyerAction.OFFER: self._offer,
            LawyerAction.ACCEPT: self._accept,
            LawyerAction.DECLINE: self._decline,
            LawyerAction.TO_POOL: self._to_pool,
            LawyerAction.FACTS: self._facts,
            LawyerAction.FACT: self._ask_fact,
            LawyerAction.FACT_CLEAR: self._clear_fact,
            LawyerAction.REPLIES: self._replies,
            LawyerAction.REPLY: self._reply,
            LawyerAction.EXPORT: self._export,
        }

    # --- what arrives -------------------------------------------------------------------

    async def command(self, scope: UpdateScope, who: Lawyer, name: str, args: list[str]) -> None:
        """A command from a lawyer, as :data:`bot.desk.flow.COMMANDS` allows it."""
        lawyer, t = who.lawyer, scope.t
        if lawyer.removed:
            await self._say(scope, who, t(ct.REMOVED))
            return
        if name in START_COMMANDS:
            await self._welcome(scope, who)
            return
        command = commands_for(lawyer.coordinator).get(name)
        if command is None:
            refusal = t(ct.COORDINATORS_ONLY) if name in COMMANDS else _commands(t, lawyer)
            await self._say(scope, who, refusal)
        elif len(args) < command.arguments:
            await self._say(scope, who, t(command.help))
        elif command.access in CASE_ACCESS:
            await self._case_command(scope, who, name, command.access, args[0])
        else:
            await self.commands[name](scope, who, args)

    async def _case_command(
        self, scope: UpdateScope, who: Lawyer, name: str, access: Access, number: str
    ) -> None:
        """A command on the case ``number``, if the lawyer may use it there."""
        case = await scope.tx.cases.get_by_number(number.upper())
        if case is None or not _allowed(access, case, who.lawyer):
            await scope.tx.audit.record(
                actor(who.lawyer), "refused_command", case.id if case else None, name
            )
            await self._say(scope, who, scope.t(ct.NOT_YOURS))
            return
        await self.case_commands[name](scope, who.lawyer, case)

    async def button(self, scope: UpdateScope, who: Lawyer, button: LawyerButton) -> None:
        """A press on a lawyer's button, as :data:`bot.desk.flow.BUTTONS` allows it on the
        case as it is now."""
        lawyer, t, tx = who.lawyer, scope.t, scope.tx
        if lawyer.removed:
            await self._say(scope, who, t(ct.REMOVED))
            return
        access = BUTTONS[button.action]
        answer: str | None
        if button.action in self.team_actions:
            if access is Access.COORDINATOR and not lawyer.coordinator:
                await tx.audit.record(actor(lawyer), "refused_button", None, button.action)
                answer = t(ct.COORDINATORS_ONLY)
            else:
                answer = await self.team_actions[button.action](scope, lawyer, button)
        else:
            case = await tx.cases.get(button.case_id)
            if case is not None and _allowed(access, case, lawyer):
                answer = await self.case_actions[button.action](scope, lawyer, case, button)
            else:
                # A forged button may name a case that does not exist: no reference then.
                await tx.audit.record(
                    actor(lawyer), "refused_button", case.id if case else None, button.action
                )
                answer = t(ct.NOT_YOURS)
        if answer is not None:
            await self._say(scope, who, answer)

    async def message(self, scope: UpdateScope, who: Lawyer, message: Message) -> None:
        """A message from a lawyer: a handover note, or for a client (see routing)."""
        tx, lawyer, t = scope.tx, who.lawyer, scope.t
        if lawyer.removed:
            await self._say(scope, who, t(ct.REMOVED))
            return
        writing = awaited_fact(lawyer.awaiting)
        if writing is not None and message.text:
            await self._fact_typed(scope, who, writing[0], writing[1], message.text)
            return
        if lawyer.awaiting and lawyer.awaiting.startswith(HANDOVER) and message.text:
            await self._handover_note(scope, who, int(lawyer.awaiting.removeprefix(HANDOVER)))
            return
        target = await target_of(tx, lawyer, message)
        relay = Relay.of(message)
        match target.route:
            case Route.NOT_YOURS:
                await self._say(scope, who, t(ct.REPLY_NOT_YOURS))
            case Route.NO_CASE:
                await self._say(scope, who, t(ct.NO_CASE_TO_WRITE))
            case Route.ASK:
                await self._hold(scope, who, relay)
            case _:
                assert target.case is not None
                if not await relay_to_client(scope, lawyer, target.case, relay):
                    await self._say(scope, who, t(ct.NOT_YOURS))

    async def correction(self, scope: UpdateScope, who: Lawyer, message: Message) -> None:
        """A lawyer edited a message they sent a client: the client gets the correction."""
        tx, lawyer = scope.tx, who.lawyer
        case_id = await tx.relay.case_for(lawyer.id, message.message_id)
        case = await tx.cases.get(case_id) if case_id else None
        relay = Relay.of(message, edited=True)
        if case is None or not holds(case, lawyer):
            await self._say(scope, who, scope.t(ct.EDIT_NOT_RELAYED))
        elif not await relay_to_client(scope, lawyer, case, relay):
            await self._say(scope, who, scope.t(ct.NOT_YOURS))

    async def _welcome(self, scope: UpdateScope, who: Lawyer) -> None:
        """/start and /help: reachable again, the menu of their role, what they can do."""
        lawyer, t = who.lawyer, scope.t
        await self.escalation.lawyer_reachable(scope.work, lawyer)
        menu = COORDINATOR_MENU if lawyer.coordinator else LAWYER_MENU
        await scope.queue.put(who.chat_id, Commands(menu, lawyer.locale))
        welcome = t(ct.LAWYER_WELCOME, {"name": lawyer.name})
        await self._say(scope, who, f"{welcome}\n\n{_commands(t, lawyer)}")

    async def _stats(self, scope: UpdateScope, who: Lawyer, _: list[str]) -> None:
        since = stats.since_for(self.services.today(), stats.DEFAULT_WEEKS)
        found = await figures(scope.tx, since)
        names = await stats.team_names(scope.tx)
        text = stats.render(found, since, stats.DEFAULT_WEEKS, scope.t, names)
        await self._say(scope, who, text)

    # --- writing to clients ---------------------------------------------------------------

    async def _discard(self, scope: UpdateScope, lawyer: StoredLawyer, _: LawyerButton) -> str:
        """The lawyer chose to send the held messages nowhere."""
        await scope.tx.held.release(lawyer.id)
        return scope.t(ct.DISCARDED)

    async def _hold(self, scope: UpdateScope, who: Lawyer, relay: Relay) -> None:
        """Several cases and no choice: hold the message, and ask which case (once)."""
        tx, t = scope.tx, scope.t
        if await tx.held.hold(who.lawyer.id, _held(relay)) > 1:
            await self._say(scope, who, t(ct.HELD_TOO))
            return
        rows = [
            [inline(f"→ {case.number}", LawyerAction.TO, case.id)]
            for case in await tx.cases.for_lawyer(who.lawyer.id)
        ]
        rows.append([inline(t(ct.BUTTON_DISCARD), LawyerAction.DISCARD, 0)])
        await self._say(scope, who, t(ct.WHICH_CASE), InlineKeyboardMarkup(rows))

    async def _write_to(
        self, scope: UpdateScope, lawyer: StoredLawyer, case: StoredCase, _: LawyerButton
    ) -> str:
        """The lawyer chose this case: held messages go there, and so do the next ones."""
        t, tx = scope.t, scope.tx
        await tx.lawyers.set_active_case(lawyer.id, case.id)
        await tx.audit.record(actor(lawyer), "activated", case.id)
        held = await tx.held.release(lawyer.id)
        for payload in held:
            await relay_to_client(scope, lawyer, case, Relay(**payload))
        chosen = t(ct.ACTIVE_CASE, {"number": case.number})
        if held:
            return f"{chosen}\n{t(ct.HELD_SENT, {'number': case.number, 'count': len(held)})}"
        return chosen

    async def _to(self, scope: UpdateScope, who: Lawyer, args: list[str]) -> None:
        case = await scope.tx.cases.get_by_number(args[0].upper()) if args else None
        if not holds(case, who.lawyer):
            await self._say(scope, who, scope.t(ct.TO_USAGE))
            return
        assert case is not None
        await self._say(scope, who, await self._write_to(scope, who.lawyer, case, _none(case)))

    # --- the case file ------------------------------------------------------------------

    async def _facts(
        self, scope: UpdateScope, lawyer: StoredLawyer, case: StoredCase, _: LawyerButton
    ) -> None:
        await self.casefile.show(scope, lawyer, case)

    async def _ask_fact(
        self, scope: UpdateScope, lawyer: StoredLawyer, case: StoredCase, button: LawyerButton
    ) -> str | None:
        return await self.casefile.ask(scope, lawyer, case, button.outcome)

    async def _clear_fact(
        self, scope: UpdateScope, lawyer: StoredLawyer, case: StoredCase, button: LawyerButton
    ) -> str | None:
        return await self.casefile.clear(scope, lawyer, case, button.outcome)

    async def _fact_typed(
        self, scope: UpdateScope, who: Lawyer, case_id: int, fact: Fact, text: str
    ) -> None:
        """The value of a fact the bot asked for; the case is checked again."""
        case = await scope.tx.cases.get(case_id)
        if case is None or not _allowed(Access.EDITOR, case, who.lawyer):
            await scope.tx.lawyers.set_awaiting(who.lawyer.id, None)
            await self._say(scope, who, scope.t(ct.NOT_YOURS))
            return
        answer = await self.casefile.typed(scope, who.lawyer, case, fact, text)
        if answer is not None:
            await self._say(scope, who, answer)

    async def _replies(
        self, scope: UpdateScope, lawyer: StoredLawyer, case: StoredCase, _: LawyerButton
    ) -> None:
        await self.casefile.replies(scope, lawyer, case)

    async def _reply(
        self, scope: UpdateScope, lawyer: StoredLawyer, case: StoredCase, button: LawyerButton
    ) -> str | None:
        return await self.casefile.reply(scope, lawyer, case, button.outcome)

    async def _export(
        self, scope: UpdateScope, lawyer: StoredLawyer, case: StoredCase, _: LawyerButton
    ) -> None:
        await self.casefile.export(scope, lawyer, case)

    # --- taking, handing back, closing, reopening -----------------------------------------

    async def _take(
        self, scope: UpdateScope, lawyer: StoredLawyer, button: LawyerButton
    ) -> str | None:
        case = await scope.tx.cases.get(button.case_id)
        if case is None:
            return scope.t(ct.NO_SUCH_CASE)
        if not await self.escalation.claim(scope.work, case.id, lawyer):
            await scope.tx.audit.record(actor(lawyer), "claim_lost", case.id)
            return scope.t(ct.ALREADY_TAKEN)
        return None

    async def _ask_handover(
        self, scope: UpdateScope, lawyer: StoredLawyer, case: StoredCase, _: LawyerButton
    ) -> None:
        await scope.tx.lawyers.set_awaiting(lawyer.id, f"{HANDOVER}{case.id}")
        t = scope.t
        keyboard = InlineKeyboardMarkup(
            [
                [inline(t(ct.BUTTON_NO_NOTE), LawyerAction.NO_NOTE, case.id)],
                [inline(t(ct.BUTTON_CANCEL), LawyerAction.CANCEL, case.id)],
            ]
        )
        text = t(ct.HANDOVER_ASK, {"number": case.number})
        await scope.queue.put(lawyer.telegram_id, Prepared.of(text, keyboard))

    async def _handover_note(self, scope: UpdateScope, who: Lawyer, case_id: int) -> None:
        message = scope.update.effective_message
        note = message.text if message and message.text else None
        case = await scope.tx.cases.get(case_id)
        await scope.tx.lawyers.set_awaiting(who.lawyer.id, None)
        if case is None or not holds(case, who.lawyer):
            await self._say(scope, who, scope.t(ct.NOT_YOURS))
            return
        await self._say(scope, who, await self._hand_back(scope, who.lawyer, case, note))

    async def _hand_back_without_note(
        self, scope: UpdateScope, lawyer: StoredLawyer, case: StoredCase, _: LawyerButton
    ) -> str:
        await scope.tx.lawyers.set_awaiting(lawyer.id, None)
        return await self._hand_back(scope, lawyer, case, None)

    async def _hand_back(
        self, scope: UpdateScope, lawyer: StoredLawyer, case: StoredCase, note: str | None
    ) -> str:
        await self.escalation.hand_back(scope.work, case, lawyer, note)
        return scope.t(ct.HANDED_BACK_TO_TEAM, {"number": case.number})

    async def _cancel(
        self, scope: UpdateScope, lawyer: StoredLawyer, case: StoredCase, _: LawyerButton
    ) -> str:
        await scope.tx.lawyers.set_awaiting(lawyer.id, None)
        return scope.t(ct.CANCELLED)

    async def _ask_outcome(
        self, scope: UpdateScope, lawyer: StoredLawyer, case: StoredCase, _: LawyerButton
    ) -> None:
        t = scope.t
        rows = [
            [inline(t(ct.OUTCOMES[key]), LawyerAction.CLOSE_WITH, case.id, key)]
            for key in CLOSING_OUTCOMES
        ]
        rows.append([inline(t(ct.BUTTON_CANCEL), LawyerAction.CANCEL, case.id)])
        text = t(ct.CLOSE_WITH, {"number": case.number})
        await scope.queue.put(lawyer.telegram_id, Prepared.of(text, InlineKeyboardMarkup(rows)))

    async def _close(
        self, scope: UpdateScope, lawyer: StoredLawyer, case: StoredCase, button: LawyerButton
    ) -> str | None:
        if button.outcome not in CLOSING_OUTCOMES:
            await scope.tx.audit.record(actor(lawyer), "refused_button", case.id, "outcome")
            return scope.t(ct.NOT_YOURS)
        await self.escalation.close(scope.work, case, button.outcome, lawyer)
        return None

    async def _ask_abuse(
        self, scope: UpdateScope, lawyer: StoredLawyer, case: StoredCase, _: LawyerButton
    ) -> None:
        t = scope.t
        keyboard = InlineKeyboardMarkup(
            [
                [inline(t(ct.BUTTON_YES_BLOCK), LawyerAction.ABUSE_YES, case.id)],
                [inline(t(ct.BUTTON_CANCEL), LawyerAction.CANCEL, case.id)],
            ]
        )
        text = t(ct.ABUSE_ASK, {"number": case.number})
        await scope.queue.put(lawyer.telegram_id, Prepared.of(text, keyboard))

    async def _abuse(
        self, scope: UpdateScope, lawyer: StoredLawyer, case: StoredCase, _: LawyerButton
    ) -> str:
        await self.escalation.mark_abuse(scope.work, case, lawyer)
        return scope.t(ct.ABUSE_MARKED, {"number": case.number})

    async def _reopen(
        self, scope: UpdateScope, lawyer: StoredLawyer, case: StoredCase, _: LawyerButton
    ) -> str:
        if not _allowed(Access.READER, case, lawyer):
            return scope.t(ct.NOT_REOPENABLE, {"number": case.number})
        if await self.escalation.reopen(scope.work, case, lawyer) is None:
            return scope.t(ct.NO_SUCH_CASE)
        return scope.t(ct.REOPENED_LAWYER, {"number": case.number})

    async def _reopen_by_number(self, scope: UpdateScope, who: Lawyer, args: list[str]) -> None:
        case = await scope.tx.cases.get_by_number(args[0].upper())
        if case is None:
            await self._say(scope, who, scope.t(ct.NO_SUCH_CASE))
            return
        await self._say(scope, who, await self._reopen(scope, who.lawyer, case, _none(case)))

    # --- reading a case ------------------------------------------------------------------

    async def _history(
        self, scope: UpdateScope, lawyer: StoredLawyer, case: StoredCase, _: LawyerButton
    ) -> None:
        await scope.tx.audit.record(actor(lawyer), "read_history", case.id)
        text = await history_text(scope.tx, case, scope.t, self._zone())
        files = await files_of(scope.tx, case)
        keyboard = (
            InlineKeyboardMarkup([[inline(scope.t(ct.BUTTON_FILES), LawyerAction.FILES, case.id)]])
            if files
            else None
        )
        await scope.queue.put(lawyer.telegram_id, Prepared.of(text, keyboard), case_id=case.id)

    async def _files(
        self, scope: UpdateScope, lawyer: StoredLawyer, case: StoredCase, _: LawyerButton
    ) -> str | None:
        files = await files_of(scope.tx, case)
        if not files:
            return scope.t(ct.NO_FILES, {"number": case.number})
        await scope.tx.audit.record(actor(lawyer), "read_files", case.id)
        for event in files:
            body = event.body
            caption = body.get("caption")
            await scope.queue.put(
                lawyer.telegram_id,
                File(str(body["media"]), str(body["file_id"]), str(caption) if caption else None),
                case_id=case.id,
            )
        return None

    async def _notes_text(
        self, scope: UpdateScope, lawyer: StoredLawyer, case: StoredCase, _: LawyerButton
    ) -> str:
        t, tx = scope.t, scope.tx
        notes = await tx.notes.for_case(case.id)
        await tx.audit.record(actor(lawyer), "read_notes", case.id)
        if not notes:
            return t(ct.NOTES_NONE, {"number": case.number})
        names = {}
        for note in notes:
            if note.lawyer_id is not None and note.lawyer_id not in names:
                author = await tx.lawyers.get(note.lawyer_id)
                names[note.lawyer_id] = author.name if author else "—"
        lines = [f"<b>{t(ct.NOTES_HEAD, {'number': case.number})}</b>"]
        lines += [
            f"• {t.value(note.at.date())}, {_escape(names.get(note.lawyer_id or -1, '—'))}: "
            f"{_escape(note.text)}"
            for note in notes
        ]
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

    async def _show_card(self, scope: UpdateScope, who: Lawyer, args: list[str]) -> None:
        case = await scope.tx.cases.get_by_number(args[0].upper())
        closed = case is not None and case.status is CaseStatus.CLOSED
        if case is None or (closed and not _allowed(Access.READER, case, who.lawyer)):
            await self._say(scope, who, scope.t(ct.NO_SUCH_CASE))
            return
        await self.coordination.open_card(scope, who.lawyer, case)

    async def _note(self, scope: UpdateScope, who: Lawyer, args: list[str]) -> None:
        t, tx = scope.t, scope.tx
        text = " ".join(args[1:])
        case = await tx.cases.get_by_number(args[0].upper())
        if case is None or case.lawyer_id != who.lawyer.id:
            await self._say(scope, who, t(ct.NOT_YOURS))
            return
        await tx.notes.add(case.id, who.lawyer.id, text)
        await tx.audit.record(actor(who.lawyer), "note_added", case.id)
        await self._say(scope, who, t(ct.NOTE_SAVED, {"number": case.number}))

    # --- duty and the team ---------------------------------------------------------------

    async def _duty(self, scope: UpdateScope, who: Lawyer, args: list[str]) -> None:
        t, tx, lawyer = scope.t, scope.tx, who.lawyer
        if args and args[0].lower() not in {"on", "off"}:
            await self._say(scope, who, t(ct.DUTY_USAGE))
            return
        before = [x for x in await tx.lawyers.all() if x.on_duty and x.reachable]
        lines = []
        if args:
            on = args[0].lower() == "on"
            await tx.lawyers.set_on_duty(lawyer.id, on)
            await tx.audit.record(actor(lawyer), "duty_on" if on else "duty_off")
            lines.append(t(ct.DUTY_ON if on else ct.DUTY_OFF))
        everyone = await tx.lawyers.all()
        on_duty = [x.name for x in everyone if x.on_duty and x.reachable]
        if lawyer.coordinator or not lines:
            lines.append(
                t(ct.ON_DUTY_NOW, {"names": ", ".join(on_duty)})
                if on_duty
                else t(ct.NOBODY_ON_DUTY)
            )
        if before and not on_duty:  # this change left nobody on duty
            await warn_nobody_on_duty(scope.work, everyone, but=lawyer)
        await self._say(scope, who, "\n".join(lines))

    async def _schedule(self, scope: UpdateScope, who: Lawyer, args: list[str]) -> None:
        """/schedule [lawyer number] [add|remove|cover|off|zone ...] (see duty_texts)."""
        t, tx, target = scope.t, scope.tx, who.lawyer
        if args and args[0].isdigit():
            if not who.lawyer.coordinator:
                await self._say(scope, who, t(ct.COORDINATORS_ONLY))
                return
            found = await tx.lawyers.get(int(args[0]))
            if found is None or found.removed:
                await self._say(scope, who, t(dt.NO_SUCH_LAWYER))
                return
            target, args = found, args[1:]
        done = await edit_schedule(tx, target, args, self._zone())
        if done is Edit.SAVED:
            await tx.audit.record(
                actor(who.lawyer), "schedule_changed", None, f"lawyer:{target.id}"
            )
        answers = {
            Edit.USAGE: _schedule_usage(t, who.lawyer),
            Edit.BAD_ZONE: t(dt.BAD_ZONE),
            Edit.NOTHING_TO_REMOVE: t(dt.SCHEDULE_NOTHING_TO_REMOVE),
        }
        if done in answers:
            await self._say(scope, who, answers[done])
            return
        shown = await schedule_text(tx, target, t, self._zone())
        saved = f"{t(dt.SCHEDULE_SAVED)}\n\n" if done is Edit.SAVED else ""
        await self._say(scope, who, saved + shown)

    async def _languages(self, scope: UpdateScope, who: Lawyer, args: list[str]) -> None:
        chosen = frozenset(word.lower() for word in args)
        t = scope.t
        if not chosen <= CLIENT_LANGUAGES:
            await self._say(scope, who, t(dt.LANGUAGES_USAGE))
            return
        await scope.tx.lawyers.set_languages(who.lawyer.id, chosen)
        languages = " ".join(sorted(chosen))
        await self._say(scope, who, t(dt.LANGUAGES_SET, {"languages": languages}))

    async def _team(self, scope: UpdateScope, who: Lawyer, _: list[str]) -> None:
        t = scope.t
        lines = [t(dt.TEAM_HEAD)]
        for lawyer in await scope.tx.lawyers.all():
            duty = dt.ON_DUTY if lawyer.on_duty else dt.OFF_DUTY
            state = t(duty) if lawyer.reachable else t(dt.UNREACHABLE)
            languages = " ".join(sorted(lawyer.languages)) or "—"
            zone = lawyer.time_zone or self.services.settings.timezone
            lines.append(
                f"• {lawyer.id} · {_escape(lawyer.name)} · {state} · {languages} · {zone}"
            )
        await self._say(scope, who, "\n".join(lines))

    # --- coordinators ----------------------------------------------------------------------

    async def _list(self, scope: UpdateScope, lawyer: StoredLawyer, button: LawyerButton) -> None:
        pressed = scope.update.callback_query
        edit = pressed.message.message_id if pressed and pressed.message else None
        await self.coordination.show_list(scope, lawyer, Page.parse(button.outcome), edit)

    async def _card(
        self, scope: UpdateScope, lawyer: StoredLawyer, case: StoredCase, _: LawyerButton
    ) -> None:
        await self.coordination.open_card(scope, lawyer, case)

    async def _ask_whom(
        self, scope: UpdateScope, lawyer: StoredLawyer, case: StoredCase, _: LawyerButton
    ) -> str | None:
        return await self.coordination.ask_whom(scope, lawyer, case)

    async def _offer(
        self, scope: UpdateScope, lawyer: StoredLawyer, case: StoredCase, button: LawyerButton
    ) -> str:
        return await self.coordination.offer(scope, lawyer, case, button)

    async def _accept(
        self, scope: UpdateScope, lawyer: StoredLawyer, case: StoredCase, _: LawyerButton
    ) -> str | None:
        return await self.coordination.answer_offer(scope, lawyer, case, accepted=True)

    async def _decline(
        self, scope: UpdateScope, lawyer: StoredLawyer, case: StoredCase, _: LawyerButton
    ) -> str | None:
        return await self.coordination.answer_offer(scope, lawyer, case, accepted=False)

    async def _to_pool(
        self, scope: UpdateScope, lawyer: StoredLawyer, case: StoredCase, _: LawyerButton
    ) -> str:
        if case.status is CaseStatus.CLOSED:
            return scope.t(ct.NOT_YOURS)
        await self.escalation.put_back(scope.work, case, lawyer)
        return scope.t(ct.HANDED_BACK_TO_TEAM, {"number": case.number})

    async def _my_cases(self, scope: UpdateScope, who: Lawyer, _: list[str]) -> None:
        t, tx = scope.t, scope.tx
        if who.lawyer.coordinator:
            await self.coordination.show_list(scope, who.lawyer, Page())
            return
        cases = await tx.cases.for_lawyer(who.lawyer.id)
        if not cases:
            await self._say(scope, who, t(ct.NO_OPEN_CASES))
            return
        rows = [[inline(case.number, LawyerAction.ACTIVATE, case.id)] for case in cases]
        lines = [t(ct.MY_CASES)]
        target = await unreplied_target(tx, who.lawyer)
        if target.route is Route.CHOSEN and target.case is not None:
            lines.append(t(ct.WRITING_TO, {"number": target.case.number}))
        await self._say(scope, who, "\n".join(lines), InlineKeyboardMarkup(rows))

    async def _unblock(self, scope: UpdateScope, who: Lawyer, args: list[str]) -> None:
        """Coordinators lift a block by case number, or list the blocks."""
        await self._say(scope, who, await self._unblocked(scope, who.lawyer, args))

    async def _unblocked(self, scope: UpdateScope, lawyer: StoredLawyer, args: list[str]) -> str:
        t, tx = scope.t, scope.tx
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

    async def _say(
        self,
        scope: UpdateScope,
        who: Lawyer,
        text: str,
        keyboard: InlineKeyboardMarkup | None = None,
    ) -> None:
        await scope.queue.put(who.chat_id, Prepared.of(text, keyboard))

    def _zone(self) -> ZoneInfo:
        return ZoneInfo(self.services.settings.timezone)


def _held(relay: Relay) -> dict[str, object]:
    return asdict(relay)


def _none(case: StoredCase) -> LawyerButton:
    return LawyerButton(LawyerAction.TO, case.id)


def _schedule_usage(t: Translator, lawyer: StoredLawyer) -> str:
    usage = t(dt.SCHEDULE_USAGE)
    return f"{usage}\n{t(dt.SCHEDULE_USAGE_COORDINATOR)}" if lawyer.coordinator else usage


def _commands(t: Translator, lawyer: StoredLawyer) -> str:
    return "\n".join(t(command.help) for command in commands_for(lawyer.coordinator).values())


def _allowed(access: Access, case: StoredCase, lawyer: StoredLawyer) -> bool:
    """Whether ``lawyer`` may act on ``case`` with ``access``."""
    match access:
        case Access.HOLDER:
            return holds(case, lawyer)
        case Access.READER:
            return lawyer.coordinator or case.lawyer_id == lawyer.id
        case Access.EDITOR:
            return lawyer.coordinator or holds(case, lawyer)
        case Access.COORDINATOR:
            return lawyer.coordinator
        case Access.TEAM:
            return True


def _escape(text: str) -> str:
    return html.escape(text, quote=False)
