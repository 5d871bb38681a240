"""What the person did, as the engine sees it: channel-neutral events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from flows.flow import INTERVIEW, Flow


class Command(StrEnum):
    """Commands the interview understands."""

    START = "start"
    RESTART = "restart"
    LANGUAGE = "language"
    HELP = "help"
    LAWYER = "lawyer"
    ABOUT = "about"


@dataclass(frozen=True, slots=True)
class Said:
    """A command was sent (``/start`` …)."""

    command: Command


@dataclass(frozen=True, slots=True)
class Pressed:
    """A button was pressed; ``data`` is its raw payload, possibly stale or forged."""

    data: str


@dataclass(frozen=True, slots=True)
class Typed:
    """Free text was sent where the interview expects a button; only its length matters."""

    length: int


@dataclass(frozen=True, slots=True)
class SentMedia:
    """A sticker, voice message, photo or other non-text message was sent."""


@dataclass(frozen=True, slots=True)
class Edited:
    """An earlier message was edited."""


@dataclass(frozen=True, slots=True)
class UnknownCommand:
    """A ``/command`` the bot does not know was sent."""


Event = Said | Pressed | Typed | SentMedia | Edited | UnknownCommand


@dataclass(frozen=True, slots=True)
class Context:
    """What the engine needs from outside: the date and the languages that ship."""

    today: date
    """The earliest date that is today anywhere in Russia (``flows.clock.earliest_today``):
    the person's "today" and "yesterday" are read as this day and the one before, so an
    appeal period never starts later than the law allows, whatever the server's time zone."""
    locales: frozenset[str]
    has_case: bool = False
    """Whether the person already has a case with the lawyers (not closed)."""
    flow: Flow = INTERVIEW
    """The interview the person is taken through."""
