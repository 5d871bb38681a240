"""Thin Telegram handlers: find out who is writing, turn the update into an event, pass it on.

Registered lawyers go to the lawyer desk; everyone else is a person using the interview,
whose free text and files go to their lawyer once they have a case.
"""

from __future__ import annotations

import logging

from telegram import CallbackQuery, Message, Update, User
from telegram.constants import ChatMemberStatus, ChatType, ParseMode
from telegram.ext import ContextTypes

from bot.cases import texts as ct
from bot.cases.directory import LawyerDirectory
from bot.core.services import Services
from bot.delivery.render import END_CONVERSATION
from bot.desk.buttons import LawyerButton, is_lawyer_button
from bot.desk.desk import LawyerDesk
from bot.person.conversation import Conversation
from bot.person.privacy import FORGET_NO, FORGET_YES, Privacy
from bot.person.privacy_texts import KEPT
from flows.events import Command, Edited, Event, Pressed, Said, SentMedia, Typed, UnknownCommand
from store import StoredLawyer

log = logging.getLogger(__name__)

KNOWN_COMMANDS = {command.value: command for command in Command}
END_COMMAND = "end"
FORGET_COMMAND = "forget"
PRIVACY_COMMANDS = {FORGET_COMMAND, "clear"}


class Handlers:
    """The callbacks registered on the Application, one job each."""

    def __init__(
        self,
        services: Services,
        conversation: Conversation,
        desk: LawyerDesk,
        privacy: Privacy,
    ) -> None:
        """Route people to ``conversation`` and ``privacy``, and lawyers to ``desk``."""
        self.services = services
        self.conversation = conversation
        self.desk = desk
        self.privacy = privacy
        self.lawyers = LawyerDirectory(services)

    async def command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A ``/command``: the lawyer's, the person's interview commands, ``/end`` or unknown."""
        message, user = update.effective_message, update.effective_user
        if message is None or user is None:
            return
        words = (message.text or "/").split()
        name = words[0][1:].split("@")[0].lower()
        lawyer = await self._lawyer(user, fresh=True)
        if lawyer is not None:
            await self.desk.command(context.bot, lawyer, name, words[1:])
        elif name == END_COMMAND:
            answer = await self.conversation.end_with_lawyer(context.bot, user, message.chat_id)
            await self.privacy.remember(user, [message.message_id, *answer])
        elif name in PRIVACY_COMMANDS:
            await self.privacy.remember(user, [message.message_id])
            t = await self.conversation.translator(user)
            if name == FORGET_COMMAND:
                await self.privacy.ask_to_forget(context.bot, user, t)
            else:
                await self.privacy.clear(context.bot, user, t)
        else:
            command = KNOWN_COMMANDS.get(name)
            await self._advance(update, context, Said(command) if command else UnknownCommand())

    async def text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Free text: for the lawyer's client, the person's lawyer, or a hint to use buttons."""
        message = update.effective_message
        length = len(message.text) if message and message.text else 0
        if not await self._to_counterpart(update, context):
            await self._advance(update, context, Typed(length))

    async def media(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Stickers, voice, photos, files: relayed in a conversation with a lawyer, else a hint."""
        if not await self._to_counterpart(update, context):
            await self._advance(update, context, SentMedia())

    async def edited(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A change to a message sent earlier."""
        await self._advance(update, context, Edited())

    async def button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A press on an inline button; lawyers' buttons are refused to anyone else."""
        query, user = update.callback_query, update.effective_user
        if query is None or user is None:
            return
        data = query.data or ""
        lawyer = await self._lawyer(user)
        if isinstance(query.message, Message) and query.message.chat.id != user.id:
            await self._refuse(query, user, lawyer)
            return
        if is_lawyer_button(data):
            button = LawyerButton.parse(data)
            if lawyer is not None and button is not None:
                await self.desk.button(query, lawyer, button)
                return
            await self._refuse(query, user, lawyer)
            return
        await query.answer()
        if data == END_CONVERSATION:
            answer = await self.conversation.end_with_lawyer(context.bot, user, user.id)
            await self.privacy.remember(user, answer)
            return
        if data in (FORGET_YES, FORGET_NO):
            t = await self.conversation.translator(user)
            if data == FORGET_YES:
                await self.privacy.forget(context.bot, user, t)
            else:
                await context.bot.send_message(user.id, t(KEPT), parse_mode=ParseMode.HTML)
            return
        pressed = query.message if isinstance(query.message, Message) else None
        await self._advance(update, context, Pressed(data), pressed)

    async def membership(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Leave any group or channel the bot is added to: it works in private chats only."""
        change = update.my_chat_member
        if change is None or change.chat.type == ChatType.PRIVATE:
            return
        if change.new_chat_member.status in {
            ChatMemberStatus.MEMBER,
            ChatMemberStatus.ADMINISTRATOR,
        }:
            log.info("added to a %s; leaving", change.chat.type)
            await context.bot.leave_chat(change.chat.id)

    async def outside_private(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A message from a group or channel: leave it without answering."""
        chat = update.effective_chat
        if chat is not None:
            log.info("message in a %s; leaving", chat.type)
            await context.bot.leave_chat(chat.id)

    async def _to_counterpart(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
        """Relay a lawyer's message to their client, or a person's to their lawyer."""
        message, user = update.effective_message, update.effective_user
        if message is None or user is None or update.edited_message is not None:
            return False
        lawyer = await self._lawyer(user)
        if lawyer is not None:
            await self.desk.message(message, lawyer)
            return True
        answer = await self.conversation.message_for_lawyer(context.bot, user, message)
        if answer is None:
            return False
        await self.privacy.remember(user, [message.message_id, *answer])
        return True

    async def _refuse(self, query: CallbackQuery, user: User, lawyer: StoredLawyer | None) -> None:
        """A lawyer's button pressed by someone else, or a forged one: refused and audited."""
        async with self.services.db.transaction() as tx:
            who = f"lawyer:{lawyer.id}" if lawyer else "client"
            await tx.audit.record(who, "refused_lawyer_button")
        t = self.services.catalogs.translator(self.services.catalogs.negotiate(user.language_code))
        await query.answer(t.raw(ct.LAWYERS_ONLY), show_alert=True)

    async def _lawyer(self, user: User, *, fresh: bool = False) -> StoredLawyer | None:
        return await self.lawyers.find(user, fresh=fresh)

    async def _advance(
        self,
        update: Update,
        context: ContextTypes.DEFAULT_TYPE,
        event: Event,
        pressed: Message | None = None,
    ) -> None:
        user, chat = update.effective_user, update.effective_chat
        if user is None or chat is None or chat.type != ChatType.PRIVATE:
            return
        shown = await self.conversation.advance(context.bot, user, chat.id, event, pressed)
        incoming = [update.message.message_id] if update.message else []
        await self.privacy.remember(user, incoming + shown)
