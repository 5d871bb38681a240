"""The "what to do now" checklist: actions as data, chosen by the answers.

Actions are listed in table order, so the most time-critical come first. Deadline actions
carry the last day, computed by :mod:`flows.deadlines`. Each action fits a place: Russian
appeals only in Russia, Rule 39 only where it can apply, and for a person already back in
Uzbekistan what can still be done. :func:`reminders` picks what a person can do alone
when no lawyer can be reached.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from flows.conditions import All, AnyOf, Condition, Is, IsDate, Not
from flows.deadlines import EXPULSION_COURT_APPEAL, EXTRADITION_APPEAL, DeadlineRule
from flows.interview import QUESTIONS
from flows.model import CHECKED, DONT_KNOW, EARLIER, Action, Checked, Question, Source
from flows.path import settled
from flows.places import (
    ABROAD,
    IN_MEMBER_STATE,
    IN_NON_MEMBER,
    IN_RUSSIA,
    MAYBE_IN_RUSSIA,
    MEMBER_LIST,
    MEMBERSHIP_UNKNOWN,
    RETURNED,
)
from flows.risk import DETAINED, KEY_FACT_UNKNOWN, PROCEEDINGS_ABROAD, RUSSIAN_PROCEEDINGS
from flows.text import N_, Msg, Text, Voiced

SELF = Is("reader", "self")
UNHCR_MEANWHILE = N_(
    "Meanwhile, if you are not let to apply for asylum, your claim was refused, or you fear "
    "removal before a decision: UNHCR Russia's hotline +7 (903) 792-22-79 (WhatsApp, Viber). "
    "Its help is free. When this number was last checked is not recorded: it may have changed."
)
"""The hotline while no lawyer answers yet (also in the bot's "still reaching a lawyer")."""
UNHCR_HOTLINE = N_(
    "Contact UNHCR in Russia: hotline +7 (903) 792-22-79 (WhatsApp, Viber). Its help is free. "
    "When this number was last checked is not recorded: it may have changed."
)
"""The hotline, with the honest state of its check (the fact sheet records no check date)."""
S50 = Source("S50", "UNHCR Russia contacts (page undated; check date not recorded)")


@dataclass(frozen=True, slots=True)
class DeadlineAction:
    """An appeal to file by a last day counted from a date answer.

    ``yourself`` says what the person can do alone while no lawyer answers.
    """

    id: str
    question: str
    rule: DeadlineRule
    decided: Condition
    running: Text
    passed: Text
    yourself: Text
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


EXTRADITION_DECIDED = Is("extradition_decision", "yes")
COURT_EXPULSION = Is("expulsion_decision", "court")
UNDER_PROCEEDINGS = AnyOf(DETAINED, RUSSIAN_PROCEEDINGS, PROCEEDINGS_ABROAD)

APPEAL_EXTRADITION = DeadlineAction(
    "appeal_extradition",
    "extradition_decision_date",
    EXTRADITION_APPEAL,
    EXTRADITION_DECIDED,
    running=N_(
        "Appeal the extradition decision by {deadline} at the latest, today if you can. "
        "The appeal goes to the regional court. A lawyer will confirm the date."
    ),
    # TRANSLATORS: «10 суток» (УПК РФ ст. 463): Uzbek "10 sutka".
    passed=N_(
        "The 10 days to appeal the extradition decision ended on {deadline}. "
        "Talk to a lawyer today about what can still be done."
    ),
    yourself=Voiced(
        N_(
            "You do not have to wait for a lawyer: you can appeal yourself. Write that you "
            "disagree with the extradition decision and why return is dangerous, and send it to "
            "the regional court. If you are held, hand it to the staff: they must send it to "
            "the court at once."
        ),
        N_(
            "The person does not have to wait for a lawyer: they can appeal themselves. They "
            "write that they disagree with the extradition decision and why return is "
            "dangerous, and send it to the regional court. If they are held, they hand it to "
            "the staff, who must send it to the court at once."
        ),
    ),
    topic="extradition",
)
APPEAL_EXPULSION = DeadlineAction(
    "appeal_expulsion",
    "expulsion_decision_date",
    EXPULSION_COURT_APPEAL,
    COURT_EXPULSION,
    running=N_(
        "Appeal the expulsion decision by {deadline} at the latest, today if you can. "
        "A lawyer will confirm the date."
    ),
    # TRANSLATORS: «10 дней» (КоАП РФ ст. 30.3 since Federal Law 364-FZ of 29.10.2024), not
    # «суток»: Uzbek "10 kun", never "sutka".
    passed=N_(
        "By our careful count, the 10 days to appeal the expulsion decision ended on "
        "{deadline} (if that was a weekend or holiday, the law moves it to the next working "
        "day). A missed deadline can be restored on request: talk to a lawyer today."
    ),
    yourself=Voiced(
        N_(
            "You do not have to wait for a lawyer: you can appeal yourself. Write that you "
            "disagree with the expulsion decision and why, and ask at the court where to hand "
            "it in."
        ),
        N_(
            "The person does not have to wait for a lawyer: they can appeal themselves. They "
            "write that they disagree with the expulsion decision and why, and ask at the court "
            "where to hand it in."
        ),
    ),
    topic="expulsion",
)
DEADLINES = (APPEAL_EXTRADITION, APPEAL_EXPULSION)

ACTIONS: tuple[Action | DeadlineAction, ...] = (
    # In Russia: the appeals, most time-critical first.
    APPEAL_EXTRADITION,
    Action(
        "appeal_extradition_earlier",
        # TRANSLATORS: «10 суток» (УПК РФ ст. 463): Uzbek "10 sutka".
        N_(
            "The 10 days to appeal the extradition decision have most likely passed. "
            "Talk to a lawyer today about what can still be done."
        ),
        All(EXTRADITION_DECIDED, Is("extradition_decision_date", EARLIER)),
        (Source("S27", "CPC RF art. 463(1)"),),
        topic="extradition",
    ),
    Action(
        "appeal_extradition_no_date",
        # TRANSLATORS: «10 суток» (УПК РФ ст. 463): Uzbek "10 sutka".
        N_(
            "An appeal against the extradition decision is due within 10 days of receiving it. "
            "Find the day it was handed over and talk to a lawyer today."
        ),
        All(EXTRADITION_DECIDED, Is("extradition_decision_date", DONT_KNOW)),
        (Source("S27", "CPC RF art. 463(1)"),),
        topic="extradition",
    ),
    APPEAL_EXPULSION,
    Action(
        "appeal_expulsion_earlier",
        # TRANSLATORS: «10 дней» (КоАП РФ ст. 30.3 since Federal Law 364-FZ), not «суток»: Uzbek "10 kun".
        N_(
            "The 10 days to appeal the expulsion decision have most likely passed. A lawyer "
            "can ask the court to restore the period: talk to a lawyer today."
        ),
        All(COURT_EXPULSION, Is("expulsion_decision_date", EARLIER)),
        (Source("S33", "CAO RF art. 30.3: restoring a missed period"), Source("S59", "«дней»")),
        topic="expulsion",
    ),
    Action(
        "appeal_expulsion_no_date",
        # TRANSLATORS: «10 дней» (КоАП РФ ст. 30.3 since Federal Law 364-FZ), not «суток»: Uzbek "10 kun".
        N_(
            "An appeal against a court's expulsion decision is due within 10 days of receiving "
            "a copy. Find the day you got it and talk to a lawyer today."
        ),
        All(COURT_EXPULSION, Is("expulsion_decision_date", DONT_KNOW)),
        (Source("S33", "CAO RF art. 30.3(1)"), Source("S59", "«дней»")),
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
    # In another country: whether the European Court can step in.
    Action(
        "rule39_member_state",
        N_(
            "The country where you are is a member of the Council of Europe. If it moves to "
            "send you to Uzbekistan, a lawyer can ask the European Court of Human Rights to stop "
            "the removal (Rule 39): as soon as the final decision there is given, and at least "
            "one working day before the removal."
        ),
        All(ABROAD, IN_MEMBER_STATE),
        (
            Source("S14", "timing; less than one working day before removal"),
            Source("S16", "imminent final decision"),
            MEMBER_LIST,
        ),
        topic="rule39_request",
    ),
    Action(
        "rule39_if_member",
        N_(
            "If this country is a member of the Council of Europe, a request to the European "
            "Court (Rule 39) may still be possible. Talk to a lawyer there at once."
        ),
        All(ABROAD, MEMBERSHIP_UNKNOWN),
        (Source("S14", "Practice Direction on interim measures"),),
        topic="rule39",
    ),
    Action(
        "no_rule39_here",
        N_(
            "This country is not a member of the Council of Europe, so the European Court "
            "cannot stop a removal from it. Find a lawyer there at once."
        ),
        All(ABROAD, IN_NON_MEMBER),
        (MEMBER_LIST,),
    ),
    Action(
        "lawyer_there",
        N_(
            "Find a lawyer in the country where you are as well: its own courts and officials "
            "decide on a removal from there."
        ),
        All(ABROAD, Not(IN_NON_MEMBER)),
        advice=True,
    ),
    # A removal date, wherever the person is.
    Action(
        "removal_day",
        N_(
            "The removal is set for {day}. Tell the lawyer at once, with the flight and where "
            "the person is held."
        ),
        All(Is("removal_date", "yes"), IsDate("removal_day")),
        advice=True,
        days=(("day", "removal_day"),),
    ),
    Action(
        "removal_date_details",
        N_(
            "Find out the day of removal and the flight, and tell the lawyer at once with where "
            "the person is held."
        ),
        All(Is("removal_date", "yes"), Not(IsDate("removal_day"))),
        advice=True,
    ),
    # Detention and release.
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
    # Refugee status and asylum.
    Action(
        "asylum_pending_protection",
        N_(
            "While the claim is examined, the law “On Refugees” forbids returning a person who "
            "applied for refugee status against their will. But protection is rarely granted: "
            "in 2023 only 16 people got refugee status."
        ),
        All(IN_RUSSIA, Is("asylum", "pending")),
        (Source("S31b", "Law 4528-1 art. 10(1)"), Source("S40", "figures for 2023")),
        topic="asylum",
    ),
    Action(
        "keep_claim_papers",
        N_(
            "Keep every paper about the claim, with the day you got it, and carry a copy with you."
        ),
        Is("asylum", "pending"),
        advice=True,
    ),
    Action(
        "asylum_if_refused",
        N_(
            "If the claim is refused, contact UNHCR and a lawyer the same day: our sources do "
            "not give the time to appeal, and people refused can be put on the register of "
            "controlled persons."
        ),
        All(IN_RUSSIA, Is("asylum", "pending")),
        (Source("S50", "when to contact UNHCR"), Source("S36", "register of controlled persons")),
        topic="asylum",
    ),
    Action(
        "asylum_abroad_if_refused",
        N_("If the claim is refused, talk to a lawyer there the same day."),
        All(ABROAD, Is("asylum", "pending")),
        advice=True,
    ),
    Action(
        "unhcr",
        UNHCR_HOTLINE,
        All(IN_RUSSIA, Is("asylum", "refused", "pending")),
        (S50,),
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
            "Do not count on the European Court of Human Rights (Rule 39): Russia left the "
            "Council of Europe on 16 March 2022 and the Convention on 16 September 2022, so "
            "the Court cannot stop a removal from Russia. The UN committees remain."
        ),
        All(IN_RUSSIA, UNDER_PROCEEDINGS),
        (Source("S1", "16 March and 16 Sept 2022"), Source("S2", "resolution of 22 March 2022")),
        topic="un_routes",
    ),
    # When answers leave the danger unclear.
    Action(
        "find_out",
        Voiced(
            N_(
                "Some answers are “I don't know”. Send your case to a lawyer now: they can find "
                "out what the authorities are doing. Ask for a copy of every paper you were given."
            ),
            N_(
                "Some answers are “I don't know”. Send the person's case to a lawyer now: they can "
                "find out what the authorities are doing. The person should ask for a copy of "
                "every paper they were given."
            ),
        ),
        KEY_FACT_UNKNOWN,
        advice=True,
    ),
    # Already back in Uzbekistan: what can still be done, and what cannot.
    Action(
        "returned_held",
        Voiced(
            N_("Tell a lawyer and your family where you are held."),
            N_("Find out where the person is held and tell a lawyer at once."),
        ),
        Is("held_in_uzbekistan", "held"),
        advice=True,
    ),
    Action(
        "returned_un_complaint",
        N_(
            "A lawyer can still complain to a UN committee about the return from Russia: the "
            "Human Rights Committee examined one man's case after he had been extradited to "
            "Uzbekistan. A decision takes years."
        ),
        RETURNED,
        (
            Source("S22", "F.A. v. Russia: view after extradition"),
            Source("S22c", "F.A. extradited"),
            Source("S24", "time to view"),
        ),
        topic="un_routes",
    ),
    Action(
        "returned_limits",
        N_(
            "This bot cannot act in Uzbekistan, and appeals in Russia can no longer stop a "
            "return that has happened."
        ),
        RETURNED,
        advice=True,
    ),
    Action(
        "family_in_russia",
        N_(
            "Relatives still in Russia may be pressured too: they should keep their papers in "
            "order and call a lawyer at once if the police contact them."
        ),
        RETURNED,
        (Source("S41", "pressure on families"),),
    ),
    Action(
        "write_down_dates",
        N_(
            "Write down when and how the return happened and what followed: a lawyer needs it "
            "for a complaint."
        ),
        RETURNED,
        advice=True,
    ),
    # For everyone it fits.
    Action(
        "keep_papers",
        N_("Keep a photo of every decision and paper you receive, with the date you got it."),
        AnyOf(UNDER_PROCEEDINGS, Is("proceedings", "entry_ban")),
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
        Not(AnyOf(UNDER_PROCEEDINGS, RETURNED)),
        advice=True,
    ),
)

SELF_HELP: tuple[Action, ...] = (
    Action(
        "unhcr_meanwhile",
        UNHCR_MEANWHILE,
        MAYBE_IN_RUSSIA,
        (S50,),
        topic="help_contacts",
    ),
)
"""What a person can do alone while no lawyer answers, besides their running appeals."""


def plan(
    answers: Mapping[str, str],
    today: date,
    actions: Sequence[Action | DeadlineAction] = ACTIONS,
    questions: Sequence[Question] = QUESTIONS,
) -> tuple[PlannedAction, ...]:
    """The actions (the shipped ones by default) that fit ``answers``, in table order, with
    deadlines computed.

    ``today`` is the earliest date that is today somewhere in Russia (``flows.clock``).
    """
    known = settled(answers, questions)
    return tuple(_planned(action, known, today) for action in _fitting(actions, known))


def reminders(
    answers: Mapping[str, str],
    today: date,
    actions: Sequence[Action | DeadlineAction] = ACTIONS,
    self_help: Sequence[Action] = SELF_HELP,
    questions: Sequence[Question] = QUESTIONS,
) -> tuple[PlannedAction, ...]:
    """For a person no lawyer can reach now: their running appeals and what they can do alone."""
    answers = settled(answers, questions)
    running = [
        action
        for action in actions
        if isinstance(action, DeadlineAction)
        and action.when.evaluate(answers)
        and _last_day(action, answers) >= today
    ]
    deadlines = [_planned(action, answers, today) for action in running]
    alone = [
        PlannedAction(f"{action.id}_yourself", action.yourself, action.rule.sources, {})
        for action in running
    ]
    helpers = [_planned(action, answers, today) for action in _fitting(self_help, answers)]
    return (*deadlines, *alone, *helpers)


def last_days(answers: Mapping[str, str]) -> tuple[tuple[DeadlineAction, date], ...]:
    """Each appeal that ``answers`` start a period for, with its last day (passed or not)."""
    known = settled(answers)
    return tuple(
        (action, _last_day(action, known)) for action in DEADLINES if action.when.evaluate(known)
    )


def _fitting(
    actions: Sequence[Action | DeadlineAction], answers: Mapping[str, str]
) -> list[Action | DeadlineAction]:
    return [action for action in actions if action.when.evaluate(answers)]


def _last_day(action: DeadlineAction, answers: Mapping[str, str]) -> date:
    return action.rule.last_day(date.fromisoformat(answers[action.question]))


def _planned(
    action: Action | DeadlineAction, answers: Mapping[str, str], today: date
) -> PlannedAction:
    if isinstance(action, DeadlineAction):
        last_day = _last_day(action, answers)
        text = action.running if last_day >= today else action.passed
        return PlannedAction(
            action.id,
            text,
            action.rule.sources,
            {"deadline": last_day},
            action.topic,
            action.rule.law,
        )
    days = {name: date.fromisoformat(answers[question]) for name, question in action.days}
    return PlannedAction(action.id, action.text, action.sources, days, action.topic)
