"""The benchmark's two-instance mode: webhooks on one PostgreSQL database, no timing."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.report import instances, table
from bench.run import RunConfig, run
from tests.e2e.databases import POSTGRES_URL_ENV, postgres_url


async def test_five_people_finish_against_two_instances(tmp_path: Path) -> None:
    url = postgres_url()
    if url is None:
        pytest.skip(f"{POSTGRES_URL_ENV} is not set: two instances need a PostgreSQL server")
    config = RunConfig(
        kind="boshpana",
        people=5,
        latency=0.01,
        db="postgres",
        pg_url=url,
        urgent_share=0.4,
        max_seconds=60,
        consenting=2,
        instances=2,
    )
    result = await run(config, work_dir=tmp_path)
    assert result.people_finished == 5, result
    assert not result.violations
    assert result.updates >= 5 * 11
    assert len(result.card_latencies) == 4, "every urgent person's case reached a lawyer"
    assert len(result.relay_latencies) == config.consenting, "each wrote to their lawyer"
    assert len(result.instance_peak_rss) == 2
    assert result.bot_peak_rss == sum(result.instance_peak_rss)
    assert all(posted > 0 for posted in result.instance_posts), "both instances served"
    assert "boshpana×2" in table([result])
    assert "instances: peak RSS" in instances(result)


async def test_several_instances_need_postgres(tmp_path: Path) -> None:
    config = RunConfig(kind="boshpana", people=1, latency=0, db="sqlite", instances=2)
    with pytest.raises(ValueError, match="PostgreSQL"):
        await run(config, work_dir=tmp_path)
