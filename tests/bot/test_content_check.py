"""``boshpana content check``: the shipped content passes; gaps in provenance are reported."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, timedelta

import pytest

from bot.cli import content_check
from bot.cli.main import main
from flows.content import Entry, entries, findings, sources_told
from flows.model import Checked, Source
from flows.sources import LAW_AS_OF

TODAY = LAW_AS_OF + timedelta(days=30)
SOURCED = Entry(
    "topic t #1", "A sourced statement.", (Source("S27", "art. 463"),), False, Checked()
)


def test_the_shipped_content_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["content", "check"]) == 0
    assert "statements, each with a source" in capsys.readouterr().out


def test_every_reason_action_step_topic_and_draft_statement_is_checked() -> None:
    kinds = {entry.where.split()[0] for entry in entries()}
    assert kinds == {"reason", "action", "step", "topic", "draft"}


def test_a_statement_without_a_source_is_reported() -> None:
    unsourced = replace(SOURCED, sources=())
    assert [str(f) for f in findings([unsourced], TODAY, 365)] == [
        "topic t #1: no source for “A sourced statement.”"
    ]


def test_advice_needs_no_source() -> None:
    assert findings([replace(SOURCED, sources=(), advice=True)], TODAY, 365) == []


def test_a_source_missing_from_the_documents_is_reported() -> None:
    unknown = replace(SOURCED, sources=(Source("S999", "nowhere"),))
    assert [f.problem for f in findings([unknown], TODAY, 365)] == [
        "source S999 is not in flows/sources.py"
    ]


def test_a_statement_checked_too_long_ago_is_reported() -> None:
    stale = replace(SOURCED, checked=Checked(law_as_of=date(2025, 1, 1)))
    (finding,) = findings([stale], date(2026, 1, 2), 365)
    assert finding.problem.startswith("law_as_of 2025-01-01 is 366 days old (at most 365)")
    assert findings([stale], date(2026, 1, 1), 365) == []


def test_the_command_fails_with_a_clear_report_when_content_is_stale() -> None:
    out = io.StringIO()
    assert content_check.run(LAW_AS_OF + timedelta(days=11), 10, out) == 1
    report = out.getvalue()
    assert report.startswith("content check: ")
    assert "action appeal_extradition (running): law_as_of" in report
    assert "11 days old (at most 10)" in report


def test_lawyers_can_list_the_sources_of_what_the_person_was_told() -> None:
    answers = {
        "location": "russia",
        "proceedings": "extradition",
        "extradition_decision": "yes",
        "extradition_decision_date": "2026-11-24",
    }
    told = sources_told(answers, LAW_AS_OF)
    assert "S27" in {source.key for source, _ in told}
    assert len(told) == len(set(told))
    assert all(document is not None for _, document in told)
