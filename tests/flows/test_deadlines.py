"""Appeal deadlines: the last day counted from the day a decision was received.

Both appeals run 10 days from the day after the decision was received (CPC RF art. 463 for
extradition, CAO RF art. 30.3 for a court's expulsion order). A last day on a weekend is
not moved later: the bot would rather say a day too early than a day too late (since
Federal Law 364-FZ the law moves an expulsion appeal's last day off a weekend; the bot says
so and keeps the earlier day).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from flows.checklist import ACTIONS, DeadlineAction, plan
from flows.deadlines import EXPULSION_COURT_APPEAL, EXTRADITION_APPEAL, DeadlineRule
from flows.text import worded

LAST_DAYS = [
    pytest.param(date(2026, 11, 24), date(2026, 12, 4), id="ordinary: 24 Nov → 4 Dec"),
    pytest.param(date(2026, 1, 25), date(2026, 2, 4), id="month end: 25 Jan → 4 Feb"),
    pytest.param(date(2025, 12, 27), date(2026, 1, 6), id="year end: 27 Dec → 6 Jan"),
    pytest.param(date(2028, 2, 25), date(2028, 3, 6), id="leap year: 25 Feb 2028 → 6 Mar"),
    pytest.param(date(2027, 2, 25), date(2027, 3, 7), id="common year: 25 Feb 2027 → 7 Mar"),
    pytest.param(date(2026, 11, 18), date(2026, 11, 28), id="last day Saturday, not moved"),
    pytest.param(date(2026, 11, 19), date(2026, 11, 29), id="last day Sunday, not moved"),
]


@pytest.mark.parametrize(
    "rule", [EXTRADITION_APPEAL, EXPULSION_COURT_APPEAL], ids=lambda rule: rule.id
)
@pytest.mark.parametrize(("received", "last_day"), LAST_DAYS)
def test_last_day_to_appeal(rule: DeadlineRule, received: date, last_day: date) -> None:
    assert rule.last_day(received) == last_day


def test_both_appeals_allow_ten_days_with_their_legal_sources() -> None:
    assert EXTRADITION_APPEAL.days == EXPULSION_COURT_APPEAL.days == 10
    assert [s.key for s in EXTRADITION_APPEAL.sources] == ["S27"]
    assert "463" in EXTRADITION_APPEAL.sources[0].locator
    assert [s.key for s in EXPULSION_COURT_APPEAL.sources] == ["S33", "S59"]
    assert "30.3" in EXPULSION_COURT_APPEAL.sources[0].locator
    assert "364-FZ" in EXPULSION_COURT_APPEAL.sources[1].locator


def test_a_passed_expulsion_appeal_gives_the_weekend_caveat_and_restoring() -> None:
    passed = worded(declared("appeal_expulsion").passed, None).text
    assert "weekend or holiday, the law moves it to the next working day" in passed
    assert "can be restored on request" in passed


RECEIVED = date(2026, 11, 24)
LAST_DAY = date(2026, 12, 4)
IN_RUSSIA = {"reader": "self", "location": "russia"}

DECISIONS = {
    "appeal_extradition": {
        **IN_RUSSIA,
        "proceedings": "extradition",
        "extradition_decision": "yes",
        "extradition_decision_date": RECEIVED.isoformat(),
    },
    "appeal_expulsion": {
        **IN_RUSSIA,
        "proceedings": "expulsion",
        "expulsion_decision": "court",
        "expulsion_decision_date": RECEIVED.isoformat(),
    },
}


def declared(action_id: str) -> DeadlineAction:
    """The deadline action ``action_id`` as the checklist table declares it."""
    return next(a for a in ACTIONS if isinstance(a, DeadlineAction) and a.id == action_id)


def planned_ids(answers: dict[str, str]) -> list[str]:
    return [action.id for action in plan(answers, RECEIVED)]


@pytest.mark.parametrize("action_id", DECISIONS)
@pytest.mark.parametrize(
    ("today", "still_running"),
    [
        pytest.param(RECEIVED, True, id="the day it was received"),
        pytest.param(LAST_DAY, True, id="on the last day"),
        pytest.param(LAST_DAY + timedelta(days=1), False, id="the day after the last day"),
        pytest.param(LAST_DAY + timedelta(days=30), False, id="a month later"),
    ],
)
def test_appeal_says_running_or_passed_by_today(
    action_id: str, today: date, still_running: bool
) -> None:
    action = next(a for a in plan(DECISIONS[action_id], today) if a.id == action_id)
    expected = declared(action_id).running if still_running else declared(action_id).passed
    assert action.text == expected
    assert action.params == {"deadline": LAST_DAY}


@pytest.mark.parametrize("action_id", DECISIONS)
def test_appeal_texts_show_the_last_day(action_id: str) -> None:
    action = declared(action_id)
    assert "{deadline}" in worded(action.running, None).text
    assert "{deadline}" in worded(action.passed, None).text


@pytest.mark.parametrize("action_id", DECISIONS)
def test_appeal_is_the_first_thing_to_do(action_id: str) -> None:
    assert planned_ids(DECISIONS[action_id])[0] == action_id


@pytest.mark.parametrize(
    ("action_id", "earlier_id", "restore"),
    [
        ("appeal_extradition", "appeal_extradition_earlier", False),
        ("appeal_expulsion", "appeal_expulsion_earlier", True),
    ],
)
def test_a_decision_received_over_two_weeks_ago_says_the_period_has_likely_passed(
    action_id: str, earlier_id: str, restore: bool
) -> None:
    """Restoring a missed expulsion appeal is sourced (S33, S59); for extradition it is not."""
    question = declared(action_id).question
    answers = {**DECISIONS[action_id], question: "earlier"}
    (earlier,) = [a for a in plan(answers, RECEIVED) if a.id == earlier_id]
    text = worded(earlier.text, None).text
    assert "most likely passed" in text
    assert ("restore" in text) is restore
    assert not earlier.params, "no made-up last day"


def test_unknown_day_of_extradition_decision_asks_to_find_it_without_a_date() -> None:
    answers = {**DECISIONS["appeal_extradition"], "extradition_decision_date": "dont_know"}
    ids = planned_ids(answers)
    assert "appeal_extradition_no_date" in ids
    assert "appeal_extradition" not in ids
    assert all(not action.params for action in plan(answers, RECEIVED))


def test_expulsion_by_the_mvd_gets_no_court_deadline() -> None:
    """CAO art. 30.3's 10 days apply to a court's order; the MVD route is unconfirmed (an open
    question of the legal fact sheet), and the checklist itself says so in ``appeal_expulsion_mvd``."""
    answers = {**DECISIONS["appeal_expulsion"], "expulsion_decision": "mvd"}
    ids = planned_ids(answers)
    assert "appeal_expulsion_mvd" in ids
    assert "appeal_expulsion" not in ids
