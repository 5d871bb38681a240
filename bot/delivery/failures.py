"""What happens when Telegram will never deliver an item: nobody is left believing it arrived.

- **Blocked** (403: the addressee blocked the bot or deleted their account). A person: the
  lawyer of their case is told. A lawyer: they are marked unreachable until they /start
  again, their cases go back to the pool and are paged again, their clients and the
  coordinators are told; what a client sent them waits for the next lawyer.
- **Refused** (400 for good, e.g. a file Telegram no longer has): a relayed message is
  reported to whoever sent it, in their language.
"""

from __future__ import annotations

import logging

from bot.cases import texts as ct
from bot.cases.escalation import Escalation
from bot.core.services import Services
from bot.core.work import Work
from bot.outbox.kinds import Kind, Lane, LawyerNotice
from bot.outbox.payloads import LawyerNoticePayload, Prepared, Relay, decode
from flows.state import InterviewState
from store import OutboxItem, StoredCase, Transaction

log = logging.getLogger(__name__)


class Failures:
    """Settles items Telegram refused for good, and tells whoever needs to know."""

    def __init__(self, services: Services, escalation: Escalation) -> None:
        """Act on cases through ``escalation``."""
        self.services = services
        self.escalation = escalation

    async def blocked(self, tx: Transaction, item: OutboxItem, work: Work) -> None:
        """The addressee blocked the bot (or deleted their account)."""
        case = await tx.cases.get(item.case_id) if item.case_id else None
        kind = Kind(decode(item.kind, item.payload)[0])
        if kind is Kind.RELAY_TO_LAWYER and case is not None and case.lawyer_id is not None:
            # The sender is the person; the one who blocked is their lawyer.
            lawyer = await tx.lawyers.get(case.lawyer_id)
            if lawyer is not None:
                await self.escalation.lawyer_unreachable(work, lawyer)
            await tx.outbox.retry(item.id, tx.now(), "blocked")  # waits for the next lawyer
            return
        await tx.outbox.failed(item.id, "blocked")
        lawyer = await tx.lawyers.by_user_key(self.services.user_key(item.chat_id))
        if lawyer is not None:
            await self.escalation.lawyer_unreachable(work, lawyer)
        elif case is not None and kind in {Kind.RELAY_TO_CLIENT, Kind.CLIENT_NOTICE}:
            await self.escalation.notify_lawyer(work, case, LawyerNotice.CLIENT_BLOCKED)

    async def refused(self, tx: Transaction, item: OutboxItem, reason: str, work: Work) -> None:
        """Telegram refused the item for good: it failed; a relay's sender is told."""
        await tx.outbox.failed(item.id, reason)
        kind, payload = decode(item.kind, item.payload)
        case = await tx.cases.get(item.case_id) if item.case_id else None
        if not isinstance(payload, Relay) or case is None:
            return
        if kind is Kind.RELAY_TO_CLIENT:
            lawyer = await tx.lawyers.get(case.lawyer_id) if case.lawyer_id else None
            if lawyer is not None:
                await work.queue.put(
                    lawyer.telegram_id,
                    LawyerNoticePayload(
                        LawyerNotice.NOT_DELIVERED,
                        lawyer.id,
                        case.number,
                        reply_to=payload.message_id,
                    ),
                    case_id=case.id,
                )
        else:
            await self._tell_client(tx, work, case, payload)

    async def _tell_client(
        self, tx: Transaction, work: Work, case: StoredCase, payload: Relay
    ) -> None:
        conversation = await tx.conversations.load(case.user_key)
        if conversation is None:
            return
        state = InterviewState.from_dict(conversation.state)
        locale = state.locale or case.summary.locale
        t = self.services.catalogs.translator(locale, state.reader)
        await work.queue.put(
            conversation.chat_id,
            Prepared(t(ct.NOT_DELIVERED_CLIENT), reply_to=payload.message_id, remember=True),
            case_id=case.id,
            lane=Lane.CHAT,
        )
