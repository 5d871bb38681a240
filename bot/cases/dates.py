"""The dates a case runs against, from its answers and the facts its holder recorded:
appeals' last days and a removal day (see :func:`flows.facts.with_facts`)."""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass
from datetime import date

from flows.checklist import last_days
from flows.facts import recorded_day, with_facts
from flows.text import N_, Msg
from store import CaseSummary

REMOVAL = "removal"
REMOVAL_LAW = N_("the removal date the client gave")
"""What a removal day rests on: the client's word, not a law."""
RECORDED_REMOVAL_LAW = N_("the removal date recorded on the case")
"""What a removal day the holder recorded rests on."""


@dataclass(frozen=True, order=True)
class CaseDate:
    """A day the case runs against: ``kind`` names it (an appeal's rule id, or removal)."""

    day: date
    kind: str
    law: Msg


def case_dates(summary: CaseSummary, facts: Mapping[str, str] | None = None) -> list[CaseDate]:
    """Every such day of a case, soonest first (passed ones too)."""
    facts = facts or {}
    answers = with_facts(summary.answers, facts)
    found = [CaseDate(day, action.rule.id, action.rule.law) for action, day in last_days(answers)]
    law = REMOVAL_LAW if recorded_day(facts, "removal_date") is None else RECORDED_REMOVAL_LAW
    with suppress(ValueError):  # no removal day, or "later" / "don't know"
        removal = date.fromisoformat(answers.get("removal_day", ""))
        found.append(CaseDate(removal, REMOVAL, law))
    return sorted(found)


def soonest(
    summary: CaseSummary, today: date, facts: Mapping[str, str] | None = None
) -> CaseDate | None:
    """The first day of the case still to come (today included), if any."""
    return next((found for found in case_dates(summary, facts) if found.day >= today), None)
