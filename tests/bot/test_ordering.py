"""One person's updates are handled in order; other people's do not wait for them."""

from __future__ import annotations

import asyncio

from telegram import Chat, Message, Update, User

from bot.serving.ordering import PerUserUpdateProcessor


def update_from(user_id: int, update_id: int) -> Update:
    user = User(user_id, "P", is_bot=False)
    chat = Chat(user_id, Chat.PRIVATE)
    message = Message(update_id, date=None, chat=chat, from_user=user, text="x")  # type: ignore[arg-type]
    return Update(update_id, message=message)


async def test_same_user_in_order_other_users_concurrently() -> None:
    processor = PerUserUpdateProcessor()
    log: list[str] = []
    slow_started = asyncio.Event()

    async def work(name: str, delay: float) -> None:
        log.append(f"start {name}")
        if name == "a1":
            slow_started.set()
        await asyncio.sleep(delay)
        log.append(f"end {name}")

    async with processor:
        await asyncio.gather(
            processor.process_update(update_from(1, 1), work("a1", 0.05)),
            processor.process_update(update_from(1, 2), work("a2", 0)),
            processor.process_update(update_from(2, 3), work("b1", 0)),
        )
    assert log.index("end a1") < log.index("start a2")
    assert log.index("end b1") < log.index("end a1")
