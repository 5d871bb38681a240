"""``boshpana i18n preview``: one HTML page with every message of the bot in one language.

The screens are rendered by the bot's own :class:`~bot.person.render.Renderer` from sample states,
in flow order, so the page shows exactly what people see. Each screen lists the messages
(``msgctxt|msgid``) it is made of; messages no sample screen shows are listed at the end.
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from bot.core.i18n import Catalogs, Translator, native_name
from bot.core.messages import Rendered
from bot.person.render import Renderer
from bot.translating.catalogs import TEMPLATE
from flows.buttons import Origin
from flows.checklist import ACTIONS, DeadlineAction, PlannedAction
from flows.guidance import TOPICS
from flows.interview import QUESTIONS
from flows.model import Action, Level, QuestionKind, Reason
from flows.risk import NO_DANGER_SIGN, RULES
from flows.screens import (
    About,
    Answered,
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
from flows.text import Msg, Reader, Text, worded

SAMPLE_OPERATOR = "Boshpana volunteers"
SAMPLE_RETAIN_DAYS = 30
SAMPLE_CASE = "B-7K3Q"
PICKER_DAYS = 9
EVERYDAY = ("keep_papers", "come_back")
"""The sample actions of a moderate or low result."""
READER_NAMES = {Reader.SELF: "the person", Reader.OTHER: "a relative or friend"}
STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; max-width: 46em; margin: 2em auto; color: #222; }
section { border: 1px solid #ddd; border-radius: 10px; padding: .8em 1em; margin: 1em 0; }
h2 { font-size: 1em; color: #555; margin: 0 0 .5em; }
.text { white-space: pre-wrap; background: #eef6ff; border-radius: 8px; padding: .6em .8em; }
.row { display: flex; gap: .3em; margin-top: .3em; }
.button { flex: 1; text-align: center; background: #f2f2f2; border-radius: 6px; padding: .3em; }
.ids { font-size: 11px; color: #777; margin: .6em 0 0; padding-left: 1.2em; }
"""


@dataclass(frozen=True)
class _Recording(Translator):
    """A translator that notes every message it looks up, for the msgid list."""

    seen: list[Msg] = field(default_factory=list, compare=False)

    def raw(self, text: Text) -> str:
        """The translation, noted."""
        self.seen.append(worded(text, self.reader))
        return super().raw(text)


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


def write_preview(catalogs: Catalogs, locale: str, template: Catalog, today: date) -> str:
    """The preview page of ``locale``; ``template`` lists every message of the bot."""
    shown: set[tuple[str | None, str]] = set()
    sections = []
    for title, screen in _screens(today):
        previous: list[Msg] | None = None
        for reader in Reader:
            rendered, seen = _render(catalogs, locale, reader, screen)
            if seen != previous:
                heading = title if previous is None else f"{title}, read by {READER_NAMES[reader]}"
                sections.append(_section(heading, rendered, seen))
            previous = seen
            shown.update((m.context, m.text) for m in seen)
    rest = [m for m in template if m.id and (m.context, _msgid(m.id)) not in shown]
    t = catalogs.translator(locale)
    for message in rest:
        msg = Msg(_msgid(message.id), message.context)
        sections.append(_section("Not on a sample screen", Rendered(t(msg)), [msg]))
    name = html.escape(native_name(locale))
    return (
        f'<!doctype html>\n<html lang="{html.escape(locale.replace("_", "-"))}">\n'
        f'<head><meta charset="utf-8"><title>Boshpana: {name}</title>'
        f"<style>{STYLE}</style></head>\n<body>\n<h1>Boshpana in {name} ({locale})</h1>\n"
        "<p>Every message of the bot in flow order, with sample values, as Telegram shows it. "
        "Under each screen: the messages (msgctxt|msgid) it is made of.</p>\n"
        + "\n".join(sections)
        + "\n</body>\n</html>\n"
    )


def _render(
    catalogs: Catalogs, locale: str, reader: Reader, screen: Screen
) -> tuple[Rendered, list[Msg]]:
    base = catalogs.translator(locale)
    t = _Recording(base.locale, base.translations, reader)
    renderer = Renderer(
        t,
        catalogs,
        operator=SAMPLE_OPERATOR,
        retain_days=SAMPLE_RETAIN_DAYS,
        case_number=SAMPLE_CASE,
    )
    return renderer(screen), t.seen


def _section(title: str, rendered: Rendered, seen: list[Msg]) -> str:
    """A screen: its Telegram HTML (our b/i tags, escaped text), buttons and msgids."""
    rows = rendered.keyboard.inline_keyboard if rendered.keyboard else ()
    buttons = "".join(
        '<div class="row">'
        + "".join(f'<span class="button">{html.escape(b.text)}</span>' for b in row)
        + "</div>"
        for row in rows
    )
    ids = "".join(
        f"<li><code>{html.escape(f'{m.context}|' if m.context else '')}"
        f"{html.escape(m.text)}</code></li>"
        for m in dict.fromkeys(seen)
    )
    return (
        f"<section><h2>{html.escape(title)}</h2>"
        f'<div class="text">{rendered.text}</div>{buttons}<ul class="ids">{ids}</ul></section>'
    )


def _screens(today: date) -> Iterator[tuple[str, Screen]]:
    """Sample screens in the order people meet them."""
    yield "Greeting", Welcome()
    yield "Before the questions", Safety()
    total = len(QUESTIONS)
    for number, question in enumerate(QUESTIONS, start=1):
        yield f"Question {number}: {question.id}", Ask(question, number, total, None, False)
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
    first = QUESTIONS[0]
    yield "An answered question", Answered(first, first.options[0], None)
    for level in sorted(Level, reverse=True):
        yield f"Result: {level.key}", Result(level, _reasons(level), _actions(level, today), None)
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
