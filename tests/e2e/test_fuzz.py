"""Thousands of random and forged updates: nothing escapes, nobody sees another's data.

Hypothesis draws whole programs of actions by three people and a duty lawyer: text, commands
(the person's and the lawyer's, real and made up), presses on real buttons, forged callback
data, media and edits. Each program runs against the real Application through the emulator
(which itself fails the test on any Bot API violation).
"""

from __future__ import annotations

import asyncio
import logging
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.serving.runtime import services
from emulator import BotApiEmulator
from emulator.testing import running_emulator
from store import generate_secret
from tests.e2e.harness import CATALOGS, running_bot, settings_for

PEOPLE = [7101, 7102, 7103]
LAWYER = 7199
COMMANDS = [
    "/start",
    "/restart",
    "/lawyer",
    "/language",
    "/help",
    "/about",
    "/end",
    "/forget",
    "/clear",
    "/duty on",
    "/duty off",
    "/cases",
    "/card B-2345",
    "/note B-2345 x",
    "/stats",
    "/unblock B-2345",
]
FORGED = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        ["k:take:", "k:done:", "k:back:", "k:act:", "k:notes:", "k:close:", "k:abuse:"]
    ).flatmap(lambda prefix: st.integers(-2, 50).map(lambda n: f"{prefix}{n}")),
    st.sampled_from(
        [
            "a:location:russia",
            "a:reader:other",
            "d:extradition_decision_date:2000-01-01",
            "d:extradition_decision_date:t0",
            "l:xx",
            "l:ru",
            "n:consent",
            "n:decline",
            "n:back",
            "g:nothing",
            "x:end",
            "x:forget:yes",
            "x:forget:no",
            "n:begin",
        ]
    ),
)
ACTOR = st.sampled_from([*PEOPLE, LAWYER])
ACTION = st.one_of(
    st.tuples(st.just("text"), ACTOR, st.text(min_size=1, max_size=300)),
    st.tuples(st.just("command"), ACTOR, st.sampled_from(COMMANDS)),
    st.tuples(st.just("tap"), ACTOR, st.integers(0, 12)),
    st.tuples(st.just("forge"), ACTOR, FORGED),
    st.tuples(st.just("media"), ACTOR, st.sampled_from(["sticker", "voice", "photo"])),
)
MEDIA: dict[str, dict[str, Any]] = {
    "sticker": {
        "sticker": {
            "file_id": "s",
            "file_unique_id": "s",
            "type": "regular",
            "width": 1,
            "height": 1,
            "is_animated": False,
            "is_video": False,
        }
    },
    "voice": {"voice": {"file_id": "v", "file_unique_id": "v", "duration": 1}},
    "photo": {"photo": [{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}]},
}


class Failures(logging.Handler):
    """Collects errors the bot logged while handling updates."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def act(emulator: BotApiEmulator, action: tuple[str, int, Any]) -> None:
    kind, who, value = action
    text_of = {p: f"leak{p} " for p in PEOPLE}
    if kind == "text":
        emulator.send_text(who, text_of.get(who, "") + value)
    elif kind == "command":
        emulator.send_text(who, value)
    elif kind == "media":
        emulator.send_message_update(who, MEDIA[value])
    else:
        mine = [m for m in emulator.chat_messages(who) if m.from_bot]
        if not mine:
            return
        if kind == "tap":
            with_buttons = [m for m in mine if m.reply_markup]
            if with_buttons:
                try:
                    emulator.press_button(who, value, message_id=with_buttons[-1].message_id)
                except LookupError:
                    return
        else:
            emulator.press(who, mine[-1].message_id, value or "?", forged=True)


async def run_program(program: list[tuple[str, int, Any]]) -> None:
    failures = Failures()
    logging.getLogger().addHandler(failures)
    try:
        with tempfile.TemporaryDirectory() as folder:
            async with running_emulator() as emulator:
                for person in PEOPLE:
                    emulator.user(person, f"Canary{person}", language_code="ru")
                emulator.user(LAWYER, "LawyerCanary", language_code="ru")
                config = settings_for(emulator, Path(folder), generate_secret())
                async with (
                    services(config, lambda _: None, CATALOGS) as shared,
                    shared.db.transaction() as tx,
                ):
                    lawyer = await tx.lawyers.add(LAWYER, "A. Lawyer", "ru", True)
                    await tx.lawyers.set_reachable(lawyer.id, True)
                    await tx.lawyers.set_on_duty(lawyer.id, True)
                async with running_bot(config):
                    for action in program:
                        act(emulator, action)
                        await asyncio.sleep(0)
                    await handled(emulator)
                check_privacy(emulator)
    finally:
        logging.getLogger().removeHandler(failures)
    assert not failures.records, [r.getMessage() for r in failures.records]


async def handled(emulator: BotApiEmulator) -> None:
    """Wait until the bot has handled everything everyone sent.

    One person's updates are handled in order, and a press on a button is always
    answered (even one over the flood limit): once each person's last press is
    answered, all they sent before it has been handled.
    """
    for actor in [*PEOPLE, LAWYER]:
        query = emulator.press_inline(actor, "probe", "probe")
        await emulator.reply_to(
            emulator.latest_update_id,
            lambda call, query=query: call.params.get("callback_query_id") == query,
            timeout=60,
        )


def check_privacy(emulator: BotApiEmulator) -> None:
    """No person sees another's words or anyone's name; the lawyer sees no client's name."""
    for person in PEOPLE:
        seen = " ".join(m.text or "" for m in emulator.chat_messages(person) if m.from_bot)
        others = [p for p in PEOPLE if p != person]
        assert not any(f"leak{p}" in seen or f"Canary{p}" in seen for p in others), seen
        assert "LawyerCanary" not in seen and "A. Lawyer" not in seen
    lawyer_seen = " ".join(m.text or "" for m in emulator.chat_messages(LAWYER) if m.from_bot)
    assert not any(f"Canary{p}" in lawyer_seen for p in PEOPLE)


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(program=st.lists(ACTION, min_size=150, max_size=300))
def test_random_and_forged_updates_never_crash_or_leak(
    program: list[tuple[str, int, Any]],
) -> None:
    asyncio.run(run_program(program))
