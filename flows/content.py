"""The provenance of the legal content: every statement in ``flows/``, and what is wrong with it.

``boshpana content check`` prints :func:`findings`: statements of law without a source,
sources missing from :data:`flows.sources.DOCUMENTS`, and statements whose ``law_as_of``
is older than the allowed age.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from flows.card import every_step
from flows.checklist import ACTIONS, SELF_HELP, DeadlineAction, plan
from flows.drafts import DRAFT_STATEMENTS
from flows.guidance import TOPICS
from flows.model import Checked, Source
from flows.risk import NO_DANGER_SIGN, RULES, assess
from flows.sources import DOCUMENTS, SourceDocument
from flows.text import Text, worded

DEFAULT_MAX_AGE_DAYS = 365


@dataclass(frozen=True, slots=True)
class Entry:
    """One statement as the check sees it: where it is, its text and its provenance."""

    where: str
    text: str
    sources: tuple[Source, ...]
    advice: bool
    checked: Checked


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem with one statement."""

    where: str
    problem: str

    def __str__(self) -> str:
        return f"{self.where}: {self.problem}"


def entries() -> Iterator[Entry]:
    """Every statement the bot shows a person or a lawyer, or puts in a draft, with its
    provenance."""
    for reason in (*(rule.reason for rule in RULES), NO_DANGER_SIGN):
        text = worded(reason.text, None).text
        yield Entry(f"reason {reason.id}", text, reason.sources, reason.advice, reason.checked)
    for action in (*ACTIONS, *SELF_HELP):
        if isinstance(action, DeadlineAction):
            for part, said in (
                ("running", action.running),
                ("passed", action.passed),
                ("yourself", action.yourself),
            ):
                text = worded(said, None).text
                where = f"action {action.id} ({part})"
                yield Entry(where, text, action.rule.sources, False, action.checked)
        else:
            text = worded(action.text, None).text
            yield Entry(f"action {action.id}", text, action.sources, action.advice, action.checked)
    for step in every_step():
        wordings: tuple[tuple[str, Text], ...] = (("", step.text),)
        if step.passed is not None:
            wordings += ((" (passed)", step.passed),)
        for part, wording in wordings:
            where = f"step {step.id}{part}"
            yield Entry(where, worded(wording, None).text, step.sources, step.advice, step.checked)
    for topic in TOPICS:
        for number, statement in enumerate(topic.statements(), start=1):
            text = worded(statement.text, None).text
            where = f"topic {topic.id} #{number}"
            yield Entry(where, text, statement.sources, statement.advice, statement.checked)
    for where, statement in DRAFT_STATEMENTS:
        text = worded(statement.text, None).text
        yield Entry(f"draft {where}", text, statement.sources, statement.advice, statement.checked)


def findings(checked: Iterable[Entry], today: date, max_age_days: int) -> list[Finding]:
    """What is wrong with ``checked`` on ``today`` if content may be ``max_age_days`` old."""
    oldest = today - timedelta(days=max_age_days)
    found: list[Finding] = []
    for entry in checked:
        if not entry.sources and not entry.advice:
            found.append(Finding(entry.where, f"no source for “{_short(entry.text)}”"))
        found += [
            Finding(entry.where, f"source {source.key} is not in flows/sources.py")
            for source in entry.sources
            if source.key not in DOCUMENTS
        ]
        if entry.checked.law_as_of < oldest:
            age = (today - entry.checked.law_as_of).days
            found.append(
                Finding(
                    entry.where,
                    f"law_as_of {entry.checked.law_as_of.isoformat()} is {age} days old "
                    f"(at most {max_age_days}): check it against its sources again",
                )
            )
    return found


def sources_told(
    answers: Mapping[str, str], today: date
) -> list[tuple[Source, SourceDocument | None]]:
    """The sources of the reasons and actions the person was shown, once each, for lawyers.

    ``answers`` are those on the person's path (``flows.path.relevant_answers``).
    """
    shown = [
        *(source for reason in assess(answers).reasons for source in reason.sources),
        *(source for action in plan(answers, today) for source in action.sources),
    ]
    return [(source, DOCUMENTS.get(source.key)) for source in dict.fromkeys(shown)]


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else f"{text[: limit - 1]}…"
