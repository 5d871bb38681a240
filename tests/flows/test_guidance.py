"""Guidance topics: sourced, linked, reachable, and navigated without losing the interview."""

from __future__ import annotations

from datetime import date

import pytest

from flows import samples
from flows.buttons import MAX_BYTES, Nav, Origin, TopicButton, pack, parse
from flows.checklist import ACTIONS
from flows.engine import Outcome, handle
from flows.events import Command, Context, Event, Pressed, Said
from flows.guidance import TOPICS, TOPICS_BY_ID, WHERE_TO_GET_HELP, Topic, result_topics
from flows.screens import Ask, Guidance, Help, Notice, NoticeKind, Result, Screen
from flows.sources import DOCUMENTS
from flows.state import InterviewState, Stage
from flows.text import worded

TODAY = date(2026, 11, 27)
CTX = Context(TODAY, frozenset({"en", "ru"}))
URGENT_PATH = ("n:begin", *samples.payloads(samples.URGENT))
TOPIC_IDS = [topic.id for topic in TOPICS]


def play(*events: Event | str, state: InterviewState | None = None) -> list[Outcome]:
    """The outcome of each event (strings are button payloads), from ``state`` or a new chat."""
    state = state or InterviewState()
    outcomes = []
    for event in events:
        outcome = handle(state, Pressed(event) if isinstance(event, str) else event, CTX)
        outcomes.append(outcome)
        state = outcome.state
    return outcomes


def only(outcome: Outcome) -> Screen:
    """The single screen of ``outcome``, shown in place of the pressed message."""
    (reply,) = outcome.replies
    assert reply.edit
    return reply.screen


def words(topic: Topic) -> str:
    """The English text of ``topic``'s statements, as the person reads them."""
    return " ".join(worded(statement.text, None).text for statement in topic.statements())


def opened(topic: str, origin: Origin = Origin.CURRENT) -> str:
    return pack(TopicButton(topic, origin))


# Content.


@pytest.mark.parametrize("topic", TOPICS, ids=TOPIC_IDS)
def test_every_statement_has_a_known_source_or_is_advice(topic: Topic) -> None:
    for statement in topic.statements():
        assert statement.sources or statement.advice, statement.text
        assert {source.key for source in statement.sources} <= DOCUMENTS.keys()


def test_the_rule39_topic_says_it_cannot_stop_a_removal_from_russia() -> None:
    texts = words(TOPICS_BY_ID["rule39"])
    assert "16 September 2022" in texts
    assert "cannot stop a removal from Russia" in texts


def test_the_rule39_checklist_has_the_one_working_day_warning_and_the_hours() -> None:
    texts = words(TOPICS_BY_ID["rule39_request"])
    assert "less than one working day" in texts
    assert "08:00–16:00 Strasbourg time" in texts
    assert "email are not dealt with" in texts


# Links and reachability.


def test_links_name_existing_topics_and_every_topic_is_linked_from_the_result_or_a_topic() -> None:
    linked = {action.topic for action in ACTIONS if action.topic} | set(WHERE_TO_GET_HELP)
    linked |= {related for topic in TOPICS for related in topic.related}
    assert linked == set(TOPIC_IDS)


def test_help_offers_every_topic() -> None:
    help_screen = play(Said(Command.HELP))[0].replies[0].screen
    assert help_screen == Help(TOPICS)


@pytest.mark.parametrize("topic", TOPIC_IDS)
@pytest.mark.parametrize("origin", list(Origin))
def test_topic_buttons_fit_64_bytes_and_parse_back(topic: str, origin: Origin) -> None:
    data = opened(topic, origin)
    assert len(data.encode()) <= MAX_BYTES
    assert parse(data) == TopicButton(topic, origin)


def test_result_offers_the_topics_its_checklist_links_then_where_to_get_help() -> None:
    end = play(*URGENT_PATH)[-1]
    result = next(r.screen for r in end.replies if isinstance(r.screen, Result))
    assert [t.id for t in result.topics] == [
        "extradition",
        "detention",
        "asylum",
        "un_routes",
        "help_contacts",
    ]


def test_result_topics_are_unique_in_order_and_fit_the_place() -> None:
    in_russia = {"location": "russia"}
    topics = result_topics(["detention", None, "rule39", "detention"], in_russia)
    assert [t.id for t in topics] == ["detention", "help_contacts"], "no Rule 39 from Russia"
    in_turkey = {"location": "other_country", "country": "turkey"}
    topics = result_topics(["detention", None, "rule39", "detention"], in_turkey)
    assert [t.id for t in topics] == ["detention", "rule39", "help_abroad"]


# Navigation.


def test_result_topic_related_back_returns_to_the_result() -> None:
    *_, end = play(*URGENT_PATH)
    state = end.state
    topic, deeper, back = play(
        opened("extradition"), opened("asylum"), pack(Nav.RESUME), state=state
    )
    assert only(topic) == Guidance(TOPICS_BY_ID["extradition"], Origin.CURRENT)
    assert only(deeper) == Guidance(TOPICS_BY_ID["asylum"], Origin.CURRENT)
    assert isinstance(only(back), Result)
    assert back.state == state


def test_topic_mid_interview_keeps_the_answers_and_returns_to_the_same_question() -> None:
    state = play(*URGENT_PATH[:5])[-1].state
    assert (state.stage, state.question) == (Stage.ASKING, "extradition_decision")
    outcomes = play(
        Said(Command.HELP),
        opened("rule39", Origin.MENU),
        opened("un_routes", Origin.MENU),
        pack(Nav.TOPICS),
        opened("detention", Origin.CURRENT),
        pack(Nav.RESUME),
        "a:extradition_decision:yes",
        state=state,
    )
    assert [o.state.answers for o in outcomes[:-1]] == [state.answers] * 6
    assert only(outcomes[3]) == Help(TOPICS)
    back = only(outcomes[5])
    assert isinstance(back, Ask)
    assert back.question.id == "extradition_decision"
    assert outcomes[-1].state.answers["extradition_decision"] == "yes"


def test_an_unknown_topic_is_a_stale_button() -> None:
    outcome = play("g:no_such_topic:c")[0]
    assert outcome.replies[0].screen == Notice(NoticeKind.STALE_BUTTON)
    assert parse("g:rule39:x") is None
