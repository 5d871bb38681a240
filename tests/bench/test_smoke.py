"""The benchmark's machinery still works: five people, both bots, a few seconds, no timing."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.report import table, verdicts
from bench.run import RunConfig, run


@pytest.mark.parametrize(("kind", "concurrency"), [("echo", 1), ("boshpana", 256)])
async def test_five_people_finish_against_each_bot(
    kind: str, concurrency: int, tmp_path: Path
) -> None:
    config = RunConfig(
        kind=kind,
        people=5,
        latency=0.01,
        db="sqlite",
        urgent_share=0.4,
        max_seconds=60,
        concurrency=concurrency,
        consenting=2 if kind == "boshpana" else 0,
    )
    result = await run(config, work_dir=tmp_path)
    assert result.people_finished == 5, result
    assert not result.violations
    assert result.updates >= 5 * 11
    assert len(result.latencies) >= result.updates
    assert result.bot_peak_rss > 0
    if kind == "boshpana":
        assert len(result.card_latencies) == 4, "every urgent person's case reached a lawyer"
        assert len(result.relay_latencies) == config.consenting, "each wrote to their lawyer"
        assert result.relays_missing == 0
    assert config.label in table([result])
    assert verdicts([result]) == []
