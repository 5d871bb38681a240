"""The risk interview as data: questions in the order they are asked, with their skip logic.

A question is asked when its ``ask_if`` holds for the answers given so far; it may only
depend on questions before it. Each place has its own path: a person in Russia is asked
about Russian procedure, a person in another country which country and what its
authorities do, a person already back in Uzbekistan whether they are held. ``flows.validate``
checks the data when the bot starts; ``tests/flows/test_principles.py`` walks every path.
"""

from __future__ import annotations

from flows.conditions import AnyOf, Is, Not
from flows.model import DONT_KNOW, EARLIER, Option, Question, QuestionKind
from flows.places import ABROAD, COUNTRY_OPTIONS, IN_RUSSIA, RETURNED
from flows.text import N_, NP_, Voiced

# TRANSLATORS: a button: the reader does not know the answer. First person, short.
DONT_KNOW_OPTION = Option(DONT_KNOW, NP_("answer", "I don't know"), exclusive=True)
YES = Option("yes", NP_("answer", "Yes"))
NO = Option("no", NP_("answer", "No"))
NOT_RECEIVED = Option(DONT_KNOW, N_("Not received / I don't know"))
# TRANSLATORS: a button under a date question: the day was before the days the bot offers.
LONGER_AGO = Option(EARLIER, N_("More than 2 weeks ago"))

FACES_EXTRADITION = AnyOf(
    Is("proceedings", "extradition"), Is("proceedings_abroad", "extradition")
)
FACES_EXPULSION = Is("proceedings", "expulsion")
WANTED = Is("search", "yes", "in_absentia")

QUESTIONS: tuple[Question, ...] = (
    Question(
        id="reader",
        text=N_("Who is answering these questions?"),
        options=(
            Option("self", N_("I am, about myself")),
            Option("other", N_("I am, for a relative or friend")),
        ),
        hint=N_(
            "If the person is detained and their phone was taken, a relative or friend "
            "can answer for them."
        ),
    ),
    Question(
        id="location",
        text=Voiced(N_("Where are you now?"), N_("Where is the person now?")),
        options=(
            Option("russia", N_("In Russia")),
            Option("other_country", N_("In another country")),
            Option("uzbekistan", N_("Already in Uzbekistan")),
            DONT_KNOW_OPTION,
        ),
        key_fact=True,
    ),
    Question(
        id="country",
        text=Voiced(N_("Which country are you in?"), N_("Which country is the person in?")),
        options=(*COUNTRY_OPTIONS, DONT_KNOW_OPTION),
        ask_if=ABROAD,
        hint=N_("The help that exists depends on the country."),
        key_fact=True,
    ),
    Question(
        id="held_in_uzbekistan",
        text=Voiced(
            N_("Are you held by the authorities in Uzbekistan?"),
            N_("Is the person held by the authorities in Uzbekistan?"),
        ),
        options=(
            Option("held", N_("Yes, held")),
            Option("free", N_("No, free")),
            DONT_KNOW_OPTION,
        ),
        ask_if=RETURNED,
        key_fact=True,
    ),
    Question(
        id="detention",
        text=Voiced(N_("Are you detained right now?"), N_("Is the person detained right now?")),
        options=(
            Option("detained", N_("Yes, detained")),
            # TRANSLATORS: a special centre where foreigners are held before removal (ЦВСИГ).
            Option("detention_centre", N_("Held in a centre for foreigners")),
            Option("released", N_("Released in the last days")),
            Option("free", N_("No, free")),
            DONT_KNOW_OPTION,
        ),
        ask_if=Not(RETURNED),
        key_fact=True,
    ),
    Question(
        id="proceedings",
        text=Voiced(
            N_("What are the Russian authorities doing about you? Choose the main one."),
            N_("What are the Russian authorities doing about the person? Choose the main one."),
        ),
        options=(
            # TRANSLATORS: extradition = «выдача» in Russian law; Uzbek: "ushlab berish".
            Option("extradition", N_("Extradition to Uzbekistan")),
            # TRANSLATORS: administrative expulsion («выдворение») or deportation.
            Option("expulsion", N_("Expulsion or deportation")),
            # TRANSLATORS: «неразрешение въезда», a ban on entering Russia.
            Option("entry_ban", N_("Entry ban")),
            Option("none_known", N_("Nothing that I know of")),
            DONT_KNOW_OPTION,
        ),
        ask_if=IN_RUSSIA,
        key_fact=True,
    ),
    Question(
        id="extradition_decision",
        text=Voiced(
            N_("Has the Prosecutor General's Office decided to extradite you?"),
            N_("Has the Prosecutor General's Office decided to extradite the person?"),
        ),
        options=(
            Option("yes", N_("Yes, a decision was given")),
            Option("not_yet", N_("Not yet")),
            DONT_KNOW_OPTION,
        ),
        ask_if=Is("proceedings", "extradition"),
        key_fact=True,
    ),
    Question(
        id="extradition_decision_date",
        text=Voiced(
            N_("When did you receive the extradition decision?"),
            N_("When did the person receive the extradition decision?"),
        ),
        options=(LONGER_AGO, NOT_RECEIVED),
        kind=QuestionKind.DATE,
        ask_if=Is("extradition_decision", "yes"),
        hint=N_("The day the decision was handed over matters: the appeal period starts then."),
    ),
    Question(
        id="expulsion_decision",
        text=Voiced(
            N_("Has expulsion or deportation been ordered?"),
            N_("Has the person's expulsion or deportation been ordered?"),
        ),
        options=(
            Option("court", N_("Yes, by a court")),
            # TRANSLATORS: the police / Ministry of Internal Affairs (МВД), without a court.
            Option("mvd", N_("Yes, by the police (MVD)")),
            # TRANSLATORS: «реестр контролируемых лиц», in force since 5 February 2025.
            Option("register", N_("On the register of controlled persons")),
            Option("not_yet", N_("Not yet")),
            DONT_KNOW_OPTION,
        ),
        ask_if=FACES_EXPULSION,
        key_fact=True,
    ),
    Question(
        id="expulsion_decision_date",
        text=Voiced(
            N_("When did you receive a copy of the expulsion decision?"),
            N_("When did the person receive a copy of the expulsion decision?"),
        ),
        options=(LONGER_AGO, NOT_RECEIVED),
        kind=QuestionKind.DATE,
        ask_if=Is("expulsion_decision", "court", "mvd"),
    ),
    Question(
        id="proceedings_abroad",
        text=Voiced(
            N_("Is the country you are in trying to send you to Uzbekistan?"),
            N_("Is the country the person is in trying to send them to Uzbekistan?"),
        ),
        options=(
            Option("extradition", N_("Yes, extradition")),
            Option("expulsion", N_("Yes, deportation")),
            Option("none_known", N_("Nothing that I know of")),
            DONT_KNOW_OPTION,
        ),
        ask_if=ABROAD,
        hint=N_(
            "Extradition is a handover for a criminal case. Deportation is a removal for "
            "breaking the rules of stay."
        ),
        key_fact=True,
    ),
    Question(
        id="decision_abroad",
        text=Voiced(
            N_("Has a court or an official there decided to send you back?"),
            N_("Has a court or an official there decided to send the person back?"),
        ),
        options=(
            Option("yes", N_("Yes, it is decided")),
            Option("not_yet", N_("Not yet")),
            DONT_KNOW_OPTION,
        ),
        ask_if=Is("proceedings_abroad", "extradition", "expulsion"),
        key_fact=True,
    ),
    Question(
        id="removal_date",
        text=N_("Has a date been set for the removal (a flight, an escort)?"),
        options=(
            Option("yes", N_("Yes, a date is set")),
            NO,
            DONT_KNOW_OPTION,
        ),
        ask_if=AnyOf(
            Is("proceedings", "extradition", "expulsion", DONT_KNOW),
            Is("proceedings_abroad", "extradition", "expulsion", DONT_KNOW),
            Is("detention", "detained", "detention_centre"),
        ),
        key_fact=True,
    ),
    Question(
        id="removal_day",
        text=N_("On which day is the removal set?"),
        options=(
            # TRANSLATORS: a button under the day picker: the removal is set for a later day.
            Option("later", N_("Later than these days")),
            Option(DONT_KNOW, N_("I don't know the day")),
        ),
        kind=QuestionKind.DATE_AHEAD,
        ask_if=Is("removal_date", "yes"),
        hint=N_("If it is today or tomorrow, every hour counts: a lawyer must know at once."),
    ),
    Question(
        id="search",
        text=Voiced(
            N_("Is Uzbekistan searching for you (a CIS or Interpol search)?"),
            N_("Is Uzbekistan searching for the person (a CIS or Interpol search)?"),
        ),
        options=(
            Option("yes", N_("Yes, wanted")),
            # TRANSLATORS: «заочно»: charged or convicted without being present. Uzbek: "sirtdan".
            Option("in_absentia", N_("Yes, charged in absentia")),
            Option("no", N_("No, not that I know")),
            DONT_KNOW_OPTION,
        ),
        ask_if=Not(RETURNED),
        key_fact=True,
    ),
    Question(
        id="charges",
        text=Voiced(
            N_("Are you charged with a crime in Uzbekistan?"),
            N_("Is the person charged with a crime in Uzbekistan?"),
        ),
        options=(
            # TRANSLATORS: articles of Uzbekistan's Criminal Code: 159 (constitutional order),
            # 244-1 and 244-2 (extremist materials, banned organisations).
            Option("extremism", N_("Religion or politics")),
            Option("other", N_("Another charge")),
            Option("none", N_("No charges")),
            DONT_KNOW_OPTION,
        ),
        hint=N_(
            "Charges of “religious extremism”, a banned organisation or an attempt on the "
            "constitutional order (articles 159, 244-1, 244-2) carry the highest risk."
        ),
        key_fact=True,
    ),
    Question(
        id="asylum",
        text=Voiced(
            N_("Have you applied for refugee status or asylum in the country where you are?"),
            N_(
                "Has the person applied for refugee status or asylum in the country where they "
                "are?"
            ),
        ),
        options=(
            Option("pending", N_("Applied, waiting")),
            # TRANSLATORS: the claim was refused, or the person was not let to apply.
            Option("refused", N_("Refused, or not let to apply")),
            Option("granted", N_("Granted")),
            Option("not_applied", N_("Not applied")),
            DONT_KNOW_OPTION,
        ),
        ask_if=AnyOf(IN_RUSSIA, ABROAD),
    ),
    Question(
        id="history",
        text=Voiced(
            N_("Has any of this happened? Choose all that fit."),
            N_("Has any of this happened to the person? Choose all that fit."),
        ),
        options=(
            Option("tortured", N_("Tortured before")),
            Option("family_pressure", N_("Family under pressure")),
            Option("relative_critic", N_("A relative is a known critic")),
            # TRANSLATORS: the raids on migrants after the Crocus City Hall attack, March 2024.
            Option("crocus_raids", N_("Detained in the 2024 raids")),
            Option("none", N_("None of these"), exclusive=True),
            DONT_KNOW_OPTION,
        ),
        kind=QuestionKind.MULTI,
        hint=N_(
            "“The 2024 raids” means the detentions of migrants after the attack on "
            "Crocus City Hall in March 2024."
        ),
    ),
    Question(
        id="assurances",
        text=Voiced(
            N_("Has Uzbekistan promised that you will not be tortured if you are sent back?"),
            N_("Has Uzbekistan promised that the person will not be tortured if sent back?"),
        ),
        options=(YES, NO, DONT_KNOW_OPTION),
        ask_if=AnyOf(FACES_EXTRADITION, WANTED),
        hint=N_("Such promises are called “diplomatic assurances”."),
    ),
    Question(
        id="lawyer",
        text=Voiced(
            N_("Do you already have a lawyer?"), N_("Does the person already have a lawyer?")
        ),
        options=(YES, NO, DONT_KNOW_OPTION),
    ),
)

QUESTIONS_BY_ID = {question.id: question for question in QUESTIONS}
