"""Installed as operators install it (``pip install .``: a wheel), Boshpana works in every language.

The wheel is built once per session from a copy of the source tree, without network
(``--no-build-isolation``: the test environment has the build backend) and installed
into a fresh virtual environment outside the source tree. Its dependencies are this
environment's own, without Boshpana itself, so nothing is downloaded; ``pip check``
confirms the wheel's requirements are met. Then ``boshpana run`` starts from an empty
folder against the emulator.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import sys
import sysconfig
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.core.i18n import LANGUAGES, native_name
from bot.person import texts
from emulator import BotApiEmulator, Call
from tests.e2e.harness import CATALOGS, TOKEN, WAIT, Person, labels

ROOT = Path(__file__).resolve().parents[2]
NOT_SOURCE = (".git", ".venv", "build", "dist", "data", "__pycache__", "*.egg-info", ".*_cache")
NOT_DEPENDENCIES = ("boshpana", "pip", "_distutils_hack", "distutils-precedence.pth")
"""This environment's site-packages entries a fresh install must not see."""


def run(*command: str | Path) -> str:
    """Run ``command``; its output (the test fails with it if the command does)."""
    done = subprocess.run([str(part) for part in command], capture_output=True, text=True)
    assert done.returncode == 0, f"{command}: {done.stdout}{done.stderr}"
    return done.stdout


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``boshpana`` command of a wheel installed into a fresh virtual environment."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*NOT_SOURCE))
    pip = (sys.executable, "-m", "pip", "--disable-pip-version-check")
    run(*pip, "wheel", "--quiet", "--no-deps", "--no-index", "--no-build-isolation",
        "--wheel-dir", work / "dist", source)  # fmt: skip
    (wheel,) = (work / "dist").glob("boshpana-*.whl")
    venv = work / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    site = Path(
        run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").strip()
    )
    dependencies = work / "dependencies"
    dependencies.mkdir()
    ours = Path(sysconfig.get_paths()["purelib"])
    for entry in ours.iterdir():
        if not entry.name.lower().startswith(NOT_DEPENDENCIES) and entry.suffix != ".pth":
            (dependencies / entry.name).symlink_to(entry)
    (site / "dependencies.pth").write_text(f"{dependencies}\n")
    run(*pip, "--python", python, "install", "--quiet", "--no-deps", "--no-index", wheel)
    run(*pip, "--python", python, "check")
    where = run(python, "-I", "-c", "import bot, locales; print(bot.__file__, locales.__file__)")
    assert str(ROOT) not in where and all(str(site) in path for path in where.split()), where
    return venv / "bin" / "boshpana"


def descriptions(locale: str) -> list[str]:
    t = CATALOGS.translator(locale)
    return [t.raw(text) for text in texts.COMMANDS.values()]


def menu_in(language_code: str | None) -> Callable[[Call], bool]:
    def published(call: Call) -> bool:
        return "scope" not in call.params and call.params.get("language_code") == language_code

    return published


async def test_the_installed_wheel_serves_every_language(
    installed: Path, emulator: BotApiEmulator, tmp_path: Path
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    unrelated = ("BOSHPANA_", "DATABASE_URL", "TELEGRAM_", "PYTHON")
    env = {key: value for key, value in os.environ.items() if not key.startswith(unrelated)}
    env |= {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": emulator.base_url}
    process = await asyncio.create_subprocess_exec(
        installed,
        "run",
        cwd=empty,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        for language_code, locale in ((None, "en"), ("ru", "ru"), ("uz", "uz_Latn")):
            menu = await emulator.wait_for("setMyCommands", menu_in(language_code), after=0)
            described = [command["description"] for command in menu.params["commands"]]
            assert described == descriptions(locale), locale
        person = Person(emulator, emulator.user(8101, "Wheel", language_code="en"))
        await person.send("/language")
        offered = await person.offered(native_name("uz_Cyrl"))
        shown = next(m for m in person.bot_messages() if m.message_id == offered)
        assert labels(shown) == [native_name(code) for code in LANGUAGES]
        await person.tap(native_name("uz_Cyrl"))
        chat_menu = await emulator.wait_for(
            "setMyCommands", lambda c: "scope" in c.params, after=person.since, timeout=WAIT
        )
        described = [command["description"] for command in chat_menu.params["commands"]]
        assert described == descriptions("uz_Cyrl")
        process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), timeout=WAIT)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode == 0, stderr.decode()
    assert (empty / "data" / "boshpana.sqlite3").is_file(), "migrated from the package data"


@pytest.mark.parametrize(
    ("command", "said"),
    [
        (["db", "revision", "-m", "add something"], "checkout installed with pip install -e ."),
        (["i18n", "update"], "in a source checkout (pip install -e .)"),
    ],
    ids=["db-revision", "i18n-update"],
)
def test_contributor_commands_need_a_checkout_not_an_installation(
    installed: Path, tmp_path: Path, command: list[str], said: str
) -> None:
    done = subprocess.run([installed, *command], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.strip().endswith(said)
    assert "Traceback" not in done.stderr
