"""Bot API method implementations, following the documented behaviour.

Each handler receives validated parameters and returns the ``result`` or raises
:class:`~emulator.models.ApiError`. Methods without a handler are answered by the
server as unsupported.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from emulator.limits import FormattingError, format_text
from emulator.models import ApiError, JsonDict, StoredMessage, UploadedFile, bad_request
from emulator.state import ChatState, EmulatorState, StoredFile, commands_key

Params = Mapping[str, Any]
Handler = Callable[[EmulatorState, Params], Awaitable[object]]

HANDLERS: dict[str, Handler] = {}
DELETE_WINDOW = 48 * 3600
WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
QUERY_INVALID = "query is too old and response timeout expired or query ID is invalid"
# Message fields that are content (copied by copyMessage/forwardMessage), not metadata.
CONTENT_FIELDS = frozenset(
    {
        "text",
        "entities",
        "caption",
        "caption_entities",
        "show_caption_above_media",
        "has_media_spoiler",
        "photo",
        "document",
        "voice",
        "sticker",
        "video",
        "video_note",
        "audio",
        "animation",
        "location",
        "venue",
        "contact",
        "dice",
    }
)


class UnsupportedByEmulator(ApiError):
    """A valid call the emulator can't serve; the server records it as a violation."""

    def __init__(self, what: str) -> None:
        super().__init__(400, f"Bad Request: {what} is not supported by the emulator")


def handler(name: str) -> Callable[[Handler], Handler]:
    """Register a handler for the method ``name`` (its spec spelling)."""

    def register(func: Handler) -> Handler:
        HANDLERS[name] = func
        return func

    return register


def _formatted(text: str, parse_mode: object, entities: object, keys: tuple[str, str]) -> JsonDict:
    """``{text_key: plain, entities_key: [...]}`` as Telegram stores formatted text."""
    try:
        parsed = format_text(text, parse_mode)
    except FormattingError as exc:
        raise bad_request(str(exc)) from exc
    found = parsed.entities if parse_mode else entities
    return {keys[0]: parsed.text, **({keys[1]: found} if found else {})}


def _text_content(params: Params) -> JsonDict:
    return _formatted(
        params["text"], params.get("parse_mode"), params.get("entities"), ("text", "entities")
    )


def _caption_content(params: Params) -> JsonDict:
    if params.get("caption") is None:
        return {}
    return _formatted(
        params["caption"],
        params.get("parse_mode"),
        params.get("caption_entities"),
        ("caption", "caption_entities"),
    )


def _reply_to(state: EmulatorState, chat: ChatState, params: Params) -> JsonDict:
    reply = params.get("reply_parameters")
    if not reply:
        return {}
    source = state.chats.get(reply.get("chat_id", chat.chat["id"]))
    target = source.messages.get(reply["message_id"]) if source else None
    if target is None or target.deleted:
        if reply.get("allow_sending_without_reply"):
            return {}
        raise bad_request("message to be replied not found")
    quoted = {k: v for k, v in target.raw.items() if k != "reply_to_message"}
    return {"reply_to_message": quoted}


def _send(state: EmulatorState, params: Params, content: JsonDict) -> StoredMessage:
    """Store a bot message built from ``content`` and the common send parameters."""
    chat = state.writable_chat(params["chat_id"])
    content = {**content, **_reply_to(state, chat, params)}
    markup = params.get("reply_markup")
    if markup and "inline_keyboard" in markup:
        content["reply_markup"] = markup
    elif markup and ("keyboard" in markup or "remove_keyboard" in markup):
        chat.reply_keyboard = markup
    if params.get("protect_content"):
        content["has_protected_content"] = True
    return state.add_message(chat, state.bot_user, content)


def _file(state: EmulatorState, value: UploadedFile | str, folder: str) -> StoredFile:
    if isinstance(value, UploadedFile):
        return state.store_file(value.data, folder, value.filename)
    if value in state.files:
        return state.files[value]
    if value.startswith(("http://", "https://")):
        return state.store_file(None, folder, value)
    raise bad_request("wrong file identifier/HTTP URL specified")


def _file_ids(stored: StoredFile) -> JsonDict:
    ids: JsonDict = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id}
    if stored.data is not None:
        ids["file_size"] = len(stored.data)
    return ids


def _media_sender(field: str, folder: str, build: Callable[[JsonDict, Params], object]) -> Handler:
    async def send_media(state: EmulatorState, params: Params) -> object:
        media = build(_file_ids(_file(state, params[field], folder)), params)
        return _send(state, params, {field: media, **_caption_content(params)}).raw

    return send_media


def _document(ids: JsonDict, params: Params) -> JsonDict:
    value = params["document"]
    if isinstance(value, UploadedFile):
        return {**ids, "file_name": value.filename, "mime_type": value.content_type}
    return ids


HANDLERS["sendPhoto"] = _media_sender(
    "photo", "photos", lambda ids, _: [{**ids, "width": 800, "height": 600}]
)
HANDLERS["sendDocument"] = _media_sender("document", "documents", _document)
HANDLERS["sendVoice"] = _media_sender(
    "voice", "voice", lambda ids, p: {**ids, "duration": p.get("duration", 1)}
)
HANDLERS["sendSticker"] = _media_sender(
    "sticker",
    "stickers",
    lambda ids, _: {
        **ids,
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
    },
)


@handler("getMe")
async def get_me(state: EmulatorState, params: Params) -> object:
    """The bot's own ``User`` with its capability flags."""
    return {
        **state.bot_user,
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


@handler("logOut")
@handler("close")
@handler("sendChatAction")
async def accept(state: EmulatorState, params: Params) -> object:
    """Methods whose only observable effect here is success (the chat must be writable)."""
    if "chat_id" in params:
        state.writable_chat(params["chat_id"])
    return True


@handler("getUpdates")
async def get_updates(state: EmulatorState, params: Params) -> object:
    """Long-poll the update queue."""
    if state.webhook.active:
        raise ApiError(409, WEBHOOK_CONFLICT)
    if "allowed_updates" in params:
        state.updates.set_allowed_updates(params["allowed_updates"])
    limit = min(max(params.get("limit", 100), 1), 100)
    timeout = max(params.get("timeout", 0), 0)
    return await state.updates.get(params.get("offset"), limit, timeout)


@handler("setWebhook")
async def set_webhook(state: EmulatorState, params: Params) -> object:
    """Set (or with an empty URL remove) the webhook."""
    if params.get("drop_pending_updates"):
        state.updates.drop_all()
    if "allowed_updates" in params:
        state.updates.set_allowed_updates(params["allowed_updates"])
    await state.webhook.configure(
        params["url"], params.get("secret_token"), params.get("max_connections", 40)
    )
    return True


@handler("deleteWebhook")
async def delete_webhook(state: EmulatorState, params: Params) -> object:
    """Remove the webhook, optionally dropping pending updates."""
    if params.get("drop_pending_updates"):
        state.updates.drop_all()
    await state.webhook.remove()
    return True


@handler("getWebhookInfo")
async def get_webhook_info(state: EmulatorState, params: Params) -> object:
    """The webhook status."""
    return state.webhook.info()


@handler("sendMessage")
async def send_message(state: EmulatorState, params: Params) -> object:
    """Send a text message."""
    return _send(state, params, _text_content(params)).raw


def _edit_target(state: EmulatorState, params: Params) -> StoredMessage:
    """The bot message an edit* call addresses, or the error Telegram gives."""
    if params.get("inline_message_id") is not None:
        raise UnsupportedByEmulator("editing inline messages")
    if params.get("message_id") is None:
        raise bad_request("message identifier is not specified")
    chat = state.chat(params.get("chat_id"))
    message = state.message(chat, params["message_id"], "message to edit not found")
    if not message.from_bot:
        raise bad_request("message can't be edited")
    return message


def _apply_edit(state: EmulatorState, message: StoredMessage, changes: JsonDict) -> object:
    """Apply ``changes`` (``None`` removes a field), refusing a no-op edit."""
    if all(message.raw.get(key) == value for key, value in changes.items()):
        raise bad_request(NOT_MODIFIED)
    for key, value in changes.items():
        if value is None:
            message.raw.pop(key, None)
        else:
            message.raw[key] = value
    message.raw["edit_date"] = state.now()
    return message.raw


@handler("editMessageText")
async def edit_message_text(state: EmulatorState, params: Params) -> object:
    """Replace a bot message's text; omitting ``reply_markup`` removes the keyboard."""
    message = _edit_target(state, params)
    if params.get("text") is None:
        raise UnsupportedByEmulator("editMessageText without text")
    if "text" not in message.raw:
        raise bad_request("there is no text in the message to edit")
    content = _text_content(params)
    changes = {"text": content["text"], "entities": content.get("entities")}
    return _apply_edit(state, message, {**changes, "reply_markup": params.get("reply_markup")})


@handler("editMessageCaption")
async def edit_message_caption(state: EmulatorState, params: Params) -> object:
    """Replace a bot message's caption."""
    message = _edit_target(state, params)
    content = _caption_content(params)
    changes = {
        "caption": content.get("caption"),
        "caption_entities": content.get("caption_entities"),
    }
    return _apply_edit(state, message, {**changes, "reply_markup": params.get("reply_markup")})


@handler("editMessageReplyMarkup")
async def edit_message_reply_markup(state: EmulatorState, params: Params) -> object:
    """Replace (or remove) a bot message's inline keyboard."""
    message = _edit_target(state, params)
    return _apply_edit(state, message, {"reply_markup": params.get("reply_markup")})


@handler("answerCallbackQuery")
async def answer_callback_query(state: EmulatorState, params: Params) -> object:
    """Answer a pending callback query exactly once."""
    query_id = params["callback_query_id"]
    if state.callback_queries.get(query_id, True):
        raise bad_request(QUERY_INVALID)
    state.callback_queries[query_id] = True
    return True


def _check_deletable(state: EmulatorState, chat: ChatState, message: StoredMessage) -> None:
    too_old = state.now() - message.date >= DELETE_WINDOW
    if too_old or not (chat.private or message.from_bot):
        raise bad_request("message can't be deleted")


@handler("deleteMessage")
async def delete_message(state: EmulatorState, params: Params) -> object:
    """Delete one message (< 48 h old; in groups only the bot's own)."""
    chat = state.chat(params["chat_id"])
    message = state.message(chat, params["message_id"], "message to delete not found")
    _check_deletable(state, chat, message)
    message.deleted = True
    return True


@handler("deleteMessages")
async def delete_messages(state: EmulatorState, params: Params) -> object:
    """Delete several messages; ids that can't be found are skipped."""
    chat = state.chat(params["chat_id"])
    found = [chat.messages.get(i) for i in params["message_ids"]]
    messages = [m for m in found if m is not None and not m.deleted]
    for message in messages:
        _check_deletable(state, chat, message)
    for message in messages:
        message.deleted = True
    return True


def _source(state: EmulatorState, params: Params, verb: str, past: str) -> StoredMessage:
    chat = state.chat(params["from_chat_id"])
    message = state.message(chat, params["message_id"], f"message to {verb} not found")
    if message.raw.get("has_protected_content") or not CONTENT_FIELDS & message.raw.keys():
        raise bad_request(f"message can't be {past}")
    return message


@handler("copyMessage")
async def copy_message(state: EmulatorState, params: Params) -> object:
    """Copy a message's content without a link to the original."""
    source = _source(state, params, "copy", "copied")
    content = {k: v for k, v in source.raw.items() if k in CONTENT_FIELDS}
    if "caption" in params:
        content.pop("caption_entities", None)
        content.update(_caption_content(params))
    return {"message_id": _send(state, params, content).message_id}


@handler("forwardMessage")
async def forward_message(state: EmulatorState, params: Params) -> object:
    """Forward a message with a ``forward_origin`` header."""
    source = _source(state, params, "forward", "forwarded")
    content = {k: v for k, v in source.raw.items() if k in CONTENT_FIELDS}
    origin = {"type": "user", "date": source.date, "sender_user": source.raw["from"]}
    return _send(state, params, {**content, "forward_origin": origin}).raw


@handler("leaveChat")
async def leave_chat(state: EmulatorState, params: Params) -> object:
    """Leave a chat (recorded in ``left_chats``)."""
    state.left_chats.append(state.chat(params["chat_id"]).chat["id"])
    return True


@handler("getChat")
async def get_chat(state: EmulatorState, params: Params) -> object:
    """Full information about a known chat."""
    chat = state.chat(params["chat_id"])
    no_gifts = dict.fromkeys(
        (
            "unlimited_gifts",
            "limited_gifts",
            "unique_gifts",
            "premium_subscription",
            "gifts_from_channels",
        ),
        False,
    )
    return {
        **chat.chat,
        "accent_color_id": 0,
        "max_reaction_count": 11,
        "accepted_gift_types": no_gifts,
    }


@handler("getFile")
async def get_file(state: EmulatorState, params: Params) -> object:
    """Describe a file known to the server; its content is served under ``/file/bot``."""
    stored = state.files.get(params["file_id"])
    if stored is None:
        raise bad_request("invalid file_id")
    return stored.as_file()


def _commands_key(params: Params) -> tuple[str, str]:
    return commands_key(params.get("scope"), params.get("language_code"))


@handler("setMyCommands")
async def set_my_commands(state: EmulatorState, params: Params) -> object:
    """Set the command list for a scope and language."""
    state.commands[_commands_key(params)] = list(params["commands"])
    return True


@handler("getMyCommands")
async def get_my_commands(state: EmulatorState, params: Params) -> object:
    """The command list for exactly this scope and language."""
    return state.commands.get(_commands_key(params), [])


@handler("deleteMyCommands")
async def delete_my_commands(state: EmulatorState, params: Params) -> object:
    """Delete the command list for a scope and language."""
    state.commands.pop(_commands_key(params), None)
    return True


def _profile_handlers(field: str, suffix: str) -> None:
    """Register ``setMy<suffix>``/``getMy<suffix>`` storing ``field`` per language."""

    async def set_value(state: EmulatorState, params: Params) -> object:
        key = (field, params.get("language_code") or "")
        if params.get(field):
            state.profile[key] = params[field]
        else:
            state.profile.pop(key, None)
        return True

    async def get_value(state: EmulatorState, params: Params) -> object:
        language = params.get("language_code") or ""
        value = state.profile.get((field, language), state.profile.get((field, ""), ""))
        return {field: value}

    HANDLERS[f"setMy{suffix}"] = set_value
    HANDLERS[f"getMy{suffix}"] = get_value


_profile_handlers("name", "Name")
_profile_handlers("description", "Description")
_profile_handlers("short_description", "ShortDescription")
