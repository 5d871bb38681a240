"""Nothing is lost to kill -9: the bot as a real process, killed at random moments.

``boshpana run`` talks to the emulator; a killer task sends it SIGKILL at random moments
and starts it again, while people ask for a lawyer and talk with her through the bot.
In the end every card has arrived, every relayed message arrived once (a repeat only if
marked as one) and in the order it was sent. Claims last two seconds here, so the work a
killed process held is taken over quickly.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import signal
import sys
from collections import defaultdict
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from bot.cases import texts as ct
from bot.core.config import Settings
from bot.person import texts
from emulator import BotApiEmulator
from flows.interview import QUESTIONS_BY_ID
from tests.e2e.harness import TOKEN, Person
from tests.e2e.test_escalation import KARIMOVA, RU, URGENT_ANSWERS, UZ, is_card, register

KILLS = int(os.environ.get("BOSHPANA_TEST_KILLS", "20"))
"""How many times the bot is killed (at least): 20 as the issue asks."""
CLIENTS = 3
MESSAGES = 6
"""Messages each way per client."""
PATIENCE = 60.0
"""Seconds a step may wait for the bot: kills, restarts and taken-over claims included."""
RESENT = RU.raw(ct.RELAY_RESENT)
RESENT_UZ = UZ.raw(ct.RELAY_RESENT)
TOKEN_PATTERN = re.compile(r"\b[cl]\d+m\d+r\d+\b")


@dataclass
class BotProcess:
    """``boshpana run`` as a process, started and killed at will."""

    env: dict[str, str]
    process: asyncio.subprocess.Process | None = None
    kills: int = 0
    output: list[bytes] = field(default_factory=list)

    async def start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            "import sys; from bot.cli.main import main; sys.exit(main(sys.argv[1:]))",
            "run",
            env=self.env,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )

    async def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        _, stderr = await self.process.communicate()
        self.output.append(stderr)
        self.kills += 1

    async def stop(self) -> int:
        assert self.process is not None
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(self.process.communicate(), timeout=60)
        self.output.append(stderr)
        return self.process.returncode or 0


def bot_env(emulator: BotApiEmulator, settings: Settings) -> dict[str, str]:
    assert settings.secret_key is not None
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": emulator.base_url,
        "BOSHPANA_DATA_DIR": str(settings.data_dir),
        "BOSHPANA_SECRET_KEY": settings.secret_key.get_secret_value(),
        "BOSHPANA_CLAIM_LEASE": "00:00:02",
        "BOSHPANA_DELIVERY_TICK": "0.2",
        "BOSHPANA_LOG_LEVEL": "WARNING",
    }
    if settings.database_url:
        env["DATABASE_URL"] = settings.database_url
        env["BOSHPANA_DB_SCHEMA"] = settings.db_schema or ""
    return env


@asynccontextmanager
async def killed_at_random(
    bot: BotProcess, emulator: BotApiEmulator, seed: int
) -> AsyncIterator[Callable[[], int]]:
    """Kill the bot 0–2 s after each start and start it again, until the block ends.

    The block ends with the bot polling again, so that it can be stopped as an operator
    stops it (a bot stopped while it is still starting up dies of the signal).
    """
    rng = random.Random(seed)
    done = asyncio.Event()

    async def killer() -> None:
        started = len(emulator.calls)
        while True:
            await emulator.wait_for("getUpdates", after=started, timeout=PATIENCE)
            try:
                await asyncio.wait_for(done.wait(), timeout=rng.uniform(0.0, 2.0))
            except TimeoutError:
                await bot.kill()
                started = len(emulator.calls)
                await bot.start()
            else:
                return

    task = asyncio.create_task(killer())
    try:
        yield lambda: bot.kills
    finally:
        done.set()
        await task


def relayed(emulator: BotApiEmulator, chat_id: int) -> list[str]:
    """What reached ``chat_id`` as relayed text, in order (text and captions)."""
    return [
        str(call.params.get("text") or call.params.get("caption") or "")
        for call in emulator.calls
        if call.ok
        and call.params.get("chat_id") == chat_id
        and call.method in {"sendMessage", "copyMessage"}
    ]


def check_relays(texts_seen: list[str], tokens: list[str], resent: str) -> None:
    """Each token once (a repeat only if marked as one), in the order they were sent."""
    found: dict[str, list[str]] = defaultdict(list)
    order: list[str] = []
    for text in texts_seen:
        for token in TOKEN_PATTERN.findall(text):
            if token in tokens:
                found[token].append(text)
                if token not in order:
                    order.append(token)
    assert order == tokens, f"lost or out of order: {order} (sent {tokens})"
    for token in tokens:
        for repeat in found[token][1:]:
            assert resent in repeat, f"an unmarked repeat of {token}"


async def up_to_consent(client: Person) -> None:
    await client.send("/start")
    await client.tap(UZ.raw(texts.BUTTON_START))
    for question_id, option_id in URGENT_ANSWERS:
        option = QUESTIONS_BY_ID[question_id].option(option_id)
        assert option is not None
        await client.tap(UZ.raw(option.label))
    await client.send("/lawyer")
    await client.offered(UZ.raw(texts.BUTTON_CONSENT))


async def test_kill_9_at_random_moments_loses_no_card_and_no_relayed_message(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    await register(settings, KARIMOVA, "A. Karimova", "ru")
    karimova = Person(emulator, emulator.user(KARIMOVA, "Aziza", language_code="ru"))
    clients = [
        Person(emulator, emulator.user(7100 + n, f"Client {n}", language_code="uz"))
        for n in range(CLIENTS)
    ]
    bot = BotProcess(bot_env(emulator, settings))
    await bot.start()
    try:
        await karimova.send("/start")
        await karimova.send("/duty on")
        for client in clients:
            await up_to_consent(client)
        async with killed_at_random(bot, emulator, seed=11) as kills:
            for client in clients:  # each consent opens a case: its card must arrive
                consent = message_with(emulator, client.user.id, "n:consent")
                emulator.press(client.user, consent, "n:consent")
            for n in range(CLIENTS):
                await emulator.wait_for(
                    "sendMessage",
                    lambda c, n=n: is_card(c) and f"k:take:{n + 1}" in str(c.params),
                    after=0,
                    timeout=PATIENCE,
                )
                emulator.press(karimova.user, card_message(emulator, n), f"k:take:{n + 1}")
            for client in clients:
                await client.expect(UZ.raw(ct.CLAIMED.me).format(number=await case_of(client)))
            rounds = 0
            while kills() < KILLS:
                await talk(emulator, clients, karimova, rounds)
                rounds += 1
        assert await bot.stop() == 0
    finally:
        if bot.process is not None and bot.process.returncode is None:
            await bot.kill()
    print(f"kill -9: {bot.kills} kills over {rounds} rounds of {CLIENTS}×{MESSAGES}×2 relays")


async def talk(emulator: BotApiEmulator, clients: list[Person], lawyer: Person, r: int) -> None:
    """Every client writes, the lawyer answers each; all of it arrives, once, in order."""
    for n, client in enumerate(clients):
        for i in range(MESSAGES):
            emulator.send_text(client.user, f"c{n}m{i}r{r}")
    for n in range(CLIENTS):
        first = await arrived(emulator, lawyer.user.id, f"c{n}m0r{r}")
        for i in range(MESSAGES):
            emulator.send_text(lawyer.user, f"l{n}m{i}r{r}", reply_to_message=first)
    for n, client in enumerate(clients):
        for i in range(MESSAGES):
            await arrived(emulator, lawyer.user.id, f"c{n}m{i}r{r}")
            await arrived(emulator, client.user.id, f"l{n}m{i}r{r}")
    to_lawyer = relayed(emulator, lawyer.user.id)
    for n, client in enumerate(clients):
        check_relays(to_lawyer, [f"c{n}m{i}r{r}" for i in range(MESSAGES)], RESENT)
        to_client = relayed(emulator, client.user.id)
        check_relays(to_client, [f"l{n}m{i}r{r}" for i in range(MESSAGES)], RESENT_UZ)


async def arrived(emulator: BotApiEmulator, chat_id: int, token: str) -> dict[str, object]:
    """The message carrying ``token`` as it stands in ``chat_id`` (waiting for it)."""
    call = await emulator.wait_for(
        {"sendMessage", "copyMessage"},
        lambda c: c.ok and c.params.get("chat_id") == chat_id and token in str(c.params),
        after=0,
        timeout=PATIENCE,
    )
    assert isinstance(call.result, dict)
    (message,) = [
        m for m in emulator.chat_messages(chat_id) if m.message_id == call.result["message_id"]
    ]
    return message.raw


def card_message(emulator: BotApiEmulator, n: int) -> int:
    return message_with(emulator, KARIMOVA, f"k:take:{n + 1}")


def message_with(emulator: BotApiEmulator, chat_id: int, data: str) -> int:
    """The newest bot message in the chat with a button carrying ``data``."""
    for message in reversed(emulator.chat_messages(chat_id)):
        if message.from_bot and f"'{data}'" in str(message.reply_markup):
            return message.message_id
    raise AssertionError(f"no message with {data} in chat {chat_id}")


CASE_NUMBER = re.compile(r"B-(?!XXXX)[2-9A-Z]{4}")


async def case_of(client: Person) -> str:
    """The client's case number, once the confirmation showing it arrived."""
    await client.sees(CASE_NUMBER, after=0)
    found = CASE_NUMBER.search(client.transcript())
    assert found, client.transcript()
    return found.group(0)
