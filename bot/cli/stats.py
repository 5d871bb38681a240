"""``boshpana stats``: the coordinators' aggregate figures, in the terminal."""

from __future__ import annotations

import argparse
import asyncio
import html
import re
from typing import Any

from bot.core.config import Settings
from bot.core.i18n import Catalogs
from bot.desk import stats
from bot.serving.runtime import services

TAG = re.compile(r"<[^>]+>")


def register(commands: Any) -> None:
    """Add the ``stats`` command to the ``boshpana`` parser."""
    parser = commands.add_parser(
        "stats", help="aggregate figures: cases by week and urgency, time to claim, now"
    )
    parser.add_argument(
        "--weeks", type=_weeks, default=stats.DEFAULT_WEEKS, help="default: %(default)s"
    )
    parser.add_argument("--lang", default="en", help="a catalog, e.g. ru (default: en)")
    parser.set_defaults(action=_print)


def _print(settings: Settings, args: argparse.Namespace) -> int:
    print(asyncio.run(report(settings, args.weeks, args.lang)))
    return 0


async def report(settings: Settings, weeks: int, lang: str) -> str:
    """The figures as plain text in ``lang`` (English if there is no such catalog)."""
    catalogs = Catalogs()
    async with services(settings, print, catalogs) as shared:
        found, since, names = await stats.current(shared, weeks)
    locale = lang if lang in catalogs.locales else "en"
    text = stats.render(found, since, weeks, catalogs.translator(locale), names)
    return html.unescape(TAG.sub("", text))


def _weeks(value: str) -> int:
    weeks = int(value)
    if weeks < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return weeks
