"""The risk table: conditions on answers → a level and a reason shown to person and lawyer.

Every urgency indicator of the fact sheet (section 6) is a row here. The case takes the
highest level of the rows that hold; all their reasons are shown, in table order. Each row
also names the first steps for the lawyer who takes the case (the case card lists them).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from flows.conditions import All, AnyOf, Is, IsDate, Not
from flows.deadlines import EXPULSION_COURT_APPEAL, EXTRADITION_APPEAL
from flows.interview import QUESTIONS, WANTED
from flows.model import (
    DONT_KNOW,
    EARLIER,
    FirstStep,
    Level,
    LevelText,
    Question,
    Reason,
    Rule,
    Source,
)
from flows.path import settled
from flows.places import (
    ABROAD,
    IN_MEMBER_STATE,
    IN_NON_MEMBER,
    IN_RUSSIA,
    MEMBER_LIST,
    MEMBERSHIP_UNKNOWN,
    PLACE_UNKNOWN,
    RETURNED,
)
from flows.text import N_, Text, Voiced

DETAINED = Is("detention", "detained", "detention_centre")
RUSSIAN_PROCEEDINGS = Is("proceedings", "extradition", "expulsion")
PROCEEDINGS_ABROAD = Is("proceedings_abroad", "extradition", "expulsion")
UNDER_PROCEEDINGS = AnyOf(DETAINED, RUSSIAN_PROCEEDINGS, PROCEEDINGS_ABROAD)
RISK_HISTORY = Is("history", "tortured", "family_pressure", "relative_critic", "crocus_raids")
KEY_FACTS = tuple(question.id for question in QUESTIONS if question.key_fact)
KEY_FACT_UNKNOWN = AnyOf(*(Is(question_id, DONT_KNOW) for question_id in KEY_FACTS))
"""An "I don't know" to where the person is, detention, what the authorities do, or a decision."""

LEVEL_TEXTS: dict[Level, LevelText] = {
    Level.URGENT: LevelText(
        Level.URGENT,
        N_("🔴 URGENT"),
        Voiced(
            N_("Act today. Send your case to a lawyer now."),
            N_("Act today. Send the person's case to a lawyer now."),
        ),
    ),
    Level.HIGH: LevelText(
        Level.HIGH,
        N_("🟠 HIGH RISK"),
        N_("Talk to a lawyer soon. Do not wait for the next step of the procedure."),
    ),
    Level.MODERATE: LevelText(
        Level.MODERATE,
        N_("🟡 MODERATE RISK"),
        N_("Nothing shows an emergency now. Read the steps below and be ready to act."),
    ),
    Level.LOW: LevelText(
        Level.LOW,
        N_("🟢 LOW RISK"),
        N_(
            "Your answers show none of the known danger signs. "
            "If anything changes, come back and answer again."
        ),
    ),
}

# First steps for the lawyer, in the words of one lawyer to another.
S27 = Source("S27", "CPC RF art. 463(1)")
FIND_FACILITY = FirstStep(
    "find_facility",
    N_(
        "Call the place of detention: confirm the person is there, get the detention papers, "
        "visit with an interpreter."
    ),
    advice=True,
)
CUSTODY_ORDER = FirstStep(
    "custody_order",
    N_(
        "Get the custody order: custody pending extradition is ordered by a court on the "
        "prosecutor's application (CPC RF art. 466)."
    ),
    IN_RUSSIA,
    (Source("S30b", "CPC RF art. 466: custody on the prosecutor's application"),),
)
SEARCH_PAPERS = FirstStep(
    "search_papers",
    N_("Find out which search it is (CIS or Interpol) and whether extradition was requested."),
    advice=True,
)
CHARGE_PAPERS = FirstStep(
    "charge_papers",
    N_(
        "Get the charge from Uzbekistan: the articles, the dates, and whether it was brought "
        "in absentia."
    ),
    advice=True,
)
APPEAL_EXTRADITION = FirstStep(
    "appeal_extradition",
    N_(
        "Appeal the extradition decision by {deadline} (CPC RF art. 463(1)); if the person is "
        "held, the facility must forward the appeal at once."
    ),
    IsDate("extradition_decision_date"),
    (S27, Source("S27", "CPC RF art. 463(2): forwarded at once")),
    counted=(EXTRADITION_APPEAL, "extradition_decision_date"),
    passed=N_(
        "By the answers, the 10 days to appeal the extradition decision ended on {deadline} "
        "(CPC RF art. 463(1)): check the day of notice on the papers today."
    ),
    pressing=True,
)
EXTRADITION_DAY_UNKNOWN = FirstStep(
    "extradition_day_unknown",
    N_(
        "Find the day the extradition decision was handed over: the 10 days to appeal run "
        "from notice (CPC RF art. 463(1))."
    ),
    Is("extradition_decision_date", DONT_KNOW),
    (S27,),
    pressing=True,
)
EXTRADITION_LONG_AGO = FirstStep(
    "extradition_long_ago",
    N_(
        "The extradition decision was handed over more than 2 weeks ago: the 10 days to "
        "appeal have most likely passed (CPC RF art. 463(1)). Check the day of notice today."
    ),
    Is("extradition_decision_date", EARLIER),
    (S27,),
    pressing=True,
)
CAT_WHEN_IMMINENT = FirstStep(
    "cat_when_imminent",
    N_(
        "Prepare a communication to the UN Committee against Torture (art. 22), and ask for "
        "interim measures once removal is imminent."
    ),
    IN_RUSSIA,
    (Source("S20", "X v. Russia: art. 22 complaint on extradition to Uzbekistan"),),
)
CAT_NOW = FirstStep(
    "cat_now",
    N_(
        "Removal is imminent: send a request for interim measures to the UN Committee against "
        "Torture now (one committee only; the person's consent)."
    ),
    IN_RUSSIA,
    (
        Source("S20", "X v. Russia: art. 22 complaint on extradition to Uzbekistan"),
        Source("S26", "one committee only; consent"),
    ),
    pressing=True,
    replaces=frozenset({"cat_when_imminent"}),
)
APPEAL_EXPULSION = FirstStep(
    "appeal_expulsion",
    N_(
        "Appeal the court's expulsion decision by {deadline} (CAO RF art. 30.3(1); counted "
        "without moving a weekend). When expulsion is imminent, the appeal is examined within "
        "24 hours (CAO RF art. 30.5)."
    ),
    All(Is("expulsion_decision", "court"), IsDate("expulsion_decision_date")),
    (
        Source("S33", "CAO RF art. 30.3(1)"),
        Source("S59", "«дней» since Federal Law No. 364-FZ"),
        Source("S34", "CAO RF art. 30.5: 24 hours"),
    ),
    counted=(EXPULSION_COURT_APPEAL, "expulsion_decision_date"),
    passed=N_(
        "By our careful count, the 10 days to appeal the expulsion decision ended on "
        "{deadline}: ask the court to restore the period (CAO RF art. 30.3)."
    ),
    pressing=True,
)
EXPULSION_DAY_UNKNOWN = FirstStep(
    "expulsion_day_unknown",
    N_(
        "Find the day the person got a copy of the expulsion decision: the 10 days to appeal "
        "run from it, and a missed period can be restored on request (CAO RF art. 30.3)."
    ),
    All(Is("expulsion_decision", "court"), Is("expulsion_decision_date", DONT_KNOW, EARLIER)),
    (Source("S33", "CAO RF art. 30.3"), Source("S59", "«дней»")),
    pressing=True,
)
EXPULSION_BY_MVD = FirstStep(
    "expulsion_by_mvd",
    N_(
        "The expulsion was ordered by the police (MVD) without a court: our sources do not "
        "confirm how or by when to challenge it. Check today."
    ),
    Is("expulsion_decision", "mvd"),
    (Source("S37", "MVD expulsions without a court since 5 Feb 2025"),),
    pressing=True,
)
REGISTER_GROUNDS = FirstStep(
    "register_grounds",
    N_(
        "Find out why the person was put on the register of controlled persons: it covers "
        "foreigners without lawful status, including people refused refugee status."
    ),
    sources=(Source("S36", "register of controlled persons, since 5 Feb 2025"),),
)
LAWYER_THERE = FirstStep(
    "lawyer_there",
    N_(
        "Find a lawyer in that country at once: its courts and officials decide on the "
        "removal from there."
    ),
    advice=True,
)
RULE39_PREPARE = FirstStep(
    "rule39_prepare",
    N_(
        "The country is a member of the Council of Europe: prepare a Rule 39 request. It "
        "must reach the Court at least one working day before the removal (Monday to Friday, "
        "08:00–16:00 Strasbourg time)."
    ),
    IN_MEMBER_STATE,
    (Source("S14", "timing; working hours"), MEMBER_LIST),
)
RULE39_NOW = FirstStep(
    "rule39_now",
    N_(
        "Removal is set: send the Rule 39 request to the European Court now. One that "
        "arrives less than one working day before the removal may not be dealt with."
    ),
    IN_MEMBER_STATE,
    (Source("S14", "less than one working day before removal"), MEMBER_LIST),
    pressing=True,
    replaces=frozenset({"rule39_prepare"}),
)
RULE39_CHECK = FirstStep(
    "rule39_check",
    N_(
        "Check whether the country is a member of the Council of Europe: only there can the "
        "European Court stop a removal (Rule 39)."
    ),
    All(ABROAD, MEMBERSHIP_UNKNOWN),
    (Source("S14", "member states only: inference, low confidence"), MEMBER_LIST),
)
NO_RULE39_THERE = FirstStep(
    "no_rule39_there",
    N_(
        "The country is not a member of the Council of Europe: the European Court cannot "
        "stop a removal from it."
    ),
    IN_NON_MEMBER,
    (MEMBER_LIST,),
)
REMOVAL_DETAILS = FirstStep(
    "removal_details",
    N_("Find out the time, the flight or escort, and the destination of the removal."),
    advice=True,
)
CENTRE_PAPERS = FirstStep(
    "centre_papers",
    N_("Ask the centre for the removal decision and the planned date."),
    advice=True,
)
UNHCR_SAME_DAY = FirstStep(
    "unhcr_same_day",
    N_(
        "Contact UNHCR Russia today: +7 (903) 792-22-79 (when the number was last checked is "
        "not recorded). Our sources give no deadline to appeal the refusal."
    ),
    Not(ABROAD),
    (Source("S50", "when to contact UNHCR; hotline (check date not recorded)"),),
)
REFUSAL_THERE = FirstStep(
    "refusal_there",
    N_("Ask a lawyer there how and by when the refusal can be challenged."),
    ABROAD,
    advice=True,
)
DAILY_CONTACT = FirstStep(
    "daily_contact",
    N_(
        "Stay in touch with the person every day and know where they are: a man vanished on "
        "the day of his release (Mamazhonov v. Russia, 2014)."
    ),
    sources=(Source("S8", "Mamazhonov v. Russia, 2014: vanished on release"),),
)
UN_AFTER_RETURN = FirstStep(
    "un_after_return",
    N_(
        "A complaint to a UN committee about the return is still possible: the Human Rights "
        "Committee examined F.A. v. Russia after his extradition."
    ),
    sources=(Source("S22", "F.A. v. Russia: view after extradition"),),
)
WHERE_HELD_THERE = FirstStep(
    "where_held_there",
    N_("Ask the family where the person is held, and whether they have a lawyer there."),
    advice=True,
)
EVIDENCE = FirstStep(
    "evidence",
    N_("Collect evidence of past events: medical records, statements, photos, names, dates."),
    advice=True,
)
ASSURANCES_TEXT = FirstStep(
    "assurances_text",
    N_(
        "Get the text of the assurances: Amnesty International found Uzbekistan's assurances "
        "unreliable."
    ),
    sources=(Source("S41", "diplomatic assurances"),),
)
GET_PAPERS = FirstStep(
    "get_papers",
    N_("Get a copy of every paper the person was given, with the day it was handed over."),
    advice=True,
)
WHERE_IS_THE_PERSON = FirstStep(
    "where_is_the_person",
    N_(
        "Ask the police and the detention facilities today where the person is: a man "
        "vanished on the day of his release (Mamazhonov v. Russia, 2014)."
    ),
    sources=(Source("S8", "Mamazhonov v. Russia, 2014: disappearance on release"),),
    pressing=True,
)
CLAIM_PROOF = FirstStep(
    "claim_proof",
    N_(
        "Make sure the person keeps proof of the pending claim: the law forbids returning an "
        "applicant against their will (Law 4528-1 art. 10(1))."
    ),
    sources=(Source("S31b", "Law 4528-1 art. 10(1)"),),
)
ENTRY_BAN_PAPERS = FirstStep(
    "entry_ban_papers",
    N_("Get the entry-ban decision and its grounds."),
    advice=True,
)
REMOVAL_STEPS = (CAT_NOW, RULE39_NOW, REMOVAL_DETAILS)
"""A removal date is set: the international request to send now, where one exists."""
ABROAD_STEPS = (LAWYER_THERE, RULE39_PREPARE, RULE39_CHECK, NO_RULE39_THERE)

RULES: tuple[Rule, ...] = (
    Rule(
        All(DETAINED, WANTED),
        Level.URGENT,
        Reason(
            "detained_on_search",
            Voiced(
                N_("you are detained while Uzbekistan is searching for you"),
                N_("the person is detained while Uzbekistan is searching for them"),
            ),
            (
                Source("S49", "detention on an interstate search"),
                Source("S56", "Minsk Convention 1993"),
            ),
        ),
        steps=(FIND_FACILITY, CUSTODY_ORDER, SEARCH_PAPERS),
    ),
    Rule(
        Is("charges", "extremism"),
        Level.URGENT,
        Reason(
            "political_charges",
            N_(
                "charges for religion or politics (articles 159, 244-1, 244-2) bring the "
                "highest risk of torture and of 10–20 years in prison"
            ),
            (Source("S44", "paras on arts. 159 and 244-2"), Source("S41", "ch. on returns")),
        ),
        steps=(CHARGE_PAPERS,),
    ),
    Rule(
        Is("extradition_decision", "yes"),
        Level.URGENT,
        Reason(
            "extradition_decision",
            # TRANSLATORS: «10 суток» (УПК РФ ст. 463): Uzbek "10 sutka".
            N_("an extradition decision was given: the 10-day period to appeal is running"),
            (Source("S27", "CPC RF art. 463(1)"),),
        ),
        steps=(
            APPEAL_EXTRADITION,
            EXTRADITION_DAY_UNKNOWN,
            EXTRADITION_LONG_AGO,
            CAT_WHEN_IMMINENT,
        ),
    ),
    Rule(
        Is("expulsion_decision", "court", "mvd"),
        Level.URGENT,
        Reason(
            "expulsion_ordered",
            N_("expulsion or deportation has been ordered"),
            (Source("S33", "CAO RF art. 30.3"), Source("S37", "MVD expulsions since 2025")),
        ),
        steps=(APPEAL_EXPULSION, EXPULSION_DAY_UNKNOWN, EXPULSION_BY_MVD, CAT_WHEN_IMMINENT),
    ),
    Rule(
        Is("expulsion_decision", "register"),
        Level.URGENT,
        Reason(
            "controlled_register",
            Voiced(
                N_("you are on the register of controlled persons"),
                N_("the person is on the register of controlled persons"),
            ),
            (Source("S36", "register of controlled persons, 5 Feb 2025"),),
        ),
        steps=(REGISTER_GROUNDS, CAT_WHEN_IMMINENT),
    ),
    Rule(
        Is("decision_abroad", "yes"),
        Level.URGENT,
        Reason(
            "decision_abroad",
            Voiced(
                N_("a decision to send you to Uzbekistan has been given there"),
                N_("a decision to send the person to Uzbekistan has been given there"),
            ),
            advice=True,
        ),
        steps=ABROAD_STEPS,
    ),
    Rule(
        Is("detention", "detention_centre"),
        Level.URGENT,
        Reason(
            "detention_centre",
            Voiced(
                N_("you are held in a centre for foreigners awaiting removal"),
                N_("the person is held in a centre for foreigners awaiting removal"),
            ),
            advice=True,
        ),
        steps=(CENTRE_PAPERS, FIND_FACILITY),
    ),
    Rule(
        Is("removal_date", "yes"),
        Level.URGENT,
        Reason(
            "removal_date_set",
            N_("a date for removal is set: there may be only hours left"),
            advice=True,
        ),
        steps=REMOVAL_STEPS,
    ),
    Rule(
        Is("asylum", "refused"),
        Level.URGENT,
        Reason(
            "asylum_refused",
            N_("the refugee or asylum claim was refused, or access to it was denied"),
            advice=True,
        ),
        steps=(UNHCR_SAME_DAY, REFUSAL_THERE),
    ),
    Rule(
        Is("detention", "released"),
        Level.URGENT,
        Reason(
            "just_released",
            N_(
                "release from custody is a dangerous moment: people have been abducted right after it"
            ),
            (Source("S8", "Mamazhonov v. Russia, 2014"), Source("S7", "abductions 2011–2013")),
        ),
        steps=(DAILY_CONTACT,),
    ),
    Rule(
        Is("held_in_uzbekistan", "held"),
        Level.URGENT,
        Reason(
            "held_in_uzbekistan",
            Voiced(
                N_(
                    "you are held in Uzbekistan: people held after their return have faced "
                    "torture and forced confessions"
                ),
                N_(
                    "the person is held in Uzbekistan: people held after their return have "
                    "faced torture and forced confessions"
                ),
            ),
            (Source("S41", "incommunicado detention after return"),),
        ),
        steps=(WHERE_HELD_THERE, UN_AFTER_RETURN),
    ),
    Rule(
        All(RISK_HISTORY, UNDER_PROCEEDINGS),
        Level.URGENT,
        Reason(
            "history_and_proceedings",
            N_(
                "what happened before, together with detention or removal proceedings, makes "
                "a return more dangerous"
            ),
            (Source("S41", "returns from Russia to Uzbekistan"),),
        ),
        steps=(EVIDENCE,),
    ),
    Rule(
        Is("assurances", "yes"),
        Level.HIGH,
        Reason(
            "diplomatic_assurances",
            N_("Uzbekistan gave “diplomatic assurances”: such promises have proved unreliable"),
            (Source("S41", "diplomatic assurances"), Source("S56", "assurances")),
        ),
        steps=(ASSURANCES_TEXT,),
    ),
    Rule(
        Is("history", "tortured"),
        Level.HIGH,
        Reason(
            "tortured_before",
            Voiced(N_("you were tortured before"), N_("the person was tortured before")),
            (Source("S41", "torture after return"),),
        ),
        steps=(EVIDENCE,),
    ),
    Rule(
        Is("history", "family_pressure"),
        Level.HIGH,
        Reason(
            "family_pressure",
            Voiced(
                N_("your family is under pressure"), N_("the person's family is under pressure")
            ),
            (Source("S41", "pressure on families"),),
        ),
        steps=(EVIDENCE,),
    ),
    Rule(
        Is("history", "relative_critic"),
        Level.HIGH,
        Reason(
            "relative_critic",
            N_("a relative is a known critic of the authorities"),
            (Source("S22c", "F.A. v. Russia"),),
        ),
        steps=(EVIDENCE,),
    ),
    Rule(
        Is("history", "crocus_raids"),
        Level.HIGH,
        Reason(
            "crocus_raids",
            N_("many migrants detained in the 2024 raids said they were tortured"),
            (Source("S55", "at least 30 detained migrants"),),
        ),
        steps=(EVIDENCE,),
    ),
    Rule(
        WANTED,
        Level.HIGH,
        Reason(
            "wanted",
            Voiced(
                N_("Uzbekistan is searching for you: any check can lead to detention"),
                N_("Uzbekistan is searching for the person: any check can lead to detention"),
            ),
            (Source("S49", "detention on an interstate search"),),
        ),
        implied_by=frozenset({"detained_on_search"}),
        steps=(SEARCH_PAPERS,),
    ),
    Rule(
        RUSSIAN_PROCEEDINGS,
        Level.HIGH,
        Reason(
            "removal_proceedings",
            N_("removal proceedings (extradition, expulsion or deportation) have started"),
            (Source("S27", "CPC RF art. 463"), Source("S33", "CAO RF art. 30.3")),
        ),
        implied_by=frozenset({"extradition_decision", "expulsion_ordered", "controlled_register"}),
        steps=(GET_PAPERS, CAT_WHEN_IMMINENT),
    ),
    Rule(
        PROCEEDINGS_ABROAD,
        Level.HIGH,
        Reason(
            "removal_abroad",
            Voiced(
                N_("the authorities there are trying to send you to Uzbekistan"),
                N_("the authorities there are trying to send the person to Uzbekistan"),
            ),
            advice=True,
        ),
        implied_by=frozenset({"decision_abroad"}),
        steps=ABROAD_STEPS,
    ),
    Rule(
        Is("detention", "detained"),
        Level.HIGH,
        Reason(
            "detained",
            Voiced(N_("you are detained"), N_("the person is detained")),
            advice=True,
        ),
        implied_by=frozenset({"detained_on_search"}),
        steps=(FIND_FACILITY,),
    ),
    Rule(
        RETURNED,
        Level.HIGH,
        Reason(
            "returned",
            N_("people returned from Russia to Uzbekistan have faced detention and torture"),
            (Source("S41", "returns from Russia"),),
        ),
        summary=Voiced(
            N_(
                "You are already in Uzbekistan. Appeals in Russia can no longer stop the return, "
                "but some help is still possible: read what a lawyer can and cannot do."
            ),
            N_(
                "The person is already in Uzbekistan. Appeals in Russia can no longer stop the "
                "return, but some help is still possible: read what a lawyer can and cannot do."
            ),
        ),
        steps=(UN_AFTER_RETURN,),
    ),
    Rule(
        All(PLACE_UNKNOWN, Is("reader", "other")),
        Level.HIGH,
        Reason(
            "whereabouts_unknown",
            N_("nobody knows where the person is: it may be a detention or an abduction"),
            (Source("S8", "disappearance on release"),),
        ),
        steps=(WHERE_IS_THE_PERSON,),
    ),
    Rule(
        KEY_FACT_UNKNOWN,
        Level.MODERATE,
        Reason(
            "unclear",
            N_(
                "some key answers are “I don't know”, so the danger is unclear: it may be "
                "serious, and a lawyer can find out"
            ),
            advice=True,
        ),
        summary=N_(
            "Your answers leave the danger unclear. Do not wait: a lawyer can find out what is "
            "happening."
        ),
        offer_lawyer=True,
        steps=(GET_PAPERS,),
    ),
    Rule(
        All(IN_RUSSIA, Is("asylum", "pending")),
        Level.MODERATE,
        Reason(
            "asylum_pending",
            N_(
                "a claim is pending: the law forbids returning people who applied for refugee "
                "status against their will, but protection is rarely granted"
            ),
            (Source("S31b", "Law 4528-1 art. 10(1)"), Source("S40", "figures for 2023")),
        ),
        steps=(CLAIM_PROOF,),
    ),
    Rule(
        Is("charges", "other"),
        Level.MODERATE,
        Reason(
            "other_charges",
            Voiced(
                N_("you are charged with a crime in Uzbekistan"),
                N_("the person is charged with a crime in Uzbekistan"),
            ),
            advice=True,
        ),
        steps=(CHARGE_PAPERS,),
    ),
    Rule(
        Is("proceedings", "entry_ban"),
        Level.MODERATE,
        Reason(
            "entry_ban",
            N_("there is an entry ban: a lawyer can find out what it means"),
            advice=True,
        ),
        steps=(ENTRY_BAN_PAPERS,),
    ),
    Rule(
        ABROAD,
        Level.MODERATE,
        Reason(
            "other_country",
            N_("outside Russia the options depend on the country: a lawyer there can tell"),
            advice=True,
        ),
        steps=ABROAD_STEPS,
    ),
)

NO_DANGER_SIGN = Reason(
    "no_danger_sign", N_("none of the answers shows a known danger sign"), advice=True
)


LAWYER_OFFERED_FROM = Level.HIGH
"""From this level on, the result asks at once to share the case with a lawyer."""


@dataclass(frozen=True, slots=True)
class Assessment:
    """The level of a case, the reasons for it (most serious first), and what to tell first."""

    level: Level
    reasons: tuple[Reason, ...]
    summary: Text
    offers_lawyer: bool
    """Whether the result asks at once to share the case with a lawyer (one tap, consent)."""


def assess(
    answers: Mapping[str, str],
    rules: Sequence[Rule] = RULES,
    questions: Sequence[Question] = QUESTIONS,
) -> Assessment:
    """Apply the risk table (the shipped one by default) to the answers on the path."""
    known = settled(answers, questions)
    matched = [rule for rule in rules if rule.when.evaluate(known)]
    if not matched:
        return Assessment(Level.LOW, (NO_DANGER_SIGN,), LEVEL_TEXTS[Level.LOW].summary, False)
    shown = {rule.reason.id for rule in matched}
    kept = [rule for rule in matched if not rule.implied_by & shown]
    kept.sort(key=lambda rule: -rule.level)
    level = kept[0].level
    summary = next(
        (r.summary for r in matched if r.level is level and r.summary is not None),
        LEVEL_TEXTS[level].summary,
    )
    offers = level >= LAWYER_OFFERED_FROM or any(rule.offer_lawyer for rule in matched)
    return Assessment(level, tuple(rule.reason for rule in kept), summary, offers)
