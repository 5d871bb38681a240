"""/forget and /clear: a person erases what the bot holds, and the messages it can delete.

The bot remembers (encrypted, for 48 hours) the ids of the messages in each person's chat,
because Telegram lets a bot delete a private chat's messages only that long. /forget also
reaches the lawyers' chats: every card of the person's cases is edited to say they
withdrew, and the copies of their messages there are deleted where Telegram still allows.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core.i18n import Translator
from bot.core.messages import Rendered
from bot.core.scope import Person, UpdateScope
from bot.core.services import Services
from bot.outbox.kinds import Lane, LawyerNotice
from bot.outbox.payloads import Delete, LawyerNoticePayload, Prepared
from bot.person import privacy_texts as pt
from flows.text import Reader
from store import DELETABLE_FOR, StoredCase, Transaction, erase_person
from store.models import CaseStatus

log = logging.getLogger(__name__)

FORGET_YES = "x:forget:yes"
FORGET_NO = "x:forget:no"
MARGIN = timedelta(minutes=5)
"""Copies this close to Telegram's 48 hours are not counted as deletable."""


def forget_question(t: Translator) -> Rendered:
    """The one confirmation /forget asks."""
    keyboard = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(t(pt.BUTTON_FORGET), callback_data=FORGET_YES)],
            [InlineKeyboardButton(t(pt.BUTTON_KEEP), callback_data=FORGET_NO)],
        ]
    )
    return Rendered(t(pt.FORGET_ASK), keyboard)


def forgotten(t: Translator, cases: int, deleted: int, copies: tuple[int, int] | None) -> str:
    """What /forget erased; ``copies``: (deleted, kept) in the lawyers' chats, if any."""
    parts = [t(pt.FORGOTTEN, {"cases": cases, "deleted": deleted})]
    if copies is not None:
        parts.append(t(pt.LAWYER_COPIES, {"removed": copies[0], "kept": copies[1]}))
    parts.append(t(pt.TELEGRAM_KEEPS))
    return "\n\n".join(parts)


def cleared(t: Translator, deleted: int) -> str:
    """What /clear deleted, and how to delete the rest."""
    return f"{t(pt.CLEARED, {'deleted': deleted})}\n\n{t(pt.TELEGRAM_KEEPS)}"


class Privacy:
    """Carries out /clear and /forget."""

    def __init__(self, services: Services) -> None:
        """Use ``services``."""
        self.services = services

    async def ask_to_forget(self, scope: UpdateScope, person: Person) -> None:
        """One confirmation before erasing."""
        asked = forget_question(scope.t)
        await scope.queue.put(
            person.chat_id, Prepared.of(asked.text, asked.keyboard, remember=True)
        )

    async def kept(self, scope: UpdateScope, person: Person) -> None:
        """The person changed their mind."""
        await scope.queue.put(person.chat_id, Prepared(scope.t(pt.KEPT), remember=True))

    async def forget(self, scope: UpdateScope, person: Person) -> None:
        """Erase everything about the person and delete what can be deleted, in both chats."""
        tx, key = scope.tx, person.user_key
        deleted = await self._deletable(tx, key)
        cases = await tx.cases.all_for(key)
        removed, kept = await self._withdraw_from_lawyers(scope, cases)
        erased = await erase_person(tx, key)
        await tx.audit.record("client", "erased", None, f"cases:{erased.cases}")
        log.info("a person erased their data: %d cases", erased.cases)
        if deleted:
            await scope.queue.put(person.chat_id, Delete(deleted))
        copies = (removed, kept) if cases else None
        text = forgotten(scope.t, erased.cases, len(deleted), copies)
        await scope.queue.put(person.chat_id, Prepared(text))
        scope.after_commit.append(self.services.db.scrub)

    async def clear(self, scope: UpdateScope, person: Person) -> None:
        """Delete the chat's messages the bot can, and explain how to delete the rest."""
        deleted = await self._deletable(scope.tx, person.user_key)
        if deleted:
            await scope.queue.put(person.chat_id, Delete(deleted))
        await scope.queue.put(
            person.chat_id, Prepared(cleared(scope.t, len(deleted)), remember=True)
        )

    async def _deletable(self, tx: Transaction, user_key: str) -> list[int]:
        """The person's messages of the last 48 hours (then forgotten: they will be gone)."""
        ids = await tx.messages.deletable(user_key, tx.now() - DELETABLE_FOR)
        await tx.messages.forget(user_key)
        return ids

    async def _withdraw_from_lawyers(
        self, scope: UpdateScope, cases: list[StoredCase]
    ) -> tuple[int, int]:
        """Cards say the person withdrew; copies of their messages are deleted where
        Telegram allows. Returns how many copies are deleted and how many stay."""
        tx = scope.tx
        if not cases:
            return 0, 0
        for case in cases:
            await self._withdraw_cards(scope, case)
        deletable_since = tx.now() - DELETABLE_FOR + MARGIN
        by_lawyer: dict[int, list[int]] = defaultdict(list)
        kept = 0
        for copy in await tx.relay.copies([case.id for case in cases]):
            if copy.linked_at is not None and copy.linked_at >= deletable_since:
                by_lawyer[copy.lawyer_id].append(copy.message_id)
            else:
                kept += 1
        for lawyer_id, message_ids in by_lawyer.items():
            lawyer = await tx.lawyers.get(lawyer_id)
            if lawyer is not None:
                await scope.queue.put(lawyer.telegram_id, Delete(message_ids))
        return sum(len(ids) for ids in by_lawyer.values()), kept

    async def _withdraw_cards(self, scope: UpdateScope, case: StoredCase) -> None:
        tx = scope.tx
        for card in await tx.cards.for_case(case.id):
            lawyer = await tx.lawyers.get(card.lawyer_id)
            if lawyer is None or card.message_id is None:
                continue
            t = self.services.catalogs.translator(lawyer.locale, Reader.OTHER)
            text = t(pt.CARD_WITHDRAWN, {"number": case.number})
            await scope.queue.put(
                lawyer.telegram_id, Prepared(text, edit=card.message_id), lane=Lane.CARDS
            )
        holder = await tx.lawyers.get(case.lawyer_id) if case.lawyer_id else None
        if holder is not None and case.status is CaseStatus.CLAIMED:
            await scope.queue.put(
                holder.telegram_id,
                LawyerNoticePayload(LawyerNotice.CLIENT_WITHDREW, holder.id, case.number),
            )
