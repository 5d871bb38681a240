"""One measured run: the emulator and N people here, the bot in child processes.

One process polls (Boshpana or an echo floor), or several Boshpana instances serve
webhooks on one PostgreSQL database behind a round-robin balancer in this process.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import resource
import secrets
import signal
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

from bench.balancer import RoundRobin, free_port
from bench.people import (
    LOW_STEPS,
    URGENT_STEPS,
    Observer,
    Outcome,
    Step,
    echo_session,
    interview,
    take_cases,
    write_to_lawyer,
)
from emulator import BotApiEmulator, SimUser

TOKEN = "123456:BENCH-TOKEN"
LAWYER_IDS = (900_001, 900_002)
FIRST_PERSON_ID = 1_000_000
READY_TIMEOUT = 60.0
CARD_GRACE = 10.0
"""How long after the load the bench waits for missing cards, and then for missing relays."""
CONSENT_AFTER = 1 / 3
"""When the consenting people press Consent: this share of the load cap after it started."""
FIRST_CONSENTING_ID = 2_000_000
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class RunConfig:
    """What to run: which bot, how many people, added latency, which database."""

    kind: str  # "boshpana" or "echo"
    people: int
    latency: float
    db: str  # "sqlite" or "postgres"
    pg_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
    urgent_share: float = 0.1
    lawyers: int = 2
    max_seconds: float = 150.0
    experiments: tuple[str, ...] = ()
    """Changes tried on Boshpana's process (see :mod:`bench.experiments`)."""
    echo_experiments: tuple[str, ...] = ()
    """Changes tried on the echo floor's process (e.g. ``sniffio``, ``pool=N``)."""
    seed: int = 7
    profile_dir: Path | None = None
    """Write a cProfile of the bot process here (``<kind>-<db>-<latency>-<people>.prof``)."""
    concurrency: int = 256
    """The echo floor's updates at a time: 256 is PTB's ``concurrent_updates(True)``, 1 its
    default (one after the other)."""
    consenting: int = 0
    """Boshpana: people beside the load who answer every question before it starts, then
    press Consent together once it runs (:data:`CONSENT_AFTER` of the cap): their cards'
    latency is measured while everyone else is mid-interview."""
    instances: int = 1
    """Boshpana: more than 1 runs that many webhook instances on one PostgreSQL database
    behind a round-robin balancer (1: one process, long polling)."""

    @property
    def label(self) -> str:
        """The bot as the table names it: ``boshpana``, ``boshpana×2`` (two instances),
        ``echo`` (256), ``echo-seq``, ``echo-8``."""
        if self.kind == "boshpana" and self.instances > 1:
            return f"boshpana×{self.instances}"
        if self.kind != "echo" or self.concurrency == 256:
            return self.kind
        return "echo-seq" if self.concurrency <= 1 else f"echo-{self.concurrency}"


@dataclass
class RunResult:
    """What one run measured."""

    config: RunConfig
    people_finished: int = 0
    updates: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    """Update queued → the bot's first call for it, seconds."""
    step_latencies: list[float] = field(default_factory=list)
    """Update queued → the call carrying what the person acts on next, seconds."""
    card_latencies: list[float] = field(default_factory=list)
    cards_missing: int = 0
    relay_latencies: list[float] = field(default_factory=list)
    """A consenting person's message to their lawyer pushed → relayed to the lawyer, seconds."""
    relays_missing: int = 0
    """Consenting people whose message did not reach a lawyer (or who never wrote one)."""
    bot_cpu: float = 0.0
    """CPU seconds of the bot's processes during the load (summed over instances)."""
    bot_rss_ready: int = 0
    bot_peak_rss: int = 0
    """Peak RSS in bytes, summed over instances."""
    instance_peak_rss: list[int] = field(default_factory=list)
    """Each instance's peak RSS in bytes (several instances only)."""
    instance_posts: list[int] = field(default_factory=list)
    """Updates the balancer posted to each instance over the whole run, the lawyers' and
    consenting people's set-up and retries included (several instances only)."""
    load_cpu: float = 0.0
    """CPU seconds of this process (emulator + people) during the load."""
    calls: int = 0
    threads: dict[str, float] = field(default_factory=dict)
    """The bot's CPU seconds by thread during the load (``main`` is the event loop; with
    several instances prefixed by the instance's number, ``2:main``)."""
    violations: list[str] = field(default_factory=list)
    errors: int = 0

    @property
    def updates_per_second(self) -> float:
        """Updates the bot answered per second of load."""
        return self.updates / self.seconds if self.seconds else 0.0

    @property
    def cpu_per_update(self) -> float:
        """The bot's CPU seconds (every instance's) per answered update."""
        return self.bot_cpu / self.updates if self.updates else 0.0


def proc_cpu(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` (Linux ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def thread_cpu(pid: int) -> dict[str, float]:
    """CPU seconds of each thread of process ``pid`` so far, summed by thread name."""
    totals: dict[str, float] = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):
            name = (task / "comm").read_text().strip()
            fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
            seconds = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
            key = "main" if task.name == str(pid) else name
            totals[key] = totals.get(key, 0.0) + seconds
    return totals


def proc_memory(pid: int) -> tuple[int, int]:
    """``(VmRSS, VmHWM)`` of process ``pid`` in bytes: resident now and at its peak."""
    values: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            values[name] = int(rest.split()[0]) * 1024
    return values["VmRSS"], values["VmHWM"]


def self_cpu() -> float:
    """User + system CPU seconds of this process."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


@contextlib.asynccontextmanager
async def database(config: RunConfig, data_dir: Path) -> AsyncIterator[str]:
    """A fresh, migrated database URL for one run; a PostgreSQL database is dropped after."""
    from store import upgrade

    if config.db == "sqlite":
        url = f"sqlite+aiosqlite:///{data_dir / 'bench.sqlite3'}"
        await upgrade(url)
        yield url
        return
    import asyncpg  # type: ignore[import-untyped]

    name = f"bench_{secrets.token_hex(4)}"
    admin_dsn = config.pg_url.replace("+asyncpg", "")
    admin = await asyncpg.connect(admin_dsn)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        url = config.pg_url.rsplit("/", 1)[0] + f"/{name}"
        try:
            await upgrade(url)
            yield url
        finally:
            await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    finally:
        await admin.close()


async def register_lawyers(url: str, secret: str, count: int) -> None:
    """Register ``count`` lawyers directly in the store, as ``boshpana lawyers add`` does."""
    from store import Database, Keyring

    db = Database(url, Keyring.from_secret(secret))
    try:
        async with db.transaction() as tx:
            for number, telegram_id in enumerate(LAWYER_IDS[:count], start=1):
                await tx.lawyers.add(telegram_id, f"Lawyer {number}", "en", False)
    finally:
        await db.dispose()


def bot_command(config: RunConfig, emulator: BotApiEmulator, instance: int = 0) -> list[str]:
    """The command line of the bot's process (``instance``: 1, 2, ... for webhook instances)."""
    command = [sys.executable, "-m", "bench.bot_process", "--kind", config.kind]
    if config.kind == "echo":
        command += ["--api-url", emulator.url, f"--concurrency={config.concurrency}"]
        command += [f"--experiment={name}" for name in config.echo_experiments]
    else:
        command += [f"--experiment={name}" for name in config.experiments]
    if instance:
        command.append("--webhook")
    if config.profile_dir is not None:
        name = f"{config.label}-{config.db}-{config.latency * 1000:.0f}ms-{config.people}"
        name += f"-{instance}.prof" if instance else ".prof"
        command += ["--profile", str(config.profile_dir.resolve() / name)]
    return command


async def _spawn(command: list[str], env: dict[str, str], log: Path) -> asyncio.subprocess.Process:
    with log.open("wb") as sink:
        return await asyncio.create_subprocess_exec(
            *command, env={**os.environ, **env}, stdout=sink, stderr=sink
        )


async def _not_started(
    what: str, processes: list[asyncio.subprocess.Process], logs: list[Path]
) -> RuntimeError:
    """Kill ``processes``; the error to raise, with their logs."""
    for process in processes:
        if process.returncode is None:
            process.kill()
        await process.wait()
    output = "\n".join([await asyncio.to_thread(log.read_text) for log in logs])
    return RuntimeError(f"the {what} did not start:\n{output}")


async def start_bot(
    config: RunConfig, emulator: BotApiEmulator, env: dict[str, str], log: Path
) -> asyncio.subprocess.Process:
    """Start the bot process and wait until it polls the emulator."""
    process = await _spawn(bot_command(config, emulator), env, log)
    try:
        await emulator.wait_for("getUpdates", timeout=READY_TIMEOUT, after=0)
    except AssertionError:
        raise await _not_started(f"{config.kind} bot", [process], [log]) from None
    return process


@dataclass
class Bots:
    """The bot's running processes and, with several instances, the balancer before them."""

    processes: list[asyncio.subprocess.Process]
    balancer: RoundRobin | None = None

    async def stop(self) -> None:
        """Stop every process (in parallel), then the balancer."""
        await asyncio.gather(*(stop_bot(process) for process in self.processes))
        if self.balancer is not None:
            await self.balancer.stop()


async def start_bots(
    config: RunConfig, emulator: BotApiEmulator, env: dict[str, str], data_dir: Path
) -> Bots:
    """Start the bot: one polling process, or ``config.instances`` webhook instances.

    The instances share ``env`` (one database and key), each with its own port and data
    folder; each registers the balancer's URL (the emulator keeps one webhook: the same).
    Ready once every instance has called ``setWebhook`` (it listens before it registers).
    """
    if config.instances <= 1:
        return Bots([await start_bot(config, emulator, env, data_dir / f"{config.kind}.log")])
    ports = [free_port() for _ in range(config.instances)]
    balancer = RoundRobin([f"http://127.0.0.1:{port}/telegram" for port in ports])
    await balancer.start()
    bots = Bots([], balancer)
    logs: list[Path] = []
    webhook = {
        "BOSHPANA_WEBHOOK_URL": balancer.url,
        "BOSHPANA_WEBHOOK_SECRET": secrets.token_urlsafe(24),
        "BOSHPANA_LISTEN": "127.0.0.1",
    }
    try:
        after = emulator.mark()
        for number, port in enumerate(ports, start=1):
            folder = data_dir / f"instance-{number}"
            folder.mkdir()
            instance_env = {
                **env,
                **webhook,
                "BOSHPANA_PORT": str(port),
                "BOSHPANA_DATA_DIR": str(folder),
            }
            logs.append(data_dir / f"{config.kind}-{number}.log")
            command = bot_command(config, emulator, number)
            bots.processes.append(await _spawn(command, instance_env, logs[-1]))
        for _ in ports:
            call = await emulator.wait_for("setWebhook", timeout=READY_TIMEOUT, after=after)
            after = emulator.calls.index(call) + 1
    except AssertionError:
        await balancer.stop()
        what = f"{config.instances} {config.kind} instances"
        raise await _not_started(what, bots.processes, logs) from None
    except BaseException:
        await bots.stop()
        raise
    return bots


async def stop_bot(process: asyncio.subprocess.Process) -> None:
    """SIGTERM, then wait (kill after a while)."""
    if process.returncode is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        await asyncio.wait_for(process.wait(), 20)
    except TimeoutError:
        process.kill()
        await process.wait()


async def ready_lawyers(observer: Observer, emulator: BotApiEmulator, count: int) -> list[SimUser]:
    """Each lawyer opens the bot and goes on duty; returns them."""
    users = []
    for telegram_id in LAWYER_IDS[:count]:
        user = emulator.user(telegram_id, f"Lawyer{telegram_id}", language_code="en")
        users.append(user)
        inbox = observer.inbox(telegram_id)
        for text in ("/start", "/duty on"):
            observer.push_text(user, text)
            call = await asyncio.wait_for(inbox.calls.get(), 30)
            while call.method != "sendMessage":
                call = await asyncio.wait_for(inbox.calls.get(), 30)
        await emulator.wait_idle(quiet=0.2, timeout=30)
    return users


def people_plan(config: RunConfig) -> list[bool]:
    """Who answers urgent: ``urgent_share`` of the people, spread at random (seeded)."""
    urgent = round(config.people * config.urgent_share)
    plan = [True] * urgent + [False] * (config.people - urgent)
    random.Random(config.seed).shuffle(plan)
    return plan


async def run(config: RunConfig, work_dir: Path | None = None) -> RunResult:
    """Run one bot under ``config`` and measure it."""
    if config.instances > 1 and (config.kind != "boshpana" or config.db != "postgres"):
        raise ValueError("several instances are Boshpana's, on PostgreSQL")
    result = RunResult(config)
    with tempfile.TemporaryDirectory(prefix="bench-", dir=work_dir) as tmp:
        data_dir = Path(tmp)
        emulator = BotApiEmulator(strict=False, latency=config.latency)
        await emulator.start()
        try:
            if config.kind == "echo":
                await _measure(config, emulator, {}, data_dir, result)
            else:
                secret = _secret()
                async with database(config, data_dir) as url:
                    await register_lawyers(url, secret, config.lawyers)
                    env = {
                        "TELEGRAM_BOT_TOKEN": TOKEN,
                        "TELEGRAM_API_URL": emulator.base_url,
                        "DATABASE_URL": url,
                        "BOSHPANA_DATA_DIR": str(data_dir),
                        "BOSHPANA_SECRET_KEY": secret,
                        "BOSHPANA_OPERATOR": "Bench NGO",
                    }
                    await _measure(config, emulator, env, data_dir, result)
        finally:
            await emulator.stop()
        result.violations = sorted(set(emulator.violations))
    return result


def _secret() -> str:
    from store import generate_secret

    return generate_secret()


async def _measure(
    config: RunConfig,
    emulator: BotApiEmulator,
    env: dict[str, str],
    data_dir: Path,
    result: RunResult,
) -> None:
    boshpana = config.kind == "boshpana"
    lawyers = config.lawyers if boshpana else 0
    observer = Observer(emulator, frozenset(LAWYER_IDS[:lawyers]))
    bots = await start_bots(config, emulator, env, data_dir)
    pids = [process.pid for process in bots.processes]
    consent = asyncio.Event()
    consenting: list[asyncio.Task[Outcome]] = []
    helpers: list[asyncio.Task[None]] = []
    """The lawyers taking cases, and the consenting people writing to them once taken."""
    try:
        if boshpana and lawyers:
            on_duty = await ready_lawyers(observer, emulator, lawyers)
            helpers += [asyncio.create_task(take_cases(observer, user)) for user in on_duty]
        if boshpana and config.consenting:
            consenting, relaying = await _up_to_consent(config, observer, emulator, consent)
            helpers += relaying
        await emulator.wait_idle(quiet=0.3, timeout=30)
        result.bot_rss_ready = sum(proc_memory(pid)[0] for pid in pids)
        observer.steps.clear()
        calls_before = observer.calls
        cpu_before, load_cpu_before = sum(proc_cpu(pid) for pid in pids), self_cpu()
        threads_before = _threads(pids)
        started = time.time()
        deadline = time.monotonic() + config.max_seconds
        sessions = []
        for number, urgent in enumerate(people_plan(config)):
            user = emulator.user(FIRST_PERSON_ID + number, f"P{number}", language_code="uz")
            if boshpana:
                sessions.append(interview(observer, user, urgent, deadline))
            else:
                updates = URGENT_STEPS if urgent else LOW_STEPS
                sessions.append(echo_session(observer, user, updates, deadline))
        releaser = asyncio.create_task(_consent_later(consent, config.max_seconds * CONSENT_AFTER))
        outcomes: list[Outcome] = await asyncio.gather(*sessions)
        releaser.cancel()
        consent.set()  # the load ended before the planned moment: consent now
        urgent_outcomes = [await task for task in consenting]
        answered = [s for s in observer.steps if s.answered is not None]
        last = max((s.answered for s in answered if s.answered), default=started)
        result.seconds = max(last - started, 1e-9)
        result.bot_cpu = sum(proc_cpu(pid) for pid in pids) - cpu_before
        result.threads = {
            name: round(seconds - threads_before.get(name, 0.0), 2)
            for name, seconds in _threads(pids).items()
        }
        result.load_cpu = self_cpu() - load_cpu_before
        result.calls = observer.calls - calls_before
        await _collect_cards(observer, outcomes + urgent_outcomes, result)
        await _collect_relays(observer, urgent_outcomes, result)
        peaks = [proc_memory(pid)[1] for pid in pids]
        result.bot_peak_rss = sum(peaks)
        if bots.balancer is not None:
            result.instance_peak_rss = peaks
            result.instance_posts = list(bots.balancer.posted)
    finally:
        consent.set()
        for task in [*consenting, *helpers]:
            task.cancel()
        await asyncio.gather(*consenting, *helpers, return_exceptions=True)
        await bots.stop()
    _collect_steps(observer.steps, outcomes, result)


def _threads(pids: list[int]) -> dict[str, float]:
    """CPU seconds by thread of one process, or of several with ``<instance>:`` before names."""
    if len(pids) == 1:
        return thread_cpu(pids[0])
    return {
        f"{number}:{name}": seconds
        for number, pid in enumerate(pids, start=1)
        for name, seconds in thread_cpu(pid).items()
    }


async def _up_to_consent(
    config: RunConfig, observer: Observer, emulator: BotApiEmulator, consent: asyncio.Event
) -> tuple[list[asyncio.Task[Outcome]], list[asyncio.Task[None]]]:
    """The consenting people answer every question now, and wait at the consent button.

    Returns their interviews, and what each does once the interview is over: write to
    their lawyer when told the case was taken."""
    deadline = time.monotonic() + READY_TIMEOUT + config.max_seconds + CARD_GRACE
    waiting: list[asyncio.Event] = []
    tasks = []
    relaying = []
    for number in range(config.consenting):
        user = emulator.user(FIRST_CONSENTING_ID + number, f"U{number}", language_code="uz")
        ready = asyncio.Event()
        waiting.append(ready)
        task = asyncio.create_task(interview(observer, user, True, deadline, (ready, consent)))
        tasks.append(task)
        relaying.append(asyncio.create_task(_relay_once_taken(observer, user, task, deadline)))
    await asyncio.wait_for(asyncio.gather(*(ready.wait() for ready in waiting)), READY_TIMEOUT)
    return tasks, relaying


async def _relay_once_taken(
    observer: Observer, user: SimUser, consenting: asyncio.Task[Outcome], deadline: float
) -> None:
    """Once ``user`` has their case number, they write to their lawyer when told the case
    was taken (until ``deadline``, ``time.monotonic()``)."""
    outcome = await consenting
    if outcome.case_number is not None:
        await write_to_lawyer(observer, user, outcome, deadline)


async def _consent_later(consent: asyncio.Event, after: float) -> None:
    """Let the consenting people press Consent once the load has run for ``after`` seconds."""
    await asyncio.sleep(after)
    consent.set()


def _collect_steps(steps: list[Step], outcomes: list[Outcome], result: RunResult) -> None:
    result.updates = sum(1 for s in steps if s.answered is not None)
    result.latencies = sorted(s.first_reply - s.pushed for s in steps if s.first_reply)
    result.step_latencies = sorted(s.answered - s.pushed for s in steps if s.answered)
    result.people_finished = sum(o.finished for o in outcomes)
    result.errors = sum(o.error is not None for o in outcomes)


async def _collect_cards(observer: Observer, outcomes: list[Outcome], result: RunResult) -> None:
    cases = [(o.case_number, o.consented_at) for o in outcomes if o.case_number and o.consented_at]
    deadline = time.monotonic() + CARD_GRACE
    while any(n not in observer.cards for n, _ in cases) and time.monotonic() < deadline:
        observer.card_seen.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(observer.card_seen.wait(), deadline - time.monotonic())
    result.card_latencies = sorted(observer.cards[n] - t for n, t in cases if n in observer.cards)
    result.cards_missing = sum(n not in observer.cards for n, _ in cases)


async def _collect_relays(observer: Observer, outcomes: list[Outcome], result: RunResult) -> None:
    """Each consenting person's relay latency; waits at most :data:`CARD_GRACE` for the rest."""
    deadline = time.monotonic() + CARD_GRACE
    markers = [f"relay-{FIRST_CONSENTING_ID + number}" for number in range(len(outcomes))]
    while any(m not in observer.relays for m in markers) and time.monotonic() < deadline:
        observer.relay_seen.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(observer.relay_seen.wait(), deadline - time.monotonic())
    result.relay_latencies = sorted(
        observer.relays[o.relay_marker] - o.relay_pushed
        for o in outcomes
        if o.relay_marker in observer.relays and o.relay_pushed is not None
    )
    result.relays_missing = len(outcomes) - len(result.relay_latencies)
