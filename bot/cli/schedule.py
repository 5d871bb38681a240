"""``boshpana schedule ID [WORDS]``: a lawyer's duty slots, as ``/schedule`` in the bot.

``ID`` is the lawyer's Telegram id (as for ``boshpana lawyers``); the words are those of
``/schedule``: ``add mon 20:00-08:00``, ``remove 2``, ``cover 2026-12-01 20:00 -
2026-12-02 08:00``, ``off 2026-12-24 - 2026-12-26``, ``zone Asia/Tashkent``. Without
words it shows the schedule and the gaps in the team's cover in the next 7 days.
"""

from __future__ import annotations

import argparse
import asyncio
import html
from typing import Any
from zoneinfo import ZoneInfo

from bot.core.config import Settings
from bot.desk import duty_texts as dt
from bot.desk.schedule_edit import Edit, edit_schedule, schedule_text
from bot.serving.runtime import services
from flows.text import Reader

OPERATOR_LOCALE = "en"


def register(commands: Any) -> None:
    """Add the ``schedule`` command to the ``boshpana`` parser."""
    schedule = commands.add_parser(
        "schedule", help="show or change a lawyer's duty slots (as /schedule in the bot)"
    )
    schedule.add_argument("telegram_id", type=int, metavar="ID")
    schedule.add_argument("words", nargs="*", metavar="WORDS", help="e.g. add mon 20:00-08:00")
    schedule.set_defaults(action=lambda s, a: asyncio.run(_schedule(s, a)))


async def _schedule(settings: Settings, args: argparse.Namespace) -> int:
    async with services(settings, print) as shared, shared.db.transaction() as tx:
        t = shared.catalogs.translator(OPERATOR_LOCALE, Reader.OTHER)
        lawyer = await tx.lawyers.by_user_key(shared.keyring.user_key(args.telegram_id))
        if lawyer is None or lawyer.removed:
            print("No lawyer with that Telegram id is registered.")
            return 1
        zone = ZoneInfo(settings.timezone)
        done = await edit_schedule(tx, lawyer, list(args.words), zone)
        if done is Edit.SAVED:
            await tx.audit.record("operator", "schedule_changed", None, f"lawyer:{lawyer.id}")
        problems = {
            Edit.USAGE: dt.SCHEDULE_USAGE,
            Edit.BAD_ZONE: dt.BAD_ZONE,
            Edit.NOTHING_TO_REMOVE: dt.SCHEDULE_NOTHING_TO_REMOVE,
        }
        if done in problems:
            print(html.unescape(t(problems[done])))
            return 2
        print(html.unescape(await schedule_text(tx, lawyer, t, zone)))
    return 0
