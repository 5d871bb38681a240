"""A case's whole file as a ``.docx``, for its holder or a coordinator (``/export``).

Made in memory when it is sent, in the reader's language and time zone, and never kept:
the answers next to their questions, the recorded facts, the deadlines, the notes with
their author and time, the timeline and a list of the attachments (the files themselves
stay in Telegram). The document's properties name nobody.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from io import BytesIO
from zoneinfo import ZoneInfo

from bot.cases.dates import case_dates
from bot.cases.timeline import MESSAGES
from bot.core.i18n import Translator
from bot.desk import casefile_texts as ft
from bot.desk.history import event_line
from flows.conditions import is_iso_date
from flows.facts import recorded
from flows.interview import QUESTIONS
from flows.model import Level
from flows.path import relevant_answers
from flows.risk import LEVEL_TEXTS
from flows.text import Text
from store import StoredCase, StoredEvent, StoredLawyer, StoredNote, Transaction

TAG = re.compile(r"<[^<>]+>")
MAX_UPLOAD = 50 * 1024 * 1024
"""Telegram takes documents up to 50 MB from a bot."""


@dataclass(frozen=True)
class CaseFile:
    """Everything the export shows, read in one transaction."""

    case: StoredCase
    reader: StoredLawyer
    facts: dict[str, str]
    notes: list[StoredNote]
    events: list[StoredEvent]
    names: dict[int, str]
    now: datetime
    zone: ZoneInfo


async def read_case_file(
    tx: Transaction, case: StoredCase, reader: StoredLawyer, zone: ZoneInfo
) -> CaseFile:
    """The case's file as it is now, for ``reader``."""
    notes = await tx.notes.for_case(case.id)
    events = await tx.events.for_case(case.id)
    authors = {note.lawyer_id for note in notes} | {event.lawyer_id for event in events}
    names = {}
    for lawyer_id in (found for found in authors if found is not None):
        lawyer = await tx.lawyers.get(lawyer_id)
        names[lawyer_id] = lawyer.name if lawyer else "—"
    facts = await tx.facts.of(case.id)
    return CaseFile(case, reader, facts, notes, events, names, tx.now(), zone)


def build_export(file: CaseFile, t: Translator) -> tuple[str, bytes]:
    """(file name, ``.docx`` content) of the case file in ``t``'s language."""
    from docx import Document  # heavy: loaded only when a lawyer exports

    from bot.desk.drafts import neutral

    case = file.case
    document = Document()
    properties = document.core_properties
    for name in ("author", "comments", "last_modified_by", "title", "subject", "keywords"):
        setattr(properties, name, "")
    properties.created = properties.modified = file.now.astimezone(UTC).replace(microsecond=0)
    document.add_heading(_raw(t, ft.EXPORT_TITLE, number=case.number), level=0)
    level = next((lv for lv in Level if lv.key == case.summary.level), None)
    if level is not None:
        document.add_paragraph(t.raw(LEVEL_TEXTS[level].title))
    made = _raw(t, ft.EXPORT_MADE, time=_when(file.now, t, file.zone), name=file.reader.name)
    document.add_paragraph(made)
    for title, lines in _sections(file, t):
        document.add_heading(t.raw(title), level=1)
        for line in lines or [t.raw(ft.EXPORT_NONE)]:
            document.add_paragraph(line)
    buffer = BytesIO()
    document.save(buffer)
    day = file.now.astimezone(file.zone).date().isoformat()
    return f"{case.number}-{day}.docx", neutral(buffer.getvalue())


def _sections(file: CaseFile, t: Translator) -> list[tuple[Text, list[str]]]:
    case = file.case
    notes = [
        f"{_when(note.at, t, file.zone)}, {file.names.get(note.lawyer_id or -1, '—')}: {note.text}"
        for note in file.notes
    ]
    deadlines = [
        _raw(t, ft.EXPORT_DEADLINE, day=t.value(found.day), what=t.raw(found.law))
        for found in case_dates(case.summary, file.facts)
    ]
    timeline = [_plain(event_line(event, file.names, t, file.zone)) for event in file.events]
    attachments = [
        _raw(t, ft.EXPORT_FILE, time=_when(event.at, t, file.zone), kind=_attached(event))
        for event in file.events
        if event.kind in MESSAGES and event.body.get("file_id")
    ]
    facts = [f"{t.raw(fact.label)}: {t.value(value)}" for fact, value in recorded(file.facts)]
    return [
        (ft.EXPORT_ANSWERS, _answers(case, t)),
        (ft.EXPORT_FACTS, facts),
        (ft.EXPORT_DEADLINES, deadlines),
        (ft.EXPORT_NOTES, notes),
        (ft.EXPORT_TIMELINE, timeline),
        (ft.EXPORT_FILES, attachments),
    ]


def _answers(case: StoredCase, t: Translator) -> list[str]:
    """Each question on the client's path, and the answer next to it."""
    answers = relevant_answers(case.summary.answers)
    lines = []
    for question in QUESTIONS:
        answer = answers.get(question.id)
        if answer is None:
            continue
        if is_iso_date(answer):
            shown = t.value(date.fromisoformat(answer))
        else:
            shown = ", ".join(t.raw(option.label) for option in question.chosen(answer))
        lines.append(f"{t.raw(question.text)} — {shown or answer}")
    return lines


def _attached(event: StoredEvent) -> str:
    caption = event.body.get("caption")
    kind = str(event.body.get("media") or "file")
    return f"{kind} ({caption})" if caption else kind


def _raw(t: Translator, text: Text, **params: str) -> str:
    return t.raw(text).format(**params)


def _plain(line: str) -> str:
    return html.unescape(TAG.sub("", line))


def _when(at: datetime, t: Translator, zone: ZoneInfo) -> str:
    return t.moment(at.astimezone(zone), "d MMM y, HH:mm")
