"""Turns outbox items into Bot API calls, rendered in the recipient's language at send time.

What to send is read in a short transaction; the Bot API is called after it ended, so no
database lock is held while waiting on the network (:class:`Call`).
"""

from __future__ import annotations

import html
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Message,
    MessageId,
    ReplyParameters,
)
from telegram.constants import MessageLimit, ParseMode
from telegram.error import BadRequest

from bot.cases import texts as ct
from bot.core.i18n import Translator
from bot.core.messages import send_text, split_text, units
from bot.core.services import Services
from bot.desk import casefile_texts as ft
from bot.desk.cards import CardView, render_card
from bot.desk.desk import COORDINATOR_MENU, LAWYER_MENU
from bot.desk.export import MAX_UPLOAD, build_export, read_case_file
from bot.desk.flow import menu_for
from bot.desk.history import history_text
from bot.desk.replies import client_translator
from bot.desk.roster import zone_of
from bot.desk.tools import draft_body
from bot.outbox.kinds import ClientNotice, Kind, LawyerNotice
from bot.outbox.payloads import (
    Card,
    ClientNoticePayload,
    Commands,
    Delete,
    Draft,
    Export,
    File,
    History,
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
from flows.text import Reader, Text
from store import OutboxItem, StoredCase, StoredLawyer, Transaction
from store.models import CaseStatus

END_CONVERSATION = "x:end"
"""Callback data of the person's "End the conversation" button."""
DELETE_BATCH = 100
"""``deleteMessages`` takes at most this many ids."""
CANNOT_EDIT = ("message to edit not found", "message can't be edited")
ORIGINAL_GONE = "message to copy not found"
MENUS: dict[str, Mapping[str, Text]] = {
    PERSON_MENU: texts.COMMANDS,
    LAWYER_MENU: menu_for(coordinator=False),
    COORDINATOR_MENU: menu_for(coordinator=True),
}
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
    LawyerNotice.REASSIGNED: ct.REASSIGNED_AWAY,
    LawyerNotice.PUT_BACK: ct.PUT_BACK,
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

    def without_reads(self, item: OutboxItem) -> Call | None:
        """The call for an item whose rendering reads nothing from the database: a message
        rendered when it was queued (first attempt), a command menu, a deletion. ``None``:
        it needs :meth:`prepare` and a transaction.

        Most of what the bot sends is such an item, so most deliveries need no
        transaction until the result is recorded.
        """
        _, payload = decode(item.kind, item.payload)
        match payload:
            case Prepared() if payload.step is None or item.attempts <= 1:
                return self._prepared(item, payload)
            case Commands():
                return self._commands(item, payload)
            case Delete():
                return self._delete(item, payload)
        return None

    async def prepare(self, tx: Transaction, item: OutboxItem) -> Call | None:
        """The call that delivers ``item`` (``None``: nothing is left to send)."""
        kind, payload = decode(item.kind, item.payload)
        case = await tx.cases.get(item.case_id) if item.case_id else None
        match payload:
            case Prepared() if await self._moved_on(tx, item, payload):
                return None
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
            case History():
                return await self._history(tx, payload, case)
            case Export():
                return await self._export(tx, payload, case)
            case File():
                return self._file(item, payload)
        return None

    async def _moved_on(self, tx: Transaction, item: OutboxItem, payload: Prepared) -> bool:
        """Whether an interview screen tried before is one the conversation has moved past.

        Telegram may have shown the first attempt (its answer was lost) and the person
        answered it: sent again, the copy would be the newest message, and a tap on it
        would be for a question already answered; edited again, the message would go back
        to that question. What the person should see now was queued after it. First
        attempts are not checked (no read on the usual path).
        """
        if payload.step is None or item.attempts <= 1:
            return False
        user_key = self.services.user_key(item.chat_id)
        return await tx.conversations.version_of(user_key) != payload.step

    def _prepared(self, item: OutboxItem, payload: Prepared) -> Call:
        chat_id = item.chat_id
        link = item.case_id if payload.lawyer_id is not None else None

        async def call(bot: Bot) -> Sent:
            if payload.edit is not None and len(split_text(payload.text)) == 1:
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
                    return Sent(payload.edit, (), payload.lawyer_id, link)
            ids = await send_text(
                bot,
                chat_id,
                payload.text,
                payload.markup(),
                protect=payload.protect,
                reply_to=payload.reply_to,
            )
            remember = tuple(ids) if payload.remember else ()
            return Sent(ids[0], remember, payload.lawyer_id, link)

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
            await tx.facts.of(case.id),
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
        notice = LawyerNotice(payload.notice)
        if lawyer is None or (number is None and notice.names_a_case):
            return None
        t = self._lawyer_translator(lawyer)
        params = {"number": number or "", "name": payload.name or ""}
        text = t(LAWYER_NOTICES[notice], params)
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

    async def _history(self, tx: Transaction, payload: History, case: StoredCase) -> Call | None:
        lawyer = await tx.lawyers.get(payload.lawyer_id)
        if lawyer is None or lawyer.removed:
            return None
        t = self._lawyer_translator(lawyer)
        text = await history_text(tx, case, t, ZoneInfo(self.services.settings.timezone))

        async def call(bot: Bot) -> Sent:
            ids = await send_text(bot, lawyer.telegram_id, text)
            return Sent(ids[0], lawyer_id=lawyer.id, case_link=case.id)

        return call

    def _file(self, item: OutboxItem, payload: File) -> Call:
        async def call(bot: Bot) -> Sent:
            message = await send_file(
                bot, item.chat_id, payload.media, payload.file_id, payload.caption
            )
            return Sent(message)

        return call

    async def _draft(self, tx: Transaction, payload: Draft, case: StoredCase) -> Call | None:
        body = draft_body(payload.body)
        lawyer = await tx.lawyers.get(case.lawyer_id) if case.lawyer_id else None
        if body is None or lawyer is None:
            return None
        notes = tuple(note.text for note in await tx.notes.for_case(case.id))
        from bot.desk.drafts import build_draft  # python-docx and lxml: only to write one

        name, content = build_draft(
            body,
            case.summary,
            self.services.today(),
            case.number,
            notes=notes,
            facts=await tx.facts.of(case.id),
            catalogs=self.services.catalogs,
        )

        async def call(bot: Bot) -> Sent:
            message = await bot.send_document(
                lawyer.telegram_id, InputFile(content, filename=name)
            )
            return Sent(message.message_id, lawyer_id=lawyer.id, case_link=case.id)

        return call

    async def _export(self, tx: Transaction, payload: Export, case: StoredCase) -> Call | None:
        """The case file, made now in memory for a lawyer who may still read it."""
        lawyer = await tx.lawyers.get(payload.lawyer_id)
        if lawyer is None or lawyer.removed:
            return None
        if not (lawyer.coordinator or case.lawyer_id == lawyer.id):
            return None
        t = self._lawyer_translator(lawyer)
        zone = zone_of(lawyer, ZoneInfo(self.services.settings.timezone))
        name, content = build_export(await read_case_file(tx, case, lawyer, zone), t)
        caption = t(ft.EXPORT_CAPTION, {"number": case.number})
        too_big = t(ft.EXPORT_TOO_BIG, {"number": case.number})

        async def call(bot: Bot) -> Sent:
            if len(content) > MAX_UPLOAD:
                ids = await send_text(bot, lawyer.telegram_id, too_big)
                return Sent(ids[0], lawyer_id=lawyer.id, case_link=case.id)
            message = await bot.send_document(
                lawyer.telegram_id,
                InputFile(content, filename=name),
                caption=caption,
                parse_mode=ParseMode.HTML,
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
        return await client_translator(tx, self.services.catalogs, case)

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
    original = html.escape(payload.caption, quote=False) if payload.caption else ""
    caption = f"{head}\n{original}" if original else head
    if payload.captionable and units(_plain(caption)) <= MessageLimit.CAPTION_LENGTH:
        return await _copy(bot, chat_id, payload, caption=caption, protect=protect)
    if payload.captionable:
        copied = await _copy(bot, chat_id, payload, caption=head, protect=protect)
        await send_text(bot, chat_id, original, protect=protect, reply_to=copied)
        return copied
    first = (await send_text(bot, chat_id, head, protect=protect))[0]
    await _copy(bot, chat_id, payload, protect=protect, reply_to=first)
    return first


async def _copy(
    bot: Bot,
    chat_id: int,
    payload: Relay,
    *,
    caption: str | None = None,
    protect: bool,
    reply_to: int | None = None,
) -> int:
    """Copy the relayed file from its chat; if the original is gone (the sender cleared
    their chat meanwhile), send the file again by its Telegram file id."""
    reply = _reply(reply_to) if reply_to is not None else None
    try:
        copied: MessageId = await bot.copy_message(
            chat_id,
            payload.from_chat_id,
            payload.message_id,
            caption=caption,
            parse_mode=ParseMode.HTML,
            protect_content=protect,
            reply_parameters=reply,
        )
    except BadRequest as error:
        if ORIGINAL_GONE not in error.message.lower() or not (payload.media and payload.file_id):
            raise
        return await send_file(
            bot, chat_id, payload.media, payload.file_id, caption, protect=protect, reply=reply
        )
    return copied.message_id


async def send_file(
    bot: Bot,
    chat_id: int,
    media: str,
    file_id: str,
    caption: str | None,
    *,
    protect: bool = False,
    reply: ReplyParameters | None = None,
) -> int:
    """Send a file again by its Telegram file id, with the right method for its kind."""
    options: dict[str, Any] = {"protect_content": protect, "reply_parameters": reply}
    if media not in {"sticker", "video_note"}:
        options |= {"caption": caption, "parse_mode": ParseMode.HTML}
    senders: dict[str, Callable[..., Awaitable[Message]]] = {
        "photo": bot.send_photo,
        "document": bot.send_document,
        "video": bot.send_video,
        "audio": bot.send_audio,
        "voice": bot.send_voice,
        "animation": bot.send_animation,
        "sticker": bot.send_sticker,
        "video_note": bot.send_video_note,
    }
    message = await senders.get(media, bot.send_document)(chat_id, file_id, **options)
    return int(message.message_id)


def _reply(message_id: int) -> ReplyParameters:
    return ReplyParameters(message_id, allow_sending_without_reply=True)


def _plain(text: str) -> str:
    """What Telegram counts of HTML text: the text without its tags and entities."""
    return html.unescape(text.replace("<b>", "").replace("</b>", ""))
