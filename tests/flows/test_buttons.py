"""Button payloads: every button packs into Telegram's 64 bytes and parses back."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flows.buttons import (
    MAX_BYTES,
    AnswerButton,
    Button,
    DayButton,
    LanguageButton,
    Nav,
    RelativeDay,
    pack,
    parse,
)
from flows.interview import QUESTIONS
from flows.model import QuestionKind


def every_button() -> list[Button]:
    buttons: list[Button] = [*Nav, *(LanguageButton(loc) for loc in ("uz", "uz_Cyrl", "ru", "en"))]
    for question in QUESTIONS:
        buttons += [AnswerButton(question.id, option.id) for option in question.options]
        if question.kind is QuestionKind.DATE:
            buttons += [DayButton(question.id, day) for day in RelativeDay]
            buttons.append(DayButton(question.id, date(2026, 12, 31)))
    return buttons


@pytest.mark.parametrize("button", every_button(), ids=str)
def test_every_button_packs_within_64_bytes_and_parses_back(button: Button) -> None:
    data = pack(button)
    assert len(data.encode()) <= MAX_BYTES
    assert parse(data) == button


@pytest.mark.parametrize(
    "data",
    [
        "",
        "hello",
        ":",
        "a:reader",
        "a:reader:self:extra",
        "d:extradition_decision_date:2026-02-30",
        "d:extradition_decision_date:tomorrow",
        "n:teleport",
        "n:BEGIN",
        "l:ru:extra",
        "x:reader:self",
    ],
)
def test_garbage_parses_to_nothing(data: str) -> None:
    assert parse(data) is None


@given(st.text())
def test_parse_never_raises(data: str) -> None:
    button = parse(data)
    assert button is None or isinstance(button, AnswerButton | DayButton | LanguageButton | Nav)


def test_payload_of_exactly_64_bytes_packs() -> None:
    assert len(pack(AnswerButton("q" * 60, "o")).encode()) == MAX_BYTES


@pytest.mark.parametrize(
    "button",
    [
        AnswerButton("q" * 61, "o"),
        AnswerButton("reader", "ü" * 30),
        DayButton("q" * 60, RelativeDay.PICK),
        LanguageButton("x" * 63),
    ],
    ids=["long question", "multi-byte option", "long date question", "long locale"],
)
def test_payload_over_64_bytes_does_not_pack(button: Button) -> None:
    with pytest.raises(ValueError, match="64 bytes"):
        pack(button)
