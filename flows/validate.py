"""Load-time checks of the interview data, and the walk over every path of the interview.

:func:`check` runs on a :class:`~flows.flow.Flow` (the shipped one when the bot starts): ids unique; every option a condition, rule or
action names exists; ``ask_if`` only looks back; every question is asked on some path;
every button payload fits Telegram's 64 bytes; every guidance topic an action or topic names
exists, every guidance statement has a source or is marked as advice, and no heading is
left without items; "I don't know" to a key fact is never read as low risk; every answer of
a question with several answers counts in the risk table; every question has exactly one
row on the lawyer's case card, and the first steps' ids are unique and their days real.

:func:`paths` generates every path of the interview from the data, for the table tests of
the principles the flows must hold (``tests/flows/test_principles.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import date, timedelta

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
from flows.checklist import DeadlineAction
from flows.conditions import (
    All,
    AnyOf,
    Condition,
    Is,
    IsDate,
    Not,
    chosen_ids,
    questions_named,
)
from flows.flow import INTERVIEW, Flow
from flows.guidance import Steps
from flows.model import DONT_KNOW, Action, FirstStep, Level, Question, QuestionKind
from flows.path import is_asked

SAMPLE_DAY = date(2000, 1, 1)


class FlowError(ValueError):
    """The interview data is inconsistent; the message lists every problem."""


def check(flow: Flow = INTERVIEW) -> None:
    """Raise :class:`FlowError` listing every problem in the interview data."""
    problems = [
        *_ids(flow),
        *_conditions(flow),
        *_buttons(flow),
        *_reachability(flow),
        *_topics(flow),
        *_unknowns(flow),
        *_several_answers(flow),
        *_card(flow),
    ]
    if problems:
        raise FlowError("; ".join(problems))


def _ids(flow: Flow) -> Iterator[str]:
    seen: set[str] = set()
    for question in flow.questions:
        if question.id in seen:
            yield f"duplicate question {question.id}"
        seen.add(question.id)
        options = [option.id for option in question.options]
        if len(options) != len(set(options)):
            yield f"duplicate option in {question.id}"
        if question.kind is QuestionKind.CHOICE and len(options) < 2:
            yield f"{question.id} offers fewer than two answers"
    reason_ids = [rule.reason.id for rule in flow.rules]
    if len(reason_ids) != len(set(reason_ids)):
        yield "duplicate reason id"
    implied = set().union(*(rule.implied_by for rule in flow.rules))
    yield from (f"implied_by names unknown reason {r}" for r in implied - set(reason_ids))


def _conditions(flow: Flow) -> Iterator[str]:
    order = {question.id: n for n, question in enumerate(flow.questions)}
    options = {q.id: {o.id for o in q.options} for q in flow.questions}
    named: list[tuple[str, Condition]] = [
        *((f"rule {r.reason.id}", r.when) for r in flow.rules),
        *((f"first step {s.id}", s.when) for s in _steps(flow) if s.when is not None),
        *((f"action {a.id}", a.when) for a in (*flow.actions, *flow.self_help)),
        *((f"topic {t.id}", t.fits) for t in flow.topics if t.fits is not None),
    ]
    kinds = {question.id: question.kind for question in flow.questions}
    for action in flow.actions:
        days = action.days if isinstance(action, Action) else ()
        for name, question_id in days:
            if not kinds.get(question_id, QuestionKind.CHOICE).dated:
                yield f"action {action.id} fills {{{name}}} from {question_id}, not a day"
    for question in flow.questions:
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


def _buttons(flow: Flow) -> Iterator[str]:
    buttons: list[Button] = list(Nav)
    for question in flow.questions:
        buttons += [AnswerButton(question.id, option.id) for option in question.options]
        if question.kind.dated:
            buttons += [DayButton(question.id, day) for day in (*RelativeDay, SAMPLE_DAY)]
    buttons += [TopicButton(topic.id, origin) for topic in flow.topics for origin in Origin]
    for button in buttons:
        try:
            pack(button)
        except ValueError as error:
            yield str(error)


def _topics(flow: Flow) -> Iterator[str]:
    ids = [topic.id for topic in flow.topics]
    if len(ids) != len(set(ids)):
        yield "duplicate topic id"
    named = [(f"action {a.id}", a.topic) for a in flow.actions if a.topic]
    named += [(f"topic {t.id}", related) for t in flow.topics for related in t.related]
    yield from (f"{where} names unknown topic {id_}" for where, id_ in named if id_ not in ids)
    for topic in flow.topics:
        if topic.id in topic.related:
            yield f"topic {topic.id} names itself as related"
        unsourced = [s for s in topic.statements() if not s.sources and not s.advice]
        if unsourced:
            yield f"topic {topic.id} has {len(unsourced)} statement(s) without a source"
        if not topic.blocks or any(isinstance(b, Steps) and not b.items for b in topic.blocks):
            yield f"topic {topic.id} has a heading without items"


def _unknowns(flow: Flow) -> Iterator[str]:
    """ "I don't know" to a key fact, alone, is at least moderate and offers a lawyer."""
    for question in flow.questions:
        if not question.key_fact:
            continue
        if question.option(DONT_KNOW) is None:
            yield f"key fact {question.id} has no “I don't know” answer"
            continue
        unknown = {question.id: DONT_KNOW}
        matched = [rule for rule in flow.rules if rule.when.evaluate(unknown)]
        if not any(r.level >= Level.MODERATE and r.offer_lawyer for r in matched):
            yield f"“I don't know” to key fact {question.id} is not read as unclear danger"
    for rule in flow.rules:
        if rule.offer_lawyer and any(rule.reason.id in other.implied_by for other in flow.rules):
            yield f"reason {rule.reason.id} offers a lawyer but can be hidden"


def _several_answers(flow: Flow) -> Iterator[str]:
    """On a question with several answers, every answer counts and none is negated."""
    counted = {ref for rule in flow.rules for ref in rule.when.references()}
    negated = {q for c in _all_conditions(flow) for q in _negated(c)}
    for question in flow.questions:
        if question.kind is not QuestionKind.MULTI:
            continue
        several = [o for o in question.options if not o.exclusive]
        if len(several) < 2:
            yield f"{question.id} takes several answers but offers fewer than two"
        for option in several:
            if (question.id, option.id) not in counted:
                yield f"{question.id}={option.id} counts in no risk rule"
        if question.id in negated:
            yield f"{question.id} takes several answers but a condition negates it"


def _card(flow: Flow) -> Iterator[str]:
    rows = [row.question for group in flow.groups for row in group.rows]
    for question in flow.questions:
        if rows.count(question.id) != 1:
            yield f"{question.id} has {rows.count(question.id)} rows on the case card"
    asked = {question.id for question in flow.questions}
    every = [step for rule in flow.rules for step in rule.steps]
    unique = _steps(flow)
    known = {step.id for step in unique}
    for step in unique:
        if any(other.id == step.id and other != step for other in every):
            yield f"two first steps are called {step.id}"
        if step.counted is not None and step.counted[1] not in asked:
            yield f"first step {step.id} counts from unknown question {step.counted[1]}"
        yield from (f"first step {step.id} replaces unknown {r}" for r in step.replaces - known)


def _steps(flow: Flow) -> list[FirstStep]:
    """The first steps of the risk table, once each."""
    return list({step.id: step for rule in flow.rules for step in rule.steps}.values())


def _all_conditions(flow: Flow) -> list[Condition]:
    return [
        *(q.ask_if for q in flow.questions if q.ask_if is not None),
        *(r.when for r in flow.rules),
        *(s.when for s in _steps(flow) if s.when is not None),
        *(a.when for a in (*flow.actions, *flow.self_help)),
        *(t.fits for t in flow.topics if t.fits is not None),
    ]


def _negated(condition: Condition, under_not: bool = False) -> frozenset[str]:
    """The questions a condition names under a :class:`Not`."""
    match condition:
        case Is(question=q) | IsDate(question=q):
            return frozenset({q}) if under_not else frozenset()
        case Not(condition=inner):
            return _negated(inner, True)
        case All(conditions=parts) | AnyOf(conditions=parts):
            return frozenset().union(*(_negated(p, under_not) for p in parts))


def _reachability(flow: Flow) -> Iterator[str]:
    steering = set().union(*(questions_named(q.ask_if) for q in flow.questions if q.ask_if))
    choices = {
        q.id: _classes(flow, q, SAMPLE_DAY) if q.id in steering else [q.options[0].id]
        for q in flow.questions
    }
    asked: set[str] = set()
    for answers in _walk(flow, lambda question: choices[question.id]):
        asked.update(answers)
    yield from (f"{q.id} is never asked" for q in flow.questions if q.id not in asked)


def paths(today: date, flow: Flow = INTERVIEW) -> Iterator[dict[str, str]]:
    """Every path through the interview, generated from the data, as complete answers.

    Answers come in *classes*: options that no condition (``ask_if``, risk rule, action,
    topic) tells apart are one class; a day is one that keeps an appeal running on
    ``today``, one after it ended, or one to come; a question with several answers is
    answered "none" or "all of them" (no condition negates it, so any other choice matches
    rows between those two).

    Every route through the question graph is taken: it branches on every class of every
    question that steers it (named by an ``ask_if``), says where the person is (named by a
    topic's ``fits``), or is a day. On each route the other questions are answered in
    profiles: all at their calmest class; each other class of each one in turn; all
    "I don't know"; all at their most serious class. A question named only by advice with
    no topic (the lawyer question) takes its first answer: it can add a line, nothing more.
    """
    classes = {question.id: _classes(flow, question, today) for question in flow.questions}
    routing = _routing_questions(flow)
    inert = _inert_questions(flow)
    profiled = [q for q in flow.questions if q.id not in routing | inert]
    seen: set[tuple[tuple[str, str], ...]] = set()
    for profile in _profiles(flow, profiled, classes):

        def choices(question: Question, profile: Mapping[str, str] = profile) -> list[str]:
            if question.id in routing:
                return classes[question.id]
            return [profile.get(question.id, question.options[0].id)]

        for answers in _walk(flow, choices):
            key = tuple(answers.items())
            if key not in seen:
                seen.add(key)
                yield answers


def _routing_questions(flow: Flow) -> frozenset[str]:
    """Questions whose answers choose the route: steering, place, and days."""
    return frozenset().union(
        *(questions_named(q.ask_if) for q in flow.questions if q.ask_if is not None),
        *(questions_named(t.fits) for t in flow.topics if t.fits is not None),
        (q.id for q in flow.questions if q.kind.dated),
    )


def _profiles(
    flow: Flow, questions: list[Question], classes: Mapping[str, list[str]]
) -> Iterator[dict[str, str]]:
    """Answers for the questions that do not choose the route (see :func:`paths`)."""
    counted = [atom for rule in flow.rules for atom in _atoms(rule.when)]

    def weight(question: Question, answer: str) -> int:
        ids = chosen_ids(answer)
        return sum(
            1 for a in counted if a.question == question.id and not a.options.isdisjoint(ids)
        )

    def ranked(question: Question) -> list[str]:
        """The question's classes from the calmest to the most serious (stable)."""
        return sorted(classes[question.id], key=lambda answer: weight(question, answer))

    calm = {q.id: ranked(q)[0] for q in questions}
    yield calm
    for question in questions:
        for answer in classes[question.id]:
            if answer != calm[question.id]:
                yield {**calm, question.id: answer}
    yield {q.id: DONT_KNOW if q.option(DONT_KNOW) else calm[q.id] for q in questions}
    yield {q.id: ranked(q)[-1] for q in questions}


def _walk(flow: Flow, choices: Callable[[Question], list[str]]) -> Iterator[dict[str, str]]:
    """Depth-first over the questions in order, each asked one answered by ``choices``."""

    def walk(index: int, answers: dict[str, str]) -> Iterator[dict[str, str]]:
        for position in range(index, len(flow.questions)):
            question = flow.questions[position]
            if is_asked(question, answers):
                for answer in choices(question):
                    yield from walk(position + 1, {**answers, question.id: answer})
                return
        yield answers

    return walk(0, {})


def _classes(flow: Flow, question: Question, today: date) -> list[str]:
    """One answer for each class of the question's answers (see :func:`paths`)."""
    if question.kind is QuestionKind.MULTI:
        several = [o.id for o in question.options if not o.exclusive]
        exclusive = [o.id for o in question.options if o.exclusive]
        return [*exclusive[:1], question.answer_of(several)]
    atoms = [a for c in _all_conditions(flow) for a in _atoms(c) if a.question == question.id]
    classes: dict[tuple[bool, ...], str] = {}
    for option in question.options:
        classes.setdefault(tuple(option.id in atom.options for atom in atoms), option.id)
    days = {
        QuestionKind.DATE: [today - timedelta(days=1), today - timedelta(days=12)],
        QuestionKind.DATE_AHEAD: [today + timedelta(days=1)],
    }.get(question.kind, [])
    return [*classes.values(), *(day.isoformat() for day in days)]


def _atoms(condition: Condition) -> Iterator[Is]:
    match condition:
        case Is():
            yield condition
        case Not(condition=inner):
            yield from _atoms(inner)
        case All(conditions=parts) | AnyOf(conditions=parts):
            for part in parts:
                yield from _atoms(part)


def _inert_questions(flow: Flow) -> frozenset[str]:
    """Questions named only by advice actions with no topic and no days."""
    named_elsewhere = set().union(
        *(questions_named(q.ask_if) for q in flow.questions if q.ask_if is not None),
        *(questions_named(r.when) for r in flow.rules),
        *(questions_named(t.fits) for t in flow.topics if t.fits is not None),
        *(questions_named(a.when) for a in (*flow.actions, *flow.self_help) if not _inert(a)),
    )
    return frozenset(
        q.id for q in flow.questions if q.id not in named_elsewhere and not q.key_fact
    )


def _inert(action: Action | DeadlineAction) -> bool:
    """An action that adds only a line of advice: no level, source, topic or day."""
    return isinstance(action, Action) and action.advice and not action.topic and not action.days
