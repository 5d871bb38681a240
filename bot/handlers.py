"""Thin Telegram handlers: turn an update into a flow event and pass it on."""

from __future__ import annotations

import logging

from telegram import Message, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.ext import ContextTypes

from bot.conversation import Conversation
from flows.events import Command, Edited, Event, Pressed, Said, SentMedia, Typed, UnknownCommand

log = logging.getLogger(__name__)

KNOWN_COMMANDS = {command.value: command for command in Command}


class Handlers:
    """The callbacks registered on the Application, one job each."""

    def __init__(self, conversation: Conversation) -> None:
        """Pass events to ``conversation``."""
        self.conversation = conversation

    async def command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """``/start``, ``/restart``, ``/language``, ``/help``, ``/lawyer`` or an unknown one."""
        message = update.effective_message
        text = message.text if message and message.text else "/"
        name = text.split()[0][1:].split("@")[0].lower()
        command = KNOWN_COMMANDS.get(name)
        await self._advance(update, context, Said(command) if command else UnknownCommand())

    async def text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Free text where the interview expects a button."""
        message = update.effective_message
        length = len(message.text) if message and message.text else 0
        await self._advance(update, context, Typed(length))

    async def media(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Stickers, voice, photos, files and anything else that is not text."""
        await self._advance(update, context, SentMedia())

    async def edited(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A change to a message sent earlier."""
        await self._advance(update, context, Edited())

    async def button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A press on an inline button; the spinner is stopped first."""
        query = update.callback_query
        if query is None:
            return
        await query.answer()
        pressed = query.message if isinstance(query.message, Message) else None
        await self._advance(update, context, Pressed(query.data or ""), pressed)

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
        await self.conversation.advance(context.bot, user, chat.id, event, pressed)
