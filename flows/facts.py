"""The case file: what the holder records that the interview cannot know, as data.

Each :class:`Fact` has a stable id (stored, never renamed), a short label for the card, the
export and the drafts, and a kind: free text or a day. Days are typed by lawyers and read
strictly (:func:`parse_day`); they are kept as ISO days. A recorded decision or removal day
counts in the case's deadlines (:func:`with_facts`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from flows.conditions import Condition, Is, is_iso_date
from flows.path import settled
from flows.text import NP_, Msg

MAX_LENGTH = 300
"""The longest value a lawyer may record (a fact, not a note)."""


class FactKind(StrEnum):
    """What a fact's value is."""

    TEXT = "text"
    DAY = "day"


@dataclass(frozen=True, slots=True)
class Fact:
    """One thing the holder can record on a case."""

    id: str
    label: Msg
    kind: FactKind = FactKind.TEXT
    in_drafts: bool = True
    """Whether a filing may carry it (a family contact never goes into one)."""


FACTS: tuple[Fact, ...] = (
    Fact("full_name", NP_("fact", "Full name")),
    Fact("birth_date", NP_("fact", "Date of birth"), FactKind.DAY),
    Fact("detention_place", NP_("fact", "Place of detention")),
    Fact("detention_date", NP_("fact", "Detained on"), FactKind.DAY),
    # TRANSLATORS: which authority detained the person (police, FSB…).
    Fact("detention_authority", NP_("fact", "Detained by")),
    Fact("decision_number", NP_("fact", "Decision numbers")),
    # TRANSLATORS: the day of the extradition or expulsion decision; it counts in the appeal
    # deadline.
    Fact("decision_date", NP_("fact", "Decision date"), FactKind.DAY),
    Fact("court", NP_("fact", "Court")),
    Fact("charge_article", NP_("fact", "Article charged")),
    Fact("removal_date", NP_("fact", "Removal date"), FactKind.DAY),
    Fact("removal_flight", NP_("fact", "Flight or escort")),
    Fact("family_contact", NP_("fact", "Family contact"), in_drafts=False),
)
FACTS_BY_ID = {fact.id: fact for fact in FACTS}

DECISION_DAYS: tuple[tuple[str, Condition], ...] = (
    ("extradition_decision_date", Is("extradition_decision", "yes")),
    ("expulsion_decision_date", Is("expulsion_decision", "court", "mvd")),
)
"""Where a recorded decision day counts: the appeal of the one decision the client named."""

_DOTTED = re.compile(r"([0-9]{2})\.([0-9]{2})\.([0-9]{4})")
_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def parse_day(text: str) -> date | None:
    """The day ``text`` names, written ``DD.MM.YYYY`` or ``YYYY-MM-DD``; ``None`` otherwise.

    Nothing else is guessed: ``1.2.26``, ``2026/02/01`` or 31 February are not days.
    """
    text = text.strip()
    if found := _DOTTED.fullmatch(text):
        day, month, year = found.groups()
    elif found := _ISO.fullmatch(text):
        year, month, day = found.groups()
    else:
        return None
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def recorded_day(facts: Mapping[str, str], fact_id: str) -> date | None:
    """A recorded day (``None``: not recorded)."""
    value = facts.get(fact_id, "")
    return date.fromisoformat(value) if is_iso_date(value) else None


def with_facts(answers: Mapping[str, str], facts: Mapping[str, str]) -> dict[str, str]:
    """The answers with every recorded day counted in, for the deadlines.

    A recorded decision day replaces the day the client gave for the one decision they
    named, when it is earlier or the client gave none (an appeal runs from receipt, never
    before the decision: the count never starts late). A recorded removal day replaces the
    client's (:func:`with_removal`).
    """
    merged = with_removal(answers, facts)
    decided = recorded_day(facts, "decision_date")
    if decided is None:
        return merged
    known = settled(answers)
    targets = [question for question, when in DECISION_DAYS if when.evaluate(known) is True]
    if len(targets) == 1:
        given = answers.get(targets[0], "")
        if not is_iso_date(given) or date.fromisoformat(given) > decided:
            merged[targets[0]] = decided.isoformat()
    return merged


def with_removal(answers: Mapping[str, str], facts: Mapping[str, str]) -> dict[str, str]:
    """The answers with a recorded removal day in place of the client's: what a filing
    states (a decision day is not the day it was received, so it is not stated as one)."""
    merged = dict(answers)
    removal = recorded_day(facts, "removal_date")
    if removal is not None:
        merged["removal_date"] = "yes"
        merged["removal_day"] = removal.isoformat()
    return merged


def recorded(facts: Mapping[str, str]) -> tuple[tuple[Fact, str | date], ...]:
    """The recorded facts in the order of :data:`FACTS`, days as days."""
    shown: list[tuple[Fact, str | date]] = []
    for fact in FACTS:
        value = facts.get(fact.id)
        if not value:
            continue
        day = recorded_day(facts, fact.id) if fact.kind is FactKind.DAY else None
        shown.append((fact, day if day is not None else value))
    return tuple(shown)
