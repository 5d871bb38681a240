"""``boshpana i18n preview``: one HTML page with every message of the bot in one language.

Every message of the template appears on the page. The screens are rendered by the bot's own
code from sample states and cases, so the page shows exactly what people and lawyers see: the
person's chat in flow order, /forget and /clear, the lawyer's card (as the duty team, the
lawyer who took it and a coordinator see it) and every draft request's wording. Messages no
such screen shows (alerts, escalation, duty and schedule messages, figures) follow one by
one, with sample values, under the part of the bot they belong to.

Each screen is drawn at a 360 px phone's width (:mod:`bot.translating.phone`): buttons cut
off with "…" as Telegram cuts them; text shown from a fallback language (not translated yet)
is highlighted; every screen has an anchor, listed at the top. Under each screen, in small
print, are the messages (``msgctxt|msgid``) it is made of.
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po
from docx import Document
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core.i18n import DOMAIN, LOCALES_DIR, Catalogs, Translator, is_translated, native_name
from bot.core.messages import Rendered
from bot.desk.cards import render_card, render_for_coordinator
from bot.desk.drafts import write_draft
from bot.person import privacy_texts
from bot.person.privacy import cleared, forget_question, forgotten
from bot.person.render import Renderer
from bot.translating import phone, samples
from bot.translating.catalogs import TEMPLATE
from bot.translating.notes import Key, is_button
from flows.buttons import Origin
from flows.checklist import ACTIONS, DeadlineAction, PlannedAction
from flows.drafts import DraftBody, applicable
from flows.flow import INTERVIEW
from flows.guidance import TOPICS
from flows.interview import QUESTIONS
from flows.model import Action, Level, Question, QuestionKind, Reason
from flows.risk import NO_DANGER_SIGN, RULES, assess
from flows.screens import (
    About,
    Ask,
    Consent,
    Guidance,
    Help,
    LanguageMenu,
    LawyerRequested,
    Notice,
    NoticeKind,
    PickDay,
    Result,
    Safety,
    Screen,
    Welcome,
)
from flows.sources import CONTENT_VERSION, LAW_AS_OF, REVIEW_STATUS
from flows.text import Counted, Msg, Reader, Text, worded
from store import CaseSummary
from store.models import CaseStatus

SAMPLE_RETAIN_DAYS = 30
PICKER_DAYS = 9
EVERYDAY = ("keep_papers", "come_back")
"""The sample actions of a moderate or low result."""
READER_NAMES = {Reader.SELF: "the person", Reader.OTHER: "a relative or friend"}
PERSON = "The person's chat"
PRIVACY = "/forget and /clear"
LAWYERS = "The lawyers' chats"
PLACES = {
    "bot/cases/texts.py": "Case messages in both chats: requests, escalation, relays, alerts",
    "bot/cases/dates.py": "Case messages in both chats: requests, escalation, relays, alerts",
    "bot/desk/duty_texts.py": "Lawyers: duty, schedule and the team",
    "bot/desk/stats.py": "Coordinators: figures",
    "bot/desk/drafts.py": "Lawyers: draft requests",
    "flows/drafts.py": "Lawyers: draft requests",
    "flows/filing.py": "Lawyers: how to file a request",
    "flows/card.py": "Lawyers: the case card",
    "flows/deadlines.py": "Lawyers: the case card",
}
"""Where the messages of a source file show, for those no sample screen shows."""
ELSEWHERE = "Other messages"
SAMPLE_COUNT = 3
"""The number a counted message is shown with on its own."""


@dataclass(frozen=True)
class _Recording(Translator):
    """A translator that notes every message it looks up, and marks fallback text."""

    seen: list[tuple[str, bool]] = field(default_factory=list, compare=False)
    translated: frozenset[Key] = field(default=frozenset(), compare=False)

    def raw(self, text: Text) -> str:
        """The translation, noted (marked if it comes from a fallback language)."""
        msg = worded(text, self.reader)
        return self._noted((msg.context, msg.text), super().raw(text))

    def raw_counted(self, text: Counted, n: int) -> str:
        """The plural form, noted like :meth:`raw`."""
        return self._noted((None, text.one), super().raw_counted(text, n))

    def _noted(self, key: Key, shown: str) -> str:
        from_fallback = key not in self.translated
        self.seen.append((_label(key), from_fallback))
        return phone.fallback(shown) if from_fallback else shown


def write_file(locale: str, output: Path | None = None) -> Path:
    """Write the preview of ``locale`` to ``output`` (``preview-<locale>.html``)."""
    catalogs = Catalogs()
    if locale not in catalogs.shipped:
        raise ValueError(
            f"no catalog {locale!r}; these ship: {', '.join(sorted(catalogs.shipped))}"
        )
    with TEMPLATE.open("rb") as template_file:
        template = read_po(template_file)
    page = write_preview(catalogs, locale, template, datetime.now(UTC).date())
    target = output or Path(f"preview-{locale}.html")
    target.write_text(page, encoding="utf-8")
    return target


def write_preview(
    catalogs: Catalogs,
    locale: str,
    template: Catalog,
    today: date,
    locales_dir: Path | None = None,
) -> str:
    """The preview page of ``locale``; ``template`` lists every message of the bot.

    ``locales_dir`` holds the catalogs of ``catalogs`` (default: the shipped ones), read to
    tell which messages are translated.
    """
    preview = _Preview(catalogs, locale, _translated(locale, locales_dir), today)
    screens = list(preview.screens())
    shown = {key for screen in screens for key, _ in screen.ids}
    screens += preview.one_by_one(m for m in template if m.id and _label(_key(m)) not in shown)
    taken: set[str] = set()
    slugs = [phone.anchor(screen.title, taken) for screen in screens]
    fallbacks = sum(any(f for _, f in screen.ids) for screen in screens)
    name = html.escape(native_name(locale))
    toc = phone.contents((s.group, s.title, slug) for s, slug in zip(screens, slugs, strict=True))
    body = "\n".join(phone.section(s, slug) for s, slug in zip(screens, slugs, strict=True))
    return (
        f'<!doctype html>\n<html lang="{html.escape(locale.replace("_", "-"))}">\n'
        f'<head><meta charset="utf-8"><title>Boshpana: {name}</title>'
        f"<style>{phone.STYLE}</style></head>\n<body>\n<h1>Boshpana in {name} ({locale})</h1>\n"
        "<p>Every message of the bot, in context and with sample values, as a 360 px phone "
        "shows it: a button too long for its place ends in “…” as in Telegram. "
        '<mark class="fallback">Highlighted</mark> text is not translated yet and shows the '
        f"fallback language instead ({fallbacks} screens). Under each screen: the messages "
        "(msgctxt|msgid) it is made of.</p>\n" + toc + "\n" + body + "\n</body>\n</html>\n"
    )


def _translated(locale: str, locales_dir: Path | None) -> frozenset[Key]:
    """The messages ``locale``'s own catalog translates (not fuzzy, every form filled)."""
    folder = locales_dir or LOCALES_DIR
    po_path = folder / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po_path.is_file():
        return frozenset()
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file)
    return frozenset(_key(m) for m in catalog if m.id and is_translated(m))


@dataclass
class _Preview:
    """The screens of one language."""

    catalogs: Catalogs
    locale: str
    translated: frozenset[Key]
    today: date

    def translator(self, reader: Reader | None = None) -> _Recording:
        base = self.catalogs.translator(self.locale, reader)
        return _Recording(base.locale, base.translations, reader, translated=self.translated)

    def screens(self) -> Iterator[phone.Screen]:
        """Every sample screen: the person's chat, /forget and /clear, the lawyers' side."""
        yield from self._person()
        yield from self._privacy()
        yield from self._lawyers()

    def _person(self) -> Iterator[phone.Screen]:
        for title, screen in _screens(self.today):
            previous: list[tuple[str, bool]] | None = None
            for reader in Reader:
                t = self.translator(reader)
                renderer = Renderer(
                    t,
                    self.catalogs,
                    operator=samples.OPERATOR,
                    retain_days=SAMPLE_RETAIN_DAYS,
                    case_number=samples.NUMBER,
                )
                rendered = renderer(screen)
                if t.seen != previous:
                    heading = (
                        title if previous is None else f"{title}, read by {READER_NAMES[reader]}"
                    )
                    yield phone.Screen(heading, PERSON, rendered, t.seen)
                previous = t.seen

    def _privacy(self) -> Iterator[phone.Screen]:
        t = self.translator()
        yield phone.Screen("/forget: the question", PRIVACY, forget_question(t), t.seen)
        t = self.translator()
        yield phone.Screen("/forget: kept", PRIVACY, Rendered(t(privacy_texts.KEPT)), t.seen)
        t = self.translator()
        done = Rendered(forgotten(t, 1, 12, (3, 1)))
        yield phone.Screen("/forget: erased, with a case", PRIVACY, done, t.seen)
        t = self.translator()
        yield phone.Screen("/clear", PRIVACY, Rendered(cleared(t, 12)), t.seen)

    def _lawyers(self) -> Iterator[phone.Screen]:
        for status, title in (
            (CaseStatus.OPEN, "Case card, offered to the duty team"),
            (CaseStatus.CLAIMED, "Case card, for the lawyer who took it"),
        ):
            t = self.translator(Reader.OTHER)
            view = samples.view(samples.case(self.today, status), self.locale, self.today)
            yield phone.Screen(title, LAWYERS, render_card(view, t), t.seen)
        t = self.translator(Reader.OTHER)
        view = samples.view(samples.case(self.today), self.locale, self.today)
        yield phone.Screen(
            "Case card, for a coordinator", LAWYERS, render_for_coordinator(view, t), t.seen
        )
        for body, answers in _draft_samples():
            t = self.translator(Reader.OTHER)
            summary = CaseSummary(assess(answers).level.key, answers, "uz_Latn")
            content = write_draft(t, body, summary, self.today, samples.NUMBER, samples.NOTES)
            text = "\n".join(p.text for p in Document(BytesIO(content)).paragraphs)
            title = f"Draft request: {body.value}"
            yield phone.Screen(title, LAWYERS, Rendered(html.escape(text, quote=False)), t.seen)

    def one_by_one(self, messages: Iterator[Message]) -> list[phone.Screen]:
        """Each message no sample screen shows, alone, with sample values."""
        shown = []
        values = samples.values(self.today)
        for message in messages:
            t = self.translator(Reader.OTHER)
            msgid = _key(message)[1]
            if isinstance(message.id, str):
                text = t(Msg(msgid, message.context), _needed(msgid, values))
            else:
                counted = Counted(message.id[0], message.id[1])
                text = t.counted(counted, SAMPLE_COUNT, _needed(msgid, values))
            place = next((PLACES[f] for f, _ in message.locations if f in PLACES), ELSEWHERE)
            rendered = _as_button(text) if is_button(message.context, msgid) else Rendered(text)
            shown.append(phone.Screen(f"{place}: {_short(msgid)}", place, rendered, t.seen))
        return sorted(shown, key=lambda screen: screen.group)


def _draft_samples() -> Iterator[tuple[DraftBody, dict[str, str]]]:
    """Each draft body with sample answers it applies to."""
    abroad = {**samples.URGENT, "location": "other_country", "country": "georgia"}
    abroad |= {"proceedings_abroad": "extradition", "decision_abroad": "yes"}
    for body in DraftBody:
        yield body, samples.URGENT if body in applicable(samples.URGENT) else abroad


def _needed(msgid: str, values: dict[str, str | int | date]) -> dict[str, str | int | date]:
    """The sample values of the placeholders in ``msgid`` (unknown ones by their name)."""
    names = {part.split("}")[0] for part in msgid.split("{")[1:]}
    return {name: values.get(name, f"‹{name}›") for name in names}


def _as_button(label: str) -> Rendered:
    button = InlineKeyboardButton(label, callback_data="preview")
    return Rendered("", InlineKeyboardMarkup([[button]]))


def _short(text: str) -> str:
    return text if len(text) <= 60 else f"{text[:57]}..."


def _key(message: Message) -> Key:
    return message.context, _msgid(message.id)


def _label(key: Key) -> str:
    context, msgid = key
    return f"{context}|{msgid}" if context else msgid


def _screens(today: date) -> Iterator[tuple[str, Screen]]:
    """Sample screens in the order people meet them."""
    yield "Greeting", Welcome()
    yield "Before the questions", Safety()
    total = len(QUESTIONS)
    given = INTERVIEW.answered(_sample_answers(today))
    previous = None
    for number, question in enumerate(QUESTIONS, start=1):
        ask = Ask(question, number, total, None, False, previous=previous)
        yield f"Question {number}: {question.id}", ask
        previous = next((row for row in given if row.question == question.id), previous)
        if question.kind is QuestionKind.MULTI:
            ticked = (question.options[0].id,)
            yield (
                f"Question {number}, one answer ticked",
                Ask(question, number, total, None, False, ticked),
            )
        if question.kind.dated:
            sign = 1 if question.kind is QuestionKind.DATE_AHEAD else -1
            days = tuple(today + timedelta(days=sign * n) for n in range(PICKER_DAYS))
            yield f"Day picker: {question.id}", PickDay(question, days, None)
    for level in sorted(Level, reverse=True):
        reasons, actions = _reasons(level), _actions(level, today)
        yield f"Result: {level.key}", Result(level, reasons, actions, None, answers=given)
    for rule in RULES:
        if rule.summary is not None:
            actions = _actions(rule.level, today)
            result = Result(rule.level, (rule.reason,), actions, None, (), rule.summary)
            yield f"Result summary: {rule.reason.id}", result
    yield "Asking consent to share the answers", Consent(None)
    yield "Lawyer request recorded", LawyerRequested(None)
    for kind in NoticeKind:
        yield f"Notice: {kind.value}", Notice(kind)
    yield "Language menu (/language)", LanguageMenu()
    yield "Help (/help)", Help()
    for topic in TOPICS:
        yield f"Guidance: {topic.id}", Guidance(topic, Origin.MENU)
    yield "About (/about)", About(CONTENT_VERSION, LAW_AS_OF, REVIEW_STATUS)


def _sample_answers(today: date) -> dict[str, str]:
    """A path through the interview: each question's first option, or today for a day."""
    answers: dict[str, str] = {}
    question: Question | None = INTERVIEW.first
    while question is not None:
        answers[question.id] = question.options[0].id if question.options else today.isoformat()
        question = INTERVIEW.next_question(answers, after=question.id)
    return answers


def _reasons(level: Level) -> tuple[Reason, ...]:
    reasons = tuple(rule.reason for rule in RULES if rule.level is level)
    return reasons or (NO_DANGER_SIGN,)


def _actions(level: Level, today: date) -> tuple[PlannedAction, ...]:
    """Every action on the urgent result, deadlines passed on the high one, else the basics."""
    if level is Level.URGENT:
        return tuple(_planned(action, today + timedelta(days=10)) for action in ACTIONS)
    if level is Level.HIGH:
        passed = today - timedelta(days=2)
        deadlines = (a for a in ACTIONS if isinstance(a, DeadlineAction))
        return tuple(_planned(action, passed, passed=True) for action in deadlines)
    return tuple(_planned(action, today) for action in ACTIONS if action.id in EVERYDAY)


def _planned(
    action: Action | DeadlineAction, deadline: date, *, passed: bool = False
) -> PlannedAction:
    if isinstance(action, DeadlineAction):
        text = action.passed if passed else action.running
        return PlannedAction(action.id, text, action.rule.sources, {"deadline": deadline})
    days = {name: deadline for name, _ in action.days}
    return PlannedAction(action.id, action.text, action.sources, days)


def _msgid(message_id: str | Sequence[str]) -> str:
    return message_id if isinstance(message_id, str) else message_id[0]
