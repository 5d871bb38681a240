"""Which questions a person meets, given their answers: next question, progress, relevance."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flows.interview import QUESTIONS
from flows.model import Question

SKIPPED = "\0skipped"
"""Stands for the answer of a question that will not be asked, so conditions on it are false."""


def relevant_answers(answers: Mapping[str, str]) -> dict[str, str]:
    """The answers to questions still on the person's path.

    Answers to questions that later changes made irrelevant are kept in the state (so Back
    restores them) but take no part in rules, checklists or summaries.
    """
    kept: dict[str, str] = {}
    for question in QUESTIONS:
        if is_asked(question, kept) and question.id in answers:
            kept[question.id] = answers[question.id]
    return kept


def is_asked(question: Question, answers: Mapping[str, str]) -> bool:
    """Whether ``question`` is asked after ``answers``."""
    return question.ask_if is None or question.ask_if.evaluate(answers) is True


def next_question(answers: Mapping[str, str], after: str | None) -> Question | None:
    """The first unanswered question on the path after ``after`` (from the start if None)."""
    relevant = relevant_answers(answers)
    ids = [q.id for q in QUESTIONS]
    start = ids.index(after) + 1 if after in ids else 0
    for question in QUESTIONS[start:]:
        if is_asked(question, relevant) and question.id not in relevant:
            return question
    return None


@dataclass(frozen=True, slots=True)
class Progress:
    """ "3 / 12": the current question's place and how many may be asked in all."""

    number: int
    total: int


def progress(answers: Mapping[str, str], current: str) -> Progress:
    """The place of ``current`` among the questions that are or may still be asked."""
    settled = relevant_answers(answers)
    number = total = 0
    for question in QUESTIONS:
        may_ask = question.ask_if is None or question.ask_if.evaluate(settled) is not False
        if not may_ask:
            settled[question.id] = SKIPPED
            continue
        total += 1
        if question.id == current:
            number = total
    return Progress(number, total)
