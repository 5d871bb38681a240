"""Nothing heavy on the serving path: what only a draft, a migration, the webhook, the demo or
the sandbox needs is imported where it is used, not when the bot starts.

Each check runs in a fresh interpreter, so what this test process imported does not count.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from store import upgrade

HEAVY = ("docx", "lxml", "alembic", "mako", "pygments", "emulator", "aiohttp")
"""python-docx and lxml (drafts), Alembic with Mako and Pygments (migrations), the emulator
(demo, sandbox) and aiohttp (the webhook server and the sandbox)."""


def loaded_after(code: str) -> list[str]:
    """The heavy top-level modules loaded after running ``code`` in a fresh interpreter."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    modules = set(json.loads(done.stdout.splitlines()[-1]))
    return [name for name in HEAVY if name in modules]


@pytest.mark.parametrize(
    "module", ["bot.cli.main", "bot.serving.serve", "bot.serving.app", "bot.delivery.worker"]
)
def test_the_serving_path_imports_nothing_heavy(module: str) -> None:
    assert loaded_after(f"import {module}") == []


async def test_starting_on_a_current_database_loads_no_alembic(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}"
    await upgrade(url)
    code = (
        "import asyncio\n"
        "from bot.serving.runtime import prepare_database\n"
        f"asyncio.run(prepare_database({url!r}))"
    )
    assert loaded_after(code) == []
