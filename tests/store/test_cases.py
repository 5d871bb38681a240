"""Cases repository: numbers, creation, lookup."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import update

from store import CaseSummary, Database, Keyring
from store import cases as cases_module
from store.cases import CaseNumbersExhaustedError, new_case_number
from store.models import Case, CaseStatus, Urgency
from store.summary import UnknownSummaryVersionError
from tests.store.helpers import summary

NUMBER_FORMAT = re.compile(r"B-[2-9A-HJ-NP-Z]{4}")
SUMMARY = CaseSummary("urgent", {"city": "Moskva"}, "uz_Latn")


def test_numbers_use_an_unambiguous_alphabet() -> None:
    numbers = {new_case_number() for _ in range(2000)}
    assert all(NUMBER_FORMAT.fullmatch(number) for number in numbers)
    assert not set("".join(numbers)) & set("01OI")
    assert len(numbers) > 1990


async def test_create_and_find(db: Database, alice: str) -> None:
    async with db.transaction() as tx:
        case = await tx.cases.create(alice, "urgent", SUMMARY)
    assert NUMBER_FORMAT.fullmatch(case.number)
    assert (case.user_key, case.urgency, case.status, case.summary) == (
        alice,
        Urgency.URGENT,
        CaseStatus.OPEN,
        SUMMARY,
    )
    assert (case.lawyer_id, case.claimed_at, case.closed_at, case.outcome) == (None,) * 4
    assert (case.next_escalation_at, case.escalation_round) == (None, 0)
    async with db.transaction() as tx:
        assert await tx.cases.get_by_number(case.number) == case
        assert await tx.cases.get(case.id) == case
        assert await tx.cases.get_by_number("B-0000") is None
        assert await tx.cases.get(case.id + 1000) is None


async def test_urgency_may_be_unassessed_but_not_unknown(db: Database, alice: str) -> None:
    async with db.transaction() as tx:
        assert (await tx.cases.create(alice, None, summary())).urgency is None
    with pytest.raises(ValueError):
        async with db.transaction() as tx:
            await tx.cases.create(alice, "panic", summary())


async def test_number_collision_is_retried(
    db: Database, alice: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    numbers = iter(["B-AAAA", "B-AAAA", "B-AAAA", "B-BBBB"])
    monkeypatch.setattr(cases_module, "new_case_number", lambda: next(numbers))
    async with db.transaction() as tx:
        first = await tx.cases.create(alice, "high", summary({"n": "1"}))
        second = await tx.cases.create(alice, "low", summary({"n": "2"}))
    assert (first.number, second.number) == ("B-AAAA", "B-BBBB")
    async with db.transaction() as tx:
        found = await tx.cases.get_by_number("B-AAAA")
    assert found is not None
    assert found.summary == summary({"n": "1"})


async def test_running_out_of_numbers_is_an_error(
    db: Database, alice: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cases_module, "new_case_number", lambda: "B-AAAA")
    with pytest.raises(CaseNumbersExhaustedError):
        async with db.transaction() as tx:
            await tx.cases.create(alice, "high", summary())
            await tx.cases.create(alice, "high", summary())


async def test_open_for_returns_the_latest_case_not_closed(
    db: Database, alice: str, keyring: Keyring
) -> None:
    bob = keyring.user_key(42)
    async with db.transaction() as tx:
        assert await tx.cases.open_for(alice) is None
        older = await tx.cases.create(alice, "moderate", summary({"n": "1"}))
        newer = await tx.cases.create(alice, "urgent", summary({"n": "2"}))
        await tx.cases.create(bob, "low", summary({"n": "3"}))
        assert await tx.cases.open_for(alice) == newer
        await tx.session.execute(
            update(Case).where(Case.id == newer.id).values(status=CaseStatus.CLOSED)
        )
        assert await tx.cases.open_for(alice) == older


def test_a_summary_reads_its_own_version_and_the_one_before_and_refuses_a_newer() -> None:
    written = CaseSummary("urgent", {"detention": "detained"}, "ru")
    assert CaseSummary.of(written.to_dict()) == written
    before_versions = {"level": "urgent", "answers": {"detention": "detained"}, "locale": "ru"}
    assert CaseSummary.of(before_versions) == written
    with pytest.raises(UnknownSummaryVersionError):
        CaseSummary.of({"v": 99, "level": "urgent"})
