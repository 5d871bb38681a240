"""A screen that replaces the pressed message is edited in place, unless it no longer fits
one message: Telegram refuses such an edit, so it is sent anew, split, and nothing is lost."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

from bot.delivery.render import Renderer
from bot.outbox.payloads import Prepared, encode, kind_of
from store import OutboxItem

PERSON = 4711
PRESSED = 42


class RecordingBot:
    """Records the Bot API calls a delivery makes; every call succeeds."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    async def edit_message_text(self, text: str, **params: Any) -> bool:
        self.calls.append(("editMessageText", {"text": text, **params}))
        return True

    async def send_message(self, chat_id: int, text: str, **params: Any) -> SimpleNamespace:
        self.calls.append(("sendMessage", {"chat_id": chat_id, "text": text, **params}))
        return SimpleNamespace(message_id=PRESSED + len(self.calls))


async def deliver(text: str) -> list[str]:
    payload = Prepared(text, edit=PRESSED, remember=True)
    created = datetime(2026, 11, 29, tzinfo=UTC)
    item = OutboxItem(1, kind_of(payload), PERSON, encode(payload), None, 1, created, "ref")
    services = SimpleNamespace(settings=SimpleNamespace(protect_content=False))
    call = Renderer(services).without_reads(item)  # type: ignore[arg-type]
    assert call is not None
    bot = RecordingBot()
    await call(bot)  # type: ignore[arg-type]
    return [method for method, _ in bot.calls]


async def test_a_screen_that_fits_replaces_the_pressed_message() -> None:
    assert await deliver("<b>Question 2 of 9</b>\nAre you detained?") == ["editMessageText"]


async def test_a_screen_too_long_for_one_message_is_sent_anew_in_parts() -> None:
    text = "\n".join(["ж" * 1000] * 5)
    assert await deliver(text) == ["sendMessage", "sendMessage"]
