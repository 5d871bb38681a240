"""Button payloads: stable ids packed into Telegram's 64-byte ``callback_data``.

Payloads name questions and options by id, never by label. :func:`parse` accepts only
well-formed payloads; whether one still applies is the engine's decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

MAX_BYTES = 64
SEPARATOR = ":"


class Nav(StrEnum):
    """Buttons that move around the conversation rather than answer."""

    BEGIN = "begin"
    BACK = "back"
    RESTART = "restart"
    LAWYER = "lawyer"
    CONSENT = "consent"
    DECLINE = "decline"
    LANGUAGES = "languages"
    TOPICS = "topics"
    """Back from a guidance topic to the menu of all topics."""
    RESUME = "resume"
    """Back from a guidance topic to the current question or the result."""
    DONE = "done"
    """Ends the choice on a question with several answers."""


class RelativeDay(StrEnum):
    """Day buttons whose date depends on when they are pressed."""

    TODAY = "t0"
    YESTERDAY = "t1"
    TOMORROW = "n1"
    PICK = "pick"


@dataclass(frozen=True, slots=True)
class AnswerButton:
    """Answers ``question`` with ``option``."""

    question: str
    option: str


@dataclass(frozen=True, slots=True)
class DayButton:
    """Answers the date question ``question`` with a day, or opens the day picker."""

    question: str
    day: RelativeDay | date


@dataclass(frozen=True, slots=True)
class LanguageButton:
    """Switches the conversation to ``locale``."""

    locale: str


class Origin(StrEnum):
    """Where a guidance topic was opened from: its Back button returns there."""

    MENU = "m"
    CURRENT = "c"


@dataclass(frozen=True, slots=True)
class TopicButton:
    """Opens the guidance topic ``topic``; ``origin`` is kept for the way back."""

    topic: str
    origin: Origin


Button = AnswerButton | DayButton | LanguageButton | TopicButton | Nav


def pack(button: Button) -> str:
    """The callback data of ``button``; raises ``ValueError`` over 64 bytes."""
    match button:
        case AnswerButton(question, option):
            data = SEPARATOR.join(("a", question, option))
        case DayButton(question, day):
            value = day.isoformat() if isinstance(day, date) else day.value
            data = SEPARATOR.join(("d", question, value))
        case LanguageButton(locale):
            data = SEPARATOR.join(("l", locale))
        case TopicButton(topic, origin):
            data = SEPARATOR.join(("g", topic, origin.value))
        case Nav():
            data = SEPARATOR.join(("n", button.value))
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
    return data


def parse(data: str) -> Button | None:
    """The button that ``data`` encodes, or ``None`` if it is malformed or forged."""
    kind, *parts = data.split(SEPARATOR)
    try:
        match kind, parts:
            case "a", [question, option]:
                return AnswerButton(question, option)
            case "d", [question, value]:
                return DayButton(question, _day(value))
            case "l", [locale]:
                return LanguageButton(locale)
            case "g", [topic, origin]:
                return TopicButton(topic, Origin(origin))
            case "n", [value]:
                return Nav(value)
    except ValueError:
        return None
    return None


def _day(value: str) -> RelativeDay | date:
    if value in {d.value for d in RelativeDay}:
        return RelativeDay(value)
    return date.fromisoformat(value)
