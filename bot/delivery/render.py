"""Turns outbox items into Bot API calls, rendered in the recipient's language at send time."""

from __future__ import annotations

import html
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, MessageId
from telegram.constants import ParseMode

from bot.cases import texts as ct
from bot.core.i18n import Translator
from bot.core.messages import send_text
from bot.core.services import Services
from bot.desk.cards import CardView, render_card
from bot.outbox.kinds import ClientNotice, Kind, LawyerNotice
from bot.person.privacy_texts import CLIENT_WITHDREW
from flows.state import InterviewState
from flows.text import Reader, Text
from store import OutboxItem, StoredCase, StoredLawyer, Transaction

END_CONVERSATION = "x:end"
"""Callback data of the person's "End the conversation" button."""

CLIENT_NOTICES: dict[ClientNotice, tuple[Text, ...]] = {
    ClientNotice.STILL_REACHING: (ct.STILL_REACHING, ct.HELP_CONTACTS),
    ClientNotice.CLAIMED: (ct.CLAIMED,),
    ClientNotice.HANDED_BACK: (ct.HANDED_BACK,),
    ClientNotice.CLOSED: (ct.CLOSED,),
}
LAWYER_NOTICES: dict[LawyerNotice, Text] = {
    LawyerNotice.CLIENT_BLOCKED: ct.CLIENT_BLOCKED,
    LawyerNotice.CLIENT_ENDED: ct.CLIENT_ENDED,
    LawyerNotice.NOBODY_ON_DUTY: ct.NOBODY_ON_DUTY,
    LawyerNotice.CLIENT_WITHDREW: CLIENT_WITHDREW,
}


Call = Callable[[Bot], Awaitable["Sent | None"]]
"""A prepared Bot API call, made after the transaction that read its data has ended."""


@dataclass(frozen=True)
class Sent:
    """What a delivery produced: the message id, and for relays the case it belongs to."""

    message_id: int
    link_case: int | None = None
    lawyer_id: int | None = None


class NotYet(Exception):
    """The item cannot be delivered yet: the case has no lawyer so far."""


class OutboxRenderer:
    """Renders and sends one outbox item."""

    def __init__(self, services: Services) -> None:
        """Read cases, lawyers and conversations through ``services``."""
        self.services = services
        self.protect = services.settings.protect_content
        """Whether messages to the person are protected from forwarding and saving (lawyers
        need to keep and forward decisions and cards, so theirs never are)."""

    async def send(self, bot: Bot, item: OutboxItem) -> Sent | None:
        """Send ``item``; ``None`` when there was nothing (left) to send.

        What to send is read in a short transaction; the Bot API is called after it ends,
        so no database lock is held while waiting on the network.
        """
        async with self.services.db.transaction() as tx:
            call = await self._prepare(tx, item)
        return None if call is None else await call(bot)

    async def _prepare(self, tx: Transaction, item: OutboxItem) -> Call | None:
        if item.kind == Kind.LAWYER_NOTICE_DIRECT:
            return await self._direct_notice(tx, item)
        case = await tx.cases.get(item.case_id) if item.case_id else None
        if case is None:
            return None
        match Kind(item.kind):
            case Kind.CARD_NEW | Kind.CARD_REFRESH:
                return await self._card(tx, item, case)
            case Kind.CLIENT_NOTICE:
                return await self._client_notice(tx, item, case)
            case Kind.LAWYER_NOTICE:
                return await self._lawyer_notice(tx, item, case)
            case Kind.RELAY_TO_LAWYER:
                return await self._relay_to_lawyer(tx, item, case)
            case Kind.RELAY_TO_CLIENT:
                return await self._relay_to_client(tx, item, case)
            case Kind.LAWYER_NOTICE_DIRECT:
                return None

    async def _card(self, tx: Transaction, item: OutboxItem, case: StoredCase) -> Call | None:
        card = next(
            (c for c in await tx.cards.for_case(case.id) if c.id == item.payload.get("card_id")),
            None,
        )
        viewer = await tx.lawyers.get(card.lawyer_id) if card else None
        if card is None or viewer is None:
            return None
        holder = await tx.lawyers.get(case.lawyer_id) if case.lawyer_id else None
        settings = self.services.settings
        view = CardView(
            case,
            viewer,
            holder.name if holder else None,
            datetime.now(UTC),
            self.services.today(),
            ZoneInfo(settings.timezone),
        )
        rendered = render_card(view, self._lawyer_translator(viewer))
        if item.kind == Kind.CARD_NEW:

            async def send_card(bot: Bot) -> Sent:
                message = await bot.send_message(
                    item.chat_id,
                    rendered.text,
                    parse_mode=ParseMode.HTML,
                    reply_markup=rendered.keyboard,
                )
                return Sent(message.message_id)

            return send_card
        message_id = card.message_id
        if message_id is None:
            return None

        async def edit_card(bot: Bot) -> Sent:
            await bot.edit_message_text(
                rendered.text,
                chat_id=item.chat_id,
                message_id=message_id,
                parse_mode=ParseMode.HTML,
                reply_markup=rendered.keyboard,
            )
            return Sent(message_id)

        return edit_card

    async def _client_notice(self, tx: Transaction, item: OutboxItem, case: StoredCase) -> Call:
        t = await self._client_translator(tx, case)
        notice = ClientNotice(item.payload["notice"])
        text = "\n\n".join(t(part, {"number": case.number}) for part in CLIENT_NOTICES[notice])
        keyboard = None
        if notice is ClientNotice.CLAIMED:
            end = InlineKeyboardButton(t(ct.BUTTON_END), callback_data=END_CONVERSATION)
            keyboard = InlineKeyboardMarkup([[end]])
        return _text_call(item.chat_id, text, keyboard, protect=self.protect)

    async def _lawyer_notice(
        self, tx: Transaction, item: OutboxItem, case: StoredCase
    ) -> Call | None:
        lawyer = await tx.lawyers.get(case.lawyer_id) if case.lawyer_id else None
        if lawyer is None:
            return None
        t = self._lawyer_translator(lawyer)
        text = t(LAWYER_NOTICES[LawyerNotice(item.payload["notice"])], {"number": case.number})
        return _text_call(lawyer.telegram_id, text, protect=False)

    async def _direct_notice(self, tx: Transaction, item: OutboxItem) -> Call | None:
        lawyer = await tx.lawyers.get(int(item.payload["lawyer_id"]))
        if lawyer is None:
            return None
        notice = LAWYER_NOTICES[LawyerNotice(item.payload["notice"])]
        params = {"number": str(item.payload["number"])} if "number" in item.payload else None
        text = self._lawyer_translator(lawyer)(notice, params)
        return _text_call(lawyer.telegram_id, text, protect=False)

    async def _relay_to_lawyer(
        self, tx: Transaction, item: OutboxItem, case: StoredCase
    ) -> Call | None:
        if case.status.value == "closed":
            return None
        lawyer = await tx.lawyers.get(case.lawyer_id) if case.lawyer_id else None
        if lawyer is None:
            raise NotYet(case.number)
        header = self._lawyer_translator(lawyer)(ct.FROM_CLIENT, {"number": case.number})
        chat_id, case_id, lawyer_id = lawyer.telegram_id, case.id, lawyer.id

        async def relay(bot: Bot) -> Sent:
            message_id = await _relay(bot, chat_id, header, item, protect=False)
            return Sent(message_id, link_case=case_id, lawyer_id=lawyer_id)

        return relay

    async def _relay_to_client(self, tx: Transaction, item: OutboxItem, case: StoredCase) -> Call:
        header = (await self._client_translator(tx, case))(ct.FROM_LAWYER)

        async def relay(bot: Bot) -> Sent:
            return Sent(await _relay(bot, item.chat_id, header, item, protect=self.protect))

        return relay

    async def _client_translator(self, tx: Transaction, case: StoredCase) -> Translator:
        conversation = await tx.conversations.load(case.user_key)
        state = InterviewState.from_dict(conversation.state) if conversation else InterviewState()
        locale = state.locale or str(case.summary.get("locale", "en"))
        return self.services.catalogs.translator(locale, state.reader)

    def _lawyer_translator(self, lawyer: StoredLawyer) -> Translator:
        return self.services.catalogs.translator(lawyer.locale, Reader.OTHER)


def _text_call(
    chat_id: int, text: str, keyboard: InlineKeyboardMarkup | None = None, *, protect: bool
) -> Call:
    async def call(bot: Bot) -> Sent:
        return Sent(await send_text(bot, chat_id, text, keyboard, protect=protect))

    return call


async def _relay(bot: Bot, chat_id: int, header: str, item: OutboxItem, *, protect: bool) -> int:
    """Send a relayed message with a header, copying media (never forwarding)."""
    payload = item.payload
    if "text" in payload:
        text = f"<b>{header}</b>\n{html.escape(payload['text'], quote=False)}"
        return await send_text(bot, chat_id, text, protect=protect)
    original = payload.get("caption")
    caption = f"<b>{header}</b>" + (f"\n{html.escape(original, quote=False)}" if original else "")
    source = (payload["from_chat_id"], payload["message_id"])
    if payload.get("captionable"):
        copied: MessageId = await bot.copy_message(
            chat_id, *source, caption=caption, parse_mode=ParseMode.HTML, protect_content=protect
        )
        return copied.message_id
    first = await send_text(bot, chat_id, f"<b>{header}</b>", protect=protect)
    await bot.copy_message(chat_id, *source, protect_content=protect)
    return first
