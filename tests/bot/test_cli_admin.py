"""The operator's commands: purge, keys generate and rotate, lawyers, refusing a missing key."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.core.config import Settings
from bot.serving.runtime import key_file, services
from store import Keyring


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("BOSHPANA_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("BOSHPANA_SECRET_KEY", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return tmp_path


async def save_conversation(settings: Settings, telegram_id: int) -> None:
    async with services(settings, lambda _: None) as shared, shared.db.transaction() as tx:
        await tx.conversations.save(shared.keyring.user_key(telegram_id), telegram_id, {"x": 1}, 0)


async def load_conversation(settings: Settings, telegram_id: int) -> dict[str, object] | None:
    async with services(settings, lambda _: None) as shared, shared.db.transaction() as tx:
        stored = await tx.conversations.load(shared.keyring.user_key(telegram_id))
    return None if stored is None else stored.state


def test_rotation_replaces_the_quick_start_key_and_keeps_the_data(data_dir: Path) -> None:
    settings = Settings()
    asyncio.run(save_conversation(settings, 4242))
    old = key_file(settings).read_text()
    assert main(["keys", "rotate"]) == 0
    new = key_file(settings).read_text()
    assert new != old and "," not in new, "only the new key is left"
    assert key_file(settings).stat().st_mode & 0o777 == 0o600
    assert asyncio.run(load_conversation(Settings(), 4242)) == {"x": 1}
    assert Keyring.from_secret(new).user_key(4242) != Keyring.from_secret(old).user_key(4242)


def test_purge_runs_and_reports(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["purge"]) == 0
    assert "Purged 0 inactive interviews" in capsys.readouterr().out


def test_generated_key_is_usable(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["keys", "generate"]) == 0
    Keyring.from_secret(capsys.readouterr().out.strip())


def test_server_database_without_a_key_is_refused(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
    assert main(["purge"]) == 2
    assert "BOSHPANA_SECRET_KEY is not set" in capsys.readouterr().err
    assert not key_file(Settings()).exists()
