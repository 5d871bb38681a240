"""Case cards: what a lawyer sees of a case, always rendered from the case as it is now.

A card is a view, not a message to keep in sync by hand: when a case changes, each card is
simply rendered again (taken by someone else, yours with your tools, closed).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_time, format_timedelta
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import MessageLimit

from bot.cases import texts as ct
from bot.core.answers import answer_line
from bot.core.i18n import Translator, native_name
from bot.core.messages import Rendered, units
from bot.desk import casefile_texts as ft
from bot.desk.buttons import LawyerAction, LawyerButton
from flows.card import Deadline, answered, first_steps, running_deadlines, unknown
from flows.facts import recorded, with_facts
from flows.model import Level
from flows.risk import LEVEL_TEXTS, assess
from flows.text import Reader
from store import StoredCase, StoredLawyer
from store.models import CaseStatus

SHOWN_STEPS = 7
"""First steps on a card: those that race a deadline, then the first of each danger."""
TAG = re.compile(r"<[^<>]+>")


@dataclass(frozen=True)
class CardView:
    """Everything a card shows, for one lawyer at one moment."""

    case: StoredCase
    viewer: StoredLawyer
    holder_name: str | None
    now: datetime
    today: date
    timezone: ZoneInfo
    facts: Mapping[str, str] = field(default_factory=dict)
    """What the holder recorded on the case (:mod:`flows.facts`)."""


def render_card(view: CardView, t: Translator, *, full: bool = False) -> Rendered:
    """The card of ``view.case`` as ``view.viewer`` should see it now.

    A closed case's card is one line, except for its lawyer (or a coordinator) asking for
    it (``full``): then the whole card, with a way to reopen it. The client is always spoken
    of in the third person ("the person is detained"), whoever answered the questions.
    """
    t = replace(t, reader=Reader.OTHER)
    case, viewer = view.case, view.viewer
    if viewer.removed:
        return Rendered(t(ct.CARD_NO_ACCESS, {"number": case.number}))
    if case.status is CaseStatus.CLOSED:
        outcome = ct.OUTCOMES.get(case.outcome or "", ct.OUTCOMES["no_action"])
        closed = t(ct.CARD_CLOSED, {"number": case.number, "outcome": t.raw(outcome)})
        if not full:
            return Rendered(closed)
        return Rendered(_fitted(view, t, f"<i>{closed}</i>"), _closed_tools(case, t))
    if case.status is CaseStatus.CLAIMED and case.lawyer_id != view.viewer.id:
        claimed = (case.claimed_at or view.now).astimezone(view.timezone)
        time = format_time(claimed, "HH:mm", locale=t.babel_locale)
        name = view.holder_name or "—"
        return Rendered(t(ct.CARD_TAKEN_BY, {"number": case.number, "name": name, "time": time}))
    if case.status is CaseStatus.CLAIMED:
        return Rendered(_fitted(view, t, f"<i>{t(ct.CARD_YOURS)}</i>"), _tools(case, t))
    take = LawyerButton(LawyerAction.TAKE, case.id).pack()
    keyboard = InlineKeyboardMarkup(
        [[InlineKeyboardButton(t(ct.BUTTON_TAKE), callback_data=take)]]
    )
    return Rendered(_fitted(view, t), keyboard)


def render_for_coordinator(view: CardView, t: Translator) -> Rendered:
    """The whole card of an open case for a coordinator who does not hold it, with what a
    coordinator can do: read its history and notes, give it to a lawyer, put it back."""
    t = replace(t, reader=Reader.OTHER)
    case = view.case
    footer = None
    if case.status is CaseStatus.CLAIMED:
        claimed = (case.claimed_at or view.now).astimezone(view.timezone)
        time = format_time(claimed, "HH:mm", locale=t.babel_locale)
        name = view.holder_name or "—"
        taken = t(ct.CARD_TAKEN_BY, {"number": case.number, "name": name, "time": time})
        footer = f"<i>{taken}</i>"

    def button(label: str, action: LawyerAction) -> InlineKeyboardButton:
        return InlineKeyboardButton(label, callback_data=LawyerButton(action, case.id).pack())

    keyboard = InlineKeyboardMarkup(
        [
            [
                button(t(ct.BUTTON_HISTORY), LawyerAction.HISTORY),
                button(t(ct.BUTTON_NOTES), LawyerAction.NOTES),
            ],
            [
                button(t(ft.BUTTON_FACTS), LawyerAction.FACTS),
                button(t(ft.BUTTON_EXPORT), LawyerAction.EXPORT),
            ],
            [button(t(ct.BUTTON_REASSIGN), LawyerAction.REASSIGN)],
            [button(t(ct.BUTTON_TO_POOL), LawyerAction.TO_POOL)],
        ]
    )
    return Rendered(_fitted(view, t, footer), keyboard)


def _fitted(view: CardView, t: Translator, footer: str | None = None) -> str:
    """The card's text with its footer, within Telegram's limit for one message.

    The card is laid out to fit in every language (``tests/bot/test_card_golden.py`` renders
    the longest case); should a translation still overflow, whole lines are dropped from
    the end of the card, the least urgent part, and the cut is said.
    """
    lines = summary_text(view, t).split("\n")
    tail = ["", f"<i>{t(ct.CARD_CUT)}</i>"]
    ending = ["", footer] if footer else []
    text = "\n".join(lines + ending)
    while shown_length(text) > MessageLimit.MAX_TEXT_LENGTH:
        lines.pop()
        text = "\n".join(lines + tail + ending)
    return text


def shown_length(text: str) -> int:
    """How long Telegram counts an HTML message: UTF-16 units of the text, tags left out."""
    return units(html.unescape(TAG.sub("", text)))


def summary_text(view: CardView, t: Translator) -> str:
    """The case as a lawyer needs it in the next hour, in the lawyer's language.

    Level and number; when it came in and how long it has waited (as of ``view.now``, so a
    card rendered again is current); the client's language; the appeal deadlines with their
    weekday, days left and court; why, in plain words; the first steps from the risk table;
    the answers grouped under short labels; and what is still unknown. What the holder
    recorded comes after the language, and its days count in the deadlines.
    """
    case = view.case
    given = dict(case.summary.answers)
    answers = with_facts(given, view.facts)
    level_key = case.summary.level
    level = next((lv for lv in Level if lv.key == level_key), None)
    title = t(LEVEL_TEXTS[level].title) if level else t(ct.NOT_ASSESSED)
    language = native_name(case.summary.locale)
    lines = [
        f"<b>{t(ct.CARD_HEAD, {'level': title, 'number': case.number})}</b>",
        _came_in(view, t),
        t(ct.CARD_LANGUAGE, {"language": language}),
        *_recorded(view.facts, t),
    ]
    deadlines = running_deadlines(answers)
    if deadlines:
        lines += ["", f"<b>{t(ct.CARD_DEADLINES)}</b>"]
        lines += [f"• {_deadline(deadline, view.today, t)}" for deadline in deadlines]
    reasons = assess(answers).reasons if answers else ()
    if reasons:
        lines += ["", f"<b>{t(ct.WHY)}</b>", *(f"• {t(r.text)}" for r in reasons)]
    steps = first_steps(answers, view.today) if answers else ()
    if steps:
        lines += ["", f"<b>{t(ct.CARD_STEPS)}</b>"]
        shown = enumerate(steps[:SHOWN_STEPS], start=1)
        lines += [f"{n}. {t(step.text, step.params)}" for n, step in shown]
    for group, rows in answered(given):
        lines += ["", f"<b>{t(group)}</b>", *(answer_line(row, t) for row in rows)]
    lines += _unknown(answers, t)
    return "\n".join(lines)


def _came_in(view: CardView, t: Translator) -> str:
    case = view.case
    time = t.moment(case.created_at, "EEE d MMM, HH:mm OOOO", view.timezone)
    if case.status is CaseStatus.OPEN:
        waited, text = view.now - case.created_at, ct.CARD_WAITING
    elif case.status is CaseStatus.CLAIMED and case.claimed_at is not None:
        waited, text = case.claimed_at - case.created_at, ct.CARD_TAKEN_AFTER
    else:
        return t(ct.CARD_CAME_IN, {"time": time})
    return t(text, {"time": time, "waited": format_timedelta(waited, locale=t.babel_locale)})


def _deadline(deadline: Deadline, today: date, t: Translator) -> str:
    left = (deadline.last_day - today).days
    if left > 0:
        when = t.counted(ct.DAYS_LEFT, left)
    elif left == 0:
        when = t(ct.LAST_DAY_TODAY)
    else:
        when = t.counted(ct.DAYS_PASSED, -left)
    day = t.day_text(deadline.last_day, "full")
    rule = deadline.rule
    return t(
        ct.CARD_DEADLINE,
        {"title": t.raw(rule.title), "court": t.raw(rule.court), "law": t.raw(rule.law)},
        markup={"deadline": f"<b>{html.escape(day, quote=False)}</b>", "left": when},
    )


def _recorded(facts: Mapping[str, str], t: Translator) -> list[str]:
    """The case file: each recorded fact under its label, escaped."""
    shown = recorded(facts)
    if not shown:
        return []
    lines = ["", f"<b>{t(ft.CARD_RECORDED)}</b>"]
    lines += [
        f"{t(fact.label)}: {html.escape(t.value(value), quote=False)}" for fact, value in shown
    ]
    return lines


def _unknown(answers: dict[str, str], t: Translator) -> list[str]:
    missing = unknown(answers)
    if not missing:
        return []
    lines = ["", f"<b>{t(ct.CARD_UNKNOWN)}</b>"]
    for text, items, joiner in (
        (ct.CARD_DONT_KNOW, missing.dont_know, " · "),
        (ct.CARD_NOT_ASKED, missing.not_asked, " · "),
        (ct.CARD_NEVER_ASKED, missing.never_asked, "; "),
    ):
        if items:
            listed = joiner.join(t(item) for item in items)
            lines.append(f"• {t(text, markup={'items': listed})}")
    return lines


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
                button(t(ft.BUTTON_FACTS), LawyerAction.FACTS),
                button(t(ft.BUTTON_REPLIES), LawyerAction.REPLIES),
            ],
            [
                button(t(ct.BUTTON_SOURCES), LawyerAction.SOURCES),
                button(t(ct.BUTTON_DRAFTS), LawyerAction.DRAFTS),
            ],
            [button(t(ft.BUTTON_EXPORT), LawyerAction.EXPORT)],
            [button(t(ct.BUTTON_HAND_BACK), LawyerAction.HAND_BACK)],
            [button(t(ct.BUTTON_CLOSE), LawyerAction.CLOSE)],
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
