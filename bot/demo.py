"""``boshpana demo``: the real bot against the built-in Bot API emulator, chatted with in a terminal.

Nothing leaves the machine: the bot talks HTTP to the emulator on 127.0.0.1, the data lives
in a temporary folder deleted at the end, with a fresh key.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Callable
from pathlib import Path

from pydantic import SecretStr

from bot.config import Settings
from bot.serve import running
from emulator import BotApiEmulator, SimUser, StoredMessage
from store import generate_secret

DEMO_TOKEN = "123456:DEMO-TOKEN"
DEMO_USER_ID = 1001
QUIT = {"q", "quit", "exit"}
HELP = (
    "Type the number of a button to press it, or any text to send it "
    "(commands like /start, /help, /language work too). Type q to quit."
)

Ask = Callable[[str], str]
Say = Callable[[str], None]


async def run_demo(settings: Settings, language: str, ask: Ask = input, say: Say = print) -> None:
    """Chat with the bot in the terminal until the person types ``q``."""
    with tempfile.TemporaryDirectory(prefix="boshpana-demo-") as folder:
        emulator = BotApiEmulator()
        await emulator.start()
        demo_settings = settings.model_copy(
            update={
                "telegram_api_url": emulator.base_url,
                "database_url": None,
                "data_dir": Path(folder),
                "secret_key": SecretStr(generate_secret()),
            }
        )
        try:
            async with running(demo_settings, DEMO_TOKEN, say=say):
                person = emulator.user(DEMO_USER_ID, "Demo", language_code=language)
                await _chat(emulator, person, ask, say)
        finally:
            await emulator.stop()


async def _chat(emulator: BotApiEmulator, person: SimUser, ask: Ask, say: Say) -> None:
    say(HELP)
    shown: dict[int, str] = {}
    line = "/start"
    while line.strip().lower() not in QUIT:
        _act(emulator, person, line.strip())
        await emulator.wait_idle()
        buttons = _print_changes(emulator.chat_messages(person.id), shown, say)
        try:
            line = await asyncio.to_thread(ask, "> ")
        except EOFError:
            return
        if line.strip().isdigit() and 1 <= int(line) <= len(buttons):
            message_id, label = buttons[int(line) - 1]
            emulator.press_button(person, label, message_id=message_id)
            line = ""


def _act(emulator: BotApiEmulator, person: SimUser, line: str) -> None:
    if line:
        emulator.send_text(person, line)


def _print_changes(
    messages: list[StoredMessage], shown: dict[int, str], say: Say
) -> list[tuple[int, str]]:
    """Print new or changed bot messages; return the buttons of the newest keyboard, numbered."""
    buttons: list[tuple[int, str]] = []
    for message in messages:
        if not message.from_bot:
            continue
        labels = _labels(message)
        view = f"{message.text or ''}\n{labels}"
        if shown.get(message.message_id) != view:
            shown[message.message_id] = view
            say(f"\n{message.text or ''}")
        if labels:
            buttons = [(message.message_id, label) for label in labels]
    for number, (_, label) in enumerate(buttons, start=1):
        say(f"  [{number}] {label}")
    return buttons


def _labels(message: StoredMessage) -> list[str]:
    keyboard = (message.reply_markup or {}).get("inline_keyboard", [])
    return [str(button.get("text", "")) for row in keyboard for button in row]
