"""The building blocks of the interview, declared as frozen data.

Ids are stable English keys used in state, rules, buttons and tests; they are never
translated and never shown. Every user-visible string is a gettext marker.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from enum import IntEnum, StrEnum
from typing import TYPE_CHECKING

from flows.conditions import Condition, chosen_ids, join_ids
from flows.sources import LAW_AS_OF, REVIEW_STATUS, Review
from flows.text import Msg, Text

if TYPE_CHECKING:
    from flows.deadlines import DeadlineRule


class Level(IntEnum):
    """Risk levels, ordered so that ``max()`` gives the most serious."""

    LOW = 1
    MODERATE = 2
    HIGH = 3
    URGENT = 4

    @property
    def key(self) -> str:
        """The stable lowercase id of the level (``"urgent"`` …)."""
        return self.name.lower()


class QuestionKind(StrEnum):
    """How a question is answered."""

    CHOICE = "choice"
    """One answer."""
    MULTI = "multi"
    """Every answer that fits, then "Done" (an ``exclusive`` option answers at once)."""
    DATE = "date"
    """A day in the past (today, yesterday, or picked), or an option."""
    DATE_AHEAD = "date_ahead"
    """A day to come (today, tomorrow, or picked), or an option."""

    @property
    def dated(self) -> bool:
        """Whether the question is answered with a day."""
        return self in {QuestionKind.DATE, QuestionKind.DATE_AHEAD}


DONT_KNOW = "dont_know"
"""The option id of every "I don't know" answer."""
EARLIER = "earlier"
"""The option id of "longer ago than the day picker reaches" on a date question."""


@dataclass(frozen=True, slots=True)
class Option:
    """One button of a question: a stable id and its label.

    On a :attr:`QuestionKind.MULTI` question an ``exclusive`` option ("none of these",
    "I don't know") is the whole answer; the others can be chosen together.
    """

    id: str
    label: Text
    exclusive: bool = False


@dataclass(frozen=True, slots=True)
class Question:
    """One question of the interview, asked when ``ask_if`` holds (always when ``None``).

    A date question offers today / yesterday (or tomorrow) / pick a day, plus its
    ``options`` for answers that are not a day ("not received / don't know").
    ``key_fact`` marks the facts the danger hinges on (where the person is, detention, what
    the authorities of either country do, whether a decision was given): "I don't know" to
    one of them makes the danger unclear, never low (``flows.risk``).
    """

    id: str
    text: Text
    options: tuple[Option, ...]
    kind: QuestionKind = QuestionKind.CHOICE
    ask_if: Condition | None = None
    hint: Text | None = None
    key_fact: bool = False

    def option(self, option_id: str) -> Option | None:
        """The option with ``option_id``, if the question has it."""
        return next((o for o in self.options if o.id == option_id), None)

    def chosen(self, answer: str) -> tuple[Option, ...]:
        """The options an answer stands for, in the question's order (none for a day)."""
        ids = chosen_ids(answer)
        return tuple(option for option in self.options if option.id in ids)

    def answer_of(self, option_ids: Collection[str]) -> str:
        """The stored answer for the chosen ``option_ids`` (several only on a multi question)."""
        return join_ids(o.id for o in self.options if o.id in option_ids)


@dataclass(frozen=True, slots=True)
class Source:
    """Where a legal statement comes from (a key of the fact sheet and a precise locator)."""

    key: str
    locator: str


@dataclass(frozen=True, slots=True)
class Checked:
    """When a statement was last checked against its sources, and how far it is reviewed."""

    law_as_of: date = LAW_AS_OF
    review: Review = REVIEW_STATUS


CHECKED = Checked()
"""The check of the current content version."""


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a case has its level, in words shown to the person and to the lawyer.

    ``advice`` marks words that state no law (the person's own answer, general advice),
    so they need no source; every other statement does (``boshpana content check``).
    """

    id: str
    text: Text
    sources: tuple[Source, ...] = ()
    advice: bool = False
    checked: Checked = CHECKED


@dataclass(frozen=True, slots=True)
class FirstStep:
    """A first step for the lawyer, listed on the case card when its rule holds.

    ``when`` narrows it further (the place, a known day). ``counted`` fills ``{deadline}``
    with the last day of an appeal counted from a date answer: ``(rule, question)``; once
    that day is past, ``passed`` is shown instead. ``pressing`` steps race a deadline or a
    removal and are listed first; a step leaves out the steps it ``replaces`` (sending a
    request now replaces preparing it). ``advice`` as for :class:`Reason`. Rules may share a
    step: it is listed once, under the most serious of them.
    """

    id: str
    text: Text
    when: Condition | None = None
    sources: tuple[Source, ...] = ()
    advice: bool = False
    counted: tuple[DeadlineRule, str] | None = None
    passed: Text | None = None
    pressing: bool = False
    replaces: frozenset[str] = frozenset()
    checked: Checked = CHECKED


@dataclass(frozen=True, slots=True)
class Rule:
    """A row of the risk table: when ``when`` holds, the case is at least ``level``.

    The reason is left out when a reason in ``implied_by`` is already shown, so the person
    reads each fact once (``"detained"`` is implied by ``"detained_on_search"``).
    ``summary`` replaces the level's one-line summary when this rule sets the level (the
    first such rule in table order); ``offer_lawyer`` asks at once, on the result, to share
    the case with a lawyer, as every high or urgent result does. ``steps`` are what the
    lawyer who takes the case should do first (the case card lists them).
    """

    when: Condition
    level: Level
    reason: Reason
    implied_by: frozenset[str] = frozenset()
    summary: Text | None = None
    offer_lawyer: bool = False
    steps: tuple[FirstStep, ...] = ()


@dataclass(frozen=True, slots=True)
class Action:
    """A "what to do now" item, listed when ``when`` holds, in table order.

    ``topic`` names the guidance topic that explains it; ``advice`` as for :class:`Reason`.
    ``days`` fills placeholders with days the person gave: ``(("day", "removal_day"),)``.
    """

    id: str
    text: Text
    when: Condition
    sources: tuple[Source, ...] = ()
    topic: str | None = None
    advice: bool = False
    checked: Checked = CHECKED
    days: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class LevelText:
    """The title and one-line summary of a risk level."""

    level: Level
    title: Msg
    summary: Text
