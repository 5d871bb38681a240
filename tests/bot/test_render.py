"""Messages fit Telegram: long texts split at line breaks, never inside an entity."""

from __future__ import annotations

from bot.core.messages import split_text


def units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_short_text_is_one_part() -> None:
    assert split_text("hello\nworld") == ["hello\nworld"]


def test_long_text_splits_at_line_breaks_within_the_limit() -> None:
    line = "ж" * 1000
    parts = split_text("\n".join([line] * 10))
    assert all(units(part) <= 4096 for part in parts)
    assert "\n".join(parts) == "\n".join([line] * 10)
    assert len(parts) == 3


def test_emoji_count_as_two_units() -> None:
    parts = split_text("🆘" * 3000)
    assert all(units(part) <= 4096 for part in parts)
    assert "".join(parts) == "🆘" * 3000


def test_an_over_long_line_is_never_cut_inside_an_entity() -> None:
    text = "a" * 4094 + "&amp;" + "b" * 10
    parts = split_text(text)
    assert parts[0] == "a" * 4094
    assert parts[1].startswith("&amp;")
