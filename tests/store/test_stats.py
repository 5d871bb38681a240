"""Case counters that outlive purges, and the figures computed from them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select, update

from store import Database, Keyring
from store.models import Case, CaseStats
from store.stats import Figures, WeekFigures, figures, percentile, week_start
from tests.store.helpers import add_lawyers, now, summary


async def stats_rows(db: Database) -> list[tuple[object, ...]]:
    async with db.transaction() as tx:
        rows = await tx.session.execute(
            select(
                CaseStats.opened_on,
                CaseStats.urgency,
                CaseStats.claimed_after_seconds,
                CaseStats.outcome,
                CaseStats.closed_on,
            ).order_by(CaseStats.id)
        )
        return [tuple(row) for row in rows]


async def test_cases_count_themselves_as_they_go(db: Database, alice: str) -> None:
    first, second = await add_lawyers(db, 2)
    today = now().date()
    async with db.transaction() as tx:
        claimed = await tx.cases.create(alice, "urgent", summary())
        untouched = await tx.cases.create(alice, None, summary())
        closed = await tx.cases.create(alice, "low", summary())
        # The case waited 90 seconds before its first claim.
        await tx.session.execute(
            update(Case)
            .where(Case.id == claimed.id)
            .values(created_at=now() - timedelta(seconds=90))
        )
        assert await tx.cases.claim(claimed.id, first)
        await tx.cases.release(claimed.id, now())
        assert await tx.cases.claim(claimed.id, second)  # a second claim counts nothing
        assert await tx.cases.close(closed.id, "resolved")
        assert not await tx.cases.close(closed.id, "again")
    rows = await stats_rows(db)
    assert rows[1] == (today, None, None, None, None)
    assert rows[2] == (today, "low", None, "resolved", today)
    assert rows[0][:2] == (today, "urgent")
    assert rows[0][2] == pytest.approx(90, abs=5)
    assert untouched.id  # created, counted, left alone


async def test_counters_survive_purges_and_erasure(db: Database, alice: str) -> None:
    async with db.transaction() as tx:
        closed = await tx.cases.create(alice, "high", summary())
        await tx.cases.create(alice, "urgent", summary())
        await tx.cases.close(closed.id, "resolved")
    async with db.transaction() as tx:
        assert await tx.cases.purge_closed(now() + timedelta(seconds=1)) == 1
        assert await tx.cases.delete_for(alice) == 1
        assert await tx.session.scalar(select(Case.id)) is None
    today = now().date()
    assert await stats_rows(db) == [
        (today, "high", None, "resolved", today),
        (today, "urgent", None, "erased", today),  # erased before it was closed
    ]


async def test_purge_closed_deletes_only_cases_closed_before_the_cut_off(
    db: Database, alice: str
) -> None:
    (lawyer,) = await add_lawyers(db, 1)
    async with db.transaction() as tx:
        old, recent, open_ = [await tx.cases.create(alice, "high", summary()) for _ in range(3)]
        for case in (old, recent):
            await tx.cases.claim(case.id, lawyer)
            await tx.notes.add(case.id, lawyer, "note")
            await tx.cards.add(case.id, lawyer)
            await tx.relay.link(lawyer, case.id, case.id)
            await tx.outbox.add("notice", 1001, {}, case_id=case.id)
            await tx.cases.close(case.id, "resolved")
        await tx.session.execute(
            update(Case).where(Case.id == old.id).values(closed_at=now() - timedelta(days=91))
        )
    async with db.transaction() as tx:
        assert await tx.cases.purge_closed(now() - timedelta(days=90)) == 1
        assert await tx.cases.purge_closed(now() - timedelta(days=90)) == 0
    async with db.transaction() as tx:
        assert await tx.cases.get(old.id) is None
        assert await tx.notes.for_case(old.id) == []
        assert await tx.cards.for_case(old.id) == []
        assert await tx.relay.case_for(lawyer, old.id) is None
        assert await tx.cases.get(recent.id) is not None
        assert await tx.cases.get(open_.id) is not None
        items = await tx.outbox.claim_due(now() + timedelta(seconds=1))
    assert [item.case_id for item in items] == [recent.id]


async def plant(
    db: Database, keyring: Keyring, rows: list[tuple[date, str | None, int | None]]
) -> None:
    """Cases opened on the given days, claimed after the given seconds (or not)."""
    (lawyer,) = await add_lawyers(db, 1)
    async with db.transaction() as tx:
        for n, (opened_on, urgency, claimed_after) in enumerate(rows):
            case = await tx.cases.create(keyring.user_key(n), urgency, summary())
            if claimed_after is not None:
                await tx.cases.claim(case.id, lawyer)
            stats_id = await tx.session.scalar(select(Case.stats_id).where(Case.id == case.id))
            await tx.session.execute(
                update(CaseStats)
                .where(CaseStats.id == stats_id)
                .values(opened_on=opened_on, claimed_after_seconds=claimed_after)
            )


async def test_figures_by_week_and_claim_times(db: Database, keyring: Keyring) -> None:
    monday = date(2026, 11, 30)
    waits = [10, 20, 30, 40, 50, 60, 70, 80, 90, 1000]
    await plant(
        db,
        keyring,
        [
            (monday - timedelta(days=1), "urgent", 5),  # the Sunday before: before `since`
            *((monday + timedelta(days=n % 7), "urgent", wait) for n, wait in enumerate(waits)),
            (monday + timedelta(days=2), None, None),
            (monday + timedelta(days=3), "low", None),
            (monday + timedelta(days=8), "high", None),
            (monday + timedelta(days=9), "urgent", None),
        ],
    )
    async with db.transaction() as tx:
        lawyer = await tx.lawyers.add(2001, "On duty", "ru", False)
        await tx.lawyers.set_on_duty(lawyer.id, True)
        await tx.lawyers.set_reachable(lawyer.id, True)
        away = await tx.lawyers.add(2002, "Unreachable", "ru", False)
        await tx.lawyers.set_on_duty(away.id, True)
        result = await figures(tx, monday)
    next_monday = monday + timedelta(days=7)
    assert result.by_week == [
        WeekFigures(monday, "urgent", 10),
        WeekFigures(monday, "low", 1),
        WeekFigures(monday, None, 1),
        WeekFigures(next_monday, "urgent", 1),
        WeekFigures(next_monday, "high", 1),
    ]
    assert result.claim_median_seconds == 55.0  # between 50 and 60
    assert result.claim_p90_seconds == pytest.approx(181.0)  # 90 + 0.1 * (1000 - 90)
    assert (result.unclaimed_now, result.active_lawyers) == (4, 1)


async def test_figures_without_cases(db: Database) -> None:
    async with db.transaction() as tx:
        assert await figures(tx, date(2026, 1, 1)) == Figures([], None, None, 0, 0)


@pytest.mark.parametrize(
    ("values", "fraction", "expected"),
    [
        ([], 0.5, None),
        ([7], 0.9, 7),
        ([1, 2], 0.5, 1.5),
        ([3, 1, 2], 0.5, 2),
        ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9, 9.1),
    ],
)
def test_percentile_interpolates_between_ranks(
    values: list[float], fraction: float, expected: float | None
) -> None:
    assert percentile(values, fraction) == pytest.approx(expected)


def test_weeks_start_on_monday() -> None:
    assert week_start(date(2026, 12, 6)) == date(2026, 11, 30)  # a Sunday
    assert week_start(date(2026, 11, 30)) == date(2026, 11, 30)


async def test_team_figures_first_messages_deadlines_and_cases_per_lawyer(
    db: Database, alice: str
) -> None:
    first, second = await add_lawyers(db, 2)
    today = now().date()
    async with db.transaction() as tx:
        written = await tx.cases.create(alice, "urgent", summary())
        await tx.session.execute(
            update(Case)
            .where(Case.id == written.id)
            .values(created_at=now() - timedelta(seconds=120))
        )
        await tx.cases.set_deadline(written.id, today + timedelta(days=3))
        assert await tx.cases.claim(written.id, first)
        await tx.cases.first_message(written.id)
        await tx.cases.first_message(written.id)  # only the first counts
        silent = await tx.cases.create(alice, "urgent", summary())
        await tx.cases.set_deadline(silent.id, today - timedelta(days=1))  # passed, no word
        assert await tx.cases.claim(silent.id, second)
        waiting = await tx.cases.create(alice, "high", summary())
        await tx.cases.set_deadline(waiting.id, today + timedelta(days=5))  # still running
        result = await figures(tx, week_start(today))
    assert result.first_message_median_seconds == pytest.approx(120, abs=5)
    assert (result.deadlines_met, result.deadlines_missed) == (1, 1)
    assert sorted((row.lawyer_id, row.taken) for row in result.taken_by_lawyer) == [
        (first, 1),
        (second, 1),
    ]
    assert {row.week_start for row in result.taken_by_lawyer} == {week_start(today)}
    assert waiting.id
