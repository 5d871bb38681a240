"""The benchmark's machinery still works: five people, both bots, a few seconds, no timing."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.report import table, verdicts
from bench.run import RunConfig, run


@pytest.mark.parametrize("kind", ["echo", "boshpana"])
async def test_five_people_finish_against_each_bot(kind: str, tmp_path: Path) -> None:
    config = RunConfig(
        kind=kind, people=5, latency=0.01, db="sqlite", urgent_share=0.4, max_seconds=60
    )
    result = await run(config, work_dir=tmp_path)
    assert result.people_finished == 5, result
    assert not result.violations
    assert result.updates >= 5 * 11
    assert len(result.latencies) >= result.updates
    assert result.bot_peak_rss > 0
    if kind == "boshpana":
        assert len(result.card_latencies) == 2, "both urgent people's cases reached a lawyer"
    assert kind in table([result])
    assert verdicts([result]) == []
