"""Escalation, paging-style: cases go to the lawyers on duty, then to everyone, until taken.

Every step is written in the caller's transaction: the case's new state, the audit entry
and the messages to send (to the outbox), so nothing is lost between a change and its
notification. Timers are columns of the case (``next_escalation_at``), so they survive
restarts and are shared by every process.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.core.config import Settings
from bot.outbox.kinds import ClientNotice, Kind, LawyerNotice, Priority
from store import StoredCase, StoredLawyer, Transaction

SYSTEM = "system"
MAX_CASES_PER_DAY = 3


def actor(lawyer: StoredLawyer) -> str:
    """The audit log's name for a lawyer: their row id, never their name or Telegram id."""
    return f"lawyer:{lawyer.id}"


@dataclass(frozen=True)
class Escalation:
    """The case life cycle: open, page, re-page, claim, hand back, close."""

    settings: Settings

    async def open_case(
        self, tx: Transaction, user_key: str, urgency: str | None, summary: Mapping[str, Any]
    ) -> tuple[StoredCase | None, int]:
        """Open (or refresh) the person's case and page lawyers; returns it and how many.

        No case is opened (``None``) for a person a lawyer marked as abusing the service, or
        who opened :data:`MAX_CASES_PER_DAY` cases in the last day: fake cases must not
        exhaust the duty lawyers.
        """
        existing = await tx.cases.open_for(user_key)
        if existing is not None:
            await tx.cases.update_summary(existing.id, summary)
            return existing, len(await self._reachable(tx))
        if await tx.blocks.is_blocked(user_key) or (
            await tx.cases.opened_since(user_key, _now() - timedelta(days=1)) >= MAX_CASES_PER_DAY
        ):
            await tx.audit.record(SYSTEM, "case_refused")
            return None, 0
        first_page = _now() + self.settings.ack_timeout
        case = await tx.cases.create(user_key, urgency, summary, next_escalation_at=first_page)
        await tx.audit.record(SYSTEM, "case_opened", case.id, urgency)
        paged = await self._page(tx, case, await self._first_responders(tx))
        return case, paged

    async def escalate_due(self, tx: Transaction) -> int:
        """Page every lawyer about each case nobody took in time; returns how many cases."""
        due = await tx.cases.due_for_escalation(_now())
        everyone = await self._reachable(tx)
        for case in due:
            await self._page(tx, case, everyone)
            if case.escalation_round == 0:
                await self.notify_client(tx, case, ClientNotice.STILL_REACHING)
            next_page = _now() + self.settings.repeat_interval
            await tx.cases.schedule_escalation(case.id, next_page, case.escalation_round + 1)
            await tx.audit.record(SYSTEM, "escalated", case.id, str(case.escalation_round + 1))
        return len(due)

    async def claim(self, tx: Transaction, case_id: int, lawyer: StoredLawyer) -> bool:
        """Give the case to ``lawyer`` if nobody has it yet; every card then shows who has it."""
        if not await tx.cases.claim(case_id, lawyer.id):
            return False
        case = await tx.cases.get(case_id)
        assert case is not None
        await tx.lawyers.set_active_case(lawyer.id, case_id)
        await tx.outbox.due_now_for_case(case_id, _now())  # what the person sent while waiting
        await tx.audit.record(actor(lawyer), "claimed", case_id)
        await self.refresh_cards(tx, case_id)
        await self.notify_client(tx, case, ClientNotice.CLAIMED)
        return True

    async def hand_back(self, tx: Transaction, case: StoredCase, lawyer: StoredLawyer) -> None:
        """Return a case to the pool: it is paged again as if new."""
        await tx.cases.release(case.id, _now() + self.settings.ack_timeout)
        await tx.lawyers.set_active_case(lawyer.id, None)
        await tx.audit.record(actor(lawyer), "handed_back", case.id)
        await self._repage(tx, case)

    async def close(
        self, tx: Transaction, case: StoredCase, outcome: str, by: StoredLawyer | None
    ) -> None:
        """Close a case (by its lawyer, or by the client when ``by`` is None)."""
        await tx.cases.close(case.id, outcome)
        await tx.audit.record(actor(by) if by else "client", "closed", case.id, outcome)
        await self.refresh_cards(tx, case.id)
        if by is not None:
            await self.notify_client(tx, case, ClientNotice.CLOSED)
        elif case.lawyer_id is not None:
            await self.notify_lawyer(tx, case, LawyerNotice.CLIENT_ENDED)

    async def mark_abuse(self, tx: Transaction, case: StoredCase, lawyer: StoredLawyer) -> None:
        """Close a fake case and stop its sender from opening new ones until a coordinator
        lifts it; the sender is known only by keyed hash."""
        await tx.blocks.block(case.user_key, lawyer.id, case.number)
        await self.close(tx, case, "abuse", lawyer)

    async def lawyer_removed(self, tx: Transaction, lawyer: StoredLawyer) -> int:
        """Put a removed lawyer's cases back in the pool; returns how many."""
        await tx.lawyers.set_on_duty(lawyer.id, False)
        await tx.lawyers.set_reachable(lawyer.id, False)
        released = await tx.cases.release_all(lawyer.id, _now() + self.settings.ack_timeout)
        for case in released:
            await tx.audit.record("operator", "released", case.id)
            await self._repage(tx, case)
        return len(released)

    async def lawyer_reachable(self, tx: Transaction, lawyer: StoredLawyer) -> int:
        """A lawyer started the bot: mark them reachable and hand them every waiting case."""
        await tx.lawyers.set_reachable(lawyer.id, True)
        waiting = await tx.cases.waiting()
        for case in waiting:
            await self._send_card(tx, case, lawyer)
        return len(waiting)

    async def refresh_cards(self, tx: Transaction, case_id: int) -> None:
        """Render every card of a case again (who has it, closed, back in the pool)."""
        for card in await tx.cards.for_case(case_id):
            lawyer = await tx.lawyers.get(card.lawyer_id)
            if lawyer is not None:
                payload = {"card_id": card.id}
                await tx.outbox.add(
                    Kind.CARD_REFRESH,
                    lawyer.telegram_id,
                    payload,
                    case_id=case_id,
                    priority=Priority.REFRESH,
                )

    async def notify_client(self, tx: Transaction, case: StoredCase, notice: ClientNotice) -> None:
        """Queue a message to the person about their case."""
        conversation = await tx.conversations.load(case.user_key)
        if conversation is not None:
            payload = {"notice": notice.value}
            await tx.outbox.add(
                Kind.CLIENT_NOTICE,
                conversation.chat_id,
                payload,
                case_id=case.id,
                priority=Priority.MESSAGE,
            )

    async def notify_lawyer(self, tx: Transaction, case: StoredCase, notice: LawyerNotice) -> None:
        """Queue a message to the case's lawyer."""
        lawyer = await tx.lawyers.get(case.lawyer_id) if case.lawyer_id else None
        if lawyer is not None:
            await tx.outbox.add(
                Kind.LAWYER_NOTICE,
                lawyer.telegram_id,
                {"notice": notice.value},
                case_id=case.id,
                priority=Priority.MESSAGE,
            )

    async def _repage(self, tx: Transaction, case: StoredCase) -> None:
        await self.refresh_cards(tx, case.id)
        await self.notify_client(tx, case, ClientNotice.HANDED_BACK)
        await self._page(tx, case, await self._first_responders(tx))

    async def _page(self, tx: Transaction, case: StoredCase, lawyers: list[StoredLawyer]) -> int:
        for lawyer in lawyers:
            await self._send_card(tx, case, lawyer)
        return len(lawyers)

    async def _send_card(self, tx: Transaction, case: StoredCase, lawyer: StoredLawyer) -> None:
        card_id = await tx.cards.add(case.id, lawyer.id)
        await tx.outbox.add(
            Kind.CARD_NEW,
            lawyer.telegram_id,
            {"card_id": card_id},
            case_id=case.id,
            priority=Priority.CARD,
        )

    async def _first_responders(self, tx: Transaction) -> list[StoredLawyer]:
        """The lawyers on duty, or every reachable lawyer and coordinator when nobody is."""
        reachable = await self._reachable(tx)
        on_duty = [lawyer for lawyer in reachable if lawyer.on_duty]
        return on_duty or reachable

    async def _reachable(self, tx: Transaction) -> list[StoredLawyer]:
        return [lawyer for lawyer in await tx.lawyers.all() if lawyer.reachable]


def _now() -> datetime:
    return datetime.now(UTC)
