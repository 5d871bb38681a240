"""The risk table: conditions on answers → a level and a reason shown to person and lawyer.

Every urgency indicator of the fact sheet (section 6) is a row here. The case takes the
highest level of the rows that hold; all their reasons are shown, in table order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flows.conditions import All, AnyOf, Is
from flows.interview import QUESTIONS, WANTED
from flows.model import DONT_KNOW, Level, LevelText, Reason, Rule, Source
from flows.path import settled
from flows.places import ABROAD, IN_RUSSIA, PLACE_UNKNOWN, RETURNED
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
    ),
    Rule(
        Is("expulsion_decision", "court", "mvd"),
        Level.URGENT,
        Reason(
            "expulsion_ordered",
            N_("expulsion or deportation has been ordered"),
            (Source("S33", "CAO RF art. 30.3"), Source("S37", "MVD expulsions since 2025")),
        ),
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
    ),
    Rule(
        Is("removal_date", "yes"),
        Level.URGENT,
        Reason(
            "removal_date_set",
            N_("a date for removal is set: there may be only hours left"),
            advice=True,
        ),
    ),
    Rule(
        Is("asylum", "refused"),
        Level.URGENT,
        Reason(
            "asylum_refused",
            N_("the refugee or asylum claim was refused, or access to it was denied"),
            advice=True,
        ),
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
    ),
    Rule(
        All(RISK_HISTORY, UNDER_PROCEEDINGS),
        Level.URGENT,
        Reason(
            "history_and_proceedings",
            N_("the danger signs below come together with detention or removal proceedings"),
            (Source("S41", "returns from Russia to Uzbekistan"),),
        ),
    ),
    Rule(
        Is("assurances", "yes"),
        Level.HIGH,
        Reason(
            "diplomatic_assurances",
            N_("Uzbekistan gave “diplomatic assurances”: such promises have proved unreliable"),
            (Source("S41", "diplomatic assurances"), Source("S56", "assurances")),
        ),
    ),
    Rule(
        Is("history", "tortured"),
        Level.HIGH,
        Reason(
            "tortured_before",
            Voiced(N_("you were tortured before"), N_("the person was tortured before")),
            (Source("S41", "torture after return"),),
        ),
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
    ),
    Rule(
        Is("history", "relative_critic"),
        Level.HIGH,
        Reason(
            "relative_critic",
            N_("a relative is a known critic of the authorities"),
            (Source("S22c", "F.A. v. Russia"),),
        ),
    ),
    Rule(
        Is("history", "crocus_raids"),
        Level.HIGH,
        Reason(
            "crocus_raids",
            N_("many migrants detained in the 2024 raids said they were tortured"),
            (Source("S55", "at least 30 detained migrants"),),
        ),
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
    ),
    Rule(
        All(PLACE_UNKNOWN, Is("reader", "other")),
        Level.HIGH,
        Reason(
            "whereabouts_unknown",
            N_("nobody knows where the person is: it may be a detention or an abduction"),
            (Source("S8", "disappearance on release"),),
        ),
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
    ),
    Rule(
        Is("proceedings", "entry_ban"),
        Level.MODERATE,
        Reason(
            "entry_ban",
            N_("there is an entry ban: a lawyer can find out what it means"),
            advice=True,
        ),
    ),
    Rule(
        ABROAD,
        Level.MODERATE,
        Reason(
            "other_country",
            N_("outside Russia the options depend on the country: a lawyer there can tell"),
            advice=True,
        ),
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


def assess(answers: Mapping[str, str]) -> Assessment:
    """Apply the risk table to the answers on the interview's path."""
    known = settled(answers)
    matched = [rule for rule in RULES if rule.when.evaluate(known)]
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
