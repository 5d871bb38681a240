"""A case's history as a lawyer reads it: what the client and the lawyers wrote, and what
happened to the case, oldest first, in the reader's language and time zone.

The holder, the next holder (it is sent to them when they take the case) and coordinators
can read it; every reading is audited. Files are listed; "Files again" sends them anew.
"""

from __future__ import annotations

import html
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.cases import texts as ct
from bot.cases.timeline import CLIENT_MESSAGE, MESSAGES
from bot.core.i18n import Translator
from flows.model import Level
from flows.risk import LEVEL_TEXTS
from store import StoredCase, StoredEvent, StoredLawyer, Transaction


async def history_text(
    tx: Transaction, case: StoredCase, t: Translator, timezone: ZoneInfo
) -> str:
    """The case's history as Telegram HTML (empty history: a line saying so)."""
    events = await tx.events.for_case(case.id)
    if not events:
        return t(ct.HISTORY_EMPTY, {"number": case.number})
    names = {lawyer.id: lawyer.name for lawyer in await _lawyers(tx, events)}
    lines = [f"<b>{t(ct.HISTORY_HEAD, {'number': case.number})}</b>"]
    lines += [event_line(event, names, t, timezone) for event in events]
    return "\n".join(lines)


async def files_of(tx: Transaction, case: StoredCase) -> list[StoredEvent]:
    """The messages of the case that carried a file, oldest first."""
    return [
        event
        for event in await tx.events.for_case(case.id, kinds=MESSAGES)
        if event.body.get("file_id")
    ]


def event_line(
    event: StoredEvent, names: dict[int, str], t: Translator, timezone: ZoneInfo
) -> str:
    """One event of the timeline as Telegram HTML: when, who, what."""
    when = _when(event.at, t, timezone)
    name = _escape(names.get(event.lawyer_id or -1, "—"))
    body = event.body
    match event.kind:
        case "client_message" | "lawyer_message":
            who = t(ct.THE_CLIENT) if event.kind == CLIENT_MESSAGE else name
            return f"{when} · <b>{who}</b>: {_said(body, t)}"
        case "taken":
            return f"{when} · {t(ct.EVENT_TAKEN, markup={'name': name})}"
        case "handed_back":
            line = f"{when} · {t(ct.EVENT_HANDED_BACK, markup={'name': name})}"
            note = body.get("note")
            if note:
                note_line = t(ct.EVENT_HANDOVER_NOTE, markup={"name": name, "note": _escape(note)})
                line += f"\n{when} · <i>{note_line}</i>"
            return line
        case "closed":
            outcome = ct.OUTCOMES.get(str(body.get("outcome")), ct.OUTCOMES["no_action"])
            return f"{when} · {t(ct.EVENT_CLOSED, {'outcome': t.raw(outcome)})}"
        case "reopened":
            return f"{when} · {t(ct.EVENT_REOPENED)}"
        case "offered":
            return f"{when} · {t(ct.EVENT_OFFERED, markup={'name': name})}"
        case "offer_declined":
            return f"{when} · {t(ct.EVENT_OFFER_DECLINED, markup={'name': name})}"
        case "answered_again":
            level = next((lv for lv in Level if lv.key == body.get("level")), None)
            shown = t.raw(LEVEL_TEXTS[level].title) if level else t.raw(ct.NOT_ASSESSED)
            return f"{when} · {t(ct.EVENT_ANSWERED_AGAIN, {'level': shown})}"
    return f"{when} · {_escape(event.kind)}"


def _said(body: dict[str, object], t: Translator) -> str:
    if "text" in body:
        return _escape(str(body["text"]))
    shown = t(ct.A_FILE, {"kind": str(body.get("media") or "file")})
    caption = body.get("caption")
    return f"{shown} {_escape(str(caption))}" if caption else shown


def _when(at: datetime, t: Translator, timezone: ZoneInfo) -> str:
    return t.moment(at.astimezone(timezone), "d MMM, HH:mm")


async def _lawyers(tx: Transaction, events: list[StoredEvent]) -> list[StoredLawyer]:
    found = []
    for lawyer_id in {event.lawyer_id for event in events if event.lawyer_id is not None}:
        lawyer = await tx.lawyers.get(lawyer_id)
        if lawyer is not None:
            found.append(lawyer)
    return found


def _escape(text: str) -> str:
    return html.escape(text, quote=False)
