"""The risk table read as a table: answers → level and the reasons the person is shown.

Each row starts from a person with no danger sign and changes only the answers named in the
row, so a row reads as "this fact alone (or these facts together) gives this level".
The rows marked ``6.n`` are the urgency indicators of the legal fact sheet, section 6.
"""

from __future__ import annotations

from collections.abc import Set
from typing import Any

import pytest

from flows.model import Level
from flows.risk import RULES, assess

NO_DANGER = {
    "reader": "self",
    "location": "russia",
    "detention": "free",
    "proceedings": "none_known",
    "search": "no",
    "charges": "none",
    "asylum": "not_applied",
    "history": "none",
    "lawyer": "no",
}

ABROAD = {"location": "other_country", "country": "turkey", "proceedings_abroad": "none_known"}
"""A person in Turkey with nothing under way (answers to Russia's questions are left out)."""
RETURNED = {"location": "uzbekistan", "held_in_uzbekistan": "free"}

URGENT, HIGH, MODERATE, LOW = Level.URGENT, Level.HIGH, Level.MODERATE, Level.LOW


def row(
    case_id: str,
    level: Level,
    shown: Set[str],
    hidden: Set[str] = frozenset(),
    **answers: str,
) -> Any:
    """One row: the answers that differ from NO_DANGER, the level, reasons shown and hidden."""
    return pytest.param({**NO_DANGER, **answers}, level, shown, hidden, id=case_id)


ROWS = [
    # Section 6 urgency indicators.
    row(
        "6.1 detained on a search",
        URGENT,
        {"detained_on_search"},
        detention="detained",
        search="yes",
    ),
    row("6.1 wanted, not detained", HIGH, {"wanted"}, search="yes"),
    row("6.2 extremism charges", URGENT, {"political_charges"}, charges="extremism"),
    row(
        "6.3 extradition decision given",
        URGENT,
        {"extradition_decision"},
        proceedings="extradition",
        extradition_decision="yes",
        extradition_decision_date="2026-11-26",
    ),
    row(
        "6.4 expulsion ordered by a court",
        URGENT,
        {"expulsion_ordered"},
        proceedings="expulsion",
        expulsion_decision="court",
    ),
    row(
        "6.4 expulsion ordered by the MVD",
        URGENT,
        {"expulsion_ordered"},
        proceedings="expulsion",
        expulsion_decision="mvd",
    ),
    row(
        "6.4 held in a centre for foreigners",
        URGENT,
        {"detention_centre"},
        detention="detention_centre",
    ),
    row(
        "6.4 on the controlled-persons register",
        URGENT,
        {"controlled_register"},
        proceedings="expulsion",
        expulsion_decision="register",
    ),
    row(
        "6.5 removal date set",
        URGENT,
        {"removal_date_set"},
        proceedings="expulsion",
        expulsion_decision="not_yet",
        removal_date="yes",
    ),
    row("6.6 asylum refused", URGENT, {"asylum_refused"}, asylum="refused"),
    row(
        "6.6 asylum refused abroad",
        URGENT,
        {"asylum_refused", "other_country"},
        **ABROAD,
        asylum="refused",
    ),
    row("6.7 just released", URGENT, {"just_released"}, detention="released"),
    row(
        "6.8 diplomatic assurances",
        HIGH,
        {"diplomatic_assurances", "wanted"},
        search="yes",
        assurances="yes",
    ),
    row("6.9 tortured before", HIGH, {"tortured_before"}, history="tortured"),
    row(
        "6.9 several past events, each counted",
        HIGH,
        {"tortured_before", "family_pressure", "relative_critic", "crocus_raids"},
        history="tortured,family_pressure,relative_critic,crocus_raids",
    ),
    row("6.9 family under pressure", HIGH, {"family_pressure"}, history="family_pressure"),
    row("6.10 relative is a critic", HIGH, {"relative_critic"}, history="relative_critic"),
    row("6.11 caught in the 2024 raids", HIGH, {"crocus_raids"}, history="crocus_raids"),
    # A danger sign together with proceedings is urgent.
    row(
        "tortured before and detained",
        URGENT,
        {"history_and_proceedings", "tortured_before", "detained"},
        detention="detained",
        history="tortured",
    ),
    row(
        "raids and expulsion proceedings",
        URGENT,
        {"history_and_proceedings", "crocus_raids", "removal_proceedings"},
        proceedings="expulsion",
        expulsion_decision="not_yet",
        history="crocus_raids",
    ),
    # Other high-risk situations.
    row("detained, nothing else known", HIGH, {"detained"}, detention="detained"),
    row(
        "extradition requested, no decision yet",
        HIGH,
        {"removal_proceedings"},
        proceedings="extradition",
        extradition_decision="not_yet",
    ),
    row("already returned to Uzbekistan", HIGH, {"returned"}, **RETURNED),
    row(
        "returned and held in Uzbekistan",
        URGENT,
        {"held_in_uzbekistan", "returned"},
        **{**RETURNED, "held_in_uzbekistan": "held"},
    ),
    # Outside Russia.
    row("in a member state, nothing under way", MODERATE, {"other_country"}, **ABROAD),
    row(
        "extradition requested abroad",
        HIGH,
        {"removal_abroad"},
        **{**ABROAD, "proceedings_abroad": "extradition"},
        decision_abroad="not_yet",
    ),
    row(
        "removal decided abroad",
        URGENT,
        {"decision_abroad"},
        {"removal_abroad"},
        **{**ABROAD, "proceedings_abroad": "expulsion"},
        decision_abroad="yes",
    ),
    row(
        "a relative does not know where the person is",
        HIGH,
        {"whereabouts_unknown"},
        reader="other",
        location="dont_know",
    ),
    # Moderate.
    row("another charge", MODERATE, {"other_charges"}, charges="other"),
    row("entry ban", MODERATE, {"entry_ban"}, proceedings="entry_ban"),
    row(
        "refugee claim pending",
        MODERATE,
        {"asylum_pending"},
        asylum="pending",
    ),
    # "I don't know" to a key fact is never low.
    row("unclear procedure", MODERATE, {"unclear"}, proceedings="dont_know"),
    row("don't know whether wanted", MODERATE, {"unclear"}, search="dont_know"),
    row("don't know the charges", MODERATE, {"unclear"}, charges="dont_know"),
    row("don't know whether detained", MODERATE, {"unclear"}, detention="dont_know"),
    row("don't know where I am", MODERATE, {"unclear"}, location="dont_know"),
    row(
        "don't know the country",
        MODERATE,
        {"unclear", "other_country"},
        **{**ABROAD, "country": "dont_know"},
    ),
    row(
        "don't know whether a decision was given",
        HIGH,
        {"unclear", "removal_proceedings"},
        proceedings="extradition",
        extradition_decision="dont_know",
    ),
    # Low.
    row("no danger sign", LOW, {"no_danger_sign"}),
    row("no danger sign, lawyer already", LOW, {"no_danger_sign"}, lawyer="yes"),
    row("don't know the past, nothing else", LOW, {"no_danger_sign"}, history="dont_know"),
    # A fact is said once: implied reasons are left out.
    row(
        "detained on a search implies wanted and detained",
        URGENT,
        {"detained_on_search"},
        {"wanted", "detained"},
        detention="detained",
        search="yes",
    ),
    row(
        "an extradition decision implies proceedings",
        URGENT,
        {"extradition_decision"},
        {"removal_proceedings"},
        proceedings="extradition",
        extradition_decision="yes",
    ),
    row(
        "an expulsion order implies proceedings",
        URGENT,
        {"expulsion_ordered"},
        {"removal_proceedings"},
        proceedings="expulsion",
        expulsion_decision="court",
    ),
    row(
        "the register implies proceedings",
        URGENT,
        {"controlled_register"},
        {"removal_proceedings"},
        proceedings="expulsion",
        expulsion_decision="register",
    ),
    row(
        "a danger sign hides no danger sign",
        MODERATE,
        {"other_charges"},
        {"no_danger_sign"},
        charges="other",
    ),
]


@pytest.mark.parametrize(("answers", "level", "shown", "hidden"), ROWS)
def test_answers_give_level_and_reasons(
    answers: dict[str, str], level: Level, shown: Set[str], hidden: Set[str]
) -> None:
    assessment = assess(answers)
    reason_ids = [reason.id for reason in assessment.reasons]
    assert assessment.level is level
    assert shown <= set(reason_ids)
    assert not hidden & set(reason_ids)
    assert len(reason_ids) == len(set(reason_ids)), "a reason is listed twice"


def test_no_danger_sign_is_the_only_reason_of_a_low_case() -> None:
    assert [reason.id for reason in assess(NO_DANGER).reasons] == ["no_danger_sign"]


def test_reasons_are_listed_most_serious_first() -> None:
    answers = {**NO_DANGER, "charges": "other", "detention": "detained", "asylum": "refused"}
    level_of = {rule.reason.id: rule.level for rule in RULES}
    levels = [level_of[reason.id] for reason in assess(answers).reasons]
    assert levels == sorted(levels, reverse=True)
    assert levels[0] is URGENT


def test_the_table_above_exercises_every_rule_of_the_risk_table() -> None:
    shown_in_rows = set().union(*(param.values[2] for param in ROWS))
    assert {rule.reason.id for rule in RULES} <= shown_in_rows
