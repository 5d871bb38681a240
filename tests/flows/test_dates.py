"""Principle 8: dates are safe.

"Today" and "yesterday" never give a last day later than the law allows, in any Russian
time zone, whatever the server's zone: the bot reads them as the earliest date that is
today anywhere in Russia. The day picker reaches past a 10-day period and then says it has
passed and what can still be done. A person no lawyer can reach is reminded of their
running date and what they can do alone.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from flows.checklist import APPEAL_EXPULSION, APPEAL_EXTRADITION, reminders
from flows.clock import RUSSIAN_TIME_ZONES, dates_in_russia, earliest_today
from flows.engine import Outcome, handle
from flows.events import Context, Pressed
from flows.screens import LawyerRequested, PickDay, Result
from flows.state import InterviewState
from flows.text import worded

LOCALES = frozenset({"en"})
DAY = date(2026, 11, 24)
EDGES = [
    pytest.param(zone, clock, id=f"{zone.split('/')[1]} {clock:%H:%M:%S}")
    for zone in ("Europe/Kaliningrad", "Europe/Moscow", "Asia/Vladivostok")
    for clock in (time(0, 0), time(0, 0, 1), time(23, 59, 59))
]
EXTRADITION_DATE_QUESTION = (
    "n:begin",
    "a:reader:self",
    "a:location:russia",
    "a:detention:detained",
    "a:proceedings:extradition",
    "a:extradition_decision:yes",
)
EXPULSION_DATE_QUESTION = (
    "n:begin",
    "a:reader:self",
    "a:location:russia",
    "a:detention:free",
    "a:proceedings:expulsion",
    "a:expulsion_decision:court",
)
REST_OF_INTERVIEW = (
    "a:removal_date:no",
    "a:search:no",
    "a:charges:none",
    "a:asylum:not_applied",
    "a:history:none",
    "a:assurances:no",
    "a:lawyer:no",
)


def moment(zone: str, clock: time) -> datetime:
    """``clock`` on :data:`DAY` in ``zone``."""
    return datetime.combine(DAY, clock, tzinfo=ZoneInfo(zone))


def play(ctx: Context, *payloads: str) -> Outcome:
    state = InterviewState(locale="en")
    outcome = None
    for payload in payloads:
        outcome = handle(state, Pressed(payload), ctx)
        state = outcome.state
    assert outcome is not None
    return outcome


def the_result(outcome: Outcome) -> Result:
    return next(r.screen for r in outcome.replies if isinstance(r.screen, Result))


# "Today" and "yesterday".


def test_russia_has_eleven_zones_from_kaliningrad_to_kamchatka() -> None:
    offsets = [
        datetime(2026, 11, 24, tzinfo=ZoneInfo(zone)).utcoffset() for zone in RUSSIAN_TIME_ZONES
    ]
    assert offsets == [timedelta(hours=h) for h in range(2, 13)]


@pytest.mark.parametrize(("zone", "clock"), EDGES)
@pytest.mark.parametrize(("button", "days_back"), [("t0", 0), ("t1", 1)])
def test_today_and_yesterday_never_give_a_last_day_later_than_the_law_allows_anywhere(
    zone: str, clock: time, button: str, days_back: int
) -> None:
    """A person at the edge of their day, anywhere in Russia, while the server is elsewhere."""
    now = moment(zone, clock)
    ctx = Context(earliest_today(now.astimezone(ZoneInfo("UTC"))), LOCALES)
    outcome = play(ctx, *EXTRADITION_DATE_QUESTION, f"d:extradition_decision_date:{button}")
    received = date.fromisoformat(outcome.state.answers["extradition_decision_date"])
    last_day = APPEAL_EXTRADITION.rule.last_day(received)
    for anywhere in RUSSIAN_TIME_ZONES:
        meant = now.astimezone(ZoneInfo(anywhere)).date() - timedelta(days=days_back)
        assert last_day <= APPEAL_EXTRADITION.rule.last_day(meant), anywhere
    own_day = now.date() - timedelta(days=days_back)
    assert received >= own_day - timedelta(days=1), "at most one day early for the person"


@pytest.mark.parametrize(("zone", "clock"), EDGES)
def test_the_earliest_today_is_today_somewhere_in_russia_and_never_after_it(
    zone: str, clock: time
) -> None:
    now = moment(zone, clock)
    earliest = earliest_today(now)
    assert earliest in dates_in_russia(now)
    assert all(earliest <= now.astimezone(ZoneInfo(z)).date() for z in RUSSIAN_TIME_ZONES)


def test_the_server_zone_does_not_decide_the_day() -> None:
    """The same moment read on servers in three zones gives one and the same day."""
    instant = datetime(2026, 11, 24, 21, 30, tzinfo=ZoneInfo("UTC"))
    seen = {
        earliest_today(instant.astimezone(ZoneInfo(server)))
        for server in ("Europe/Moscow", "Asia/Vladivostok", "America/New_York")
    }
    assert seen == {date(2026, 11, 24)}, "Kaliningrad is still on the 24th at 23:30"


def test_a_moment_without_a_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        earliest_today(datetime(2026, 11, 24, 12, 0))  # noqa: DTZ001 - the point of the test


def test_a_day_after_the_earliest_today_is_refused() -> None:
    """A forged or stale "tomorrow" for a decision received cannot start a period late."""
    ctx = Context(DAY, LOCALES)
    tomorrow = (DAY + timedelta(days=1)).isoformat()
    outcome = play(ctx, *EXTRADITION_DATE_QUESTION, f"d:extradition_decision_date:{tomorrow}")
    assert "extradition_decision_date" not in outcome.state.answers


# The day picker reaches past the appeal period.


def test_the_picker_reaches_a_day_whose_appeal_period_has_passed() -> None:
    ctx = Context(DAY, LOCALES)
    picker = play(ctx, *EXPULSION_DATE_QUESTION, "d:expulsion_decision_date:pick")
    screen = picker.replies[-1].screen
    assert isinstance(screen, PickDay)
    oldest = min(screen.days)
    assert APPEAL_EXPULSION.rule.last_day(oldest) < DAY


def test_a_passed_period_says_so_and_that_it_can_be_restored() -> None:
    ctx = Context(DAY, LOCALES)
    oldest = DAY - timedelta(days=13)
    outcome = play(
        ctx,
        *EXPULSION_DATE_QUESTION,
        "d:expulsion_decision_date:pick",
        f"d:expulsion_decision_date:{oldest.isoformat()}",
        *REST_OF_INTERVIEW,
    )
    (appeal,) = [a for a in the_result(outcome).actions if a.id == "appeal_expulsion"]
    assert appeal.text == APPEAL_EXPULSION.passed
    assert appeal.params == {"deadline": oldest + timedelta(days=10)}
    assert "can be restored on request" in worded(appeal.text, None).text


def test_longer_ago_than_the_picker_says_the_period_has_likely_passed() -> None:
    ctx = Context(DAY, LOCALES)
    outcome = play(
        ctx, *EXPULSION_DATE_QUESTION, "a:expulsion_decision_date:earlier", *REST_OF_INTERVIEW
    )
    ids = [a.id for a in the_result(outcome).actions]
    assert ids[0] == "appeal_expulsion_earlier"
    assert "appeal_expulsion" not in ids


# No lawyer reachable: the running date, and what the person can do alone.


def test_a_lawyer_request_carries_the_running_date_and_what_to_do_alone() -> None:
    ctx = Context(DAY, LOCALES)
    outcome = play(ctx, *EXTRADITION_DATE_QUESTION, "d:extradition_decision_date:t0", "n:lawyer")
    outcome = handle(outcome.state, Pressed("n:consent"), ctx)
    requested = outcome.replies[0].screen
    assert isinstance(requested, LawyerRequested)
    ids = [r.id for r in requested.reminders]
    assert ids[:2] == ["appeal_extradition", "appeal_extradition_yourself"]
    assert requested.reminders[0].params == {"deadline": DAY + timedelta(days=10)}
    assert requested.reminders[1].text == APPEAL_EXTRADITION.yourself
    assert "unhcr_meanwhile" in ids


def test_a_passed_date_is_not_offered_as_running() -> None:
    answers = {
        "reader": "self",
        "location": "russia",
        "detention": "free",
        "proceedings": "extradition",
        "extradition_decision": "yes",
        "extradition_decision_date": (DAY - timedelta(days=11)).isoformat(),
    }
    assert [r.id for r in reminders(answers, DAY)] == ["unhcr_meanwhile"]


def test_outside_russia_no_russian_date_or_hotline() -> None:
    answers = {"reader": "self", "location": "other_country", "country": "turkey"}
    assert reminders(answers, DAY) == ()
