"""Bot API limits that the spec's types can't express (text lengths, keyboards, entities).

Every check returns violations phrased like Telegram's ``Bad Request`` descriptions.
Call these only on parameters that already passed :mod:`emulator.spec` validation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping

from emulator.telegram_html import HtmlParseError, ParsedText, parse_html, utf16_len

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_BUTTONS = 100
MAX_BUTTONS_PER_ROW = 8
MAX_CALLBACK_ANSWER = 200
MAX_COMMANDS = 100
MAX_COMMAND_DESCRIPTION = 256
MAX_DELETE_IDS = 100
PARSE_MODES = frozenset({"html", "markdownv2", "markdown"})  # matched case-insensitively
CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
# Fields of InlineKeyboardButton that are not its action.
BUTTON_DECORATION = frozenset({"text", "icon_custom_emoji_id", "style"})
COMMAND = re.compile(r"[a-z0-9_]{1,32}")
SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")
PROFILE_TEXT_LIMITS = {
    "setMyName": ("name", 64),
    "setMyDescription": ("description", 512),
    "setMyShortDescription": ("short_description", 120),
}

Params = Mapping[str, object]


class FormattingError(ValueError):
    """Text that Telegram can't format; the message is Telegram's description."""


def format_text(text: str, parse_mode: object) -> ParsedText:
    """Plain text and entities of ``text`` as Telegram would show it.

    Only HTML is parsed; Markdown modes are passed through unparsed.
    """
    if not parse_mode:
        return ParsedText(text, [])
    mode = parse_mode.lower() if isinstance(parse_mode, str) else parse_mode
    if mode not in PARSE_MODES:
        raise FormattingError(f"unsupported parse_mode {parse_mode!r}")
    if mode != "html":
        return ParsedText(text, [])
    try:
        return parse_html(text)
    except HtmlParseError as exc:
        raise FormattingError(f"can't parse entities: {exc}") from exc


def check_limits(method: str, params: Params) -> list[str]:
    """All limit violations of a call to ``method`` (its canonical spec name)."""
    return [error for check in _CHECKS for error in check(method, params)]


def _text(method: str, params: Params) -> Iterator[str]:
    text = params.get("text")
    if method not in ("sendMessage", "editMessageText") or not isinstance(text, str):
        return
    try:
        plain = format_text(text, params.get("parse_mode")).text
    except FormattingError as exc:
        yield str(exc)
        return
    if not plain.strip():
        yield "message text is empty"
    elif (length := utf16_len(plain)) > MAX_TEXT:
        yield f"message is too long ({length} UTF-16 units > {MAX_TEXT})"


def _caption(method: str, params: Params) -> Iterator[str]:
    caption = params.get("caption")
    if not isinstance(caption, str):
        return
    try:
        plain = format_text(caption, params.get("parse_mode")).text
    except FormattingError as exc:
        yield str(exc)
        return
    if (length := utf16_len(plain)) > MAX_CAPTION:
        yield f"message caption is too long ({length} UTF-16 units > {MAX_CAPTION})"


def _inline_keyboard(method: str, params: Params) -> Iterator[str]:
    markup = params.get("reply_markup")
    rows = markup.get("inline_keyboard") if isinstance(markup, Mapping) else None
    if not isinstance(rows, list):
        return
    buttons = [b for row in rows if isinstance(row, list) for b in row if isinstance(b, Mapping)]
    if len(buttons) > MAX_BUTTONS:
        yield f"too many inline buttons ({len(buttons)} > {MAX_BUTTONS})"
    for i, row in enumerate(rows):
        if isinstance(row, list) and len(row) > MAX_BUTTONS_PER_ROW:
            yield f"too many buttons in row {i} ({len(row)} > {MAX_BUTTONS_PER_ROW})"
    for button in buttons:
        actions = sorted(set(button) - BUTTON_DECORATION)
        if len(actions) != 1:
            yield f"button {button.get('text')!r} must have exactly one action, has {actions}"
        data = button.get("callback_data")
        if isinstance(data, str) and not 1 <= len(data.encode()) <= MAX_CALLBACK_DATA_BYTES:
            yield f"BUTTON_DATA_INVALID: callback_data is {len(data.encode())} bytes (1-64)"


def _callback_answer(method: str, params: Params) -> Iterator[str]:
    text = params.get("text")
    if method != "answerCallbackQuery" or not isinstance(text, str):
        return
    if (length := utf16_len(text)) > MAX_CALLBACK_ANSWER:
        yield f"callback answer text is too long ({length} > {MAX_CALLBACK_ANSWER})"


def _commands(method: str, params: Params) -> Iterator[str]:
    commands = params.get("commands")
    if method != "setMyCommands" or not isinstance(commands, list):
        return
    if len(commands) > MAX_COMMANDS:
        yield f"too many commands ({len(commands)} > {MAX_COMMANDS})"
    for command in (c for c in commands if isinstance(c, Mapping)):
        name, description = command.get("command"), command.get("description")
        if isinstance(name, str) and not COMMAND.fullmatch(name):
            yield f"BOT_COMMAND_INVALID: {name!r} must be 1-32 chars of a-z, 0-9, _"
        if isinstance(description, str) and not (
            description.strip() and len(description) <= MAX_COMMAND_DESCRIPTION
        ):
            yield f"command description of {name!r} must be 1-{MAX_COMMAND_DESCRIPTION} chars"


def _misc(method: str, params: Params) -> Iterator[str]:
    secret = params.get("secret_token")
    if method == "setWebhook" and isinstance(secret, str) and not SECRET_TOKEN.fullmatch(secret):
        yield "secret token must be 1-256 chars of A-Z, a-z, 0-9, _ and -"
    ids = params.get("message_ids")
    if (
        method == "deleteMessages"
        and isinstance(ids, list)
        and not 1 <= len(ids) <= MAX_DELETE_IDS
    ):
        yield f"message_ids must hold 1-{MAX_DELETE_IDS} ids, got {len(ids)}"
    action = params.get("action")
    if method == "sendChatAction" and action not in CHAT_ACTIONS:
        yield f"wrong parameter action in request: {action!r}"
    if method in PROFILE_TEXT_LIMITS:
        name, limit = PROFILE_TEXT_LIMITS[method]
        value = params.get(name)
        if isinstance(value, str) and len(value) > limit:
            yield f"{name} is too long ({len(value)} > {limit})"


_CHECKS: tuple[Callable[[str, Params], Iterator[str]], ...] = (
    _text,
    _caption,
    _inline_keyboard,
    _callback_answer,
    _commands,
    _misc,
)
