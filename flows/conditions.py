"""Conditions on answers, as data: when a question is asked, when a rule or an action applies.

An answer names one option, a day (``YYYY-MM-DD``), or on a question with several answers
the chosen options joined by commas: :class:`Is` holds when any of them is named.

Conditions are evaluated with three-valued logic: ``True``, ``False`` or ``None`` when an
answer they need is not given yet. ``None`` lets the progress counter include questions
that may still be asked, so the count shrinks as answers make them irrelevant.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

Answers = Mapping[str, str]
SEPARATOR = ","
"""Joins the options of an answer with several (``"tortured,family_pressure"``)."""


def chosen_ids(answer: str) -> frozenset[str]:
    """The option ids an answer names (one, or several joined by :data:`SEPARATOR`)."""
    return frozenset(answer.split(SEPARATOR))


def join_ids(option_ids: Iterable[str]) -> str:
    """The stored form of an answer with the options ``option_ids``."""
    return SEPARATOR.join(option_ids)


@dataclass(frozen=True, slots=True)
class Is:
    """The answer to ``question`` is (or, with several answers, includes) one of ``options``."""

    question: str
    options: frozenset[str]

    def __init__(self, question: str, *options: str) -> None:
        object.__setattr__(self, "question", question)
        object.__setattr__(self, "options", frozenset(options))

    def evaluate(self, answers: Answers) -> bool | None:
        """Three-valued truth of the condition for ``answers``."""
        answer = answers.get(self.question)
        if answer is None:
            return None
        if SEPARATOR in answer:
            return not self.options.isdisjoint(chosen_ids(answer))
        return answer in self.options

    def references(self) -> frozenset[tuple[str, str]]:
        """The (question, option) pairs the condition names."""
        return frozenset((self.question, option) for option in self.options)


@dataclass(frozen=True, slots=True)
class IsDate:
    """The answer to the date question ``question`` is an actual day (not "don't know")."""

    question: str

    def evaluate(self, answers: Answers) -> bool | None:
        """Three-valued truth of the condition for ``answers``."""
        answer = answers.get(self.question)
        return None if answer is None else is_iso_date(answer)

    def references(self) -> frozenset[tuple[str, str]]:
        """Date conditions name no options."""
        return frozenset()


@dataclass(frozen=True, slots=True)
class Not:
    """The negation of a condition."""

    condition: Condition

    def evaluate(self, answers: Answers) -> bool | None:
        """Three-valued truth of the condition for ``answers``."""
        value = self.condition.evaluate(answers)
        return None if value is None else not value

    def references(self) -> frozenset[tuple[str, str]]:
        """The (question, option) pairs the condition names."""
        return self.condition.references()


@dataclass(frozen=True, slots=True)
class All:
    """Every condition holds."""

    conditions: tuple[Condition, ...]

    def __init__(self, *conditions: Condition) -> None:
        object.__setattr__(self, "conditions", conditions)

    def evaluate(self, answers: Answers) -> bool | None:
        """Three-valued truth of the condition for ``answers``."""
        values = [c.evaluate(answers) for c in self.conditions]
        if False in values:
            return False
        return None if None in values else True

    def references(self) -> frozenset[tuple[str, str]]:
        """The (question, option) pairs the condition names."""
        return frozenset().union(*(c.references() for c in self.conditions))


@dataclass(frozen=True, slots=True)
class AnyOf:
    """At least one condition holds."""

    conditions: tuple[Condition, ...]

    def __init__(self, *conditions: Condition) -> None:
        object.__setattr__(self, "conditions", conditions)

    def evaluate(self, answers: Answers) -> bool | None:
        """Three-valued truth of the condition for ``answers``."""
        values = [c.evaluate(answers) for c in self.conditions]
        if True in values:
            return True
        return None if None in values else False

    def references(self) -> frozenset[tuple[str, str]]:
        """The (question, option) pairs the condition names."""
        return frozenset().union(*(c.references() for c in self.conditions))


Condition = Is | IsDate | Not | All | AnyOf


def is_iso_date(value: str) -> bool:
    """Whether ``value`` looks like an ISO day (``YYYY-MM-DD``)."""
    return len(value) == 10 and value[4] == "-" and value[7] == "-"


def questions_named(condition: Condition) -> frozenset[str]:
    """Every question a condition depends on."""
    match condition:
        case Is(question=q) | IsDate(question=q):
            return frozenset({q})
        case Not(condition=inner):
            return questions_named(inner)
        case All(conditions=parts) | AnyOf(conditions=parts):
            return frozenset().union(*(questions_named(p) for p in parts))
