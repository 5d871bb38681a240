"""Sample interviews, shared by the tests, the benchmarks and the sandbox.

Each sample is the answers of a typical person, in the order the questions come:
``(question id, option id)``, where a date question's answer is a day button
(:class:`flows.buttons.RelativeDay`, e.g. ``t1`` for yesterday).
"""

from __future__ import annotations

from flows.buttons import AnswerButton, DayButton, RelativeDay, pack
from flows.interview import QUESTIONS_BY_ID
from flows.model import QuestionKind

Answers = tuple[tuple[str, str], ...]

URGENT: Answers = (
    ("reader", "self"),
    ("location", "russia"),
    ("detention", "detained"),
    ("proceedings", "extradition"),
    ("extradition_decision", "yes"),
    ("extradition_decision_date", RelativeDay.YESTERDAY.value),
    ("removal_date", "no"),
    ("search", "yes"),
    ("charges", "extremism"),
    ("asylum", "not_applied"),
    ("history", "none"),
    ("assurances", "no"),
    ("lawyer", "no"),
)
"""Detained, wanted at home on a religious charge, an extradition decision served yesterday."""

DETAINED_FOR_EXTRADITION: Answers = URGENT[:4]
"""The first four answers: detained and facing extradition, enough to ask for a lawyer."""

LOW: Answers = (
    ("reader", "self"),
    ("location", "russia"),
    ("detention", "free"),
    ("proceedings", "none_known"),
    ("search", "no"),
    ("charges", "none"),
    ("asylum", "not_applied"),
    ("history", "none"),
    ("lawyer", "no"),
)
"""Free, no proceedings known, no charges, no danger sign."""


def payloads(answers: Answers) -> tuple[str, ...]:
    """The callback data of the buttons that give ``answers``."""
    return tuple(pack(_button(question, option)) for question, option in answers)


def _button(question: str, option: str) -> AnswerButton | DayButton:
    if QUESTIONS_BY_ID[question].kind in {QuestionKind.DATE, QuestionKind.DATE_AHEAD}:
        return DayButton(question, RelativeDay(option))
    return AnswerButton(question, option)
