"""Guidance topics as data: short explanations, each statement with its legal source.

Every fact comes from the project's legal fact sheet, under the source key given with it.
What the sheet does not confirm is left out or sent to a lawyer. Statements marked
``advice`` give general advice and state no law, so they carry no source.

Topics are reached from the result (chosen by the checklist), from ``/help`` (all of
them), and from each other (``related``). ``flows.validate`` checks the links. Under a
result, a topic is offered only where it ``fits`` (Russian procedure in Russia, Rule 39 where
it can apply), and "where to get help" always.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from flows.conditions import AnyOf, Condition, Not
from flows.interview import QUESTIONS
from flows.model import CHECKED, Checked, Question, Source
from flows.path import settled
from flows.places import ABROAD, IN_RUSSIA, MAYBE_IN_RUSSIA, RETURNED, RULE39_MAY_APPLY
from flows.text import N_, NP_, Msg, Text, Voiced


@dataclass(frozen=True, slots=True)
class Statement:
    """One paragraph or list item of guidance, with its sources (``advice``: none needed)."""

    text: Text
    sources: tuple[Source, ...] = ()
    advice: bool = False
    checked: Checked = CHECKED


@dataclass(frozen=True, slots=True)
class Steps:
    """A numbered list under a heading: things to do, or to show a lawyer."""

    title: Msg
    items: tuple[Statement, ...]


Block = Statement | Steps


@dataclass(frozen=True, slots=True)
class Topic:
    """A guidance topic: a stable id, its title, a short button label and its text.

    ``fits`` says for whom it is offered under a result (everyone when ``None``).
    """

    id: str
    title: Msg
    label: Msg
    blocks: tuple[Block, ...]
    related: tuple[str, ...] = ()
    fits: Condition | None = None

    def statements(self) -> Iterator[Statement]:
        """Every statement of the topic, in reading order."""
        for block in self.blocks:
            if isinstance(block, Steps):
                yield from block.items
            else:
                yield block

    @property
    def law_as_of(self) -> date:
        """The oldest check of the topic's statements: the date to show the reader."""
        return min(statement.checked.law_as_of for statement in self.statements())


def advice(text: Text) -> Statement:
    """A statement of general advice, which needs no legal source."""
    return Statement(text, advice=True)


S1 = Source("S1", "CoE: Russia out of the CoE 16 March 2022, of the ECHR 16 Sept 2022")
S2 = Source("S2", "ECtHR resolution of 22 March 2022: acts up to 16 Sept 2022")
S3 = Source("S3", "Pivkina and Others v. Russia (dec.), 2023")
S7 = Source("S7", "Committee of Ministers 2013; abductions of Rule 39 applicants")
S8 = Source("S8", "Mamazhonov v. Russia, 2014: vanished on release")
S14 = Source("S14", "Practice Direction on interim measures")
S22c = Source("S22c", "F.A. v. Russia: late claim; extradited")
S27 = Source("S27", "CPC RF art. 463")
S36 = Source("S36", "register of controlled persons, since 5 Feb 2025")
S41 = Source("S41", "Amnesty 2016: diplomatic assurances unreliable")
S50 = Source("S50", "UNHCR Russia help page (page undated; check date not recorded)")

RULE39_SEND = Statement(
    N_(
        "Send it only through the Rule 39 Site (r39.echr.coe.int), by fax "
        "(+33 3 90 21 43 50 or +33 3 88 41 39 00) or by post (European Court of Human Rights, "
        "Council of Europe, 67075 Strasbourg Cedex, France). Requests sent by email are not "
        "dealt with."
    ),
    (S14, Source("S21b", "fax numbers")),
)
RULE39_MARK = Statement(
    # TRANSLATORS: the quoted markings are the Court's own wording (Practice Direction); keep
    # the first marking in English, with your translation in brackets after it.
    N_(
        "On page 1, in bold: “Rule 39 – Urgent”, “Person to contact (name and contact "
        "details): …” and, for a removal, “Scheduled date and time of removal and "
        "destination: …”."
    ),
    (Source("S14", "marking of page 1"),),
)
RULE39_HOURS = Statement(
    N_(
        "Requests are received Monday to Friday, 08:00–16:00 Strasbourg time. Later ones are "
        "handled on the next working day."
    ),
    (Source("S14", "working hours"),),
)
RULE39_LATE = Statement(
    N_(
        "A request that arrives less than one working day before the removal may not be "
        "dealt with. Send it as soon as possible after the final decision in the country; "
        "if that decision is imminent, send it before and give its expected date."
    ),
    (Source("S14", "timing"), Source("S16", "imminent final decision")),
)
RULE39_SITE = Statement(
    N_(
        "On the Rule 39 Site: text-based PDF files only, at most 50 MB each, and no Cyrillic "
        "letters in file names."
    ),
    (Source("S17", "Rule 39 Site requirements"),),
)
RULE39_CONTENTS = Steps(
    N_("The request must contain:"),
    (
        Statement(
            N_(
                "Detailed reasons: what the fear is based on, what the risks are, and which "
                "articles of the Convention are at stake."
            ),
            (Source("S15", "content of requests"),),
        ),
        Statement(
            N_("The arguments themselves: a reference to other documents is not enough."),
            (Source("S15", "content of requests"),),
        ),
        Statement(
            N_("All supporting documents, above all the decisions of the national authorities."),
            (Source("S15", "supporting documents"),),
        ),
        Statement(
            N_(
                "For a removal: its expected date and time, the destination, where the person "
                "lives or is held, and the official case number."
            ),
            (Source("S14", "removal details"), Source("S16", "removal details")),
        ),
        Statement(
            N_("A person to contact, with contact details and a telephone number."),
            (Source("S14", "contact person"),),
        ),
    ),
)

TOPICS: tuple[Topic, ...] = (
    Topic(
        "rule39",
        N_("The European Court and Rule 39"),
        # TRANSLATORS: a button label, about 25 characters at most.
        NP_("topic", "Rule 39 (European Court)"),
        (
            Statement(
                N_(
                    "Under Rule 39 the European Court of Human Rights can ask a state to stop a "
                    "removal while it examines the case. It does so only in exceptional cases, "
                    "when there is an imminent risk of irreparable harm: most often a removal "
                    "to a country where the person risks death or ill-treatment."
                ),
                (
                    Source("S13", "Applying for interim measures"),
                    Source("S10", "imminent risk of irreparable harm"),
                ),
            ),
            Statement(
                N_(
                    "Russia left the Council of Europe on 16 March 2022 and stopped being a "
                    "party to the European Convention on Human Rights on 16 September 2022. "
                    "The Court deals only with what Russia did up to that day, so a Rule 39 "
                    "request cannot stop a removal from Russia today."
                ),
                (S1, S2, S3),
            ),
            Statement(
                N_(
                    "Even before, Russia did not always respect Rule 39: people it protected "
                    "were abducted and taken to Central Asia."
                ),
                (S7, S8),
            ),
            Statement(
                N_(
                    "It can still matter in two cases. The Court still examines complaints "
                    "about what Russia did up to 16 September 2022. And in a member state of "
                    "the Council of Europe, Rule 39 may apply: there, talk to a lawyer at once."
                ),
                (S2, Source("S14", "member states only: inference, low confidence")),
            ),
            Statement(
                N_(
                    "For a person in Russia, the UN committees are the international route "
                    "that remains."
                ),
                (Source("S20", "CAT complaint against Russia"), Source("S22", "HRC view")),
            ),
        ),
        related=("rule39_request", "un_routes", "help_abroad"),
        fits=RULE39_MAY_APPLY,
    ),
    Topic(
        "rule39_request",
        N_("A Rule 39 request: a checklist to show a lawyer"),
        NP_("topic", "Rule 39 checklist"),
        (
            advice(
                N_(
                    "Only where Rule 39 applies: a person in a member state of the Council of "
                    "Europe. Show this list to a lawyer there."
                )
            ),
            RULE39_CONTENTS,
            RULE39_SEND,
            RULE39_MARK,
            RULE39_HOURS,
            RULE39_LATE,
            RULE39_SITE,
            Statement(
                N_("Report any change to the Court at once. A refusal cannot be appealed."),
                (Source("S16", "follow-up"), Source("S20x", "refusal final")),
            ),
        ),
        related=("rule39", "help_abroad"),
        fits=RULE39_MAY_APPLY,
    ),
    Topic(
        "un_routes",
        N_("Complaints to the UN committees"),
        NP_("topic", "UN committees"),
        (
            Statement(
                N_(
                    "Two UN committees examine complaints against Russia: the Committee "
                    "against Torture and the Human Rights Committee. Both have decided cases of "
                    "extradition from Russia to Uzbekistan. We found no sign that Russia has "
                    "left these procedures; a lawyer will check."
                ),
                (
                    Source("S20", "X v. Russia, 2015"),
                    Source("S22", "F.A. v. Russia"),
                    Source("S23", "Optional Protocol in force since 1992"),
                ),
            ),
            Statement(
                N_(
                    "A committee can ask Russia not to remove the person while it examines the "
                    "complaint (interim measures). This is not automatic: in three cases "
                    "against Russia the Human Rights Committee refused them within 1 to 8 "
                    "days, and one man was then extradited."
                ),
                (S22c, Source("S22", "refusal"), Source("S24", "refusal")),
            ),
            Statement(
                N_(
                    "A final decision took about 2 years at the Committee against Torture and "
                    "about 6 years at the Human Rights Committee."
                ),
                (
                    Source("S20", "time to decision"),
                    Source("S22", "time to view"),
                    Source("S24", "time to view"),
                ),
            ),
            Statement(
                N_(
                    "A complaint can be written in Russian, English, French or Spanish. It goes "
                    "to one committee only, and the person concerned must agree to it."
                ),
                (Source("S26", "guidance note"),),
            ),
            advice(
                N_(
                    "A complaint does not replace an appeal in Russia: keep to those deadlines too."
                )
            ),
        ),
        related=("rule39", "extradition", "help_contacts"),
        fits=AnyOf(IN_RUSSIA, RETURNED),
    ),
    Topic(
        "extradition",
        N_("Extradition and the appeal"),
        NP_("topic", "Extradition: the appeal"),
        (
            Statement(
                # TRANSLATORS: «10 суток» (УПК РФ ст. 463): Uzbek "10 sutka".
                N_(
                    "Extradition is decided by the Prosecutor General of Russia or a deputy. "
                    "The decision can be appealed within 10 days of receiving notice of it."
                ),
                (Source("S27", "CPC RF art. 463(1)"),),
            ),
            Statement(
                N_(
                    "The appeal goes to the regional court where the person is: the court of the "
                    "republic, krai or oblast, or the city court of Moscow, St Petersburg or "
                    "Sevastopol. A detention facility must forward an appeal at once. One judge "
                    "decides, in an open hearing, within one month."
                ),
                (Source("S27", "CPC RF art. 463(1), (2), (4)"),),
            ),
            Steps(
                N_("Extradition is barred, among other cases, when:"),
                (
                    Statement(
                        N_(
                            "Russia has granted the person asylum because of possible persecution;"
                        ),
                        (Source("S28", "CPC RF art. 464"),),
                    ),
                    Statement(
                        N_("a Russian court has found obstacles to the extradition;"),
                        (Source("S28", "CPC RF art. 464"),),
                    ),
                    Statement(
                        # TRANSLATORS: Constitution art. 63(2): political beliefs («политические
                        # убеждения»), not criminal convictions.
                        N_("it is for political beliefs (Constitution, article 63)."),
                        (Source("S32", "Constitution art. 63(2)"),),
                    ),
                ),
            ),
            advice(
                N_(
                    "Do not wait: find the day the decision was handed over and talk to a lawyer "
                    "today."
                )
            ),
        ),
        related=("asylum", "detention", "un_routes"),
        fits=IN_RUSSIA,
    ),
    Topic(
        "asylum",
        N_("Refugee status and temporary asylum"),
        NP_("topic", "Refugee status, asylum"),
        (
            Statement(
                N_(
                    "Apply as early as possible. A late claim is held against the applicant: "
                    "one man's claim was rejected partly because he applied only after his "
                    "arrest."
                ),
                (S22c,),
            ),
            Statement(
                N_(
                    "The law “On Refugees” forbids returning refugees and people who applied for "
                    "refugee status to their country against their will."
                ),
                (Source("S31b", "Law 4528-1 art. 10(1)"),),
            ),
            Statement(
                N_(
                    "Temporary asylum can be granted on the same grounds as refugee status, or "
                    "when removal is impossible for humane reasons."
                ),
                (Source("S31", "Law 4528-1 art. 12(2)"),),
            ),
            Statement(
                N_(
                    "Protection is rarely granted: in 2023 only 16 people got refugee status, "
                    "and temporary asylum was granted 6,828 times."
                ),
                (Source("S40", "figures for 2023"),),
            ),
            Statement(
                N_(
                    "If a claim is refused, or you are not let to apply, contact UNHCR and a "
                    "lawyer at once. Since 5 February 2025 people refused refugee status can be "
                    "put on the register of controlled persons."
                ),
                (Source("S50", "when to contact UNHCR"), S36),
            ),
        ),
        related=("help_contacts", "extradition", "expulsion"),
        fits=IN_RUSSIA,
    ),
    Topic(
        "expulsion",
        N_("Expulsion and deportation"),
        NP_("topic", "Expulsion, deportation"),
        (
            Statement(
                # TRANSLATORS: expulsion = «административное выдворение», a penalty;
                # deportation = «депортация». Keep them apart (see the glossary).
                N_(
                    "Expulsion is a penalty for breaking the rules of entry or stay. "
                    "Deportation usually follows a decision that a person's stay is "
                    "“undesirable”."
                ),
                (Source("S35", "CAO RF art. 18.8"), Source("S39", "115-FZ art. 31")),
            ),
            Statement(
                # TRANSLATORS: «10 дней» (КоАП РФ ст. 30.3 as amended by Federal Law 364-FZ of
                # 29.10.2024; it said «суток» before): write "days" (дней; Uzbek "kun"), never
                # «сутки» / "sutka".
                N_(
                    "A court's expulsion decision can be appealed within 10 days of receiving a "
                    "copy. Since 29 October 2024, if the 10th day is a weekend or a holiday, the "
                    "last day moves to the next working day. The bot does not move it, to be "
                    "safe. A missed deadline can be restored on request."
                ),
                (
                    Source("S33", "CAO RF art. 30.3"),
                    Source("S59", "Federal Law No. 364-FZ of 29.10.2024"),
                ),
            ),
            Statement(
                N_(
                    "Since 5 February 2025 the police (MVD) can order expulsion without a court. "
                    "Our sources do not confirm how and by when such an order can be "
                    "challenged: ask a lawyer today."
                ),
                (Source("S37", "MVD expulsions since 5 Feb 2025"),),
            ),
            Statement(
                N_(
                    "A decision on undesirability and a deportation can both be challenged in "
                    "court. Our sources do not confirm the deadlines: ask a lawyer today."
                ),
                (Source("S39", "challenging deportation"),),
            ),
            Statement(
                N_(
                    "Foreigners without lawful status can be put on the register of controlled "
                    "persons, which limits moving, banking, marriage and driving."
                ),
                (S36,),
            ),
        ),
        related=("asylum", "detention", "help_contacts"),
        fits=IN_RUSSIA,
    ),
    Topic(
        "detention",
        N_("Detained now, or just released"),
        NP_("topic", "Detained or released"),
        (
            Steps(
                N_("If detained, in the next hour:"),
                (
                    advice(
                        Voiced(
                            N_(
                                "Ask for a lawyer and an interpreter. Sign nothing you do not "
                                "understand."
                            ),
                            N_(
                                "Find out where the person is held. They should ask for a "
                                "lawyer and an interpreter and sign nothing they do not "
                                "understand."
                            ),
                        )
                    ),
                    advice(
                        Voiced(
                            N_("Let a relative or a friend know where you are held."),
                            N_("Tell the lawyer where the person is held."),
                        )
                    ),
                    advice(
                        N_(
                            "Ask for a copy of every decision and note the day it was handed "
                            "over: the time to appeal often starts then."
                        )
                    ),
                    advice(N_("Send the case to a lawyer with the button below.")),
                ),
            ),
            Statement(
                N_(
                    "Release is a moment of high danger. People have been abducted right after "
                    "release: in 2014 the European Court examined the case of an Uzbek man who "
                    "vanished on the day he was released from extradition custody."
                ),
                (S8, S7),
            ),
            advice(
                Voiced(
                    N_(
                        "After release, do not stay alone, keep a relative informed of where you "
                        "are, and talk to a lawyer the same day."
                    ),
                    N_(
                        "After release, keep in touch with the person every day, know where they "
                        "are, and talk to a lawyer the same day."
                    ),
                )
            ),
            Statement(
                N_(
                    "Promises by Uzbekistan that there will be no torture (“diplomatic "
                    "assurances”) are not a safeguard: they have proved unreliable."
                ),
                (S41, Source("S56", "assurances")),
            ),
        ),
        related=("extradition", "expulsion", "help_contacts"),
        fits=Not(RETURNED),
    ),
    Topic(
        "help_contacts",
        N_("Where to get help"),
        NP_("topic", "Where to get help"),
        (
            advice(
                N_(
                    "The duty lawyers of this bot: press “Lawyer” below. A lawyer will write to "
                    "you in this chat."
                )
            ),
            Statement(
                # TRANSLATORS: UNHCR = the UN Refugee Agency; keep "UNHCR" in brackets.
                N_(
                    "UNHCR, the UN Refugee Agency, in Russia. Its help is free. Contact it if "
                    "you are not let to apply for asylum, if your claim is refused, or if you "
                    "fear removal before a decision."
                ),
                (S50,),
            ),
            Statement(N_("Hotline: +7 (903) 792-22-79 (WhatsApp, Viber)."), (S50,)),
            Statement(
                # TRANSLATORS: the office address in Moscow, «Леонтьевский переулок, 9».
                N_("Office: 9 Leontievsky lane, Moscow 125375. Telephone: +7 (495) 660-09-01."),
                (S50,),
            ),
            Statement(
                N_(
                    "These contacts are from UNHCR's help page for Russia. The page shows no "
                    "date, and when they were last checked is not recorded: they may have "
                    "changed."
                ),
                (S50,),
            ),
        ),
        related=("asylum", "detention"),
        fits=MAYBE_IN_RUSSIA,
    ),
    Topic(
        "help_abroad",
        N_("Where to get help outside Russia"),
        NP_("topic", "Help outside Russia"),
        (
            advice(
                N_(
                    "The duty lawyers of this bot: press “Lawyer” below. A lawyer will write to "
                    "you in this chat, wherever you are."
                )
            ),
            advice(
                N_(
                    "In another country, also find a lawyer there: only its own courts and "
                    "officials decide on a removal from it."
                )
            ),
            advice(
                N_(
                    "In Uzbekistan, be careful whom you tell about your case. Anyone who checks "
                    "your phone can read this chat: /clear deletes the bot's messages."
                )
            ),
        ),
        related=("rule39", "un_routes"),
        fits=AnyOf(ABROAD, RETURNED),
    ),
)

TOPICS_BY_ID = {topic.id: topic for topic in TOPICS}
WHERE_TO_GET_HELP = ("help_contacts", "help_abroad")
"""Offered under every result: the one that fits where the person is."""


def result_topics(
    linked: Sequence[str | None],
    answers: Mapping[str, str],
    topics: Sequence[Topic] = TOPICS,
    questions: Sequence[Question] = QUESTIONS,
) -> tuple[Topic, ...]:
    """The topics to offer under a result: those its checklist links, then where to get help.

    Only topics (of ``topics``, the shipped ones by default) that fit the person's answers
    are offered (``Topic.fits``).
    """
    by_id = {topic.id: topic for topic in topics}
    ids = dict.fromkeys(topic for topic in (*linked, *WHERE_TO_GET_HELP) if topic in by_id)
    known = settled(answers, questions)
    return tuple(by_id[t] for t in ids if fits(by_id[t], known))


def fits(topic: Topic, answers: Mapping[str, str]) -> bool:
    """Whether ``topic`` may be offered under the result of ``answers``."""
    return topic.fits is None or topic.fits.evaluate(answers) is True


def related(topic: Topic) -> tuple[Topic, ...]:
    """The topics ``topic`` links to, to go deeper."""
    return tuple(TOPICS_BY_ID[topic_id] for topic_id in topic.related)
