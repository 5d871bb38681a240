"""What the engine asks ``bot/`` to show: screens, notices and effects, all channel-neutral."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from flows.buttons import Origin
from flows.card import Answered
from flows.checklist import PlannedAction
from flows.guidance import TOPICS, Topic
from flows.model import Level, Question, Reason
from flows.sources import Review
from flows.text import Reader, Text


@dataclass(frozen=True, slots=True)
class Welcome:
    """The greeting, with the language menu."""


@dataclass(frozen=True, slots=True)
class Safety:
    """Who runs the bot, what it stores and for how long, before the first question."""


@dataclass(frozen=True, slots=True)
class LanguageMenu:
    """The list of languages to choose from."""


@dataclass(frozen=True, slots=True)
class Help:
    """What the bot does, its commands, and the menu of guidance topics."""

    topics: tuple[Topic, ...] = TOPICS


@dataclass(frozen=True, slots=True)
class Guidance:
    """A guidance topic; its Back button returns to ``origin``."""

    topic: Topic
    origin: Origin


@dataclass(frozen=True, slots=True)
class About:
    """The version of the legal content, when it was checked and how far it is reviewed."""

    version: str
    law_as_of: date
    review: Review


@dataclass(frozen=True, slots=True)
class Ask:
    """A question with its buttons, its place in the interview, and the urgent shortcut.

    On a question with several answers, ``selected`` are the options ticked so far.
    ``previous`` is the answer given just before, summarised above the question: the
    interview is one message edited in place, so it is the only trace of that answer.
    """

    question: Question
    number: int
    total: int
    reader: Reader | None
    urgent: bool
    selected: tuple[str, ...] = ()
    previous: Answered | None = None


@dataclass(frozen=True, slots=True)
class PickDay:
    """The day picker of a date question: recent (or coming) days as buttons."""

    question: Question
    days: tuple[date, ...]
    reader: Reader | None


@dataclass(frozen=True, slots=True)
class Result:
    """The risk level, the reasons and what to do now.

    ``summary`` is the line under the level (the level's own when ``None``); ``answers``
    are the answers the result rests on, so the person can check them.
    """

    level: Level
    reasons: tuple[Reason, ...]
    actions: tuple[PlannedAction, ...]
    reader: Reader | None
    topics: tuple[Topic, ...] = ()
    summary: Text | None = None
    answers: tuple[Answered, ...] = ()


@dataclass(frozen=True, slots=True)
class Consent:
    """Asks, in one tap, to share the answers with the duty lawyers."""

    reader: Reader | None


@dataclass(frozen=True, slots=True)
class LawyerRequested:
    """Tells the person that the request for a lawyer is recorded (number from the effect).

    ``reminders`` are shown if no lawyer can be reached now: the person's running appeal
    dates and what they can do alone (``flows.checklist.reminders``).
    """

    reader: Reader | None
    reminders: tuple[PlannedAction, ...] = ()


class NoticeKind(StrEnum):
    """Short hints shown before the current screen when the input did not fit."""

    USE_BUTTONS = "use_buttons"
    STALE_BUTTON = "stale_button"
    UNSUPPORTED = "unsupported"
    TOO_LONG = "too_long"
    EDITED = "edited"
    UNKNOWN_COMMAND = "unknown_command"
    RESUMED = "resumed"
    LANGUAGE_CHANGED = "language_changed"
    NOTHING_SHARED = "nothing_shared"


@dataclass(frozen=True, slots=True)
class Notice:
    """A one-line hint."""

    kind: NoticeKind


Screen = (
    Welcome
    | Safety
    | LanguageMenu
    | Help
    | Guidance
    | About
    | Ask
    | PickDay
    | Result
    | Consent
    | LawyerRequested
    | Notice
)


@dataclass(frozen=True, slots=True)
class Reply:
    """A screen to show; ``edit`` replaces the message whose button was pressed."""

    screen: Screen
    edit: bool = False


@dataclass(frozen=True, slots=True)
class RequestLawyer:
    """Effect: record the person's request for a lawyer with the current assessment.

    ``level`` is ``None`` when the answers so far show no danger sign but the interview is
    not finished: the person may have skipped the questions because they have no time.
    """

    level: Level | None
    answers: dict[str, str]


Effect = RequestLawyer
