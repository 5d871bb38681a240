"""``store`` must not depend on the Telegram library or on the layers above it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import store

FORBIDDEN = {"telegram", "bot", "flows"}
STORE_DIR = Path(store.__file__).parent


def imported_modules(path: Path) -> set[str]:
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module)
    return modules


@pytest.mark.parametrize(
    "path", sorted(STORE_DIR.rglob("*.py")), ids=lambda p: str(p.relative_to(STORE_DIR))
)
def test_store_does_not_import_telegram_bot_or_flows(path: Path) -> None:
    roots = {module.split(".")[0] for module in imported_modules(path)}
    assert not roots & FORBIDDEN
