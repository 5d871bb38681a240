"""/forget and /clear: a person erases what the bot holds, and the messages it can delete.

The bot remembers (encrypted, for 48 hours) the ids of the messages in each person's chat,
because Telegram lets a bot delete a private chat's messages only that long.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, User
from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot.core.i18n import Translator
from bot.core.services import Services
from bot.outbox.kinds import Kind, LawyerNotice, Priority
from bot.person import privacy_texts as pt
from store import Transaction, erase_person
from store.models import CaseStatus

log = logging.getLogger(__name__)

DELETE_WINDOW = timedelta(hours=48)
BATCH = 100
FORGET_YES = "x:forget:yes"
FORGET_NO = "x:forget:no"


class Privacy:
    """Remembers message ids, and carries out /clear and /forget."""

    def __init__(self, services: Services, kick: Callable[[], None]) -> None:
        """Use ``services``; ``kick`` wakes the outbox worker (for the lawyer's notice)."""
        self.services = services
        self.kick = kick

    async def remember(self, user: User, message_ids: Sequence[int]) -> None:
        """Remember messages of the person's chat, to delete them on /clear or /forget."""
        if message_ids:
            async with self.services.db.transaction() as tx:
                await tx.messages.remember(self._key(user), message_ids)

    async def ask_to_forget(self, bot: Bot, user: User, t: Translator) -> None:
        """One confirmation before erasing."""
        keyboard = InlineKeyboardMarkup(
            [
                [InlineKeyboardButton(t(pt.BUTTON_FORGET), callback_data=FORGET_YES)],
                [InlineKeyboardButton(t(pt.BUTTON_KEEP), callback_data=FORGET_NO)],
            ]
        )
        sent = await bot.send_message(
            user.id, t(pt.FORGET_ASK), parse_mode=ParseMode.HTML, reply_markup=keyboard
        )
        await self.remember(user, [sent.message_id])

    async def forget(self, bot: Bot, user: User, t: Translator) -> None:
        """Delete the chat's messages the bot can, then erase everything about the person."""
        deleted = await self.clear_messages(bot, user)
        async with self.services.db.transaction() as tx:
            await self._tell_lawyer(tx, self._key(user))
            erased = await erase_person(tx, self._key(user))
            await tx.audit.record("client", "erased", None, f"cases:{erased.cases}")
        await self.services.db.scrub()
        self.kick()
        log.info("a person erased their data: %d cases", erased.cases)
        text = t(pt.FORGOTTEN, {"cases": erased.cases, "deleted": deleted})
        await bot.send_message(
            user.id, f"{text}\n\n{t(pt.TELEGRAM_KEEPS)}", parse_mode=ParseMode.HTML
        )

    async def clear(self, bot: Bot, user: User, t: Translator) -> None:
        """Delete the chat's messages the bot can, and explain how to delete the rest."""
        deleted = await self.clear_messages(bot, user)
        text = f"{t(pt.CLEARED, {'deleted': deleted})}\n\n{t(pt.TELEGRAM_KEEPS)}"
        sent = await bot.send_message(user.id, text, parse_mode=ParseMode.HTML)
        await self.remember(user, [sent.message_id])

    async def clear_messages(self, bot: Bot, user: User) -> int:
        """Delete every remembered message of the last 48 hours; returns how many."""
        since = datetime.now(UTC) - DELETE_WINDOW
        async with self.services.db.transaction() as tx:
            ids = await tx.messages.deletable(self._key(user), since)
            await tx.messages.forget(self._key(user))
        for start in range(0, len(ids), BATCH):
            try:
                await bot.delete_messages(user.id, ids[start : start + BATCH])
            except TelegramError as error:
                log.warning("could not delete some messages: %s", type(error).__name__)
        return len(ids)

    async def _tell_lawyer(self, tx: Transaction, user_key: str) -> None:
        case = await tx.cases.open_for(user_key)
        if case is None or case.status is not CaseStatus.CLAIMED or case.lawyer_id is None:
            return
        lawyer = await tx.lawyers.get(case.lawyer_id)
        if lawyer is not None:
            payload = {
                "notice": LawyerNotice.CLIENT_WITHDREW.value,
                "lawyer_id": lawyer.id,
                "number": case.number,
            }
            await tx.outbox.add(
                Kind.LAWYER_NOTICE_DIRECT, lawyer.telegram_id, payload, priority=Priority.MESSAGE
            )

    def _key(self, user: User) -> str:
        return self.services.keyring.user_key(user.id)
