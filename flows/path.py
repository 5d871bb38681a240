"""Which questions a person meets, given their answers: next question, progress, relevance."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from flows.interview import QUESTIONS
from flows.model import Question

SKIPPED = "\0skipped"
"""Stands for the answer of a question that will not be asked, so conditions on it are false."""


def relevant_answers(
    answers: Mapping[str, str], questions: Sequence[Question] = QUESTIONS
) -> dict[str, str]:
    """The answers to ``questions`` (the interview's, by default) still on the person's path.

    Answers to questions that later changes made irrelevant are kept in the state (so Back
    restores them) but take no part in rules, checklists or summaries.
    """
    kept: dict[str, str] = {}
    for question in questions:
        if is_asked(question, kept) and question.id in answers:
            kept[question.id] = answers[question.id]
    return kept


def is_asked(question: Question, answers: Mapping[str, str]) -> bool:
    """Whether ``question`` is asked after ``answers``."""
    return question.ask_if is None or question.ask_if.evaluate(answers) is True


def next_question(
    answers: Mapping[str, str], after: str | None, questions: Sequence[Question] = QUESTIONS
) -> Question | None:
    """The first unanswered question on the path after ``after`` (from the start if None)."""
    relevant = relevant_answers(answers, questions)
    ids = [q.id for q in questions]
    start = ids.index(after) + 1 if after in ids else 0
    for question in questions[start:]:
        if is_asked(question, relevant) and question.id not in relevant:
            return question
    return None


class Settled(dict[str, str]):
    """Answers already passed through :func:`settled` (doing it again changes nothing)."""


def settled(answers: Mapping[str, str], questions: Sequence[Question] = QUESTIONS) -> Settled:
    """The answers on the path, with every question that will not be asked marked skipped.

    A condition on a skipped question is then false, not unknown: a person in Russia has
    no answer about the country they are in, and "not under proceedings abroad" holds.
    Questions still to be asked stay unknown.
    """
    if isinstance(answers, Settled):
        return answers
    kept = Settled(relevant_answers(answers, questions))
    for question in questions:
        skipped = question.ask_if is not None and question.ask_if.evaluate(kept) is False
        if skipped and question.id not in kept:
            kept[question.id] = SKIPPED
    return kept


@dataclass(frozen=True, slots=True)
class Progress:
    """ "3 / 12": the current question's place and how many may be asked in all."""

    number: int
    total: int


def progress(
    answers: Mapping[str, str], current: str, questions: Sequence[Question] = QUESTIONS
) -> Progress:
    """The place of ``current`` among the questions that are or may still be asked."""
    known = settled(answers, questions)
    ahead = [q.id for q in questions if known.get(q.id) != SKIPPED]
    return Progress(ahead.index(current) + 1 if current in ahead else 0, len(ahead))
