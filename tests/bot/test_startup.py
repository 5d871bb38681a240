"""Start-up explains itself: private files, and one clear line when the database is away."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.core.config import Settings
from bot.serving.runtime import StartupError, services
from store import generate_secret


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_the_quick_start_data_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    data = tmp_path / "data"
    settings = Settings(BOSHPANA_DATA_DIR=data)
    async with services(settings, lambda _: None):
        pass
    assert mode(data) == 0o700
    assert mode(data / "boshpana.sqlite3") == 0o600
    assert mode(data / "secret.key") == 0o600
    wal = data / "boshpana.sqlite3-wal"
    assert not wal.exists() or mode(wal) == 0o600


async def test_an_existing_database_file_open_to_others_is_made_private(tmp_path: Path) -> None:
    database = tmp_path / "boshpana.sqlite3"
    database.touch(mode=0o644)
    os.chmod(database, 0o644)
    settings = Settings(BOSHPANA_DATA_DIR=tmp_path)
    async with services(settings, lambda _: None):
        pass
    assert mode(database) == 0o600


async def test_an_unreachable_database_is_one_clear_line(tmp_path: Path) -> None:
    url = f"postgresql+asyncpg://boshpana:hunter2@127.0.0.1:{closed_port()}/boshpana"
    settings = Settings(
        BOSHPANA_DATA_DIR=tmp_path,
        DATABASE_URL=url,
        BOSHPANA_SECRET_KEY=SecretStr(generate_secret()),
    )
    with pytest.raises(StartupError) as raised:
        async with services(settings, lambda _: None):
            pass
    message = str(raised.value)
    assert "Cannot use the database" in message and "DATABASE_URL" in message
    assert "hunter2" not in message, "the password is never shown"
    assert "\n" not in message


async def test_a_data_directory_that_cannot_be_made_is_said_plainly(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("")
    with pytest.raises(StartupError, match="BOSHPANA_DATA_DIR"):
        async with services(Settings(BOSHPANA_DATA_DIR=not_a_folder / "data"), lambda _: None):
            pass


def test_boshpana_run_with_the_database_away_exits_non_zero_with_one_line(
    tmp_path: Path,
) -> None:
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": "123456:TEST",
        "TELEGRAM_API_URL": f"http://127.0.0.1:{closed_port()}/bot",
        "DATABASE_URL": f"postgresql+asyncpg://boshpana@127.0.0.1:{closed_port()}/boshpana",
        "BOSHPANA_SECRET_KEY": generate_secret(),
        "BOSHPANA_DATA_DIR": str(tmp_path),
    }
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from bot.cli.main import main; sys.exit(main())",
            "run",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.strip().startswith("Cannot use the database"), done.stderr
    assert "Traceback" not in done.stderr
