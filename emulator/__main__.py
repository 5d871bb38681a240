"""Run the emulator standalone: ``python -m emulator --port 8081``.

Point a bot at the printed URL (e.g. ``TELEGRAM_API_URL``). Every line typed on stdin is
sent to the bot as a text message from one simulated user; the bot's calls are logged.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys

from emulator.server import BotApiEmulator

LOG_INTERVAL = 0.2


async def _log_calls(emulator: BotApiEmulator) -> None:
    shown_calls = shown_violations = 0
    while True:
        for call in emulator.calls[shown_calls:]:
            if call.method != "getUpdates" or call.result:
                text = call.params.get("text") or call.params.get("caption") or ""
                print(f"<- {call.method} [{call.status}] {text}".rstrip(), flush=True)
        for violation in emulator.violations[shown_violations:]:
            print(f"!! {violation}", flush=True)
        shown_calls, shown_violations = len(emulator.calls), len(emulator.violations)
        await asyncio.sleep(LOG_INTERVAL)


async def _type_messages(emulator: BotApiEmulator, user_id: int) -> None:
    user = emulator.user(user_id)
    loop = asyncio.get_running_loop()
    while line := await loop.run_in_executor(None, sys.stdin.readline):
        if line.strip():
            emulator.send_text(user, line.rstrip("\n"))


async def _serve(args: argparse.Namespace) -> None:
    emulator = BotApiEmulator(token_bot_id=args.token_bot_id, strict=not args.lenient)
    await emulator.start(args.host, args.port)
    print(f"Bot API emulator at {emulator.url} (base_url {emulator.base_url})", flush=True)
    print(f"Type a line to send it as user {args.user_id}; Ctrl+D or Ctrl+C stops.", flush=True)
    logger = asyncio.create_task(_log_calls(emulator))
    try:
        await _type_messages(emulator, args.user_id)
    finally:
        logger.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await logger
        await emulator.stop()


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="python -m emulator", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--user-id", type=int, default=1, help="id of the typing user")
    parser.add_argument("--token-bot-id", type=int, help="accept only tokens of this bot")
    parser.add_argument("--lenient", action="store_true", help="record violations, don't reject")
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(parser.parse_args(argv)))


if __name__ == "__main__":
    main()
