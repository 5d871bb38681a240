"""Percentiles, the figures tables (each run; medians over rounds) and the targets of issue 17."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median

from bench.run import RunConfig, RunResult

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
    "step p50/p99 ms | peak RSS MB | CPU ms/update | load CPU % | card p50/p99 ms | "
    "relay p50/p99 ms |"
)


def _spread(latencies: Sequence[float], missing: int) -> str:
    """p50/p99 in ms, and how many are missing (if any)."""
    figures = f"{ms(percentile(latencies, 0.5))}/{ms(percentile(latencies, 0.99))}"
    return figures + (f" ({missing} missing)" if missing else "")


def row(result: RunResult) -> str:
    """One line of the figures table (Markdown)."""
    c = result.config
    lat, step = result.latencies, result.step_latencies
    boshpana = c.kind == "boshpana"
    card = _spread(result.card_latencies, result.cards_missing) if boshpana else "-"
    relay = _spread(result.relay_latencies, result.relays_missing) if boshpana else "-"
    load = 100 * result.load_cpu / result.seconds if result.seconds else 0
    return (
        f"| {c.db} | {ms(c.latency)} ms | {c.people} | {c.label} | "
        f"{result.people_finished}/{c.people} | {result.updates_per_second:.0f} | "
        f"{ms(percentile(lat, 0.5))}/{ms(percentile(lat, 0.95))}/{ms(percentile(lat, 0.99))} | "
        f"{ms(percentile(step, 0.5))}/{ms(percentile(step, 0.99))} | "
        f"{result.bot_peak_rss / MB:.0f} | {result.cpu_per_update * 1000:.2f} | "
        f"{load:.0f} | {card} | {relay} |"
    )


def instances(result: RunResult) -> str:
    """Each instance's peak RSS and the updates posted to it (several instances)."""
    peaks = "/".join(f"{peak / MB:.0f}" for peak in result.instance_peak_rss)
    posts = "/".join(str(posted) for posted in result.instance_posts)
    total = result.bot_peak_rss / MB
    return f"instances: peak RSS {peaks} MB (sum {total:.0f}), updates posted {posts}"


def table(results: Sequence[RunResult]) -> str:
    """The figures of every run, Markdown."""
    separator = "|" + "---|" * HEADER.count(" | ") + "---|"
    return "\n".join([HEADER, separator, *(row(r) for r in results)])


@dataclass(frozen=True)
class Summary:
    """One bot under one load, over every round: medians of each round's figures (card
    and relay latencies pooled over the rounds)."""

    config: RunConfig
    rounds: int
    updates_per_second: float
    reply_p99: float
    step_p50: float
    step_p99: float
    peak_rss: float
    ready_rss: float
    cpu_per_update: float
    finished: float
    cards: tuple[float, ...]
    cards_missing: int
    relays: tuple[float, ...]
    relays_missing: int


def summarise(results: Sequence[RunResult]) -> list[Summary]:
    """One summary per database, latency, people and bot, in the order first run."""
    groups: dict[tuple[str, float, int, str], list[RunResult]] = {}
    for r in results:
        groups.setdefault((r.config.db, r.config.latency, r.config.people, r.config.label), [])
        groups[r.config.db, r.config.latency, r.config.people, r.config.label].append(r)
    return [
        Summary(
            config=runs[0].config,
            rounds=len(runs),
            updates_per_second=median(r.updates_per_second for r in runs),
            reply_p99=median(percentile(r.latencies, 0.99) for r in runs),
            step_p50=median(percentile(r.step_latencies, 0.5) for r in runs),
            step_p99=median(percentile(r.step_latencies, 0.99) for r in runs),
            peak_rss=median(r.bot_peak_rss for r in runs),
            ready_rss=median(r.bot_rss_ready for r in runs),
            cpu_per_update=median(r.cpu_per_update for r in runs),
            finished=median(r.people_finished for r in runs),
            cards=tuple(sorted(c for r in runs for c in r.card_latencies)),
            cards_missing=sum(r.cards_missing for r in runs),
            relays=tuple(sorted(c for r in runs for c in r.relay_latencies)),
            relays_missing=sum(r.relays_missing for r in runs),
        )
        for runs in groups.values()
    ]


SUMMARY_HEADER = (
    "| db | latency | people | bot | rounds | done | updates/s | step p50/p99 ms | "
    "reply p99 ms | idle/peak RSS MB | CPU ms/update | card p50/p99 ms (n) | "
    "relay p50/p99 ms (n) |"
)


def _pooled(kind: str, latencies: Sequence[float], missing: int) -> str:
    """p50/p99 in ms (n), and how many are missing; ``-`` when nothing was expected."""
    if kind != "boshpana" or not (latencies or missing):
        return "-"
    figures = f"{ms(percentile(latencies, 0.5))}/{ms(percentile(latencies, 0.99))}"
    return f"{figures} ({len(latencies)})" + (f", {missing} missing" if missing else "")


def summary_table(summaries: Sequence[Summary]) -> str:
    """The medians of every bot and load, Markdown."""
    lines = [SUMMARY_HEADER, "|" + "---|" * SUMMARY_HEADER.count(" | ") + "---|"]
    for s in summaries:
        c = s.config
        card = _pooled(c.kind, s.cards, s.cards_missing)
        relay = _pooled(c.kind, s.relays, s.relays_missing)
        lines.append(
            f"| {c.db} | {ms(c.latency)} ms | {c.people} | {c.label} | {s.rounds} | "
            f"{s.finished:.0f}/{c.people} | {s.updates_per_second:.1f} | "
            f"{ms(s.step_p50)}/{ms(s.step_p99)} | {ms(s.reply_p99)} | "
            f"{s.ready_rss / MB:.0f}/{s.peak_rss / MB:.0f} | {s.cpu_per_update * 1000:.2f} | "
            f"{card} | {relay} |"
        )
    return "\n".join(lines)


@dataclass(frozen=True)
class Verdict:
    """One target: what it asks, what was measured, whether it holds."""

    name: str
    measured: str
    passed: bool

    def __str__(self) -> str:
        return f"{'PASS' if self.passed else 'FAIL'}  {self.name}: {self.measured}"


def _against_best_floor(
    summaries: Sequence[Summary], db: str, latency: float, people: int
) -> tuple[Summary, Summary] | None:
    """Boshpana and the fastest echo floor (most updates/s) under the same load."""
    same = [
        s
        for s in summaries
        if (s.config.db, s.config.latency, s.config.people) == (db, latency, people)
    ]
    floors = [s for s in same if s.config.kind == "echo"]
    product = next((s for s in same if s.config.kind == "boshpana"), None)
    if product is None or not floors:
        return None
    return product, max(floors, key=lambda s: s.updates_per_second)


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def verdicts(results: Sequence[RunResult]) -> list[Verdict]:
    """The targets of issue 17 against the best echo floor, per database, at 1,000 people
    (else the largest number run)."""
    summaries = summarise(results)
    out: list[Verdict] = []
    for db in dict.fromkeys(s.config.db for s in summaries):
        runs = [s for s in summaries if s.config.db == db]
        people = max(
            (s.config.people for s in runs), key=lambda n: (n == TARGET_PEOPLE, n), default=0
        )
        label = next((s.config.label for s in runs if s.config.kind == "boshpana"), "boshpana")
        where = f"{db}, {people} people" + (f", {label}" if label != "boshpana" else "")
        loopback = _against_best_floor(summaries, db, 0.0, people)
        if loopback:
            b, e = loopback
            vs = f"vs {e.config.label}"
            ratio = _ratio(b.updates_per_second, e.updates_per_second)
            cpu = _ratio(b.cpu_per_update, e.cpu_per_update)
            peak, idle = _ratio(b.peak_rss, e.peak_rss), _ratio(b.ready_rss, e.ready_rss)
            out += [
                Verdict(
                    f"loopback: updates/s ≥ 0.6× the best floor ({where})",
                    f"{b.updates_per_second:.1f} {vs} {e.updates_per_second:.1f} = {ratio:.2f}×",
                    ratio >= 0.6,
                ),
                Verdict(
                    f"loopback: CPU per update ≤ 2× the floor's ({where})",
                    f"{b.cpu_per_update * 1000:.1f} {vs} {e.cpu_per_update * 1000:.1f} ms "
                    f"= {cpu:.2f}×",
                    0 < cpu <= 2,
                ),
                Verdict(
                    f"loopback: peak RSS ≤ 1.5× the floor's ({where})",
                    f"{b.peak_rss / MB:.0f} {vs} {e.peak_rss / MB:.0f} MB = {peak:.2f}×",
                    0 < peak <= 1.5,
                ),
                Verdict(
                    f"idle RSS ≤ 1.3× the floor's ({where})",
                    f"{b.ready_rss / MB:.0f} {vs} {e.ready_rss / MB:.0f} MB = {idle:.2f}×",
                    0 < idle <= 1.3,
                ),
            ]
        latencies = sorted({s.config.latency for s in runs if s.config.latency > 0})
        delayed = next(
            (p for lat in latencies if (p := _against_best_floor(summaries, db, lat, people))),
            None,
        )
        if delayed:
            b, e = delayed
            lag = f"{ms(b.config.latency)} ms per call"
            step = _ratio(b.step_p99, e.step_p99)
            card = percentile(b.cards, 0.99)
            relay = percentile(b.relays, 0.99)
            out += [
                Verdict(
                    f"{lag}: ≥ 100 interview steps/s ({where})",
                    f"{b.updates_per_second:.1f} steps/s",
                    b.updates_per_second >= 100,
                ),
                Verdict(
                    f"{lag}: step p99 ≤ 1.5× the floor's ({where})",
                    f"{ms(b.step_p99)} vs {e.config.label} {ms(e.step_p99)} ms = {step:.2f}×",
                    0 < step <= 1.5,
                ),
                Verdict(
                    f"{lag}: consent → lawyer card p99 ≤ 2 s, mid-load ({where})",
                    f"{ms(card)} ms over {len(b.cards)} cards"
                    + (f", {b.cards_missing} missing" if b.cards_missing else ""),
                    bool(b.cards) and card <= 2 and not b.cards_missing,
                ),
                Verdict(
                    f"{lag}: client → lawyer relay p99 ≤ 2 s, mid-load ({where})",
                    f"{ms(relay)} ms over {len(b.relays)} relays"
                    + (f", {b.relays_missing} missing" if b.relays_missing else ""),
                    bool(b.relays) and relay <= 2 and not b.relays_missing,
                ),
            ]
    return out
