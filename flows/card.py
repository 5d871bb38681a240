"""What a lawyer reads of a case, as data: answers grouped under short labels, what is still
unknown, the appeal deadlines running and the first steps from the risk table.

``bot/desk/cards.py`` renders it in the lawyer's language. Every question of the interview
has exactly one row here (``flows.validate`` checks it), so no answer is left off the card.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from flows.checklist import DEADLINES, PlannedAction
from flows.conditions import AnyOf, Condition, Is, chosen_ids, is_iso_date
from flows.deadlines import DeadlineRule
from flows.interview import QUESTIONS
from flows.model import DONT_KNOW, FirstStep, Question
from flows.path import is_asked, relevant_answers, settled
from flows.risk import DETAINED, RULES
from flows.text import NP_, Msg, Text


@dataclass(frozen=True, slots=True)
class Row:
    """One question on the card: its short label, and card wording for some answers."""

    question: str
    label: Msg
    shown: tuple[tuple[str, Msg], ...] = ()


@dataclass(frozen=True, slots=True)
class Group:
    """Rows shown together under a heading."""

    title: Msg
    rows: tuple[Row, ...]


@dataclass(frozen=True, slots=True)
class NeverAsked:
    """Something the interview does not ask that a lawyer needs to know, when it matters."""

    text: Msg
    when: Condition


# TRANSLATORS: the case card shows an answer "I don't know" this way, next to its label.
NOT_KNOWN = NP_("card", "not known")

GROUPS: tuple[Group, ...] = (
    Group(
        NP_("card", "Who is writing"),
        (
            Row(
                "reader",
                NP_("card", "Answers by"),
                (
                    ("self", NP_("card", "the person themselves")),
                    ("other", NP_("card", "a relative or friend")),
                ),
            ),
            Row("lawyer", NP_("card", "Has a lawyer")),
        ),
    ),
    Group(
        NP_("card", "Where the person is"),
        (
            Row("location", NP_("card", "Where")),
            Row("country", NP_("card", "Country")),
            Row("held_in_uzbekistan", NP_("card", "Held in Uzbekistan")),
            Row("detention", NP_("card", "Detention")),
        ),
    ),
    Group(
        NP_("card", "Proceedings and decisions"),
        (
            Row("proceedings", NP_("card", "Russian authorities")),
            Row("extradition_decision", NP_("card", "Extradition decision")),
            Row("extradition_decision_date", NP_("card", "Decision received")),
            Row("expulsion_decision", NP_("card", "Expulsion order")),
            Row("expulsion_decision_date", NP_("card", "Copy received")),
            Row("proceedings_abroad", NP_("card", "Authorities there")),
            Row("decision_abroad", NP_("card", "Decision there")),
            Row("removal_date", NP_("card", "Removal date")),
            Row("removal_day", NP_("card", "Removal day")),
        ),
    ),
    Group(
        NP_("card", "Charges in Uzbekistan"),
        (Row("search", NP_("card", "Search")), Row("charges", NP_("card", "Charges"))),
    ),
    Group(NP_("card", "Asylum"), (Row("asylum", NP_("card", "Refugee status or asylum")),)),
    Group(
        NP_("card", "Risk history"),
        (
            Row("history", NP_("card", "Past events")),
            Row("assurances", NP_("card", "Diplomatic assurances")),
        ),
    ),
)
ROWS = {row.question: row for group in GROUPS for row in group.rows}
MOST_STEPS = max(len(rule.steps) for rule in RULES)

NEVER_ASKED: tuple[NeverAsked, ...] = (
    NeverAsked(
        NP_("card", "where exactly the person is held, and since when"),
        AnyOf(DETAINED, Is("held_in_uzbekistan", "held")),
    ),
    NeverAsked(
        NP_("card", "whether the decision was appealed"),
        AnyOf(Is("extradition_decision", "yes"), Is("expulsion_decision", "court", "mvd")),
    ),
    NeverAsked(
        NP_("card", "the time, flight or escort, and destination of the removal"),
        Is("removal_date", "yes"),
    ),
    NeverAsked(
        NP_("card", "the articles charged, and by whom"),
        Is("charges", "extremism", "other"),
    ),
    NeverAsked(
        NP_("card", "whether the person knows of this request and agrees"),
        Is("reader", "other"),
    ),
)
"""The interview's blind spots: what the lawyer asks first, where it matters."""


@dataclass(frozen=True, slots=True)
class Answered:
    """A row with its answer: the options chosen, "not known", or a day."""

    question: str
    label: Msg
    answer: tuple[Text, ...] | date


@dataclass(frozen=True, slots=True)
class Unknown:
    """What is still unknown: answered "I don't know", not asked yet, never asked."""

    dont_know: tuple[Msg, ...]
    not_asked: tuple[Msg, ...]
    never_asked: tuple[Msg, ...]

    def __bool__(self) -> bool:
        return bool(self.dont_know or self.not_asked or self.never_asked)


@dataclass(frozen=True, slots=True)
class Deadline:
    """An appeal period running from a day the person gave."""

    rule: DeadlineRule
    last_day: date


def answered(
    answers: Mapping[str, str],
    groups: Sequence[Group] = GROUPS,
    questions: Sequence[Question] = QUESTIONS,
) -> list[tuple[Msg, tuple[Answered, ...]]]:
    """The groups that have answers on the person's path, with those answers.

    ``groups`` and ``questions`` are the interview's by default (``Flow`` passes its own).
    """
    relevant = relevant_answers(answers, questions)
    by_id = {question.id: question for question in questions}
    shown = []
    for group in groups:
        rows = tuple(
            Answered(
                row.question, row.label, _shown(row, by_id[row.question], relevant[row.question])
            )
            for row in group.rows
            if row.question in relevant
        )
        if rows:
            shown.append((group.title, rows))
    return shown


def _shown(row: Row, question: Question, answer: str) -> tuple[Text, ...] | date:
    if is_iso_date(answer):
        return date.fromisoformat(answer)
    ids = chosen_ids(answer)
    if DONT_KNOW in ids:
        return (NOT_KNOWN,)
    own = dict(row.shown)
    return tuple(own.get(option.id, option.label) for option in question.chosen(answer))


def unknown(answers: Mapping[str, str]) -> Unknown:
    """What the lawyer still has to find out, given the answers so far.

    "Not asked yet" lists the questions the person would meet next (after asking for a
    lawyer before the end), not those that hang on an answer still missing.
    """
    relevant = relevant_answers(answers)
    known = settled(answers)
    dont_know = tuple(
        ROWS[q.id].label
        for q in QUESTIONS
        if q.id in relevant and DONT_KNOW in chosen_ids(relevant[q.id])
    )
    not_asked = tuple(
        ROWS[q.id].label for q in QUESTIONS if q.id not in known and is_asked(q, relevant)
    )
    never_asked = tuple(item.text for item in NEVER_ASKED if item.when.evaluate(known) is True)
    return Unknown(dont_know, not_asked, never_asked)


def running_deadlines(answers: Mapping[str, str]) -> tuple[Deadline, ...]:
    """The appeal periods counted from the days the person gave (running or already over)."""
    known = settled(answers)
    return tuple(
        Deadline(action.rule, action.rule.last_day(date.fromisoformat(known[action.question])))
        for action in DEADLINES
        if action.when.evaluate(known)
    )


def first_steps(answers: Mapping[str, str], today: date) -> tuple[PlannedAction, ...]:
    """The lawyer's first steps from every risk row that holds, the most useful first.

    Steps that race a deadline or a removal come first; then each row's first step, the
    most serious rows first, then each row's second step, and so on, so that a short list
    covers every danger. A step shared by several rows is listed once, a step another one
    replaces is left out; ``{deadline}`` is filled in, and a step whose appeal period is
    over on ``today`` says so.
    """
    known = settled(answers)
    matched = sorted(
        (rule for rule in RULES if rule.when.evaluate(known)), key=lambda rule: -rule.level
    )
    fitting = [
        [step for step in rule.steps if step.when is None or step.when.evaluate(known)]
        for rule in matched
    ]
    ranked = [steps[rank] for rank in range(MOST_STEPS) for steps in fitting if rank < len(steps)]
    unique = {step.id: step for step in ranked}
    replaced = set().union(*(step.replaces for step in unique.values()))
    kept = sorted(
        (step for step in unique.values() if step.id not in replaced),
        key=lambda step: not step.pressing,
    )
    return tuple(_planned(step, known, today) for step in kept)


def _planned(step: FirstStep, answers: Mapping[str, str], today: date) -> PlannedAction:
    if step.counted is None:
        return PlannedAction(step.id, step.text, step.sources, {})
    rule, question = step.counted
    last_day = rule.last_day(date.fromisoformat(answers[question]))
    text = step.passed if step.passed is not None and last_day < today else step.text
    return PlannedAction(step.id, text, step.sources, {"deadline": last_day}, law=rule.law)


def every_step() -> tuple[FirstStep, ...]:
    """Every first step of the risk table, once each, in table order."""
    return tuple({step.id: step for rule in RULES for step in rule.steps}.values())
