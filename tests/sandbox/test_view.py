"""Messages drawn as a Telegram app draws them: entities, links, commands, files, buttons."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from bot.cli.sandbox.view import entities_html, message_view
from emulator import StoredMessage
from emulator.telegram_html import parse_html

MOSCOW = ZoneInfo("Europe/Moscow")


def html_of(source: str) -> str:
    """What the page shows for a text the bot sent with ``parse_mode=HTML``."""
    parsed = parse_html(source)
    return entities_html(parsed.text, parsed.entities)


def test_formatting_round_trips_and_nests() -> None:
    assert html_of("<b>Savol</b> 1 / 12") == "<b>Savol</b> 1 / 12"
    assert html_of("<b>a <i>b</i> c</b>") == "<b>a <i>b</i> c</b>"
    assert html_of("<blockquote>x</blockquote>") == "<blockquote>x</blockquote>"


def test_offsets_count_utf16_units_as_telegram_does() -> None:
    # 🆘 and 👩‍⚖️ take two and more UTF-16 units: a wrong count would shift the bold.
    assert html_of("🆘 <b>Advokat</b>") == "🆘 <b>Advokat</b>"
    assert html_of("<b>👩‍⚖️ Your lawyer:</b>\nHi") == "<b>👩‍⚖️ Your lawyer:</b>\nHi"


def test_every_character_of_the_text_is_escaped() -> None:
    assert html_of("&lt;script&gt;alert(1)&lt;/script&gt; &amp; <b>&quot;x&quot;</b>") == (
        "&lt;script&gt;alert(1)&lt;/script&gt; &amp; <b>&quot;x&quot;</b>"
    )
    injected = [{"type": "pre", "offset": 0, "length": 1, "language": '"><script>'}]
    assert "<script>" not in entities_html("x", injected)


def test_overlapping_entities_still_nest_properly() -> None:
    entities = [
        {"type": "bold", "offset": 0, "length": 4},
        {"type": "italic", "offset": 2, "length": 4},
    ]
    assert entities_html("abcdef", entities) == "<b>ab<i>cd</i></b><i>ef</i>"


def test_commands_and_web_addresses_in_plain_text_can_be_tapped() -> None:
    shown = html_of("Send /forget or see https://example.org/a.")
    assert '<button type="button" class="command" data-command="/forget">/forget</button>' in (
        shown
    )
    assert '<a href="https://example.org/a" ' in shown and shown.endswith("</a>.")
    assert "command" not in html_of("<code>/forget</code>"), "code stays verbatim"
    assert "command" not in html_of("1/2 and a/b"), "only whole commands"


def test_only_safe_links_get_an_address() -> None:
    assert 'href="https://x.org"' in html_of('<a href="https://x.org">x</a>')
    assert "href" not in html_of('<a href="javascript:alert(1)">x</a>')


def test_message_view_has_reply_document_keyboard_and_edit_mark() -> None:
    raw: dict[str, Any] = {
        "message_id": 9,
        "date": 1_795_950_000,
        "edit_date": 1_795_950_060,
        "caption": "Draft",
        "document": {"file_id": "F1", "file_unique_id": "U", "file_name": "draft CAT.docx"},
        "reply_to_message": {"message_id": 3, "from": {"id": 7}, "text": "Which form?"},
        "reply_markup": {
            "inline_keyboard": [
                [{"text": "Yes", "callback_data": "y"}, {"text": "Site", "url": "https://x.org"}],
                [{"text": "Evil", "url": "javascript:alert(1)"}],
            ]
        },
    }
    view = message_view(
        StoredMessage(7, 9, True, raw["date"], raw), MOSCOW, lambda f: f"/files/1/{f}", {7: "Aziz"}
    )
    assert view["outgoing"] is False and view["edited"] is True and view["html"] == "Draft"
    assert view["time"] == "14:00"
    assert view["reply"] == {"id": 3, "name": "Aziz", "text": "Which form?"}
    assert view["document"]["url"] == "/files/1/F1?name=draft%20CAT.docx"
    assert view["keyboard"] == [
        [{"text": "Yes", "press": True}, {"text": "Site", "url": "https://x.org"}],
        [{"text": "Evil", "press": False}],
    ]
