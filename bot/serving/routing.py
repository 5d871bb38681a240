"""Thin Telegram handlers: turn the update into an event and pass it to whom it concerns.

Who is writing was worked out once for the update (``context.scope``): registered lawyers
go to the lawyer desk; everyone else is a person using the interview, whose free text and
files go to their lawyer once they have a case.
"""

from __future__ import annotations

import logging

from telegram import Bot, Message, Update
from telegram.constants import ChatMemberStatus, ChatType

from bot.cases import texts as ct
from bot.cases.escalation import actor
from bot.core.scope import BotContext, Lawyer, Person, UpdateScope
from bot.delivery.render import END_CONVERSATION
from bot.desk.buttons import LawyerButton, is_lawyer_button
from bot.desk.desk import LawyerDesk
from bot.person.conversation import END_NO, END_YES, Conversation
from bot.person.privacy import FORGET_NO, FORGET_YES, Privacy
from flows.events import Command, Edited, Event, Pressed, Said, SentMedia, Typed, UnknownCommand

log = logging.getLogger(__name__)

KNOWN_COMMANDS = {command.value: command for command in Command}
END_COMMAND = "end"
FORGET_COMMAND = "forget"
CLEAR_COMMAND = "clear"


class Handlers:
    """The callbacks registered on the Application, one job each."""

    def __init__(self, conversation: Conversation, desk: LawyerDesk, privacy: Privacy) -> None:
        """Route people to ``conversation`` and ``privacy``, and lawyers to ``desk``."""
        self.conversation = conversation
        self.desk = desk
        self.privacy = privacy

    async def command(self, update: Update, context: BotContext) -> None:
        """A ``/command``: the lawyer's, the person's interview commands, ``/end`` or unknown."""
        scope, message = context.scope, update.effective_message
        if message is None:
            return
        words = (message.text or "/").split()
        name = words[0][1:].split("@")[0].lower()
        match scope.actor:
            case Lawyer() as who:
                await self.desk.command(scope, who, name, words[1:])
            case Person() as person:
                await remember_incoming(scope, person, message)
                if name == END_COMMAND:
                    await self.conversation.ask_to_end(scope, person)
                elif name == FORGET_COMMAND:
                    await self.privacy.ask_to_forget(scope, person)
                elif name == CLEAR_COMMAND:
                    await self.privacy.clear(scope, person)
                else:
                    command = KNOWN_COMMANDS.get(name)
                    event: Event = Said(command) if command else UnknownCommand()
                    await self.conversation.advance(scope, person, event)

    async def text(self, update: Update, context: BotContext) -> None:
        """Free text: for the lawyer's client, the person's lawyer, or a hint to use buttons."""
        message = update.effective_message
        length = len(message.text) if message and message.text else 0
        await self._content(update, context, Typed(length))

    async def media(self, update: Update, context: BotContext) -> None:
        """Stickers, voice, photos, files: relayed in a conversation with a lawyer, else a hint."""
        await self._content(update, context, SentMedia())

    async def edited(self, update: Update, context: BotContext) -> None:
        """A change to a message sent earlier: a correction for the other side of a case."""
        scope, message = context.scope, update.effective_message
        if message is None:
            return
        match scope.actor:
            case Lawyer() as who:
                await self.desk.correction(scope, who, message)
            case Person() as person:
                if not await self.conversation.message_for_lawyer(
                    scope, person, message, edited=True
                ):
                    await self.conversation.advance(scope, person, Edited())

    async def button(self, update: Update, context: BotContext) -> None:
        """A press on an inline button; lawyers' buttons are refused to anyone else."""
        scope, query = context.scope, update.callback_query
        if query is None:
            return
        data = query.data or ""
        pressed = query.message if isinstance(query.message, Message) else None
        if (
            pressed is not None
            and update.effective_user is not None
            and (pressed.chat.id != update.effective_user.id)
        ):
            await self._refuse(scope)
            return
        match scope.actor:
            case Lawyer() as who if is_lawyer_button(data):
                button = LawyerButton.parse(data)
                if button is None:
                    await self._refuse(scope)
                else:
                    await self.desk.button(scope, who, button)
            case _ if is_lawyer_button(data):
                await self._refuse(scope)
            case Person() as person if data == END_CONVERSATION:
                await self.conversation.ask_to_end(scope, person)
            case Person() as person if data == END_YES:
                await self.conversation.end_with_lawyer(scope, person)
            case Person() as person if data == END_NO:
                await self.conversation.goes_on(scope, person)
            case Person() as person if data == FORGET_YES:
                await self.privacy.forget(scope, person)
            case Person() as person if data == FORGET_NO:
                await self.privacy.kept(scope, person)
            case Person() as person:
                await self.conversation.advance(scope, person, Pressed(data), pressed)

    async def membership(self, update: Update, context: BotContext) -> None:
        """Leave any group or channel the bot is added to: it works in private chats only."""
        change = update.my_chat_member
        if change is None or change.chat.type == ChatType.PRIVATE:
            return
        if change.new_chat_member.status in {
            ChatMemberStatus.MEMBER,
            ChatMemberStatus.ADMINISTRATOR,
        }:
            log.info("added to a %s; leaving", change.chat.type)
            chat_id, bot = change.chat.id, context.bot
            context.scope.after_commit.append(lambda: _leave(bot, chat_id))

    async def outside_private(self, update: Update, context: BotContext) -> None:
        """A message from a group or channel: leave it without answering."""
        chat = update.effective_chat
        if chat is not None:
            log.info("message in a %s; leaving", chat.type)
            chat_id, bot = chat.id, context.bot
            context.scope.after_commit.append(lambda: _leave(bot, chat_id))

    async def _content(self, update: Update, context: BotContext, event: Event) -> None:
        """A message with content: relayed between a lawyer and a client, or an event."""
        scope, message = context.scope, update.effective_message
        if message is None:
            return
        match scope.actor:
            case Lawyer() as who:
                await self.desk.message(scope, who, message)
            case Person() as person:
                await remember_incoming(scope, person, message)
                if not await self.conversation.message_for_lawyer(scope, person, message):
                    await self.conversation.advance(scope, person, event)

    async def _refuse(self, scope: UpdateScope) -> None:
        """A lawyer's button pressed by someone else, or a forged one: refused and audited."""
        who = actor(scope.actor.lawyer) if isinstance(scope.actor, Lawyer) else "client"
        await scope.tx.audit.record(who, "refused_lawyer_button")
        scope.answer_query(scope.t.raw(ct.LAWYERS_ONLY), alert=True)


async def remember_incoming(scope: UpdateScope, person: Person, message: Message) -> None:
    """The person's own message, so /clear can delete it."""
    await scope.tx.messages.remember(person.user_key, [message.message_id])


async def _leave(bot: Bot, chat_id: int) -> None:
    await bot.leave_chat(chat_id)
