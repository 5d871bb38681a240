"""A conversation survives being stored: the state round-trips through JSON."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from flows.engine import handle
from flows.events import Context, Pressed
from flows.screens import Ask
from flows.state import STATE_FORMAT, InterviewState, Stage

CTX = Context(date(2026, 11, 27), frozenset({"uz", "ru", "en"}))


def after(*payloads: str, locale: str | None = "uz") -> InterviewState:
    state = InterviewState(locale=locale)
    for payload in payloads:
        state = handle(state, Pressed(payload), CTX).state
    return state


STATES = {
    "new person": InterviewState(),
    "no language yet": after("n:begin", locale=None),
    "mid-interview": after("n:begin", "a:reader:other", "a:location:russia"),
    "in the day picker": after(
        "n:begin",
        "a:reader:self",
        "a:location:russia",
        "a:detention:detained",
        "a:proceedings:extradition",
        "a:extradition_decision:yes",
        "d:extradition_decision_date:pick",
    ),
    "ticking several answers": after(
        "n:begin",
        "a:reader:self",
        "a:location:uzbekistan",
        "a:held_in_uzbekistan:free",
        "a:charges:none",
        "a:history:tortured",
        "a:history:crocus_raids",
    ),
    "at the result": after(
        "n:begin",
        "a:reader:self",
        "a:location:uzbekistan",
        "a:held_in_uzbekistan:free",
        "a:charges:none",
        "a:history:none",
        "a:lawyer:no",
    ),
}


@pytest.mark.parametrize("state", STATES.values(), ids=STATES.keys())
def test_state_round_trips_through_json(state: InterviewState) -> None:
    stored = json.dumps(state.to_dict())
    assert InterviewState.from_dict(json.loads(stored)) == state


def test_the_sample_states_are_what_their_names_say() -> None:
    assert STATES["in the day picker"].picking_day
    assert STATES["at the result"].stage is Stage.RESULT
    assert STATES["mid-interview"].question == "detention"
    assert STATES["ticking several answers"].selected == ("tortured", "crocus_raids")


def test_a_state_stored_before_several_answers_existed_loads_with_none_ticked() -> None:
    stored = STATES["mid-interview"].to_dict()
    del stored["selected"]
    assert InterviewState.from_dict(stored) == STATES["mid-interview"]


@pytest.mark.parametrize(
    "stored",
    [
        pytest.param({"format": STATE_FORMAT + 1, "locale": "ru", "stage": "asking"}, id="newer"),
        pytest.param({"locale": "ru", "answers": {"reader": "self"}}, id="no format"),
        pytest.param({"format": "1", "locale": "ru"}, id="format as text"),
    ],
)
def test_unknown_format_starts_afresh_keeping_the_language(stored: dict[str, Any]) -> None:
    assert InterviewState.from_dict(stored) == InterviewState(locale="ru")


def test_unknown_format_with_a_damaged_language_starts_afresh_without_one() -> None:
    assert InterviewState.from_dict({"format": 0, "locale": 7}) == InterviewState()


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param({"stage": "reviewing"}, id="stage no longer exists"),
        pytest.param({"answers": ["reader", "self"]}, id="answers not a mapping"),
    ],
)
def test_damaged_state_starts_afresh_keeping_the_language(damage: dict[str, Any]) -> None:
    """``from_dict`` promises: "unknown or damaged data starts afresh"."""
    stored = {**STATES["mid-interview"].to_dict(), **damage}
    assert InterviewState.from_dict(stored) == InterviewState(locale="uz")


def test_stored_question_removed_from_the_interview_can_still_begin() -> None:
    """After an update drops a question, the person sees the safety screen; Begin must work."""
    stored = {**STATES["mid-interview"].to_dict(), "question": "removed_question"}
    outcome = handle(InterviewState.from_dict(stored), Pressed("n:begin"), CTX)
    screen = outcome.replies[-1].screen
    assert isinstance(screen, Ask)
    assert screen.question.id == "reader"
