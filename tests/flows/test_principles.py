"""The principles the interview must hold, checked on every path generated from the flow data.

``flows.validate.paths`` walks the question graph: every question on a path takes every
class of its answers (options no condition tells apart are one class; a day keeps an appeal
running, has let it pass, or is to come). Each principle is a row of the table below: a
check of one path's result, and which paths it is about. The walk runs once; every row must
hold on every path it is about, and be about some.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache

import pytest

from flows.card import first_steps
from flows.checklist import DEADLINES, PlannedAction
from flows.engine import result_of
from flows.guidance import WHERE_TO_GET_HELP, Topic, fits
from flows.interview import QUESTIONS, QUESTIONS_BY_ID
from flows.model import DONT_KNOW, Level, Source
from flows.path import settled
from flows.places import IN_NON_MEMBER
from flows.risk import KEY_FACTS, RULES, Assessment, assess
from flows.screens import Result
from flows.sources import DOCUMENTS, Jurisdiction
from flows.text import Reader, worded
from flows.validate import paths

TODAY = date(2026, 11, 29)
Answers = Mapping[str, str]


@dataclass(frozen=True)
class Path:
    """One generated path: the answers, the assessment, the result the person sees, and the
    first steps the lawyer's card lists."""

    answers: Answers
    assessment: Assessment
    result: Result
    steps: tuple[PlannedAction, ...]

    @property
    def location(self) -> str:
        return self.answers["location"]

    def reasons(self) -> set[str]:
        return {reason.id for reason in self.result.reasons}

    def actions(self) -> set[str]:
        return {action.id for action in self.result.actions}

    def topics(self) -> set[str]:
        return {topic.id for topic in self.result.topics}

    def sources(self) -> Iterator[tuple[str, Source]]:
        """Every source behind what the result or the lawyer's card shows or links, with
        where it is shown."""
        for step in self.steps:
            yield from ((f"first step {step.id}", s) for s in step.sources)
        for reason in self.result.reasons:
            yield from ((f"reason {reason.id}", s) for s in reason.sources)
        for action in self.result.actions:
            yield from ((f"action {action.id}", s) for s in action.sources)
        for topic in self.result.topics:
            for statement in topic.statements():
                yield from ((f"topic {topic.id}", s) for s in statement.sources)


def jurisdiction_of(source: Source) -> Jurisdiction:
    return DOCUMENTS[source.key].jurisdiction


Check = Callable[[Path], str | None]
"""What is wrong with a path's result, or ``None``."""


def unknowns_are_never_low(path: Path) -> str | None:
    assessment = path.assessment
    if assessment.level < Level.MODERATE:
        return f"level {assessment.level.key}"
    if "unclear" not in path.reasons():
        return "does not say the danger is unclear"
    if not assessment.offers_lawyer:
        return "does not offer a lawyer"
    return None


def nothing_is_empty(path: Path) -> str | None:
    if not path.result.reasons:
        return "no reasons under “Why”"
    if not path.result.actions:
        return "nothing under “What to do now”"
    empty = [t.id for t in path.result.topics if not list(t.statements())]
    return f"empty topics {empty}" if empty else None


RUSSIAN_WORDS = ("Russia", "Prosecutor General", "MVD")


def questions_fit_the_place(path: Path) -> str | None:
    """Outside Russia no question speaks of Russia or its authorities."""
    for question_id in path.answers:
        text = QUESTIONS_BY_ID[question_id].text
        for reader in Reader:
            words = worded(text, reader).text
            if any(word in words for word in RUSSIAN_WORDS):
                return f"asks {question_id}: “{words}”"
    return None


def russian_law_only_in_russia(path: Path) -> str | None:
    """Russian law and Russia-only help only where the person may be in Russia; deadlines
    only in Russia."""
    for where, source in path.sources():
        if jurisdiction_of(source) is Jurisdiction.RUSSIA and path.location not in {
            "russia",
            DONT_KNOW,
        }:
            return f"{where} rests on Russian law ({source.key})"
    deadlines = {action.id for action in DEADLINES} & path.actions()
    if deadlines and path.location != "russia":
        return f"Russian deadlines {deadlines}"
    return None


def rule39_only_where_it_can_apply(path: Path) -> str | None:
    """Rule 39 only outside Russia, in a member state of the Council of Europe or one that
    may be."""
    can_apply = path.location == "other_country" and not IN_NON_MEMBER.evaluate(path.answers)
    for where, source in path.sources():
        if jurisdiction_of(source) is Jurisdiction.RULE39 and not can_apply:
            return f"{where} rests on Rule 39 ({source.key})"
    return None


def abroad_asks_country_and_what_is_under_way(path: Path) -> str | None:
    missing = {"country", "proceedings_abroad"} - set(path.answers)
    return f"not asked {missing}" if missing else None


RETURNED_ACTIONS = {"returned_un_complaint", "returned_limits", "family_in_russia"}


def returned_has_its_own_outcome(path: Path) -> str | None:
    missing = RETURNED_ACTIONS - path.actions()
    if missing:
        return f"misses {missing}"
    if path.result.level is Level.HIGH and path.result.summary is None:
        return "no summary of its own"
    return russian_law_only_in_russia(path)


def pending_claim_has_its_content(path: Path) -> str | None:
    expected = (
        {"asylum_pending_protection", "keep_claim_papers", "asylum_if_refused"}
        if path.location == "russia"
        else {"keep_claim_papers", "asylum_abroad_if_refused"}
    )
    missing = expected - path.actions()
    if missing:
        return f"misses {missing}"
    if path.location == "russia" and "asylum" not in path.topics():
        return "the asylum topic is not one tap away"
    return None


def every_past_event_counts(path: Path) -> str | None:
    question = "history"
    chosen = QUESTIONS_BY_ID[question].chosen(path.answers[question])
    shown = path.reasons()
    for option in chosen:
        if option.exclusive:
            continue
        counted = [r for r in RULES if (question, option.id) in r.when.references()]
        if not any(rule.reason.id in shown for rule in counted):
            return f"{option.id} is not counted"
    return None


def high_results_offer_the_lawyer(path: Path) -> str | None:
    return None if path.assessment.offers_lawyer else "no lawyer offered"


def the_lawyer_gets_first_steps(path: Path) -> str | None:
    return None if path.steps else "no first step for the lawyer"


def links_follow_the_situation(path: Path) -> str | None:
    topics: tuple[Topic, ...] = path.result.topics
    help_topics = [t.id for t in topics if t.id in WHERE_TO_GET_HELP]
    if len(help_topics) != 1:
        return f"where to get help: {help_topics}"
    known = settled(path.answers)
    unfit = [t.id for t in topics if not fits(t, known)]
    return f"topics that do not fit {unfit}" if unfit else None


def key_fact_unknown(path: Path) -> bool:
    return any(path.answers.get(q) == DONT_KNOW for q in KEY_FACTS)


def several_events(path: Path) -> bool:
    return "," in path.answers.get("history", "")


def everyone(_: Path) -> bool:
    return True


def outside_russia(path: Path) -> bool:
    return path.location != "russia"


def abroad(path: Path) -> bool:
    return path.location == "other_country"


def returned(path: Path) -> bool:
    return path.location == "uzbekistan"


def claim_pending(path: Path) -> bool:
    return path.answers.get("asylum") == "pending"


def high_or_urgent(path: Path) -> bool:
    return path.assessment.level >= Level.HIGH


@dataclass(frozen=True)
class Principle:
    """A row: the check, and which paths it is about."""

    check: Check
    about: Callable[[Path], bool] = everyone


PRINCIPLES = {
    "1 unknowns never mean low": Principle(unknowns_are_never_low, key_fact_unknown),
    "1 no empty list, no heading without items": Principle(nothing_is_empty),
    "2 questions are worded for the place": Principle(questions_fit_the_place, outside_russia),
    "2 Russian law and deadlines only in Russia": Principle(russian_law_only_in_russia),
    "2 Rule 39 only where it can apply": Principle(rule39_only_where_it_can_apply),
    "2 outside Russia: which country, what is under way": Principle(
        abroad_asks_country_and_what_is_under_way, abroad
    ),
    "3 already returned is its own outcome": Principle(returned_has_its_own_outcome, returned),
    "4 a pending claim gets its own content": Principle(
        pending_claim_has_its_content, claim_pending
    ),
    "5 several past events all count": Principle(every_past_event_counts, several_events),
    "6 high results offer the lawyer": Principle(high_results_offer_the_lawyer, high_or_urgent),
    "7 links follow the situation": Principle(links_follow_the_situation),
    "8 a high or urgent case gives the lawyer first steps": Principle(
        the_lawyer_gets_first_steps, high_or_urgent
    ),
}


@dataclass
class Tally:
    """For one principle: how many paths it was about, and the first few that broke it."""

    about: int = 0
    broken: list[str] = field(default_factory=list)


@cache
def walk() -> tuple[int, dict[str, Tally]]:
    """Check every principle on every path, once for the whole module."""
    tallies = {name: Tally() for name in PRINCIPLES}
    count = 0
    for answers in paths(TODAY):
        count += 1
        result = result_of(answers, Reader(answers["reader"]), TODAY)
        path = Path(answers, assess(answers), result, first_steps(answers, TODAY))
        for name, principle in PRINCIPLES.items():
            if not principle.about(path):
                continue
            tally = tallies[name]
            tally.about += 1
            problem = principle.check(path)
            if problem and len(tally.broken) < 5:
                tally.broken.append(f"{problem} — {dict(answers)}")
    return count, tallies


@pytest.mark.parametrize("name", PRINCIPLES)
def test_the_principle_holds_on_every_path_it_is_about(name: str) -> None:
    _, tallies = walk()
    tally = tallies[name]
    assert tally.about, "no generated path is about this principle"
    assert not tally.broken, "\n".join(tally.broken)


def test_the_walk_covers_every_answer_of_every_question() -> None:
    """Every option is on some path, or shares its class with one that is (same conditions)."""
    count, _ = walk()
    assert count > 10_000
    seen: dict[str, set[str]] = {q.id: set() for q in QUESTIONS}
    for answers in paths(TODAY):
        for question_id, answer in answers.items():
            seen[question_id].update(answer.split(","))
    for question in QUESTIONS:
        assert seen[question.id], f"{question.id} is never asked"
        if question.kind.dated:
            assert any(len(a) == 10 for a in seen[question.id]), question.id


def test_a_removal_day_can_be_recorded_wherever_the_person_is_not_yet_returned() -> None:
    places = {a["location"] for a in paths(TODAY) if "removal_day" in a}
    assert places == {"russia", "other_country", DONT_KNOW}
