"""Tools on a lawyer's own case: the sources of what the person was told, and draft requests.

Drafts are built in memory and sent to the lawyer only; nothing of them is kept.
"""

from __future__ import annotations

import html
from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.cases import texts as ct
from bot.core.i18n import Translator
from bot.desk.buttons import LawyerAction, LawyerButton
from flows.content import sources_told
from flows.drafts import DraftBody, applicable
from store import StoredCase

DRAFT_NAMES = {
    DraftBody.CAT: ct.DRAFT_CAT,
    DraftBody.HRC: ct.DRAFT_HRC,
    DraftBody.ECHR: ct.DRAFT_ECHR,
}


def _answers(case: StoredCase) -> dict[str, str]:
    return dict(case.summary.answers)


def sources_text(case: StoredCase, t: Translator, today: date) -> str:
    """What the person was told rests on these sources (document and article, with link)."""
    lines = [f"<b>{t(ct.SOURCES_HEAD, {'number': case.number})}</b>"]
    for source, document in sources_told(_answers(case), today):
        title = html.escape(document.title if document else source.key, quote=False)
        where = html.escape(source.locator, quote=False)
        link = f' <a href="{html.escape(document.url)}">↗</a>' if document and document.url else ""
        lines.append(f"• {title}: {where}{link}")
    if len(lines) == 1:
        lines.append(t(ct.SOURCES_NONE))
    return "\n".join(lines)


def drafts_keyboard(case: StoredCase, t: Translator) -> InlineKeyboardMarkup | None:
    """One button per body a draft request applies to, for this case."""
    rows = [
        [
            InlineKeyboardButton(
                t(DRAFT_NAMES[body]),
                callback_data=LawyerButton(LawyerAction.DRAFT, case.id, body.value).pack(),
            )
        ]
        for body in applicable_bodies(case)
    ]
    return InlineKeyboardMarkup(rows) if rows else None


def applicable_bodies(case: StoredCase) -> tuple[DraftBody, ...]:
    """The bodies a draft request can go to, given the case's answers."""
    return applicable(_answers(case))


def draft_body(value: str | None) -> DraftBody | None:
    """The body a DRAFT button names, if it is a real one."""
    return next((body for body in DraftBody if body.value == value), None)
