"""The case file as data: lawyers' days read strictly, recorded days in the deadlines, and
the drafts' blanks filled by what was recorded."""

from __future__ import annotations

from datetime import date

import pytest

from flows.card import running_deadlines
from flows.drafts import PARTY_GAP, DraftBody, Gap, Words, compose
from flows.facts import FACTS, FACTS_BY_ID, parse_day, recorded, with_facts
from flows.samples import URGENT

TODAY = date(2026, 11, 30)
ANSWERS = dict(URGENT) | {"extradition_decision_date": "2026-11-28"}


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("15.03.1990", date(1990, 3, 15)),
        (" 1990-03-15 ", date(1990, 3, 15)),
        ("29.02.2024", date(2024, 2, 29)),
        ("29.02.2026", None),
        ("31.04.2026", None),
        ("1.3.1990", None),
        ("15.03.90", None),
        ("1990/03/15", None),
        ("15 марта 1990", None),
        ("2026-13-01", None),
        ("", None),
        ("１５.０３.１９９０", None),
    ],
)
def test_a_day_is_read_only_as_dd_mm_yyyy_or_iso(typed: str, day: date | None) -> None:
    assert parse_day(typed) == day


def test_every_fact_has_a_stable_unique_id_that_fits_the_awaited_step() -> None:
    assert len(FACTS_BY_ID) == len(FACTS)
    longest = max(len(fact.id) for fact in FACTS)
    assert len("fact:") + len(str(10**9)) + 1 + longest <= 40, "lawyers.awaiting is 40 long"
    assert not FACTS_BY_ID["family_contact"].in_drafts


def test_an_earlier_recorded_decision_day_starts_the_appeal_count() -> None:
    (given,) = running_deadlines(ANSWERS)
    (recorded_day,) = running_deadlines(with_facts(ANSWERS, {"decision_date": "2026-11-25"}))
    (kept,) = running_deadlines(with_facts(ANSWERS, {"decision_date": "2026-11-29"}))
    assert recorded_day.last_day == date(2026, 12, 5) and given.last_day == date(2026, 12, 8)
    assert kept == given, "a later decision day never makes the count start later"


def test_a_decision_day_counts_only_for_the_one_decision_the_client_named() -> None:
    expelled = {"location": "russia", "proceedings": "expulsion", "expulsion_decision": "mvd"}
    merged = with_facts(expelled, {"decision_date": "2026-11-25"})
    assert merged == expelled | {"expulsion_decision_date": "2026-11-25"}
    none = {"reader": "self", "location": "russia", "detention": "free"}
    assert with_facts(none, {"decision_date": "2026-11-25"}) == none


def test_a_recorded_removal_day_replaces_the_clients() -> None:
    merged = with_facts(ANSWERS, {"removal_date": "2026-12-03"})
    assert (merged["removal_date"], merged["removal_day"]) == ("yes", "2026-12-03")


def test_recorded_facts_come_in_the_tables_order_days_as_days() -> None:
    facts = {"court": "Мосгорсуд", "birth_date": "1990-03-15", "full_name": "Азиз", "x": "?"}
    assert [(fact.id, value) for fact, value in recorded(facts)] == [
        ("full_name", "Азиз"),
        ("birth_date", date(1990, 3, 15)),
        ("court", "Мосгорсуд"),
    ]


def _parts(body: DraftBody, facts: dict[str, str]) -> list[object]:
    draft = compose(body, ANSWERS, TODAY, "B-7K3Q", recorded_facts=facts)
    sections = [para for section in draft.sections for para in section.paras]
    return [part for para in (*draft.marks, *sections) for part in para.parts]


def test_recorded_facts_fill_the_drafts_blanks_and_nothing_private_goes_in() -> None:
    facts = {
        "full_name": "Азиз Каримов",
        "removal_date": "2026-12-03",
        "removal_flight": "HY 602",
        "family_contact": "сестра, +7 900",
        "court": "Мосгорсуд",
    }
    blank = _parts(DraftBody.CAT, {})
    filled = _parts(DraftBody.CAT, facts)
    values = [str(v) for p in filled if isinstance(p, Words) for v in p.params.values()]
    assert Gap(PARTY_GAP) in blank and Gap(PARTY_GAP) not in filled
    assert {"Азиз Каримов", "HY 602", "Мосгорсуд", "2026-12-03"} <= set(values)
    assert not [v for v in values if "+7 900" in v], "a family contact stays out of filings"
