"""What the sandbox page shows of a message, as a Telegram app would draw it.

Telegram keeps a message as plain text plus entities (UTF-16 offsets); the app draws them.
This turns them into escaped HTML for the page, and auto-links ``/commands`` and URLs in
plain text as Telegram does in bots' messages. Nothing here trusts the text: every character
of it is escaped, and links keep only web, ``tg:`` and ``mailto:`` addresses.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from emulator import StoredMessage

JsonDict = dict[str, Any]

SIMPLE_TAGS = {
    "bold": "b",
    "italic": "i",
    "underline": "u",
    "strikethrough": "s",
    "code": "code",
    "blockquote": "blockquote",
}
CLASSED_SPANS = {
    "spoiler": "spoiler",
    "mention": "mention",
    "hashtag": "hashtag",
    "cashtag": "hashtag",
    "email": "mention",
    "phone_number": "mention",
}
VERBATIM = frozenset({"code", "pre", "text_link", "url", "bot_command", "email"})
"""Entities inside which plain text is not auto-linked."""
SAFE_LINK = re.compile(r"(?:https?://|tg://|mailto:)[^\s\"'<>]+", re.IGNORECASE)
AUTO_LINK = re.compile(
    r"(?P<url>https?://[^\s<>\"']+[^\s<>\"'.,;:!?)])"
    r"|(?<![^\s(])(?P<command>/[A-Za-z0-9_]{1,32})(?![\w/])"
)
MEDIA_LABELS = {
    "photo": "🖼 Photo",
    "voice": "🎤 Voice message",
    "sticker": "Sticker",
    "video": "🎬 Video",
    "video_note": "🎬 Video message",
    "audio": "🎵 Audio",
    "animation": "GIF",
    "location": "📍 Location",
    "venue": "📍 Place",
    "contact": "👤 Contact",
    "dice": "🎲",
}


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    entity: Mapping[str, Any]

    @property
    def kind(self) -> str:
        return str(self.entity.get("type", ""))


def entities_html(text: str, entities: Sequence[Mapping[str, Any]] | None) -> str:
    """``text`` with its Telegram ``entities`` as HTML, every character of it escaped."""
    index = _code_point_index(text)
    spans = sorted(
        (
            _Span(index[start], index[end], entity)
            for entity in entities or []
            if (start := int(entity.get("offset", 0))) in index
            and (end := start + int(entity.get("length", 0))) in index
            and start < end
        ),
        key=lambda span: (span.start, -span.end),
    )
    boundaries = sorted({0, len(text)} | {s.start for s in spans} | {s.end for s in spans})
    out: list[str] = []
    stack: list[_Span] = []
    cursor = 0
    for boundary in boundaries:
        verbatim = any(span.kind in VERBATIM for span in stack)
        out.append(_plain(text[cursor:boundary], link=not verbatim))
        cursor = boundary
        reopen: list[_Span] = []
        while any(span.end == boundary for span in stack):
            top = stack.pop()
            out.append(_close(top))
            if top.end != boundary:
                reopen.append(top)
        for span in [*reversed(reopen), *(s for s in spans if s.start == boundary)]:
            out.append(_open(span, text))
            stack.append(span)
    return "".join(out)


def _code_point_index(text: str) -> dict[int, int]:
    """UTF-16 offset → index in ``text``, for every character boundary."""
    index = {0: 0}
    units = 0
    for position, char in enumerate(text, start=1):
        units += 2 if ord(char) > 0xFFFF else 1
        index[units] = position
    return index


def _plain(text: str, *, link: bool) -> str:
    if not link:
        return html.escape(text)
    out: list[str] = []
    cursor = 0
    for found in AUTO_LINK.finditer(text):
        out.append(html.escape(text[cursor : found.start()]))
        if found["url"]:
            out.append(_link(found["url"]) + html.escape(found["url"]) + "</a>")
        else:
            out.append(_command(found["command"]) + html.escape(found["command"]) + "</button>")
        cursor = found.end()
    out.append(html.escape(text[cursor:]))
    return "".join(out)


def _link(url: str) -> str:
    if not SAFE_LINK.fullmatch(url):
        return '<a class="unsafe-link">'
    address = html.escape(url)
    return f'<a href="{address}" title="{address}" target="_blank" rel="noopener noreferrer">'


def _command(command: str) -> str:
    value = html.escape(command.split("@")[0])
    return f'<button type="button" class="command" data-command="{value}">'


def _open(span: _Span, text: str) -> str:
    kind, entity = span.kind, span.entity
    if kind in SIMPLE_TAGS:
        return f"<{SIMPLE_TAGS[kind]}>"
    if kind == "expandable_blockquote":
        return '<blockquote class="expandable">'
    if kind == "pre":
        language = html.escape(str(entity.get("language", "")))
        return f'<pre data-language="{language}"><code>'
    if kind == "text_link":
        return _link(str(entity.get("url", "")))
    if kind == "url":
        return _link(text[span.start : span.end])
    if kind == "bot_command":
        return _command(text[span.start : span.end])
    return f'<span class="{CLASSED_SPANS.get(kind, "entity")}">'


def _close(span: _Span) -> str:
    kind = span.kind
    if kind in SIMPLE_TAGS:
        return f"</{SIMPLE_TAGS[kind]}>"
    return {
        "expandable_blockquote": "</blockquote>",
        "pre": "</code></pre>",
        "text_link": "</a>",
        "url": "</a>",
        "bot_command": "</button>",
    }.get(kind, "</span>")


def message_view(
    message: StoredMessage,
    zone: ZoneInfo,
    file_url: Callable[[str], str],
    names: Mapping[int, str],
) -> JsonDict:
    """What the page needs to draw one message of a private chat."""
    raw = message.raw
    text = str(raw.get("text", raw.get("caption", "")) or "")
    entities = raw.get("entities", raw.get("caption_entities"))
    return {
        "id": message.message_id,
        "outgoing": not message.from_bot,
        "html": entities_html(text, entities),
        "time": _clock(message.date, zone),
        "edited": "edit_date" in raw,
        "reply": _reply(raw.get("reply_to_message"), names),
        "document": _document(raw.get("document"), file_url),
        "media": next((label for key, label in MEDIA_LABELS.items() if key in raw), None),
        "keyboard": list(_keyboard(message.reply_markup)),
    }


def _clock(date: int, zone: ZoneInfo) -> str:
    return datetime.fromtimestamp(date, zone).strftime("%H:%M")


def _reply(quoted: Any, names: Mapping[int, str]) -> JsonDict | None:
    if not isinstance(quoted, dict):
        return None
    sender = quoted.get("from") or {}
    name = names.get(int(sender.get("id", 0)), str(sender.get("first_name", "")))
    text = str(quoted.get("text", quoted.get("caption", "")) or "")
    return {"id": quoted.get("message_id"), "name": name, "text": text[:120]}


def _document(document: Any, file_url: Callable[[str], str]) -> JsonDict | None:
    if not isinstance(document, dict):
        return None
    size = int(document.get("file_size", 0))
    name = str(document.get("file_name", "file"))
    return {
        "name": name,
        "size": f"{size / 1024:.1f} KB" if size >= 1024 else f"{size} B",
        "url": f"{file_url(str(document['file_id']))}?name={quote(name)}",
    }


def _keyboard(markup: JsonDict | None) -> Iterator[list[JsonDict]]:
    for row in (markup or {}).get("inline_keyboard", []):
        buttons: list[JsonDict] = []
        for button in row:
            url = button.get("url")
            if isinstance(url, str) and SAFE_LINK.fullmatch(url):
                buttons.append({"text": button["text"], "url": url})
            else:
                buttons.append({"text": button["text"], "press": "callback_data" in button})
        yield buttons
