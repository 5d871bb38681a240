"""What an interview step costs the database: a guard on the statements of the hot path."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core.config import Settings
from emulator import BotApiEmulator
from flows.interview import QUESTIONS_BY_ID
from tests.e2e.harness import Person, running_bot
from tests.e2e.test_interview import LOW_PATH, answer, begin, plain, tr

STEPS = 6


@contextmanager
def transactions(engine: AsyncEngine) -> Iterator[list[list[str]]]:
    """The statements of every transaction committed while the block runs, in order.

    Grouped by connection, so transactions running side by side (PostgreSQL) stay apart.
    """
    committed: list[list[str]] = []
    running: dict[int, list[str]] = {}

    def executed(connection: Any, cursor: Any, statement: str, *_: Any) -> None:
        if not statement.startswith("BEGIN"):
            running.setdefault(id(connection), []).append(" ".join(statement.split()))

    def ended(connection: Any) -> None:
        committed.append(running.pop(id(connection), []))

    def dropped(connection: Any) -> None:
        running.pop(id(connection), None)

    target = engine.sync_engine
    listeners = (("before_cursor_execute", executed), ("commit", ended), ("rollback", dropped))
    for name, listener in listeners:
        event.listen(target, name, listener)
    try:
        yield committed
    finally:
        for name, listener in listeners:
            event.remove(target, name, listener)


async def test_an_interview_step_reads_and_writes_each_row_once(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    """Per tap: the update claimed, the conversation read and saved, the open case looked
    up, and one INSERT per reply (its turn checked in it); the replies delivered together
    are recorded in one statement, without reading them back. Nothing read twice, nothing
    read that a write could say."""
    person = Person(emulator, emulator.user(506, "Jasur", language_code="ru"))
    t = tr("ru")
    async with running_bot(settings) as bot:
        await begin(person, t)
        with transactions(bot.services.db.engine) as committed:
            for question_id, option_id in LOW_PATH[:STEPS]:
                await answer(person, t, question_id, option_id)
            await person.sees(plain(t, QUESTIONS_BY_ID[LOW_PATH[STEPS][0]].text))
    steps = [tx for tx in committed if any(s.startswith("UPDATE inbox SET") for s in tx)]
    assert len(steps) == STEPS
    for statements in steps:
        replies = [s for s in statements if s.startswith("INSERT INTO outbox")]
        assert 1 <= len(replies) <= 2
        assert len(statements) - len(replies) == 4, statements
    recorded = [tx for tx in committed if any(s.startswith("UPDATE outbox SET") for s in tx)]
    assert recorded
    for statements in recorded:
        assert not [s for s in statements if s.startswith("SELECT")], statements
        assert len([s for s in statements if s.startswith("UPDATE outbox")]) == 1, statements
