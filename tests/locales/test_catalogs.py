"""Every shipped catalog is complete, current and valid for translators' own tools."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from bot.core.i18n import LANGUAGES, LOCALES_DIR
from bot.translating import catalogs

CATALOG_FILES = sorted(LOCALES_DIR.glob("*/LC_MESSAGES/messages.po"))
IDS = [path.parent.parent.name for path in CATALOG_FILES]


def test_the_languages_the_bot_promises_ship() -> None:
    assert set(LANGUAGES) <= set(IDS)


@pytest.mark.parametrize("locale", LANGUAGES)
def test_core_catalog_is_complete_with_nothing_fuzzy(locale: str) -> None:
    po_path = LOCALES_DIR / locale / "LC_MESSAGES" / "messages.po"
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file)
    untranslated = [m.id for m in catalog if m.id and not m.string]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not untranslated, f"untranslated: {untranslated}"
    assert not fuzzy, f"fuzzy: {fuzzy}"
    assert not catalog.fuzzy, "the header is marked fuzzy: the catalog would not be used"


@pytest.mark.parametrize("po_path", CATALOG_FILES, ids=IDS)
def test_gnu_msgfmt_accepts_the_catalog(po_path: Path) -> None:
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "GNU gettext's msgfmt is needed (apt-get install gettext)"
    result = subprocess.run(
        [msgfmt, "--check", "-o", "/dev/null", str(po_path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("po_path", CATALOG_FILES, ids=IDS)
def test_pofilter_finds_nothing(po_path: Path, tmp_path: Path) -> None:
    locale = po_path.parent.parent.name
    report = tmp_path / "report.po"
    tests = ["pythonbraceformat", "printf", "xmltags", "nplurals", "newlines", "variables", "urls"]
    command = [
        sys.executable,
        "-m",
        "translate.filters.pofilter",
        f"--language={locale.split('_')[0]}",
    ]
    command += [arg for test in tests for arg in ("-t", test)]
    command += ["-i", str(po_path), "-o", str(report), "--progress=none"]
    subprocess.run(command, check=True, capture_output=True)
    findings = report.read_text(encoding="utf-8") if report.exists() else ""
    assert "(pofilter)" not in findings, findings


def test_template_and_catalogs_follow_the_code(tmp_path: Path) -> None:
    template = tmp_path / "messages.pot"
    catalogs.extract(template)
    with template.open("rb") as fresh, catalogs.TEMPLATE.open("rb") as committed:
        assert {m.id for m in read_po(fresh)} == {m.id for m in read_po(committed)}, (
            "locales/messages.pot is stale: run `boshpana i18n update`"
        )
    catalogs.update(template, LOCALES_DIR, check=True)  # raises if a catalog lags the code
