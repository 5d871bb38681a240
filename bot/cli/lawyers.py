"""``boshpana lawyers add|list|remove``: the operator registers duty lawyers by Telegram id."""

from __future__ import annotations

import argparse
import asyncio
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.cases.escalation import Escalation
from bot.core.config import Settings
from bot.core.services import Services
from bot.core.work import unit_of_work
from bot.desk.desk import CLIENT_LANGUAGES
from bot.serving.runtime import services

LANGUAGES = ("ru", "uz_Latn", "uz_Cyrl", "en")


def register(commands: Any) -> None:
    """Add the ``lawyers`` command group to the ``boshpana`` parser."""
    lawyers = commands.add_parser("lawyers", help="register and list duty lawyers")
    actions = lawyers.add_subparsers(required=True, metavar="ACTION")
    add = actions.add_parser("add", help="register a lawyer by Telegram user id")
    add.add_argument("telegram_id", type=int, metavar="ID")
    add.add_argument("--name", required=True, help="shown to other lawyers, never to clients")
    add.add_argument("--lang", choices=LANGUAGES, default="ru", help="the lawyer's language")
    add.add_argument(
        "--coordinator",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="a coordinator (or, with --no-coordinator, not); re-adding keeps the role unless given",
    )
    add.add_argument(
        "--languages",
        type=_languages,
        help="the languages they can write to clients in, e.g. uz,ru (cases in those come first)",
    )
    add.add_argument("--tz", type=_zone, help="their own time zone, e.g. Asia/Tashkent")
    add.set_defaults(action=lambda s, a: asyncio.run(_add(s, a)))
    actions.add_parser("list", help="who is registered, reachable, on duty").set_defaults(
        action=lambda s, a: asyncio.run(_list(s))
    )
    remove = actions.add_parser("remove", help="remove a lawyer; their cases go back to the pool")
    remove.add_argument("telegram_id", type=int, metavar="ID")
    remove.set_defaults(action=lambda s, a: asyncio.run(_remove(s, a)))


async def _add(settings: Settings, args: argparse.Namespace) -> int:
    async with services(settings, print) as shared, shared.db.transaction() as tx:
        lawyer = await tx.lawyers.add(args.telegram_id, args.name, args.lang, args.coordinator)
        if args.languages is not None:
            await tx.lawyers.set_languages(lawyer.id, args.languages)
        if args.tz is not None:
            await tx.lawyers.set_time_zone(lawyer.id, args.tz)
        await tx.audit.record("operator", "lawyer_added", None, f"lawyer:{lawyer.id}")
    print(f"Registered {args.name}. They must open the bot and press Start once to be reachable.")
    return 0


async def _list(settings: Settings) -> int:
    async with services(settings, print) as shared, shared.db.transaction() as tx:
        lawyers = await tx.lawyers.all()
    if not lawyers:
        print("No lawyers are registered. Add one: boshpana lawyers add ID --name NAME")
        return 0
    print(f"{'telegram id':>14}  {'name':24} lang     reachable  on duty  coordinator")
    for lawyer in lawyers:
        print(
            f"{lawyer.telegram_id:>14}  {lawyer.name[:24]:24} {lawyer.locale:8} "
            f"{_yes(lawyer.reachable):10} {_yes(lawyer.on_duty):8} {_yes(lawyer.coordinator)}"
        )
    return 0


async def _remove(settings: Settings, args: argparse.Namespace) -> int:
    async with services(settings, print) as shared:
        removed = await remove_lawyer(shared, args.telegram_id)
    if removed is None:
        print("No lawyer with that Telegram id is registered.")
        return 1
    name, released = removed
    print(f"Removed {name}; {released} open case(s) went back to the pool.")
    return 0


async def remove_lawyer(shared: Services, telegram_id: int) -> tuple[str, int] | None:
    """Remove a lawyer: their cases go back to the pool and their cards are taken back.

    Returns their name and how many cases were released, or ``None`` if not registered.
    """
    async with unit_of_work(shared) as work:
        tx = work.tx
        lawyer = await tx.lawyers.by_user_key(shared.keyring.user_key(telegram_id))
        if lawyer is None or lawyer.removed:
            return None
        released = await Escalation(shared.settings).lawyer_removed(work, lawyer)
        await tx.lawyers.remove(telegram_id)
        await tx.audit.record("operator", "lawyer_removed", None, f"lawyer:{lawyer.id}")
    return lawyer.name, released


def _languages(text: str) -> frozenset[str]:
    chosen = frozenset(part.strip().lower() for part in text.split(",") if part.strip())
    if not chosen <= CLIENT_LANGUAGES:
        raise argparse.ArgumentTypeError(f"use some of {', '.join(sorted(CLIENT_LANGUAGES))}")
    return chosen


def _zone(text: str) -> str:
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise argparse.ArgumentTypeError("not a time zone name, e.g. Europe/Moscow") from None
    return text


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"
