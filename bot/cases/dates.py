"""The dates a case runs against, from its answers: appeals' last days and a removal day."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from datetime import date

from flows.checklist import last_days
from flows.text import N_, Msg
from store import CaseSummary

REMOVAL = "removal"
REMOVAL_LAW = N_("the removal date the client gave")
"""What a removal day rests on: the client's word, not a law."""


@dataclass(frozen=True, order=True)
class CaseDate:
    """A day the case runs against: ``kind`` names it (an appeal's rule id, or removal)."""

    day: date
    kind: str
    law: Msg


def case_dates(summary: CaseSummary) -> list[CaseDate]:
    """Every such day of a case, soonest first (passed ones too)."""
    answers = summary.answers
    found = [CaseDate(day, action.rule.id, action.rule.law) for action, day in last_days(answers)]
    with suppress(ValueError):  # no removal day, or "later" / "don't know"
        removal = date.fromisoformat(answers.get("removal_day", ""))
        found.append(CaseDate(removal, REMOVAL, REMOVAL_LAW))
    return sorted(found)


def soonest(summary: CaseSummary, today: date) -> CaseDate | None:
    """The first day of the case still to come (today included), if any."""
    return next((found for found in case_dates(summary) if found.day >= today), None)
