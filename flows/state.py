"""The state of one person's conversation, and its plain-dict form for storage."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from flows.text import Reader

STATE_FORMAT = 1


class Stage(StrEnum):
    """Where the person is in the conversation."""

    WELCOME = "welcome"
    ASKING = "asking"
    RESULT = "result"


@dataclass(frozen=True, slots=True)
class InterviewState:
    """Everything the engine needs to continue a conversation after any pause or restart."""

    locale: str | None = None
    stage: Stage = Stage.WELCOME
    question: str | None = None
    picking_day: bool = False
    answers: Mapping[str, str] = field(default_factory=dict)
    history: tuple[str, ...] = ()
    selected: tuple[str, ...] = ()
    """The options ticked so far on the current question with several answers."""

    @property
    def reader(self) -> Reader | None:
        """Who is answering, once the person said so."""
        answer = self.answers.get("reader")
        return Reader(answer) if answer in {r.value for r in Reader} else None

    def with_answer(self, question: str, answer: str) -> InterviewState:
        """The state after ``answer`` was given to ``question``."""
        answers = {**self.answers, question: answer}
        history = (*self.history, question) if question not in self.history else self.history
        return replace(self, answers=answers, history=history, picking_day=False, selected=())

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of the state."""
        return {
            "format": STATE_FORMAT,
            "locale": self.locale,
            "stage": self.stage.value,
            "question": self.question,
            "picking_day": self.picking_day,
            "answers": dict(self.answers),
            "history": list(self.history),
            "selected": list(self.selected),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> InterviewState:
        """The state stored by :meth:`to_dict` (unknown or damaged data starts afresh)."""
        locale = _str_or_none(data.get("locale"))
        if data.get("format") != STATE_FORMAT:
            return cls(locale=locale)
        try:
            answers = data.get("answers") or {}
            return cls(
                locale=locale,
                stage=Stage(data.get("stage", Stage.WELCOME)),
                question=_str_or_none(data.get("question")),
                picking_day=bool(data.get("picking_day", False)),
                answers={str(k): str(v) for k, v in answers.items()},
                history=tuple(str(q) for q in data.get("history") or ()),
                selected=tuple(str(o) for o in data.get("selected") or ()),
            )
        except (AttributeError, TypeError, ValueError):
            return cls(locale=locale)


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None
