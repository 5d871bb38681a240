"""Draft interim-measures requests as ``.docx`` files, for lawyers only (never the client).

:func:`build_draft` is pure: a case summary in, a file name and bytes out; nothing is kept.
The layout and the gaps come from :mod:`flows.drafts`; this module translates and writes.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import cache
from io import BytesIO
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_COLOR_INDEX

from bot.core.i18n import Catalogs, Translator
from flows.drafts import DEFAULT_LOCALES, Block, DraftBody, Fact, Gap, Line, compose
from flows.guidance import Statement
from flows.text import N_, Reader

# TRANSLATORS: marks a gap in a draft that the lawyer must fill; {what} says what goes there.
GAP = N_("[TO FILL: {what}]")
BULLET = "List Bullet"


@cache
def _catalogs() -> Catalogs:
    return Catalogs()


def build_draft(
    body: DraftBody,
    summary: Mapping[str, Any],
    today: date,
    locale: str | None = None,
    catalogs: Catalogs | None = None,
) -> tuple[str, bytes]:
    """The draft request to ``body`` for a case: (file name, ``.docx`` content).

    ``summary`` is the case summary as stored (``{"answers": {...}, "level": ...}``); the
    reasons and deadlines are worked out from its answers as of ``today``. ``locale``
    defaults to Russian for the UN committees and English for the European Court.
    Raises ``ValueError`` if the body does not apply (see :func:`flows.drafts.applicable`).
    """
    answers = {str(k): str(v) for k, v in (summary.get("answers") or {}).items()}
    draft = compose(body, answers, today)
    t = (catalogs or _catalogs()).translator(locale or DEFAULT_LOCALES[body], Reader.OTHER)
    document = Document()
    document.add_heading(t.raw(draft.title), level=0)
    for mark in draft.marks:
        _write(document, t, mark, bold=True)
    for number, section in enumerate(draft.sections, start=1):
        document.add_heading(f"{number}. {t.raw(section.title)}", level=1)
        for block in section.blocks:
            _write(document, t, block)
    buffer = BytesIO()
    document.save(buffer)
    return f"draft-{body.value}-{today.isoformat()}.docx", buffer.getvalue()


def _write(document: DocxDocument, t: Translator, block: Block, *, bold: bool = False) -> None:
    match block:
        case Gap(what):
            run = document.add_paragraph().add_run(t.raw(GAP).format(what=t.raw(what)))
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        case Fact(question, answer):
            shown = t.value(answer) if isinstance(answer, date) else "; ".join(map(t.raw, answer))
            document.add_paragraph(f"{t.raw(question)} — {shown}", style=BULLET)
        case Statement(text):
            document.add_paragraph(t.raw(text), style=BULLET)
        case Line(text, params, bullet):
            values = {key: t.value(value) for key, value in params.items()}
            paragraph = document.add_paragraph(style=BULLET if bullet else None)
            paragraph.add_run(t.raw(text).format(**values) if values else t.raw(text)).bold = bold
