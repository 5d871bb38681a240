"""The ``boshpana`` command line: run the bot, try the demo, manage the database."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.cli import admin as cli_admin
from bot.cli import content_check
from bot.cli import lawyers as cli_lawyers
from bot.cli import schedule as cli_schedule
from bot.cli import stats as cli_stats
from bot.cli.sandbox import command as sandbox_command
from bot.core.config import Settings, SettingsError, load_settings
from bot.core.i18n import CatalogError
from bot.serving import logs
from bot.serving.runtime import StartupError, database_url
from bot.serving.serve import serve
from bot.translating import catalogs
from bot.translating import check as i18n_check
from store import new_revision, upgrade

NO_TOKEN = """\
No Telegram bot token is set, so Boshpana cannot connect to Telegram yet.

To get a token:
  1. In Telegram, open a chat with @BotFather and send /newbot.
  2. Choose a neutral name and username: they show on the phone of everyone who uses the bot.
  3. BotFather answers with a token like 123456789:AA...; then run:
       TELEGRAM_BOT_TOKEN=123456789:AA... boshpana run

To try Boshpana now without Telegram, run:  boshpana demo
or, in a web browser, with a duty lawyer's chat beside yours:  boshpana sandbox
"""


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``boshpana`` command; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
        logs.configure(settings)
        return int(args.action(settings, args))
    except (SettingsError, StartupError, CatalogError) as error:
        print(error, file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="boshpana",
        description="Boshpana: a Telegram bot that helps Uzbek migrants in Russia facing "
        "removal understand their risk and reach a duty lawyer.",
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    run = commands.add_parser("run", help="serve Telegram by long polling (demo if no token)")
    run.add_argument(
        "--webhook",
        action="store_true",
        help="serve Telegram's webhook on BOSHPANA_LISTEN:BOSHPANA_PORT/telegram, with /healthz",
    )
    run.set_defaults(action=_run)
    demo = commands.add_parser("demo", help="chat with the bot in this terminal, offline")
    demo.add_argument(
        "--lang", default=_terminal_language(), help="the Telegram language code to simulate"
    )
    demo.set_defaults(action=_demo)
    db = commands.add_parser("db", help="manage the database")
    db_commands = db.add_subparsers(required=True, metavar="ACTION")
    db_commands.add_parser("upgrade", help="apply the migrations").set_defaults(action=_db_upgrade)
    revision = db_commands.add_parser(
        "revision", help="write the next migration from the models (in a source checkout)"
    )
    revision.add_argument("-m", "--message", required=True, help="what the migration does")
    revision.set_defaults(action=_db_revision)
    i18n = commands.add_parser("i18n", help="translation catalogs")
    i18n_commands = i18n.add_subparsers(required=True, metavar="ACTION")
    i18n_commands.add_parser(
        "extract", help="write locales/messages.pot from the code and flow data"
    ).set_defaults(action=_i18n_extract)
    i18n_commands.add_parser(
        "update", help="extract, then merge the template into every catalog"
    ).set_defaults(action=_i18n_update)
    i18n_commands.add_parser(
        "check", help="report missing, fuzzy, obsolete and broken translations"
    ).set_defaults(action=_i18n_check)
    init_parser = i18n_commands.add_parser(
        "init", help="start the catalog of a new language (not offered until it is ready)"
    )
    init_parser.add_argument("locale", help="a language code, e.g. tg")
    init_parser.set_defaults(action=_i18n_init)
    preview_parser = i18n_commands.add_parser(
        "preview", help="write an HTML page with every message in one language, in context"
    )
    preview_parser.add_argument("--locale", required=True, help="a catalog, e.g. uz_Cyrl")
    preview_parser.add_argument("--output", type=Path, help="default: preview-LOCALE.html")
    preview_parser.set_defaults(action=_i18n_preview)
    content = commands.add_parser("content", help="the legal content and its sources")
    content_commands = content.add_subparsers(required=True, metavar="ACTION")
    check = content_commands.add_parser(
        "check", help="list statements without a source or not checked for too long"
    )
    check.add_argument(
        "--max-age-days",
        type=_days,
        default=content_check.DEFAULT_MAX_AGE_DAYS,
        help="how old law_as_of may be (default: %(default)s)",
    )
    check.set_defaults(action=_content_check)
    cli_lawyers.register(commands)
    cli_schedule.register(commands)
    cli_admin.register(commands)
    cli_stats.register(commands)
    sandbox_command.register(commands)
    return parser


def _i18n_extract(settings: Settings, args: argparse.Namespace) -> int:
    try:
        catalogs.extract()
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    return 0


def _i18n_init(settings: Settings, args: argparse.Namespace) -> int:
    try:
        written = catalogs.init(args.locale)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    print(f"Wrote {written}: translate it, then see docs/translating.md, A new language.")
    return 0


def _i18n_update(settings: Settings, args: argparse.Namespace) -> int:
    status = _i18n_extract(settings, args)
    if status == 0:
        catalogs.update()
    return status


def _i18n_check(settings: Settings, args: argparse.Namespace) -> int:
    findings, summaries = i18n_check.check_with_summary()
    for finding in findings:
        print(finding)
    print("\nSummary:")
    for summary in summaries:
        print(f"  {summary}")
    errors = sum(f.severity is i18n_check.Severity.ERROR for f in findings)
    print(f"{errors} errors, {len(findings) - errors} warnings.")
    return 1 if errors else 0


def _days(value: str) -> int:
    days = int(value)
    if days < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return days


def _content_check(settings: Settings, args: argparse.Namespace) -> int:
    today = datetime.now(ZoneInfo(settings.timezone)).date()
    return content_check.run(today, args.max_age_days)


def _i18n_preview(settings: Settings, args: argparse.Namespace) -> int:
    from bot.translating import preview  # drafts and python-docx: only to write a preview

    try:
        written = preview.write_file(args.locale, args.output)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    print(f"Wrote {written}")
    return 0


def _run(settings: Settings, args: argparse.Namespace) -> int:
    if settings.telegram_bot_token is None:
        print(NO_TOKEN)
        if sys.stdin.isatty() and input("Start the demo now? [Y/n] ").strip().lower() in {"", "y"}:
            return _demo(settings, argparse.Namespace(lang=_terminal_language()))
        return 2
    token = settings.telegram_bot_token.get_secret_value()
    asyncio.run(serve(settings, token, webhook=bool(getattr(args, "webhook", False))))
    return 0


def _demo(settings: Settings, args: argparse.Namespace) -> int:
    # The terminal is the chat: only problems are logged there.
    from bot.cli.demo import run_demo  # the emulator: loaded only for the demo

    logging.getLogger().setLevel(max(logging.WARNING, logging.getLogger().level))
    asyncio.run(run_demo(settings, args.lang))
    return 0


def _db_upgrade(settings: Settings, args: argparse.Namespace) -> int:
    asyncio.run(upgrade(database_url(settings), schema=settings.db_schema))
    print("The database is up to date.")
    return 0


def _db_revision(settings: Settings, args: argparse.Namespace) -> int:
    try:
        written = asyncio.run(new_revision(args.message))
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    print(f"Wrote {written.path}")
    if not written.changes:
        print("The models match the newest migration: write upgrade() and downgrade() by hand.")
    return 0


def _terminal_language() -> str:
    return (os.environ.get("LANG") or "en").split(".")[0]
