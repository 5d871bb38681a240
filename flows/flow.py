"""An interview as one value: its questions, risk table, checklist, guidance and card layout.

The engine and the load-time check take a :class:`Flow` rather than reading the tables'
modules, so a test can run them on a small flow of its own and a second interview is
possible. :data:`INTERVIEW` is the one the bot ships.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from flows import checklist, guidance, path, risk
from flows.card import GROUPS, Answered, Group, answered
from flows.checklist import ACTIONS, SELF_HELP, DeadlineAction, PlannedAction
from flows.guidance import TOPICS, Topic
from flows.interview import QUESTIONS
from flows.model import Action, Question, Rule
from flows.path import Progress, Settled
from flows.risk import RULES, Assessment


@dataclass(frozen=True)
class Flow:
    """The tables of one interview, and what the engine asks of them."""

    questions: tuple[Question, ...]
    rules: tuple[Rule, ...]
    actions: tuple[Action | DeadlineAction, ...]
    self_help: tuple[Action, ...]
    topics: tuple[Topic, ...]
    groups: tuple[Group, ...]
    """The lawyer's case card: its groups of rows, one row per question."""

    @cached_property
    def by_id(self) -> Mapping[str, Question]:
        """The questions by id."""
        return {question.id: question for question in self.questions}

    def question(self, question_id: str | None) -> Question | None:
        """The question called ``question_id``, if the flow has one."""
        return self.by_id.get(question_id or "")

    def topic(self, topic_id: str) -> Topic | None:
        """The guidance topic called ``topic_id``, if the flow has one."""
        return next((topic for topic in self.topics if topic.id == topic_id), None)

    @property
    def first(self) -> Question:
        """The question every interview starts with."""
        return self.questions[0]

    def relevant(self, answers: Mapping[str, str]) -> dict[str, str]:
        """The answers to questions still on the person's path (:func:`path.relevant_answers`)."""
        return path.relevant_answers(answers, self.questions)

    def settled(self, answers: Mapping[str, str]) -> Settled:
        """The answers with the questions that will not be asked marked skipped."""
        return path.settled(answers, self.questions)

    def next_question(self, answers: Mapping[str, str], after: str | None) -> Question | None:
        """The first unanswered question on the path after ``after``."""
        return path.next_question(answers, after, self.questions)

    def progress(self, answers: Mapping[str, str], current: str) -> Progress:
        """The place of ``current`` among the questions that are or may still be asked."""
        return path.progress(answers, current, self.questions)

    def assess(self, answers: Mapping[str, str]) -> Assessment:
        """The level of the answers, by this flow's risk table."""
        return risk.assess(answers, self.rules, self.questions)

    def plan(self, answers: Mapping[str, str], today: date) -> tuple[PlannedAction, ...]:
        """This flow's actions that fit ``answers``, with deadlines computed."""
        return checklist.plan(answers, today, self.actions, self.questions)

    def reminders(self, answers: Mapping[str, str], today: date) -> tuple[PlannedAction, ...]:
        """What a person no lawyer can reach now can do alone (:func:`checklist.reminders`)."""
        return checklist.reminders(answers, today, self.actions, self.self_help, self.questions)

    def answered(self, answers: Mapping[str, str]) -> tuple[Answered, ...]:
        """The answers on the person's path under their card labels, in card order."""
        groups = answered(answers, self.groups, self.questions)
        return tuple(row for _, rows in groups for row in rows)

    def result_topics(
        self, linked: Sequence[str | None], answers: Mapping[str, str]
    ) -> tuple[Topic, ...]:
        """The topics to offer under a result (:func:`guidance.result_topics`)."""
        return guidance.result_topics(linked, answers, self.topics, self.questions)


INTERVIEW = Flow(QUESTIONS, RULES, ACTIONS, SELF_HELP, TOPICS, GROUPS)
"""The interview the bot ships."""
