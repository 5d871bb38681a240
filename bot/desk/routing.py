"""Where a lawyer's message goes: exactly the client the lawyer meant, or nowhere yet.

The rule, in order:

1. **A reply** to any message of a case (its card, a relayed message, a notice, a message the
   lawyer sent in it) goes to that case's client, if the case is the lawyer's and open;
   otherwise nothing is sent and the lawyer is told. A bot message the bot has no record of
   (sent just before a crash) belongs to the one case number written in it, if any.
2. **The chosen case** ("Write to this client" on a card, ``/to B-XXXX``, or the answer to
   the question below): it never changes by itself, taking a case does not change it.
3. **The only case** the lawyer holds, if they hold one.
4. **Several cases and no choice**: the bot asks which case, and holds the message (and any
   that follow) until the lawyer answers; nothing is sent meanwhile. Messages that follow
   wait with the held ones even if by then one case (or a chosen one) would take them: they
   go to the case the lawyer chooses, after the held ones, in order.

Every message that reaches a client is acknowledged to the lawyer with the case number, in
reply to it, once Telegram has delivered it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from telegram import Message

from bot.cases.escalation import actor
from bot.cases.timeline import LAWYER_MESSAGE
from bot.core.scope import UpdateScope
from bot.outbox.kinds import Kind, Priority
from bot.outbox.payloads import Relay
from store import StoredCase, StoredLawyer, Transaction
from store.cases import numbers_in
from store.models import CaseStatus


class Route(StrEnum):
    """How the target of a lawyer's message was found (or why there is none)."""

    REPLY = "reply"
    CHOSEN = "chosen"
    ONLY = "only"
    ASK = "ask"
    NO_CASE = "no_case"
    NOT_YOURS = "not_yours"


@dataclass(frozen=True)
class Target:
    """The case a lawyer's message goes to, if any, and why."""

    route: Route
    case: StoredCase | None = None


def holds(case: StoredCase | None, lawyer: StoredLawyer) -> bool:
    """Whether ``case`` is open and held by ``lawyer``."""
    return case is not None and case.lawyer_id == lawyer.id and case.status is CaseStatus.CLAIMED


async def target_of(tx: Transaction, lawyer: StoredLawyer, message: Message) -> Target:
    """The case ``message`` from ``lawyer`` is for (see the module docstring)."""
    replied = message.reply_to_message
    if replied is not None:
        case_id = await tx.relay.case_for(lawyer.id, replied.message_id)
        if case_id is not None:
            case = await tx.cases.get(case_id)
            return Target(Route.REPLY, case) if holds(case, lawyer) else Target(Route.NOT_YOURS)
        named = await case_named_in(tx, replied)
        if named is not None:
            return Target(Route.REPLY, named) if holds(named, lawyer) else Target(Route.NOT_YOURS)
    target = await unreplied_target(tx, lawyer)
    if target.case is not None and await tx.held.count(lawyer.id):
        return Target(Route.ASK)  # the question is still open: it waits with the others
    return target


async def case_named_in(tx: Transaction, replied: Message) -> StoredCase | None:
    """The case a bot message names, if it names exactly one (and it still exists)."""
    if replied.from_user is None or not replied.from_user.is_bot:
        return None
    numbers = numbers_in(replied.text or replied.caption or "")
    return await tx.cases.get_by_number(numbers.pop()) if len(numbers) == 1 else None


async def unreplied_target(tx: Transaction, lawyer: StoredLawyer) -> Target:
    """The case a message that replies to nothing of a case goes to."""
    if lawyer.active_case_id is not None:
        chosen = await tx.cases.get(lawyer.active_case_id)
        if holds(chosen, lawyer):
            return Target(Route.CHOSEN, chosen)
    held = await tx.cases.for_lawyer(lawyer.id)
    if len(held) == 1:
        return Target(Route.ONLY, held[0])
    return Target(Route.ASK if held else Route.NO_CASE)


async def relay_to_client(
    scope: UpdateScope, lawyer: StoredLawyer, case: StoredCase, relay: Relay
) -> bool:
    """Queue a lawyer's message for the client of ``case``; False if the client is gone.

    The lawyer's own message is linked to the case (a later edit of it corrects it for the
    same client) and kept in the case's history.
    """
    tx = scope.tx
    conversation = await tx.conversations.load(case.user_key)
    if conversation is None:
        return False
    await scope.queue.put(
        conversation.chat_id,
        relay,
        kind=Kind.RELAY_TO_CLIENT,
        case_id=case.id,
        priority=Priority.RELAY,
    )
    await tx.relay.link(lawyer.id, relay.message_id, case.id, own=True)
    await tx.cases.first_message(case.id)
    await tx.events.add(case.id, LAWYER_MESSAGE, relay.timeline(), lawyer_id=lawyer.id)
    await tx.audit.record(actor(lawyer), "relayed_to_client", case.id)
    return True
