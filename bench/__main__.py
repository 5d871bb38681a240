"""``python -m bench``: Boshpana and the echo floors, alternating, under the same load.

Example: ``python -m bench --people 1000 --latency 0 0.05 --rounds 3 --db sqlite``. Each
round runs Boshpana and every echo floor (``--echo-concurrency``: 1 is PTB's default, one
update after another; 256 is ``concurrent_updates(True)``), in turn, the order reversed
every other round; the verdicts compare Boshpana's medians with the fastest floor's.
``--instances 2 --db postgres`` runs Boshpana as two webhook instances on one database.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import platform
import sys
from dataclasses import asdict
from pathlib import Path

from bench.report import (
    instances,
    percentile,
    row,
    summarise,
    summary_table,
    table,
    verdicts,
)
from bench.run import RunConfig, RunResult, run


def machine() -> str:
    """nproc, CPU model, RAM and Python version of this machine."""
    model = "?"
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as meminfo:
        total_kb = int(meminfo.readline().split()[1])
    return (
        f"{os.cpu_count()} CPUs ({model}), {total_kb / 1024 / 1024:.1f} GiB RAM, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def parse(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--people", type=int, nargs="+", default=[200, 1000])
    parser.add_argument(
        "--latency", type=float, nargs="+", default=[0.0, 0.05], help="seconds per Bot API call"
    )
    parser.add_argument("--db", nargs="+", choices=("sqlite", "postgres"), default=["sqlite"])
    parser.add_argument("--bots", nargs="+", choices=("echo", "boshpana"), default=None)
    parser.add_argument("--pg-url", default=RunConfig.pg_url, help="server to create dbs on")
    parser.add_argument("--urgent-share", type=float, default=0.0, help="urgent in the load")
    parser.add_argument(
        "--consenting", type=int, default=20, help="people who consent mid-load (card latency)"
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--echo-concurrency",
        type=int,
        nargs="+",
        default=[1, 8, 16, 32],
        help="echo floors to run: updates at a time (1: PTB's default, 256: True)",
    )
    parser.add_argument("--lawyers", type=int, default=2, choices=(1, 2))
    parser.add_argument(
        "--instances",
        type=int,
        default=1,
        help="Boshpana as this many webhook instances behind a balancer (needs --db postgres)",
    )
    parser.add_argument("--max-seconds", type=float, default=150.0, help="load cap per run")
    parser.add_argument(
        "--experiment",
        action="append",
        default=[],
        help="try a change on Boshpana: sniffio, pool=N",
    )
    parser.add_argument(
        "--echo-experiment",
        action="append",
        default=[],
        help="the same for the echo floor (sniffio, pool=N)",
    )
    parser.add_argument("--json", type=Path, help="also write every figure here")
    parser.add_argument("--profile-dir", type=Path, help="cProfile each bot process into here")
    args = parser.parse_args(argv)
    if args.instances < 1:
        parser.error("--instances must be at least 1")
    if args.instances > 1 and args.db != ["postgres"]:
        parser.error("--instances above 1 needs --db postgres (one database for all of them)")
    return args


def bots(args: argparse.Namespace) -> list[tuple[str, int]]:
    """The bots of one round: (kind, echo concurrency)."""
    kinds = args.bots or ["boshpana", "echo"]
    return [
        (kind, concurrency)
        for kind in kinds
        for concurrency in (args.echo_concurrency if kind == "echo" else [0])
    ]


async def main_async(args: argparse.Namespace) -> list[RunResult]:
    """Every combination, each round every bot in turn (reversed every other round)."""
    results: list[RunResult] = []
    for db in args.db:
        for latency in args.latency:
            for people in args.people:
                for round_number in range(args.rounds):
                    turn = bots(args)
                    for kind, concurrency in turn if round_number % 2 == 0 else turn[::-1]:
                        config = RunConfig(
                            kind=kind,
                            people=people,
                            latency=latency,
                            db=db,
                            pg_url=args.pg_url,
                            urgent_share=args.urgent_share,
                            lawyers=args.lawyers,
                            max_seconds=args.max_seconds,
                            experiments=tuple(args.experiment),
                            echo_experiments=tuple(args.echo_experiment),
                            profile_dir=args.profile_dir,
                            concurrency=concurrency or 256,
                            consenting=args.consenting if kind == "boshpana" else 0,
                            instances=args.instances if kind == "boshpana" else 1,
                        )
                        result = await run(config)
                        results.append(result)
                        print(row(result), flush=True)
                        for violation in result.violations[:3]:
                            print(f"   ! emulator saw: {violation}", flush=True)
                        print(f"   bot CPU s by thread: {result.threads}", flush=True)
                        if result.instance_peak_rss:
                            print(f"   {instances(result)}", flush=True)
                        if result.errors:
                            print(f"   ! {result.errors} people did not finish", flush=True)
    return results


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    args = parse(argv)
    # A bot stopped at the end of a capped run drops its open requests: not worth a traceback.
    logging.getLogger("aiohttp.server").setLevel(logging.CRITICAL)
    print(machine(), flush=True)
    results = asyncio.run(main_async(args))
    print()
    print(table(results))
    print()
    print(summary_table(summarise(results)))
    print()
    outcome = verdicts(results)
    for verdict in outcome:
        print(verdict)
    if args.json:
        figures = [
            {
                **asdict(r.config),
                "label": r.config.label,
                "idle_rss": r.bot_rss_ready,
                "updates_per_second": r.updates_per_second,
                "p50": percentile(r.latencies, 0.5),
                "p95": percentile(r.latencies, 0.95),
                "p99": percentile(r.latencies, 0.99),
                "card_p50": percentile(r.card_latencies, 0.5),
                "card_p99": percentile(r.card_latencies, 0.99),
                "cards": len(r.card_latencies),
                "cards_missing": r.cards_missing,
                "relay_p50": percentile(r.relay_latencies, 0.5),
                "relay_p99": percentile(r.relay_latencies, 0.99),
                "relays": len(r.relay_latencies),
                "relays_missing": r.relays_missing,
                "peak_rss": r.bot_peak_rss,
                "instance_peak_rss": r.instance_peak_rss,
                "instance_posts": r.instance_posts,
                "cpu_per_update": r.cpu_per_update,
                "people_finished": r.people_finished,
            }
            for r in results
        ]
        args.json.write_text(json.dumps({"machine": machine(), "runs": figures}, indent=1))
    sys.exit(0 if all(v.passed for v in outcome) else 1)


if __name__ == "__main__":
    main()
