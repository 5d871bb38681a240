"""Turns outbox items into Bot API calls, rendered in the recipient's language at send time.

What to send is read in a short transaction; the Bot API is called after it ended, so no
database lock is held while waiting on the network (:class:`Call`).
"""

from __future__ import annotations

import html
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    MessageId,
    ReplyParameters,
)
from telegram.constants import MessageLimit, ParseMode
from telegram.error import BadRequest

from bot.cases import texts as ct
from bot.core.i18n import Translator
from bot.core.messages import send_text, units
from bot.core.services import Services
from bot.desk.cards import CardView, render_card
from bot.desk.desk import LAWYER_MENU
from bot.desk.drafts import build_draft
from bot.desk.tools import draft_body
from bot.outbox.kinds import ClientNotice, Kind, LawyerNotice
from bot.outbox.payloads import (
    Card,
    ClientNoticePayload,
    Commands,
    Delete,
    Draft,
    LawyerNoticePayload,
    Payload,
    Ping,
    Prepared,
    Relay,
    decode,
)
from bot.person import texts
from bot.person.command_menu import PERSON_MENU
from bot.person.privacy_texts import CLIENT_WITHDREW
from flows.state import InterviewState
from flows.text import Reader, Text
from store import OutboxItem, StoredCase, StoredLawyer, Transaction
from store.models import CaseStatus

END_CONVERSATION = "x:end"
"""Callback data of the person's "End the conversation" button."""
DELETE_BATCH = 100
"""``deleteMessages`` takes at most this many ids."""
CANNOT_EDIT = ("message to edit not found", "message can't be edited")
MENUS: dict[str, Mapping[str, Text]] = {PERSON_MENU: texts.COMMANDS, LAWYER_MENU: ct.LAWYER_MENU}
"""Command menus by name (a ``Commands`` payload names one)."""

CLIENT_NOTICES: dict[ClientNotice, tuple[Text, ...]] = {
    ClientNotice.STILL_REACHING: (ct.STILL_REACHING, ct.HELP_CONTACTS),
    ClientNotice.CLAIMED: (ct.CLAIMED,),
    ClientNotice.HANDED_BACK: (ct.HANDED_BACK,),
    ClientNotice.CLOSED: (ct.CLOSED,),
    ClientNotice.REOPENED: (ct.REOPENED,),
    ClientNotice.LAWYER_UNREACHABLE: (ct.LAWYER_UNREACHABLE_CLIENT,),
}
LAWYER_NOTICES: dict[LawyerNotice, Text] = {
    LawyerNotice.CLIENT_BLOCKED: ct.CLIENT_BLOCKED,
    LawyerNotice.CLIENT_ENDED: ct.CLIENT_ENDED,
    LawyerNotice.NOBODY_ON_DUTY: ct.NOBODY_ON_DUTY,
    LawyerNotice.CLIENT_WITHDREW: CLIENT_WITHDREW,
    LawyerNotice.LAWYER_UNREACHABLE: ct.LAWYER_UNREACHABLE,
    LawyerNotice.CASE_UPDATED: ct.CASE_UPDATED,
    LawyerNotice.NOT_DELIVERED: ct.NOT_DELIVERED,
    LawyerNotice.SENT: ct.SENT_TO_CLIENT,
}


@dataclass(frozen=True)
class Sent:
    """What a delivery showed: the message id, and what to remember about it.

    ``remember`` ids are of a person's chat (for /clear); ``case_link`` ties a message
    shown to lawyer ``lawyer_id`` to a case, so a reply to it reaches that case's client.
    """

    message_id: int | None
    remember: tuple[int, ...] = ()
    lawyer_id: int | None = None
    case_link: int | None = None


Call = Callable[[Bot], Awaitable[Sent]]
"""A prepared Bot API call, made after the transaction that read its data has ended."""


class NotYet(Exception):
    """The item cannot be delivered yet: the case has no lawyer so far."""


class Renderer:
    """Renders and sends one outbox item."""

    def __init__(self, services: Services) -> None:
        """Read cases, lawyers and conversations through ``services``."""
        self.services = services
        self.protect = services.settings.protect_content
        """Whether messages to the person are protected from forwarding and saving (lawyers
        need to keep and forward decisions and cards, so theirs never are)."""

    async def prepare(self, tx: Transaction, item: OutboxItem) -> Call | None:
        """The call that delivers ``item`` (``None``: nothing is left to send)."""
        kind, payload = decode(item.kind, item.payload)
        case = await tx.cases.get(item.case_id) if item.case_id else None
        match payload:
            case Prepared():
                return self._prepared(item, payload)
            case Commands():
                return self._commands(item, payload)
            case Delete():
                return self._delete(item, payload)
            case LawyerNoticePayload():
                return await self._lawyer_notice(tx, item, payload, case)
        if case is None:
            return None
        return await self._for_case(tx, item, kind, payload, case)

    async def _for_case(
        self, tx: Transaction, item: OutboxItem, kind: Kind, payload: Payload, case: StoredCase
    ) -> Call | None:
        match payload:
            case Card():
                return await self._card(tx, payload.card_id, case)
            case Ping():
                return await self._ping(tx, payload.card_id, case)
            case ClientNoticePayload():
                return await self._client_notice(tx, item, payload, case)
            case Relay() if kind is Kind.RELAY_TO_LAWYER:
                return await self._relay_to_lawyer(tx, item, payload, case)
            case Relay():
                return await self._relay_to_client(tx, item, payload, case)
            case Draft():
                return await self._draft(tx, payload, case)
        return None

    def _prepared(self, item: OutboxItem, payload: Prepared) -> Call:
        chat_id = item.chat_id

        async def call(bot: Bot) -> Sent:
            if payload.edit is not None:
                try:
                    await bot.edit_message_text(
                        payload.text,
                        chat_id=chat_id,
                        message_id=payload.edit,
                        parse_mode=ParseMode.HTML,
                        reply_markup=payload.markup(),
                    )
                except BadRequest as error:
                    if not any(reason in error.message.lower() for reason in CANNOT_EDIT):
                        raise
                else:
                    return Sent(payload.edit)
            ids = await send_text(
                bot,
                chat_id,
                payload.text,
                payload.markup(),
                protect=payload.protect,
                reply_to=payload.reply_to,
            )
            return Sent(ids[0], remember=tuple(ids) if payload.remember else ())

        return call

    def _commands(self, item: OutboxItem, payload: Commands) -> Call:
        t = self.services.catalogs.translator(payload.locale)
        described = [BotCommand(name, t.raw(text)) for name, text in MENUS[payload.menu].items()]

        async def call(bot: Bot) -> Sent:
            await bot.set_my_commands(described, scope=BotCommandScopeChat(item.chat_id))
            return Sent(None)

        return call

    def _delete(self, item: OutboxItem, payload: Delete) -> Call:
        async def call(bot: Bot) -> Sent:
            ids = payload.message_ids
            for start in range(0, len(ids), DELETE_BATCH):
                await bot.delete_messages(item.chat_id, ids[start : start + DELETE_BATCH])
            return Sent(None)

        return call

    async def _card(self, tx: Transaction, card_id: int, case: StoredCase) -> Call | None:
        card = next((c for c in await tx.cards.for_case(case.id) if c.id == card_id), None)
        viewer = await tx.lawyers.get(card.lawyer_id) if card else None
        if card is None or viewer is None:
            return None
        holder = await tx.lawyers.get(case.lawyer_id) if case.lawyer_id else None
        view = CardView(
            case,
            viewer,
            holder.name if holder else None,
            self.services.clock.now(),
            self.services.today(),
            ZoneInfo(self.services.settings.timezone),
        )
        rendered = render_card(view, self._lawyer_translator(viewer))
        chat_id, lawyer_id, message_id = viewer.telegram_id, viewer.id, card.message_id

        async def call(bot: Bot) -> Sent:
            if message_id is not None:
                try:
                    await bot.edit_message_text(
                        rendered.text,
                        chat_id=chat_id,
                        message_id=message_id,
                        parse_mode=ParseMode.HTML,
                        reply_markup=rendered.keyboard,
                    )
                except BadRequest as error:
                    if not any(reason in error.message.lower() for reason in CANNOT_EDIT):
                        raise
                else:
                    return Sent(message_id, lawyer_id=lawyer_id, case_link=case.id)
            ids = await send_text(bot, chat_id, rendered.text, rendered.keyboard)
            return Sent(ids[0], lawyer_id=lawyer_id, case_link=case.id)

        return call

    async def _ping(self, tx: Transaction, card_id: int, case: StoredCase) -> Call | None:
        card = next((c for c in await tx.cards.for_case(case.id) if c.id == card_id), None)
        viewer = await tx.lawyers.get(card.lawyer_id) if card else None
        if card is None or viewer is None or case.status is not CaseStatus.OPEN:
            return None
        text = self._lawyer_translator(viewer)(ct.STILL_WAITING, {"number": case.number})
        chat_id, reply_to = viewer.telegram_id, card.message_id

        async def call(bot: Bot) -> Sent:
            ids = await send_text(bot, chat_id, text, reply_to=reply_to)
            return Sent(ids[0], lawyer_id=viewer.id, case_link=case.id)

        return call

    async def _client_notice(
        self, tx: Transaction, item: OutboxItem, payload: ClientNoticePayload, case: StoredCase
    ) -> Call:
        t = await self._client_translator(tx, case)
        notice = ClientNotice(payload.notice)
        text = "\n\n".join(t(part, {"number": case.number}) for part in CLIENT_NOTICES[notice])
        keyboard = None
        if notice is ClientNotice.CLAIMED:
            end = InlineKeyboardButton(t(ct.BUTTON_END), callback_data=END_CONVERSATION)
            keyboard = InlineKeyboardMarkup([[end]])
        chat_id = item.chat_id

        async def call(bot: Bot) -> Sent:
            ids = await send_text(bot, chat_id, text, keyboard, protect=self.protect)
            return Sent(ids[0], remember=tuple(ids))

        return call

    async def _lawyer_notice(
        self,
        tx: Transaction,
        item: OutboxItem,
        payload: LawyerNoticePayload,
        case: StoredCase | None,
    ) -> Call | None:
        lawyer_id = payload.lawyer_id or (case.lawyer_id if case else None)
        lawyer = await tx.lawyers.get(lawyer_id) if lawyer_id else None
        number = payload.number or (case.number if case else None)
        if lawyer is None or (number is None and payload.notice != LawyerNotice.NOBODY_ON_DUTY):
            return None
        t = self._lawyer_translator(lawyer)
        params = {"number": number or "", "name": payload.name or ""}
        text = t(LAWYER_NOTICES[LawyerNotice(payload.notice)], params)
        link = case.id if case else None

        async def call(bot: Bot) -> Sent:
            ids = await send_text(bot, lawyer.telegram_id, text, reply_to=payload.reply_to)
            return Sent(ids[0], lawyer_id=lawyer.id, case_link=link)

        return call

    async def _relay_to_lawyer(
        self, tx: Transaction, item: OutboxItem, payload: Relay, case: StoredCase
    ) -> Call | None:
        if case.status is CaseStatus.CLOSED:
            return None
        lawyer = await tx.lawyers.get(case.lawyer_id) if case.lawyer_id else None
        if lawyer is None or not lawyer.reachable:
            raise NotYet(case.number)
        t = self._lawyer_translator(lawyer)
        header = t(ct.FROM_CLIENT, {"number": case.number})
        header = self._marked(header, t, payload, resend=item.resend)

        async def call(bot: Bot) -> Sent:
            message_id = await _relay(bot, lawyer.telegram_id, header, payload, protect=False)
            return Sent(message_id, lawyer_id=lawyer.id, case_link=case.id)

        return call

    async def _relay_to_client(
        self, tx: Transaction, item: OutboxItem, payload: Relay, case: StoredCase
    ) -> Call | None:
        if case.status is CaseStatus.CLOSED:
            return None
        t = await self._client_translator(tx, case)
        header = self._marked(t(ct.FROM_LAWYER), t, payload, resend=item.resend)
        chat_id = item.chat_id

        async def call(bot: Bot) -> Sent:
            message_id = await _relay(bot, chat_id, header, payload, protect=self.protect)
            return Sent(message_id, remember=(message_id,))

        return call

    async def _draft(self, tx: Transaction, payload: Draft, case: StoredCase) -> Call | None:
        body = draft_body(payload.body)
        lawyer = await tx.lawyers.get(case.lawyer_id) if case.lawyer_id else None
        if body is None or lawyer is None:
            return None
        name, content = build_draft(
            body, case.summary, self.services.today(), catalogs=self.services.catalogs
        )

        async def call(bot: Bot) -> Sent:
            message = await bot.send_document(
                lawyer.telegram_id, InputFile(content, filename=name)
            )
            return Sent(message.message_id, lawyer_id=lawyer.id, case_link=case.id)

        return call

    def _marked(self, header: str, t: Translator, payload: Relay, *, resend: bool) -> str:
        """The relay's header, saying when it corrects an earlier message or may repeat one."""
        if payload.edited:
            header = f"{header} {t(ct.RELAY_EDITED)}"
        if resend:
            header = f"{header} {t(ct.RELAY_RESENT)}"
        return header

    async def _client_translator(self, tx: Transaction, case: StoredCase) -> Translator:
        conversation = await tx.conversations.load(case.user_key)
        state = InterviewState.from_dict(conversation.state) if conversation else InterviewState()
        locale = state.locale or str(case.summary.get("locale", "en"))
        return self.services.catalogs.translator(locale, state.reader)

    def _lawyer_translator(self, lawyer: StoredLawyer) -> Translator:
        return self.services.catalogs.translator(lawyer.locale, Reader.OTHER)


async def _relay(bot: Bot, chat_id: int, header: str, payload: Relay, *, protect: bool) -> int:
    """Send a relayed message under ``header``, copying files (never forwarding them).

    A caption that would not fit Telegram's limit with the header goes in a message of its
    own after the file, so nothing is refused or cut.
    """
    head = f"<b>{header}</b>"
    if payload.text is not None:
        text = f"{head}\n{html.escape(payload.text, quote=False)}"
        return (await send_text(bot, chat_id, text, protect=protect))[0]
    source = (payload.from_chat_id, payload.message_id)
    original = html.escape(payload.caption, quote=False) if payload.caption else ""
    caption = f"{head}\n{original}" if original else head
    if payload.captionable and units(_plain(caption)) <= MessageLimit.CAPTION_LENGTH:
        copied: MessageId = await bot.copy_message(
            chat_id, *source, caption=caption, parse_mode=ParseMode.HTML, protect_content=protect
        )
        return copied.message_id
    if payload.captionable:
        copied = await bot.copy_message(
            chat_id, *source, caption=head, parse_mode=ParseMode.HTML, protect_content=protect
        )
        await send_text(
            bot,
            chat_id,
            original,
            protect=protect,
            reply_to=copied.message_id,
        )
        return copied.message_id
    first = (await send_text(bot, chat_id, head, protect=protect))[0]
    await bot.copy_message(
        chat_id, *source, protect_content=protect, reply_parameters=_reply(first)
    )
    return first


def _reply(message_id: int) -> ReplyParameters:
    return ReplyParameters(message_id, allow_sending_without_reply=True)


def _plain(text: str) -> str:
    """What Telegram counts of HTML text: the text without its tags and entities."""
    return html.unescape(text.replace("<b>", "").replace("</b>", ""))
