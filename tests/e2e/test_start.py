"""``boshpana run`` refuses to start with one line saying what to check, never a traceback."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from emulator import BotApiEmulator
from tests.e2e.harness import TOKEN, free_port


async def run(api_url: str, data_dir: Path, **settings: str) -> tuple[int, list[str]]:
    """``boshpana run`` as a process; its exit status and the lines it printed on stderr."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("BOSHPANA_", "DATABASE_"))},
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": api_url,
        "BOSHPANA_DATA_DIR": str(data_dir),
        **settings,
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "import sys; from bot.cli.main import main; sys.exit(main(sys.argv[1:]))",
        "run",
        env=env,
        stderr=asyncio.subprocess.PIPE,
    )
    _, stderr = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode is not None
    return process.returncode, stderr.decode().splitlines()


async def test_an_unreachable_bot_api_is_named(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/bot"
    status, lines = await run(url, tmp_path)
    assert status == 2
    assert lines[-1].startswith(f"Cannot reach the Bot API at {url} (")
    assert lines[-1].endswith("check TELEGRAM_API_URL and the network")
    assert not [line for line in lines if "Traceback" in line]


async def test_a_refused_token_is_named(tmp_path: Path) -> None:
    emulator = BotApiEmulator(token_bot_id=42)  # the token is another bot's
    await emulator.start()
    try:
        status, lines = await run(emulator.base_url, tmp_path)
    finally:
        await emulator.stop()
    assert status == 2
    assert lines[-1] == "Telegram refused TELEGRAM_BOT_TOKEN: copy the token again from @BotFather"
    assert not [line for line in lines if "Traceback" in line or TOKEN in line]


async def test_a_duration_it_cannot_read_is_named(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/bot"
    status, lines = await run(url, tmp_path, BOSHPANA_ACK_TIMEOUT="ten minutes")
    assert status == 2
    assert lines[-1].startswith("BOSHPANA_ACK_TIMEOUT: 'ten minutes' is not a duration")
    assert not [line for line in lines if "Traceback" in line]
