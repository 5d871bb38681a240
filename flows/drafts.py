"""Draft interim-measures requests for lawyers, as data: sections filled from a case, with gaps.

:func:`compose` lays out what each body expects, fills in what the interview knows (the
answers, the reasons for the level, the appeal deadlines) and marks every gap the lawyer
must fill. ``bot/desk/drafts.py`` translates it and writes the ``.docx``. A draft to the
European Court (Rule 39) is offered only for a person outside Russia in a country that is,
or may be, a member of the Council of Europe: Russia left the Council on 16 March 2022 and
the Convention on 16 September 2022, so the Court cannot stop a removal from Russia (see
``flows.guidance``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from flows.checklist import ACTIONS, DeadlineAction
from flows.conditions import is_iso_date
from flows.deadlines import EXPULSION_COURT_APPEAL, EXTRADITION_APPEAL
from flows.guidance import RULE39_HOURS, RULE39_LATE, RULE39_SEND, RULE39_SITE, Statement
from flows.interview import QUESTIONS
from flows.model import Source
from flows.path import relevant_answers
from flows.places import IN_NON_MEMBER
from flows.risk import assess
from flows.text import N_, NP_, Msg, Text


class DraftBody(StrEnum):
    """Where a request for interim measures can be sent."""

    CAT = "cat"
    HRC = "hrc"
    ECHR = "echr"


DEFAULT_LOCALES = {DraftBody.CAT: "ru", DraftBody.HRC: "ru", DraftBody.ECHR: "en"}
"""The committees accept Russian; the Court prefers an official language of its states."""


@dataclass(frozen=True, slots=True)
class Line:
    """A line of the draft, with its values (``{deadline}``) filled in."""

    text: Text
    params: Mapping[str, date] = field(default_factory=dict)
    bullet: bool = False


@dataclass(frozen=True, slots=True)
class Gap:
    """Something only the lawyer can fill in, shown as «[TO FILL: …]»."""

    what: Msg


@dataclass(frozen=True, slots=True)
class Fact:
    """An interview answer: the question as asked about the person, and the answer(s)."""

    question: Text
    answer: tuple[Text, ...] | date


Block = Line | Gap | Fact | Statement


@dataclass(frozen=True, slots=True)
class Section:
    """A numbered section of the draft."""

    title: Msg
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class Draft:
    """A whole draft: title, the lines for page 1 (in bold) and the sections."""

    body: DraftBody
    title: Msg
    marks: tuple[Line | Gap, ...]
    sections: tuple[Section, ...]


OP1_IN_FORCE = Statement(
    N_("The Optional Protocol has been in force for the Russian Federation since 1 January 1992."),
    (Source("S22", "admissibility"), Source("S23", "admissibility")),
)
ONE_BODY_CONSENT = Statement(
    N_(
        "A communication goes to one committee only, and requires the consent of the person "
        "concerned."
    ),
    (Source("S26", "guidance note"),),
)
DRAFT_STATEMENTS: tuple[tuple[str, Statement], ...] = (
    ("hrc state_party", OP1_IN_FORCE),
    ("un author", ONE_BODY_CONSENT),
)
"""The legal statements the drafts add to those of ``flows.guidance``."""

DEADLINE_LINES = {
    EXTRADITION_APPEAL.id: N_(
        "Last day to appeal the extradition decision (CPC RF art. 463), as counted by the bot "
        "from the answers: {deadline}."
    ),
    EXPULSION_COURT_APPEAL.id: N_(
        "Last day to appeal the court's expulsion decision (CAO RF art. 30.3), as counted by "
        "the bot from the answers: {deadline}."
    ),
}

# TRANSLATORS: the line at the top of every draft request for lawyers. Drafts are legal
# documents for lawyers, made in Russian (UN committees) or English (European Court).
DRAFT_NOTICE = N_(
    "DRAFT prepared by the Boshpana bot on {today} from the client's answers. Check every "
    "statement and fill in every gap before sending. Never send it to the client."
)
FACTS_TITLE = NP_("draft", "Facts")
FACTS_GAP = Gap(N_("the facts in the person's own words, in order, with dates"))
ANSWERS_INTRO = N_("Answers given in the bot's interview (to be checked with the person):")
RISKS_INTRO = N_("Risk factors found by the bot from the answers:")
EVIDENCE_GAP = Gap(
    N_("the evidence for each risk: reports, medical records, witness statements, documents")
)
AUTHOR_GAP = Gap(
    N_("full name, date of birth, nationality, address or place of detention of the person")
)
CONTACT_GAP = Gap(N_("name, address, telephone and email of the lawyer to contact"))
CONSENT_GAP = Gap(N_("the person's signed consent, or the lawyer's authority to act"))
DOCUMENTS_GAP = Gap(
    N_(
        "the list of documents: the decisions of the authorities, identity papers, evidence of risk"
    )
)
REMOVAL_SET = Line(N_("According to the person's answers, a date for removal has been set."))


def applicable(answers: Mapping[str, str]) -> tuple[DraftBody, ...]:
    """The bodies a draft can be made for, given where the person is.

    The UN committees for a person not yet returned to Uzbekistan; the European Court only
    for a person in another country that is, or may be, a member of the Council of Europe
    (a lawyer checks which).
    """
    location = answers.get("location")
    if location == "uzbekistan":
        return ()
    if location == "other_country" and not IN_NON_MEMBER.evaluate(answers):
        return (DraftBody.CAT, DraftBody.HRC, DraftBody.ECHR)
    return (DraftBody.CAT, DraftBody.HRC)


def compose(body: DraftBody, answers: Mapping[str, str], today: date) -> Draft:
    """The draft to ``body`` for a case with ``answers``; ``ValueError`` if it does not apply."""
    if body not in applicable(answers):
        raise ValueError(f"a draft to {body.value} does not apply to this case")
    relevant = relevant_answers(answers)
    notice = Line(DRAFT_NOTICE, {"today": today})
    facts = Section(FACTS_TITLE, (Line(ANSWERS_INTRO), *_facts(relevant), FACTS_GAP))
    risks: tuple[Block, ...] = (Line(RISKS_INTRO), *_risks(relevant), EVIDENCE_GAP)
    if body is DraftBody.ECHR:
        return _echr(notice, facts, risks, relevant)
    return _committee(body, notice, facts, risks, relevant, today)


def _facts(answers: Mapping[str, str]) -> list[Fact]:
    facts = []
    for question in QUESTIONS:
        value = answers.get(question.id)
        if value is None:
            continue
        options = question.chosen(value)
        if options:
            facts.append(Fact(question.text, tuple(option.label for option in options)))
        elif is_iso_date(value):
            facts.append(Fact(question.text, date.fromisoformat(value)))
    return facts


def _risks(answers: Mapping[str, str]) -> list[Line]:
    return [Line(reason.text, bullet=True) for reason in assess(answers).reasons]


def _deadlines(answers: Mapping[str, str], today: date) -> list[Line]:
    lines = []
    for action in ACTIONS:
        if isinstance(action, DeadlineAction) and action.when.evaluate(answers):
            last_day = action.rule.last_day(date.fromisoformat(answers[action.question]))
            lines.append(Line(DEADLINE_LINES[action.rule.id], {"deadline": last_day}))
    return lines


COMMITTEES = {
    DraftBody.CAT: (
        N_(
            "Communication to the UN Committee against Torture under article 22 of the "
            "Convention against Torture, with a request for interim measures"
        ),
        N_("the articles of the Convention against Torture invoked, and why"),
    ),
    DraftBody.HRC: (
        N_(
            "Communication to the UN Human Rights Committee under the Optional Protocol to the "
            "International Covenant on Civil and Political Rights, with a request for interim "
            "measures"
        ),
        N_("the articles of the Covenant invoked, and why"),
    ),
}


def _committee(
    body: DraftBody,
    notice: Line,
    facts: Section,
    risks: tuple[Block, ...],
    answers: Mapping[str, str],
    today: date,
) -> Draft:
    title, articles = COMMITTEES[body]
    in_russia = answers.get("location") == "russia"
    state: tuple[Block, ...] = (
        (Line(N_("Russian Federation.")), *((OP1_IN_FORCE,) if body is DraftBody.HRC else ()))
        if in_russia
        else (Gap(N_("the State party concerned")),)
    )
    removal: tuple[Block, ...] = (REMOVAL_SET,) if answers.get("removal_date") == "yes" else ()
    sections = (
        Section(NP_("draft", "The author"), (AUTHOR_GAP, ONE_BODY_CONSENT, CONSENT_GAP)),
        Section(NP_("draft", "State party"), state),
        Section(
            NP_("draft", "Request for interim measures"),
            (
                Line(
                    N_(
                        "The author asks the Committee to request the State party not to remove "
                        "the author to Uzbekistan while the communication is under consideration."
                    )
                ),
                Gap(N_("the rule of procedure on interim measures: check the current numbering")),
                *removal,
                Gap(N_("the date, time and means of removal, if known")),
            ),
        ),
        facts,
        Section(NP_("draft", "Risk on return"), risks),
        Section(
            NP_("draft", "Domestic remedies"),
            (
                *_deadlines(answers, today),
                Gap(N_("the remedies used and pending, with their dates and outcomes")),
            ),
        ),
        Section(
            NP_("draft", "Other international procedures"),
            (Gap(N_("whether the same matter was submitted to another international body")),),
        ),
        Section(NP_("draft", "Violations"), (Gap(articles),)),
        Section(NP_("draft", "Documents attached"), (DOCUMENTS_GAP,)),
        Section(NP_("draft", "Contact"), (CONTACT_GAP,)),
    )
    return Draft(body, title, (notice,), sections)


def _echr(
    notice: Line, facts: Section, risks: tuple[Block, ...], answers: Mapping[str, str]
) -> Draft:
    marks: tuple[Line | Gap, ...] = (
        notice,
        # TRANSLATORS: the Court asks for this marking in bold on page 1 (Practice Direction).
        Line(N_("Rule 39 – Urgent")),
        # TRANSLATORS: a marking the Court asks for on page 1 (Practice Direction).
        Line(N_("Person to contact (name and contact details):")),
        CONTACT_GAP,
        # TRANSLATORS: a marking the Court asks for on page 1 (Practice Direction).
        Line(N_("Scheduled date and time of removal and destination:")),
        Gap(N_("date, time and destination of the removal")),
    )
    removal: tuple[Block, ...] = (REMOVAL_SET,) if answers.get("removal_date") == "yes" else ()
    sections = (
        Section(NP_("draft", "The applicant"), (AUTHOR_GAP,)),
        Section(
            NP_("draft", "Respondent State"),
            (Gap(N_("the member state of the Council of Europe that is to remove the person")),),
        ),
        Section(
            NP_("draft", "Removal"),
            (
                *removal,
                Gap(N_("the expected date and time of removal, and the destination")),
                Gap(N_("where the person lives or is held")),
                Gap(N_("the official case number")),
            ),
        ),
        facts,
        Section(
            NP_("draft", "Risks and Convention articles at stake"),
            (*risks, Gap(N_("the Convention articles at stake and the detailed reasons"))),
        ),
        Section(
            NP_("draft", "Arguments"),
            (Gap(N_("the arguments themselves: a reference to other documents is not enough")),),
        ),
        Section(
            NP_("draft", "Domestic proceedings"),
            (Gap(N_("the final domestic decision, its date, and the remedies used")),),
        ),
        Section(
            NP_("draft", "Documents attached"),
            (Gap(N_("all supporting documents, above all the domestic decisions")),),
        ),
        Section(
            NP_("draft", "Notes for the lawyer (delete before sending)"),
            (RULE39_SEND, RULE39_HOURS, RULE39_LATE, RULE39_SITE),
        ),
    )
    title = N_("Request for interim measures under Rule 39 of the Rules of Court")
    return Draft(DraftBody.ECHR, title, marks, sections)
