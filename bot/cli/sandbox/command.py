"""``boshpana sandbox``: start the sandbox page and keep it until Ctrl+C."""

from __future__ import annotations

import argparse
import asyncio
import logging
import secrets
import signal
import sys
import tempfile
import webbrowser
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from bot.cli.sandbox.languages import APP_LANGUAGES, LAWYER_LOCALES
from bot.core.config import Settings

if TYPE_CHECKING:
    from bot.cli.sandbox.session import Options

DEFAULT_PORT = 8765


def register(commands: Any) -> None:
    """Add ``sandbox`` to the ``boshpana`` command line (``commands``: its subparsers)."""
    parser = commands.add_parser(
        "sandbox",
        help="try the bot in a browser, offline: a person's and a duty lawyer's chat",
        description="Serve a page on 127.0.0.1 with a person's chat and a duty lawyer's "
        "chat side by side, driving the real bot through the built-in Telegram emulator. "
        "Nothing leaves this computer; the data is deleted when the sandbox stops.",
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help="default: %(default)s; 0 picks a free one"
    )
    parser.add_argument(
        "--lang", choices=APP_LANGUAGES, default="uz", help="the person's Telegram app language"
    )
    parser.add_argument(
        "--lawyer-lang", choices=LAWYER_LOCALES, default="ru", help="the duty lawyer's language"
    )
    parser.add_argument(
        "--clock",
        default="real",
        help="real (default), fixed (10:00 on the Monday after the legal content's date), "
        "or a start such as 2026-12-01T09:30 (BOSHPANA_TIMEZONE); time runs on from it",
    )
    parser.add_argument("--open", action="store_true", help="open the page in the web browser")
    parser.set_defaults(action=_sandbox)


def _sandbox(settings: Settings, args: argparse.Namespace) -> int:
    # The emulator and aiohttp's web server: loaded only for the sandbox.
    from bot.cli.sandbox.session import Options
    from bot.cli.sandbox.web import default_fixed_start

    logging.getLogger().setLevel(max(logging.WARNING, logging.getLogger().level))
    zone = ZoneInfo(settings.timezone)
    fixed = default_fixed_start(zone)
    if args.clock not in {"real", "fixed"}:
        try:
            fixed = datetime.fromisoformat(args.clock).replace(tzinfo=zone)
        except ValueError:
            print(f"--clock: not real, fixed or a date and time: {args.clock!r}", file=sys.stderr)
            return 2
    options = Options(
        language_code=args.lang,
        lawyer_locale=args.lawyer_lang,
        clock=None if args.clock == "real" else fixed,
    )
    opener = webbrowser.open if args.open else None
    try:
        asyncio.run(run_sandbox(settings, options, fixed, args.port, print, opener))
    except OSError as error:  # most often: the port is taken
        print(
            f"The sandbox cannot listen on port {args.port}: {error.strerror}. "
            "Choose another with --port (0 picks a free one).",
            file=sys.stderr,
        )
        return 2
    return 0


async def run_sandbox(
    settings: Settings,
    options: Options,
    fixed_start: datetime,
    port: int,
    say: Callable[[str], None],
    opener: Callable[[str], object] | None = None,
) -> None:
    """Serve the sandbox until SIGINT or SIGTERM; then stop and delete its data."""
    from bot.cli.sandbox.session import Sandbox
    from bot.cli.sandbox.web import SandboxServer

    with tempfile.TemporaryDirectory(prefix="boshpana-sandbox-") as folder:
        sandbox = Sandbox(settings, Path(folder), options)
        server = SandboxServer(sandbox, secrets.token_urlsafe(24), fixed_start)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        try:
            await sandbox.reset(options)
            url = await server.start(port)
            say(f"Boshpana sandbox: {url}")
            say(f"Its data, deleted when it stops: {folder}")
            say("Not connected to Telegram; nothing leaves this computer. Ctrl+C stops it.")
            if opener is not None:
                opener(url)
            await stop.wait()
        finally:
            await server.stop()
            await sandbox.close()
            for signum in (signal.SIGINT, signal.SIGTERM):
                loop.remove_signal_handler(signum)
    say("The sandbox has stopped and its data is deleted.")
