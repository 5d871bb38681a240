"""What a filing says of the person and the danger, as data, read from the answers.

The facts as prose (each sentence when its answers hold, with what only the lawyer can add),
the individual risk factors (facts about the person, never advice to them), the evidence of
the risk with its sources from the fact sheet, and the annexes that go with them.
``flows.drafts`` lays them out for each body.
"""

from __future__ import annotations

from dataclasses import dataclass

from flows.conditions import All, AnyOf, Condition, Is, IsDate, Not
from flows.guidance import Statement
from flows.interview import WANTED
from flows.model import DONT_KNOW, EARLIER, Source
from flows.places import ABROAD, COUNTRIES, IN_RUSSIA
from flows.text import N_, Msg


@dataclass(frozen=True, slots=True)
class Told:
    """A sentence of the facts, written when ``when`` holds for the answers.

    ``day`` names the question whose day fills ``{day}``; ``country`` fills ``{country}``
    with the country named; ``gap`` is what the lawyer adds right after, unless the fact
    ``filled_by`` (``flows.facts``) was recorded: then that fact stands in its place.
    """

    when: Condition
    text: Msg
    day: str | None = None
    gap: Msg | None = None
    country: bool = False
    filled_by: str | None = None


COUNTRY_NAMES = {country.id: country.label for country in COUNTRIES}
NAMED_COUNTRY = Is("country", "turkey", "georgia", "kazakhstan", "kyrgyzstan")
EXTRADITION_DECIDED = Is("extradition_decision", "yes")
COURT_EXPULSION = Is("expulsion_decision", "court")
MVD_EXPULSION = Is("expulsion_decision", "mvd")
DAY_GAP = N_("the day it was received")
REMOVAL_SET = Is("removal_date", "yes")
SCHEDULED = All(REMOVAL_SET, IsDate("removal_day"))

FACTS: tuple[Told, ...] = (
    Told(IN_RUSSIA, N_("{person} is in the Russian Federation.")),
    Told(
        All(ABROAD, NAMED_COUNTRY),
        N_("{person} is in the following country: {country}."),
        country=True,
    ),
    Told(
        All(ABROAD, Is("country", "eu")),
        N_("{person} is in a member state of the European Union."),
        gap=N_("which one"),
    ),
    Told(
        All(ABROAD, Is("country", "elsewhere", DONT_KNOW)),
        N_("{person} is in a country other than Uzbekistan."),
        gap=N_("which one"),
    ),
    Told(
        Is("detention", "detained"),
        N_("{person} is detained."),
        gap=N_("since when, where, and on what order"),
    ),
    Told(
        Is("detention", "detention_centre"),
        N_("{person} is held in a special centre for foreigners awaiting removal."),
        gap=N_("since when, and which centre"),
    ),
    Told(
        Is("detention", "released"),
        N_("{person} was released from custody in the last few days."),
        gap=N_("the day of release"),
    ),
    Told(Is("detention", "free"), N_("{person} is not detained.")),
    Told(
        Is("proceedings", "extradition"),
        N_("Extradition proceedings to Uzbekistan are under way in the Russian Federation."),
    ),
    Told(
        Is("proceedings", "expulsion"),
        N_(
            "Proceedings for administrative expulsion or deportation are under way in the "
            "Russian Federation."
        ),
    ),
    Told(
        Is("proceedings", "entry_ban"),
        N_("{person} has been banned from entering the Russian Federation."),
    ),
    Told(
        All(EXTRADITION_DECIDED, IsDate("extradition_decision_date")),
        N_(
            "{person} received the decision of the Prosecutor General's Office of the Russian "
            "Federation on extradition to Uzbekistan on {day}."
        ),
        day="extradition_decision_date",
    ),
    Told(
        All(EXTRADITION_DECIDED, Is("extradition_decision_date", EARLIER)),
        N_(
            "{person} received the decision of the Prosecutor General's Office of the Russian "
            "Federation on extradition to Uzbekistan more than two weeks ago."
        ),
        gap=DAY_GAP,
    ),
    Told(
        All(EXTRADITION_DECIDED, Is("extradition_decision_date", DONT_KNOW)),
        N_(
            "The Prosecutor General's Office of the Russian Federation has decided on "
            "extradition to Uzbekistan."
        ),
        gap=DAY_GAP,
    ),
    Told(
        Is("extradition_decision", "not_yet"),
        N_("The Prosecutor General's Office has not yet decided on extradition."),
    ),
    Told(
        All(COURT_EXPULSION, IsDate("expulsion_decision_date")),
        N_("{person} received a copy of the court's decision on expulsion on {day}."),
        day="expulsion_decision_date",
    ),
    Told(
        All(COURT_EXPULSION, Not(IsDate("expulsion_decision_date"))),
        N_("A court has ordered expulsion."),
        gap=N_("the day a copy of the decision was received"),
    ),
    Told(
        All(MVD_EXPULSION, IsDate("expulsion_decision_date")),
        N_(
            "The police (Ministry of Internal Affairs) ordered expulsion without a court; "
            "{person} received the decision on {day}."
        ),
        day="expulsion_decision_date",
    ),
    Told(
        All(MVD_EXPULSION, Not(IsDate("expulsion_decision_date"))),
        N_("The police (Ministry of Internal Affairs) ordered expulsion without a court."),
        gap=DAY_GAP,
    ),
    Told(
        Is("expulsion_decision", "register"),
        N_("{person} has been put on the register of controlled persons."),
        gap=N_("since when, and on what grounds"),
    ),
    Told(
        Is("expulsion_decision", "not_yet"),
        N_("No expulsion or deportation has been ordered yet."),
    ),
    Told(
        Is("proceedings_abroad", "extradition"),
        N_(
            "The authorities of that country are conducting extradition proceedings to Uzbekistan."
        ),
    ),
    Told(
        Is("proceedings_abroad", "expulsion"),
        N_("The authorities of that country are seeking deportation to Uzbekistan."),
    ),
    Told(
        Is("decision_abroad", "yes"),
        N_("A court or an official of that country has decided on removal to Uzbekistan."),
        gap=N_("the decision, who took it, and when"),
    ),
    Told(Is("decision_abroad", "not_yet"), N_("No decision on removal has been taken there yet.")),
    Told(
        SCHEDULED,
        N_("Removal to Uzbekistan is scheduled for {day}."),
        day="removal_day",
        gap=N_("the time, and the flight or escort"),
        filled_by="removal_flight",
    ),
    Told(
        All(REMOVAL_SET, Not(IsDate("removal_day"))),
        N_("A date has been set for removal to Uzbekistan."),
        gap=N_("the date and time, and the flight or escort"),
    ),
    Told(
        Is("search", "yes"),
        N_(
            "{person} is on an interstate or international wanted list at the request of Uzbekistan."
        ),
    ),
    Told(Is("search", "in_absentia"), N_("{person} has been charged in absentia in Uzbekistan.")),
    Told(
        Is("charges", "extremism"),
        N_("{person} is charged in Uzbekistan with offences related to religion or politics."),
        gap=N_("the articles of the Criminal Code of Uzbekistan, and the charge as worded"),
    ),
    Told(
        Is("charges", "other"),
        N_("{person} is charged in Uzbekistan with a criminal offence."),
        gap=N_("the article, and the charge as worded"),
    ),
    Told(Is("charges", "none"), N_("{person} knows of no criminal charge in Uzbekistan.")),
    Told(
        Is("asylum", "pending"),
        N_("{person} has applied for refugee status or asylum, and the application is pending."),
        gap=N_("to which authority, and when"),
    ),
    Told(
        Is("asylum", "refused"),
        N_(
            "{person} applied for refugee status or asylum and was refused, or was not allowed "
            "to apply."
        ),
        gap=N_("which, by whom, and when"),
    ),
    Told(
        Is("asylum", "granted"),
        N_("{person} has been granted refugee status or asylum."),
        gap=N_("which, and when"),
    ),
    Told(
        Is("asylum", "not_applied"), N_("{person} has not applied for refugee status or asylum.")
    ),
    Told(
        Is("history", "tortured"),
        N_("{person} states having been tortured in the past."),
        gap=N_("when, where, by whom, and the evidence"),
    ),
    Told(
        Is("history", "family_pressure"),
        N_("{person} states that the family has been put under pressure."),
        gap=N_("who, when, and how"),
    ),
    Told(
        Is("history", "relative_critic"),
        N_("{person} states that a relative is a known critic of the authorities of Uzbekistan."),
        gap=N_("who, and how the criticism is known"),
    ),
    Told(
        Is("history", "crocus_raids"),
        N_(
            "{person} was detained in the raids on migrants after the attack on Crocus City "
            "Hall in March 2024."
        ),
        gap=N_("what happened in detention"),
    ),
    Told(
        Is("assurances", "yes"),
        N_(
            "The authorities of Uzbekistan have given diplomatic assurances that {person} will "
            "not be tortured."
        ),
        gap=N_("the text and date of the assurances"),
    ),
)


@dataclass(frozen=True, slots=True)
class Factor:
    """An individual risk factor, listed when ``when`` holds (never advice to the client)."""

    when: Condition
    text: Msg


FACTORS: tuple[Factor, ...] = (
    Factor(Is("charges", "extremism"), N_("charges related to religion or politics")),
    Factor(WANTED, N_("a search by Uzbekistan, or a charge brought in absentia")),
    Factor(Is("history", "tortured"), N_("torture in the past")),
    Factor(Is("history", "family_pressure"), N_("pressure on the family")),
    Factor(
        Is("history", "relative_critic"), N_("a relative who is a known critic of the authorities")
    ),
    Factor(Is("history", "crocus_raids"), N_("detention in the raids of March 2024")),
    Factor(Is("assurances", "yes"), N_("diplomatic assurances given by Uzbekistan")),
    Factor(Is("asylum", "refused"), N_("the refusal of protection, or of access to it")),
)


@dataclass(frozen=True, slots=True)
class Evidence:
    """A sourced statement on the risk, cited when ``when`` holds (always when ``None``)."""

    statement: Statement
    when: Condition | None = None
    russia: bool = False
    """About Russia's own record: only in a communication against Russia."""


EVIDENCE: tuple[Evidence, ...] = (
    Evidence(
        Statement(
            N_(
                "In 2013 the UN Committee against Torture found that torture was routinely "
                "used in Uzbekistan to obtain confessions, and cited the European Court's "
                "finding that it was systematic, unpunished and encouraged."
            ),
            (Source("S42", "CAT/C/UZB/CO/4"),),
        )
    ),
    Evidence(
        Statement(
            N_(
                "In 2019 the Committee welcomed the 2017 ban on evidence obtained under "
                "coercion and the closure of Jaslyk prison, but remained concerned that courts "
                "ignore claims of torture and that trials for torture are held behind closed "
                "doors."
            ),
            (Source("S43", "CAT/C/UZB/CO/5"),),
        )
    ),
    Evidence(
        Statement(
            N_(
                "Credible reports of torture continued after the reforms that began in 2016. "
                "Human Rights Watch's World Report 2025 says that torture in custody and "
                "impunity continue."
            ),
            (Source("S48", "after 2016"), Source("S47", "World Report 2025")),
        )
    ),
    Evidence(
        Statement(
            N_(
                "Amnesty International documented that people returned to Uzbekistan were held "
                "incommunicado, forced to confess and tortured, and that their families were "
                "pressured."
            ),
            (Source("S41", "Fast-Track to Torture, 2016"),),
        )
    ),
    Evidence(
        Statement(
            N_(
                "In 2018 the UN Special Rapporteur on freedom of religion or belief estimated "
                "that there were 5,000 to 15,000 religious detainees in Uzbekistan, charged "
                "under articles 159 and 244-2 of the Criminal Code, which carry 10 to 20 years."
            ),
            (Source("S44", "A/HRC/37/49/Add.2"),),
        ),
        Is("charges", "extremism"),
    ),
    Evidence(
        Statement(
            N_(
                "Amnesty International found that diplomatic assurances from Uzbekistan proved unreliable."
            ),
            (Source("S41", "diplomatic assurances"),),
        ),
        Is("assurances", "yes"),
    ),
    Evidence(
        Statement(
            N_(
                "Extradition within the CIS runs under the 1993 Minsk Convention, which does "
                "not bar extradition where there is a risk of torture."
            ),
            (Source("S56", "Minsk Convention 1993"),),
        ),
        Is("proceedings", "extradition"),
        russia=True,
    ),
    Evidence(
        Statement(
            N_(
                "In 2013 the Committee of Ministers of the Council of Europe condemned the "
                "number of applicants abducted from Russia and transferred to Central Asia "
                "despite interim measures of the European Court. In Mamazhonov v. Russia "
                "(2014) an Uzbek national vanished on the day of his release, and the Court "
                "found violations of Articles 3 and 34 of the Convention."
            ),
            (Source("S7", "Committee of Ministers, 2013"), Source("S8", "Mamazhonov v. Russia")),
        ),
        russia=True,
    ),
    Evidence(
        Statement(
            N_(
                "Amnesty International documented hundreds of people deported or abducted from "
                "Russia to Uzbekistan; one man was abducted in Moscow after Russia had refused "
                "to extradite him."
            ),
            (Source("S41", "returns from Russia; Khamidkariev"),),
        ),
        russia=True,
    ),
)
# Annexes, numbered in this order when they apply.
ANNEXES: tuple[tuple[Condition | None, Msg], ...] = (
    (None, N_("The signed consent of the person concerned, or authority to act")),
    (None, N_("An identity document")),
    (EXTRADITION_DECIDED, N_("The decision of the Prosecutor General's Office on extradition")),
    (COURT_EXPULSION, N_("The court's decision on expulsion")),
    (MVD_EXPULSION, N_("The police (MVD) decision on expulsion")),
    (Is("decision_abroad", "yes"), N_("The decision on removal")),
    (
        Is("asylum", "refused"),
        N_("The refusal of protection, or proof that the claim was not accepted"),
    ),
    (Is("asylum", "pending"), N_("Proof of the pending claim for protection")),
    (
        AnyOf(Is("charges", "extremism", "other"), WANTED),
        N_("The documents on the charge and the search in Uzbekistan"),
    ),
    (Is("history", "tortured"), N_("Medical and other evidence of past torture")),
    (Is("history", "family_pressure"), N_("Evidence of the pressure on the family")),
    (Is("assurances", "yes"), N_("The diplomatic assurances")),
    (None, N_("The reports cited")),
)
