"""The case file on the desk: recorded facts, ready replies to the client, the export.

Who may do what is declared in :mod:`bot.desk.flow`; these actions run once the desk has
checked it. Every change of a fact and every export is audited, never with its content.
"""

from __future__ import annotations

import html
from datetime import date

from telegram import InlineKeyboardMarkup

from bot.cases import texts as ct
from bot.cases.escalation import Escalation, actor
from bot.core.i18n import Translator, native_name
from bot.core.scope import UpdateScope
from bot.core.services import Services
from bot.desk import casefile_texts as ft
from bot.desk.buttons import LawyerAction, inline
from bot.desk.replies import READY_REPLIES, REPLIES_BY_ID, client_translator
from bot.desk.routing import relay_to_client
from bot.outbox.payloads import Export, Prepared, Relay
from flows.facts import FACTS, FACTS_BY_ID, MAX_LENGTH, Fact, FactKind, parse_day, recorded
from store import StoredCase, StoredLawyer

FACT_PREFIX = "fact:"
"""``awaiting`` prefix: the lawyer is writing a fact, ``fact:<case id>:<fact id>``."""


def awaited_fact(awaiting: str | None) -> tuple[int, Fact] | None:
    """The case and fact a lawyer is writing, if that is what they are doing."""
    if not awaiting or not awaiting.startswith(FACT_PREFIX):
        return None
    case_id, _, fact_id = awaiting.removeprefix(FACT_PREFIX).partition(":")
    fact = FACTS_BY_ID.get(fact_id)
    return (int(case_id), fact) if case_id.isdigit() and fact else None


class CaseFileDesk:
    """Recorded facts, ready replies and the export of a case."""

    def __init__(self, services: Services, escalation: Escalation) -> None:
        """Read the clients' languages through ``services``; a recorded day changes the
        case's deadline in the team's figures through ``escalation``."""
        self.services = services
        self.escalation = escalation

    # --- recorded facts ------------------------------------------------------------------

    async def show(self, scope: UpdateScope, lawyer: StoredLawyer, case: StoredCase) -> None:
        """The case file: what is recorded, and a button for each field."""
        facts = await scope.tx.facts.of(case.id)
        await self._menu(scope, lawyer, case, facts)

    async def ask(
        self, scope: UpdateScope, lawyer: StoredLawyer, case: StoredCase, fact_id: str | None
    ) -> str | None:
        """Ask for a field's value (the lawyer's next message), showing what is recorded."""
        t, tx = scope.t, scope.tx
        fact = FACTS_BY_ID.get(fact_id or "")
        if fact is None:
            return t(ct.NOT_YOURS)
        await tx.lawyers.set_awaiting(lawyer.id, f"{FACT_PREFIX}{case.id}:{fact.id}")
        asking = ft.FACT_ASK_DAY if fact.kind is FactKind.DAY else ft.FACT_ASK
        lines = [t(asking, {"label": t.raw(fact.label), "number": case.number})]
        current = dict(recorded(await tx.facts.of(case.id))).get(fact)
        buttons = [inline(t(ct.BUTTON_CANCEL), LawyerAction.CANCEL, case.id)]
        if current is not None:
            lines.append(t(ft.FACT_NOW, {"value": t.value(current)}))
            buttons.insert(
                0, inline(t(ft.BUTTON_CLEAR), LawyerAction.FACT_CLEAR, case.id, fact.id)
            )
        keyboard = InlineKeyboardMarkup([buttons])
        asked = Prepared.of("\n".join(lines), keyboard, lawyer_id=lawyer.id)
        await scope.queue.put(lawyer.telegram_id, asked, case_id=case.id)
        return None

    async def typed(
        self, scope: UpdateScope, lawyer: StoredLawyer, case: StoredCase, fact: Fact, text: str
    ) -> str | None:
        """The value the lawyer wrote: checked, recorded, and the case file shown again.

        A date that cannot be read, or a value too long, is answered kindly, and the bot
        still waits for the value.
        """
        t, tx = scope.t, scope.tx
        value = text.strip()
        if fact.kind is FactKind.DAY:
            day = parse_day(value)
            if day is None:
                return t(ft.FACT_BAD_DAY)
            value = day.isoformat()
        elif len(value) > MAX_LENGTH:
            return t(ft.FACT_TOO_LONG, {"count": MAX_LENGTH})
        await tx.lawyers.set_awaiting(lawyer.id, None)
        facts = await tx.facts.set(case.id, fact.id, value)
        await tx.audit.record(actor(lawyer), "fact_set", case.id, fact.id)
        await self._counted(scope, case, fact)
        saved = t(ft.FACT_SAVED, {"number": case.number, "label": t.raw(fact.label)})
        await self._menu(scope, lawyer, case, facts, saved)
        return None

    async def clear(
        self, scope: UpdateScope, lawyer: StoredLawyer, case: StoredCase, fact_id: str | None
    ) -> str | None:
        """Clear a recorded field."""
        t, tx = scope.t, scope.tx
        fact = FACTS_BY_ID.get(fact_id or "")
        if fact is None:
            return t(ct.NOT_YOURS)
        await tx.lawyers.set_awaiting(lawyer.id, None)
        facts = await tx.facts.set(case.id, fact.id, None)
        await tx.audit.record(actor(lawyer), "fact_cleared", case.id, fact.id)
        await self._counted(scope, case, fact)
        cleared = t(ft.FACT_CLEARED, {"number": case.number, "label": t.raw(fact.label)})
        await self._menu(scope, lawyer, case, facts, cleared)
        return None

    async def _counted(self, scope: UpdateScope, case: StoredCase, fact: Fact) -> None:
        """A recorded day may move the case's soonest day (reminders read it as they run)."""
        if fact.kind is FactKind.DAY:
            await self.escalation.count_deadline(scope.work, case.id, case.summary)

    async def _menu(
        self,
        scope: UpdateScope,
        lawyer: StoredLawyer,
        case: StoredCase,
        facts: dict[str, str],
        before: str | None = None,
    ) -> None:
        t = scope.t
        lines = [before, ""] if before else []
        lines.append(f"<b>{t(ft.FACTS_HEAD, {'number': case.number})}</b>")
        shown = recorded(facts)
        lines += [f"{t(fact.label)}: {_escape(t, value)}" for fact, value in shown]
        if not shown:
            lines.append(t(ft.FACTS_NONE))
        buttons = [inline(_mark(t, f, facts), LawyerAction.FACT, case.id, f.id) for f in FACTS]
        rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
        await scope.queue.put(
            lawyer.telegram_id,
            Prepared.of("\n".join(lines), InlineKeyboardMarkup(rows), lawyer_id=lawyer.id),
            case_id=case.id,
        )

    # --- ready replies -------------------------------------------------------------------

    async def replies(self, scope: UpdateScope, lawyer: StoredLawyer, case: StoredCase) -> None:
        """The ready replies, each a button, saying the language the client gets them in."""
        t = scope.t
        theirs = await client_translator(scope.tx, self.services.catalogs, case)
        language = native_name(theirs.locale)
        text = t(ft.REPLIES_HEAD, {"number": case.number, "language": language})
        rows = [
            [inline(t(reply.label), LawyerAction.REPLY, case.id, reply.id)]
            for reply in READY_REPLIES
        ]
        rows.append([inline(t(ct.BUTTON_CANCEL), LawyerAction.CANCEL, case.id)])
        listed = Prepared.of(text, InlineKeyboardMarkup(rows), lawyer_id=lawyer.id)
        await scope.queue.put(lawyer.telegram_id, listed, case_id=case.id)

    async def reply(
        self, scope: UpdateScope, lawyer: StoredLawyer, case: StoredCase, reply_id: str | None
    ) -> str | None:
        """Send a ready reply to the client in the client's language, as the lawyer's message.

        The list it was picked from becomes what was sent, in the lawyer's language; the
        acknowledgement with the case number answers it once Telegram has delivered it.
        """
        t, tx = scope.t, scope.tx
        ready = REPLIES_BY_ID.get(reply_id or "")
        pressed = scope.update.callback_query
        menu = pressed.message.message_id if pressed and pressed.message else None
        if ready is None or menu is None:
            return t(ct.NOT_YOURS)
        theirs = await client_translator(tx, self.services.catalogs, case)
        relay = Relay(lawyer.telegram_id, menu, text=theirs.raw(ready.text))
        if not await relay_to_client(scope, lawyer, case, relay):
            return t(ct.NOT_YOURS)
        language = native_name(theirs.locale)
        head = t(ft.REPLY_SENDING, {"number": case.number, "language": language})
        shown = f"{head}\n«{t(ready.text)}»"
        sent = Prepared.of(shown, edit=menu, lawyer_id=lawyer.id)
        await scope.queue.put(lawyer.telegram_id, sent, case_id=case.id)
        return None

    # --- the export ----------------------------------------------------------------------

    async def export(self, scope: UpdateScope, lawyer: StoredLawyer, case: StoredCase) -> None:
        """Queue the case file for the lawyer: made in memory when it is sent."""
        await scope.tx.audit.record(actor(lawyer), "exported", case.id)
        await scope.queue.put(lawyer.telegram_id, Export(lawyer.id), case_id=case.id)


def _mark(t: Translator, fact: Fact, facts: dict[str, str]) -> str:
    """A field's button: its label, ticked once something is recorded."""
    label = t.raw(fact.label)
    return f"✓ {label}" if facts.get(fact.id) else label


def _escape(t: Translator, value: str | date) -> str:
    return html.escape(t.value(value), quote=False)
