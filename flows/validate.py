"""Load-time checks of the interview data: every flow is well formed before it runs.

Checks: ids unique; every option a condition, rule or action names exists; ``ask_if`` only
looks back; every question is asked on some path; every path ends in a result; every
button payload fits Telegram's 64 bytes; every reason and action has text; every guidance
topic an action or topic names exists, and every guidance statement has a source or is
marked as advice.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from itertools import product

from flows.buttons import (
    AnswerButton,
    Button,
    DayButton,
    Nav,
    Origin,
    RelativeDay,
    TopicButton,
    pack,
)
from flows.checklist import ACTIONS
from flows.conditions import Condition, questions_named
from flows.guidance import TOPICS, TOPICS_BY_ID
from flows.interview import QUESTIONS
from flows.model import QuestionKind
from flows.path import next_question
from flows.risk import RULES

ISO_SAMPLE = "2000-01-01"
SAMPLE_DAY = date(2000, 1, 1)


class FlowError(ValueError):
    """The interview data is inconsistent; the message lists every problem."""


def check() -> None:
    """Raise :class:`FlowError` listing every problem in the interview data."""
    problems = [*_ids(), *_conditions(), *_buttons(), *_reachability(), *_topics()]
    if problems:
        raise FlowError("; ".join(problems))


def _ids() -> Iterator[str]:
    seen: set[str] = set()
    for question in QUESTIONS:
        if question.id in seen:
            yield f"duplicate question {question.id}"
        seen.add(question.id)
        options = [option.id for option in question.options]
        if len(options) != len(set(options)):
            yield f"duplicate option in {question.id}"
        if question.kind is QuestionKind.CHOICE and len(options) < 2:
            yield f"{question.id} offers fewer than two answers"
    reason_ids = [rule.reason.id for rule in RULES]
    if len(reason_ids) != len(set(reason_ids)):
        yield "duplicate reason id"
    implied = set().union(*(rule.implied_by for rule in RULES))
    yield from (f"implied_by names unknown reason {r}" for r in implied - set(reason_ids))


def _conditions() -> Iterator[str]:
    order = {question.id: n for n, question in enumerate(QUESTIONS)}
    options = {q.id: {o.id for o in q.options} for q in QUESTIONS}
    named: list[tuple[str, Condition]] = [
        *((f"rule {r.reason.id}", r.when) for r in RULES),
        *((f"action {a.id}", a.when) for a in ACTIONS),
    ]
    for question in QUESTIONS:
        if question.ask_if is None:
            continue
        named.append((f"question {question.id}", question.ask_if))
        late = [
            q for q in questions_named(question.ask_if) if order.get(q, -1) >= order[question.id]
        ]
        yield from (f"{question.id} depends on later question {q}" for q in late)
    for where, condition in named:
        for question_id, option_id in condition.references():
            if option_id not in options.get(question_id, set()):
                yield f"{where} names unknown answer {question_id}={option_id}"


def _buttons() -> Iterator[str]:
    buttons: list[Button] = list(Nav)
    for question in QUESTIONS:
        buttons += [AnswerButton(question.id, option.id) for option in question.options]
        if question.kind is QuestionKind.DATE:
            buttons += [DayButton(question.id, day) for day in (*RelativeDay, SAMPLE_DAY)]
    buttons += [TopicButton(topic.id, origin) for topic in TOPICS for origin in Origin]
    for button in buttons:
        try:
            pack(button)
        except ValueError as error:
            yield str(error)


def _topics() -> Iterator[str]:
    if len(TOPICS_BY_ID) != len(TOPICS):
        yield "duplicate topic id"
    named = [(f"action {a.id}", a.topic) for a in ACTIONS if a.topic]
    named += [(f"topic {t.id}", related) for t in TOPICS for related in t.related]
    yield from (
        f"{where} names unknown topic {id_}" for where, id_ in named if id_ not in TOPICS_BY_ID
    )
    for topic in TOPICS:
        if topic.id in topic.related:
            yield f"topic {topic.id} names itself as related"
        unsourced = [s for s in topic.statements() if not s.sources and not s.advice]
        if unsourced:
            yield f"topic {topic.id} has {len(unsourced)} statement(s) without a source"


def _reachability() -> Iterator[str]:
    asked: set[str] = set()
    for answers in _paths():
        asked.update(answers)
    yield from (f"{q.id} is never asked" for q in QUESTIONS if q.id not in asked)


def _paths() -> Iterator[Mapping[str, str]]:
    """Every distinct path through the interview, by answers that steer it.

    Only answers named by some ``ask_if`` branch the walk; other questions take their first
    answer. Each walk must end (no loops), so every path ends in a result.
    """
    steering = set().union(*(questions_named(q.ask_if) for q in QUESTIONS if q.ask_if))
    choices = [
        [o.id for o in q.options] + ([ISO_SAMPLE] if q.kind is QuestionKind.DATE else [])
        if q.id in steering
        else [q.options[0].id]
        for q in QUESTIONS
    ]
    for combination in product(*choices):
        preset = dict(zip((q.id for q in QUESTIONS), combination, strict=True))
        answers: dict[str, str] = {}
        current = next_question(answers, after=None)
        for _ in QUESTIONS:
            if current is None:
                break
            answers[current.id] = preset[current.id]
            current = next_question(answers, after=current.id)
        if current is not None:
            raise FlowError("an interview path does not end")
        yield answers
