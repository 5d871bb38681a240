"""Guidance, /help and /about as people see them: short, escaped, with a way back."""

from __future__ import annotations

from datetime import date

import pytest
from telegram import InlineKeyboardMarkup

from bot.core.i18n import Catalogs
from bot.core.messages import Rendered
from bot.person import texts
from bot.person.render import Renderer
from flows.buttons import MAX_BYTES, Nav, Origin, pack
from flows.guidance import TOPICS, Topic
from flows.screens import About, Guidance, Help
from flows.sources import REVIEW_STATUS
from flows.text import Reader

CATALOGS = Catalogs()
LOCALES = sorted(CATALOGS.locales)
PHONE_SCREENS = 3 * 1000
"""About three phone screens of text, in UTF-16 units as Telegram counts them."""


def render(screen: Guidance | Help | About, locale: str = "en") -> Rendered:
    t = CATALOGS.translator(locale, Reader.OTHER)
    return Renderer(t, CATALOGS, operator="Test NGO", retain_days=30)(screen)


def payloads(keyboard: InlineKeyboardMarkup | None) -> list[str]:
    assert keyboard is not None
    return [str(button.callback_data) for row in keyboard.inline_keyboard for button in row]


def units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("topic", TOPICS, ids=[t.id for t in TOPICS])
def test_a_topic_fits_one_message_of_a_few_phone_screens(topic: Topic, locale: str) -> None:
    rendered = render(Guidance(topic, Origin.CURRENT), locale)
    assert units(rendered.text) <= PHONE_SCREENS
    assert all(len(data.encode()) <= MAX_BYTES for data in payloads(rendered.keyboard))


@pytest.mark.parametrize(
    ("origin", "back"), [(Origin.MENU, Nav.TOPICS), (Origin.CURRENT, Nav.RESUME)]
)
def test_a_topic_offers_related_topics_back_to_where_it_came_from_and_a_lawyer(
    origin: Origin, back: Nav
) -> None:
    topic = TOPICS[0]
    data = payloads(render(Guidance(topic, origin)).keyboard)
    related = [f"g:{topic_id}:{origin.value}" for topic_id in topic.related]
    assert data == [*related, pack(back), pack(Nav.LAWYER)]


def test_a_topic_shows_when_it_was_checked_but_not_its_sources() -> None:
    topic = TOPICS[0]
    text = render(Guidance(topic, Origin.CURRENT)).text
    assert text.startswith(f"<b>{topic.title.text}</b>")
    assert CATALOGS.translator("en").value(topic.law_as_of) in text
    assert "S1" not in text


def test_help_lists_the_commands_and_a_button_for_every_topic() -> None:
    rendered = render(Help())
    assert "/about" in rendered.text
    assert payloads(rendered.keyboard) == [f"g:{topic.id}:m" for topic in TOPICS]


def test_about_shows_the_content_version_and_review() -> None:
    text = render(About("2026-11-27", date(2026, 11, 27), REVIEW_STATUS)).text
    assert "2026-11-27" in text
    assert texts.REVIEWS[REVIEW_STATUS].text in text
