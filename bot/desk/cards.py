"""Case cards: what a lawyer sees of a case, always rendered from the case as it is now.

A card is a view, not a message to keep in sync by hand: when a case changes, each card is
simply rendered again (taken by someone else, yours with your tools, closed).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_datetime, format_time, format_timedelta
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.cases import texts as ct
from bot.core.i18n import Translator
from bot.core.messages import Rendered
from bot.desk.buttons import LawyerAction, LawyerButton
from flows.checklist import plan
from flows.interview import QUESTIONS
from flows.model import Level
from flows.risk import LEVEL_TEXTS, assess
from store import StoredCase, StoredLawyer
from store.models import CaseStatus


@dataclass(frozen=True)
class CardView:
    """Everything a card shows, for one lawyer at one moment."""

    case: StoredCase
    viewer: StoredLawyer
    holder_name: str | None
    now: datetime
    today: date
    timezone: ZoneInfo


def render_card(view: CardView, t: Translator, *, full: bool = False) -> Rendered:
    """The card of ``view.case`` as ``view.viewer`` should see it now.

    A closed case's card is one line, except for its lawyer (or a coordinator) asking for
    it (``full``): then the whole card, with a way to reopen it.
    """
    case, viewer = view.case, view.viewer
    if viewer.removed:
        return Rendered(t(ct.CARD_NO_ACCESS, {"number": case.number}))
    if case.status is CaseStatus.CLOSED:
        outcome = ct.OUTCOMES.get(case.outcome or "", ct.OUTCOMES["no_action"])
        closed = t(ct.CARD_CLOSED, {"number": case.number, "outcome": t.raw(outcome)})
        if not full:
            return Rendered(closed)
        return Rendered(f"{summary_text(view, t)}\n\n<i>{closed}</i>", _closed_tools(case, t))
    if case.status is CaseStatus.CLAIMED and case.lawyer_id != view.viewer.id:
        claimed = (case.claimed_at or view.now).astimezone(view.timezone)
        time = format_time(claimed, "HH:mm", locale=t.babel_locale)
        name = view.holder_name or "—"
        return Rendered(t(ct.CARD_TAKEN_BY, {"number": case.number, "name": name, "time": time}))
    body = summary_text(view, t)
    if case.status is CaseStatus.CLAIMED:
        return Rendered(f"{body}\n\n<i>{t(ct.CARD_YOURS)}</i>", _tools(case, t))
    take = LawyerButton(LawyerAction.TAKE, case.id).pack()
    keyboard = InlineKeyboardMarkup(
        [[InlineKeyboardButton(t(ct.BUTTON_TAKE), callback_data=take)]]
    )
    return Rendered(body, keyboard)


def summary_text(view: CardView, t: Translator) -> str:
    """Urgency, reasons, key answers and running deadlines of a case."""
    case = view.case
    answers: dict[str, str] = dict(case.summary.get("answers", {}))
    level_key = case.summary.get("level")
    level = next((lv for lv in Level if lv.key == level_key), None)
    title = t(LEVEL_TEXTS[level].title) if level else t(ct.NOT_ASSESSED)
    came_in = case.created_at.astimezone(view.timezone)
    head = t(
        ct.CARD_HEAD,
        {
            "level": title,
            "number": case.number,
            "time": format_datetime(came_in, "d MMM, HH:mm", locale=t.babel_locale),
            "ago": format_timedelta(view.now - case.created_at, locale=t.babel_locale),
            "language": _language_name(str(case.summary.get("locale", "en")), t),
        },
    )
    lines = [f"<b>{head}</b>"]
    reasons = assess(answers).reasons if answers else ()
    if reasons:
        lines += ["", f"<b>{t(ct.WHY)}</b>", *(f"• {t(r.text)}" for r in reasons)]
    deadlines = [a for a in plan(answers, view.today) if "deadline" in a.params]
    if deadlines:
        lines += ["", f"<b>{t(ct.CARD_DEADLINES)}</b>"]
        for action in deadlines:
            law = t.raw(action.law) if action.law else ""
            lines.append(
                f"• {t(ct.CARD_DEADLINE, {'deadline': action.params['deadline'], 'law': law})}"
            )
    if answers:
        lines += ["", f"<b>{t(ct.CARD_ANSWERS)}</b>", _answers(answers, t)]
    return "\n".join(lines)


def _answers(answers: dict[str, str], t: Translator) -> str:
    shown: list[str] = []
    for question in QUESTIONS:
        answer = answers.get(question.id)
        if answer is None:
            continue
        if question.id == "reader":
            if answer == "other":
                shown.append(t(ct.CARD_BY_RELATIVE))
            continue
        options = question.chosen(answer)
        if options:
            shown += [t(option.label) for option in options]
        else:
            shown.append(t.value(date.fromisoformat(answer)))
    return " · ".join(shown)


def _language_name(locale: str, t: Translator) -> str:
    try:
        name = Locale.parse(locale).get_display_name(t.babel_locale) or locale
    except ValueError:
        return locale
    return name


def _tools(case: StoredCase, t: Translator) -> InlineKeyboardMarkup:
    def button(label: str, action: LawyerAction) -> InlineKeyboardButton:
        return InlineKeyboardButton(label, callback_data=LawyerButton(action, case.id).pack())

    return InlineKeyboardMarkup(
        [
            [button(t(ct.BUTTON_ACTIVE), LawyerAction.ACTIVATE)],
            [
                button(t(ct.BUTTON_HISTORY), LawyerAction.HISTORY),
                button(t(ct.BUTTON_NOTES), LawyerAction.NOTES),
            ],
            [
                button(t(ct.BUTTON_SOURCES), LawyerAction.SOURCES),
                button(t(ct.BUTTON_DRAFTS), LawyerAction.DRAFTS),
            ],
            [
                button(t(ct.BUTTON_HAND_BACK), LawyerAction.HAND_BACK),
                button(t(ct.BUTTON_CLOSE), LawyerAction.CLOSE),
            ],
            [button(t(ct.BUTTON_ABUSE), LawyerAction.ABUSE)],
        ]
    )


def _closed_tools(case: StoredCase, t: Translator) -> InlineKeyboardMarkup:
    def button(label: str, action: LawyerAction) -> InlineKeyboardButton:
        return InlineKeyboardButton(label, callback_data=LawyerButton(action, case.id).pack())

    return InlineKeyboardMarkup(
        [
            [button(t(ct.BUTTON_REOPEN), LawyerAction.REOPEN)],
            [
                button(t(ct.BUTTON_HISTORY), LawyerAction.HISTORY),
                button(t(ct.BUTTON_NOTES), LawyerAction.NOTES),
            ],
        ]
    )
