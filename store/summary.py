"""A case's summary: what the interview said when the person asked for a lawyer.

Stored encrypted as versioned JSON (``{"v": 1, ...}``); summaries written before there was
a version (``v`` missing: version 0, the same fields) read the same. A summary of a later
version than this code knows is refused rather than misread.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

VERSION = 1
DEFAULT_LOCALE = "en"


class UnknownSummaryVersionError(ValueError):
    """A summary written by a newer version of Boshpana."""


@dataclass(frozen=True)
class CaseSummary:
    """The risk level (``None``: not assessed), the answers and the client's language."""

    level: str | None
    answers: Mapping[str, str] = field(default_factory=dict)
    locale: str = DEFAULT_LOCALE

    def to_dict(self) -> dict[str, Any]:
        """As stored."""
        return {
            "v": VERSION,
            "level": self.level,
            "answers": dict(self.answers),
            "locale": self.locale,
        }

    @classmethod
    def of(cls, stored: Mapping[str, Any]) -> CaseSummary:
        """The summary ``stored`` holds (any version up to this one)."""
        version = stored.get("v", 0)
        if not isinstance(version, int) or version > VERSION:
            raise UnknownSummaryVersionError(f"case summary version {version!r}")
        answers = stored.get("answers") or {}
        level = stored.get("level")
        return cls(
            level=str(level) if level is not None else None,
            answers={str(question): str(answer) for question, answer in answers.items()},
            locale=str(stored.get("locale") or DEFAULT_LOCALE),
        )
