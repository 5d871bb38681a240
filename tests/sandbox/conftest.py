"""Fixtures: a sandbox running in this process, and one run as ``boshpana sandbox``."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.cli.sandbox.session import Options, Sandbox
from bot.core.config import Settings

START_TIMEOUT = 60.0
LAUNCH = "import sys; from bot.cli.main import main; sys.exit(main(sys.argv[1:]))"


@pytest.fixture
async def sandbox(tmp_path: Path) -> AsyncIterator[Sandbox]:
    """A started sandbox (real time, Uzbek app language), closed after the test."""
    started = Sandbox(Settings(), tmp_path, Options())
    await started.reset(Options())
    try:
        yield started
    finally:
        await started.close()


@dataclass
class Running:
    """A ``boshpana sandbox`` process: its page's address and its data folder."""

    process: subprocess.Popen[str]
    url: str
    folder: Path

    def stop(self) -> tuple[int, str]:
        """Ctrl+C, as a person stops it; returns the exit status and what it printed last."""
        self.process.send_signal(signal.SIGINT)
        out, _ = self.process.communicate(timeout=START_TIMEOUT)
        return self.process.returncode, out


def start_sandbox(cwd: Path, *args: str) -> Running:
    """Run ``boshpana sandbox --port 0 ARGS`` and wait until it says where it serves."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-c", LAUNCH, "sandbox", "--port", "0", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    watchdog = threading.Timer(START_TIMEOUT, process.kill)
    watchdog.start()
    assert process.stdout is not None
    lines = [process.stdout.readline() for _ in range(2)]
    watchdog.cancel()
    if not lines[0].startswith("Boshpana sandbox: "):
        process.kill()
        rest, _ = process.communicate()
        raise AssertionError(f"the sandbox did not start:\n{''.join(lines)}{rest}")
    url = lines[0].split(": ", 1)[1].strip()
    folder = Path(lines[1].split(": ", 1)[1].strip())
    return Running(process, url, folder)


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    """``boshpana sandbox`` in its own process, for the module's tests."""
    started = start_sandbox(tmp_path_factory.mktemp("sandbox-cwd"))
    try:
        yield started
    finally:
        started.stop()
