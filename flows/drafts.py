"""Draft interim-measures requests for lawyers, as data: what a filing says, from a case.

:func:`compose` writes the facts as prose from the answers, adds what each body requires
(the state's acceptance of the procedure, the interim-measures rule, the articles invoked,
the page-1 marking and where to send it), each legal statement with its source from the
fact sheet, and marks what only the lawyer can fill (``[TO FILL: …]``) or must check because
no source confirms it (``[TO CHECK: …]``). Notes for the lawyer (consent, one committee only,
timing) come first, in a block to delete before sending. ``bot/desk/drafts.py`` translates
it and writes the ``.docx``.

A draft to the European Court (Rule 39) is made only for a person in a member state of the
Council of Europe: Russia left the Council on 16 March 2022 and the Convention on 16
September 2022, so the Court cannot stop a removal from Russia (see ``flows.guidance``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from flows.checklist import DEADLINES
from flows.conditions import Is
from flows.deadlines import EXPULSION_COURT_APPEAL, EXTRADITION_APPEAL
from flows.facts import FACTS_BY_ID, recorded, with_facts, with_removal
from flows.filing import (
    ANNEXES,
    COUNTRY_NAMES,
    EVIDENCE,
    FACTORS,
    FACTS,
    NAMED_COUNTRY,
    REMOVAL_SET,
    SCHEDULED,
)
from flows.guidance import RULE39_HOURS, RULE39_LATE, RULE39_SEND, RULE39_SITE, Statement
from flows.model import Source
from flows.path import settled
from flows.places import ABROAD, IN_MEMBER_STATE, IN_RUSSIA
from flows.text import N_, NP_, Msg, Text


class DraftBody(StrEnum):
    """Where a request for interim measures can be sent."""

    CAT = "cat"
    HRC = "hrc"
    ECHR = "echr"


DEFAULT_LOCALES = {DraftBody.CAT: "ru", DraftBody.HRC: "ru", DraftBody.ECHR: "en"}
"""The committees accept Russian; the Court prefers an official language of its states."""

Value = date | Msg | str
"""What fills a placeholder: a day (written in the draft's language), a message, or text."""


@dataclass(frozen=True, slots=True)
class Words:
    """Words of the draft, with their placeholders filled (``{person}``, ``{day}`` …)."""

    text: Text
    params: Mapping[str, Value] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Gap:
    """Something only the lawyer can fill in, shown as «[TO FILL: …]»."""

    what: Msg


@dataclass(frozen=True, slots=True)
class Check:
    """Something no source of the fact sheet confirms, shown as «[TO CHECK: …]»."""

    what: Msg


@dataclass(frozen=True, slots=True)
class Cited:
    """A legal statement with its sources, which the draft cites after it."""

    statement: Statement
    params: Mapping[str, Value] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Note:
    """Text the lawyer wrote on the case (not translated), to work into the facts."""

    text: str


Part = Words | Gap | Check | Cited | Note


class Style(StrEnum):
    """How a paragraph is set."""

    BODY = "body"
    BULLET = "bullet"
    MARK = "mark"
    """In bold, on page 1 (the urgency marking and what goes with it)."""


@dataclass(frozen=True, slots=True)
class Para:
    """A paragraph: its parts, one after the other, and its style."""

    parts: tuple[Part, ...]
    style: Style = Style.BODY


@dataclass(frozen=True, slots=True)
class Section:
    """A numbered section of the filing."""

    title: Msg
    paras: tuple[Para, ...]


@dataclass(frozen=True, slots=True)
class Draft:
    """A whole draft: notes to delete, page-1 marks, title, sections, annexes, signature."""

    body: DraftBody
    number: str
    title: Msg
    notes: tuple[Para, ...]
    marks: tuple[Para, ...]
    sections: tuple[Section, ...]
    annexes: tuple[Msg, ...]
    signature: tuple[Para, ...]


def para(*parts: Part, style: Style = Style.BODY) -> Para:
    """A paragraph of ``parts``."""
    return Para(parts, style)


# TRANSLATORS: how a filing names the person it is about. Every sentence that uses it has
# it as its subject (Russian: nominative «заявитель» / «автор»), so write it in that form,
# in lower case: the draft capitalises it where a sentence begins.
PERSON = {
    DraftBody.CAT: NP_("draft", "the complainant"),
    DraftBody.HRC: NP_("draft", "the author"),
    DraftBody.ECHR: NP_("draft", "the applicant"),
}

# The state's acceptance of the procedure, and the interim-measures rule.
CAT_ACCEPTED = Statement(
    N_(
        "The Russian Federation has recognised the competence of the Committee under article "
        "22 of the Convention: the Committee decided X v. Russia (CAT/C/54/D/542/2013), a "
        "complaint about extradition to Uzbekistan."
    ),
    (Source("S20", "X v. Russia, filed 2013, decided 2015"),),
)
CAT_NOT_WITHDRAWN = Check(
    N_("that the Russian Federation has not withdrawn its declaration under article 22 since 2022")
)
OP1_IN_FORCE = Statement(
    N_("The Optional Protocol has been in force for the Russian Federation since 1 January 1992."),
    (Source("S22", "admissibility"), Source("S23", "admissibility")),
)
OP1_NOT_DENOUNCED = Check(
    N_(
        "that the Russian Federation has not denounced the Optional Protocol: no source "
        "showing a denunciation was found"
    )
)
CAT_RULE = Check(
    N_(
        "rule 114: a 2022 decision of the Committee cites rules 114 and 115 "
        "(CAT/C/75/D/1118/2022); that rule 114 is the rule on interim measures is not "
        "confirmed by our sources"
    )
)
HRC_RULE = Check(
    N_(
        "rule 94: views in Russian extradition cases cite rule 92, the number then in force "
        "(CCPR/C/123/D/2189/2012, CCPR/C/129/D/2445/2014); the current number is reportedly 94, "
        "not confirmed"
    )
)

# What the lawyer must know before sending (deleted before sending).
ONE_COMMITTEE = Statement(
    N_("Send the communication to one committee only."), (Source("S26", "guidance note"),)
)
CONSENT = Statement(
    N_(
        "The consent of the person concerned is required: attach it, or the person's "
        "authority for you to act."
    ),
    (Source("S26", "guidance note"),),
)
LANGUAGES = Statement(
    N_("A communication can be written in English, French, Russian or Spanish."),
    (Source("S26", "guidance note"),),
)
NOT_AUTOMATIC = Statement(
    N_(
        "Interim measures are not automatic: in F.A., A.S. and D.S. the Human Rights "
        "Committee's Special Rapporteur refused them within 1 to 8 days, and F.A. was then "
        "extradited."
    ),
    (Source("S22", "refusal"), Source("S22c", "F.A. extradited"), Source("S24", "refusal")),
)
TIME_TO_DECIDE = Statement(
    N_(
        "A final decision took about 2 years at the Committee against Torture and about 6 "
        "years at the Human Rights Committee."
    ),
    (
        Source("S20", "time to decision"),
        Source("S22", "time to view"),
        Source("S24", "time to view"),
    ),
)
PREMATURE = N_(
    "Interim measures are usually premature while a domestic appeal that suspends removal is "
    "running, unless removal is imminent: ask for them once the final domestic decision is "
    "given or a removal date is set."
)
PREMATURE_CHECK = Check(
    N_(
        "our sources show this for the European Court (the Practice Direction and its "
        "decisions), not for the UN committees"
    )
)
PREMATURE_ECHR = Statement(
    N_(
        "Send the request as soon as possible after the final domestic decision, or before it "
        "if that decision is imminent, with its expected date. While a domestic appeal that "
        "suspends removal is running, a request is usually premature unless removal is "
        "imminent: requests have been refused where the applicant had not used domestic "
        "remedies that suspend removal."
    ),
    (
        Source("S14", "after the final domestic decision"),
        Source("S16", "imminent final decision"),
        Source("S19", "refused: suspensive remedies not used"),
    ),
)
RULE39_FOLLOW_UP = Statement(
    N_("Report any change to the Court at once. A refusal cannot be appealed."),
    (Source("S16", "follow-up"), Source("S20x", "refusal final")),
)
# TRANSLATORS: the first note of a draft, on the page the lawyer deletes before sending.
DRAFT_NOTICE = N_(
    "Draft prepared automatically on {today} from the client's answers, for case {number}. "
    "Check every statement, fill in every [TO FILL] and settle every [TO CHECK] before "
    "sending. Never send it to the client."
)
BY_RELATIVE = N_(
    "The answers came from a relative or friend, not from the person: confirm every fact "
    "with the person."
)
NOTES_TITLE = N_("DELETE BEFORE SENDING: notes for the lawyer")

# Page 1.
URGENT_MARK = N_("URGENT: REQUEST FOR INTERIM MEASURES")
TO_CAT = N_(
    "To: the Committee against Torture, through the Petitions team of the Office of the UN "
    "High Commissioner for Human Rights"
)
TO_HRC = N_(
    "To: the Human Rights Committee, through the Petitions team of the Office of the UN "
    "High Commissioner for Human Rights"
)
PETITIONS_ADDRESS = Check(
    N_(
        "the Petitions team's postal address and email: our sources do not confirm them (the "
        "address petitions@ohchr.org appears only in unofficial documents); check them on "
        "ohchr.org"
    )
)
# TRANSLATORS: the Court asks for these English words in bold on page 1 (Practice Direction):
# keep the English marking exactly and add your translation in brackets after it.
URGENT_RULE39 = Statement(N_("Rule 39 – Urgent"), (Source("S14", "marking of page 1"),))
TO_ECHR = Statement(
    N_("To: European Court of Human Rights, Council of Europe, 67075 Strasbourg Cedex, France"),
    (Source("S14", "postal address"),),
)
# TRANSLATORS: a marking the Court asks for on page 1 (Practice Direction); used on the UN
# drafts too.
CONTACT_MARK = N_("Person to contact (name and contact details):")
CONTACT_GAP = Gap(N_("name, address, telephone and email of the lawyer to contact"))
# TRANSLATORS: a marking the Court asks for on page 1 (Practice Direction); used on the UN
# drafts too.
REMOVAL_MARK = N_("Scheduled date and time of removal and destination:")
REMOVAL_ON = N_("{day}, to Uzbekistan.")
TO_UZBEKISTAN = N_("to Uzbekistan.")
REMOVAL_TIME_GAP = Gap(N_("the time of removal, and the flight or escort"))
REMOVAL_DAY_GAP = Gap(N_("the date and time of removal, and the flight or escort"))
# TRANSLATORS: the case number on the draft, e.g. "Our reference: B-7K3Q".
REFERENCE = N_("Our reference: {number}")


FACTS_GAP = Gap(N_("the facts in the person's own words, in order, with dates"))
# TRANSLATORS: heads the notes the lawyers wrote on the case, in the facts of a draft.
NOTES_INTRO = N_("Notes recorded on the case (work them into the facts, then delete them):")


RISK_INTRO = N_(
    "{person} faces a real risk of torture and ill-treatment if returned to Uzbekistan."
)
FACTORS_INTRO = N_("Individual risk factors:")
SITUATION_INTRO = N_("The situation in Uzbekistan:")


RISK_GAP = Gap(N_("how this applies to the person, with the evidence for each factor"))

# Domestic remedies, counted from the days given.
REMEDY_LINES = {
    EXTRADITION_APPEAL.id: Statement(
        N_(
            "An appeal against the extradition decision lies to the regional court within 10 "
            "days of notice (CPC RF art. 463(1)). Counted from the day given, the last day is "
            "{deadline}."
        ),
        (Source("S27", "CPC RF art. 463(1)"),),
    ),
    EXPULSION_COURT_APPEAL.id: Statement(
        N_(
            "An appeal against the court's expulsion decision lies within 10 days of receiving "
            "a copy (CAO RF art. 30.3(1)). Counted from the day given, without moving a "
            "weekend, the last day is {deadline}."
        ),
        (Source("S33", "CAO RF art. 30.3(1)"), Source("S59", "«дней»")),
    ),
}
REMEDIES_GAP = Gap(
    N_(
        "the remedies used and pending, with their dates and outcomes, and whether they suspend removal"
    )
)

# Violations.
CAT_ARTICLE = N_("Removal to Uzbekistan would violate article 3 of the Convention.")
CAT_ARTICLE_CHECK = Check(
    N_(
        "article 3: not quoted in the fact sheet; the project's glossary gives it for non-refoulement"
    )
)
HRC_ARTICLES = N_("Removal to Uzbekistan would violate articles 6 and 7 of the Covenant.")
HRC_ARTICLES_CHECK = Check(N_("articles 6 and 7: not in the fact sheet"))
ECHR_ARTICLES = Statement(
    N_(
        "Removal to Uzbekistan would expose {person} to a real risk to life and of "
        "ill-treatment, contrary to Articles 2 and 3 of the Convention."
    ),
    (Source("S13", "risk to life (Art. 2) or ill-treatment (Art. 3)"),),
)
WHY_GAP = Gap(N_("why, article by article"))

ANNEXES_TITLE = NP_("draft", "Annexes")
ANNEXES_GAP = Gap(N_("any other document, with its number"))

SIGNATURE = (
    para(Words(N_("Place and date: ______________________"))),
    para(Words(N_("Signature: ______________________"))),
    para(Gap(N_("name and capacity of the person signing"))),
)


def applicable(answers: Mapping[str, str]) -> tuple[DraftBody, ...]:
    """The bodies a draft can be made for, given where the person is.

    The UN committees for a person not yet returned to Uzbekistan; the European Court only
    for a person in a member state of the Council of Europe.
    """
    known = settled(answers)
    if known.get("location") == "uzbekistan":
        return ()
    if IN_MEMBER_STATE.evaluate(known) and ABROAD.evaluate(known):
        return (DraftBody.CAT, DraftBody.HRC, DraftBody.ECHR)
    return (DraftBody.CAT, DraftBody.HRC)


def compose(
    body: DraftBody,
    answers: Mapping[str, str],
    today: date,
    number: str,
    notes: tuple[str, ...] = (),
    recorded_facts: Mapping[str, str] | None = None,
) -> Draft:
    """The draft to ``body`` for case ``number``; ``ValueError`` if it does not apply.

    ``notes`` are what the lawyers recorded on the case, offered for the facts;
    ``recorded_facts`` (:mod:`flows.facts`) fill the blanks they answer.
    """
    if body not in applicable(answers):
        raise ValueError(f"a draft to {body.value} does not apply to this case")
    facts = recorded_facts or {}
    file = Filed(facts, settled(with_facts(answers, facts)))
    known = settled(with_removal(answers, facts))
    person = PERSON[body]
    told = Section(
        NP_("draft", "Facts"), (*_facts(known, person, file), *file.listed(), *_notes(notes))
    )
    if body is DraftBody.ECHR:
        return _echr(number, today, known, person, told, file)
    return _committee(body, number, today, known, person, told, file)


PARTY_FACTS = ("full_name", "birth_date", "detention_place")
PARTY_GAP = N_("full name, date of birth, nationality, and address or place of detention")
# TRANSLATORS: in a draft, after the recorded name, date of birth or place of detention.
PARTY_REST_GAP = N_(
    "nationality, and whatever is missing above of the full name, date of birth, and address "
    "or place of detention"
)
# TRANSLATORS: a fact the lawyer recorded, in a draft: "Full name: Aziz Karimov."
FACT_LINE = N_("{label}: {value}.")
# TRANSLATORS: heads the facts the lawyer recorded on the case, in the facts of a draft.
FACTS_RECORDED_INTRO = N_("Recorded on the case by the lawyer:")


@dataclass(frozen=True, slots=True)
class Filed:
    """The facts the holder recorded, as a draft uses them (see :mod:`flows.facts`)."""

    facts: Mapping[str, str]
    counted: Mapping[str, str]
    """The answers with every recorded day counted in: for the appeal deadlines only."""

    def line(self, fact_id: str) -> Words | None:
        """ "Label: value." for a recorded fact, or ``None``."""
        found = next((v for f, v in recorded(self.facts) if f.id == fact_id), None)
        if found is None:
            return None
        return Words(FACT_LINE, {"label": FACTS_BY_ID[fact_id].label, "value": found})

    def party(self) -> tuple[Para, ...]:
        """Who the person is: what was recorded, and a gap for the rest."""
        lines = [para(line) for fact in PARTY_FACTS if (line := self.line(fact)) is not None]
        return (*lines, para(Gap(PARTY_REST_GAP))) if lines else (para(Gap(PARTY_GAP)),)

    def listed(self) -> tuple[Para, ...]:
        """The other recorded facts a filing may carry, for the facts section."""
        lines = [
            para(line, style=Style.BULLET)
            for fact, _ in recorded(self.facts)
            if fact.in_drafts and fact.id not in PARTY_FACTS
            if (line := self.line(fact.id)) is not None
        ]
        return (para(Words(FACTS_RECORDED_INTRO)), *lines) if lines else ()

    def removal_time(self) -> Part:
        """The flight or escort, if recorded; otherwise the gap for it."""
        return self.line("removal_flight") or REMOVAL_TIME_GAP


def _facts(answers: Mapping[str, str], person: Msg, file: Filed) -> Iterator[Para]:
    for told in FACTS:
        if not told.when.evaluate(answers):
            continue
        params: dict[str, Value] = {"person": person}
        if told.day is not None:
            params["day"] = date.fromisoformat(answers[told.day])
        if told.country:
            params["country"] = COUNTRY_NAMES[answers["country"]]
        parts: tuple[Part, ...] = (Words(told.text, params),)
        filled = file.line(told.filled_by) if told.filled_by else None
        gap = (Gap(told.gap),) if told.gap else ()
        yield Para(parts + ((filled,) if filled is not None else gap))
    yield para(FACTS_GAP)


def _notes(notes: tuple[str, ...]) -> Iterator[Para]:
    if notes:
        yield para(Words(NOTES_INTRO))
        yield from (para(Note(note), style=Style.BULLET) for note in notes)


def _risk(answers: Mapping[str, str], person: Msg, *, russia: bool) -> tuple[Para, ...]:
    factors = [
        para(Words(f.text), style=Style.BULLET) for f in FACTORS if f.when.evaluate(answers)
    ]
    evidence = [
        para(Cited(e.statement))
        for e in EVIDENCE
        if (e.when is None or e.when.evaluate(answers)) and (russia or not e.russia)
    ]
    listed = (para(Words(FACTORS_INTRO)), *factors) if factors else ()
    return (
        para(Words(RISK_INTRO, {"person": person})),
        *listed,
        para(Words(SITUATION_INTRO)),
        *evidence,
        para(RISK_GAP),
    )


def _removal_day(answers: Mapping[str, str]) -> date | None:
    """The day set for the removal, if the person gave one."""
    scheduled = SCHEDULED.evaluate(answers)
    return date.fromisoformat(answers["removal_day"]) if scheduled else None


def _removal(answers: Mapping[str, str], file: Filed) -> Para:
    day = _removal_day(answers)
    if day is not None:
        return para(Words(REMOVAL_ON, {"day": day}), file.removal_time(), style=Style.MARK)
    return para(REMOVAL_DAY_GAP, Words(TO_UZBEKISTAN), style=Style.MARK)


def _notice(number: str, today: date, answers: Mapping[str, str]) -> tuple[Para, ...]:
    notice = para(Words(DRAFT_NOTICE, {"today": today, "number": number}))
    relative = (para(Words(BY_RELATIVE)),) if Is("reader", "other").evaluate(answers) else ()
    return (notice, *relative)


def _annexes(answers: Mapping[str, str]) -> tuple[Msg, ...]:
    return tuple(text for when, text in ANNEXES if when is None or when.evaluate(answers))


COMMITTEES = {
    DraftBody.CAT: (
        N_(
            "Communication under article 22 of the Convention against Torture, with a request "
            "for interim measures"
        ),
        TO_CAT,
    ),
    DraftBody.HRC: (
        N_(
            "Communication under the Optional Protocol to the International Covenant on Civil "
            "and Political Rights, with a request for interim measures"
        ),
        TO_HRC,
    ),
}
INTERIM_REQUEST = {
    DraftBody.CAT: (
        N_(
            "Under rule 114 of its rules of procedure, {person} asks the Committee to request "
            "the State party to refrain from removal to Uzbekistan while the communication is "
            "under consideration."
        ),
        CAT_RULE,
    ),
    DraftBody.HRC: (
        N_(
            "Under rule 94 of its rules of procedure, {person} asks the Committee to request "
            "the State party to refrain from removal to Uzbekistan while the communication is "
            "under consideration."
        ),
        HRC_RULE,
    ),
}


def _committee(
    body: DraftBody,
    number: str,
    today: date,
    answers: Mapping[str, str],
    person: Msg,
    facts: Section,
    file: Filed,
) -> Draft:
    title, to = COMMITTEES[body]
    in_russia = bool(IN_RUSSIA.evaluate(answers))
    request, rule = INTERIM_REQUEST[body]
    notes = (
        *_notice(number, today, answers),
        para(Cited(ONE_COMMITTEE)),
        para(Cited(CONSENT)),
        para(Words(PREMATURE), PREMATURE_CHECK),
        para(Cited(NOT_AUTOMATIC)),
        para(Cited(LANGUAGES)),
        para(Cited(TIME_TO_DECIDE)),
    )
    marks = (
        para(Words(URGENT_MARK), style=Style.MARK),
        para(Words(to), PETITIONS_ADDRESS, style=Style.MARK),
        para(Words(CONTACT_MARK), CONTACT_GAP, style=Style.MARK),
        para(Words(REMOVAL_MARK), style=Style.MARK),
        _removal(answers, file),
    )
    if in_russia:
        state: tuple[Para, ...] = (
            para(Words(N_("The Russian Federation."))),
            para(Cited(CAT_ACCEPTED), CAT_NOT_WITHDRAWN)
            if body is DraftBody.CAT
            else para(Cited(OP1_IN_FORCE), OP1_NOT_DENOUNCED),
        )
    else:
        accepts = (
            N_("that this State has made the declaration under article 22 of the Convention")
            if body is DraftBody.CAT
            else N_("that this State is a party to the Optional Protocol")
        )
        state = (para(Gap(N_("the State party concerned")), Check(accepts)),)
    violation = (
        para(Words(CAT_ARTICLE), CAT_ARTICLE_CHECK, WHY_GAP)
        if body is DraftBody.CAT
        else para(Words(HRC_ARTICLES), HRC_ARTICLES_CHECK, WHY_GAP)
    )
    sections = (
        Section(PERSON_TITLES[body], (*file.party(), _represented())),
        Section(NP_("draft", "State party"), state),
        Section(
            NP_("draft", "Request for interim measures"),
            (para(Words(request, {"person": person}), rule), _removal_in_text(answers, file)),
        ),
        facts,
        Section(NP_("draft", "Risk on return"), _risk(answers, person, russia=in_russia)),
        Section(NP_("draft", "Domestic remedies"), (*_remedies(file.counted), para(REMEDIES_GAP))),
        Section(
            NP_("draft", "Other international procedures"),
            (
                para(
                    Words(
                        N_(
                            "The same matter has not been submitted to another procedure of "
                            "international investigation or settlement."
                        )
                    ),
                    Check(N_("confirm it with the person")),
                ),
            ),
        ),
        Section(NP_("draft", "Violations"), (violation,)),
    )
    return Draft(body, number, title, notes, marks, sections, _annexes(answers), SIGNATURE)


PERSON_TITLES = {
    DraftBody.CAT: NP_("draft", "The complainant"),
    DraftBody.HRC: NP_("draft", "The author"),
    DraftBody.ECHR: NP_("draft", "The applicant"),
}


def _represented() -> Para:
    return para(
        Words(N_("Represented by:")),
        Gap(N_("name, address, telephone and email of the representative")),
    )


def _removal_in_text(answers: Mapping[str, str], file: Filed) -> Para:
    day = _removal_day(answers)
    if day is not None:
        scheduled = Words(N_("Removal is scheduled for {day}."), {"day": day})
        return para(scheduled, file.removal_time())
    if REMOVAL_SET.evaluate(answers):
        return para(Words(N_("A date has been set for removal.")), REMOVAL_DAY_GAP)
    return para(Gap(N_("how soon removal may take place, and why")))


def _remedies(answers: Mapping[str, str]) -> Iterator[Para]:
    for action in DEADLINES:
        if action.when.evaluate(answers):
            last_day = action.rule.last_day(date.fromisoformat(answers[action.question]))
            yield para(Cited(REMEDY_LINES[action.rule.id], {"deadline": last_day}))


def _echr(
    number: str,
    today: date,
    answers: Mapping[str, str],
    person: Msg,
    facts: Section,
    file: Filed,
) -> Draft:
    notes = (
        *_notice(number, today, answers),
        para(Cited(PREMATURE_ECHR)),
        *(para(Cited(s)) for s in (RULE39_SEND, RULE39_HOURS, RULE39_LATE, RULE39_SITE)),
        para(Cited(RULE39_FOLLOW_UP)),
    )
    marks = (
        para(Cited(URGENT_RULE39), style=Style.MARK),
        para(Cited(TO_ECHR), style=Style.MARK),
        para(Words(CONTACT_MARK), CONTACT_GAP, style=Style.MARK),
        para(Words(REMOVAL_MARK), style=Style.MARK),
        _removal(answers, file),
    )
    respondent = (
        para(Words(N_("{country}."), {"country": COUNTRY_NAMES[answers["country"]]}))
        if NAMED_COUNTRY.evaluate(answers)
        else para(
            Gap(N_("the member state of the Council of Europe that is to remove the person"))
        )
    )
    sections = (
        Section(PERSON_TITLES[DraftBody.ECHR], (*file.party(), _represented())),
        Section(NP_("draft", "Respondent State"), (respondent,)),
        Section(
            NP_("draft", "Removal"),
            (
                _removal_in_text(answers, file),
                para(Words(N_("Destination: Uzbekistan."))),
                para(held)
                if (held := file.line("detention_place")) is not None
                else para(
                    Words(N_("Where the applicant lives or is held:")),
                    Gap(N_("the address or place of detention")),
                ),
                para(
                    Words(N_("Official case number:")), Gap(N_("the number of the domestic case"))
                ),
            ),
        ),
        facts,
        Section(
            NP_("draft", "Risks and Convention articles at stake"),
            (
                *_risk(answers, person, russia=False),
                para(Cited(ECHR_ARTICLES, {"person": person})),
            ),
        ),
        Section(
            NP_("draft", "Arguments"),
            (
                para(
                    Gap(
                        N_(
                            "the arguments themselves: a reference to other documents is not enough"
                        )
                    )
                ),
            ),
        ),
        Section(
            NP_("draft", "Domestic proceedings"),
            (para(Gap(N_("the final domestic decision, its date, and the remedies used"))),),
        ),
    )
    title = N_("Request for interim measures under Rule 39 of the Rules of Court")
    return Draft(
        DraftBody.ECHR, number, title, notes, marks, sections, _annexes(answers), SIGNATURE
    )


DRAFT_STATEMENTS: tuple[tuple[str, Statement], ...] = (
    ("cat state party", CAT_ACCEPTED),
    ("hrc state party", OP1_IN_FORCE),
    ("un notes: one committee", ONE_COMMITTEE),
    ("un notes: consent", CONSENT),
    ("un notes: languages", LANGUAGES),
    ("un notes: not automatic", NOT_AUTOMATIC),
    ("un notes: time", TIME_TO_DECIDE),
    ("echr notes: timing", PREMATURE_ECHR),
    ("echr notes: follow-up", RULE39_FOLLOW_UP),
    ("echr page 1: marking", URGENT_RULE39),
    ("echr page 1: address", TO_ECHR),
    ("echr articles", ECHR_ARTICLES),
    *((f"evidence #{n}", e.statement) for n, e in enumerate(EVIDENCE, start=1)),
    *((f"remedy {key}", statement) for key, statement in REMEDY_LINES.items()),
)
"""The legal statements the drafts add to those of ``flows.guidance``."""
