"""Transcripts of conversations with the engine: events in, screens and state out."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from flows import samples
from flows.card import ROWS, Answered, Group, Row
from flows.conditions import Is
from flows.engine import Outcome, handle
from flows.events import (
    Command,
    Context,
    Event,
    Pressed,
    Said,
    SentMedia,
    Typed,
    UnknownCommand,
)
from flows.flow import Flow
from flows.interview import QUESTIONS, QUESTIONS_BY_ID
from flows.model import Level, Option, Question, Reason, Rule
from flows.path import relevant_answers
from flows.screens import (
    Ask,
    Consent,
    LawyerRequested,
    Notice,
    NoticeKind,
    PickDay,
    RequestLawyer,
    Result,
    Safety,
    Screen,
    Welcome,
)
from flows.state import InterviewState, Stage
from flows.text import N_, Reader, Voiced, worded
from flows.validate import check

TODAY = date(2026, 11, 27)
CTX = Context(TODAY, frozenset({"uz", "uz_Cyrl", "ru", "en"}))

BEGIN = "n:begin"
BACK = "n:back"

URGENT_PATH = (BEGIN, *samples.payloads(samples.URGENT))
LOW_PATH = (BEGIN, *samples.payloads(samples.LOW))
RETURNED_PATH = (
    BEGIN,
    "a:reader:self",
    "a:location:uzbekistan",
    "a:held_in_uzbekistan:free",
    "a:charges:none",
    "a:history:none",
    "a:lawyer:no",
)
WHEREABOUTS_UNKNOWN_PATH = (
    BEGIN,
    "a:reader:other",
    "a:location:dont_know",
    "a:detention:dont_know",
    "a:search:dont_know",
    "a:charges:dont_know",
    "a:history:dont_know",
    "a:lawyer:no",
)
EXPULSION_PATH = (
    BEGIN,
    "a:reader:other",
    "a:location:russia",
    "a:detention:detention_centre",
    "a:proceedings:expulsion",
    "a:expulsion_decision:court",
    "d:expulsion_decision_date:t0",
    "a:removal_date:yes",
    "d:removal_day:n1",
    "a:search:yes",
    "a:charges:other",
    "a:asylum:refused",
    "a:history:tortured",
    "a:history:family_pressure",
    "n:done",
    "a:assurances:dont_know",
    "a:lawyer:yes",
)
FULL_PATHS = {
    "urgent extradition": URGENT_PATH,
    "low risk": LOW_PATH,
    "back in Uzbekistan": RETURNED_PATH,
    "whereabouts unknown": WHEREABOUTS_UNKNOWN_PATH,
    "expulsion, relative answering": EXPULSION_PATH,
}


def transcript(*events: Event | str, state: InterviewState | None = None) -> list[Outcome]:
    """Every outcome of ``events`` (strings are button payloads) from ``state`` or a new chat."""
    state = state or InterviewState()
    outcomes = []
    for event in events:
        outcome = handle(state, Pressed(event) if isinstance(event, str) else event, CTX)
        outcomes.append(outcome)
        state = outcome.state
    return outcomes


def run(*events: Event | str, state: InterviewState | None = None) -> Outcome:
    """The last outcome of ``events`` from ``state`` or a new chat."""
    return transcript(*events, state=state)[-1]


def shown(outcome: Outcome) -> Screen:
    """The screen the person is left looking at."""
    return outcome.replies[-1].screen


def screens(outcome: Outcome) -> list[Screen]:
    return [reply.screen for reply in outcome.replies]


def asked(outcome: Outcome) -> Ask:
    screen = shown(outcome)
    assert isinstance(screen, Ask), screen
    return screen


def result(outcome: Outcome) -> Result:
    """The result screen among the replies (an urgent result is followed by the consent)."""
    found = [s for s in screens(outcome) if isinstance(s, Result)]
    assert found, screens(outcome)
    return found[-1]


def asks_along(path: tuple[str, ...]) -> list[Ask]:
    """Each question as the person comes to it, in order, while ``path`` is answered.

    Ticking an answer of a question with several answers shows that question again: it is
    not counted twice.
    """
    asks: list[Ask] = []
    for outcome in transcript(*path):
        screen = shown(outcome)
        if isinstance(screen, Ask) and (not asks or asks[-1].question != screen.question):
            asks.append(screen)
    return asks


# Starting.


def test_start_for_a_new_person_greets_and_explains_safety() -> None:
    outcome = run(Said(Command.START))
    assert screens(outcome) == [Welcome(), Safety()]
    assert outcome.state == InterviewState()


def test_begin_asks_who_is_answering_first() -> None:
    ask = asked(run(BEGIN))
    assert (ask.question.id, ask.number, ask.total) == ("reader", 1, len(QUESTIONS))
    assert ask.reader is None
    assert not ask.urgent


# Whole interviews.


def test_urgent_extradition_interview_ends_urgent_with_the_appeal_deadline() -> None:
    outcome = run(*URGENT_PATH)
    end = result(outcome)
    assert outcome.state.stage is Stage.RESULT
    assert end.level is Level.URGENT
    assert {"extradition_decision", "political_charges"} <= {r.id for r in end.reasons}
    appeal = end.actions[0]
    assert appeal.id == "appeal_extradition"
    yesterday = TODAY - timedelta(days=1)
    assert outcome.state.answers["extradition_decision_date"] == yesterday.isoformat()
    assert appeal.params == {"deadline": yesterday + timedelta(days=10)}


def test_low_risk_interview_ends_low() -> None:
    end = result(run(*LOW_PATH))
    assert end.level is Level.LOW
    assert [r.id for r in end.reasons] == ["no_danger_sign"]
    assert [a.id for a in end.actions] == ["come_back"]


def test_each_answer_brings_the_next_question_in_place_with_the_answer_above_it() -> None:
    outcome = run(BEGIN, "a:reader:self")
    (following,) = outcome.replies
    assert following.edit, "the interview is one message, edited in place"
    assert asked(outcome).question.id == "location"
    row = ROWS["reader"]
    assert asked(outcome).previous == Answered("reader", row.label, (dict(row.shown)["self"],))


def test_the_answer_above_a_question_is_the_one_given_just_before() -> None:
    ask = asked(run(BEGIN, "a:reader:self", "a:location:russia", "a:detention:free", BACK))
    assert ask.question.id == "detention"
    russia = QUESTIONS_BY_ID["location"].option("russia")
    assert russia is not None
    assert ask.previous == Answered("location", ROWS["location"].label, (russia.label,))
    assert asked(run(BEGIN, "a:reader:self", BACK)).previous is None


def test_the_result_lists_the_answers_on_the_path_in_place_of_the_last_question() -> None:
    outcome = run(*LOW_PATH)
    assert outcome.replies[0].edit and isinstance(outcome.replies[0].screen, Result)
    listed = [row.question for row in result(outcome).answers]
    on_path = relevant_answers(outcome.state.answers)
    assert sorted(listed) == sorted(on_path) and len(listed) == len(on_path) > 5


RELEASED_PATH = tuple(
    "a:detention:released" if payload == "a:detention:free" else payload for payload in LOW_PATH
)


@pytest.mark.parametrize(
    ("path", "first_urgent_answer"),
    [
        pytest.param(URGENT_PATH, "a:extradition_decision:yes", id="extradition decision"),
        pytest.param(EXPULSION_PATH, "a:detention:detention_centre", id="detention centre"),
        pytest.param(RELEASED_PATH, "a:detention:released", id="just released"),
    ],
)
def test_lawyer_shortcut_is_urgent_from_the_answer_that_makes_the_case_urgent(
    path: tuple[str, ...], first_urgent_answer: str
) -> None:
    flags = [ask.urgent for ask in asks_along(path)]
    cut = path.index(first_urgent_answer)
    assert flags == [False] * cut + [True] * (len(flags) - cut)


# Progress.


@pytest.mark.parametrize("path", FULL_PATHS.values(), ids=FULL_PATHS.keys())
def test_progress_total_never_grows(path: tuple[str, ...]) -> None:
    totals = [ask.total for ask in asks_along(path)]
    assert totals == sorted(totals, reverse=True)


@pytest.mark.parametrize("path", FULL_PATHS.values(), ids=FULL_PATHS.keys())
def test_progress_counts_one_by_one_and_ends_at_the_total(path: tuple[str, ...]) -> None:
    """The person sees "1 / N", "2 / N" … and the last question is "N / N"."""
    asks = asks_along(path)
    assert [ask.number for ask in asks] == list(range(1, len(asks) + 1))
    assert asks[-1].total == len(asks)


def test_progress_total_shrinks_when_an_answer_skips_questions() -> None:
    before, after = asks_along((BEGIN, "a:reader:self", "a:location:uzbekistan"))[1:]
    assert (before.question.id, after.question.id) == ("location", "held_in_uzbekistan")
    assert after.total < before.total


# Skipped questions.


@pytest.mark.parametrize(
    ("path", "never_asked"),
    [
        pytest.param(
            RETURNED_PATH,
            {"detention", "proceedings", "search", "asylum", "country"},
            id="returned",
        ),
        pytest.param(
            EXPULSION_PATH,
            {"extradition_decision", "country", "proceedings_abroad"},
            id="expulsion",
        ),
        pytest.param(URGENT_PATH, {"expulsion_decision", "held_in_uzbekistan"}, id="extradition"),
        pytest.param(LOW_PATH, {"removal_date", "assurances", "removal_day"}, id="nothing known"),
    ],
)
def test_skipped_questions_are_never_asked(path: tuple[str, ...], never_asked: set[str]) -> None:
    asked_ids = [ask.question.id for ask in asks_along(path)]
    assert not set(asked_ids) & never_asked
    assert len(asked_ids) == len(set(asked_ids)), "a question was asked twice"
    answered = {p.split(":")[1] for p in path if p.startswith(("a:", "d:"))}
    assert set(asked_ids) == answered, "a question was not asked"


# Back.


def test_back_restores_the_previous_question_with_its_answer_kept() -> None:
    outcome = run(BEGIN, "a:reader:self", "a:location:russia", BACK)
    assert asked(outcome).question.id == "location"
    assert outcome.replies[-1].edit
    assert outcome.state.answers == {"reader": "self", "location": "russia"}


def test_back_from_the_first_question_returns_to_the_safety_screen() -> None:
    outcome = run(BEGIN, BACK)
    assert shown(outcome) == Safety()
    assert outcome.state.stage is Stage.WELCOME


def test_back_from_the_result_returns_to_the_last_question() -> None:
    outcome = run(*LOW_PATH, BACK)
    assert asked(outcome).question.id == "lawyer"
    assert outcome.state.stage is Stage.ASKING


# Input that does not fit.


def forged_day(days_ago: int) -> str:
    return f"d:extradition_decision_date:{(TODAY - timedelta(days=days_ago)).isoformat()}"


AT_DATE_QUESTION = URGENT_PATH[:6]

STALE_OR_FORGED = [
    pytest.param((BEGIN,), "nonsense", id="random string"),
    pytest.param((BEGIN,), "", id="empty"),
    pytest.param((BEGIN,), "a:reader:martian", id="unknown option"),
    pytest.param((BEGIN,), "a:nobody:self", id="unknown question"),
    pytest.param((BEGIN,), "l:xx", id="unknown locale"),
    pytest.param((BEGIN,), "n:nowhere", id="unknown navigation"),
    pytest.param((BEGIN,), "d:reader:t0", id="day for a choice question"),
    pytest.param((BEGIN, "a:reader:self"), "a:reader:other", id="answer to a past question"),
    pytest.param((BEGIN, "a:reader:self"), "a:detention:free", id="answer to a later question"),
    pytest.param((BEGIN, "a:reader:self"), BEGIN, id="begin mid-interview"),
    pytest.param(LOW_PATH, "a:lawyer:yes", id="answer after the result"),
    pytest.param(AT_DATE_QUESTION, forged_day(-1), id="day in the future"),
    pytest.param(AT_DATE_QUESTION, forged_day(61), id="day over 60 days back"),
    pytest.param(AT_DATE_QUESTION, "d:extradition_decision_date:2026-02-30", id="no such day"),
    pytest.param(AT_DATE_QUESTION, "d:extradition_decision_date:soon", id="not a day"),
    pytest.param(AT_DATE_QUESTION, "a:extradition_decision_date:yes", id="option of another"),
    pytest.param((Said(Command.START),), BACK, id="back before beginning"),
]


@pytest.mark.parametrize(("before", "payload"), STALE_OR_FORGED)
def test_stale_or_forged_buttons_change_nothing(
    before: tuple[Event | str, ...], payload: str
) -> None:
    start = run(*before)
    outcome = run(payload, state=start.state)
    assert outcome.state == start.state
    assert screens(outcome) == [Notice(NoticeKind.STALE_BUTTON), shown(start)]
    assert outcome.effects == ()


@pytest.mark.parametrize("days_ago", [0, 1, 2, 60], ids=lambda n: f"{n} days ago")
def test_any_day_in_the_last_60_days_answers_a_date_question(days_ago: int) -> None:
    outcome = run(*AT_DATE_QUESTION, forged_day(days_ago))
    day = TODAY - timedelta(days=days_ago)
    assert outcome.state.answers["extradition_decision_date"] == day.isoformat()
    assert asked(outcome).question.id == "removal_date"


@pytest.mark.parametrize(
    ("event", "notice"),
    [
        pytest.param(Typed(12), NoticeKind.USE_BUTTONS, id="typed text"),
        pytest.param(Typed(4096), NoticeKind.USE_BUTTONS, id="typed 4096 characters"),
        pytest.param(Typed(4097), NoticeKind.TOO_LONG, id="typed over 4096"),
        pytest.param(SentMedia(), NoticeKind.UNSUPPORTED, id="media"),
        pytest.param(UnknownCommand(), NoticeKind.UNKNOWN_COMMAND, id="unknown command"),
        pytest.param(Said(Command.START), NoticeKind.RESUMED, id="/start mid-interview"),
    ],
)
def test_input_other_than_buttons_hints_and_shows_the_same_question(
    event: Event, notice: NoticeKind
) -> None:
    start = run(BEGIN, "a:reader:self")
    outcome = run(event, state=start.state)
    assert outcome.state == start.state
    assert screens(outcome) == [Notice(notice), shown(start)]
    assert asked(outcome).question.id == "location"


def test_start_after_the_result_shows_the_result_again() -> None:
    start = run(*LOW_PATH)
    outcome = run(Said(Command.START), state=start.state)
    assert screens(outcome) == [Notice(NoticeKind.RESUMED), shown(start)]


# Language and restart.


def test_language_switch_keeps_answers_and_the_question() -> None:
    start = run(BEGIN, "a:reader:self", "a:location:russia")
    outcome = run("l:ru", state=start.state)
    assert outcome.state.locale == "ru"
    assert outcome.state.answers == start.state.answers
    assert screens(outcome) == [Notice(NoticeKind.LANGUAGE_CHANGED), shown(start)]


@pytest.mark.parametrize(
    "restart", [Said(Command.RESTART), "n:restart"], ids=["command", "button"]
)
def test_restart_clears_answers_but_keeps_the_language(restart: Event | str) -> None:
    outcome = run("l:uz", *URGENT_PATH[:5], restart)
    assert outcome.state.answers == {}
    assert outcome.state.locale == "uz"
    ask = asked(outcome)
    assert (ask.question.id, ask.number) == ("reader", 1)


# Asking for a lawyer.

LAWYER_REQUESTS = [
    pytest.param("n:lawyer", id="button"),
    pytest.param(Said(Command.LAWYER), id="command"),
]


@pytest.mark.parametrize("request_lawyer", LAWYER_REQUESTS)
def test_lawyer_request_sends_level_and_answers_then_shows_the_same_question(
    request_lawyer: Event | str,
) -> None:
    start = run(*URGENT_PATH[:6])
    asked_consent = run(request_lawyer, state=start.state)
    assert screens(asked_consent) == [Consent(Reader.SELF)]
    assert not asked_consent.effects
    outcome = run("n:consent", state=asked_consent.state)
    assert outcome.effects == (RequestLawyer(Level.URGENT, dict(start.state.answers)),)
    requested, again = screens(outcome)
    assert isinstance(requested, LawyerRequested)
    assert (requested.reader, again) == (Reader.SELF, shown(start))
    assert outcome.replies[0].edit, "the consent question is replaced by the confirmation"
    assert outcome.state == start.state


@pytest.mark.parametrize("request_lawyer", LAWYER_REQUESTS)
def test_lawyer_request_leaves_out_answers_a_later_change_made_irrelevant(
    request_lawyer: Event | str,
) -> None:
    start = run(
        BEGIN,
        "a:reader:self",
        "a:location:russia",
        "a:detention:detained",
        BACK,
        BACK,
        "a:location:uzbekistan",
    )
    assert start.state.answers["detention"] == "detained"
    (effect,) = run(request_lawyer, "n:consent", state=start.state).effects
    assert effect == RequestLawyer(Level.HIGH, {"reader": "self", "location": "uzbekistan"})


def test_lawyer_request_from_the_result_does_not_repeat_the_result() -> None:
    outcome = run(*URGENT_PATH, "n:consent")
    (requested,) = screens(outcome)
    assert isinstance(requested, LawyerRequested)
    assert outcome.effects[0].level is Level.URGENT


def test_urgent_result_asks_consent_to_share_with_a_lawyer_at_once() -> None:
    outcome = run(*URGENT_PATH)
    assert screens(outcome)[-2:] == [result(outcome), Consent(Reader.SELF)]


def test_low_result_does_not_push_a_lawyer() -> None:
    assert not any(isinstance(s, Consent) for s in screens(run(*LOW_PATH)))


def test_declining_shares_nothing_and_goes_on() -> None:
    start = run(*URGENT_PATH[:4])
    outcome = run("n:lawyer", "n:decline", state=start.state)
    assert not outcome.effects
    assert screens(outcome) == [Notice(NoticeKind.NOTHING_SHARED), shown(start)]


def test_person_with_a_case_is_not_asked_again() -> None:
    start = run(*URGENT_PATH[:4])
    with_case = Context(TODAY, CTX.locales, has_case=True)
    outcome = handle(start.state, Pressed("n:lawyer"), with_case)
    assert isinstance(screens(outcome)[0], LawyerRequested)
    assert outcome.effects


def test_a_person_with_a_case_who_answers_again_updates_it_without_being_asked() -> None:
    before_last = run(*URGENT_PATH[:-1])
    with_case = Context(TODAY, CTX.locales, has_case=True)
    outcome = handle(before_last.state, Pressed(URGENT_PATH[-1]), with_case)
    assert result(outcome).level is Level.URGENT
    assert isinstance(shown(outcome), LawyerRequested), "the case gets the new answers"
    assert not [s for s in screens(outcome) if isinstance(s, Consent)]
    (effect,) = outcome.effects
    assert isinstance(effect, RequestLawyer) and effect.level is Level.URGENT


# A relative or friend answering.


def test_relative_gets_questions_worded_about_the_person() -> None:
    for ask in asks_along(EXPULSION_PATH)[1:]:
        assert ask.reader is Reader.OTHER
        if isinstance(ask.question.text, Voiced):
            assert worded(ask.question.text, ask.reader) == ask.question.text.other


def test_relative_gets_the_result_worded_about_the_person() -> None:
    end = result(run(*EXPULSION_PATH))
    assert end.reader is Reader.OTHER
    texts = [r.text for r in end.reasons] + [a.text for a in end.actions]
    voiced = [text for text in texts if isinstance(text, Voiced)]
    assert voiced, "the path should meet voiced reasons or actions"
    assert all(worded(text, end.reader) == text.other for text in voiced)


def test_person_answering_for_themselves_gets_their_own_wording() -> None:
    ask = asks_along(URGENT_PATH)[2]
    assert isinstance(ask.question.text, Voiced)
    assert worded(ask.question.text, ask.reader) == ask.question.text.me


# The day picker.

PICK = "d:extradition_decision_date:pick"


def test_day_picker_offers_twelve_days_from_two_to_thirteen_days_ago() -> None:
    outcome = run(*AT_DATE_QUESTION, PICK)
    picker = shown(outcome)
    assert isinstance(picker, PickDay)
    assert picker.question.id == "extradition_decision_date"
    assert picker.days == tuple(TODAY - timedelta(days=n) for n in range(2, 14))
    assert outcome.replies[-1].edit
    assert outcome.state.picking_day


def test_choosing_a_day_in_the_picker_answers_the_question() -> None:
    picker = shown(run(*AT_DATE_QUESTION, PICK))
    assert isinstance(picker, PickDay)
    day = picker.days[5]
    outcome = run(*AT_DATE_QUESTION, PICK, f"d:extradition_decision_date:{day.isoformat()}")
    assert outcome.state.answers["extradition_decision_date"] == day.isoformat()
    assert not outcome.state.picking_day
    assert asked(outcome).question.id == "removal_date"
    previous = asked(outcome).previous
    assert previous is not None and previous.answer == day


def test_back_from_the_day_picker_shows_the_date_question_again() -> None:
    outcome = run(*AT_DATE_QUESTION, PICK, BACK)
    assert asked(outcome).question.id == "extradition_decision_date"
    assert not outcome.state.picking_day


# Answers made irrelevant by a changed answer.


CHANGED_MIND_PATH = (
    *URGENT_PATH[:7],  # extradition, decision received yesterday
    BACK,
    BACK,
    BACK,
    "a:proceedings:none_known",
    "a:removal_date:no",
    *LOW_PATH[-5:],
)


def test_changing_an_earlier_answer_drops_the_answers_it_made_irrelevant() -> None:
    outcomes = transcript(*CHANGED_MIND_PATH)
    end = result(outcomes[-1])
    assert outcomes[-1].state.answers["extradition_decision"] == "yes", "kept for Back"
    assert end.level is Level.HIGH
    assert "extradition_decision" not in {r.id for r in end.reasons}
    assert not {"appeal_extradition", "appeal_extradition_no_date"} & {a.id for a in end.actions}


@pytest.mark.parametrize(
    ("answers", "relevant"),
    [
        pytest.param(
            {
                "reader": "self",
                "location": "uzbekistan",
                "detention": "detained",
                "asylum": "refused",
            },
            {"reader": "self", "location": "uzbekistan"},
            id="returned: Russian detention and asylum dropped",
        ),
        pytest.param(
            {"location": "russia", "proceedings": "expulsion", "extradition_decision": "yes"},
            {"location": "russia", "proceedings": "expulsion"},
            id="expulsion: extradition decision dropped",
        ),
        pytest.param(
            {"location": "russia", "proceedings": "extradition", "extradition_decision": "yes"},
            {"location": "russia", "proceedings": "extradition", "extradition_decision": "yes"},
            id="all on the path: kept",
        ),
    ],
)
def test_relevant_answers_are_those_on_the_path(
    answers: dict[str, str], relevant: dict[str, str]
) -> None:
    assert relevant_answers(answers) == relevant


# A question with several answers.

AT_HISTORY = RETURNED_PATH[: RETURNED_PATH.index("a:history:none")]


def test_ticking_answers_shows_the_question_again_with_them_ticked() -> None:
    outcome = run(*AT_HISTORY, "a:history:tortured", "a:history:crocus_raids")
    (reply,) = outcome.replies
    assert reply.edit, "ticking edits the question in place"
    ask = asked(outcome)
    assert (ask.question.id, ask.selected) == ("history", ("tortured", "crocus_raids"))
    assert "history" not in outcome.state.answers


def test_ticking_again_unticks() -> None:
    outcome = run(
        *AT_HISTORY, "a:history:tortured", "a:history:crocus_raids", "a:history:tortured"
    )
    assert asked(outcome).selected == ("crocus_raids",)


def test_done_records_every_ticked_answer_and_each_counts() -> None:
    outcome = run(
        *AT_HISTORY,
        "a:history:relative_critic",
        "a:history:family_pressure",
        "n:done",
        "a:lawyer:no",
    )
    assert outcome.state.answers["history"] == "family_pressure,relative_critic"
    history = QUESTIONS_BY_ID["history"]
    done = run(*AT_HISTORY, "a:history:relative_critic", "a:history:family_pressure", "n:done")
    chosen = history.chosen("family_pressure,relative_critic")
    assert asked(done).previous == Answered(
        "history", ROWS["history"].label, tuple(option.label for option in chosen)
    )
    assert {"family_pressure", "relative_critic"} <= {r.id for r in result(outcome).reasons}


def test_an_exclusive_answer_answers_at_once_and_drops_the_ticks() -> None:
    outcome = run(*AT_HISTORY, "a:history:tortured", "a:history:dont_know")
    assert outcome.state.answers["history"] == "dont_know"
    assert outcome.state.selected == ()
    assert asked(outcome).question.id == "lawyer"


def test_done_with_nothing_ticked_is_a_stale_button() -> None:
    start = run(*AT_HISTORY)
    outcome = run("n:done", state=start.state)
    assert screens(outcome) == [Notice(NoticeKind.STALE_BUTTON), shown(start)]


def test_back_to_a_question_with_several_answers_shows_them_ticked() -> None:
    outcome = run(*AT_HISTORY, "a:history:tortured", "a:history:crocus_raids", "n:done", BACK)
    ask = asked(outcome)
    assert (ask.question.id, ask.selected) == ("history", ("tortured", "crocus_raids"))


# A day to come: the removal.

AT_REMOVAL_DAY = EXPULSION_PATH[: EXPULSION_PATH.index("d:removal_day:n1")]


@pytest.mark.parametrize(("payload", "days"), [("t0", 0), ("n1", 1)])
def test_the_removal_day_is_today_or_tomorrow(payload: str, days: int) -> None:
    outcome = run(*AT_REMOVAL_DAY, f"d:removal_day:{payload}")
    assert outcome.state.answers["removal_day"] == (TODAY + timedelta(days=days)).isoformat()


def test_the_removal_day_picker_offers_days_to_come() -> None:
    picker = shown(run(*AT_REMOVAL_DAY, "d:removal_day:pick"))
    assert isinstance(picker, PickDay)
    assert picker.days == tuple(TODAY + timedelta(days=n) for n in range(2, 14))


@pytest.mark.parametrize(
    "payload",
    [
        "d:removal_day:t1",
        f"d:removal_day:{(TODAY - timedelta(days=1)).isoformat()}",
        f"d:removal_day:{(TODAY + timedelta(days=61)).isoformat()}",
        "d:extradition_decision_date:n1",
    ],
    ids=["yesterday", "a past day", "over 60 days ahead", "tomorrow for a day received"],
)
def test_days_out_of_reach_are_stale(payload: str) -> None:
    start = run(*(AT_REMOVAL_DAY if "removal" in payload else AT_DATE_QUESTION))
    outcome = run(payload, state=start.state)
    assert outcome.state == start.state
    assert screens(outcome)[0] == Notice(NoticeKind.STALE_BUTTON)


def test_the_result_names_the_removal_day() -> None:
    end = result(run(*EXPULSION_PATH))
    (day,) = [a for a in end.actions if a.id == "removal_day"]
    assert day.params == {"day": TODAY + timedelta(days=1)}


# The lawyer is offered at once: high, urgent, or unclear.

HIGH_PATH = (*LOW_PATH[:-2], "a:history:tortured", "n:done", LOW_PATH[-1])
UNCLEAR_PATH = tuple(
    "a:charges:dont_know" if payload == "a:charges:none" else payload for payload in LOW_PATH
)
MODERATE_PATH = tuple(
    "a:charges:other" if payload == "a:charges:none" else payload for payload in LOW_PATH
)


@pytest.mark.parametrize(
    ("path", "level", "offered"),
    [
        pytest.param(URGENT_PATH, Level.URGENT, True, id="urgent"),
        pytest.param(HIGH_PATH, Level.HIGH, True, id="high"),
        pytest.param(UNCLEAR_PATH, Level.MODERATE, True, id="unclear"),
        pytest.param(MODERATE_PATH, Level.MODERATE, False, id="moderate"),
        pytest.param(LOW_PATH, Level.LOW, False, id="low"),
    ],
)
def test_the_result_asks_at_once_to_share_with_a_lawyer(
    path: tuple[str, ...], level: Level, offered: bool
) -> None:
    outcome = run(*path)
    assert result(outcome).level is level
    assert (screens(outcome)[-1] == Consent(Reader.SELF)) is offered


def test_an_unclear_result_says_so_in_its_summary() -> None:
    end = result(run(*UNCLEAR_PATH))
    assert end.summary is not None
    assert "unclear" in worded(end.summary, None).text


def test_back_in_uzbekistan_the_result_has_its_own_summary_and_no_russian_remedy() -> None:
    end = result(run(*RETURNED_PATH))
    assert end.summary is not None
    assert "already in Uzbekistan" in worded(end.summary, Reader.SELF).text
    ids = [a.id for a in end.actions]
    assert "returned_un_complaint" in ids
    assert not {"apply_for_asylum", "no_rule39_from_russia"} & set(ids)
    assert [t.id for t in end.topics] == ["un_routes", "help_abroad"]


def test_the_engine_takes_any_flow_given_to_it_as_a_value() -> None:
    """A second interview runs on the same engine: its own questions and risk table."""
    yes_no = (Option("yes", N_("yes")), Option("no", N_("no")))
    asked_first = Question("held", N_("Are you held?"), yes_no)
    asked_if_held = Question("where", N_("Where?"), yes_no, ask_if=Is("held", "yes"))
    rule = Rule(Is("where", "yes"), Level.URGENT, Reason("held_there", N_("held there")))
    card = Group(N_("Detention"), (Row("held", N_("Held")), Row("where", N_("Where"))))
    tiny = Flow((asked_first, asked_if_held), (rule,), (), (), (), (card,))
    check(tiny)
    ctx = replace(CTX, flow=tiny)
    state = InterviewState()
    seen: list[Screen] = []
    for payload in (BEGIN, "a:held:yes", "a:where:yes"):
        outcome = handle(state, Pressed(payload), ctx)
        seen += screens(outcome)
        state = outcome.state
    assert [s.question.id for s in seen if isinstance(s, Ask)] == ["held", "where"]
    final = result(outcome)
    assert final.level is Level.URGENT
    assert [reason.id for reason in final.reasons] == ["held_there"]
    assert state.answers == {"held": "yes", "where": "yes"}
