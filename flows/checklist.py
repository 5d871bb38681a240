"""The "what to do now" checklist: actions as data, chosen by the answers.

Actions are listed in table order, so the most time-critical come first. Deadline actions
carry the last day, computed by :mod:`flows.deadlines`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from flows.conditions import All, AnyOf, Condition, Is, IsDate, Not
from flows.deadlines import EXPULSION_COURT_APPEAL, EXTRADITION_APPEAL, DeadlineRule
from flows.model import CHECKED, Action, Checked, Source
from flows.risk import DETAINED
from flows.text import N_, Msg, Text, Voiced

IN_RUSSIA = Is("location", "russia")
SELF = Is("reader", "self")


@dataclass(frozen=True, slots=True)
class DeadlineAction:
    """An appeal to file by a last day counted from a date answer."""

    id: str
    question: str
    rule: DeadlineRule
    decided: Condition
    running: Text
    passed: Text
    topic: str | None = None
    checked: Checked = CHECKED

    @property
    def when(self) -> Condition:
        """The action applies to this kind of decision once the day it was received is known."""
        return All(self.decided, IsDate(self.question))


@dataclass(frozen=True, slots=True)
class PlannedAction:
    """An action chosen for this person, with its values (``{deadline}``) filled in."""

    id: str
    text: Text
    sources: tuple[Source, ...]
    params: Mapping[str, date]
    topic: str | None = None
    law: Msg | None = None
    """For a deadline: the provision it is counted under."""


ACTIONS: tuple[Action | DeadlineAction, ...] = (
    DeadlineAction(
        "appeal_extradition",
        "extradition_decision_date",
        EXTRADITION_APPEAL,
        Is("extradition_decision", "yes"),
        running=N_(
            "Appeal the extradition decision by {deadline} at the latest, today if you can. "
            "The appeal goes to the regional court. A lawyer will confirm the date."
        ),
        passed=N_(
            "The 10 days to appeal the extradition decision ended on {deadline}. "
            "Talk to a lawyer today about what can still be done."
        ),
        topic="extradition",
    ),
    Action(
        "appeal_extradition_no_date",
        N_(
            "An appeal against the extradition decision is due within 10 days of receiving it. "
            "Find the day it was handed over and talk to a lawyer today."
        ),
        All(Is("extradition_decision", "yes"), Not(IsDate("extradition_decision_date"))),
        (Source("S27", "CPC RF art. 463(1)"),),
        topic="extradition",
    ),
    DeadlineAction(
        "appeal_expulsion",
        "expulsion_decision_date",
        EXPULSION_COURT_APPEAL,
        Is("expulsion_decision", "court"),
        running=N_(
            "Appeal the expulsion decision by {deadline} at the latest, today if you can. "
            "A lawyer will confirm the date."
        ),
        passed=N_(
            "The 10 days to appeal the expulsion decision ended on {deadline}. "
            "A missed deadline can be restored on request: talk to a lawyer today."
        ),
        topic="expulsion",
    ),
    Action(
        "appeal_expulsion_no_date",
        N_(
            "An appeal against a court's expulsion decision is due within 10 days of receiving "
            "a copy. Find the day you got it and talk to a lawyer today."
        ),
        All(Is("expulsion_decision", "court"), Not(IsDate("expulsion_decision_date"))),
        (Source("S33", "CAO RF art. 30.3(1)"),),
        topic="expulsion",
    ),
    Action(
        "appeal_expulsion_mvd",
        N_(
            "For an expulsion ordered by the police without a court, our sources do not "
            "confirm the deadline to challenge it. Ask a lawyer today."
        ),
        Is("expulsion_decision", "mvd"),
        (Source("S37", "MVD expulsions since 5 Feb 2025"),),
        topic="expulsion",
    ),
    Action(
        "removal_date_details",
        N_(
            "Tell the lawyer at once the date of removal, the flight and where the person is held."
        ),
        Is("removal_date", "yes"),
        (Source("S14", "date, time and destination of removal"),),
        topic="detention",
    ),
    Action(
        "ask_lawyer_interpreter",
        Voiced(
            N_("Ask for a lawyer and an interpreter. Sign nothing you do not understand."),
            N_(
                "Find out where the person is held. They should ask for a lawyer and an "
                "interpreter and sign nothing they do not understand."
            ),
        ),
        DETAINED,
        topic="detention",
        advice=True,
    ),
    Action(
        "tell_relative",
        N_("Tell a relative or a friend where you are held."),
        All(DETAINED, SELF),
        advice=True,
    ),
    Action(
        "released_safety",
        Voiced(
            N_(
                "Do not stay alone and keep a relative informed of where you are: people "
                "have been abducted right after release."
            ),
            N_(
                "Keep in touch with the person every day and know where they are: people "
                "have been abducted right after release."
            ),
        ),
        Is("detention", "released"),
        (Source("S8", "Mamazhonov v. Russia"), Source("S7", "abductions after release")),
        topic="detention",
    ),
    Action(
        "unhcr_after_refusal",
        N_(
            "Contact UNHCR in Russia: hotline +7 (903) 792-22-79 (WhatsApp, Viber). "
            "Its help is free."
        ),
        Is("asylum", "refused"),
        (Source("S50", "UNHCR Russia contacts"),),
        topic="help_contacts",
    ),
    Action(
        "apply_for_asylum",
        N_(
            "Ask a lawyer about applying for refugee status or temporary asylum as early as "
            "possible: a late claim is held against the applicant."
        ),
        All(IN_RUSSIA, Is("asylum", "not_applied"), Not(Is("proceedings", "none_known"))),
        (Source("S22c", "F.A. v. Russia"), Source("S31", "Law 4528-1 art. 12(2)")),
        topic="asylum",
    ),
    Action(
        "assurances_unreliable",
        N_(
            "Tell the lawyer about the promises of no torture: such promises have proved unreliable."
        ),
        Is("assurances", "yes"),
        (Source("S41", "diplomatic assurances"),),
        topic="detention",
    ),
    Action(
        "no_rule39_from_russia",
        N_(
            "Do not count on the European Court of Human Rights (Rule 39): since "
            "16 September 2022 it cannot stop a removal from Russia."
        ),
        All(IN_RUSSIA, AnyOf(DETAINED, Is("proceedings", "extradition", "expulsion"))),
        (Source("S1", "16 Sept 2022"), Source("S2", "resolution of 22 March 2022")),
        topic="rule39",
    ),
    Action(
        "rule39_elsewhere",
        N_(
            "If this country is a member of the Council of Europe, a request to the European "
            "Court (Rule 39) may still be possible. Talk to a lawyer there at once."
        ),
        Is("location", "other_country"),
        (Source("S14", "Practice Direction on interim measures"),),
        topic="rule39_request",
    ),
    Action(
        "keep_papers",
        N_("Keep a photo of every decision and paper you receive, with the date you got it."),
        AnyOf(DETAINED, Is("proceedings", "extradition", "expulsion", "entry_ban")),
        advice=True,
    ),
    Action(
        "show_lawyer",
        N_("Show these answers to your lawyer today."),
        Is("lawyer", "yes"),
        advice=True,
    ),
    Action(
        "come_back",
        N_(
            "If anything changes (a summons, a detention, a decision), come back and answer again."
        ),
        Not(AnyOf(DETAINED, Is("proceedings", "extradition", "expulsion"))),
        advice=True,
    ),
)


def plan(answers: Mapping[str, str], today: date) -> tuple[PlannedAction, ...]:
    """The actions that fit ``answers``, in table order, with deadlines computed."""
    planned: list[PlannedAction] = []
    for action in ACTIONS:
        if not action.when.evaluate(answers):
            continue
        if isinstance(action, DeadlineAction):
            received = date.fromisoformat(answers[action.question])
            last_day = action.rule.last_day(received)
            text = action.running if last_day >= today else action.passed
            params = {"deadline": last_day}
            planned.append(
                PlannedAction(
                    action.id, text, (action.rule.source,), params, action.topic, action.rule.law
                )
            )
        else:
            planned.append(PlannedAction(action.id, action.text, action.sources, {}, action.topic))
    return tuple(planned)
