"""Draft interim-measures requests as ``.docx`` files, for lawyers only (never the client).

:func:`build_draft` is pure: a case in, a file name and bytes out; nothing is kept. What the
draft says comes from :mod:`flows.drafts`; this module translates it and sets it on A4
pages: the notes to delete before sending on a page of their own, then the filing with its
page-1 marking, numbered sections, numbered annexes and a signature line. The file carries
no generator name or author in its properties, and the case number in its name and header.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time
from functools import cache
from io import BytesIO

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_BREAK, WD_COLOR_INDEX
from docx.shared import Mm
from docx.text.paragraph import Paragraph

from bot.core.i18n import Catalogs, Translator
from flows.drafts import (
    ANNEXES_GAP,
    ANNEXES_TITLE,
    DEFAULT_LOCALES,
    NOTES_TITLE,
    REFERENCE,
    Check,
    Cited,
    Draft,
    DraftBody,
    Gap,
    Note,
    Para,
    Part,
    Style,
    Value,
    Words,
    compose,
)
from flows.sources import DOCUMENTS
from flows.text import N_, Msg, Reader
from store import CaseSummary

# TRANSLATORS: marks a gap in a draft that the lawyer must fill; {what} says what goes there.
GAP = N_("[TO FILL: {what}]")
# TRANSLATORS: marks a statement in a draft that no source confirms: the lawyer checks it.
CHECK = N_("[TO CHECK: {what}]")
BULLET = "List Bullet"
A4 = (Mm(210), Mm(297))
MARGIN = Mm(25)
APP_XML = "docProps/app.xml"
NEUTRAL_APP = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'docPropsVTypes"/>'
)
"""The application properties, empty: python-docx's template names a word processor."""
DOUBLED_PERIOD = re.compile(r"(?<!\.)\.\.(?!\.)")
"""A period after a value that ends with one ("4 декабря 2026 г."), but not an ellipsis."""


@cache
def _catalogs() -> Catalogs:
    return Catalogs()


def build_draft(
    body: DraftBody,
    summary: CaseSummary,
    today: date,
    number: str,
    *,
    notes: Sequence[str] = (),
    facts: Mapping[str, str] | None = None,
    locale: str | None = None,
    catalogs: Catalogs | None = None,
) -> tuple[str, bytes]:
    """The draft request to ``body`` for case ``number``: (file name, ``.docx`` content).

    ``summary`` is the case's summary; the
    deadlines are counted from its answers as of ``today``. ``notes`` are the lawyers' notes
    on the case, offered for the facts; ``facts`` what the holder recorded (they fill the
    blanks they answer). ``locale`` defaults to Russian for the UN
    committees and English for the European Court. Raises ``ValueError`` if the body does
    not apply (see :func:`flows.drafts.applicable`).
    """
    t = (catalogs or _catalogs()).translator(locale or DEFAULT_LOCALES[body], Reader.OTHER)
    content = write_draft(t, body, summary, today, number, notes, facts)
    return f"{number}-{body.value}-{today.isoformat()}.docx", content


def write_draft(
    t: Translator,
    body: DraftBody,
    summary: CaseSummary,
    today: date,
    number: str,
    notes: Sequence[str] = (),
    facts: Mapping[str, str] | None = None,
) -> bytes:
    """The ``.docx`` content of :func:`build_draft`, worded by ``t``."""
    draft = compose(body, summary.answers, today, number, tuple(notes), facts)
    document = Document()
    _set_up(document, t, draft, today)
    _write(document, t, draft)
    buffer = BytesIO()
    document.save(buffer)
    return neutral(buffer.getvalue())


def _set_up(document: DocxDocument, t: Translator, draft: Draft, today: date) -> None:
    """A4 pages, the case number in the header, and properties that name nobody."""
    section = document.sections[0]
    section.page_width, section.page_height = A4
    section.left_margin = section.right_margin = MARGIN
    section.top_margin = section.bottom_margin = MARGIN
    section.header.paragraphs[0].text = t.raw(REFERENCE).format(number=draft.number)
    properties = document.core_properties
    for name in ("author", "comments", "last_modified_by", "title", "subject", "keywords"):
        setattr(properties, name, "")
    for name in ("category", "content_status", "identifier", "language", "version"):
        setattr(properties, name, "")
    properties.revision = 1
    properties.created = properties.modified = datetime.combine(today, time(), UTC)


def _write(document: DocxDocument, t: Translator, draft: Draft) -> None:
    document.add_heading(t.raw(NOTES_TITLE), level=1)
    for paragraph in draft.notes:
        _paragraph(document, t, paragraph)
    document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
    for paragraph in draft.marks:
        _paragraph(document, t, paragraph)
    document.add_heading(t.raw(draft.title), level=0)
    for number, section in enumerate(draft.sections, start=1):
        document.add_heading(f"{number}. {t.raw(section.title)}", level=1)
        for paragraph in section.paras:
            _paragraph(document, t, paragraph)
    document.add_heading(f"{len(draft.sections) + 1}. {t.raw(ANNEXES_TITLE)}", level=1)
    for number, annex in enumerate(draft.annexes, start=1):
        document.add_paragraph(f"{number}. {_sentence(t.raw(annex))}")
    _paragraph(document, t, Para((ANNEXES_GAP,)))
    for paragraph in draft.signature:
        _paragraph(document, t, paragraph)


def _paragraph(document: DocxDocument, t: Translator, paragraph: Para) -> Paragraph:
    written = document.add_paragraph(style=BULLET if paragraph.style is Style.BULLET else None)
    for index, part in enumerate(paragraph.parts):
        text, marked = _part(t, part, cite=paragraph.style is not Style.MARK)
        if index == 0 and isinstance(part, Words):
            text = text[:1].upper() + text[1:]
        run = written.add_run(f" {text}" if index else text)
        run.bold = paragraph.style is Style.MARK
        if marked is not None:
            run.font.highlight_color = marked
    return written


def _part(t: Translator, part: Part, *, cite: bool) -> tuple[str, WD_COLOR_INDEX | None]:
    """The text of a part, and the highlight it is marked with (gaps and checks).

    A legal statement is followed by its sources, except in the page-1 marking.
    """
    match part:
        case Words(text, params):
            return _fill(t, t.raw(text), params), None
        case Gap(what):
            return t.raw(GAP).format(what=t.raw(what)), WD_COLOR_INDEX.YELLOW
        case Check(what):
            return t.raw(CHECK).format(what=t.raw(what)), WD_COLOR_INDEX.TURQUOISE
        case Cited(statement, params):
            titles = [DOCUMENTS[s.key].title for s in statement.sources if s.key in DOCUMENTS]
            cited = f" ({'; '.join(dict.fromkeys(titles))})" if titles and cite else ""
            return _fill(t, t.raw(statement.text), params) + cited, None
        case Note(text):
            return text, WD_COLOR_INDEX.TURQUOISE


def _fill(t: Translator, text: str, params: Mapping[str, Value]) -> str:
    values = {key: _value(t, value) for key, value in params.items()}
    return _sentence(text.format(**values) if values else text)


def _value(t: Translator, value: Value) -> str:
    if isinstance(value, Msg):
        return t.raw(value)
    return t.value(value)


def _sentence(text: str) -> str:
    """The text with exactly one period where a sentence ends after a value."""
    return DOUBLED_PERIOD.sub(".", text)


def neutral(content: bytes) -> bytes:
    """The ``.docx`` with its application properties emptied (no generator's name)."""
    out = BytesIO()
    with (
        zipfile.ZipFile(BytesIO(content)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            data = NEUTRAL_APP if item.filename == APP_XML else source.read(item)
            target.writestr(item, data)
    return out.getvalue()
