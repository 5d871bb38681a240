"""A restart in the middle of a backlog answers everyone, once.

Many people press /start while the bot is down; it starts, is stopped (as systemd does)
while most are still waiting, and starts again. Updates it had fetched but not processed
stay in the inbox and are processed after the restart; the rest are still at Telegram's.
Everyone gets the greeting exactly once. The suite uses a few hundred people; set
``BOSHPANA_TEST_BACKLOG=3000`` for the full-size run.
"""

from __future__ import annotations

import os
import time
from collections import Counter

from bot.core.config import Settings
from bot.person import texts
from emulator import BotApiEmulator, Call
from tests.e2e.harness import CATALOGS, running_bot

PEOPLE = int(os.environ.get("BOSHPANA_TEST_BACKLOG", "300"))
FIRST = 1_000_000


def greeting(call: Call) -> bool:
    return call.ok and CATALOGS.translator("en").raw(texts.CHOOSE_LANGUAGE) in str(
        call.params.get("text")
    )


async def test_a_restart_in_the_middle_of_a_backlog_answers_everyone_once(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    for n in range(PEOPLE):
        emulator.send_text(emulator.user(FIRST + n, f"P{n}", language_code="en"), "/start")
    started = time.monotonic()
    async with running_bot(settings):
        await greetings(emulator, PEOPLE // 10)
        stopping = time.monotonic()
    stopped = time.monotonic() - stopping
    answered_before = len(greeted(emulator))
    async with running_bot(settings):
        await greetings(emulator, PEOPLE)
    took = time.monotonic() - started
    print(
        f"backlog of {PEOPLE}: {answered_before} answered before the stop, which took "
        f"{stopped:.1f} s; everyone answered after {took:.1f} s"
    )
    everyone = greeted(emulator)
    assert set(everyone) == {FIRST + n for n in range(PEOPLE)}
    assert max(everyone.values()) == 1, "nobody is greeted twice"


def greeted(emulator: BotApiEmulator) -> Counter[int]:
    """How often each person was greeted so far."""
    return Counter(int(c.params["chat_id"]) for c in emulator.calls if greeting(c))


async def greetings(emulator: BotApiEmulator, count: int) -> None:
    """Wait until ``count`` people were greeted."""
    index = 0
    while len(greeted(emulator)) < count:
        call = await emulator.wait_for("sendMessage", greeting, after=index, timeout=120)
        index = call.index + 1
