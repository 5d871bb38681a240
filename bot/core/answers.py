"""An answer under its short label, as the lawyer's card and the person's screens show it."""

from __future__ import annotations

import html
from datetime import date

from bot.core.i18n import Translator
from flows.card import Answered


def answer_line(row: Answered, t: Translator) -> str:
    """``Label: answer`` in HTML, the chosen options joined, a day written out in full."""
    if isinstance(row.answer, date):
        shown = html.escape(t.value(row.answer), quote=False)
    else:
        shown = " · ".join(t(text) for text in row.answer)
    return f"{t(row.label)}: {shown}"
