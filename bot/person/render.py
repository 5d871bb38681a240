"""Screens → Telegram HTML text and inline keyboards, in the person's language.

All translated text is escaped (translators cannot break the markup); the only tags are
the ones written here.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.cases.texts import ADDED_TO_CASE, NO_LAWYER_NOW, REQUEST_REFUSED, WHY
from bot.core.answers import answer_line
from bot.core.i18n import Catalogs, Translator
from bot.core.messages import Rendered
from bot.person import texts
from flows.buttons import (
    AnswerButton,
    Button,
    DayButton,
    LanguageButton,
    Nav,
    Origin,
    RelativeDay,
    TopicButton,
    pack,
)
from flows.checklist import PlannedAction
from flows.guidance import Steps, Topic, related
from flows.model import Option, Question, QuestionKind
from flows.risk import LEVEL_TEXTS
from flows.screens import (
    About,
    Ask,
    Consent,
    Guidance,
    Help,
    LanguageMenu,
    LawyerRequested,
    Notice,
    PickDay,
    Result,
    Safety,
    Screen,
    Welcome,
)

DAYS_PER_ROW = 3
TOPICS_PER_ROW = 1


@dataclass(frozen=True)
class Renderer:
    """Renders screens for one person."""

    t: Translator
    catalogs: Catalogs
    operator: str
    retain_days: int
    case_number: str | None = None
    lawyers_reachable: bool = True
    request_refused: bool = False
    case_claimed: bool = False
    """The person's case already has a lawyer (a new request only adds the answers)."""

    def __call__(self, screen: Screen) -> Rendered:
        """The message that shows ``screen``."""
        match screen:
            case Welcome():
                return self._welcome()
            case Safety():
                return self._safety()
            case LanguageMenu():
                return Rendered(self.t(texts.CHOOSE_LANGUAGE), self._languages())
            case Help():
                return self._help(screen)
            case Guidance():
                return self._guidance(screen)
            case About():
                return self._about(screen)
            case Ask():
                return self._ask(screen)
            case PickDay():
                return self._pick_day(screen)
            case Result():
                return self._result(screen)
            case Consent():
                return self._consent()
            case LawyerRequested():
                return self._lawyer_requested(screen)
            case Notice(kind):
                return Rendered(self.t(texts.NOTICES[kind]))

    def _button(self, label: str, button: Button) -> InlineKeyboardButton:
        return InlineKeyboardButton(label, callback_data=pack(button))

    def _languages(self) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup(
            [[self._button(name, LanguageButton(code))] for code, name in self.catalogs.menu()]
        )

    def _welcome(self) -> Rendered:
        text = f"{self.t(texts.GREETING)}\n\n{self.t(texts.CHOOSE_LANGUAGE)}"
        return Rendered(text, self._languages())

    def _safety(self) -> Rendered:
        t = self.t
        lines = [
            f"<b>{t(texts.SAFETY_TITLE)}</b>",
            f"• {t(texts.SAFETY_OPERATOR, {'operator': self.operator})}",
            f"• {t.counted(texts.SAFETY_STORAGE, self.retain_days)}",
            f"• {t(texts.SAFETY_PHONE)}",
            "",
            t(texts.SAFETY_READY),
        ]
        keyboard = [
            [self._button(t(texts.BUTTON_START), Nav.BEGIN)],
            [self._button(t(texts.BUTTON_LAWYER_NOW), Nav.LAWYER)],
            [self._button(t(texts.BUTTON_LANGUAGE), Nav.LANGUAGES)],
        ]
        return Rendered("\n".join(lines), InlineKeyboardMarkup(keyboard))

    def _help(self, screen: Help) -> Rendered:
        commands = [f"/{name} — {self.t(text)}" for name, text in texts.COMMANDS.items()]
        menu = f"<b>{self.t(texts.TOPICS_MENU)}</b>"
        keyboard = self._topic_rows(screen.topics, Origin.MENU)
        text = "\n".join([self.t(texts.HELP), "", *commands, "", menu])
        return Rendered(text, InlineKeyboardMarkup(keyboard))

    def _topic_rows(
        self, topics: Sequence[Topic], origin: Origin
    ) -> list[list[InlineKeyboardButton]]:
        buttons = [self._button(self.t(t.label), TopicButton(t.id, origin)) for t in topics]
        return _rows(buttons, TOPICS_PER_ROW)

    def _guidance(self, screen: Guidance) -> Rendered:
        t, topic = self.t, screen.topic
        lines = [f"<b>{t(topic.title)}</b>"]
        for block in topic.blocks:
            if isinstance(block, Steps):
                lines += ["", f"<b>{t(block.title)}</b>"]
                lines += [f"{n}. {t(item.text)}" for n, item in enumerate(block.items, start=1)]
            else:
                lines += ["", t(block.text)]
        lines += ["", f"<i>{t(texts.TOPIC_CHECKED, {'date': topic.law_as_of})}</i>"]
        back = Nav.TOPICS if screen.origin is Origin.MENU else Nav.RESUME
        rows = self._topic_rows(related(topic), screen.origin)
        rows.append(
            [
                self._button(t(texts.BUTTON_BACK), back),
                self._button(t(texts.BUTTON_LAWYER), Nav.LAWYER),
            ]
        )
        return Rendered("\n".join(lines), InlineKeyboardMarkup(rows))

    def _about(self, screen: About) -> Rendered:
        t = self.t
        version = t(texts.ABOUT_VERSION, {"version": screen.version, "date": screen.law_as_of})
        lines = [f"<b>{t(texts.ABOUT_TITLE)}</b>", version, t(texts.REVIEWS[screen.review])]
        return Rendered("\n".join(lines))

    def _question_text(self, question: Question, progress: str | None = None) -> str:
        lines = [progress] if progress else []
        lines.append(f"<b>{self.t(question.text)}</b>")
        if question.hint:
            lines.append(f"<i>{self.t(question.hint)}</i>")
        if question.kind is QuestionKind.MULTI and progress:
            lines.append(self.t(texts.CHOOSE_ALL))
        return "\n".join(lines)

    def _ask(self, screen: Ask) -> Rendered:
        t, question = self.t, screen.question
        progress = t(texts.PROGRESS, {"number": screen.number, "total": screen.total})
        if question.kind is QuestionKind.MULTI:
            rows = self._ticks(question, screen.selected)
        else:
            rows = [[self._option(question, option)] for option in question.options]
        if question.kind.dated:
            rows[:0] = self._day_buttons(question)
        if screen.urgent:
            rows.append([self._button(t(texts.BUTTON_SEND_TO_LAWYER), Nav.LAWYER)])
        rows.append(self._navigation(lawyer=not screen.urgent))
        text = self._question_text(question, f"<i>{progress}</i>")
        if screen.previous is not None:
            text = f"{texts.ANSWER_MARK} {answer_line(screen.previous, t)}\n\n{text}"
        return Rendered(text, InlineKeyboardMarkup(rows))

    def _option(self, question: Question, option: Option) -> InlineKeyboardButton:
        return self._button(self.t(option.label), AnswerButton(question.id, option.id))

    def _ticks(
        self, question: Question, selected: Sequence[str]
    ) -> list[list[InlineKeyboardButton]]:
        """Options to tick (☐/☑), the exclusive ones as plain answers, and "Done" once ticked."""
        rows = []
        for option in question.options:
            mark = (
                ""
                if option.exclusive
                else texts.TICKED
                if option.id in selected
                else texts.UNTICKED
            )
            label = f"{mark} {self.t(option.label)}".strip()
            rows.append([self._button(label, AnswerButton(question.id, option.id))])
        if selected:
            rows.append([self._button(self.t(texts.BUTTON_DONE), Nav.DONE)])
        return rows

    def _day_buttons(self, question: Question) -> list[list[InlineKeyboardButton]]:
        """Today and yesterday (or tomorrow, for a day to come), then the day picker."""
        other, label = (
            (RelativeDay.TOMORROW, texts.BUTTON_TOMORROW)
            if question.kind is QuestionKind.DATE_AHEAD
            else (RelativeDay.YESTERDAY, texts.BUTTON_YESTERDAY)
        )
        return [
            [
                self._button(
                    self.t(texts.BUTTON_TODAY), DayButton(question.id, RelativeDay.TODAY)
                ),
                self._button(self.t(label), DayButton(question.id, other)),
            ],
            [
                self._button(
                    self.t(texts.BUTTON_PICK_DAY), DayButton(question.id, RelativeDay.PICK)
                )
            ],
        ]

    def _navigation(self, *, lawyer: bool) -> list[InlineKeyboardButton]:
        row = [
            self._button(self.t(texts.BUTTON_BACK), Nav.BACK),
            self._button(self.t(texts.BUTTON_RESTART), Nav.RESTART),
        ]
        if lawyer:
            row.append(self._button(self.t(texts.BUTTON_LAWYER), Nav.LAWYER))
        return row

    def _pick_day(self, screen: PickDay) -> Rendered:
        question = screen.question
        days = [
            self._button(self.t.day_label(day), DayButton(question.id, day)) for day in screen.days
        ]
        rows = _rows(days, DAYS_PER_ROW)
        rows += [[self._option(question, option)] for option in question.options]
        rows.append([self._button(self.t(texts.BUTTON_BACK), Nav.BACK)])
        text = f"{self._question_text(question)}\n\n{self.t(texts.CHOOSE_DAY)}"
        return Rendered(text, InlineKeyboardMarkup(rows))

    def _result(self, screen: Result) -> Rendered:
        t = self.t
        level = LEVEL_TEXTS[screen.level]
        summary = t(screen.summary or level.summary)
        lines = [f"<b>{t(level.title)}</b>", summary, "", f"<b>{t(WHY)}</b>"]
        lines += [f"• {t(reason.text)}" for reason in screen.reasons]
        lines += ["", f"<b>{t(texts.DO_NOW)}</b>", *self._numbered(screen.actions)]
        if screen.answers:
            lines += ["", f"<b>{t(texts.YOUR_ANSWERS)}</b>"]
            lines += [answer_line(row, t) for row in screen.answers]
        lines += ["", f"<i>{t(texts.NOT_ADVICE)}</i>"]
        keyboard = [
            [self._button(t(texts.BUTTON_SEND_TO_LAWYER), Nav.LAWYER)],
            *self._topic_rows(screen.topics, Origin.CURRENT),
            [
                self._button(t(texts.BUTTON_BACK), Nav.BACK),
                self._button(t(texts.BUTTON_RESTART), Nav.RESTART),
            ],
        ]
        return Rendered("\n".join(lines), InlineKeyboardMarkup(keyboard))

    def _consent(self) -> Rendered:
        keyboard = [
            [self._button(self.t(texts.BUTTON_CONSENT), Nav.CONSENT)],
            [self._button(self.t(texts.BUTTON_DECLINE), Nav.DECLINE)],
        ]
        return Rendered(self.t(texts.CONSENT), InlineKeyboardMarkup(keyboard))

    def _numbered(self, actions: Sequence[PlannedAction]) -> list[str]:
        return [f"{n}. {self.t(a.text, a.params)}" for n, a in enumerate(actions, start=1)]

    def _lawyer_requested(self, screen: LawyerRequested) -> Rendered:
        meanwhile = (
            ["", f"<b>{self.t(texts.MEANWHILE)}</b>", *self._numbered(screen.reminders)]
            if screen.reminders
            else []
        )
        if self.request_refused:
            return Rendered("\n".join([self.t(REQUEST_REFUSED), *meanwhile]))
        number = f"<b>{_escape(self.case_number or '')}</b>"
        if self.case_claimed:
            return Rendered(self.t(ADDED_TO_CASE, markup={"number": number}))
        recorded = self.t(texts.LAWYER_RECORDED, markup={"number": number})
        if not self.lawyers_reachable:
            return Rendered("\n".join([recorded, self.t(NO_LAWYER_NOW), *meanwhile]))
        return Rendered(f"{recorded}\n{self.t(texts.LAWYER_NEXT)}")


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def _rows(buttons: list[InlineKeyboardButton], per_row: int) -> list[list[InlineKeyboardButton]]:
    return [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]
