"""A strict parser for Telegram's HTML formatting (``parse_mode=HTML``).

It accepts only what the Bot API documents ("Formatting options"): the listed tags, proper
nesting, ``&lt; &gt; &amp; &quot;`` and numeric character references. Everything else
is an error, as Telegram answers "can't parse entities".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_TAG_ENTITY = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "tg-emoji": "custom_emoji",
    "tg-time": "date_time",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_TAG_NAME = re.compile(r"[a-zA-Z][a-zA-Z0-9-]*")
_ATTRIBUTE = re.compile(
    r"\s+([a-zA-Z_][a-zA-Z0-9_-]*)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+)))?"
)
_CHAR_REF = re.compile(r"&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]+));")


class HtmlParseError(ValueError):
    """The text is not valid Telegram HTML; the message mirrors Telegram's."""


@dataclass(frozen=True)
class ParsedText:
    """Plain text and the ``MessageEntity`` dicts (UTF-16 offsets) of a formatted text."""

    text: str
    entities: list[dict[str, Any]]


@dataclass
class _Open:
    tag: str
    entity: dict[str, Any]
    start: int  # in UTF-16 code units


@dataclass
class _Builder:
    text: list[str] = field(default_factory=list)
    length: int = 0  # UTF-16 code units so far
    stack: list[_Open] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)

    def append(self, chunk: str) -> None:
        self.text.append(chunk)
        self.length += utf16_len(chunk)


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit Telegram counts in."""
    return len(text.encode("utf-16-le")) // 2


def parse_html(source: str) -> ParsedText:
    """Parse Telegram HTML; raise :class:`HtmlParseError` if Telegram would reject it."""
    out = _Builder()
    pos = 0
    while pos < len(source):
        char = source[pos]
        if char == "<":
            pos = _tag(source, pos, out)
        elif char == "&":
            decoded, pos = _char_ref(source, pos)
            out.append(decoded)
        elif char == ">":
            raise HtmlParseError(
                f'Unescaped ">" at byte offset {_byte_offset(source, pos)}: use &gt;'
            )
        else:
            end = _next_special(source, pos)
            out.append(source[pos:end])
            pos = end
    if out.stack:
        raise HtmlParseError(
            f'Can\'t find end tag corresponding to start tag "{out.stack[-1].tag}"'
        )
    out.entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return ParsedText("".join(out.text), out.entities)


def _next_special(source: str, pos: int) -> int:
    found = [i for i in (source.find(c, pos) for c in "<&>") if i != -1]
    return min(found, default=len(source))


def _byte_offset(source: str, pos: int) -> int:
    return len(source[:pos].encode("utf-8"))


def _char_ref(source: str, pos: int) -> tuple[str, int]:
    match = _CHAR_REF.match(source, pos)
    where = f"at byte offset {_byte_offset(source, pos)}"
    if match is None:
        raise HtmlParseError(f'Unescaped "&" {where}: use &amp;')
    decimal, hexadecimal, name = match.groups()
    if name is not None:
        if name not in _NAMED_ENTITIES:
            raise HtmlParseError(f'Unsupported HTML entity "&{name};" {where}')
        return _NAMED_ENTITIES[name], match.end()
    code = int(decimal) if decimal is not None else int(hexadecimal, 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        raise HtmlParseError(f"Invalid character reference {where}")
    return chr(code), match.end()


def _unescape(value: str) -> str:
    pos, parts = 0, []
    while (amp := value.find("&", pos)) != -1:
        parts.append(value[pos:amp])
        decoded, pos = _char_ref(value, amp)
        parts.append(decoded)
    parts.append(value[pos:])
    return "".join(parts)


def _tag(source: str, pos: int, out: _Builder) -> int:
    where = f"at byte offset {_byte_offset(source, pos)}"
    closing = source.startswith("</", pos)
    name_match = _TAG_NAME.match(source, pos + (2 if closing else 1))
    if name_match is None:
        raise HtmlParseError(f'Unescaped "<" {where}: use &lt;')
    tag = name_match.group().lower()
    cursor = name_match.end()
    attributes: dict[str, str] = {}
    if not closing:
        while match := _ATTRIBUTE.match(source, cursor):
            raw_value = next((g for g in match.groups()[1:] if g is not None), "")
            attributes[match.group(1).lower()] = _unescape(raw_value)
            cursor = match.end()
    while cursor < len(source) and source[cursor].isspace():
        cursor += 1
    if cursor >= len(source) or source[cursor] != ">":
        raise HtmlParseError(f"Unclosed {'end' if closing else 'start'} tag {where}")
    if closing:
        _close(tag, out, where)
    else:
        _open(tag, attributes, out, where)
    return cursor + 1


def _open(tag: str, attributes: dict[str, str], out: _Builder, where: str) -> None:
    if tag not in _TAG_ENTITY:
        raise HtmlParseError(f'Unsupported start tag "{tag}" {where}')
    parent = out.stack[-1].tag if out.stack else None
    if parent == "code" or (parent == "pre" and tag != "code"):
        raise HtmlParseError(f'Tag "{tag}" can\'t be nested in "{parent}" {where}')
    if tag == "blockquote" and any(o.tag == "blockquote" for o in out.stack):
        raise HtmlParseError(f"Blockquotes can't be nested {where}")
    entity: dict[str, Any] = {"type": _TAG_ENTITY[tag]}
    if tag == "span" and attributes.get("class") != "tg-spoiler":
        raise HtmlParseError(f'Tag "span" must have class "tg-spoiler" {where}')
    if tag == "a":
        if not attributes.get("href"):
            raise HtmlParseError(f'Tag "a" must have attribute "href" {where}')
        entity["url"] = attributes["href"]
    if tag == "tg-emoji":
        if not attributes.get("emoji-id"):
            raise HtmlParseError(f'Tag "tg-emoji" must have attribute "emoji-id" {where}')
        entity["custom_emoji_id"] = attributes["emoji-id"]
    if tag == "tg-time":
        if not attributes.get("unix", "").isdigit():
            raise HtmlParseError(f'Tag "tg-time" must have an integer attribute "unix" {where}')
        entity["unix_time"] = int(attributes["unix"])
        if "format" in attributes:
            entity["date_time_format"] = attributes["format"]
    if tag == "blockquote" and "expandable" in attributes:
        entity["type"] = "expandable_blockquote"
    if tag == "code" and parent == "pre":
        language = attributes.get("class", "")
        if language.startswith("language-"):
            out.stack[-1].entity["language"] = language.removeprefix("language-")
    out.stack.append(_Open(tag, entity, out.length))


def _close(tag: str, out: _Builder, where: str) -> None:
    if not out.stack:
        raise HtmlParseError(f'Unexpected end tag "{tag}" {where}')
    top = out.stack.pop()
    if top.tag != tag:
        raise HtmlParseError(
            f'Unmatched end tag {where}, expected "</{top.tag}>", found "</{tag}>"'
        )
    code_in_pre = tag == "code" and bool(out.stack) and out.stack[-1].tag == "pre"
    length = out.length - top.start
    if length > 0 and not code_in_pre:
        out.entities.append({**top.entity, "offset": top.start, "length": length})
