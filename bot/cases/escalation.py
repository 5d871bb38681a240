"""Escalation, paging-style: cases go to the lawyers on duty, then to everyone, until taken,
as the policy of their urgency says (:mod:`bot.cases.policy`).

Every step is written in the caller's unit of work: the case's new state, the audit entry
and the messages to send (queued in the outbox), so nothing is lost between a change and
its notification. Timers are columns of the case (``next_escalation_at``), so they survive
restarts and are shared by every process.

Each lawyer has at most one card per case, edited in place as the case changes; paging a
lawyer who already has the card sends a short reminder in reply to it instead of a copy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.cases import timeline
from bot.cases.dates import soonest
from bot.cases.policy import Policy, is_night, next_morning, policy_for
from bot.core.config import Settings
from bot.core.work import Work
from bot.outbox.kinds import ClientNotice, Lane, LawyerNotice, Priority
from bot.outbox.payloads import Card, ClientNoticePayload, History, LawyerNoticePayload, Ping
from store import CaseSummary, StoredCase, StoredLawyer
from store.models import CaseStatus

SYSTEM = "system"
MAX_CASES_PER_DAY = 3
NOT_PAGED = -1
"""``escalation_round`` of a case nobody has been paged about yet (it came in at night)."""


def actor(lawyer: StoredLawyer) -> str:
    """The audit log's name for a lawyer: their row id, never their name or Telegram id."""
    return f"lawyer:{lawyer.id}"


@dataclass(frozen=True)
class Opened:
    """What a lawyer request led to: the case (``None`` if refused) and lawyers reached."""

    case: StoredCase | None
    paged: int
    updated: bool = False
    """An existing case got new answers (its lawyer, if any, was told)."""


@dataclass(frozen=True)
class Escalation:
    """The case life cycle: open, page, re-page, claim, hand back, close."""

    settings: Settings

    async def open_case(
        self, work: Work, user_key: str, urgency: str | None, summary: CaseSummary
    ) -> Opened:
        """Open the person's case and page lawyers, or bring their open case up to date.

        No case is opened for a person a lawyer marked as abusing the service, or who
        opened :data:`MAX_CASES_PER_DAY` cases in the last day: fake cases must not
        exhaust the duty lawyers. A case that is open already gets the new answers; if
        its level changed, every card shows it and its lawyer is told once.
        """
        tx = work.tx
        existing = await tx.cases.open_for(user_key)
        if existing is not None:
            return await self._update(work, existing, urgency, summary)
        now = tx.now()
        if await tx.blocks.is_blocked(user_key) or (
            await tx.cases.opened_since(user_key, now - timedelta(days=1)) >= MAX_CASES_PER_DAY
        ):
            await tx.audit.record(SYSTEM, "case_refused")
            return Opened(None, 0)
        case = await tx.cases.create(user_key, urgency, summary, next_escalation_at=now)
        await tx.audit.record(SYSTEM, "case_opened", case.id, urgency)
        await self.count_deadline(work, case.id, summary)
        return Opened(case, await self._first_page(work, case))

    async def _update(
        self, work: Work, case: StoredCase, urgency: str | None, summary: CaseSummary
    ) -> Opened:
        """New answers for an open case: every card shows them, its lawyer is told once."""
        tx = work.tx
        level = urgency if urgency is not None else (case.urgency.value if case.urgency else None)
        changed = dict(summary.answers) != dict(case.summary.answers)
        await tx.cases.update_summary(case.id, summary, urgency)
        await self.count_deadline(work, case.id, summary)
        if changed:
            await tx.audit.record(SYSTEM, "case_updated", case.id, level)
            await tx.events.add(case.id, timeline.ANSWERED_AGAIN, {"level": level})
            await self.refresh_cards(work, case.id)
            await self.notify_lawyer(work, case, LawyerNotice.CASE_UPDATED)
            updated = await tx.cases.get(case.id)
            if updated is not None and updated.status is CaseStatus.OPEN:
                await self._first_page(work, updated)  # paged as its new answers say
        reachable = 1 if case.lawyer_id is not None else len(await self._reachable(work))
        return Opened(case, reachable, updated=changed)

    async def escalate_due(self, work: Work) -> int:
        """Page the lawyers about each case due (see :mod:`bot.cases.policy`); how many."""
        tx = work.tx
        now = tx.now()
        due = await tx.cases.due_for_escalation(now)
        for case in due:
            if case.escalation_round == NOT_PAGED:
                await self._first_page(work, case)
                continue
            policy = await self._policy(work, case, now)
            if not policy.at_night and is_night(now, self._zone):
                await tx.cases.schedule_escalation(
                    case.id, next_morning(now, self._zone), case.escalation_round
                )
                continue
            await self._page(work, case, await self._reachable(work))
            if case.escalation_round == 0:
                await self.notify_client(work, case, ClientNotice.STILL_REACHING)
            repeat = (
                now + self.settings.repeat_interval
                if policy.everyone_after is not None
                else next_morning(now, self._zone)
            )
            await tx.cases.schedule_escalation(case.id, repeat, case.escalation_round + 1)
            await tx.audit.record(SYSTEM, "escalated", case.id, str(case.escalation_round + 1))
        return len(due)

    async def claim(self, work: Work, case_id: int, lawyer: StoredLawyer) -> bool:
        """Give the case to ``lawyer`` if nobody has it yet; every card then shows who has it."""
        tx = work.tx
        if not await tx.cases.claim(case_id, lawyer.id):
            return False
        case = await tx.cases.get(case_id)
        assert case is not None
        await tx.outbox.due_now_for_case(case_id, tx.now())  # what the person sent
        await tx.audit.record(actor(lawyer), "claimed", case_id)
        had_a_lawyer = bool(await tx.events.for_case(case_id, kinds=(timeline.TAKEN,)))
        await tx.events.add(case_id, timeline.TAKEN, lawyer_id=lawyer.id)
        await self.refresh_cards(work, case_id)
        await self.notify_client(work, case, ClientNotice.CLAIMED)
        if had_a_lawyer:  # what was said before: the new lawyer reads it at once
            await work.queue.put(lawyer.telegram_id, History(lawyer.id), case_id=case_id)
        return True

    async def hand_back(
        self, work: Work, case: StoredCase, lawyer: StoredLawyer, note: str | None = None
    ) -> None:
        """Return a case to the pool, with a handover note: it is paged again as if new."""
        await work.tx.cases.release(case.id, work.tx.now() + self.settings.ack_timeout)
        await work.tx.audit.record(actor(lawyer), "handed_back", case.id)
        body = {"note": note} if note else None
        await work.tx.events.add(case.id, timeline.HANDED_BACK, body, lawyer_id=lawyer.id)
        await self._repage(work, case, ClientNotice.HANDED_BACK)

    async def give(
        self, work: Work, case: StoredCase, to: StoredLawyer, by: StoredLawyer | None
    ) -> bool:
        """A coordinator gave the case to ``to`` (who accepted it): whoever held it is told
        and keeps no access; ``to`` holds it as if they had taken it."""
        tx = work.tx
        if case.status is CaseStatus.CLOSED or case.lawyer_id == to.id:
            return case.lawyer_id == to.id
        if case.status is CaseStatus.CLAIMED:
            await self.notify_lawyer(work, case, LawyerNotice.REASSIGNED)
            await tx.events.add(case.id, timeline.HANDED_BACK, lawyer_id=case.lawyer_id)
            await tx.cases.release(case.id, tx.now() + self.settings.ack_timeout)
        await tx.audit.record(
            actor(by) if by else SYSTEM, "reassigned", case.id, f"lawyer:{to.id}"
        )
        return await self.claim(work, case.id, to)

    async def put_back(self, work: Work, case: StoredCase, by: StoredLawyer) -> None:
        """A coordinator put the case back in the pool: its holder is told, and it is paged
        again as if new."""
        tx = work.tx
        if case.status is CaseStatus.CLAIMED:
            await self.notify_lawyer(work, case, LawyerNotice.PUT_BACK)
            await tx.events.add(case.id, timeline.HANDED_BACK, lawyer_id=case.lawyer_id)
            await tx.cases.release(case.id, tx.now() + self.settings.ack_timeout)
        await tx.audit.record(actor(by), "put_back", case.id)
        await self._repage(work, case, ClientNotice.HANDED_BACK)

    async def reopen(self, work: Work, case: StoredCase, by: StoredLawyer) -> StoredCase | None:
        """Open a closed case again: to its lawyer if they can still be reached, else to the
        pool (paged again). Returns it, or ``None`` if it was not closed."""
        holder = await work.tx.lawyers.get(case.lawyer_id) if case.lawyer_id else None
        back_to = holder if holder is not None and holder.reachable else None
        reopened = await work.tx.cases.reopen(
            case.id,
            lawyer_id=back_to.id if back_to else None,
            next_escalation_at=work.tx.now() + self.settings.ack_timeout,
        )
        if reopened is None:
            return None
        await work.tx.audit.record(actor(by), "reopened", case.id)
        await work.tx.events.add(case.id, timeline.REOPENED, lawyer_id=by.id)
        if back_to is None:
            await self._repage(work, reopened, ClientNotice.REOPENED)
        else:
            await self.refresh_cards(work, case.id)
            await self.notify_client(work, reopened, ClientNotice.REOPENED)
        return reopened

    async def close(
        self, work: Work, case: StoredCase, outcome: str, by: StoredLawyer | None
    ) -> None:
        """Close a case (by its lawyer, or by the client when ``by`` is None)."""
        await work.tx.cases.close(case.id, outcome)
        await work.tx.audit.record(actor(by) if by else "client", "closed", case.id, outcome)
        await work.tx.events.add(
            case.id, timeline.CLOSED, {"outcome": outcome}, lawyer_id=by.id if by else None
        )
        await self.refresh_cards(work, case.id)
        if by is not None:
            await self.notify_client(work, case, ClientNotice.CLOSED)
        elif case.lawyer_id is not None:
            await self.notify_lawyer(work, case, LawyerNotice.CLIENT_ENDED)

    async def mark_abuse(self, work: Work, case: StoredCase, lawyer: StoredLawyer) -> None:
        """Close a fake case and stop its sender from opening new ones until a coordinator
        lifts it; the sender is known only by keyed hash."""
        await work.tx.blocks.block(case.user_key, lawyer.id, case.number)
        await self.close(work, case, "abuse", lawyer)

    async def lawyer_removed(self, work: Work, lawyer: StoredLawyer) -> int:
        """Put a removed lawyer's cases back in the pool, and take every card they were
        shown off their screen; returns how many cases went back."""
        await work.tx.lawyers.set_on_duty(lawyer.id, False)
        for card in await work.tx.cards.for_lawyer(lawyer.id):
            await work.queue.put(
                lawyer.telegram_id, Card(card.id), case_id=card.case_id, lane=Lane.CARDS
            )
        return await self._release_all(work, lawyer, "released", ClientNotice.HANDED_BACK)

    async def lawyer_unreachable(self, work: Work, lawyer: StoredLawyer) -> int:
        """A lawyer blocked the bot: their cases go back to the pool, clients and
        coordinators are told, and they get nothing until they /start again."""
        await work.tx.lawyers.set_reachable(lawyer.id, False)
        released = await self._release_all(
            work, lawyer, "unreachable", ClientNotice.LAWYER_UNREACHABLE
        )
        if released:
            for coordinator in await self._coordinators(work, but=lawyer):
                await work.queue.put(
                    coordinator.telegram_id,
                    LawyerNoticePayload(
                        LawyerNotice.LAWYER_UNREACHABLE, coordinator.id, name=lawyer.name
                    ),
                )
        return released

    async def _release_all(
        self, work: Work, lawyer: StoredLawyer, action: str, notice: ClientNotice
    ) -> int:
        await work.tx.lawyers.set_reachable(lawyer.id, False)
        next_page = work.tx.now() + self.settings.ack_timeout
        released = await work.tx.cases.release_all(lawyer.id, next_page)
        for case in released:
            await work.tx.audit.record(SYSTEM, action, case.id)
            await self._repage(work, case, notice)
        return len(released)

    async def lawyer_reachable(self, work: Work, lawyer: StoredLawyer) -> int:
        """A lawyer started the bot: mark them reachable and show them every waiting case
        they have no card on screen for yet; returns how many cards were sent.

        One who could not be reached until now missed every change to their cards (their
        own cases went back to the pool, others were taken): each card on their screen is
        shown again as its case is now.
        """
        tx = work.tx
        await tx.lawyers.set_reachable(lawyer.id, True)
        if not lawyer.reachable:
            for on_screen in await tx.cards.for_lawyer(lawyer.id):
                if on_screen.message_id is not None:
                    await work.queue.put(
                        lawyer.telegram_id,
                        Card(on_screen.id),
                        case_id=on_screen.case_id,
                        lane=Lane.CARDS,
                        priority=Priority.REFRESH,
                    )
        shown = 0
        for case in await tx.cases.waiting():
            existing = await tx.cards.of(case.id, lawyer.id)
            if existing is None:
                await self._send_card(work, case, lawyer)
            elif existing.message_id is None:  # paged while they could not be reached
                await work.queue.put(
                    lawyer.telegram_id,
                    Card(existing.id),
                    case_id=case.id,
                    lane=Lane.CARDS,
                    priority=Priority.CARD,
                )
            else:
                continue
            shown += 1
        return shown

    async def refresh_cards(self, work: Work, case_id: int) -> None:
        """Render every card of a case again (who has it, closed, back in the pool)."""
        for card in await work.tx.cards.for_case(case_id):
            lawyer = await work.tx.lawyers.get(card.lawyer_id)
            if lawyer is not None and lawyer.reachable:
                await work.queue.put(
                    lawyer.telegram_id,
                    Card(card.id),
                    case_id=case_id,
                    lane=Lane.CARDS,
                    priority=Priority.REFRESH,
                )

    async def notify_client(self, work: Work, case: StoredCase, notice: ClientNotice) -> None:
        """Queue a message to the person about their case."""
        conversation = await work.tx.conversations.load(case.user_key)
        if conversation is not None:
            await work.queue.put(
                conversation.chat_id, ClientNoticePayload(notice.value), case_id=case.id
            )

    async def notify_lawyer(self, work: Work, case: StoredCase, notice: LawyerNotice) -> None:
        """Queue a message to the case's lawyer."""
        lawyer = await work.tx.lawyers.get(case.lawyer_id) if case.lawyer_id else None
        if lawyer is not None:
            await work.queue.put(
                lawyer.telegram_id,
                LawyerNoticePayload(notice.value, lawyer.id, case.number),
                case_id=case.id,
            )

    async def _repage(self, work: Work, case: StoredCase, notice: ClientNotice) -> None:
        await self.refresh_cards(work, case.id)
        await self.notify_client(work, case, notice)
        await self._first_page(work, case)

    async def _first_page(self, work: Work, case: StoredCase) -> int:
        """Page the first responders about a waiting case now, or in the morning if its
        policy pages nobody at night; schedule the next step. Returns how many were paged."""
        tx, now = work.tx, work.tx.now()
        policy = await self._policy(work, case, now)
        if not policy.at_night and is_night(now, self._zone):
            await tx.cases.schedule_escalation(case.id, next_morning(now, self._zone), NOT_PAGED)
            return 0
        paged = await self._page(work, case, await self._first_responders(work, case))
        everyone = (
            now + self.settings.ack_timeout * policy.everyone_after
            if policy.everyone_after is not None
            else next_morning(now, self._zone)
        )
        await tx.cases.schedule_escalation(case.id, everyone, 0)
        return paged

    async def count_deadline(self, work: Work, case_id: int, summary: CaseSummary) -> None:
        """The case's soonest running day (with the days its holder recorded), for the
        team's figures (met or missed)."""
        today = work.tx.now().astimezone(self._zone).date()
        upcoming = soonest(summary, today, await work.tx.facts.of(case_id))
        await work.tx.cases.set_deadline(case_id, upcoming.day if upcoming else None)

    async def _policy(self, work: Work, case: StoredCase, now: datetime) -> Policy:
        today = now.astimezone(self._zone).date()
        upcoming = soonest(case.summary, today, await work.tx.facts.of(case.id))
        urgency = case.urgency.value if case.urgency else None
        return policy_for(urgency, upcoming.day if upcoming else None, today)

    @property
    def _zone(self) -> ZoneInfo:
        return ZoneInfo(self.settings.timezone)

    async def _page(self, work: Work, case: StoredCase, lawyers: list[StoredLawyer]) -> int:
        for lawyer in lawyers:
            await self._send_card(work, case, lawyer)
        return len(lawyers)

    async def _send_card(self, work: Work, case: StoredCase, lawyer: StoredLawyer) -> None:
        """The lawyer's card of the case: a new one, or a reminder in reply to theirs."""
        card = await work.tx.cards.of(case.id, lawyer.id)
        if card is None:
            card_id = await work.tx.cards.add(case.id, lawyer.id)
            payload: Card | Ping = Card(card_id)
        else:
            await work.queue.put(
                lawyer.telegram_id, Card(card.id), case_id=case.id, lane=Lane.CARDS
            )
            payload = Ping(card.id)
        await work.queue.put(
            lawyer.telegram_id, payload, case_id=case.id, lane=Lane.CARDS, priority=Priority.CARD
        )

    async def _first_responders(self, work: Work, case: StoredCase) -> list[StoredLawyer]:
        """The lawyers on duty who speak the client's language, else all on duty, else
        every reachable lawyer and coordinator."""
        reachable = await self._reachable(work)
        on_duty = [lawyer for lawyer in reachable if lawyer.on_duty]
        locale = case.summary.locale
        speakers = [lawyer for lawyer in on_duty if lawyer.speaks(locale)]
        return speakers or on_duty or reachable

    async def _reachable(self, work: Work) -> list[StoredLawyer]:
        return [lawyer for lawyer in await work.tx.lawyers.all() if lawyer.reachable]

    async def _coordinators(self, work: Work, *, but: StoredLawyer) -> list[StoredLawyer]:
        return [
            lawyer
            for lawyer in await self._reachable(work)
            if lawyer.coordinator and lawyer.id != but.id
        ]


def is_open(case: StoredCase | None) -> bool:
    """Whether the case still waits for, or has, a lawyer."""
    return case is not None and case.status is not CaseStatus.CLOSED
