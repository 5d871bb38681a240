"""Percentiles, the figures table and the targets of issue 7."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bench.run import RunResult

MB = 1024 * 1024
TARGET_PEOPLE = 1000


def percentile(values: Sequence[float], share: float) -> float:
    """The ``share`` percentile (0-1) of sorted ``values`` (nearest rank); 0 if empty."""
    if not values:
        return 0.0
    rank = max(0, min(len(values) - 1, round(share * len(values) + 0.5) - 1))
    return values[rank]


def ms(seconds: float) -> str:
    """Seconds as whole milliseconds."""
    return f"{seconds * 1000:.0f}"


HEADER = (
    "| db | latency | people | bot | done | updates/s | reply p50/p95/p99 ms | "
    "step p50/p99 ms | peak RSS MB | CPU ms/update | load CPU % | card p50/p99 ms |"
)


def row(result: RunResult) -> str:
    """One line of the figures table (Markdown)."""
    c = result.config
    lat, step = result.latencies, result.step_latencies
    cards = result.card_latencies
    card = (
        f"{ms(percentile(cards, 0.5))}/{ms(percentile(cards, 0.99))}"
        + (f" ({result.cards_missing} missing)" if result.cards_missing else "")
        if c.kind == "boshpana"
        else "-"
    )
    load = 100 * result.load_cpu / result.seconds if result.seconds else 0
    return (
        f"| {c.db} | {ms(c.latency)} ms | {c.people} | {c.kind} | "
        f"{result.people_finished}/{c.people} | {result.updates_per_second:.0f} | "
        f"{ms(percentile(lat, 0.5))}/{ms(percentile(lat, 0.95))}/{ms(percentile(lat, 0.99))} | "
        f"{ms(percentile(step, 0.5))}/{ms(percentile(step, 0.99))} | "
        f"{result.bot_peak_rss / MB:.0f} | {result.cpu_per_update * 1000:.2f} | "
        f"{load:.0f} | {card} |"
    )


def table(results: Sequence[RunResult]) -> str:
    """The figures of every run, Markdown."""
    separator = "|" + "---|" * HEADER.count(" | ") + "---|"
    return "\n".join([HEADER, separator, *(row(r) for r in results)])


@dataclass(frozen=True)
class Verdict:
    """One target: what it asks, what was measured, whether it holds."""

    name: str
    measured: str
    passed: bool

    def __str__(self) -> str:
        return f"{'PASS' if self.passed else 'FAIL'}  {self.name}: {self.measured}"


def _pair(
    results: Sequence[RunResult], db: str, latency: float, people: int
) -> tuple[RunResult, RunResult] | None:
    found = {
        r.config.kind: r
        for r in results
        if r.config.db == db and r.config.latency == latency and r.config.people == people
    }
    if "echo" in found and "boshpana" in found:
        return found["boshpana"], found["echo"]
    return None


def verdicts(results: Sequence[RunResult]) -> list[Verdict]:
    """The targets of issue 7, per database, at 1,000 people (else the largest N run)."""
    out: list[Verdict] = []
    for db in dict.fromkeys(r.config.db for r in results):
        runs = [r for r in results if r.config.db == db]
        people = max(
            (r.config.people for r in runs), key=lambda n: (n == TARGET_PEOPLE, n), default=0
        )
        where = f"{db}, {people} people"
        loopback = _pair(results, db, 0.0, people)
        if loopback:
            b, e = loopback
            ratio = b.updates_per_second / e.updates_per_second if e.updates_per_second else 0
            out.append(
                Verdict(
                    f"loopback throughput ≥ 0.6× echo ({where})",
                    f"{b.updates_per_second:.0f} vs {e.updates_per_second:.0f} "
                    f"updates/s = {ratio:.2f}×",
                    ratio >= 0.6,
                )
            )
            memory = b.bot_peak_rss / e.bot_peak_rss if e.bot_peak_rss else 0
            out.append(
                Verdict(
                    f"loopback peak memory ≤ 1.5× echo ({where})",
                    f"{b.bot_peak_rss / MB:.0f} vs {e.bot_peak_rss / MB:.0f} MB = {memory:.2f}×",
                    memory <= 1.5,
                )
            )
        delayed = next(
            (
                pair
                for latency in sorted({r.config.latency for r in runs if r.config.latency > 0})
                if (pair := _pair(results, db, latency, people))
            ),
            None,
        )
        if delayed:
            b, e = delayed
            lag = f"{ms(b.config.latency)} ms per call"
            out.append(
                Verdict(
                    f"{lag}: ≥ 100 interview steps/s ({where})",
                    f"{b.updates_per_second:.0f} steps/s",
                    b.updates_per_second >= 100,
                )
            )
            p99_b, p99_e = percentile(b.latencies, 0.99), percentile(e.latencies, 0.99)
            out.append(
                Verdict(
                    f"{lag}: reply p99 ≤ 1.5× echo's ({where})",
                    f"{ms(p99_b)} vs {ms(p99_e)} ms = {p99_b / p99_e if p99_e else 0:.2f}×",
                    p99_b <= 1.5 * p99_e,
                )
            )
            step_b, step_e = percentile(b.step_latencies, 0.99), percentile(e.step_latencies, 0.99)
            out.append(
                Verdict(
                    f"{lag}: also, step p99 (until the next buttons) ≤ 1.5× echo's ({where})",
                    f"{ms(step_b)} vs {ms(step_e)} ms = {step_b / step_e if step_e else 0:.2f}×",
                    step_b <= 1.5 * step_e,
                )
            )
            card = percentile(b.card_latencies, 0.99)
            out.append(
                Verdict(
                    f"{lag}: urgent answer → lawyer card p99 < 2 s ({where})",
                    f"{ms(card)} ms over {len(b.card_latencies)} cases"
                    + (f", {b.cards_missing} cards missing" if b.cards_missing else ""),
                    bool(b.card_latencies) and card < 2 and not b.cards_missing,
                )
            )
    return out
