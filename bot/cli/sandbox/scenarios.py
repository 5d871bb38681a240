"""Scenarios a trainer can replay: what each person taps or writes, step by step.

A step is done when what it ``shows`` is on screen (by default: the bot has answered in the
chat of whoever acted). Steps with a ``stop`` are the places a replay can end.
Labels are the bot's own texts, so a replay taps exactly the buttons a person would see in
their language; the few messages people type are samples in each language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from bot.cases import texts as ct
from bot.person import texts
from flows.interview import QUESTIONS_BY_ID
from flows.text import Reader, Text, worded


class Pane(StrEnum):
    """A chat on the sandbox page, named after whose phone it is."""

    PERSON = "person"
    LAWYER = "lawyer"
    COORDINATOR = "coordinator"


@dataclass(frozen=True)
class Tap:
    """Press the button with this label (in the pane's language) on the newest keyboard.

    As a person would, it waits for the bot's newest message with buttons to offer it.
    """

    label: Text


@dataclass(frozen=True)
class Send:
    """Type and send a message: ``text`` by catalog locale of the sender."""

    text: Mapping[str, str]


@dataclass(frozen=True)
class Button:
    """A button with this label is on screen in ``pane``."""

    pane: Pane
    label: Text


@dataclass(frozen=True)
class Relayed:
    """What the step sent shows in ``pane`` (the other side of a conversation)."""

    pane: Pane


@dataclass(frozen=True)
class Document:
    """A file has arrived in ``pane``."""

    pane: Pane


Action = Tap | Send
Sight = Button | Relayed | Document


@dataclass(frozen=True)
class Step:
    """One thing one person does."""

    title: str
    pane: Pane
    action: Action
    shows: Sight | None = None
    stop: str | None = None
    """Offered as "replay up to here", with this title."""


@dataclass(frozen=True)
class Scenario:
    """A realistic case, as a list of steps."""

    key: str
    title: str
    steps: tuple[Step, ...]

    def stops(self) -> list[tuple[int, str]]:
        """``(index of the step, title)`` of every place a replay can end."""
        return [(n, step.stop) for n, step in enumerate(self.steps) if step.stop]


def _answer(question_id: str, option_id: str) -> Step:
    question = QUESTIONS_BY_ID[question_id]
    option = question.option(option_id)
    if option is None:
        raise LookupError(f"{question_id} has no option {option_id}")
    english = worded(option.label, Reader.SELF).text
    return Step(f"answers “{english}”", Pane.PERSON, Tap(option.label))


PERSON_WRITES = {
    "uz_Latn": "Meni ertaga Toshkentga olib ketishmoqchi. Nima qilay?",
    "uz_Cyrl": "Мени эртага Тошкентга олиб кетишмоқчи. Нима қилай?",
    "ru": "Меня завтра хотят увезти в Ташкент. Что мне делать?",
    "en": "They want to take me to Tashkent tomorrow. What should I do?",
}
LAWYER_WRITES = {
    "ru": "Ничего не подписывайте. Сегодня я подаю жалобу и приеду к вам.",
    "uz_Latn": "Hech narsaga imzo qoʻymang. Bugun shikoyat beraman va oldingizga boraman.",
    "uz_Cyrl": "Ҳеч нарсага имзо қўйманг. Бугун шикоят бераман ва олдингизга бораман.",
    "en": "Do not sign anything. I am filing the appeal today and coming to see you.",
}

_OPENING = (
    Step(
        "opens the bot",
        Pane.PERSON,
        Send(dict.fromkeys(PERSON_WRITES, "/start")),
        Button(Pane.PERSON, texts.BUTTON_START),
        stop="The first screens: welcome, language, safety",
    ),
)
_CONSENT = Step(
    "agrees to share the answers",
    Pane.PERSON,
    Tap(texts.BUTTON_CONSENT),
    Button(Pane.LAWYER, ct.BUTTON_TAKE),
    stop="The duty lawyer's card",
)
_TAKEN = (
    Step(
        "takes the case",
        Pane.LAWYER,
        Tap(ct.BUTTON_TAKE),
        Button(Pane.PERSON, ct.BUTTON_END),
        stop="The lawyer has taken the case",
    ),
    Step("writes to the lawyer", Pane.PERSON, Send(PERSON_WRITES), Relayed(Pane.LAWYER)),
    Step(
        "answers the person",
        Pane.LAWYER,
        Send(LAWYER_WRITES),
        Relayed(Pane.PERSON),
        stop="First messages through the bot",
    ),
    Step("opens the draft requests", Pane.LAWYER, Tap(ct.BUTTON_DRAFTS)),
    Step(
        "asks for the request to the UN Committee against Torture",
        Pane.LAWYER,
        Tap(ct.DRAFT_CAT),
        Document(Pane.LAWYER),
        stop="A draft request (.docx) for the lawyer",
    ),
)

URGENT_EXTRADITION = Scenario(
    "urgent-extradition",
    "Urgent: detained for extradition",
    (
        *_OPENING,
        Step("starts the questions", Pane.PERSON, Tap(texts.BUTTON_START)),
        _answer("reader", "self"),
        _answer("location", "russia"),
        _answer("detention", "detained"),
        _answer("proceedings", "extradition"),
        Step(
            "answers that a decision to extradite was made",
            Pane.PERSON,
            _answer("extradition_decision", "yes").action,
            Button(Pane.PERSON, texts.BUTTON_SEND_TO_LAWYER),
            stop="Urgent already: “send my case to a lawyer” on the next question",
        ),
        Step("received the decision yesterday", Pane.PERSON, Tap(texts.BUTTON_YESTERDAY)),
        _answer("removal_date", "no"),
        _answer("search", "yes"),
        _answer("charges", "extremism"),
        _answer("asylum", "not_applied"),
        _answer("history", "none"),
        _answer("assurances", "no"),
        Step(
            "answers “No” (no lawyer yet)",
            Pane.PERSON,
            _answer("lawyer", "no").action,
            Button(Pane.PERSON, texts.BUTTON_CONSENT),  # an urgent result asks at once
            stop="The result: urgent, why, what to do now; sharing it offered",
        ),
        _CONSENT,
        *_TAKEN,
    ),
)

LAWYER_AT_ONCE = Scenario(
    "lawyer-at-once",
    "A lawyer at once, before any question",
    (
        *_OPENING,
        Step("asks for a lawyer now", Pane.PERSON, Tap(texts.BUTTON_LAWYER_NOW)),
        _CONSENT,
        *_TAKEN,
    ),
)

SCENARIOS = {scenario.key: scenario for scenario in (URGENT_EXTRADITION, LAWYER_AT_ONCE)}
