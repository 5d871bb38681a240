"""The lawyer desk's flow in one place: its commands, its buttons, and who may use each.

The person's side is declared in ``flows/``; the lawyer's is declared here, and
:class:`bot.desk.desk.LawyerDesk` has one method per entry. Every press and command is
checked against this table on the server, whatever the button or the menu offered.

What a lawyer's state can be (``store.StoredLawyer``): on or off duty; reachable, or not
since they blocked the bot (until they /start again); a chosen case, where messages that
reply to nothing go; messages held while the bot asks "which case?"; writing the handover
note of a case they hand back (``awaiting``); removed from the team (told so, nothing else).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.cases import texts as ct
from bot.desk import casefile_texts as ft
from bot.desk import duty_texts as dt
from bot.desk.buttons import LawyerAction
from flows.text import Text


class Access(StrEnum):
    """Who may use a command or a button."""

    TEAM = "team"
    """Any lawyer on the team (a removed lawyer is only told they were removed); on a case,
    the action itself checks what it needs (e.g. that the lawyer was asked to take it)."""
    COORDINATOR = "coordinator"
    """Coordinators only."""
    HOLDER = "holder"
    """The lawyer holding the case, while it is open."""
    READER = "reader"
    """The case's lawyer (also once it is closed) or a coordinator."""
    EDITOR = "editor"
    """The lawyer holding the case, while it is open, or a coordinator."""


CASE_ACCESS = frozenset({Access.HOLDER, Access.READER, Access.EDITOR})
"""A command with one of these names a case first (``/set B-XXXX``); it is checked on it."""


@dataclass(frozen=True)
class Command:
    """A lawyer's command: who may use it, the arguments it needs, how it is described."""

    access: Access
    help: Text
    """Its line in /help (and the usage shown when arguments are missing)."""
    menu: Text | None = None
    """Its line in the Telegram command menu, if it is listed there."""
    arguments: int = 0
    """How many words must follow it."""


COMMANDS: dict[str, Command] = {
    "duty": Command(Access.TEAM, ct.HELP_DUTY, ct.MENU_DUTY),
    "cases": Command(Access.TEAM, ct.HELP_CASES, ct.MENU_CASES),
    "to": Command(Access.TEAM, ct.HELP_TO, ct.MENU_TO, arguments=1),
    "card": Command(Access.TEAM, ct.HELP_CARD, ct.MENU_CARD, arguments=1),
    "note": Command(Access.TEAM, ct.HELP_NOTE, ct.MENU_NOTE, arguments=2),
    "reopen": Command(Access.TEAM, ct.HELP_REOPEN, ct.MENU_REOPEN, arguments=1),
    "set": Command(Access.EDITOR, ft.HELP_SET, ft.MENU_SET, arguments=1),
    "export": Command(Access.EDITOR, ft.HELP_EXPORT, ft.MENU_EXPORT, arguments=1),
    "schedule": Command(Access.TEAM, dt.HELP_SCHEDULE, dt.MENU_SCHEDULE),
    "languages": Command(Access.TEAM, dt.HELP_LANGUAGES, arguments=1),
    "team": Command(Access.COORDINATOR, dt.HELP_TEAM, dt.MENU_TEAM),
    "unblock": Command(Access.COORDINATOR, ct.HELP_UNBLOCK, ct.MENU_UNBLOCK),
    "stats": Command(Access.COORDINATOR, ct.HELP_STATS, ct.MENU_STATS),
}
"""Every command a lawyer may send besides /start and /help (the welcome and this list)."""

START_COMMANDS = frozenset({"start", "help"})

BUTTONS: dict[LawyerAction, Access] = {
    LawyerAction.TAKE: Access.TEAM,
    LawyerAction.DISCARD: Access.TEAM,
    LawyerAction.ACTIVATE: Access.HOLDER,
    LawyerAction.TO: Access.HOLDER,
    LawyerAction.FILES: Access.HOLDER,
    LawyerAction.SOURCES: Access.HOLDER,
    LawyerAction.DRAFTS: Access.HOLDER,
    LawyerAction.DRAFT: Access.HOLDER,
    LawyerAction.HAND_BACK: Access.HOLDER,
    LawyerAction.NO_NOTE: Access.HOLDER,
    LawyerAction.CLOSE: Access.HOLDER,
    LawyerAction.CLOSE_WITH: Access.HOLDER,
    LawyerAction.ABUSE: Access.HOLDER,
    LawyerAction.ABUSE_YES: Access.HOLDER,
    LawyerAction.CANCEL: Access.EDITOR,
    LawyerAction.FACTS: Access.EDITOR,
    LawyerAction.FACT: Access.EDITOR,
    LawyerAction.FACT_CLEAR: Access.EDITOR,
    LawyerAction.EXPORT: Access.EDITOR,
    LawyerAction.REPLIES: Access.HOLDER,
    LawyerAction.REPLY: Access.HOLDER,
    LawyerAction.HISTORY: Access.READER,
    LawyerAction.NOTES: Access.READER,
    LawyerAction.REOPEN: Access.READER,
    LawyerAction.CARD: Access.READER,
    LawyerAction.LIST: Access.COORDINATOR,
    LawyerAction.REASSIGN: Access.COORDINATOR,
    LawyerAction.OFFER: Access.COORDINATOR,
    LawyerAction.TO_POOL: Access.COORDINATOR,
    LawyerAction.ACCEPT: Access.TEAM,
    LawyerAction.DECLINE: Access.TEAM,
}
"""Who may press each of the lawyers' buttons (on a case's card or the bot's questions)."""


def commands_for(coordinator: bool) -> dict[str, Command]:
    """The commands a lawyer (or a coordinator) may use."""
    return {
        name: command
        for name, command in COMMANDS.items()
        if coordinator or command.access is not Access.COORDINATOR
    }


def menu_for(coordinator: bool) -> dict[str, Text]:
    """The Telegram command menu of a lawyer (or a coordinator)."""
    listed = {n: c.menu for n, c in commands_for(coordinator).items() if c.menu is not None}
    return {**listed, "help": ct.MENU_HELP}
