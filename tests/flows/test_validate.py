"""The load-time check catches broken interview data before a person meets it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import pytest

from flows.card import GROUPS
from flows.checklist import ACTIONS, SELF_HELP
from flows.conditions import All, AnyOf, Is, questions_named
from flows.flow import Flow
from flows.guidance import TOPICS, Steps, Topic
from flows.interview import QUESTIONS
from flows.model import (
    DONT_KNOW,
    Action,
    FirstStep,
    Level,
    Option,
    Question,
    QuestionKind,
    Reason,
    Rule,
)
from flows.risk import RULES
from flows.text import N_
from flows.validate import FlowError, check

SAMPLE_IDS = frozenset({"reader", "location", "detention", "search", "charges", "lawyer"})


def only_sample(conditioned: tuple[Any, ...]) -> tuple[Any, ...]:
    """The rules or actions whose conditions name only the sample questions."""
    return tuple(x for x in conditioned if questions_named(x.when) <= SAMPLE_IDS)


def sample_steps(rule: Rule) -> Rule:
    """The rule with only the first steps whose conditions name the sample questions."""
    steps = tuple(s for s in rule.steps if s.when is None or questions_named(s.when) <= SAMPLE_IDS)
    return replace(rule, steps=steps)


SAMPLE_UNKNOWN = Rule(
    AnyOf(*(Is(q.id, DONT_KNOW) for q in QUESTIONS if q.id in SAMPLE_IDS and q.key_fact)),
    Level.MODERATE,
    Reason("unclear", N_("unclear")),
    offer_lawyer=True,
)
"""The shipped table's "I don't know" row, cut down to the sample's key facts."""


@dataclass(frozen=True)
class Data:
    """The tables the check reads: by default a small, valid part of the shipped ones.

    A small interview keeps the check's walk over every path fast.
    """

    questions: tuple[Question, ...] = tuple(q for q in QUESTIONS if q.id in SAMPLE_IDS)
    rules: tuple[Rule, ...] = (*map(sample_steps, only_sample(RULES)), SAMPLE_UNKNOWN)
    actions: tuple[Any, ...] = only_sample(ACTIONS)
    topics: tuple[Topic, ...] = tuple(
        t if t.fits is None or questions_named(t.fits) <= SAMPLE_IDS else replace(t, fits=None)
        for t in TOPICS
    )

    def flow(self) -> Flow:
        """These tables as a flow, with the shipped self-help actions and case card."""
        return Flow(self.questions, self.rules, self.actions, SELF_HELP, self.topics, GROUPS)


SAMPLE = Data()


def with_question(question_id: str, **changes: Any) -> Data:
    """The sample with one question changed."""
    questions = tuple(
        replace(q, **changes) if q.id == question_id else q for q in SAMPLE.questions
    )
    return replace(SAMPLE, questions=questions)


def before_last(question: Question) -> Data:
    """The sample with ``question`` added before its last question."""
    return replace(SAMPLE, questions=(*SAMPLE.questions[:-1], question, SAMPLE.questions[-1]))


def with_rule(new: Rule) -> Data:
    return replace(SAMPLE, rules=(*SAMPLE.rules, new))


def rule(when: Is, reason_id: str = "jailed", implied_by: frozenset[str] = frozenset()) -> Rule:
    return Rule(when, Level.HIGH, Reason(reason_id, N_("reason")), implied_by)


YES_NO = (Option("yes", N_("Yes")), Option("no", N_("No")))

BROKEN: dict[str, tuple[Callable[[], Data], str]] = {
    "ask_if names a later question": (
        lambda: with_question("reader", ask_if=Is("location", "russia")),
        "reader depends on later question location",
    ),
    "ask_if names an unknown option": (
        lambda: with_question("detention", ask_if=Is("location", "mars")),
        "question detention names unknown answer location=mars",
    ),
    "rule names an unknown option": (
        lambda: with_rule(rule(Is("detention", "jailed"))),
        "rule jailed names unknown answer detention=jailed",
    ),
    "rule names an unknown question": (
        lambda: with_rule(rule(Is("mood", "calm"))),
        "rule jailed names unknown answer mood=calm",
    ),
    "action names an unknown option": (
        lambda: replace(
            SAMPLE, actions=(*SAMPLE.actions, Action("wait", N_("Wait."), Is("charges", "maybe")))
        ),
        "action wait names unknown answer charges=maybe",
    ),
    "question that can never be asked": (
        lambda: before_last(
            Question(
                "consulate",
                N_("Did you go to the consulate?"),
                YES_NO,
                ask_if=All(Is("location", "uzbekistan"), Is("detention", "detained")),
            )
        ),
        "consulate is never asked",
    ),
    "payload over 64 bytes": (
        lambda: before_last(
            Question("consulate", N_("Consulate?"), (*YES_NO, Option("x" * 60, N_("Long"))))
        ),
        "over 64 bytes",
    ),
    "duplicate question id": (
        lambda: before_last(QUESTIONS[0]),
        "duplicate question reader",
    ),
    "duplicate option": (
        lambda: with_question("lawyer", options=(*YES_NO, YES_NO[0])),
        "duplicate option in lawyer",
    ),
    "a choice with one answer": (
        lambda: with_question("lawyer", options=YES_NO[:1]),
        "lawyer offers fewer than two answers",
    ),
    "duplicate reason id": (
        lambda: with_rule(rule(Is("search", "yes"), "wanted")),
        "duplicate reason id",
    ),
    "implied_by names an unknown reason": (
        lambda: with_rule(rule(Is("search", "yes"), "hunted", frozenset({"ghost"}))),
        "implied_by names unknown reason ghost",
    ),
    "a key fact whose “I don't know” reads as low": (
        lambda: replace(SAMPLE, rules=SAMPLE.rules[:-1]),
        "“I don't know” to key fact detention is not read as unclear danger",
    ),
    "a key fact without “I don't know”": (
        lambda: with_question("detention", options=YES_NO),
        "key fact detention has no “I don't know” answer",
    ),
    "the unclear reason can be hidden": (
        lambda: with_rule(rule(Is("search", "yes"), "hunted", frozenset({"unclear"}))),
        "reason unclear offers a lawyer but can be hidden",
    ),
    "an answer of several that counts nowhere": (
        lambda: before_last(
            Question(
                "past",
                N_("Has any of this happened?"),
                (*YES_NO, Option(DONT_KNOW, N_("I don't know"), exclusive=True)),
                kind=QuestionKind.MULTI,
            )
        ),
        "past=yes counts in no risk rule",
    ),
    "a heading without items": (
        lambda: replace(
            SAMPLE,
            topics=(
                *SAMPLE.topics,
                Topic("empty", N_("Empty"), N_("Empty"), (Steps(N_("Do:"), ()),)),
            ),
        ),
        "topic empty has a heading without items",
    ),
    "a day taken from a question that is no date": (
        lambda: replace(
            SAMPLE,
            actions=(
                *SAMPLE.actions,
                Action("go", N_("Go on {day}."), Is("lawyer", "yes"), days=(("day", "lawyer"),)),
            ),
        ),
        "action go fills {day} from lawyer, not a day",
    ),
    "a question the lawyer's case card leaves out": (
        lambda: before_last(Question("consulate", N_("Did you go to the consulate?"), YES_NO)),
        "consulate has 0 rows on the case card",
    ),
    "two different first steps with one id": (
        lambda: with_rule(
            replace(
                rule(Is("lawyer", "no"), "no_lawyer"),
                steps=(FirstStep("find_facility", N_("Find a lawyer.")),),
            )
        ),
        "two first steps are called find_facility",
    ),
    "a first step replacing one that does not exist": (
        lambda: with_rule(
            replace(
                rule(Is("lawyer", "no"), "no_lawyer"),
                steps=(FirstStep("hire", N_("Hire one."), replaces=frozenset({"wait"})),),
            )
        ),
        "first step hire replaces unknown wait",
    ),
}


def test_shipped_interview_passes_the_check() -> None:
    check()


def test_the_small_sample_the_cases_below_break_passes_the_check() -> None:
    assert {"wanted", "detained_on_search", "political_charges"} <= {
        r.reason.id for r in SAMPLE.rules
    }
    check(SAMPLE.flow())


@pytest.mark.parametrize(("make", "problem"), BROKEN.values(), ids=BROKEN.keys())
def test_check_names_the_problem(make: Callable[[], Data], problem: str) -> None:
    with pytest.raises(FlowError, match=problem):
        check(make().flow())


def test_check_lists_every_problem_at_once() -> None:
    later, _ = BROKEN["ask_if names a later question"]
    broken = replace(later(), rules=(*SAMPLE.rules, rule(Is("detention", "jailed"))))
    with pytest.raises(FlowError) as error:
        check(broken.flow())
    assert "reader depends on later question location" in str(error.value)
    assert "detention=jailed" in str(error.value)
