"""Telegram HTML parsing and the Bot API's limits on texts, keyboards and entities."""

from __future__ import annotations

from typing import Any

import pytest

from emulator.limits import check_limits, format_text
from emulator.telegram_html import HtmlParseError, parse_html


def test_html_gives_plain_text_and_utf16_entities() -> None:
    parsed = parse_html(
        '😀 <b>bold <i>both</i></b> &lt;3 &#169; <a href="https://x.org/?a=1&amp;b">l</a>'
    )
    assert parsed.text == "😀 bold both <3 © l"
    assert parsed.entities == [
        {"type": "bold", "offset": 3, "length": 9},
        {"type": "italic", "offset": 8, "length": 4},
        {"type": "text_link", "url": "https://x.org/?a=1&b", "offset": 18, "length": 1},
    ]


def test_html_pre_with_language_and_expandable_blockquote() -> None:
    parsed = parse_html(
        '<pre><code class="language-python">x = 1</code></pre><blockquote expandable>q</blockquote>'
    )
    assert parsed.entities == [
        {"type": "pre", "language": "python", "offset": 0, "length": 5},
        {"type": "expandable_blockquote", "offset": 5, "length": 1},
    ]


@pytest.mark.parametrize(
    ("source", "error"),
    [
        ("<b>unclosed", 'Can\'t find end tag corresponding to start tag "b"'),
        ("line<br>line", 'Unsupported start tag "br" at byte offset 4'),
        ("line<br/>line", "Unclosed start tag at byte offset 4"),
        ("salt & pepper", 'Unescaped "&" at byte offset 5'),
        ("1 < 2", 'Unescaped "<" at byte offset 2'),
        ("2 > 1", 'Unescaped ">" at byte offset 2'),
        ("&nbsp;", 'Unsupported HTML entity "&nbsp;"'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("x</b>", 'Unexpected end tag "b" at byte offset 1'),
        ("<a>link</a>", 'Tag "a" must have attribute "href"'),
        ('<span class="x">s</span>', 'Tag "span" must have class "tg-spoiler"'),
        ("<code><b>x</b></code>", 'Tag "b" can\'t be nested in "code"'),
        ("<div>x</div>", 'Unsupported start tag "div"'),
        ("ä<b", "Unclosed start tag at byte offset 2"),
    ],
)
def test_bad_html_is_rejected(source: str, error: str) -> None:
    with pytest.raises(HtmlParseError, match="^" + error.replace("(", r"\(")):
        parse_html(source)


def _send(text: str, **extra: Any) -> list[str]:
    return check_limits("sendMessage", {"chat_id": 1, "text": text, **extra})


def test_text_length_counts_utf16_units_after_parsing() -> None:
    assert _send("a" * 4096) == []
    assert _send("😀" * 2048) == []
    assert _send("😀" * 2048 + "a") == ["message is too long (4097 UTF-16 units > 4096)"]
    assert _send("<b>" + "a" * 4096 + "</b>", parse_mode="HTML") == []
    assert _send("&lt;" * 4096, parse_mode="HTML") == []
    assert _send("<b>" + "a" * 4096 + "</b>") == ["message is too long (4103 UTF-16 units > 4096)"]


def test_empty_text_and_bad_parse_mode() -> None:
    assert _send(" \n") == ["message text is empty"]
    assert _send("<b></b>", parse_mode="HTML") == ["message text is empty"]
    assert _send("x", parse_mode="BBCode") == ["unsupported parse_mode 'BBCode'"]
    assert _send("a<br>b", parse_mode="html") == [
        'can\'t parse entities: Unsupported start tag "br" at byte offset 1'
    ]
    assert format_text("*x*", "MarkdownV2").text == "*x*"


def test_caption_limit() -> None:
    params = {"chat_id": 1, "photo": "https://x.org/p.jpg"}
    assert check_limits("sendPhoto", {**params, "caption": "c" * 1024}) == []
    assert check_limits("sendPhoto", {**params, "caption": "c" * 1025}) == [
        "message caption is too long (1025 UTF-16 units > 1024)"
    ]


def _keyboard(*rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {"reply_markup": {"inline_keyboard": list(rows)}}


def test_callback_data_is_1_to_64_bytes() -> None:
    assert _send("x", **_keyboard([{"text": "a", "callback_data": "d" * 64}])) == []
    assert _send("x", **_keyboard([{"text": "a", "callback_data": "d" * 65}])) == [
        "BUTTON_DATA_INVALID: callback_data is 65 bytes (1-64)"
    ]
    assert _send("x", **_keyboard([{"text": "a", "callback_data": "й" * 33}])) == [
        "BUTTON_DATA_INVALID: callback_data is 66 bytes (1-64)"
    ]
    assert _send("x", **_keyboard([{"text": "a", "callback_data": ""}])) != []


def test_each_button_has_exactly_one_action() -> None:
    two = {"text": "a", "callback_data": "d", "url": "https://x.org"}
    assert _send("x", **_keyboard([two])) == [
        "button 'a' must have exactly one action, has ['callback_data', 'url']"
    ]
    assert _send("x", **_keyboard([{"text": "a", "style": "danger"}])) == [
        "button 'a' must have exactly one action, has []"
    ]


def test_keyboard_size() -> None:
    button = {"text": "a", "callback_data": "d"}
    assert _send("x", **_keyboard([button] * 8)) == []
    assert _send("x", **_keyboard([button] * 9)) == ["too many buttons in row 0 (9 > 8)"]
    assert _send("x", **_keyboard(*[[button] * 5] * 21)) == ["too many inline buttons (105 > 100)"]


def test_callback_answer_text() -> None:
    assert check_limits("answerCallbackQuery", {"callback_query_id": "1", "text": "t" * 200}) == []
    assert check_limits("answerCallbackQuery", {"callback_query_id": "1", "text": "t" * 201}) == [
        "callback answer text is too long (201 > 200)"
    ]


def test_commands() -> None:
    good = {"command": "start", "description": "Begin"}
    assert check_limits("setMyCommands", {"commands": [good]}) == []
    assert check_limits("setMyCommands", {"commands": [good] * 101}) == [
        "too many commands (101 > 100)"
    ]
    bad = [{"command": "Start", "description": "x"}, {"command": "help", "description": ""}]
    assert check_limits("setMyCommands", {"commands": bad}) == [
        "BOT_COMMAND_INVALID: 'Start' must be 1-32 chars of a-z, 0-9, _",
        "command description of 'help' must be 1-256 chars",
    ]
