"""The coordinator's view: every open case, any case's card, giving a case to a lawyer.

``/cases`` for a coordinator lists every open case (urgency, holder, the next running day,
age, last activity), filtered (waiting, taken, mine, a day within three days) and paged in
one message edited in place. From there a coordinator opens any case's card, reads its
history and notes, asks a named lawyer to take it (the lawyer accepts or declines) or puts
it back in the pool.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_timedelta
from telegram import InlineKeyboardMarkup

from bot.cases import texts as ct
from bot.cases import timeline
from bot.cases.dates import soonest
from bot.cases.escalation import Escalation, actor
from bot.cases.policy import SOON
from bot.core.i18n import Translator
from bot.core.scope import UpdateScope
from bot.core.services import Services
from bot.desk.buttons import LawyerAction, LawyerButton, inline
from bot.desk.cards import CardView, render_card, render_for_coordinator
from bot.desk.roster import case_line, claimed_cases
from bot.outbox.payloads import Prepared
from flows.text import Text
from store import StoredCase, StoredLawyer
from store.models import CaseStatus

PAGE_SIZE = 8
FILTERS: dict[str, Text] = {
    "a": ct.FILTER_ALL,
    "w": ct.FILTER_WAITING,
    "t": ct.FILTER_TAKEN,
    "m": ct.FILTER_MINE,
    "d": ct.FILTER_SOON,
}
"""The filters of the list, by the letter its buttons carry."""
DECIDED = (timeline.OFFERED, timeline.OFFER_DECLINED, timeline.TAKEN, timeline.HANDED_BACK)
"""Events after which an earlier request to take the case no longer stands."""


@dataclass(frozen=True)
class Page:
    """Which part of the list: a filter and a page (from 0)."""

    filter: str = "a"
    number: int = 0

    def pack(self) -> str:
        """As a button carries it: ``a0``."""
        return f"{self.filter}{self.number}"

    @classmethod
    def parse(cls, packed: str | None) -> Page:
        """The page a button names (the first page of all cases if it names none)."""
        if packed and packed[0] in FILTERS and packed[1:].isdigit():
            return cls(packed[0], int(packed[1:]))
        return cls()


class Coordination:
    """What coordinators do with cases they do not hold."""

    def __init__(self, services: Services, escalation: Escalation) -> None:
        """Act through ``services`` and ``escalation``."""
        self.services = services
        self.escalation = escalation

    async def show_list(
        self, scope: UpdateScope, lawyer: StoredLawyer, page: Page, edit: int | None = None
    ) -> None:
        """The list of open cases, as a new message or in place of ``edit``."""
        t, tx = scope.t, scope.tx
        now = tx.now()
        team = await tx.lawyers.all()
        names = {member.id: member.name for member in team}
        open_cases = await tx.cases.waiting() + await claimed_cases(tx, team)
        facts = await tx.facts.for_cases([case.id for case in open_cases])
        cases = [
            case
            for case in open_cases
            if self._fits(case, page.filter, lawyer, now, facts.get(case.id))
        ]
        pages = max(1, -(-len(cases) // PAGE_SIZE))
        page = Page(page.filter, min(page.number, pages - 1))
        shown = cases[page.number * PAGE_SIZE : (page.number + 1) * PAGE_SIZE]
        head = t(
            ct.CASES_HEAD,
            {"filter": t.raw(FILTERS[page.filter]), "page": page.number + 1, "pages": pages},
        )
        lines = [f"<b>{head}</b>"]
        for case in shown:
            last = await tx.events.latest(case.id) or case.created_at
            lines.append(
                f"• {case_line(case, names, t, self._zone, now, facts.get(case.id))} · "
                f"{t(ct.CAME_IN_AGO, {'ago': _ago(now - case.created_at, t)})} · "
                f"{t(ct.LAST_ACTIVITY, {'ago': _ago(now - last, t)})}"
            )
        if not shown:
            lines.append(t(ct.NO_CASES_FILTERED))
        keyboard = _list_keyboard(shown, page, pages, t)
        await scope.queue.put(
            lawyer.telegram_id, Prepared.of("\n".join(lines), keyboard, edit=edit)
        )

    async def open_card(self, scope: UpdateScope, lawyer: StoredLawyer, case: StoredCase) -> None:
        """A case's whole card: the holder's own, or a coordinator's with their tools."""
        tx = scope.tx
        await tx.audit.record(actor(lawyer), "viewed_card", case.id)
        holder = await tx.lawyers.get(case.lawyer_id) if case.lawyer_id else None
        view = CardView(
            case,
            lawyer,
            holder.name if holder else None,
            self.services.clock.now(),
            self.services.today(),
            self._zone,
            await tx.facts.of(case.id),
        )
        ours = case.lawyer_id == lawyer.id or case.status is CaseStatus.CLOSED
        rendered = (
            render_card(view, scope.t, full=True)
            if ours or not lawyer.coordinator
            else render_for_coordinator(view, scope.t)
        )
        await scope.queue.put(
            lawyer.telegram_id, Prepared.of(rendered.text, rendered.keyboard), case_id=case.id
        )

    async def ask_whom(
        self, scope: UpdateScope, lawyer: StoredLawyer, case: StoredCase
    ) -> str | None:
        """Which lawyer should take the case: a button for each one who can be reached."""
        t = scope.t
        others = [
            member
            for member in await scope.tx.lawyers.all()
            if member.reachable and member.id != case.lawyer_id
        ]
        if not others:
            return t(ct.NOBODY_TO_ASK)
        rows = [
            [inline(member.name, LawyerAction.OFFER, case.id, str(member.id))] for member in others
        ]
        text = t(ct.REASSIGN_TO, {"number": case.number})
        await scope.queue.put(lawyer.telegram_id, Prepared.of(text, InlineKeyboardMarkup(rows)))
        return None

    async def offer(
        self, scope: UpdateScope, coordinator: StoredLawyer, case: StoredCase, button: LawyerButton
    ) -> str:
        """Ask the lawyer the button names to take the case; they accept or decline."""
        tx, t = scope.tx, scope.t
        chosen = button.outcome or ""
        target = await tx.lawyers.get(int(chosen)) if chosen.isdigit() else None
        if (
            target is None
            or target.removed
            or not target.reachable
            or case.status is CaseStatus.CLOSED
        ):
            return t(ct.NOBODY_TO_ASK)
        await tx.events.add(case.id, timeline.OFFERED, {"by": coordinator.id}, lawyer_id=target.id)
        await tx.audit.record(actor(coordinator), "offered", case.id, f"lawyer:{target.id}")
        theirs = self.services.catalogs.translator(target.locale)
        holder = await tx.lawyers.get(case.lawyer_id) if case.lawyer_id else None
        view = CardView(
            case,
            target,
            holder.name if holder else None,
            tx.now(),
            self.services.today(),
            self._zone,
            await tx.facts.of(case.id),
        )
        card = render_for_coordinator(view, theirs).text
        asked = theirs(ct.OFFER, {"coordinator": coordinator.name, "number": case.number})
        keyboard = InlineKeyboardMarkup(
            [
                [
                    inline(theirs(ct.BUTTON_ACCEPT), LawyerAction.ACCEPT, case.id),
                    inline(theirs(ct.BUTTON_DECLINE), LawyerAction.DECLINE, case.id),
                ]
            ]
        )
        await scope.queue.put(
            target.telegram_id, Prepared.of(f"{asked}\n\n{card}", keyboard), case_id=case.id
        )
        return t(ct.OFFER_SENT, {"name": target.name, "number": case.number})

    async def answer_offer(
        self, scope: UpdateScope, lawyer: StoredLawyer, case: StoredCase, accepted: bool
    ) -> str | None:
        """The lawyer asked to take the case accepts (and has it) or declines."""
        tx, t = scope.tx, scope.t
        decisions = await tx.events.for_case(case.id, kinds=DECIDED)
        last = decisions[-1] if decisions else None
        if (
            last is None
            or last.kind != timeline.OFFERED
            or last.lawyer_id != lawyer.id
            or case.status is CaseStatus.CLOSED
        ):
            return t(ct.OFFER_GONE)
        coordinator = await tx.lawyers.get(int(last.body.get("by", 0)))
        if accepted:
            await self.escalation.give(scope.work, case, lawyer, by=coordinator)
            told = ct.OFFER_ACCEPTED
        else:
            await tx.events.add(case.id, timeline.OFFER_DECLINED, lawyer_id=lawyer.id)
            await tx.audit.record(actor(lawyer), "offer_declined", case.id)
            told = ct.OFFER_DECLINED
        if coordinator is not None and coordinator.reachable:
            theirs = self.services.catalogs.translator(coordinator.locale)
            text = theirs(told, {"name": lawyer.name, "number": case.number})
            await scope.queue.put(coordinator.telegram_id, Prepared(text))
        return None if accepted else t(ct.CANCELLED)

    def _fits(
        self,
        case: StoredCase,
        letter: str,
        lawyer: StoredLawyer,
        now: datetime,
        facts: dict[str, str] | None,
    ) -> bool:
        match letter:
            case "w":
                return case.status is CaseStatus.OPEN
            case "t":
                return case.status is CaseStatus.CLAIMED
            case "m":
                return case.lawyer_id == lawyer.id
            case "d":
                today = now.astimezone(self._zone).date()
                upcoming = soonest(case.summary, today, facts)
                return upcoming is not None and upcoming.day - today <= SOON
        return True

    @property
    def _zone(self) -> ZoneInfo:
        return ZoneInfo(self.services.settings.timezone)


def _list_keyboard(
    shown: list[StoredCase], page: Page, pages: int, t: Translator
) -> InlineKeyboardMarkup:
    filters = [
        inline(
            ("• " if letter == page.filter else "") + t(label), LawyerAction.LIST, 0, f"{letter}0"
        )
        for letter, label in FILTERS.items()
    ]
    rows = [filters[:3], filters[3:]]
    cards = [inline(case.number, LawyerAction.CARD, case.id) for case in shown]
    rows += [cards[n : n + 4] for n in range(0, len(cards), 4)]
    pager = []
    if page.number > 0:
        pager.append(inline("‹", LawyerAction.LIST, 0, Page(page.filter, page.number - 1).pack()))
    if page.number + 1 < pages:
        pager.append(inline("›", LawyerAction.LIST, 0, Page(page.filter, page.number + 1).pack()))
    if pager:
        rows.append(pager)
    return InlineKeyboardMarkup(rows)


def _ago(elapsed: timedelta, t: Translator) -> str:
    return format_timedelta(elapsed, threshold=1.5, locale=t.babel_locale)
