"""Settings are checked at start: one clear line per wrong value, never a traceback."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.core.config import Settings, SettingsError, load_settings

README = Path(__file__).resolve().parents[2] / "README.md"


def problems(monkeypatch: pytest.MonkeyPatch, **env: str) -> list[str]:
    """The lines :func:`load_settings` reports for ``env`` (none if it is valid)."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    try:
        load_settings()
    except SettingsError as error:
        return error.lines
    return []


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("600", timedelta(minutes=10)),
        (" 90 ", timedelta(seconds=90)),
        ("0.5", timedelta(milliseconds=500)),
        ("00:10:00", timedelta(minutes=10)),
        ("1:30:00", timedelta(hours=1, minutes=30)),
        ("PT10M", timedelta(minutes=10)),
        ("pt1h30m", timedelta(hours=1, minutes=30)),
        ("P1DT2H", timedelta(days=1, hours=2)),
        ("PT0.2S", timedelta(milliseconds=200)),
    ],
)
def test_durations_in_seconds_clock_or_iso_8601(
    monkeypatch: pytest.MonkeyPatch, given: str, expected: timedelta
) -> None:
    monkeypatch.setenv("BOSHPANA_ACK_TIMEOUT", given)
    monkeypatch.setenv("BOSHPANA_FLOOD_WINDOW", given)
    settings = load_settings()
    assert settings.ack_timeout == expected
    assert settings.flood_window == expected.total_seconds()


@pytest.mark.parametrize("given", ["ten", "10m", "-5", "0", "PT0S", "P", "PT", "P1Y", "1:75:00"])
def test_a_wrong_duration_is_one_line_naming_the_setting(
    monkeypatch: pytest.MonkeyPatch, given: str
) -> None:
    (line,) = problems(monkeypatch, BOSHPANA_REPEAT_INTERVAL=given)
    assert line.startswith("BOSHPANA_REPEAT_INTERVAL: ")
    assert "must be longer than zero" in line or "PT10M" in line


def test_every_timer_setting_takes_a_duration(monkeypatch: pytest.MonkeyPatch) -> None:
    names = ["ACK_TIMEOUT", "REPEAT_INTERVAL", "ESCALATION_TICK", "DELIVERY_TICK", "FLOOD_WINDOW"]
    lines = problems(monkeypatch, **{f"BOSHPANA_{name}": "soon" for name in names})
    assert [line.split(":")[0] for line in lines] == [f"BOSHPANA_{name}" for name in names]


def test_time_zone_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOSHPANA_TIMEZONE", "Asia/Tashkent")
    assert load_settings().timezone == "Asia/Tashkent"
    for wrong in ["Europe/Mosow", "../../etc/passwd", "MSK+3"]:
        (line,) = problems(monkeypatch, BOSHPANA_TIMEZONE=wrong)
        assert line.startswith("BOSHPANA_TIMEZONE: ") and "Europe/Moscow" in line


def test_log_levels(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOSHPANA_LOG_LEVEL", "debug")
    assert load_settings().log_level == "DEBUG"
    (line,) = problems(monkeypatch, BOSHPANA_LOG_LEVEL="loud")
    assert line == (
        "BOSHPANA_LOG_LEVEL: 'loud' is not a log level; "
        "use one of DEBUG, INFO, WARNING, ERROR, CRITICAL"
    )


@pytest.mark.parametrize("secret", ["", "has space", "x" * 257, "ünïcode", "semi;colon"])
def test_the_webhook_secret_alphabet(monkeypatch: pytest.MonkeyPatch, secret: str) -> None:
    (line,) = problems(monkeypatch, BOSHPANA_WEBHOOK_SECRET=secret)
    assert line.startswith("BOSHPANA_WEBHOOK_SECRET: must be 1-256 characters of A-Z a-z 0-9 _ -")
    assert secret not in line.split(": ", 1)[1] or not secret


def test_a_good_webhook_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOSHPANA_WEBHOOK_SECRET", "Ab9_-" * 51 + "x")
    secret = load_settings().webhook_secret
    assert secret is not None and len(secret.get_secret_value()) == 256


@pytest.mark.parametrize(("given", "bound"), [("0", "greater than or equal to 1"), ("101", "100")])
def test_webhook_connections_are_the_bot_apis_1_to_100(
    monkeypatch: pytest.MonkeyPatch, given: str, bound: str
) -> None:
    (line,) = problems(monkeypatch, BOSHPANA_WEBHOOK_MAX_CONNECTIONS=given)
    assert line.startswith("BOSHPANA_WEBHOOK_MAX_CONNECTIONS: ") and bound in line
    monkeypatch.setenv("BOSHPANA_WEBHOOK_MAX_CONNECTIONS", "100")
    assert load_settings().webhook_max_connections == 100


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("TELEGRAM_API_URL", "api.telegram.org/bot"),
        ("TELEGRAM_API_URL", "ftp://127.0.0.1:8081/bot"),
        ("BOSHPANA_WEBHOOK_URL", "bot.example.org/telegram"),
        ("BOSHPANA_WEBHOOK_URL", "https:///telegram"),
        ("DATABASE_URL", "postgresql://boshpana@127.0.0.1/boshpana"),
        ("DATABASE_URL", "not a url"),
    ],
)
def test_urls(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    (line,) = problems(monkeypatch, **{name: value})
    assert line.startswith(f"{name}: ")


def test_supported_database_urls(monkeypatch: pytest.MonkeyPatch) -> None:
    for url in ("sqlite+aiosqlite:///data/x.sqlite3", "postgresql+asyncpg://u:p@h:5432/db"):
        monkeypatch.setenv("DATABASE_URL", url)
        assert load_settings().database_url == url


def test_a_malformed_key_is_refused_without_repeating_it(monkeypatch: pytest.MonkeyPatch) -> None:
    (line,) = problems(monkeypatch, BOSHPANA_SECRET_KEY="main:c2VjcmV0LXRvby1zaG9ydA")
    assert line.startswith("BOSHPANA_SECRET_KEY: ") and "boshpana keys generate" in line
    assert "c2VjcmV0" not in line


def test_the_command_line_prints_each_problem_on_one_line_and_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BOSHPANA_ACK_TIMEOUT", "ten minutes")
    monkeypatch.setenv("BOSHPANA_TIMEZONE", "Moscow")
    assert main(["stats"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.splitlines() == [
        "BOSHPANA_TIMEZONE: 'Moscow' is not a time zone name; "
        "use one like Europe/Moscow or Asia/Tashkent",
        "BOSHPANA_ACK_TIMEOUT: 'ten minutes' is not a duration: "
        "use seconds (600), HH:MM:SS (00:10:00) or ISO 8601 (PT10M)",
    ]


def test_every_setting_is_in_the_readmes_table() -> None:
    section = README.read_text(encoding="utf-8").split("## Configuration", 1)[1].split("\n## ")[0]
    first_cells = [line.split("|")[1] for line in section.splitlines() if line.startswith("| `")]
    documented = {name for cell in first_cells for name in re.findall(r"`([A-Z0-9_]+)`", cell)}
    names = {field.alias for field in Settings.model_fields.values()}
    assert names - documented == set(), "settings missing from README's configuration table"
    assert documented - names == set(), "README documents settings that do not exist"
