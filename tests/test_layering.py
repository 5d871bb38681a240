"""The layers stay apart: flows/ is pure, store/ knows nothing above it, bot/ stores via store/.

Read from the source with ``ast``, so nothing is imported and no import side effect hides a
dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

IO_LIBRARIES = {
    "aiofiles",
    "aiohttp",
    "aiosqlite",
    "asyncpg",
    "http",
    "httpx",
    "io",
    "os",
    "pathlib",
    "requests",
    "shutil",
    "socket",
    "sqlite3",
    "subprocess",
    "tempfile",
    "time",
    "urllib",
}
FORBIDDEN = {
    "flows": {"telegram", "sqlalchemy", "alembic", "store", "bot", "emulator", *IO_LIBRARIES},
    "store": {"telegram", "bot", "flows", "emulator"},
    "bot": {"sqlalchemy", "alembic", "aiosqlite", "asyncpg"},
}
"""Top-level modules each layer must not import (``asyncio`` is fine everywhere)."""


def sources(layer: str) -> list[Path]:
    return sorted((ROOT / layer).rglob("*.py"))


def files_of(*layers: str) -> list[object]:
    return [
        pytest.param(layer, path, id=str(path.relative_to(ROOT)))
        for layer in layers
        for path in sources(layer)
    ]


def tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def imported_roots(layer: str, path: Path) -> set[str]:
    """The top-level modules a file imports; relative imports stay inside ``layer``."""
    roots: set[str] = set()
    for node in ast.walk(tree(path)):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            roots.add(layer if node.level else (node.module or "").split(".")[0])
    return roots


@pytest.mark.parametrize(("layer", "path"), files_of(*FORBIDDEN))
def test_layer_does_not_import_what_it_must_not(layer: str, path: Path) -> None:
    assert not imported_roots(layer, path) & FORBIDDEN[layer]


def test_layers_are_found() -> None:
    assert sources("flows"), "flows/ has no Python files: is ROOT right?"


CLOCKS = {"date", "datetime", "time"}
CLOCK_READS = {"now", "today", "utcnow", "time", "monotonic"}


def impurities(path: Path) -> list[str]:
    """Every file opening or clock reading in a module, as ``line: what``."""
    found = []
    for node in ast.walk(tree(path)):
        if isinstance(node, ast.Name) and node.id == "open":
            found.append(f"{node.lineno}: open")
        elif isinstance(node, ast.Attribute) and node.attr in CLOCK_READS:
            base = node.value
            name = base.id if isinstance(base, ast.Name) else getattr(base, "attr", None)
            if name in CLOCKS:
                found.append(f"{node.lineno}: {name}.{node.attr}")
    return found


@pytest.mark.parametrize(("layer", "path"), files_of("flows"))
def test_flows_module_reads_no_clock_and_opens_no_file(layer: str, path: Path) -> None:
    assert impurities(path) == []


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("today = date.today()", ["1: date.today"]),
        ("now = datetime.datetime.now(tz)", ["1: datetime.now"]),
        ("with open(name) as f: pass", ["1: open"]),
        ("day = ctx.today", []),
    ],
)
def test_impurity_finder_sees_clocks_and_files(
    tmp_path: Path, source: str, found: list[str]
) -> None:
    module = tmp_path / "module.py"
    module.write_text(source, encoding="utf-8")
    assert impurities(module) == found


@pytest.mark.parametrize(
    ("source", "roots"),
    [
        ("from telegram.ext import Application", {"telegram"}),
        ("import sqlalchemy.orm as orm", {"sqlalchemy"}),
        ("from . import crypto", {"store"}),
        ("from .models import Case", {"store"}),
    ],
)
def test_import_finder_sees_absolute_and_relative_imports(
    tmp_path: Path, source: str, roots: set[str]
) -> None:
    module = tmp_path / "module.py"
    module.write_text(source, encoding="utf-8")
    assert imported_roots("store", module) == roots


BOT_PARTS: dict[str, set[str]] = {
    "core": set(),
    "outbox": {"core"},
    "cases": {"core", "outbox"},
    "person": {"core", "outbox", "cases"},
    "desk": {"core", "outbox", "cases"},
    "delivery": {"core", "outbox", "cases", "person", "desk"},
    "serving": {"core", "outbox", "cases", "person", "desk", "delivery"},
    "translating": {"core", "outbox", "cases", "person", "desk"},
    "cli": {"core", "outbox", "cases", "person", "desk", "delivery", "serving", "translating"},
}
"""Which parts of bot/ each part may import (each package's docstring says the same)."""


def bot_parts_imported(path: Path) -> set[str]:
    """The parts of bot/ a module imports (``bot.X`` or ``from bot import X``)."""
    parts: set[str] = set()
    for node in ast.walk(tree(path)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and not node.level:
            module = node.module or ""
            names = [f"{module}.{alias.name}" for alias in node.names]
        for name in names:
            pieces = name.split(".")
            if pieces[0] == "bot" and len(pieces) > 1:
                parts.add(pieces[1])
    return parts


def bot_files() -> list[object]:
    return [
        pytest.param(path.relative_to(ROOT / "bot").parts[0], path, id=str(path.relative_to(ROOT)))
        for path in sources("bot")
        if len(path.relative_to(ROOT / "bot").parts) > 1
    ]


@pytest.mark.parametrize(("part", "path"), bot_files())
def test_bot_part_imports_only_the_parts_below_it(part: str, path: Path) -> None:
    assert part in BOT_PARTS, f"bot/{part}/ is not a known part: add it to BOT_PARTS"
    assert bot_parts_imported(path) - {part} <= BOT_PARTS[part]


def test_bot_has_no_modules_outside_its_parts() -> None:
    assert [p.name for p in (ROOT / "bot").glob("*.py")] == ["__init__.py"]
